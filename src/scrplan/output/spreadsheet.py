"""Tables for spreadsheets: CSV that Excel opens as it should.

Every CSV scrplan writes goes through :func:`csv_text`, so they all open the same way: UTF-8 with
a byte order mark (without it, Excel reads curly quotes and dashes as two odd characters each),
and Windows line endings.
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
