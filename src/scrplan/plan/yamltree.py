"""A plan file's text and its YAML nodes: decoding, parsing, and finding where a value was
written.

This module knows YAML, not plans. It reads a file exactly as it is on disk (BOM, CRLF and all),
parses it once into a node tree that remembers positions, builds plain Python data from that tree,
and turns anything it cannot read into a located :class:`~scrplan.errors.Problem` in plain words.

Two PyYAML habits are changed on purpose:

* Dates stay text. PyYAML turns ``2017-03-31`` into a date but ``2017-02-30`` into a bare
  ``ValueError`` with no position; as text, the model checks it and the error has a line.
* Duplicate keys are problems. PyYAML silently keeps the last one, so a second ``rag:`` written
  further down an item would quietly win.

Anchors and aliases (``&a`` / ``*a``) are refused: a plan has no use for them, an edit to an
anchored value would change every place that refers to it, and refusing them makes a "billion
laughs" file harmless.

Plans come in pull requests from outside the board, so some text is refused wherever it is
written, each time with its place: explicit tags (``!!binary`` hides text from a reviewer,
``!!python/...`` names code), and characters a terminal would obey or that reorder text, even
when written as escapes in quotes (``"\\e]8;;..."``).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scrplan.errors import Location, Problem, excerpt_window
from scrplan.fileio import PLAN_SIZE_LIMIT, read_plan_bytes, too_big
from scrplan.words import UNSAFE, character_name

BOM = "\ufeff"

# The C parser is about 9x faster; its marks equal the pure-Python parser's on every node.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class PlanLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader without the timestamp resolver, so dates reach the model as text."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class PlanText:
    """One plan file as read from disk.

    Attributes:
        path: the path as the user gave it (kept for messages).
        raw: the whole file as text, BOM included, line endings untouched.
        root: the YAML node tree, or None when the file could not be parsed.
        data: plain Python data built from ``root``.
    """

    path: str
    raw: str
    root: Node | None = None
    data: Any = None

    @property
    def bom(self) -> bool:
        """True when the file starts with a UTF-8 byte order mark."""
        return self.raw.startswith(BOM)

    @property
    def text(self) -> str:
        """The text YAML sees: without the BOM, so node marks index it directly."""
        return self.raw[1:] if self.bom else self.raw

    @property
    def newline(self) -> str:
        """The file's line ending: CRLF if its first line ends that way, else LF."""
        end = self.raw.find("\n")
        return "\r\n" if end > 0 and self.raw[end - 1] == "\r" else "\n"

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, without their line endings."""
        return [line.rstrip("\r") for line in self.text.split("\n")]

    def line(self, number: int) -> str | None:
        """Line ``number`` (1-based) of the text, without its line ending."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else None

    def problem(
        self,
        message: str,
        code: str,
        line: int = 0,
        col: int = 0,
        yaml_path: tuple[str | int, ...] = (),
        severity: str = "error",
    ) -> Problem:
        """A problem at ``line``:``col`` (1-based) of this file, with that line (or, when it
        is long, the part of it around ``col``) as the excerpt."""
        text = self.line(line)
        excerpt, excerpt_col = excerpt_window(text, col) if text is not None else (None, 0)
        return Problem(
            location=Location(self.path, line, col),
            message=message,
            code=code,
            severity=severity,
            yaml_path=yaml_path,
            excerpt=excerpt,
            excerpt_col=excerpt_col,
        )


def read_plan_text(path: str | Path) -> tuple[PlanText | None, list[Problem]]:
    """Read a plan file as text, exactly as it is on disk.

    Args:
        path: the file to read.

    Returns:
        The plan text (or None when the file cannot be read as text) and any problems found.
    """
    data, problems = read_plan_bytes(path)
    if data is None:
        return None, problems
    return decode_plan_text(data, str(path))


