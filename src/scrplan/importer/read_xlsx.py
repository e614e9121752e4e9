"""A plan in an Excel workbook (.xlsx): every worksheet that holds rows, in order.

Merged cells are filled in: the value and colour of a merged range's top-left cell stand in
every cell it covers, as Word's merged cells do. Dates come as dates (a date formatted as a
month, "Jan-08", stays a month); a cell's solid fill is kept for its RAG colour.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from scrplan.importer import limits
from scrplan.importer.table import SourceCell, SourceFile, SourceRow, Unreadable, paragraphs

_DAMAGED = (
    "it may be damaged, or an older .xls saved with an .xlsx name. Open it in Excel and save "
    "it as an Excel Workbook (.xlsx)"
)


def read_xlsx(data: bytes, name: str) -> SourceFile:
    """Read a workbook's worksheets into a document."""
    with limits.open_zip(data, name, "an Excel workbook", _DAMAGED) as archive:
        limits.check_workbook(archive, name)
    import openpyxl

    try:
        # Not read-only: read-only mode does not know which cells are merged.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(
            f"{name}: this is not an Excel workbook scrplan can read: {_DAMAGED}"
        ) from None
    doc = SourceFile(name, table_word="worksheet")
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            doc.skipped.append(f"the hidden worksheet {sheet.title!r} was not read")
            continue
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for span in sheet.merged_cells.ranges:
            for row in range(span.min_row, span.max_row + 1):
                for col in range(span.min_col, span.max_col + 1):
                    merged[(row, col)] = (span.min_row, span.min_col)
        first = True
        for cells in sheet.iter_rows():
            row_cells = []
            for item in cells:
                at = (int(item.row or 0), int(item.column or 0))
                source = sheet.cell(*merged[at]) if at in merged else item
                row_cells.append(SourceCell(paragraphs(_text(source)), _fill(source)))
            if not any(c.paragraphs for c in row_cells):
                continue
            if first:
                doc.tables += 1
            where = f"sheet {sheet.title!r}, row {cells[0].row}"
            doc.add(SourceRow(row_cells, where, break_before=first, new_table=first))
            first = False
    return doc


def _text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        # A date shown as a month ("mmm-yy", "mmmm yyyy") means the month.
        shown = str(cell.number_format or "").lower()
        if "m" in shown and "d" not in shown and "y" in shown:
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fill(cell: Any) -> str | None:
    """The cell's solid fill as RRGGBB; ``theme`` for a theme or unknown colour."""
    from openpyxl.styles.colors import COLOR_INDEX

    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) >= 6:
        return colour.rgb[-6:].upper()
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        if colour.indexed < len(COLOR_INDEX):
            return COLOR_INDEX[colour.indexed][-6:].upper()
        return None
    return "theme"
