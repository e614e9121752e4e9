"""Edits to a plan's text that change only the bytes they must.

A plan is reviewed as a diff in a pull request, so an edit must show up as exactly that edit:
comments, quoting, key order, blank lines, indentation, line endings and a missing final newline
all stay as they were. :class:`PlanEditor` never re-serialises the document. It finds the YAML
node to change from its position in the text and splices in new text: a value in place of the
old one (keeping its quoting), a new key where the house layout puts it, or a new list item after
the last one, indented like its siblings.

After every splice the text is parsed again and its data compared with the data intended; any
difference raises :class:`EditError`, and nothing is written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scrplan.errors import EditError
from scrplan.model import ENTRY_LAYOUT, ITEM_LAYOUT, PLAN_LAYOUT
from scrplan.source import Source, parse_source
from scrplan.yamltext import foldable, scalar, wrap

# A new key goes after the last key present that comes before it in the house layout.
KEY_ORDER = [*PLAN_LAYOUT, *ITEM_LAYOUT, *ENTRY_LAYOUT]

WRAP = 92
"""Long text is written as a folded block, wrapped before this column."""

LONG = 72
"""Text longer than this (or with line breaks) is written as a folded block."""

YamlPath = tuple[str | int, ...]
Value = str | list[str]


class PlanEditor:
    """A plan's text, and splices that change it.

    Args:
        text: the file's text without its BOM, line endings as in the file.
        name: the file's name, for messages.
    """

    def __init__(self, text: str, name: str = "plan") -> None:
        self.name = name
        self.text = text
        first = text.find("\n")
        self.newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
        self.root, self.expected = self._parse(text)

    # --- the operations ---

    def set(self, path: YamlPath, value: Value) -> bool:
        """Set the value of the key at ``path``, adding the key where the layout puts it.

        Returns:
            False when the value was already exactly that: the text is left as it is.
        """
        parent_path, key = path[:-1], str(path[-1])
        mapping = self._mapping(parent_path)
        parent = _walk(self.expected, parent_path)
        old = parent.get(key)
        # A block's text ends with a newline that is not part of what was written.
        if old == value or (isinstance(old, str) and old.endswith("\n") and old[:-1] == value):
            return False
        node = next((v for k, v in mapping.value if k.value == key), None)
        if node is None:
            lines, data = self._key_lines(key, value, _first_key_column(mapping))
            new_text = self._insert(self._after_key(mapping, key), lines)
        else:
            new_text, data = self._replace(node, value)
        self._commit(new_text, parent_path, key, data)
        return True

    def append(self, path: YamlPath, item: dict[str, str]) -> None:
        """Add ``item`` at the end of the list at ``path``, making the list if it is missing
        or empty. The item is a mapping of text fields, such as a progress entry."""
        parent_path, key = path[:-1], str(path[-1])
        mapping = self._mapping(parent_path)
        parent = _walk(self.expected, parent_path)
        node = next((v for k, v in mapping.value if k.value == key), None)
        if isinstance(node, SequenceNode) and node.value and node.flow_style:
            new_text, data = self._append_flow(node, item)
        elif isinstance(node, SequenceNode) and node.value:
            new_text, data = self._append_block(node, item)
        elif node is None:
            lines, data = self._key_lines(key, [item], _first_key_column(mapping))
            new_text = self._insert(self._after_key(mapping, key), lines)
            data = data[0]
        elif _is_empty(node):
            new_text, data = self._fill_empty(mapping, node, key, item)
        else:
            raise EditError(f"{self.name}: `{key}` is not a list, so nothing can be added to it")
        items = list(parent.get(key) or [])
        self._commit(new_text, parent_path, key, [*items, data])

    def remove(self, path: YamlPath) -> bool:
        """Remove the key at ``path`` and its value (whole lines). False if it is not there."""
        parent_path, key = path[:-1], str(path[-1])
        mapping = self._mapping(parent_path)
        pair = next(((k, v) for k, v in mapping.value if k.value == key), None)
        if pair is None:
            return False
        key_node, value_node = pair
        start = self.text.rfind("\n", 0, key_node.start_mark.index) + 1
        if self.text[start : key_node.start_mark.index].strip() or len(mapping.value) == 1:
            raise EditError(f"{self.name}: `{key}` cannot be removed here; edit the file by hand")
        end = self._line_after(_last_end(self.text, value_node))
        if end >= len(self.text) and not self.text.endswith("\n"):
            start = max(start - len(self.newline), 0)  # keep the file without a final newline
        expected = copy.deepcopy(self.expected)
        del _walk(expected, parent_path)[key]
        self._accept(self.text[:start] + self.text[end:], expected)
        return True

    # --- parsing and checking ---

    def _parse(self, text: str) -> tuple[Node, Any]:
        source = Source(self.name, text)
        problems = parse_source(source)
        if problems or source.root is None:
            detail = problems[0].message if problems else "the file is empty"
            raise EditError(
                f"{self.name}: scrplan cannot make this change here, because of how this part "
                f"of the file is written ({detail}); nothing was written, so make the change "
                "by hand"
            )
        return source.root, source.data

    def _commit(self, new_text: str, parent_path: YamlPath, key: str, data: Any) -> None:
        """Take ``new_text`` if it reads back as the old data with only this key changed."""
        expected = copy.deepcopy(self.expected)
        _walk(expected, parent_path)[key] = data
        self._accept(new_text, expected)

    def _accept(self, new_text: str, expected: Any) -> None:
        root, actual = self._parse(new_text)
        if actual != expected:
            raise EditError(
                f"{self.name}: scrplan could not make this edit without changing something "
                "else, so nothing was written; make it by hand, or report this as a bug"
            )
        self.text, self.root, self.expected = new_text, root, actual

    def _mapping(self, path: YamlPath) -> MappingNode:
        node: Node = self.root
        for part in path:
            found: Node | None = None
            if isinstance(node, MappingNode):
                found = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                found = node.value[part] if 0 <= part < len(node.value) else None
            if found is None:
                break
            node = found
        else:
            if isinstance(node, MappingNode):
                return node
        where = ".".join(str(p) for p in path) or "the top of the file"
        raise EditError(f"{self.name}: there is no set of fields at {where} to change")

    # --- rendering ---

    def _scalar(self, value: str, indent: int, style: str = "") -> tuple[list[str], str]:
        """``value`` as what follows ``key: ``, and the data that reads back: long text as a
        folded block, which reads back with a final newline (strip chomping, ``>-``, in a file
        that has no final newline: a block that ends the file would have none)."""
        if (_is_long(value) or style in (">", "|")) and _foldable(value):
            if self.text.endswith("\n"):
                return [">", *_folded(value, indent)], value + "\n"
            return [">-", *_folded(value, indent)], value
        return [scalar(value, style=style)], value

    def _key_lines(self, key: str, value: Any, col: int) -> tuple[list[str], Any]:
        """``key: value`` at column ``col``, as lines, and the value's data."""
        pad = " " * col
        if isinstance(value, list) and value and isinstance(value[0], dict):
            dash = col + 2 if self._dashes_indented() else col
            lines, items = [f"{pad}{key}:"], []
            for item in value:
                item_lines, data = self._item_lines(item, dash, dash + 2)
                lines += item_lines
                items.append(data)
            return lines, items
        if isinstance(value, list):
            return [f"{pad}{key}: {_flow_list(value)}"], list(value)
        text, data = self._scalar(value, col + 2)
        return [f"{pad}{key}: {text[0]}", *text[1:]], data

    def _item_lines(self, item: dict[str, str], dash: int, content: int) -> tuple[list[str], Any]:
        lines: list[str] = []
        data: dict[str, str] = {}
        for i, (key, value) in enumerate(item.items()):
            text, data[key] = self._scalar(value, content + 2)
            prefix = " " * dash + "-" + " " * (content - dash - 1) if i == 0 else " " * content
            lines += [f"{prefix}{key}: {text[0]}", *text[1:]]
        return lines, data

    def _dashes_indented(self) -> bool:
        """Whether this file indents a list's dashes under its key (the house layout)."""
        match = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\r?\n( *)- ", self.text, re.M)
        return match is None or len(match[2]) > len(match[1])

    # --- splices ---

    def _replace(self, node: Node, value: Value) -> tuple[str, Any]:
        text = self.text
        start, end = node.start_mark.index, node.end_mark.index
        col = _key_column(text, start)
        if isinstance(node, SequenceNode) and not node.flow_style:
            # A block list is replaced line for line, dashes where they were.
            first = text.rfind("\n", 0, start) + 1
            after = self._line_after(_last_end(text, node))
            if any(line.lstrip().startswith("#") for line in text[first:after].splitlines()):
                raise EditError(
                    f"{self.name}: the list being replaced has comments between its items, "
                    "which scrplan will not drop; make this change by hand"
                )
            items = value if isinstance(value, list) else [value]
            dash = _dash_column(text, node.value[0])
            lines = [" " * dash + "- " + scalar(v) for v in items]
            return self._splice_lines(first, after, lines), list(items)
        block = isinstance(node, ScalarNode) and node.style in ("|", ">")
        if block:
            # Keep the header's comment (`>-  # from the minutes`); replace the text below.
            header_end = text.find("\n", start)
            header = text[start : len(text) if header_end < 0 else header_end].rstrip("\r")
            indicator = re.match(r"[|>][0-9+-]*", header)
            comment = header[indicator.end() :] if indicator else ""
            end = _content_end(text, node)
        if isinstance(value, list):
            new = _flow_list(value)
            if block:
                return text[:start] + new + comment + text[end:], list(value)
            return text[:start] + new + _keep_comment_column(text[end:], end - start, len(new)), (
                list(value)
            )
        if block and isinstance(node, ScalarNode):
            indent = _block_indent(text, node) or col + 2
            lines, data = self._scalar(value, indent, ">")
            if node.style == "|" and not _is_long(value):
                lines, data = ["|", " " * indent + value], value + "\n"
            if lines[0] in (">", "|") and not node.value.endswith("\n"):
                lines[0] += "-"  # keep the "strip" chomping the file used
                data = data[:-1]
            lines[0] += comment
            return text[:start] + self.newline.join(lines) + text[end:], data
        style = node.style if isinstance(node, ScalarNode) else ""
        lines, data = self._scalar(value, col + 2, style or "")
        # An empty value (`rag:`) is a zero-width span right after the colon.
        gap = " " if start == end else ""
        if len(lines) == 1:
            return text[:start] + gap + lines[0] + _keep_comment_column(
                text[end:], end - start, len(gap + lines[0])
            ), data
        # Short text becomes a block. A comment after the old value moves up to the block's
        # first line, so that it does not become part of the text.
        line_end = self._line_after(end)
        tail = text[end:line_end].rstrip("\r\n")
        body = self.newline.join(lines[1:])
        return text[:start] + gap + lines[0] + tail + self.newline + body + self._eol(
            line_end
        ) + text[line_end:], data

    def _append_block(self, seq: SequenceNode, item: dict[str, str]) -> tuple[str, Any]:
        last = seq.value[-1]
        dash = _dash_column(self.text, last)
        lines, data = self._item_lines(item, dash, last.start_mark.column)
        index = self._skip_owned_comments(self._line_after(_last_end(self.text, last)), dash)
        return self._insert(index, lines), data

    def _append_flow(self, seq: SequenceNode, item: dict[str, str]) -> tuple[str, Any]:
        close = seq.end_mark.index - 1
        fields = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in item.items())
        text = self.text
        return text[:close].rstrip(" ") + ", {" + fields + "}" + text[close:], dict(item)

    def _fill_empty(
        self, mapping: MappingNode, node: Node, key: str, item: dict[str, str]
    ) -> tuple[str, Any]:
        """Put a list where the value is empty: nothing, ``~``, ``null`` or ``[]``."""
        key_node = next(k for k, v in mapping.value if v is node)
        lines, data = self._key_lines(key, [item], key_node.start_mark.column)
        text = self.text
        start, end = node.start_mark.index, node.end_mark.index
        if end > start:
            text = text[:start].rstrip(" ") + text[end:]
        line_end = text.find("\n", key_node.end_mark.index)
        index = len(text) if line_end < 0 else line_end + 1
        return _insert(text, index, lines[1:], self.newline), data[0]

    def _after_key(self, mapping: MappingNode, key: str) -> int:
        """Where a new ``key`` goes in ``mapping``: after the last key that comes before it in
        the house order, past comment lines that belong to that key's value."""
        rank = _rank(key)
        earlier = [pair for pair in mapping.value if _rank(pair[0].value) <= rank]
        _, anchor = earlier[-1] if earlier else mapping.value[-1]
        index = self._line_after(_last_end(self.text, anchor))
        return self._skip_owned_comments(index, _first_key_column(mapping))

    # --- text helpers ---

    def _insert(self, index: int, lines: Sequence[str]) -> str:
        return _insert(self.text, index, lines, self.newline)

    def _splice_lines(self, start: int, end: int, lines: Sequence[str]) -> str:
        return self.text[:start] + self.newline.join(lines) + self._eol(end) + self.text[end:]

    def _eol(self, index: int) -> str:
        """The line ending to put before ``index``: none at the very end of a file that has
        no final newline."""
        return "" if index >= len(self.text) and not self.text.endswith("\n") else self.newline

    def _line_after(self, index: int) -> int:
        """The index just past the line that holds the character before ``index``."""
        newline = self.text.find("\n", max(index - 1, 0))
        return len(self.text) if newline < 0 else newline + 1

    def _skip_owned_comments(self, index: int, col: int) -> int:
        """Past the comment lines at ``index`` that are indented deeper than ``col``: they
        belong to the value above them."""
        text = self.text
        while index < len(text):
            newline = text.find("\n", index)
            line = text[index : len(text) if newline < 0 else newline]
            body = line.lstrip(" ")
            if not body.startswith("#") or len(line) - len(body) <= col:
                break
            index = len(text) if newline < 0 else newline + 1
        return index


