"""Pages on a terminal, with rich: coloured RAG cells, tables that fit the window.

The only module of scrplan that imports rich. Only used when standard output is a terminal;
pipes and files get plain text from :mod:`.plain`. Every piece of user text goes in as a
``Text`` object made by :func:`_text`, never as markup, so a note that says "[DART]" prints as
written, and a character a terminal would obey (an escape sequence) is shown as a stand-in.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from scrplan.output.blocks import (
    BAR_ORDER,
    Block,
    Cell,
    Fields,
    Heading,
    Page,
    Para,
    RagBar,
    Table,
    bar_cells,
    colour_label,
)
from scrplan.words import visible

# Foreground and background pairs that pass WCAG AA contrast; the word is always printed too,
# for readers who cannot tell the colours apart.
# The shades are also the nearest of their own colour in a 16-colour terminal's palette (a
# darker green or blue would be shown as grey there).
RAG_STYLES = {
    "red": "bold white on #b00020",
    "amber": "bold black on #ffbf00",
    "green": "bold white on #008700",
    "blue": "bold white on #0050b4",
    "none": "dim",
}


BAR_STYLES = {
    "red": "#b00020",
    "amber": "#ffbf00",
    "green": "#008700",
    "blue": "#0050b4",
    "none": "dim",
}


def _text(text: str, style: str = "") -> Text:
    """Text for the terminal: rich draws it, it never reads it as markup, and what a terminal
    would obey is shown as a stand-in (rich passes an escape character through)."""
    return Text(visible(text), style=style)


def _cell(cell: Cell | str) -> Text:
    if isinstance(cell, str):
        return _text(cell)
    style = RAG_STYLES.get(cell.rag, "") if cell.rag else ""
    if cell.strong:
        style = f"{style} bold red" if not cell.rag else f"{style} bold"
    return _text(cell.text, style=style.strip())


def _block(block: Block, width: int) -> RenderableType:
    if isinstance(block, Heading):
        return _text(block.text, style="bold underline" if block.level == 1 else "bold")
    if isinstance(block, Para):
        return _text(block.text, style="dim" if block.muted else "")
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in block.pairs:
            grid.add_row(_text(label), _cell(value))
        return grid
    if isinstance(block, RagBar):
        text = Text()
        text.append(f"{block.label}: ", style="bold")
        for colour, n in bar_cells(block.counts):
            text.append("█" * n, style=BAR_STYLES[colour])
        text.append("  ")
        for i, colour in enumerate(BAR_ORDER):
            if i:
                text.append(" · ", style="dim")
            text.append(f"{colour_label(colour)} {block.counts.get(colour, 0)}")
        return text
    return _table(block, width)


def _fitted(table: Table, width: int) -> list[int]:
    """The columns to show: all of them, less optional ones while they cannot fit ``width``."""
    keep = list(range(len(table.columns)))

    def needed() -> int:
        total = 0
        for i in keep:
            column = table.columns[i]
            if column.wrap:
                words = [len(w) for row in table.rows for w in row.cells[i].text.split()]
                total += max([column.min_width, *words])
            else:
                cells = [
                    len(row.cells[i].text) + (4 if row.sub and i == 0 else 0) for row in table.rows
                ]
                total += max([len(column.header), *cells])
        return total + 2 * (len(keep) - 1)

    for i in reversed(range(len(table.columns))):
        if needed() <= width:
            break
        if table.columns[i].optional:
            keep.remove(i)
    return keep


def _table(table: Table, width: int) -> RenderableType:
    if not table.rows:
        parts: list[RenderableType] = []
        if table.title:
            parts.append(_text(table.title, style="bold"))
        parts.append(_text(table.empty, style="dim"))
        return Group(*parts)
    out = RichTable(
        title=_text(table.title, style="bold") if table.title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    keep = _fitted(table, width)
    for i in keep:
        column = table.columns[i]
        if column.wrap:
            out.add_column(_text(column.header), min_width=column.min_width, overflow="fold")
        else:
            out.add_column(_text(column.header), justify=column.justify, no_wrap=True)
    for row in table.rows:
        cells = [_cell(row.cells[i]) for i in keep]
        if row.sub:
            cells[0] = Text("  ↳ ", style="dim") + cells[0]
        out.add_row(*cells)
    return out


def print_page(doc: Page, console: Console | None = None) -> None:
    """Print ``doc`` on a terminal (or ``console``), a blank line between blocks."""
    console = console or Console(highlight=False, emoji=False)
    for i, block in enumerate(doc):
        if i:
            console.print()
        console.print(_block(block, console.width))
