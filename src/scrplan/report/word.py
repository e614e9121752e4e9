"""A board report as a Word document (.docx), with python-docx.

A4 landscape, Arial, the action table's header row repeated on every page, RAG cells filled in
their colour and saying it as a word, overdue items in bold, page numbers in the footer. Only
features that Word and LibreOffice both read are used: cell shading, a repeated header row,
PAGE and NUMPAGES fields, table alternative text.

python-docx (and lxml under it) is imported here only, when a Word report is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from scrplan import __version__
from scrplan.output.blocks import Heading, Page, Para
from scrplan.output.blocks import Table as BlockTable
from scrplan.report.model import (
    COLUMNS,
    RAG_FILL,
    RAG_INK,
    ExtraTable,
    Line,
    Report,
    Section,
    assurance_tables,
    long_date,
    overall_table,
    progress_parts,
    summary_sentence,
    themes_note,
    themes_table,
)

FONT = "Arial"
BODY_PT = 10
TABLE_PT = 9.5
MARGIN = Mm(15)
HEADER_FILL = "D9D9D9"
OVERDUE_INK = RGBColor(0xC0, 0x00, 0x00)
# Ref | Learning | Recommendation | Lead | Target date | Progress/Comment | RAG: 267 mm, the
# width of A4 landscape inside the margins.
ACTION_WIDTHS = (14, 44, 50, 28, 27, 82, 22)
KEY_WIDTHS = (26, 90, 34)
# The tables of items awaiting sign-off, impact reviews due and items closed, by their columns.
EXTRA_WIDTHS = {4: (16, 110, 90, 51), 5: (16, 90, 95, 40, 26)}

# Characters XML 1.0 cannot hold; a plan may contain them through YAML escapes ("\x07").
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can hold: characters XML forbids are dropped."""
    return _NOT_XML.sub("", text)


def render_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    doc = new_word_document()
    _page_setup(doc, report)
    doc.add_paragraph(clean(report.title), style="Title")
    single = len(report.sections) == 1
    details = report.sections[0].details if single else []
    head = [*details, ("As at", long_date(report.as_of))]
    if report.meeting_date:
        head.append(("For the meeting of", long_date(report.meeting_date)))
    _details(doc, [*head, ("Items shown", report.showing)])
    if not single:
        _overall(doc, report)
        _themes(doc, report)
    if report.meeting is not None:
        _meeting(doc, report)
    for section in report.sections:
        _section(doc, section, single)
    if single:
        _themes(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- page, styles, footer ----------------------------------------------------------------------


def _page_setup(doc: WordDocument, report: Report) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    for name, size in (("Normal", BODY_PT), ("Title", 20), ("Heading 1", 15), ("Heading 2", 12)):
        style = doc.styles[name]
        font = style.font
        font.name = FONT
        font.size = Pt(size)
        if name != "Normal":
            font.color.rgb = RGBColor(0, 0, 0)
        # Word picks the font for each script separately; set them all, or headings stay in
        # the template's theme font.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    language = normal.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        normal.append(language)
    language.set(qn("w:val"), "en-GB")  # British spelling for the spelling checker

    props = doc.core_properties
    props.title = clean(report.title)
    props.subject = f"As at {long_date(report.as_of)}"
    props.author = "scrplan"
    props.last_modified_by = "scrplan"
    props.comments = f"Made by scrplan {__version__} from the action plans."
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1

    footer = section.footer.paragraphs[0]
    width = section.page_width - section.left_margin - section.right_margin
    # The template's Footer style has tab stops for a portrait page; the page number goes
    # at the right edge of this one.
    doc.styles["Footer"].paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _run(footer, clean(f"{report.title}, as at {long_date(report.as_of)}\tPage "), size=8)
    _field(footer, "PAGE")
    _run(footer, " of ", size=8)
    _field(footer, "NUMPAGES")
    if report.marking:
        # A protective marking heads and foots every page, as government papers carry it.
        for paragraph in (section.header.paragraphs[0], section.footer.add_paragraph()):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, clean(report.marking), bold=True, size=10)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""

    def mark(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    # begin, the instruction, separate, the value shown until the field is updated, end
    for content in (mark("begin"), code, mark("separate"), None, mark("end")):
        run = paragraph.add_run("1" if content is None else None)
        run.font.size = Pt(8)
        if content is not None:
            run._r.append(content)


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    ink: str | RGBColor | None = None,
) -> None:
    run = paragraph.add_run(clean(text))
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if ink:
        run.font.color.rgb = ink if isinstance(ink, RGBColor) else RGBColor.from_string(ink)


# --- blocks ------------------------------------------------------------------------------------


def _details(doc: WordDocument, pairs: Sequence[tuple[str, str]]) -> None:
    for label, value in pairs:
        para = doc.add_paragraph()
        para.paragraph_format.space_after = Pt(2)
        _run(para, f"{label}: ", bold=True)
        _run(para, value)


