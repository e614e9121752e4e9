"""Filling in a return as an agency would: openpyxl and python-docx, by column heading."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import FIXTURES

RETURNS = FIXTURES / "returns"


def board(tmp_path: Path) -> Path:
    """A folder with plans/ holding the Child Q and Child R plans and their settings."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("partnership.yaml", "child-q.yaml", "child-r.yaml"):
        shutil.copy(RETURNS / name, plans / name)
    return plans


def fill_workbook(
    source: Path, target: Path, answers: dict[str, dict[str, Any]], **extra: Any
) -> Path:
    """Write ``answers`` (ref → heading → value) into the Updates sheet, as someone typing
    into the yellow cells would; ``day`` goes into the date of the return."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    sheet = book["Updates"]
    headings = {sheet.cell(1, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, headings["Ref"]).value: r for r in range(2, sheet.max_row + 1)}
    for ref, cells in answers.items():
        for heading, value in cells.items():
            sheet.cell(rows[ref], headings[heading]).value = value
    if "day" in extra:
        book["Instructions"]["B8"].value = extra["day"]
    for change in extra.get("cells", []):
        sheet[change[0]].value = change[1]
    book.save(target)
    return target


def fill_wordform(
    source: Path, target: Path, answers: dict[str, dict[str, str]], day: str = ""
) -> Path:
    """Write ``answers`` into the Word form's yellow rows, by ref and row label."""
    import docx

    document = docx.Document(str(source))
    for table in document.tables:
        rows = {r.cells[0].text.split(" (")[0]: r for r in table.rows}
        if "Date of this return" in rows:
            rows["Date of this return"].cells[1].text = day
        ref = rows["Ref"].cells[1].text if "Ref" in rows else None
        for label, value in answers.get(ref or "", {}).items():
            rows[label].cells[1].text = value
    document.save(str(target))
    return target
