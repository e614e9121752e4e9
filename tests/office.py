"""Word and Excel files for the import tests, built with python-docx and openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


def docx_file(path: Path, blocks: list[Any]) -> Path:
    """A Word document from ``blocks``: a string is a paragraph; a list of rows is a table.

    In a table, a cell is text (paragraphs split by newlines), or a dict with ``text``,
    ``fill`` (RRGGBB shading) and ``merge`` (``"down"`` or ``"across"``: merge with the cell
    below, or with every cell to the right).
    """
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        table = doc.add_table(rows=len(block), cols=max(len(r) for r in block))
        merges = []
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                spec = value if isinstance(value, dict) else {"text": value}
                cell = table.cell(r, c)
                lines = (spec.get("text") or "").split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
                if spec.get("fill"):
                    shading = OxmlElement("w:shd")
                    shading.set(qn("w:val"), "clear")
                    shading.set(qn("w:fill"), spec["fill"])
                    cell._tc.get_or_add_tcPr().append(shading)
                if spec.get("merge"):
                    merges.append((r, c, spec["merge"], lines))
        for r, c, how, lines in merges:
            other = table.cell(r + 1, c) if how == "down" else table.cell(r, len(block[r]) - 1)
            merged = table.cell(r, c).merge(other)
            # Word keeps one copy of the text in a merged cell; python-docx joins both.
            for paragraph in merged.paragraphs[1:]:
                paragraph._p.getparent().remove(paragraph._p)
            merged.paragraphs[0].text = " ".join(lines)
    doc.save(path)
    return path


def xlsx_file(path: Path, sheets: dict[str, list[list[Any]]], **options: Any) -> Path:
    """An Excel workbook: ``sheets`` maps a sheet name to its rows.

    A cell is a value (text, number, date) or a dict with ``value``, ``fill`` (RRGGBB),
    ``theme`` (a theme colour number), ``indexed`` (an indexed colour) and ``format`` (a
    number format). ``options["merge"]`` lists ``(sheet, "A2:A4")`` ranges to merge.
    """
    import openpyxl
    from openpyxl.styles import Color, PatternFill

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                spec = value if isinstance(value, dict) else {"value": value}
                cell = sheet.cell(r, c, spec.get("value"))
                if isinstance(spec.get("value"), dt.date):
                    cell.number_format = spec.get("format", "dd/mm/yyyy")
                if "fill" in spec:
                    cell.fill = PatternFill("solid", fgColor="FF" + spec["fill"])
                if "theme" in spec:
                    cell.fill = PatternFill("solid", fgColor=Color(theme=spec["theme"]))
                if "indexed" in spec:
                    cell.fill = PatternFill("solid", fgColor=Color(indexed=spec["indexed"]))
    for name, span in options.get("merge", []):
        book[name].merge_cells(span)
    book.save(path)
    return path
