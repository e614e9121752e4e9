"""An update request as an Excel workbook, and a filled-in one read back.

Sheets: ``Instructions`` (what to do, in plain words, the due date, the date of the return and
each plan's levels), ``Updates`` (a row per item: the grey columns show the plan and are locked,
the yellow ones are for the agency; a drop-down of the plan's levels; the header frozen and
repeated on each printed page, landscape), and two hidden ones: ``Levels`` (the drop-downs'
lists) and ``scrplan`` (the record of where each row came from, :mod:`.record`). The sheets are
protected without a password: the locked cells are a guide, not a secret, and the record is
what the return is checked against.

Every cell scrplan writes holds a value, never a formula: text that starts with ``=``, ``+``,
``-`` or ``@`` is stored as text and marked so that Excel keeps it text. openpyxl is imported
only here.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scrplan.errors import ScrplanError
from scrplan.returns.record import (
    DamagedReturn,
    ReturnCell,
    ReturnForm,
    ReturnRecord,
    ReturnRow,
    read_record,
)
from scrplan.returns.request import (
    DATE_KEYS,
    FILLED,
    SHOWN,
    UpdateRequest,
    level_names,
    shown,
)
from scrplan.returns.values import clean, shown_date

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

UPDATES = "Updates"
INSTRUCTIONS = "Instructions"
LEVELS = "Levels"
RECORD = "scrplan"
RETURN_DATE_CELL = "B8"
"""Where the agency writes the date of its return, on the Instructions sheet."""

GREY, YELLOW, HEADER_GREY, HEADER_YELLOW = "F2F2F2", "FFF7D6", "D9D9D9", "FFE699"
DATE_FORMAT = "dd/mm/yyyy"
FORMULA_START = ("=", "+", "-", "@")


def _put(cell: Cell | MergedCell, value: Any) -> None:
    """Write ``value`` into ``cell`` as a value: text that a spreadsheet would read as a
    formula is stored as text and shown as typed."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide."""
    return sum(max(1, math.ceil(len(line) / max(width - 2, 1))) for line in text.split("\n"))