def decode_plan_text(data: bytes, name: str) -> tuple[PlanText | None, list[Problem]]:
    """Turn a plan file's bytes into a plan text: UTF-8, with or without a BOM.

    Args:
        data: the file's bytes (from disk, or from git for an older version).
        name: what to call the file in problems, e.g. ``plans/child-m.yaml`` or
            ``HEAD:plans/child-m.yaml``.
    """
    if len(data) > PLAN_SIZE_LIMIT:  # a version from git; files on disk are refused unread
        return None, [too_big(name, len(data))]
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [
            _whole_file(
                name,
                "this file is saved as UTF-32 text; save it as UTF-8 "
                "(in Notepad: File > Save As > Encoding: UTF-8)",
                "not-utf8",
            )
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _whole_file(
                name,
                "this file is saved as UTF-16 text; save it as UTF-8 "
                "(in Notepad: File > Save As > Encoding: UTF-8)",
                "not-utf8",
            )
        ]
    if b"\x00" in data[:8192]:
        return None, [
            _whole_file(
                name, "this is a binary file, not a YAML plan (it holds NUL bytes)", "binary"
            )
        ]
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        first = data.rfind(b"\n", 0, exc.start) + 1
        col = exc.start - first + 1
        last = data.find(b"\n", exc.start)
        text = data[first : len(data) if last < 0 else last].decode("utf-8", "replace")
        excerpt, excerpt_col = excerpt_window(text.rstrip("\r"), col)
        message = (
            f"this file is not UTF-8 text (byte 0x{data[exc.start]:02X} cannot be read); "
            "save it as UTF-8 (in Excel or Notepad: Save As > Encoding: UTF-8)"
        )
        return None, [
            Problem(
                Location(name, line, col),
                message,
                "not-utf8",
                excerpt=excerpt,
                excerpt_col=excerpt_col,
            )
        ]
    return PlanText(name, raw), []


def parse_plan_text(plan_text: PlanText) -> list[Problem]:
    """Parse ``plan_text`` into its node tree and data, in place.

    Returns:
        Problems found; when there are any, ``plan_text.root`` and ``plan_text.data`` may be None.
    """
    text = plan_text.text
    # Line breaks YAML sees but editors do not would put every later position out; the
    # substring tests are fast, the full scan runs only when one of them is there.
    if ("\u2028" in text or "\u2029" in text or "\x85" in text or "\r" in text) and (
        odd := _odd_characters(plan_text)
    ):
        return odd
    loader = PlanLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return [_syntax_problem(plan_text, exc)]
    except yaml.reader.ReaderError:  # a control character: say where, as an editor counts
        return _odd_characters(plan_text)
    finally:
        loader.dispose()
    plan_text.root = root
    if root is None:
        return [
            plan_text.problem(
                "this file is empty: a plan needs at least `title:` and `recommendations:`",
                "empty-file",
                1,
                1,
            )
        ]
    builder = _DataBuilder(plan_text)
    try:
        plan_text.data = builder.build(root)
    except _AliasFound:
        return [_alias_problem(plan_text)]
    except RecursionError:
        return [plan_text.problem("this file is nested too deeply to be a plan", "too-deep", 1, 1)]
    return builder.problems


# What YAML's reader refuses (as PyYAML's Reader.NON_PRINTABLE), and the characters it reads
# as line breaks although editors show them as ordinary text.
_NOT_ALLOWED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_MAX_SHOWN = 10


def _odd_characters(plan_text: PlanText) -> list[Problem]:
    """Characters YAML refuses or would read as a line break, each with its line and column
    as an editor counts them, before YAML gets confused by them."""
    problems = []
    text = plan_text.text
    # The first few in the file's order, without collecting every match of a file full of them.
    found = heapq.merge(
        _NOT_ALLOWED.finditer(text), _HIDDEN_BREAKS.finditer(text), key=lambda m: m.start()
    )
    for match in itertools.islice(found, _MAX_SHOWN):
        index = match.start()
        char = match.group()
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        if char == "\r":
            message = (
                "this file ends lines with a lone carriage return (old Mac style); save it "
                "with Windows or Unix line endings"
            )
        elif _HIDDEN_BREAKS.match(char):
            message = (
                f"an invisible line-break character (U+{ord(char):04X}), usually pasted from a "
                "web page or a Word document, is here; YAML would start a new line at it. "
                "Delete it, or replace it with a space"
            )
        else:
            message = (
                f"this file holds a control character (U+{ord(char):04X}) that YAML does not "
                "allow; delete it (it is often pasted in by accident from another program)"
            )
        problems.append(plan_text.problem(message, "bad-character", line, col))
    return problems


def load_plan_text(path: str | Path) -> tuple[PlanText | None, list[Problem]]:
    """Read and parse a plan file: :func:`read_plan_text` then :func:`parse_plan_text`."""
    plan_text, problems = read_plan_text(path)
    if plan_text is not None:
        problems = parse_plan_text(plan_text)
    return plan_text, problems


# --- building data from nodes ---------------------------------------------------------------


class _AliasFound(Exception):
    pass


_UNSAFE = re.compile(f"[{UNSAFE}]")
# YAML's reader refuses the other unsafe characters when they are written as they are, so only
# text in double quotes (as escapes) can hold them; these it lets through raw.
_RAW_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A node's properties: an optional anchor, then the tag, or the other way round.
_TAG = re.compile(r"(?:&\S+\s+)?(![^\s,\[\]{}]*)")