def _overall(doc: WordDocument, report: Report) -> None:
    doc.add_paragraph("Overall summary", style="Heading 1")
    overall, done = report.overall[-1]
    doc.add_paragraph(clean(summary_sentence(overall, report.since, done)))
    header, body = overall_table(report)
    table = _table(doc, len(header), "Recommendations by RAG colour, per plan")
    _header_row(table, header, colours=dict(enumerate(report.column_colours, 1)))
    for number, cells in enumerate(body, 1):
        row = _add_row(table)
        for index, text in enumerate(cells):
            _set_text(row.cells[index], text, bold=number == len(body), right=index > 0)
    # Plan, a narrow column per level, then Outstanding, Overdue, Awaiting sign-off,
    # Complete, Closed, Completed since.
    widths = [56, *(16,) * len(report.colours), 24, 19, 22, 20, 17, 30]
    _widths(table, widths[: len(header)])


def _meeting(doc: WordDocument, report: Report) -> None:
    """What moved since the last meeting, then the trend: a chart (a picture drawn by
    matplotlib, with alternative text) and its table."""
    m = report.meeting
    assert m is not None
    doc.add_paragraph("Since the last meeting", style="Heading 1")
    doc.add_paragraph(clean(f"{m.summary} {m.compared}"))
    tables = [m.moved] if m.moved else []
    if m.trend:
        from scrplan.report.trend_chart import png

        picture = doc.add_picture(io.BytesIO(png(m.trend)), width=Mm(240))
        picture._inline.docPr.set("descr", clean(m.chart_text))
        doc.add_paragraph(clean(m.chart_text))
        header, rows = m.trend_table
        tables.append(ExtraTable("Recommendations at the end of each month", tuple(header), rows))
    for extra in tables:
        doc.add_paragraph(extra.title, style="Heading 2")
        small = _table(doc, len(extra.columns), extra.title)
        _header_row(small, list(extra.columns))
        for texts in extra.rows:
            row = _add_row(small)
            for index, text in enumerate(texts):
                _set_text(row.cells[index], clean(text), bold=index == 0)


def _themes(doc: WordDocument, report: Report) -> None:
    """The themes section, when any recommendation has a theme."""
    extra = themes_table(report)
    if extra is None:
        return
    heading = doc.add_paragraph(extra.title, style="Heading 1")
    heading.paragraph_format.page_break_before = len(report.sections) == 1
    doc.add_paragraph(clean(themes_note(report)))
    table = _table(doc, len(extra.columns), "Recommendations by theme")
    _header_row(table, list(extra.columns))
    last = len(extra.columns) - 1
    for texts in extra.rows:
        row = _add_row(table)
        for index, text in enumerate(texts):
            _set_text(row.cells[index], text, bold=index == 0, right=0 < index < last)
    # Theme, Reviews (several plans), Recommendations, Outstanding, Overdue, then the refs in
    # what is left of the 267 mm.
    counts = [20] * (len(extra.columns) - 2)
    _widths(table, [62, *counts, 267 - 62 - sum(counts)])


def _section(doc: WordDocument, section: Section, single: bool) -> None:
    if not single:
        heading = doc.add_paragraph(clean(section.title), style="Heading 1")
        heading.paragraph_format.page_break_before = True  # each plan starts a page
        _details(doc, section.details)
    doc.add_paragraph("RAG key and summary", style="Heading 2")
    key = _table(doc, 3, "RAG key: what each colour means, and how many recommendations have it")
    _header_row(key, ["RAG", "Meaning", "Recommendations"])
    for item in section.key:
        row = _add_row(key)
        _shade(row.cells[0], RAG_FILL[item.colour])
        _set_text(row.cells[0], item.word, bold=True, ink=RAG_INK[item.colour])
        _set_text(row.cells[1], item.meaning)
        _set_text(row.cells[2], str(item.recommendations), right=True)
    total = _add_row(key)
    _set_text(total.cells[0], "Total", bold=True)
    _set_text(total.cells[2], str(section.summary.total), bold=True, right=True)
    _widths(key, KEY_WIDTHS)
    doc.add_paragraph(clean(section.totals)).paragraph_format.space_before = Pt(6)

    doc.add_paragraph("Recommendations and actions", style="Heading 2")
    shown = section.shown
    table = _table(doc, len(shown), f"{section.title}: recommendations and actions")
    _header_row(table, [COLUMNS[i] for i in shown])
    for line in section.lines:
        _action_row(table, line, {column: at for at, column in enumerate(shown)})
    if not section.lines:
        cells = _add_row(table).cells
        merged = cells[0].merge(cells[-1])
        _set_text(merged, "No items match.")
    # A column left out gives its width to the recommendation and the progress.
    spare = sum(w for i, w in enumerate(ACTION_WIDTHS) if i not in shown)
    widths = [ACTION_WIDTHS[i] + (spare / 2 if i in (2, 5) else 0) for i in shown]
    _widths(table, widths)
    for extra in assurance_tables(section):
        doc.add_paragraph(extra.title, style="Heading 2")
        small = _table(doc, len(extra.columns), f"{section.title}: {extra.title.lower()}")
        _header_row(small, list(extra.columns))
        for texts in extra.rows:
            row = _add_row(small)
            for index, text in enumerate(texts):
                _set_text(row.cells[index], clean(text), bold=index == 0)
        _widths(small, EXTRA_WIDTHS[len(extra.columns)])


