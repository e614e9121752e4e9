"""Tables for spreadsheets: CSV that Excel opens as it should, and Excel workbooks.

Every CSV scrplan writes goes through :func:`csv_text`, so they all open the same way: UTF-8 with
a byte order mark (without it, Excel reads curly quotes and dashes as two odd characters each),
and Windows line endings. Workbooks go through :func:`xlsx_bytes` (openpyxl, imported there).

A cell is plan text, and plan text comes from agencies' pull requests and imported workbooks:
Excel runs a cell that starts with ``=`` (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``) as a
formula. Each such cell is written with a ``'`` in front, as OWASP advises, so Excel shows it
as text (:func:`cell`), in a CSV file and in a workbook alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from scrplan.words import unsafe_character, visible

# What starts a formula in Excel, LibreOffice or Google Sheets (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-2", "+3.5") is a number in every spreadsheet, not a formula.
_FORMULA_FIRST = frozenset(FORMULA_START)
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def cell(value: Any) -> Any:
    """``value`` as a spreadsheet should read it: text that a spreadsheet would run as a
    formula gets a ``'`` in front; a plain number such as ``-2`` stays a number; characters
    that could hide or reorder text are shown as visible stand-ins."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        value = "'" + value
    return visible(value)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """``headers`` then ``rows`` as CSV text for Excel, each cell made safe by :func:`cell`."""
    return "\ufeff" + csv_rows([headers]) + csv_rows(rows)


def csv_rows(rows: Iterable[Sequence[Any]]) -> str:
    """``rows`` as lines of :func:`csv_text` (no byte order mark): a long table can be
    written a part at a time."""
    out = io.StringIO()
    csv.writer(out).writerows(map(cells, rows))
    return out.getvalue()


def cells(row: Sequence[Any]) -> list[Any]:
    """:func:`cell` of each value of ``row``. A board report writes a row for every item of
    thousands of plans: the row's text is searched for hidden characters once, and only a
    row that has one is made safe a cell at a time."""
    texts = [v for v in row if isinstance(v, str)]
    # A line break is no hidden character, so one found here is in a cell.
    if unsafe_character("\n".join(texts)) is not None:
        return [cell(v) for v in row]
    return [
        "'" + v
        if isinstance(v, str) and v[:1] in _FORMULA_FIRST and not _NUMBER.fullmatch(v)
        else v
        for v in row
    ]


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """``headers`` then ``rows`` as an Excel workbook of one sheet: the header bold and frozen,
    columns sized to their text, long text wrapped, a filter on every column. Every cell is a
    value, never a formula: text that starts with ``=`` is kept as text (a workbook says which
    cells are text, so no ``'`` is needed), and hidden characters are shown as stand-ins."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(list(headers))
    widths = [len(h) for h in headers]
    for values in rows:
        ws.append([None if v == "" else visible(v) if isinstance(v, str) else v for v in values])
        widths = [max(w, min(len(str(v)), 60)) for w, v in zip(widths, values, strict=False)]
    for row in ws.iter_rows(min_row=2):
        for box in row:
            if isinstance(box.value, str) and box.value.startswith("="):
                box.data_type = "s"  # text that looks like a formula stays text
            box.alignment = Alignment(wrap_text=True, vertical="top")
    for box in ws[1]:
        box.font = Font(bold=True)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
