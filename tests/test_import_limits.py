"""Hostile files to import: each payload is made here, and refused in plain words before the
work it would cause (or, for ids, imported in steps that grow with the rows, not their square).
"""

from __future__ import annotations

import copy
import io
import zipfile

from scrplan.importer import import_plan
from scrplan.importer.limits import MAX_CELLS, MAX_MERGED_CELLS, MAX_PART_BYTES
from scrplan.importer.table import MAX_ROWS

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Recommendation</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Lead</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Refresh the policy.</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>ICB</t></is></c></row>'
)


def workbook(path, rows=ROWS, after=""):
    """A workbook written by hand, so that nothing builds the payload's cells on the way."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData>{after}</worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def refused(run, path):
    result = run("import", path, "--dry-run")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    return result.stderr


def test_the_hand_made_workbook_imports(run, tmp_path):
    """The payloads below differ from this working file only in the harm they carry."""
    result = run("import", workbook(tmp_path / "plan.xlsx"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Refresh the policy." in result.stdout


def test_a_merged_range_over_the_whole_sheet_is_refused(run, tmp_path):
    path = workbook(
        tmp_path / "merged.xlsx",
        after='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )
    assert path.stat().st_size < 3000
    assert refused(run, path) == (
        f"scrplan: {path}: the worksheet 'Plan' has merged cells over 17,179,869,184 cells "
        "(the range A1:XFD1048576 alone covers 17,179,869,184); scrplan reads worksheets whose "
        f"merged cells cover at most {MAX_MERGED_CELLS:,} (a real action plan is far smaller). "
        "Unmerge the cells (Home, Merge & Center, Unmerge Cells), save, and import again\n"
    )


def test_a_merged_title_row_across_the_sheet_is_read(tmp_path):
    path = workbook(
        tmp_path / "plan.xlsx",
        rows='<row r="1"><c r="A1" t="inlineStr"><is><t>Child Q action plan</t></is></c></row>'
        + ROWS.replace('r="1"', 'r="2"')
        .replace('r="2"><c r="A2"', 'r="3"><c r="A3"')
        .replace('"A1"', '"A2"')
        .replace('"B1"', '"B2"')
        .replace('r="B2" t="inlineStr"><is><t>ICB', 'r="B3" t="inlineStr"><is><t>ICB'),
        after='<mergeCells count="1"><mergeCell ref="A1:XFD1"/></mergeCells>',
    )
    data = import_plan(path, "plans/q.yaml").built.data
    assert data["title"] == "Child Q action plan"
    assert data["recommendations"][0]["lead"] == "ICB"


def test_cells_far_apart_are_refused(run, tmp_path):
    # Two cells, at A1 and XFD2000: openpyxl would make every cell between them.
    path = workbook(
        tmp_path / "far.xlsx",
        rows=ROWS + '<row r="2000"><c r="XFD2000" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    assert refused(run, path) == (
        f"scrplan: {path}: the worksheet 'Plan' spans 2,000 rows by 16,384 columns "
        f"(32,768,000 cells); scrplan reads worksheets of up to {MAX_CELLS:,} cells (a real "
        "action plan is far smaller). Delete the rows and columns past the plan's table (or "
        "copy the table into a new workbook), and import that\n"
    )


def docx_bytes(table_xml_change=None):
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    for c, text in enumerate(["Recommendation", "Lead"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "PAYLOAD"
    table.cell(1, 1).text = "ICB"
    if table_xml_change:
        table_xml_change(table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def prop(tag, value):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def test_a_document_that_unpacks_to_gigabytes_is_refused(run, tmp_path):
    """The part is written in pieces: its unpacked size (just over the limit) is never in
    memory here, and never read by scrplan."""
    size = MAX_PART_BYTES + 2**20
    path = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "word/document.xml":
                archive.writestr(info, data)
                continue
            head, tail = data.split(b"PAYLOAD")
            with archive.open(info.filename, "w") as part:
                part.write(head)
                for _ in range(size // 2**20):
                    part.write(b" " * 2**20)
                part.write(b"x" + tail)
    assert path.stat().st_size < 200_000
    said = refused(run, path)
    assert said.startswith(f"scrplan: {path}: its part word/document.xml unpacks to 26 MB (from ")
    assert said.endswith(
        " KB in the file); scrplan reads parts of up to 25 MB (a real action plan is far "
        "smaller). If the file is a real plan, open it, copy the plan's table into a new file, "
        "and import that\n"
    )


def test_a_cell_spanning_a_million_columns_is_refused(run, tmp_path):
    def span(table):
        table.cell(1, 1)._tc.get_or_add_tcPr().append(prop("w:gridSpan", "1000000"))

    path = tmp_path / "wide.docx"
    path.write_bytes(docx_bytes(span))
    assert "a table cell spans 1,000,000 columns; scrplan reads tables of up to 1,000" in (
        refused(run, path)
    )


def test_a_recommendation_merged_down_many_rows_is_read_in_one_pass(tmp_path):
    """python-docx finds a merged cell's top by walking up a row at a time, recursively:
    a merge down 1,500 rows failed with RecursionError."""
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Recommendation"
    table.cell(0, 1).text = "Action"
    tbl = table._tbl
    template = tbl.tr_lst[0]

    for number in range(1, 1501):
        tr = copy.deepcopy(template)
        first, second = tr.tc_lst
        first.get_or_add_tcPr().append(prop("w:vMerge", "restart" if number == 1 else "continue"))
        for tc, text in (
            (first, "Share risk information." if number == 1 else ""),
            (second, f"Action {number}"),
        ):
            tc.p_lst[0].clear_content()
            if text:
                tc.p_lst[0].add_r().text = text
        tbl.append(tr)
    path = tmp_path / "long.docx"
    doc.save(path)
    recs = import_plan(path, "plans/long.yaml").built.data["recommendations"]
    assert len(recs) == 1
    assert recs[0]["recommendation"] == "Share risk information.\n"
    assert len(recs[0]["actions"]) == 1500
    assert recs[0]["actions"][-1]["action"] == "Action 1500\n"


def test_more_rows_than_the_limit_are_refused(run, write):
    lines = ["Ref,Recommendation"] + [f"{n},Do thing {n}." for n in range(1, MAX_ROWS + 1)]
    path = write("\n".join(lines) + "\n", "big.csv")
    assert refused(run, path) == (
        f"scrplan: {path}: this file has more than 10,000 table rows; scrplan imports at most "
        "10,000 (a real action plan is far smaller). Copy the plan's table into a new file, and "
        "import that\n"
    )


def test_a_text_file_over_the_size_limit_is_refused_unread(run, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 21 MB written
        handle.truncate(21 * 2**20)
    assert refused(run, path) == (
        f"scrplan: {path}: this file is 21 MB; scrplan imports files of up to 20 MB (a real "
        "action plan is far smaller). Copy the plan's table into a new file, and import that\n"
    )


def test_numbers_of_four_digits_and_more_are_ids(tmp_path):
    """Rows after 999 were not read as numbered, and each was given an id one letter longer
    than the last (999a, 999aa...): time and memory that grew with the square of the rows."""
    path = tmp_path / "rows.csv"
    lines = ["Ref,Recommendation"] + [f"{n},Do thing {n}." for n in range(995, 1006)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs = import_plan(path, "plans/rows.yaml").built.data["recommendations"]
    assert [r["id"] for r in recs] == list(range(995, 1006))


def test_rows_with_no_number_get_short_ids_in_order(tmp_path):
    path = tmp_path / "rows.csv"
    lines = ["Ref,Recommendation", "1,The first."] + [f",Unnumbered {n}." for n in range(30)]
    lines += ["2,The second.", ",After the second."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = [r["id"] for r in import_plan(path, "plans/rows.yaml").built.data["recommendations"]]
    assert ids[:4] == [1, "1a", "1b", "1c"]
    assert ids[26:32] == ["1z", "1-27", "1-28", "1-29", "1-30", 2]
    assert ids[-1] == "2a"


def test_a_cell_of_one_passage_written_thousands_of_times_is_one_check(write):
    """Each copy was found by a search from the start and reported as a check of its own:
    time that grew with the square of the words, and thousands of lines of report."""
    path = write("Recommendation\tLead\n" + "a b c d e f g h i j k l " * 5000 + "\tICB\n", "p.txt")
    imported = import_plan(path, "plans/p.yaml")
    rec = imported.built.data["recommendations"][0]
    assert rec["recommendation"] == "a b c d e f g h i j k l\n"
    repeats = [c.message for _, c in imported.checks if "written again" in c.message]
    assert repeats == [
        "4999 passages of 12 words were each written again in the source (as PDF extraction "
        'sometimes does); the copies were left out. The first begins "a b c d e f g h ..." '
        "(source: line 2)"
    ]


def test_a_workbook_of_more_rows_than_the_limit_is_refused_before_reading(run, tmp_path):
    rows = ROWS + "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(3, MAX_ROWS + 3)
    )
    path = workbook(tmp_path / "rows.xlsx", rows=rows)
    assert refused(run, path) == (
        f"scrplan: {path}: this file has more than 10,000 table rows; scrplan imports at most "
        "10,000 (a real action plan is far smaller). Copy the plan's table into a new file, and "
        "import that\n"
    )


def test_rows_that_only_carry_a_format_do_not_count(tmp_path):
    rows = ROWS + "".join(
        f'<row r="{r}" ht="15" customHeight="1"></row>' for r in range(3, MAX_ROWS + 3)
    )
    path = workbook(tmp_path / "formatted.xlsx", rows=rows)
    assert len(import_plan(path, "plans/f.yaml").built.data["recommendations"]) == 1
