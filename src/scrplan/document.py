"""Output as a small document: headings, text, fields, RAG bars and tables.

Views (:mod:`scrplan.views`) build a document once; renderers turn it into plain text (for pipes
and files), Markdown (for pull requests and wikis) or, in :mod:`scrplan.render`, rich output for a
terminal. Keeping rich out of this module keeps piped and scripted commands fast.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from scrplan.model import COLOURS

PLAIN_WIDTH = 100
EMPTY = "—"


class Cell(NamedTuple):
    """One table cell. ``rag`` colours it on a terminal; ``strong`` marks it (overdue)."""

    text: str
    rag: str | None = None
    strong: bool = False


class Column(NamedTuple):
    """A table column. ``wrap``: text that may wrap on a terminal, down to ``min_width``."""

    header: str
    justify: Literal["left", "right"] = "left"
    wrap: bool = False
    min_width: int = 10
    optional: bool = False
    """Left out on a terminal too narrow to show every column."""


class TableRow(NamedTuple):
    """A row of cells; ``sub`` rows (actions) sit indented beneath the row before."""

    cells: list[Cell]
    sub: bool = False


@dataclass
class Table:
    columns: list[Column]
    rows: list[TableRow] = field(default_factory=list)
    title: str | None = None
    empty: str = "Nothing to show."

    def add(self, *cells: Cell | str, sub: bool = False) -> None:
        """Append a row; plain strings become cells."""
        self.rows.append(TableRow([c if isinstance(c, Cell) else Cell(c) for c in cells], sub=sub))


class Heading(NamedTuple):
    text: str
    level: int = 1


class Para(NamedTuple):
    """A paragraph; ``muted`` for secondary text."""

    text: str
    muted: bool = False


class Fields(NamedTuple):
    """Label and value pairs (a record)."""

    pairs: list[tuple[str, Cell | str]]


class RagBar(NamedTuple):
    """How many items have each colour; ``none`` counts those not yet rated."""

    counts: dict[str, int]
    label: str = "RAG"


Block = Heading | Para | Fields | RagBar | Table
Document = list[Block]


# --- helpers shared by every renderer --------------------------------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``; ``many`` for words that do not just add an s (``entries``)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width - 1)
    return flat[: cut if cut > width // 2 else width - 1].rstrip(" ,;:") + "…"


def colour_label(colour: str) -> str:
    """The word for a colour key in counts: ``not rated`` for ``none``."""
    return "not rated" if colour == "none" else colour


BAR_LETTERS = {"red": "R", "amber": "A", "green": "G", "blue": "B", "none": "."}
BAR_ORDER = (*COLOURS, "none")


def bar_legend(counts: dict[str, int]) -> str:
    """``red 1 · amber 0 · green 0 · blue 0 · not rated 10``."""
    return " · ".join(f"{colour_label(c)} {counts.get(c, 0)}" for c in BAR_ORDER)


def bar_cells(counts: dict[str, int], width: int = 40) -> list[tuple[str, int]]:
    """The bar as (colour, length) segments: one cell per item while they fit, else scaled."""
    total = sum(counts.get(c, 0) for c in BAR_ORDER)
    if total == 0:
        return []
    scale = 1.0 if total <= width else width / total
    segments = []
    for colour in BAR_ORDER:
        n = counts.get(colour, 0)
        if n:
            segments.append((colour, max(1, round(n * scale))))
    return segments


# --- plain text --------------------------------------------------------------------------------


def to_plain(doc: Document) -> str:
    """The document as plain text: no colour, no escape codes, one table row per line."""
    parts = [_plain_block(block) for block in doc]
    return "\n\n".join(p for p in parts if p) + "\n"


def _plain_block(block: Block) -> str:
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Para):
        return _wrap(block.text, "")
    if isinstance(block, Fields):
        width = max((len(label) for label, _ in block.pairs), default=0) + 1
        pad = " " * (width + 1)
        return "\n".join(
            f"{label + ':':<{width}} {_wrap(_text(value), pad)}" for label, value in block.pairs
        )
    if isinstance(block, RagBar):
        bar = "".join(BAR_LETTERS[c] * n for c, n in bar_cells(block.counts))
        return f"{block.label}: [{bar}]  {bar_legend(block.counts)}"
    return _plain_table(block)


def _text(value: Cell | str) -> str:
    return value.text if isinstance(value, Cell) else value


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


# --- Markdown ----------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks as ``<br>``.

    ``&`` is escaped too, so that text such as ``&lt;`` shows as written, not as ``<``.
    """
    out = text.replace("\\", "\\\\").replace("|", "\\|")
    for ch in "*_`[]<>&":
        out = out.replace(ch, "\\" + ch)
    return "<br>".join(line.strip() for line in out.strip().split("\n"))


def to_markdown(doc: Document) -> str:
    """The document as GitHub-flavoured Markdown."""
    return "\n\n".join(_md_block(block) for block in doc) + "\n"


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + md_escape(block.text)
    if isinstance(block, Para):
        text = md_escape(block.text).replace("<br>", "\n\n")
        return f"_{text}_" if block.muted else text
    if isinstance(block, Fields):
        return "\n".join(
            f"- **{md_escape(label)}:** {md_escape(_text(value))}" for label, value in block.pairs
        )
    if isinstance(block, RagBar):
        return f"**{block.label}:** {bar_legend(block.counts)}"
    lines = [f"**{md_escape(block.title)}**", ""] if block.title else []
    if not block.rows:
        return "\n".join([*lines, md_escape(block.empty)])
    lines.append("| " + " | ".join(md_escape(c.header) for c in block.columns) + " |")
    lines.append(
        "|" + "|".join("---:" if c.justify == "right" else "---" for c in block.columns) + "|"
    )
    for row in block.rows:
        cells = []
        for i, cell in enumerate(row.cells):
            text = md_escape(cell.text)
            if i == 0 and row.sub:
                text = "↳ " + text
            cells.append(f"**{text}**" if cell.strong and text else text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