def _action_row(table: Table, line: Line, at: dict[int, int]) -> None:
    """One line of the action table; ``at`` maps each of :data:`COLUMNS` shown to its place."""
    row = _add_row(table).cells
    cells = {column: row[place] for column, place in at.items()}
    late = bool(line.overdue)
    indent = Mm(3) if line.is_action else None
    _set_text(cells[0], line.ref, bold=late, indent=indent)
    _set_text(cells[1], line.learning)
    _set_text(cells[2], line.text, indent=indent)
    if 3 in cells:
        _set_text(cells[3], line.lead)
    if 4 in cells:
        _set_text(cells[4], line.target)
        if late:
            _run(cells[4].add_paragraph(), line.overdue, bold=True, ink=OVERDUE_INK, size=TABLE_PT)
        if line.stale:
            _run(cells[4].add_paragraph(), line.stale, size=TABLE_PT)
    first = True
    for part in progress_parts(line):
        para = cells[5].paragraphs[0] if first else cells[5].add_paragraph()
        para.paragraph_format.space_after = Pt(3)
        if part.label:
            _run(para, f"{part.label}: ", bold=True, size=TABLE_PT)
        _run(para, part.note, size=TABLE_PT)
        first = False
    _shade(cells[6], RAG_FILL[line.rag])
    _set_text(cells[6], line.rag_word, bold=True, ink=RAG_INK[line.rag], centre=True)


# --- tables ------------------------------------------------------------------------------------


def _table(doc: WordDocument, columns: int, caption: str) -> Table:
    table: Table = doc.add_table(rows=1, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    # Alternative text, read out by screen readers (Word: Table Properties > Alt Text).
    look = table._tbl.tblPr
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), clean(text))
        look.append(element)
    return table


def _add_row(table: Table) -> _Row:
    row: _Row = table.add_row()  # type: ignore[no-untyped-call]  # untyped in python-docx
    return row


def _header_row(table: Table, names: Sequence[str], colours: dict[int, str] | None = None) -> None:
    """The first row: bold on grey (or on the RAG colour of the columns in ``colours``),
    repeated at the top of every page the table runs onto."""
    row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)
    for index, (cell, name) in enumerate(zip(row.cells, names, strict=True)):
        colour = (colours or {}).get(index)
        _shade(cell, RAG_FILL[colour] if colour else HEADER_FILL)
        _set_text(cell, name, bold=True, ink=RAG_INK[colour] if colour else None)


def _widths(table: Table, millimetres: Sequence[float]) -> None:
    """Fixed column widths: Word reads them from the cells, LibreOffice from the grid."""
    for column, width in zip(table.columns, millimetres, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _set_text(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    ink: str | None = None,
    right: bool = False,
    centre: bool = False,
    indent: Length | None = None,
) -> None:
    para = cell.paragraphs[0]
    _run(para, text, bold=bold, ink=ink, size=TABLE_PT)
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif centre:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent is not None:
        para.paragraph_format.left_indent = indent
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _shade(cell: _Cell, fill: str) -> None:
    """Fill a cell with a colour (``C00000``)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties = cell._tc.get_or_add_tcPr()
    # The schema orders a cell's properties; shading comes before these.
    later = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
    following = next((child for child in properties if child.tag in map(qn, later)), None)
    if following is None:
        properties.append(shading)
    else:
        following.addprevious(shading)


# --- a page of blocks (the yearly report) ------------------------------------------------------


def page_docx(page: Page, title: str) -> bytes:
    """A page of headings, paragraphs and tables as a Word document (A4, Arial), in the
    report's own table style: headers shaded and repeated on each page."""
    doc = new_word_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    for name, size in (("Normal", 10), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    props = doc.core_properties
    props.title = clean(title)
    props.author = props.last_modified_by = "scrplan"
    for block in page:
        if isinstance(block, Heading):
            doc.add_paragraph(clean(block.text), style=f"Heading {min(block.level, 3)}")
        elif isinstance(block, Para):
            doc.add_paragraph(clean(block.text))
        elif isinstance(block, BlockTable):
            if block.title:
                doc.add_paragraph(clean(block.title)).runs[0].bold = True
            table = _table(doc, len(block.columns), block.title or title)
            table.autofit = True
            _header_row(table, [c.header for c in block.columns])
            for row in block.rows:
                cells = _add_row(table).cells
                for i, cell in enumerate(row.cells):
                    _set_text(cells[i], clean(cell.text), right=block.columns[i].justify == "right")
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