def write_workbook(request: UpdateRequest, record: ReturnRecord) -> bytes:
    """The request as an ``.xlsx`` workbook's bytes."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.properties.creator = "scrplan"
    book.properties.title = f"Update request: {request.lead.label}"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    unlocked = Protection(locked=False)

    def fill(colour: str) -> PatternFill:
        return PatternFill("solid", fgColor="FF" + colour)

    # --- Instructions ---
    info = book.active
    assert info is not None
    info.title = INSTRUCTIONS
    _instructions(info, request, bold, wrap, fill, unlocked)

    # --- Updates ---
    sheet = book.create_sheet(UPDATES)
    columns = [*SHOWN, *FILLED]
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(1, number)
        _put(cell, column.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.fill = fill(HEADER_GREY if column in SHOWN else HEADER_YELLOW)
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.row_dimensions[1].height = 32
    lists: dict[tuple[str, ...], str] = {}
    levels_sheet = book.create_sheet(LEVELS)
    levels_sheet.sheet_state = "hidden"
    checks: dict[str, DataValidation] = {}
    spans: dict[str, list[list[int]]] = {}  # each list's rows, as runs of rows
    rag_column = get_column_letter(len(SHOWN) + 1 + [c.key for c in FILLED].index("new_rag"))
    for r, row in enumerate(request.items, start=2):
        texts = shown(row)
        height = 1
        for number, column in enumerate(SHOWN, start=1):
            cell = sheet.cell(r, number)
            _put(cell, texts[column.key])
            cell.alignment = wrap
            cell.fill = fill(GREY)
            height = max(height, _lines(texts[column.key], column.width))
        for number, column in enumerate(FILLED, start=len(SHOWN) + 1):
            cell = sheet.cell(r, number)
            cell.protection = unlocked
            cell.alignment = wrap
            cell.fill = fill(YELLOW)
            if column.key in DATE_KEYS:
                cell.number_format = DATE_FORMAT
        sheet.row_dimensions[r].height = min(409, 15 * min(height, 12) + 3)
        names = tuple(level_names(row.plan))
        if names not in lists:
            col = get_column_letter(len(lists) + 1)
            for n, name in enumerate(names, start=1):
                _put(levels_sheet.cell(n, len(lists) + 1), name)
            lists[names] = f"{LEVELS}!${col}$1:${col}${len(names)}"
            check = DataValidation(
                type="list",
                formula1=lists[names],
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Not a level of this plan",
                error="Choose a level from the list, or leave the cell empty.",
                promptTitle="New RAG",
                prompt="Choose the level from the list; leave it empty if it has not changed.",
                showInputMessage=True,
            )
            sheet.add_data_validation(check)
            checks[lists[names]] = check
        runs = spans.setdefault(lists[names], [])
        if runs and runs[-1][1] == r - 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    for source, found in spans.items():
        for first, last in found:
            cells = f"{rag_column}{first}" + (f":{rag_column}{last}" if last > first else "")
            checks[source].add(cells)
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:B"  # each printed page says which item a row is
    _printable(sheet, "landscape", wide=2)  # sixteen columns on one A4 page are unreadable
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # people may widen a column to read it
    sheet.protection.formatRows = False

    # --- the record ---
    hidden = book.create_sheet(RECORD)
    hidden.sheet_state = "veryHidden"
    _put(hidden.cell(1, 1), json.dumps(record.header(), ensure_ascii=False))
    for r, entry in enumerate(record.entries.values(), start=2):
        _put(hidden.cell(r, 1), json.dumps(entry.record(), ensure_ascii=False))
    hidden.protection.sheet = True
    out = io.BytesIO()
    book.active = 0
    book.save(out)
    return out.getvalue()


def _instructions(
    info: Worksheet, request: UpdateRequest, bold: Any, wrap: Any, fill: Any, unlocked: Any
) -> None:
    from openpyxl.styles import Alignment, Font

    lead = request.lead
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 80
    _put(info["A1"], f"Update request for {lead.label}")
    info["A1"].font = Font(bold=True, size=14)
    if request.partnership:
        _put(info["A2"], f"From {request.partnership}")
    due = request.due
    pairs = [
        ("Agency", lead.label),
        ("Contact", ", ".join(x for x in (lead.contact, lead.email) if x)),
        ("Requested on", shown_date(request.requested)),
        ("Please return by", f"{due.strftime('%A')} {shown_date(due)}"),
        ("Date of this return", None),
    ]
    for r, (label, value) in enumerate(pairs, start=4):
        _put(info.cell(r, 1), label)
        info.cell(r, 1).font = bold
        if value is not None:
            _put(info.cell(r, 2), value)
    answer = info[RETURN_DATE_CELL]
    answer.protection = unlocked
    answer.fill = fill(YELLOW)
    answer.number_format = DATE_FORMAT
    answer.alignment = Alignment(horizontal="left")
    items = len(request.items)
    steps = [
        f"The Updates sheet has a row for each of the {items} items your agency leads that is "
        "outstanding or needs evidence. The grey columns say what the plan says now and what "
        "is asked of you.",
        "Write your update in the yellow columns only: a progress note (what has happened since "
        "the last update), the new RAG from the drop-down list, the evidence if the work is "
        "done, the date it was completed, and, if the target date must move, the new date and "
        "the reason for moving it.",
        "Leave a cell empty to change nothing. Write dates as 31/03/2024. A note that starts "
        "with a date (12/05/2024: ...) is dated that day; otherwise it is dated the day of "
        "this return.",
        "Marking an item complete needs evidence: say what shows the work is done and has "
        "made a difference (a report, an audit, the minutes of a meeting).",
        "Please do not add, remove or reorder rows, or change the grey columns: each row is "
        "checked against the plan when the return comes back.",
        f"Write the date of your return in {RETURN_DATE_CELL} above, save the workbook, and "
        f"send it back by {shown_date(due)}.",
    ]
    _put(info["A10"], "How to fill it in")
    info["A10"].font = bold
    row = 11
    for number, step in enumerate(steps, start=1):
        _put(info.cell(row, 1), f"{number}.")
        _put(info.cell(row, 2), step)
        info.cell(row, 2).alignment = wrap
        info.row_dimensions[row].height = 15 * _lines(step, 80) + 3
        row += 1
    row += 1
    _put(info.cell(row, 1), "The levels")
    info.cell(row, 1).font = bold
    row += 1
    seen: set[tuple[str, ...]] = set()
    for plan in request.plans:
        names = tuple(level_names(plan))
        if names in seen:
            continue
        seen.add(names)
        _put(info.cell(row, 1), "RAG")
        _put(info.cell(row, 2), f"{plan.title}" if len(request.plans) > 1 else "")
        info.cell(row, 1).font = bold
        row += 1
        for level in plan.key.all_levels:
            _put(info.cell(row, 1), level.name)
            _put(info.cell(row, 2), clean(level.label))
            row += 1
    _printable(info, "portrait", wide=1)
    info.protection.sheet = True


def _printable(sheet: Worksheet, orientation: Literal["portrait", "landscape"], wide: int) -> None:
    """A4, ``wide`` pages across, as many down as it takes."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = wide
    sheet.page_setup.fitToHeight = 0
    setup = sheet.sheet_properties.pageSetUpPr
    if setup is None:
        from openpyxl.worksheet.properties import PageSetupProperties

        setup = sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    setup.fitToPage = True


