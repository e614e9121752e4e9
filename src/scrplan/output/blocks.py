"""Output as a page of blocks: headings, text, fields, RAG bars and tables.

Views (:mod:`.plan_views`, :mod:`.history_views`) build a page once; renderers turn it into
plain text (:mod:`.plain`, for pipes and files), Markdown (:mod:`.markdown`, for pull requests
and wikis) or rich output on a terminal (:mod:`.terminal`). Keeping rich out of this module
keeps piped and scripted commands fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

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
Page = list[Block]
"""A page of output: what a view builds, and what every renderer takes."""


# --- helpers shared by every renderer --------------------------------------------------------


def colour_label(colour: str) -> str:
    """The word for a colour key in counts: ``not rated`` for ``none``."""
    return "not rated" if colour == "none" else colour


def cell_text(value: Cell | str) -> str:
    """The text of a cell, or of a plain string standing for one."""
    return value.text if isinstance(value, Cell) else value


BAR_LETTERS = {"red": "R", "amber": "A", "green": "G", "blue": "B", "none": "."}
BAR_ORDER = ("red", "amber", "green", "blue", "none")


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
