"""A page as plain text: for pipes, files and logs; no colour, no escape codes.

Tables are aligned in columns, one row per line; paragraphs are wrapped to 100 columns.
Characters a terminal would obey, or that reorder text, are shown as visible stand-ins.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from scrplan.output.blocks import (
    BAR_LETTERS,
    PLAIN_WIDTH,
    Block,
    Fields,
    Heading,
    Page,
    Para,
    RagBar,
    Table,
    bar_cells,
    bar_legend,
    cell_text,
)
from scrplan.words import visible


def to_plain(doc: Page) -> str:
    """The document as plain text: no colour, no escape codes, one table row per line."""
    parts = [_plain_block(block) for block in doc]
    # One stand-in per character, so the columns stay aligned.
    return visible("\n\n".join(p for p in parts if p) + "\n")


def _plain_block(block: Block) -> str:
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Para):
        return _wrap(block.text, "")
    if isinstance(block, Fields):
        width = max((len(label) for label, _ in block.pairs), default=0) + 1
        pad = " " * (width + 1)
        return "\n".join(
            f"{label + ':':<{width}} {_wrap(cell_text(value), pad)}" for label, value in block.pairs
        )
    if isinstance(block, RagBar):
        bar = "".join(BAR_LETTERS.get(c, "?") * n for c, n in bar_cells(block.parts))
        return f"{block.label}: [{bar}]  {bar_legend(block.parts)}"
    return _plain_table(block)


def _wrap(text: str, pad: str) -> str:
    """Each line of ``text`` as a paragraph filled to the plain width; lines after the first
    are indented by ``pad`` (the first is placed by the caller)."""
    paras = [
        textwrap.fill(line, PLAIN_WIDTH, initial_indent=pad, subsequent_indent=pad)
        for line in text.split("\n")
        if line.strip()
    ]
    return "\n\n".join(paras)[len(pad) :] if paras else ""


def _plain_table(table: Table) -> str:
    lines = [table.title] if table.title else []
    if not table.rows:
        return "\n".join([*lines, table.empty])
    grid = [[c.header for c in table.columns]]
    for row in table.rows:
        cells = [c.text for c in row.cells]
        if row.sub:
            cells[0] = "  " + cells[0]
        grid.append(cells)
    widths = [max(len(r[i]) for r in grid) for i in range(len(table.columns))]

    def line(cells: Sequence[str]) -> str:
        out = []
        for text, col, w in zip(cells, table.columns, widths, strict=True):
            out.append(text.rjust(w) if col.justify == "right" else text.ljust(w))
        return "  ".join(out).rstrip()

    lines.append(line(grid[0]))
    lines.append("  ".join("-" * w for w in widths))
    lines += [line(r) for r in grid[1:]]
    return "\n".join(lines)
