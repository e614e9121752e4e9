"""Plan data as YAML text, in the house layout of ``plans/child-m.yaml``.

Used where scrplan writes a whole plan (``scrplan import``); edits never re-serialise a plan.
The text is meant to be read and edited by hand, so the layout is chosen for people:

* Fields in the order the data gives them; a blank line before each top-level list or mapping
  and between recommendations; nested lists indented two spaces under their key.
* Text that ends with a line break is prose (a learning point, a note) and is written as a
  folded block (``>``), wrapped at about 90 columns, one blank line between paragraphs. Long
  text without a final line break is folded too, with ``>-`` so that none is added.
* Short text is written plain when YAML reads it back as the same text, and in quotes when it
  would not (``yes``, ``7.1``, ``: `` inside, a leading ``-`` or ``&``...). An ``id`` that is
  text is always quoted (``"10.1.2"``), as ``docs/format.md`` asks, so ids look alike.
* Comments (``comments``, by the path of the value) go on the lines above the value.

Whatever the layout, the text always reads back (with :mod:`scrplan.plan.yamltree`) as exactly
the data that was given: the tests check this on awkward text.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from scrplan.edit.yamltext import double_quoted, foldable, printable, scalar, wrap
from scrplan.plan.schema import MODELINE

WIDTH = 90

CommentPath = tuple[str | int, ...]

_QUOTED_KEYS = frozenset({"id"})


def plan_yaml(
    data: Mapping[str, Any],
    *,
    header: Sequence[str] = (),
    comments: Mapping[CommentPath, Sequence[str]] | None = None,
    width: int = WIDTH,
) -> str:
    """Write plan data as YAML text in the house layout.

    Args:
        data: the plan as plain data: mappings with string keys, lists, strings, integers,
            floats, booleans, None (dates are written as ``YYYY-MM-DD`` text).
        header: comment lines for the top of the file, after the schema modeline.
        comments: comment lines to put above the value at each path, e.g.
            ``{("recommendations", 3, "progress", 0): ["Check: ..."]}``.
        width: the column to wrap text and comments at.

    Returns:
        The file's text, ending in a single line break.
    """
    out = _Writer(comments or {}, width)
    lines = [MODELINE]
    if header:
        lines.append("#")
        lines += out.comment_lines(header, 0)
        lines.append("")
    out.lines = lines
    if data:
        out.mapping(data, 0, (), top=True)
    else:
        lines.append("{}")
    return "\n".join(out.lines) + "\n"


class _Writer:
    def __init__(self, comments: Mapping[CommentPath, Sequence[str]], width: int) -> None:
        self.comments = comments
        self.width = width
        self.lines: list[str] = []

    # --- structure ---

    def comment_lines(self, texts: Sequence[str], indent: int) -> list[str]:
        pad = " " * indent
        out = []
        for text in texts:
            wrapped = textwrap.wrap(
                text, self.width - indent - 2, break_long_words=False, break_on_hyphens=False
            )
            out += [f"{pad}# {line}" for line in wrapped or [""]]
        return [_visible(line.rstrip()) for line in out]

    def comment(self, path: CommentPath, indent: int) -> None:
        if path in self.comments:
            self.lines += self.comment_lines(self.comments[path], indent)

    def mapping(
        self, data: Mapping[str, Any], indent: int, path: CommentPath, *, top: bool = False
    ) -> None:
        for number, (key, value) in enumerate(data.items()):
            if not isinstance(key, str):
                raise TypeError(f"keys must be text, not {key!r}")
            here = (*path, key)
            block = isinstance(value, (dict, list)) and bool(value)
            if top and block and number and self.lines[-1] != "":
                self.lines.append("")
            self.comment(here, indent)
            lead = f"{' ' * indent}{_key(key)}:"
            if key in _QUOTED_KEYS and isinstance(value, str) and printable(value):
                self.lines.append(f"{lead} {scalar(value, force=True)}")
            else:
                self.entry(lead, value, indent, here, top=top)

    def entry(
        self, lead: str, value: Any, indent: int, path: CommentPath, *, top: bool = False
    ) -> None:
        """Write ``lead`` (``key:`` or ``-``) and its value, on this line or those below."""
        if isinstance(value, dict) and value:
            if lead.endswith("-"):  # a mapping in a list starts on the dash's line
                self.item_mapping(lead, value, indent + 2, path)
            else:
                self.lines.append(lead)
                self.mapping(value, indent + 2, path)
        elif isinstance(value, list) and value:
            self.sequence(lead, value, indent, path, top=top)
        else:
            self.scalar(lead, value, indent + 2)

    def item_mapping(
        self, lead: str, value: Mapping[str, Any], indent: int, path: CommentPath
    ) -> None:
        start = len(self.lines)
        self.mapping(value, indent, path)
        # The first key goes on the dash's line; any comment for it goes above the dash.
        first = next(i for i in range(start, len(self.lines)) if not _is_comment(self.lines[i]))
        self.lines[first] = lead + self.lines[first][len(lead) :]

    def sequence(
        self, lead: str, items: list[Any], indent: int, path: CommentPath, *, top: bool
    ) -> None:
        commented = any((*path, i) in self.comments for i in range(len(items)))
        if all(_is_scalar(v) for v in items) and not commented:
            flow = _flow(items)
            if flow is not None and len(lead) + 1 + len(flow) <= self.width:
                self.lines.append(f"{lead} {flow}")
                return
        self.lines.append(lead)
        dash = indent + 2
        for number, item in enumerate(items):
            if top and number and isinstance(item, dict):
                self.lines.append("")
            self.comment((*path, number), dash)
            self.entry(f"{' ' * dash}-", item, dash, (*path, number))

    # --- scalars ---

    def scalar(self, lead: str, value: Any, indent: int) -> None:
        """``lead`` and a scalar: inline, or as a folded block indented by ``indent``."""
        if isinstance(value, str):
            block = self.folded(value, indent, len(lead) + 1)
            if block is not None:
                self.lines.append(f"{lead} {block[0]}")
                self.lines += block[1:]
                return
        self.lines.append(f"{lead} {_inline(value)}")

    def folded(self, text: str, indent: int, used: int) -> list[str] | None:
        """``text`` as a folded block (header line first), or None if it belongs on one line."""
        prose = text.endswith("\n")
        body = text[:-1] if prose else text
        if not prose and "\n" not in body and used + len(_inline(body)) <= self.width:
            return None
        paragraphs = body.split("\n")
        if not all(foldable(p) for p in paragraphs):
            return None
        pad = " " * indent
        lines = [">" if prose else ">-"]
        for number, paragraph in enumerate(paragraphs):
            if number:
                lines.append("")
            lines += [pad + line for line in wrap(paragraph, self.width - indent)]
        return lines


def _visible(text: str) -> str:
    """``text`` with each character YAML does not allow, even in a comment, escaped."""
    if printable(text):
        return text
    return "".join(ch if printable(ch) else double_quoted(ch)[1:-1] for ch in text)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or not value


def _key(key: str) -> str:
    return scalar(key, flow=True)


def _inline(value: Any, *, flow: bool = False) -> str:
    """A scalar (or an empty list or mapping) on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        # YAML 1.1 needs a dot in a float: 1e+20 would read back as text.
        return text if "." in text or "e" not in text else text.replace("e", ".0e", 1)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return scalar(value, flow=flow)
    if value == [] or value == {}:
        return "[]" if isinstance(value, list) else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _flow(items: list[Any]) -> str | None:
    """``[a, b]`` for a short list of scalars, or None if an item needs a block."""
    parts = []
    for item in items:
        if isinstance(item, (dict, list)):
            return None
        if isinstance(item, str) and not printable(item):
            return None
        parts.append(_inline(item, flow=True))
    return "[" + ", ".join(parts) + "]"
