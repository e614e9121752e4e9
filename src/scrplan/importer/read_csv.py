"""A plan saved as CSV (or tab-separated) text, as Excel writes it."""

from __future__ import annotations

import csv
import io

from scrplan.importer.read_text import decode
from scrplan.importer.table import SourceCell, SourceFile, SourceRow, Unreadable, paragraphs


def read_csv(data: bytes, name: str, *, delimiter: str | None = None) -> SourceFile:
    """Read CSV: commas, semicolons or tabs between cells (whichever the file uses), line
    breaks inside quoted cells as paragraphs."""
    text = decode(data)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    doc = SourceFile(name, tables=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            if any(value.strip() for value in record):
                cells = [SourceCell(paragraphs(value)) for value in record]
                doc.add(SourceRow(cells, f"line {start}", break_before=not doc.rows))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Unreadable(
            f"{name}: line {reader.line_num} cannot be read as CSV ({exc}); open the file in "
            "Excel and save it again as CSV, or as an Excel workbook (.xlsx)"
        ) from None
    return doc
