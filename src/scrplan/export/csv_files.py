"""The tables as CSV files, one per table, for Excel and Power BI.

Each file is written the way every scrplan CSV is (:func:`scrplan.output.spreadsheet.csv_text`:
UTF-8 with a byte order mark, Windows line endings), and atomically, so a file open in Excel is
either the old one or the new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scrplan.errors import ScrplanError
from scrplan.export.tables import DataTable
from scrplan.fileio import save
from scrplan.output.spreadsheet import csv_text


def write_csv(tables: Sequence[DataTable], folder: Path) -> list[Path]:
    """Write each table to ``folder/<table>.csv`` (making the folder); the files written."""
    if folder.exists() and not folder.is_dir():
        raise ScrplanError(f"cannot write CSV files to {folder}: it is a file; give a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScrplanError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
    written = []
    for table in tables:
        names = list(table.columns)
        path = folder / f"{table.name}.csv"
        save(path, csv_text(names, ([_cell(row.get(n)) for n in names] for row in table.rows)))
        written.append(path)
    return written


def _cell(value: object) -> object:
    return "" if value is None else value
