"""A plan in an Excel 97-2003 workbook (.xls), read with xlrd: as a .xlsx is read.

Merged cells are filled in from their top-left cell, dates come as dates (a date shown as a
month stays a month), and a cell's fill colour is kept for its RAG colour.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrplan.importer import limits
from scrplan.importer.table import SourceCell, SourceFile, SourceRow, Unreadable, paragraphs

_DAMAGED = (
    "it may be damaged, or another kind of file saved with an .xls name. Open it in Excel and "
    "save it as an Excel Workbook (.xlsx)"
)


def read_xls(data: bytes, name: str) -> SourceFile:
    """Read an old workbook's worksheets into a document."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises many kinds for a damaged file
        raise Unreadable(
            f"{name}: this is not an Excel workbook scrplan can read: {_DAMAGED}"
        ) from None
    doc = SourceFile(name, table_word="worksheet")
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        if getattr(sheet, "visibility", 0):
            doc.skipped.append(f"the hidden worksheet {sheet.name!r} was not read")
            continue
        if sheet.nrows * max(sheet.ncols, 1) > limits.MAX_CELLS:
            raise Unreadable(
                f"{name}: the worksheet {sheet.name!r} spans {sheet.nrows:,} rows by "
                f"{sheet.ncols:,} columns; scrplan reads worksheets of up to "
                f"{limits.MAX_CELLS:,} cells (a real action plan is far smaller). Delete the rows "
                "and columns past the plan's table, and import that"
            )
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        covered = 0
        for first_row, last_row, first_col, last_col in sheet.merged_cells:
            covered += (last_row - first_row) * (last_col - first_col)
            if covered > limits.MAX_MERGED_CELLS:
                raise Unreadable(
                    f"{name}: the worksheet {sheet.name!r} has merged cells over more than "
                    f"{limits.MAX_MERGED_CELLS:,} cells; unmerge the cells, save, and import again"
                )
            for row in range(first_row, min(last_row, sheet.nrows)):
                for col in range(first_col, min(last_col, sheet.ncols)):
                    merged[(row, col)] = (first_row, first_col)
        first = True
        for row in range(sheet.nrows):
            cells = []
            for col in range(sheet.ncols):
                at = merged.get((row, col), (row, col))
                cells.append(
                    SourceCell(paragraphs(_text(book, sheet, *at)), _fill(book, sheet, *at))
                )
            if not any(c.paragraphs for c in cells):
                continue
            if first:
                doc.tables += 1
            where = f"sheet {sheet.name!r}, row {row + 1}"
            doc.add(SourceRow(cells, where, break_before=first, new_table=first))
            first = False
    return doc


def _text(book: Any, sheet: Any, row: int, col: int) -> str:
    import xlrd

    cell = sheet.cell(row, col)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(cell.value)
        shown = _format(book, sheet, row, col).lower()
        if "m" in shown and "d" not in shown and "y" in shown:
            return f"{when.year:04d}-{when.month:02d}"
        return dt.date(when.year, when.month, when.day).isoformat()
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return str(int(cell.value))
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return str(cell.value)


def _format(book: Any, sheet: Any, row: int, col: int) -> str:
    xf = book.xf_list[sheet.cell_xf_index(row, col)]
    found = book.format_map.get(xf.format_key)
    return str(found.format_str) if found is not None else ""


def _fill(book: Any, sheet: Any, row: int, col: int) -> str | None:
    """The cell's solid fill as RRGGBB, or None."""
    xf = book.xf_list[sheet.cell_xf_index(row, col)]
    background = xf.background
    if background.fill_pattern != 1:  # 1 is a solid fill
        return None
    rgb = book.colour_map.get(background.pattern_colour_index)
    if not rgb:
        return None
    return "".join(f"{v:02X}" for v in rgb)
