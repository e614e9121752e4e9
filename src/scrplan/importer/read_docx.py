"""A plan in a Word document (.docx): every table, in order, with the text around them.

Merged cells come out as python-docx gives them: a cell merged across columns or down rows
repeats its text in each place it covers, which is what the mapping step expects (a
recommendation merged down beside three actions belongs to each of them). A cell's shading is
kept for its RAG colour.
"""

from __future__ import annotations

import io
from typing import Any

from scrplan.importer import limits
from scrplan.importer.table import SourceCell, SourceFile, SourceRow, Unreadable, clean, paragraphs

_DAMAGED = (
    "it may be damaged, or an older .doc saved with a .docx name. Open it in Word and save "
    "it as a Word Document (.docx)"
)


def read_docx(data: bytes, name: str) -> SourceFile:
    """Read a Word document's tables into a document."""
    with limits.open_zip(data, name, "a Word document", _DAMAGED) as archive:
        limits.check_document(archive, name)
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a damaged file
        raise Unreadable(
            f"{name}: this is not a Word document scrplan can read: {_DAMAGED}"
        ) from None
    doc = SourceFile(name)
    between: list[str] = []
    for block in word.iter_inner_content():
        if isinstance(block, Paragraph):
            text = clean(block.text)
            if text:
                (between if doc.tables else doc.preamble).append(text)
            continue
        assert isinstance(block, Table)
        doc.tables += 1
        # Text between two tables (a heading such as "Health") is a row of its own.
        for text in between:
            doc.add(
                SourceRow([SourceCell([text])], f"before table {doc.tables}", break_before=True)
            )
        between = []
        above: list[SourceCell] = []
        for number, tr in enumerate(block._tbl.tr_lst, start=1):
            # Cells by grid column, read here rather than by python-docx's row.cells, which
            # finds the top of a cell merged down by searching upwards, row by row, for each
            # cell: time that grows with the square of the rows, and recursion that fails on
            # a long merge.
            cells = [SourceCell() for _ in range(tr.grid_before)]
            for tc in tr.tc_lst:
                span = tc.grid_span
                if tc.vMerge == "continue":
                    cell = above[len(cells)] if len(cells) < len(above) else SourceCell()
                else:
                    cell = _cell(_Cell(tc, block), qn)
                cells += [cell] * span
            above = cells
            first = number == 1
            where = f"table {doc.tables}, row {number}"
            doc.add(SourceRow(cells, where, break_before=first, new_table=first))
    doc.postscript = between
    return doc


def _cell(cell: Any, qn: Any) -> SourceCell:
    texts: list[str] = []
    for block in cell.iter_inner_content():
        if hasattr(block, "rows"):  # a table inside the cell: its rows, cells split by " | "
            for row in block.rows:
                joined = " | ".join(c.text for c in row.cells)
                texts += paragraphs(joined)
        else:
            texts += paragraphs(block.text)
    return SourceCell(texts, _fill(cell, qn))


def _fill(cell: Any, qn: Any) -> str | None:
    """The cell's shading as RRGGBB; ``theme`` when it is only a theme colour."""
    props = cell._tc.tcPr
    shading = props.find(qn("w:shd")) if props is not None else None
    if shading is None:
        return None
    fill = shading.get(qn("w:fill"))
    if fill and fill.lower() != "auto" and len(fill) == 6:
        return str(fill).upper()
    if shading.get(qn("w:themeFill")):
        return "theme"
    return None