class _DataBuilder:
    """Builds plain data from a node tree, collecting duplicate keys and bad values as problems.

    One pass in plain Python, instead of PyYAML's constructor, so that every duplicate key in
    the file is reported (PyYAML's constructor could at best stop at the first) and aliases are
    seen as soon as a node is reached twice.
    """

    def __init__(self, plan_text: PlanText) -> None:
        self.plan_text = plan_text
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = PlanLoader("")
        text = plan_text.text
        # Cheap tests of the whole text spare a look at each node in nearly every file.
        self.tags = "!" in text
        self.raw_unsafe = _RAW_UNSAFE.search(text) is not None
        self.tagged: set[int] = set()

    def build(self, node: Node) -> Any:
        key = id(node)
        if key in self.seen:
            raise _AliasFound
        self.seen.add(key)
        tagged = self.tags and self.explicit_tag(node)
        if isinstance(node, ScalarNode):
            self.check_text(node)
            if node.tag == _STR or tagged:
                return node.value
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, MappingNode):
            return self.mapping(node)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def explicit_tag(self, node: Node) -> bool:
        """Refuse a tag written on ``node`` (``!!binary``, ``!!python/...``, ``!``): a
        reviewer reading the diff cannot tell what a tagged value holds. True if there is one."""
        index = node.start_mark.index
        match = _TAG.match(self.plan_text.text, index)
        if match is None:
            return False
        at = match.start(1)
        if at not in self.tagged:  # a mapping and its first key start at the same place
            self.tagged.add(at)
            mark = node.start_mark
            line = mark.line + 1
            col = mark.column + 1 + (at - index)
            self.problems.append(
                self.plan_text.problem(
                    f"YAML tags such as `{match.group(1)}` are not allowed in a plan file: they "
                    "hide what a value holds from anyone reading it. Delete the tag and write "
                    "the value as plain text",
                    "yaml-tag",
                    line,
                    col,
                )
            )
        return True

    def check_text(self, node: ScalarNode) -> None:
        """Refuse a character in ``node``'s text that a terminal would obey or that reorders
        text (see :data:`scrplan.words.UNSAFE`), saying which and where."""
        if node.style != '"' and not self.raw_unsafe:
            return
        found = _UNSAFE.search(node.value)
        if found is None:
            return
        char = found.group()
        text = self.plan_text.text
        start, end = node.start_mark.index, node.end_mark.index
        at = text.find(char, start, end)
        mark = node.start_mark
        if at < 0:  # written as an escape: point at the text it is in
            line, col = mark.line + 1, mark.column + 1
            how = f" (in the file it is written as an escape, such as `\\x{ord(char):02x}`)"
            if ord(char) > 0xFF:
                how = f" (in the file it is written as an escape, `\\u{ord(char):04x}`)"
        else:
            breaks = text.count("\n", start, at)
            line = mark.line + 1 + breaks
            col = at - (text.rfind("\n", 0, at) + 1) + 1 if breaks else mark.column + 1 + at - start
            how = ""
        self.problems.append(
            self.plan_text.problem(
                f"this text holds an invisible character, {character_name(char)}{how}: a "
                "terminal would obey it or a screen would show the text in another order, so "
                "it is not allowed in a plan. Delete it",
                "bad-character",
                line,
                col,
            )
        )

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            mark = node.start_mark
            what = f"the YAML tag {node.tag}" if node.tag.startswith("!") else "this value"
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problems.append(
                self.plan_text.problem(
                    f"{what} cannot be read ({reason}); write it as plain text",
                    "bad-value",
                    mark.line + 1,
                    mark.column + 1,
                )
            )
            return node.value

    def mapping(self, node: MappingNode) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            tagged = self.tags and self.explicit_tag(key_node)
            if isinstance(key_node, ScalarNode):
                self.check_text(key_node)
            if key_node.tag == _MERGE:
                key: Any = key_node.value
            elif isinstance(key_node, ScalarNode):
                plain = key_node.tag == _STR or tagged
                key = key_node.value if plain else self.scalar(key_node)
            else:
                mark = key_node.start_mark
                self.problems.append(
                    self.plan_text.problem(
                        "a key must be a plain word such as `title`, not a list or mapping",
                        "bad-key",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
                self.build(value_node)
                continue
            value = self.build(value_node)
            if key in first_seen:
                first = first_seen[key].start_mark.line + 1
                mark = key_node.start_mark
                self.problems.append(
                    self.plan_text.problem(
                        f"`{key}` is given twice in the same place (first on line {first}); "
                        "YAML would silently keep only the second one. Delete one of them, "
                        "or merge their contents",
                        "duplicate-key",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
                continue
            first_seen[key] = key_node
            out[key] = value
        return out


# --- syntax errors in plain words -----------------------------------------------------------

_HINTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"tab character"),
        "a tab character is used for indentation here; YAML only allows spaces. "
        "Replace the tab with spaces",
    ),
    (
        re.compile(r"mapping values are not allowed"),
        "a colon followed by a space (`: `) inside a value confuses YAML. Put the whole "
        "value in quotes, or use a `|` block for long text",
    ),
    (
        re.compile(r"expected '-' indicator"),
        "this line is not indented like the list items above it: line up the `-` of each "
        "item, and indent the fields of an item to the same column",
    ),
    (
        re.compile(r"did not find expected key"),
        "this line is not indented like the lines around it, or text follows a closing "
        "quote; check the indentation, and put text that contains quotes inside other quotes",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "YAML expected `name: value` here; check for a missing colon, or an unclosed quote "
        "on an earlier line",
    ),
    (
        re.compile(r"found unexpected end of stream"),
        "the file ends inside something left open; check for a missing closing quote or bracket",
    ),
    (
        re.compile(r"expected ',' or '\]'"),
        "a list in square brackets is not closed; add the missing `]`, or put text that "
        "contains commas in quotes",
    ),
    (
        re.compile(r"expected ',' or '\}'"),
        "a mapping in curly brackets is not closed; add the missing `}`, or put text that "
        "contains commas in quotes",
    ),
    (
        re.compile(r"found another document"),
        "this file holds more than one YAML document (a second `---` line); a plan file holds "
        "exactly one",
    ),
    (
        re.compile(r"undefined alias|found character that cannot start any token"),
        "this character cannot start a value: `@`, `` ` ``, `%`, `*` and `&` at the start "
        "of text need the whole value in quotes",
    ),
]


_LONGEST_KEY = 1024


def _syntax_problem(plan_text: PlanText, exc: yaml.MarkedYAMLError) -> Problem:
    """Turn a PyYAML syntax error into a problem in plain words, at the problem's position."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    text = plan_text.text
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        detail = "tab character"
    hint = next((hint for pattern, hint in _HINTS if pattern.search(detail)), None)
    key = exc.context_mark
    if (
        mark is not None
        and key is not None
        and "simple key" in (exc.context or "")
        and key.line == mark.line
        and mark.index - key.index >= _LONGEST_KEY
    ):
        # YAML stops looking for a key's colon after 1,024 characters.
        hint = (
            "this line goes on for more than 1,024 characters before any `: `, and YAML reads "
            "no field name that long. If the line is text, put it after a field name as a "
            "block (`summary: >`, then the text on the lines below, indented); if it is a "
            "name, shorten it"
        )
        line, col = key.line + 1, key.column + 1
    if hint is None:
        hint = "YAML cannot read this line"
    if exc.context_mark is not None and exc.context_mark.line + 1 != line:
        hint += f" (the problem starts on line {exc.context_mark.line + 1})"
    raw = (exc.problem or "").strip()
    return plan_text.problem(f"{hint} [YAML: {raw}]" if raw else hint, "yaml-syntax", line, col)


def _alias_problem(plan_text: PlanText) -> Problem:
    """The problem for a file that uses anchors and aliases, pointing at the first alias."""
    line = col = 1
    for event in yaml.parse(plan_text.text, Loader=PlanLoader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            line, col = mark.line + 1, mark.column + 1
            break
    return plan_text.problem(
        "anchors and aliases (`&name` and `*name`) are not allowed in a plan file; write "
        "the text out in full where it is needed",
        "alias",
        line,
        col,
    )


def _whole_file(path: str, message: str, code: str) -> Problem:
    # At 1:1 like every other problem, so that editors and CI annotations can place it.
    return Problem(Location(path, 1, 1), message, code)


# --- finding where a value was written ------------------------------------------------------


def find_node(root: Node | None, path: tuple[Any, ...]) -> tuple[Node | None, Node | None]:
    """Follow ``path`` (keys and list positions) from ``root``.

    Steps that match nothing are skipped, so a pydantic error location that names a union
    member (``"str"``, ``"list[str]"``) still finds the value.

    Returns:
        The deepest key node and value node reached (the key node is None for list items or
        the root).
    """
    node, key_node = root, None
    for part in path:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == str(part):
                    node, key_node = v, k
                    break
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node, key_node = node.value[part], None
    return key_node, node


def locate(root: Node | None, path: tuple[Any, ...], *, at_key: bool = False) -> tuple[int, int]:
    """The 1-based line and column where the value at ``path`` (or its key) was written."""
    key_node, node = find_node(root, path)
    target = key_node if at_key and key_node is not None else node
    if target is None:
        return 1, 1
    return target.start_mark.line + 1, target.start_mark.column + 1