# --- helpers ---------------------------------------------------------------------------------


def _keep_comment_column(rest: str, old_width: int, new_width: int) -> str:
    """``rest`` (the text after a replaced value) with the gap before an end-of-line comment
    resized, so the comment stays in its column when it can."""
    match = re.match(r"( +)#", rest)
    if match is None:
        return rest
    gap = len(match[1])
    wanted = max(gap + old_width - new_width, 2 if gap >= 2 else 1)
    return " " * wanted + rest[gap:]


def _walk(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _rank(key: str) -> int:
    return KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)


def _insert(text: str, index: int, lines: Sequence[str], newline: str) -> str:
    block = newline.join(lines)
    if index >= len(text) and text and not text.endswith("\n"):
        return text + newline + block  # no final newline before: none after
    return text[:index] + block + newline + text[index:]


def _is_empty(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return bool(node.tag.endswith(":null"))
    return isinstance(node, SequenceNode) and not node.value


def _is_long(value: str) -> bool:
    return "\n" in value or len(value) > LONG


def _foldable(value: str) -> bool:
    """Whether a folded block gives back exactly ``value``, each line a paragraph."""
    return all(foldable(line) for line in value.split("\n"))


def _folded(value: str, indent: int) -> list[str]:
    """The lines of a folded (``>``) block for ``value``: each line of the value a paragraph,
    a blank line between paragraphs."""
    out: list[str] = []
    for number, paragraph in enumerate(value.split("\n")):
        if number:
            out.append("")
        out += [" " * indent + line for line in wrap(paragraph, WRAP - indent)]
    return out


def _first_key_column(mapping: MappingNode) -> int:
    return int(mapping.value[0][0].start_mark.column)


def _content_end(text: str, node: Node) -> int:
    """The end of a block scalar's last line of text (its span includes blank lines after)."""
    start, end = node.start_mark.index, node.end_mark.index
    return start + len(text[start:end].rstrip())


def _block_indent(text: str, node: Node) -> int:
    """The indentation of a block scalar's text."""
    body = text[node.start_mark.index : node.end_mark.index].split("\n")[1:]
    lines = [line for line in body if line.strip()]
    return len(lines[0]) - len(lines[0].lstrip(" ")) if lines else 0


def _last_end(text: str, node: Node) -> int:
    """Where the text of ``node`` and all under it ends: block collections' ends, as PyYAML
    marks them, include the blank lines and comments that follow."""
    while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        return _content_end(text, node)
    return int(node.end_mark.index)


def _key_column(text: str, index: int) -> int:
    """The column of the key on the line of ``index`` (past a list item's dash)."""
    line = text[text.rfind("\n", 0, index) + 1 : index]
    match = re.match(r" *(?:- +)*", line)
    return len(match[0]) if match else 0


def _dash_column(text: str, item: Node) -> int:
    """The column of the ``-`` that starts a block list item."""
    dash = text.rfind("-", 0, item.start_mark.index)
    return dash - (text.rfind("\n", 0, dash) + 1)


def _flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"
