"""A page as GitHub-flavoured Markdown: for pull-request comments, wikis and reports.

Text from plans is escaped so that it shows as written: pipes, emphasis, links and HTML tags
are text, never Markdown. A comment posted by CI must not notify anyone a plan names, so
``@name`` is shown as written but mentions no one; characters that could hide or reorder text
are shown as visible stand-ins.
"""

from __future__ import annotations

import re

from scrplan.output.blocks import (
    Block,
    Fields,
    Heading,
    Page,
    Para,
    RagBar,
    bar_legend,
    cell_text,
)
from scrplan.words import UNSAFE, visible

# GitHub reads @name as a mention unless a letter, digit or _ comes just before it.
_MENTION = re.compile(r"(?<![0-9A-Za-z_])@(?=[0-9A-Za-z])")
_ESCAPED = "*_`[]<>&"
# What md_escape changes: hidden characters, backslashes, pipes and the characters above.
_SPECIAL = re.compile(f"[{UNSAFE}\\\\|{re.escape(_ESCAPED)}]")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks as ``<br>``.

    ``&`` is escaped too, so that text such as ``&lt;`` shows as written, not as ``<``. A
    zero-width space, written as ``&#8203;``, goes after the ``@`` of ``@octocat`` or
    ``@github/team``: the comment shows the name but notifies no one.
    """
    out = text
    # Most text has nothing to escape: one search says so (a board report escapes hundreds
    # of thousands of cells).
    if _SPECIAL.search(out) is not None:
        out = visible(out).replace("\\", "\\\\").replace("|", "\\|")
        for ch in _ESCAPED:
            out = out.replace(ch, "\\" + ch)
    if "@" in out:
        out = _MENTION.sub("@&#8203;", out)
    if "\n" not in out:
        return out.strip()
    return "<br>".join(line.strip() for line in out.strip().split("\n"))


def to_markdown(doc: Page) -> str:
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
            f"- **{md_escape(label)}:** {md_escape(cell_text(value))}"
            for label, value in block.pairs
        )
    if isinstance(block, RagBar):
        return f"**{block.label}:** {bar_legend(block.parts)}"
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
