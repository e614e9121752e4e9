"""Edits to a plan's text that change only the bytes they must.

A plan is reviewed as a diff in a pull request, so an edit must show up as exactly that edit:
comments, quoting, key order, blank lines, indentation, line endings and a missing final newline
all stay as they were. :class:`PlanEditor` never re-serialises the document. It finds the YAML
node to change from its position in the text and splices in new text: a value in place of the
old one (keeping its quoting), a new key where the house layout puts it, or a new list item after
the last one, indented like its siblings.

The text is parsed once before the edit (by the loader) and once after it: each splice moves the
positions of the nodes after it instead of parsing the text again. When the edit is finished
(:meth:`PlanEditor.result`), the new text is parsed and its data compared with the data intended;
if they differ, the same operations are made again one at a time, each checked by parsing (the
careful way, which also finds which one failed), and any difference then raises
:class:`EditError`: nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scrplan.edit.yamltext import foldable, scalar, wrap
from scrplan.errors import EditError
from scrplan.plan.model import ENTRY_LAYOUT, ITEM_LAYOUT, PLAN_LAYOUT
from scrplan.plan.yamltree import BOM, PlanText, parse_plan_text

# A new key goes after the last key present that comes before it in the house layout.
KEY_ORDER = [*PLAN_LAYOUT, *ITEM_LAYOUT, *ENTRY_LAYOUT]

WRAP = 92
"""Long text is written as a folded block, wrapped before this column."""

LONG = 72
"""Text longer than this (or with line breaks) is written as a folded block."""

YamlPath = tuple[str | int, ...]
Value = str | int | list[str] | dict[str, Any]

_STR = "tag:yaml.org,2002:str"


class PlanEditor:
    """A plan's text, and splices that change it.

    Args:
        text: the file's text without its BOM, line endings as in the file; or a parsed
            :class:`PlanText` (as the loader keeps it), whose node tree is then used instead
            of parsing the text again.
        name: the file's name, for messages (taken from ``text`` when it is a PlanText).
    """

    def __init__(self, text: str | PlanText, name: str = "plan") -> None:
        if isinstance(text, PlanText):
            self.name, self.bom = text.path, text.bom
            original = text.text
            if text.root is None:
                self.root, self.expected = self._parse(original)
            else:
                self.root, self.expected = text.root, text.data
        else:
            self.name, self.bom, original = name, False, text
            self.root, self.expected = self._parse(original)
        self._original = original
        self._text = original
        first = original.find("\n")
        self.newline = "\r\n" if first > 0 and original[first - 1] == "\r" else "\n"
        self._ops: list[tuple[str, tuple[Any, ...]]] = []
        self._touched: list[YamlPath] = []  # values spliced since the text was last parsed
        self._checked = True
        self.careful = False
        """Parse and check after every operation (the way a failed quick edit is redone)."""
        self.redone = False
        """True when the quick edit did not read back as intended and was redone carefully."""

    # --- the result ---

    @property
    def text(self) -> str:
        """The text as edited so far, checked: it reads back as the data intended."""
        self._check()
        return self._text

    def result(self) -> PlanText:
        """The edited text, parsed: its node tree and data, ready to be validated as a plan
        without parsing it again."""
        self._check()
        return PlanText(self.name, (BOM if self.bom else "") + self._text, self.root, self.expected)

    def _check(self) -> None:
        if self._checked:
            return
        try:
            root, actual = self._parse(self._text)
        except EditError:
            actual = root = None
        if root is None or actual != self.expected:
            self._redo_carefully()
            return
        self.root, self._checked, self._touched = root, True, []

    def _redo_carefully(self) -> None:
        """Make every operation again from the original text, parsing after each one."""
        again = PlanEditor(self._original, self.name)
        again.careful = True
        for method, args in self._ops:
            getattr(again, method)(*args)
        self._text, self.root, self.expected = again._text, again.root, again.expected
        self._checked, self._touched, self.redone = True, [], True

    # --- the operations ---

    def set(self, path: YamlPath, value: Value) -> bool:
        """Set the value of the key at ``path``, adding the key where the layout puts it.

        Returns:
            False when the value was already exactly that: the text is left as it is.
        """
        parent_path, key = path[:-1], str(path[-1])
        self._fresh(path)
        mapping = self._mapping(parent_path)
        parent = _walk(self.expected, parent_path)
        old = parent.get(key)
        # A block's text ends with a newline that is not part of what was written.
        if old == value or (isinstance(old, str) and old.endswith("\n") and old[:-1] == value):
            return False
        self._ops.append(("set", (path, value)))
        pair = next(((k, v) for k, v in mapping.value if k.value == key), None)
        if pair is None:
            lines, data = self._key_lines(key, value, _first_key_column(mapping))
            self._insert_key(mapping, key, lines)
        else:
            if isinstance(value, dict) or isinstance(pair[1], MappingNode):
                start, end, new, data = self._replace_fields(*pair, value)
            else:
                start, end, new, data = self._replace(pair[1], value)
            self._splice(start, end, new)
            if not isinstance(pair[1], ScalarNode) or not isinstance(value, str):
                # The old value's nodes are gone: a stand-in marks where the new one ends.
                mapping.value[mapping.value.index(pair)] = (pair[0], self._stand_in(start, new))
        parent[key] = data
        self._done(path)
        return True

    def append(self, path: YamlPath, item: Mapping[str, Value]) -> None:
        """Add ``item`` at the end of the list at ``path``, making the list if it is missing
        or empty. The item is a mapping of fields, such as a progress entry or a new
        recommendation; where the list's items are kept apart by blank lines, so is this one."""
        parent_path, key = path[:-1], str(path[-1])
        self._fresh(path)
        mapping = self._mapping(parent_path)
        parent = _walk(self.expected, parent_path)
        node = next((v for k, v in mapping.value if k.value == key), None)
        self._ops.append(("append", (path, item)))
        if isinstance(node, SequenceNode) and node.value and node.flow_style:
            start, end, new, data = self._append_flow(node, item)
            self._splice(start, end, new)
        elif isinstance(node, SequenceNode) and node.value:
            index, lines, data = self._append_block(node, item)
            start, end, new = self._insertion(index, lines)
            self._splice(start, end, new)
            node.value.append(self._stand_in(start, new))
        elif node is None:
            lines, items = self._key_lines(key, [item], _first_key_column(mapping))
            self._insert_key(mapping, key, lines)
            data = items[0]
        elif _is_empty(node):
            start, end, new, data = self._fill_empty(mapping, node, key, item)
            self._splice(start, end, new)
            pair = next(p for p in mapping.value if p[1] is node)
            mapping.value[mapping.value.index(pair)] = (pair[0], self._stand_in(start, new))
        else:
            self._ops.pop()
            raise EditError(f"{self.name}: `{key}` is not a list, so nothing can be added to it")
        parent[key] = [*(parent.get(key) or []), data]
        self._done(path)

    def remove(self, path: YamlPath) -> bool:
        """Remove the key at ``path`` and its value (whole lines). False if it is not there."""
        parent_path, key = path[:-1], str(path[-1])
        self._fresh(path)
        mapping = self._mapping(parent_path)
        pair = next(((k, v) for k, v in mapping.value if k.value == key), None)
        if pair is None:
            return False
        key_node, value_node = pair
        text = self._text
        start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        if text[start : key_node.start_mark.index].strip() or len(mapping.value) == 1:
            raise EditError(f"{self.name}: `{key}` cannot be removed here; edit the file by hand")
        self._ops.append(("remove", (path,)))
        end = self._line_after(_last_end(text, value_node))
        if end >= len(text) and not text.endswith("\n"):
            start = max(start - len(self.newline), 0)  # keep the file without a final newline
        mapping.value.remove(pair)
        self._splice(start, end, "")
        del _walk(self.expected, parent_path)[key]
        self._done(path)
        return True

    # --- keeping the node tree in step with the text ---

    def _fresh(self, path: YamlPath) -> None:
        """Parse the text again before changing ``path`` if an earlier splice changed it, or a
        value inside or around it: those nodes no longer match the text."""
        if any(_overlaps(path, touched) for touched in self._touched):
            self._check()
            self._touched = []

    def _done(self, path: YamlPath) -> None:
        self._checked = False
        self._touched.append(path)
        if self.careful:
            root, actual = self._parse(self._text)
            if actual != self.expected:
                raise EditError(
                    f"{self.name}: scrplan could not make this edit without changing something "
                    "else, so nothing was written; make it by hand, or report this as a bug"
                )
            self.root, self._checked, self._touched = root, True, []

    def _splice(self, start: int, end: int, new: str) -> None:
        """Replace ``text[start:end]`` by ``new``, and move the position of every node after
        it, so that later operations find their nodes without parsing the text again."""
        old = self._text
        text = old[:start] + new + old[end:]
        delta = len(new) - (end - start)
        lines = new.count("\n") - old.count("\n", start, end)
        line_end = old.find("\n", end)
        line_end = len(old) if line_end < 0 else line_end
        new_line_start = text.rfind("\n", 0, start + len(new)) + 1
        insertion = start == end

        def moved(mark: Mark, is_end: bool, leaf: bool) -> Mark:
            index = mark.index
            if index < end or (insertion and index == end and is_end and leaf):
                return mark
            column = mark.column
            if index <= line_end:  # on the line the splice ends on
                column = index + delta - new_line_start
            return Mark(mark.name, index + delta, mark.line + lines, column, None, 0)

        for node in _nodes(self.root):
            leaf = isinstance(node, ScalarNode)
            node.start_mark = moved(node.start_mark, False, leaf)
            # A block's span runs on over the blank lines after its text; what is spliced in
            # there comes after the block, so the block ends where the splice starts.
            if (
                isinstance(node, ScalarNode)
                and node.style in ("|", ">")
                and node.end_mark.index >= end
                and _content_end(old, node) <= start
            ):
                node.end_mark = _mark(text, start)
                continue
            node.end_mark = moved(node.end_mark, True, leaf)
        self._text = text

    def _insert_key(self, mapping: MappingNode, key: str, lines: list[str]) -> None:
        """Insert ``key: value`` lines where the layout puts ``key``, and a stand-in for the
        new pair in ``mapping``, so that a later key is placed after it."""
        index = self._after_key(mapping, key)
        start, end, new = self._insertion(index, lines)
        self._splice(start, end, new)
        column = _first_key_column(mapping)
        key_start = start + (len(self.newline) if new.startswith(self.newline) else 0) + column
        value_end = start + len(new.rstrip("\r\n"))
        key_node = ScalarNode(_STR, key, _mark(self._text, key_start), _mark(self._text, key_start))
        value_node = self._stand_in(value_end, "")
        at = next(
            (i for i, (k, _) in enumerate(mapping.value) if k.start_mark.index > key_start),
            len(mapping.value),
        )
        mapping.value.insert(at, (key_node, value_node))

    def _stand_in(self, start: int, new: str) -> ScalarNode:
        """A node in place of what a splice wrote at ``start``: it ends where ``new`` does,
        which is all that placing later keys and list items needs to know of it."""
        end = start + len(new.rstrip("\r\n"))
        return ScalarNode(_STR, "", _mark(self._text, start), _mark(self._text, end))

    # --- parsing and checking ---

    def _parse(self, text: str) -> tuple[Node, Any]:
        plan_text = PlanText(self.name, text)
        problems = parse_plan_text(plan_text)
        if problems and problems[0].code == "bad-character":  # in text given to the edit
            raise EditError(f"{self.name}: {problems[0].message}; nothing was written")
        if problems or plan_text.root is None:
            detail = problems[0].message if problems else "the file is empty"
            raise EditError(
                f"{self.name}: scrplan cannot make this change here, because of how this part "
                f"of the file is written ({detail}); nothing was written, so make the change "
                "by hand"
            )
        return plan_text.root, plan_text.data

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

    def _scalar(self, value: str | int, indent: int, style: str = "") -> tuple[list[str], Any]:
        """``value`` as what follows ``key: ``, and the data that reads back: long text as a
        folded block, which reads back with a final newline (strip chomping, ``>-``, in a file
        that has no final newline: a block that ends the file would have none). A whole
        number is written plain (``rag: 2``), as a number."""
        if isinstance(value, int):
            return [str(value)], value
        if (_is_long(value) or style in (">", "|")) and _foldable(value):
            if self._text.endswith("\n"):
                return [">", *_folded(value, indent)], value + "\n"
            return [">-", *_folded(value, indent)], value
        return [scalar(value, style=style)], value

    def _key_lines(self, key: str, value: Any, col: int) -> tuple[list[str], Any]:
        """``key: value`` at column ``col``, as lines, and the value's data."""
        pad = " " * col
        if isinstance(value, dict):
            lines, fields = [f"{pad}{key}:"], {}
            for name, inner in value.items():
                inner_lines, fields[name] = self._key_lines(name, inner, col + 2)
                lines += inner_lines
            return lines, fields
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

    def _item_lines(
        self, item: Mapping[str, Value], dash: int, content: int
    ) -> tuple[list[str], Any]:
        lines: list[str] = []
        data: dict[str, Any] = {}
        for i, (key, value) in enumerate(item.items()):
            key_lines, data[key] = self._key_lines(key, value, content)
            if i == 0:
                dashed = " " * dash + "-" + " " * (content - dash - 1)
                key_lines[0] = dashed + key_lines[0][content:]
            lines += key_lines
        return lines, data

    def _dashes_indented(self) -> bool:
        """Whether this file indents a list's dashes under its key (the house layout)."""
        match = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\r?\n( *)- ", self._text, re.M)
        return match is None or len(match[2]) > len(match[1])

    # --- splices: each returns where it goes, the new text, and the data it reads back as ---

    def _replace(self, node: Node, value: Value) -> tuple[int, int, str, Any]:
        assert not isinstance(value, dict)  # sets of fields go to _replace_fields
        text = self._text
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
            items = value if isinstance(value, list) else [str(value)]
            dash = _dash_column(text, node.value[0])
            lines = [" " * dash + "- " + scalar(v) for v in items]
            return first, after, self.newline.join(lines) + self._eol(after), list(items)
        block = isinstance(node, ScalarNode) and node.style in ("|", ">")
        comment = ""
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
                return start, end, new + comment, list(value)
            return (*self._value_splice(start, end, new), list(value))
        if block and isinstance(node, ScalarNode) and isinstance(value, str):
            indent = _block_indent(text, node) or col + 2
            lines, data = self._scalar(value, indent, ">")
            if node.style == "|" and not _is_long(value):
                lines, data = ["|", " " * indent + value], value + "\n"
            if lines[0] in (">", "|") and not node.value.endswith("\n"):
                lines[0] += "-"  # keep the "strip" chomping the file used
                data = data[:-1]
            lines[0] += comment
            return start, end, self.newline.join(lines), data
        style = node.style if isinstance(node, ScalarNode) else ""
        lines, data = self._scalar(value, col + 2, style or "")
        # An empty value (`rag:`) is a zero-width span right after the colon.
        gap = " " if start == end else ""
        if len(lines) == 1:
            return (*self._value_splice(start, end, gap + lines[0]), data)
        # Short text becomes a block. A comment after the old value moves up to the block's
        # first line, so that it does not become part of the text.
        line_end = self._line_after(end)
        tail = text[end:line_end].rstrip("\r\n")
        body = self.newline.join(lines[1:])
        new = gap + lines[0] + tail + self.newline + body + self._eol(line_end)
        return start, line_end, new, data

    def _replace_fields(
        self, key_node: Node, node: Node, value: Value
    ) -> tuple[int, int, str, Any]:
        """A set of fields (``verified:`` with ``by`` and ``date`` under it), or a value that
        becomes one, written out again whole: the key's lines to the end of its value."""
        text = self._text
        first = text.rfind("\n", 0, key_node.start_mark.index) + 1
        if text[first : key_node.start_mark.index].strip():
            raise EditError(
                f"{self.name}: `{key_node.value}` starts a list item, so scrplan cannot rewrite "
                "it; make this change by hand"
            )
        after = self._line_after(_last_end(text, node))
        if any(line.lstrip().startswith("#") for line in text[first:after].splitlines()):
            raise EditError(
                f"{self.name}: `{key_node.value}` has comments among its fields, which scrplan "
                "will not drop; make this change by hand"
            )
        lines, data = self._key_lines(key_node.value, value, key_node.start_mark.column)
        return first, after, self.newline.join(lines) + self._eol(after), data

    def _value_splice(self, start: int, end: int, new: str) -> tuple[int, int, str]:
        """``new`` in place of ``text[start:end]``, with the gap before an end-of-line comment
        resized so that the comment stays in its column when it can."""
        match = re.match(r"( +)#", self._text[end:])
        if match is None:
            return start, end, new
        gap = len(match[1])
        wanted = max(gap + (end - start) - len(new), 2 if gap >= 2 else 1)
        return start, end + gap, new + " " * wanted

    def _append_block(
        self, seq: SequenceNode, item: Mapping[str, Value]
    ) -> tuple[int, list[str], Any]:
        last = seq.value[-1]
        dash = _dash_column(self._text, last)
        lines, data = self._item_lines(item, dash, last.start_mark.column)
        index = self._skip_owned_comments(self._line_after(_last_end(self._text, last)), dash)
        if len(seq.value) > 1 and self._blank_before(last):
            lines = ["", *lines]  # items kept apart by a blank line, as recommendations often are
        return index, lines, data

    def _blank_before(self, item: Node) -> bool:
        """Whether the line before the one where ``item``'s dash is holds nothing."""
        text = self._text
        dash_line = text.rfind("\n", 0, item.start_mark.index) + 1
        if dash_line == 0:
            return False
        before = text.rfind("\n", 0, dash_line - 1) + 1
        return not text[before : dash_line - 1].strip()

    def _append_flow(
        self, seq: SequenceNode, item: Mapping[str, Value]
    ) -> tuple[int, int, str, Any]:
        close = seq.end_mark.index - 1

        def flow(value: Value) -> str:
            if isinstance(value, int):
                return str(value)
            if isinstance(value, list):
                return _flow_list(value)
            assert isinstance(value, str)
            return scalar(value, flow=True)

        fields = ", ".join(f"{k}: {flow(v)}" for k, v in item.items())
        cut = len(self._text[:close].rstrip(" "))
        return cut, close, ", {" + fields + "}", dict(item)

    def _fill_empty(
        self, mapping: MappingNode, node: Node, key: str, item: Mapping[str, Value]
    ) -> tuple[int, int, str, Any]:
        """Put a list where the value is empty: nothing, ``~``, ``null`` or ``[]``."""
        key_node = next(k for k, v in mapping.value if v is node)
        lines, data = self._key_lines(key, [item], key_node.start_mark.column)
        text = self._text
        start, end = node.start_mark.index, node.end_mark.index
        cut = len(text[:start].rstrip(" ")) if end > start else start
        line_end = text.find("\n", max(key_node.end_mark.index, end))
        block = self.newline.join(lines[1:])
        if line_end < 0:  # the last line of a file without a final newline
            return cut, len(text), text[end:] + self.newline + block, data[0]
        return cut, line_end + 1, text[end : line_end + 1] + block + self.newline, data[0]

    def _after_key(self, mapping: MappingNode, key: str) -> int:
        """Where a new ``key`` goes in ``mapping``: after the last key that comes before it in
        the house order, past comment lines that belong to that key's value."""
        rank = _rank(key)
        earlier = [pair for pair in mapping.value if _rank(pair[0].value) <= rank]
        _, anchor = earlier[-1] if earlier else mapping.value[-1]
        index = self._line_after(_last_end(self._text, anchor))
        return self._skip_owned_comments(index, _first_key_column(mapping))

    # --- text helpers ---

    def _insertion(self, index: int, lines: Sequence[str]) -> tuple[int, int, str]:
        """Lines to insert before ``index`` (a line start), as a splice."""
        text = self._text
        block = self.newline.join(lines)
        if index >= len(text) and text and not text.endswith("\n"):
            return len(text), len(text), self.newline + block  # no final newline: none after
        return index, index, block + self.newline

    def _eol(self, index: int) -> str:
        """The line ending to put before ``index``: none at the very end of a file that has
        no final newline."""
        return "" if index >= len(self._text) and not self._text.endswith("\n") else self.newline

    def _line_after(self, index: int) -> int:
        """The index just past the line that holds the character before ``index``."""
        newline = self._text.find("\n", max(index - 1, 0))
        return len(self._text) if newline < 0 else newline + 1

    def _skip_owned_comments(self, index: int, col: int) -> int:
        """Past the comment lines at ``index`` that are indented deeper than ``col``: they
        belong to the value above them."""
        text = self._text
        while index < len(text):
            newline = text.find("\n", index)
            line = text[index : len(text) if newline < 0 else newline]
            body = line.lstrip(" ")
            if not body.startswith("#") or len(line) - len(body) <= col:
                break
            index = len(text) if newline < 0 else newline + 1
        return index


# --- helpers ---------------------------------------------------------------------------------


def _nodes(root: Node) -> Iterator[Node]:
    """Every node of the tree, keys included."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack += node.value


def _mark(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index)
    return Mark("", index, line, index - (text.rfind("\n", 0, index) + 1), None, 0)


def _overlaps(a: YamlPath, b: YamlPath) -> bool:
    """True when one path is the other or inside it."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _walk(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _rank(key: str) -> int:
    return KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)


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
