"""Tables for spreadsheets: CSV that Excel opens as it should.

Every CSV scrplan writes goes through :func:`csv_text`, so they all open the same way: UTF-8 with
a byte order mark (without it, Excel reads curly quotes and dashes as two odd characters each),
and Windows line endings.

A cell is plan text, and plan text comes from agencies' pull requests and imported workbooks:
Excel runs a cell that starts with ``=`` (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``) as a
formula. Each such cell is written with a ``'`` in front, as OWASP advises, so Excel shows it
as text (:func:`cell`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from scrplan.words import visible

# What starts a formula in Excel, LibreOffice or Google Sheets (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-2", "+3.5") is a number in every spreadsheet, not a formula.
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(h) for h in headers])
    writer.writerows([cell(v) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()
