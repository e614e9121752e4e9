"""Output as a page of blocks: headings, text, fields, RAG bars and tables.

Views (:mod:`.plan_views`, :mod:`.history_views`) build a page once; renderers turn it into
plain text (:mod:`.plain`, for pipes and files), Markdown (:mod:`.markdown`, for pull requests
and wikis) or rich output on a terminal (:mod:`.terminal`). Keeping rich out of this module
keeps piped and scripted commands fast.
"""

from __future__ import annotations

from collections.abc import Sequence
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


class BarPart(NamedTuple):
    """One level's share of a RAG bar: its name, display colour and count."""

    name: str
    colour: str
    number: int
    label: str = ""
    """What the level means, when its name alone says little (a key of levels: ``1``)."""


class RagBar(NamedTuple):
    """How many items are at each level, in the key's order; ``none`` for those not rated."""

    parts: list[BarPart]
    label: str = "RAG"

    @property
    def counts(self) -> dict[str, int]:
        return {p.name: p.number for p in self.parts}


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


BAR_LETTERS = {
    "red": "R",
    "amber": "A",
    "green": "G",
    "blue": "B",
    "grey": "Y",
    "purple": "P",
    "none": ".",
}
"""Each display colour as a letter, for a RAG bar in plain text."""


def bar_legend(parts: Sequence[BarPart]) -> str:
    """``red 1 · amber 0 · green 0 · blue 0 · not rated 10``; ``1 (Fully achieved) 3`` for a
    level whose name alone says little."""
    return " · ".join(part_label(p) + f" {p.number}" for p in parts)


def part_label(part: BarPart) -> str:
    """A bar part's words: ``red``, ``not rated``, or ``1 (Fully achieved)``."""
    name = colour_label(part.name)
    return f"{name} ({part.label})" if part.label else name


def bar_cells(parts: Sequence[BarPart], width: int = 40) -> list[tuple[str, int]]:
    """The bar as (colour, length) segments: one cell per item while they fit, else scaled."""
    total = sum(p.number for p in parts)
    if total == 0:
        return []
    scale = 1.0 if total <= width else width / total
    return [(p.colour, max(1, round(p.number * scale))) for p in parts if p.number]
