"""`scrplan report` as Word: the .docx read back with python-docx (page, tables, texts,
shading, repeated header, page numbers), and opened by LibreOffice when it is installed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import FIXTURES, ROOT
from scrplan.plan.load import load_plan
from scrplan.plan.model import Plan
from scrplan.plan.query import Filter
from scrplan.report.model import COLUMNS, RAG_FILL, build
from scrplan.report.word import render_docx
from test_report import ALPHA_KEY, HOSTILE, HOSTILE_NOTE

BOARD = FIXTURES / "board"
ALPHA = BOARD / "alpha.yaml"
AS_OF = dt.date(2024, 1, 15)


def word(*paths, keep=None, since=None):
    plans = [load_plan(p).plan for p in paths]
    data = render_docx(build(plans, AS_OF, keep or Filter(include_complete=True), since=since))
    return docx.Document(io.BytesIO(data))


def texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def fill(cell):
    shading = cell._tc.tcPr.find(qn("w:shd"))
    return None if shading is None else shading.get(qn("w:fill"))


def repeats(row):
    trpr = row._tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def actions_table(document):
    """The table of recommendations: its heading row is :data:`COLUMNS`, perhaps without the
    Lead and Target columns when no item has one."""
    return next(t for t in document.tables if texts(t)[0][:2] == list(COLUMNS[:2]))


def test_page_is_a4_landscape_with_page_numbers():
    document = word(ALPHA)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 15
    footer = section.footer.paragraphs[0]
    assert footer.text == "Child A LCSPR action plan, as at 15 January 2024\tPage 1 of 1"
    fields = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert [e.get(qn("w:fldCharType")) for e in footer._p.iter(qn("w:fldChar"))] == [
        "begin",
        "separate",
        "end",
    ] * 2


def test_readable_fonts_and_british_english():
    document = word(ALPHA)
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Arial", Pt(10))
    assert document.styles["Heading 2"].font.name == "Arial"
    lang = normal.element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert document.core_properties.title == "Child A LCSPR action plan"
    assert document.core_properties.author == "scrplan"


def test_title_block():
    document = word(ALPHA)
    assert [p.text for p in document.paragraphs[:6]] == [
        "Child A LCSPR action plan",
        "Partnership: Northshire Safeguarding Children Partnership",
        "Review: Local Child Safeguarding Practice Review",
        "Subject: Child A",
        "As at: 15 January 2024",
        "Items shown: All items, complete ones too",
    ]
    assert document.paragraphs[0].style.name == "Title"


def test_action_table_rows_texts_shading_and_repeated_header():
    table = actions_table(word(ALPHA))
    rows = texts(table)
    assert len(rows) == 8 and all(len(r) == 7 for r in rows)
    assert [r[0] for r in rows[1:]] == ["1", "2", "2.1", "2.2", "3", "4", "5"]
    assert rows[1] == [
        "1",
        "Health visitors did not share concerns with the school.",
        "Seek assurance that health and education share information when a child moves school.",
        "ICB, Education",
        "Mar 2024",
        "20 Nov 2023, ICB: Half the sample audited: early findings shared [DART]."
        "\n1 Sep 2023, ICB: Audit of transfer records started.",
        "Amber",
    ]
    assert rows[5][4] == "30 Jun 2023\nOverdue by 199 days\nNo update since 2 Oct 2023"
    assert rows[3][5] == (
        "Completed 28 Sep 2023. Evidence: Policy v3 approved by the executive on 2023-09-28."
    )
    rag = [(row.cells[6].text, fill(row.cells[6])) for row in table.rows[1:]]
    assert rag == [
        ("Amber", RAG_FILL["amber"]),
        ("Green", RAG_FILL["green"]),
        ("Blue", RAG_FILL["blue"]),
        ("Green", RAG_FILL["green"]),
        ("Red", RAG_FILL["red"]),
        ("Blue", RAG_FILL["blue"]),
        ("Not rated", RAG_FILL["none"]),
    ]
    red_cell = table.rows[5].cells[6]
    assert str(red_cell.paragraphs[0].runs[0].font.color.rgb) == "FFFFFF"
    assert red_cell.paragraphs[0].runs[0].bold
    assert repeats(table.rows[0]) and not repeats(table.rows[1])
    assert all(fill(c) == "D9D9D9" for c in table.rows[0].cells)
    overdue = table.rows[5].cells[4].paragraphs[1].runs[0]
    assert overdue.bold and str(overdue.font.color.rgb) == "C00000"
    widths = [round(c.width.mm) for c in table.rows[1].cells]
    assert sum(widths) == 267  # the page inside its margins


def test_key_is_a_coloured_summary_table():
    document = word(ALPHA)
    key = document.tables[0]
    assert texts(key) == ALPHA_KEY
    assert [fill(row.cells[0]) for row in key.rows[1:6]] == [
        RAG_FILL[c] for c in ("red", "amber", "green", "blue", "none")
    ]
    caption = key._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption.get(qn("w:val")).startswith("RAG key")


def test_several_plans_each_start_a_page_after_the_overall_summary():
    document = word(ALPHA, BOARD / "beta.yaml", since=dt.date(2023, 8, 1))
    overall = document.tables[0]
    assert texts(overall)[0][-1] == "Completed since 1 Aug 2023"
    # Counted by what the levels mean: the plans' keys differ (green is complete in beta).
    assert texts(overall)[-1] == ["Total", "1", "2", "1", "2", "1", "5", "3", "0", "2", "0", "2"]
    assert [fill(c) for c in overall.rows[0].cells[1:6]] == [
        RAG_FILL[c] for c in ("red", "amber", "green", "blue", "none")
    ]
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings] == [
        "Overall summary",
        "Child A LCSPR action plan",
        "Adult B SAR action plan",
    ]
    assert [h.paragraph_format.page_break_before for h in headings] == [None, True, True]
    assert len(document.tables) == 1 + 2 * 2


def test_hostile_text_survives_word_for_word(write):
    path = write(HOSTILE, "hostile.yaml")
    table = actions_table(word(path))
    cells = [c.text for c in table.rows[1].cells]
    assert cells[1] == "<script>alert('x')</script>"
    assert cells[2] == "a | b *c* [link](http://example.org) `code` <img src=x> &lt;b&gt;"
    assert cells[3] == "Police | CID, O'Brien & Co"
    assert cells[5] == f'1 Jun 2023, =HYPERLINK("x"): {HOSTILE_NOTE}'


def test_characters_xml_cannot_hold_are_dropped():
    # A plan file may not hold them (the loader refuses them); a plan a program builds may.
    plan = Plan.model_validate(
        {"title": "bell\a plan", "recommendations": [{"id": 1, "recommendation": "a\x01b"}]}
    )
    plan._file = "plans/bell.yaml"
    data = render_docx(build([plan], AS_OF, Filter(include_complete=True)))
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "bell plan"
    table = actions_table(document)
    assert texts(table)[0] == [c for c in COLUMNS if c not in ("Lead", "Target date")]
    assert table.rows[1].cells[2].text == "ab"


def test_nothing_matches():
    table = actions_table(word(ALPHA, keep=Filter(lead="nobody")))
    assert texts(table)[1:] == [["No items match."] * 7]  # one cell across the row


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui) to open "
    "the Word report",
)
def test_libreoffice_opens_the_word_report(run, tmp_path):
    report = tmp_path / "child-m.docx"
    result = run("report", ROOT / "plans" / "child-m.yaml", "-o", report, "--as-of", "2017-03-31")
    assert result.exit_code == 0, result.output
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "child-m.pdf"
    assert pdf.exists(), "LibreOffice could not convert the report"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Child M SCR - SILP" in text
        assert "Page 1 of" in text  # the footer's fields were filled in
        assert text.count("Progress/Comment") >= 2  # the header row repeated on a new page
