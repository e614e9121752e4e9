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
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scrplan.errors import Location, Problem
from scrplan.fileio import read_bytes

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
        """A problem at ``line``:``col`` (1-based) of this file, with that line as the excerpt."""
        return Problem(
            location=Location(self.path, line, col),
            message=message,
            code=code,
            severity=severity,
            yaml_path=yaml_path,
            excerpt=self.line(line),
        )


def read_plan_text(path: str | Path) -> tuple[PlanText | None, list[Problem]]:
    """Read a plan file as text, exactly as it is on disk.

    Args:
        path: the file to read.

    Returns:
        The plan text (or None when the file cannot be read as text) and any problems found.
    """
    data, problems = read_bytes(path)
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
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        excerpt = data.split(b"\n")[line - 1].decode("utf-8", "replace").rstrip("\r")
        message = (
            f"this file is not UTF-8 text (byte 0x{data[exc.start]:02X} cannot be read); "
            "save it as UTF-8 (in Excel or Notepad: Save As > Encoding: UTF-8)"
        )
        return None, [Problem(Location(name, line, col), message, "not-utf8", excerpt=excerpt)]
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
    for match in [*_NOT_ALLOWED.finditer(text), *_HIDDEN_BREAKS.finditer(text)][:_MAX_SHOWN]:
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
    problems.sort(key=lambda p: (p.location.line, p.location.col))
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

    def build(self, node: Node) -> Any:
        key = id(node)
        if key in self.seen:
            raise _AliasFound
        self.seen.add(key)
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                return node.value
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, MappingNode):
            return self.mapping(node)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

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
            if key_node.tag == _MERGE:
                key: Any = key_node.value
            elif isinstance(key_node, ScalarNode):
                key = key_node.value if key_node.tag == _STR else self.scalar(key_node)
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


def _syntax_problem(plan_text: PlanText, exc: yaml.MarkedYAMLError) -> Problem:
    """Turn a PyYAML syntax error into a problem in plain words, at the problem's position."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    text = plan_text.text
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        detail = "tab character"
    hint = next((hint for pattern, hint in _HINTS if pattern.search(detail)), None)
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