# --- reading a return --------------------------------------------------------------------


def _value(cell: Any) -> tuple[Any, bool]:
    """A cell's value, and whether it is a formula."""
    value = cell.value
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return (value if isinstance(value, str) else "=…"), True
    return value, False


def read_workbook(path: Path) -> ReturnForm:
    """A filled-in workbook, read back: its record (checked), and every row with a ref or
    an answer.

    Raises:
        ScrplanError: it is not a workbook scrplan can read, or not an update request.
        DamagedReturn: its record is missing or damaged.
    """
    import zipfile

    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        book = openpyxl.load_workbook(path)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ScrplanError(
            f"{name} cannot be read as an Excel workbook ({exc}): save it as an Excel "
            "workbook (.xlsx) and apply it again"
        ) from None
    if RECORD not in book.sheetnames or UPDATES not in book.sheetnames:
        raise DamagedReturn(
            f"{name} is not an update request written by scrplan (it has no "
            f"{UPDATES if RECORD in book.sheetnames else 'record'} sheet): apply the workbook "
            "scrplan request wrote, filled in"
        )
    hidden = book[RECORD]
    try:
        header = json.loads(str(hidden.cell(1, 1).value or ""))
        entries = [
            json.loads(str(hidden.cell(r, 1).value))
            for r in range(2, hidden.max_row + 1)
            if hidden.cell(r, 1).value is not None
        ]
    except json.JSONDecodeError:
        header, entries = None, []
    record = read_record(header, entries, name)
    sheet = book[UPDATES]
    columns: dict[str, int] = {}
    headers = {clean(str(sheet.cell(1, c).value or "")): c for c in range(1, sheet.max_column + 1)}
    missing = []
    for column in (*SHOWN, *FILLED):
        if column.header in headers:
            columns[column.key] = headers[column.header]
        else:
            missing.append(column.header)
    if missing:
        raise ScrplanError(
            f"{name}: the {' and '.join(repr(m) for m in missing)} "
            f"column{'s are' if len(missing) > 1 else ' is'} missing from row 1 of the "
            f"{UPDATES} sheet: use the workbook as scrplan wrote it, with its columns as they were"
        )
    rows = []
    for r in range(2, sheet.max_row + 1):
        cells = {}
        for column in (*SHOWN, *FILLED):
            number = columns[column.key]
            value, formula = _value(sheet.cell(r, number))
            cells[column.key] = ReturnCell(
                value, f"{UPDATES}!{get_column_letter(number)}{r}", formula
            )
        row = ReturnRow(
            cells["ref"],
            {c.key: cells[c.key] for c in SHOWN},
            {c.key: cells[c.key] for c in FILLED},
            f"row {r}",
        )
        if row.answered or clean(str(row.ref.value or "")):
            rows.append(row)
    day = None
    if INSTRUCTIONS in book.sheetnames:
        value, formula = _value(book[INSTRUCTIONS][RETURN_DATE_CELL])
        day = ReturnCell(value, f"{INSTRUCTIONS}!{RETURN_DATE_CELL}", formula)
    return ReturnForm(name, record, rows, day)
