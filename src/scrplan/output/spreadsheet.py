"""Tables for spreadsheets: CSV that Excel opens as it should, and Excel workbooks.

Every CSV scrplan writes goes through :func:`csv_text`, so they all open the same way: UTF-8 with
a byte order mark (without it, Excel reads curly quotes and dashes as two odd characters each),
and Windows line endings. Workbooks go through :func:`xlsx_bytes` (openpyxl, imported there).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """``headers`` then ``rows`` as CSV text for Excel."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """``headers`` then ``rows`` as an Excel workbook of one sheet: the header bold and frozen,
    columns sized to their text, long text wrapped, a filter on every column. Every cell is a
    value, never a formula: text that starts with ``=`` is kept as text."""
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
        ws.append([None if v == "" else v for v in values])
        widths = [max(w, min(len(str(v)), 60)) for w, v in zip(widths, values, strict=False)]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
