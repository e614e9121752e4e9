"""An update request as a Word form, for agencies that prefer Word, and a filled-in one read back.

The same request as the workbook (:mod:`.workbook`): a table at the top for the agency and the
date of the return, the instructions, then a table for each item, its first rows showing what
the plan says (grey) and its last rows for the agency's answers (yellow). The record of where
each item came from (:mod:`.record`) is kept at the end as hidden text, which Word and
LibreOffice keep when the file is saved. Word cells hold only text, so every value is read as
text (:mod:`.values`). python-docx is imported only here and in the board report.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from scrplan.errors import ScrplanError
from scrplan.returns.record import (
    DamagedReturn,
    ReturnCell,
    ReturnForm,
    ReturnRecord,
    ReturnRow,
    read_record,
)
from scrplan.returns.request import FILLED, SHOWN, UpdateRequest, level_names, shown
from scrplan.returns.values import clean, shown_date

MARK = "scrplan-return:"
"""What starts each hidden paragraph of the record."""
RETURN_DATE = "Date of this return"
GREY, YELLOW = "F2F2F2", "FFF7D6"


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _label(key: str, plan_levels: list[str]) -> str:
    header = next(c.header for c in (*SHOWN, *FILLED) if c.key == key)
    if key == "new_rag":
        return f"{header} (one of: {', '.join(plan_levels)})"
    return header


def write_wordform(request: UpdateRequest, record: ReturnRecord) -> bytes:
    """The request as a ``.docx`` form's bytes."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.core_properties.author = "scrplan"
    document.core_properties.title = f"Update request: {request.lead.label}"
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    lead, due = request.lead, request.due
    document.add_heading(f"Update request for {lead.label}", level=1)
    if request.partnership:
        document.add_paragraph(f"From {request.partnership}")
    top = document.add_table(rows=0, cols=2)
    top.style = "Table Grid"
    pairs = [
        ("Agency", lead.label),
        ("Contact", ", ".join(x for x in (lead.contact, lead.email) if x)),
        ("Requested on", shown_date(request.requested)),
        ("Please return by", f"{due.strftime('%A')} {shown_date(due)}"),
        (RETURN_DATE, ""),
    ]
    for label, value in pairs:
        cells = top.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
        if label == RETURN_DATE:
            _shade(cells[1], YELLOW)
    document.add_heading("How to fill it in", level=2)
    for step in (
        f"There is a table below for each of the {len(request.items)} items your agency leads "
        "that is outstanding or needs evidence. The grey rows say what the plan says now and "
        "what is asked of you.",
        "Write your update in the yellow rows only: a progress note, the new RAG (one of the "
        "levels named in its row), the evidence if the work is done, the date it was "
        "completed, and, if the target date must move, the new date and the reason.",
        "Leave a row empty to change nothing. Write dates as 31/03/2024. A note that starts "
        "with a date (12/05/2024: ...) is dated that day; otherwise it is dated the day of "
        "this return.",
        "Please do not add or remove tables or rows, or change the grey rows: each table is "
        "checked against the plan when the return comes back.",
        f"Write the date of your return in the table above, save the document as a Word "
        f"document (.docx), and send it back by {shown_date(due)}.",
    ):
        document.add_paragraph(step, style="List Number")
    for row in request.items:
        texts = shown(row)
        levels = level_names(row.plan)
        document.add_heading(f"{row.ref}: {row.plan.title}", level=3)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for column in SHOWN:
            cells = table.add_row().cells
            cells[0].text = column.header
            cells[1].text = texts[column.key]
            _shade(cells[0], GREY)
            _shade(cells[1], GREY)
        for column in FILLED:
            cells = table.add_row().cells
            cells[0].text = _label(column.key, levels)
            _shade(cells[1], YELLOW)
        for r in table.rows:
            r.cells[0].width, r.cells[1].width = Cm(5), Cm(20)
            r.cells[0].paragraphs[0].runs[0].bold = True
    for data in (record.header(), *(e.record() for e in record.entries.values())):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(MARK + json.dumps(data, ensure_ascii=False))
        run.font.hidden = True
        run.font.size = Pt(6)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(cell: Any) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


def read_wordform(path: Path) -> ReturnForm:
    """A filled-in Word form, read back: its record (checked), and each item's table.

    Raises:
        ScrplanError: it is not a Word document scrplan can read, or not an update request.
        DamagedReturn: its record is missing or damaged.
    """
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    name = str(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, OSError, ValueError) as exc:
        raise ScrplanError(
            f"{name} cannot be read as a Word document ({exc}): save it as a Word document "
            "(.docx) and apply it again"
        ) from None
    parts = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        if text.startswith(MARK):
            try:
                parts.append(json.loads(text[len(MARK) :]))
            except json.JSONDecodeError:
                parts.append(None)
    if not parts:
        raise DamagedReturn(
            f"{name} is not an update request written by scrplan (it has no record of the "
            "request): apply the Word form scrplan request wrote, filled in"
        )
    record = read_record(parts[0], parts[1:], name)
    rows = []
    day = None
    labels = {c.header: c.key for c in (*SHOWN, *FILLED)}
    for number, table in enumerate(document.tables, start=1):
        found: dict[str, tuple[str, str]] = {}
        for table_row in table.rows:
            if len(table_row.cells) < 2:
                continue
            label = clean(_text(table_row.cells[0]))
            value = _text(table_row.cells[1])
            if label == RETURN_DATE:
                day = ReturnCell(value, f"the table at the top, row {RETURN_DATE!r}")
                continue
            short = label.split(" (one of:")[0]
            if short in labels:
                found[labels[short]] = (short, value)
        if "ref" not in found:
            continue
        missing = [c.header for c in (*SHOWN, *FILLED) if c.key not in found]
        if missing:
            raise ScrplanError(
                f"{name}: Word table {number} has no row {missing[0]!r}: use the form as "
                "scrplan wrote it, with its rows as they were"
            )
        ref = clean(found["ref"][1])
        table_name = f"the table for {ref}" if ref else f"Word table {number}"
        cells = {
            key: ReturnCell(value, f"{table_name}, row {label!r}")
            for key, (label, value) in found.items()
        }
        rows.append(
            ReturnRow(
                cells["ref"],
                {c.key: cells[c.key] for c in SHOWN},
                {c.key: cells[c.key] for c in FILLED},
                table_name,
            )
        )
    return ReturnForm(name, record, rows, day)
