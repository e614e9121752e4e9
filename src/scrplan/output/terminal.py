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
    BAR_LETTERS,
    Block,
    Cell,
    Fields,
    Heading,
    Page,
    Para,
    RagBar,
    Table,
    bar_cells,
    part_label,
)
from scrplan.words import shorten, visible

# Foreground and background pairs that pass WCAG AA contrast; the word is always printed too,
# for readers who cannot tell the colours apart.
# The shades are also the nearest of their own colour in a 16-colour terminal's palette (a
# darker green or blue would be shown as grey there).
RAG_STYLES = {
    "red": "bold white on #b00020",
    "amber": "bold black on #ffbf00",
    "green": "bold white on #008700",
    "blue": "bold white on #0050b4",
    "grey": "bold white on #585858",
    "purple": "bold white on #5f0087",
    "none": "dim",
}


BAR_STYLES = {
    "red": "#b00020",
    "amber": "#ffbf00",
    "green": "#008700",
    "blue": "#0050b4",
    "grey": "#585858",
    "purple": "#5f0087",
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


def _block(block: Block, width: int, plain: bool = False) -> RenderableType:
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
        text.append(visible(f"{block.label}: "), style="bold")
        if plain:  # without colour, blocks would all look the same: letters, as when piped
            letters = "".join(BAR_LETTERS.get(c, "?") * n for c, n in bar_cells(block.parts))
            text.append(f"[{letters}]")
        for colour, n in bar_cells(block.parts) if not plain else ():
            text.append("█" * n, style=BAR_STYLES.get(colour, ""))
        text.append("  ")
        for i, part in enumerate(block.parts):
            if i:
                text.append(" · ", style="dim")
            text.append(visible(f"{part_label(part)} {part.number}"))
        return text
    return _table(block, width)


def _widths(table: Table, width: int) -> dict[int, int] | None:
    """Each column's width on a terminal ``width`` wide: numbers, dates and ids as wide as
    their widest cell (headings wrap at spaces), text columns sharing what is left, down to
    their ``min_width``; optional columns left out while the rest cannot fit. None when even
    the columns that must stay cannot fit: then each row is shown stacked."""
    keep = list(range(len(table.columns)))

    def natural(i: int) -> int:
        return max(len(row.cells[i].text) + (4 if row.sub and i == 0 else 0) for row in table.rows)

    def fixed(i: int) -> int:
        header = max((len(word) for word in table.columns[i].header.split()), default=0)
        return max(header, natural(i))

    while True:
        texts = [i for i in keep if table.columns[i].wrap]
        used = sum(fixed(i) for i in keep if i not in texts) + 2 * (len(keep) - 1)
        room = width - used
        least = sum(table.columns[i].min_width for i in texts)
        if room >= least:
            break
        optional = [i for i in keep if table.columns[i].optional]
        if not optional:
            return None
        keep.remove(optional[-1])
    widths = {i: fixed(i) for i in keep if i not in texts}
    wanted = {i: max(natural(i), table.columns[i].min_width) for i in texts}
    # Text columns get what they need when there is room, else shares of the room in
    # proportion to what they would need, each at least its min_width.
    if sum(wanted.values()) <= room:
        widths.update(wanted)
    else:
        spare = room - least
        extra = sum(wanted[i] - table.columns[i].min_width for i in texts) or 1
        for i in texts:
            share = (wanted[i] - table.columns[i].min_width) * spare // extra
            widths[i] = table.columns[i].min_width + share
    return dict(sorted(widths.items()))


def _table(table: Table, width: int) -> RenderableType:
    if not table.rows:
        parts: list[RenderableType] = []
        if table.title:
            parts.append(_text(table.title, style="bold"))
        parts.append(_text(table.empty, style="dim"))
        return Group(*parts)
    widths = _widths(table, width)
    if widths is None:
        return _stacked(table)
    out = RichTable(
        title=_text(table.title, style="bold") if table.title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for i, w in widths.items():
        column = table.columns[i]
        # Text is cut once, to the width there is: one line per item.
        out.add_column(
            _text(column.header),
            justify=column.justify,
            width=w,
            no_wrap=column.wrap,
            overflow="ellipsis" if column.wrap else "fold",
        )
    for row in table.rows:
        cells = []
        for i, w in widths.items():
            cell = row.cells[i]
            if table.columns[i].wrap:
                cell = cell._replace(text=shorten(cell.text, w))
            cells.append(_cell(cell))
        if row.sub:
            first = next(iter(widths))
            cells[0] = Text("  ↳ ", style="dim") + _cell(row.cells[first])
        out.add_row(*cells)
    left_out = [c.header for i, c in enumerate(table.columns) if i not in widths]
    if not left_out:
        return out
    note = Text(f"({' and '.join(left_out)} left out for the width of this window)", style="dim")
    return Group(out, note)


def _stacked(table: Table) -> RenderableType:
    """A table too wide for the window, as one block of fields per row: nothing left out."""
    parts: list[RenderableType] = []
    if table.title:
        parts.append(_text(table.title, style="bold"))
    for row in table.rows:
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for column, cell in zip(table.columns, row.cells, strict=True):
            grid.add_row(_text(column.header), _cell(cell))
        parts += [grid, Text("")]
    return Group(*parts)


def print_page(doc: Page, console: Console | None = None) -> None:
    """Print ``doc`` on a terminal (or ``console``), a blank line between blocks."""
    console = console or Console(highlight=False, emoji=False)
    for i, block in enumerate(doc):
        if i:
            console.print()
        console.print(_block(block, console.width, console.no_color or not console.color_system))
