"""Output formats, declared once: their names, the file extensions that mean them, and
:func:`emit`, which writes any command's output in any of them.

Every command that prints data takes ``--format`` from :data:`FORMATS` (each command allows a
few), and every command that writes a file reads its format from the file's name with the same
rule (:func:`choose`). ``text`` is what a person reads, drawn with colour on a terminal and as
plain text elsewhere; ``table``, its old name, still works.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from scrplan.errors import UsageError

if TYPE_CHECKING:  # the blocks need the models, which --help and --version do without
    from scrplan.output.blocks import Page


class OutputFormat(NamedTuple):
    """A format scrplan writes.

    Attributes:
        name: the word ``--format`` takes.
        extensions: file name endings that mean this format, for ``-o FILE``.
        aliases: other words ``--format`` accepts for it.
        binary: bytes, not text: never written to standard output.
        label: what people call it, when not its name ("Word").
    """

    name: str
    extensions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    binary: bool = False
    label: str = ""


FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("text", (".txt",), ("table",)),
        OutputFormat("json", (".json",)),
        OutputFormat("csv", (".csv",)),
        OutputFormat("markdown", (".md", ".markdown"), ("md",)),
        OutputFormat("github"),
        OutputFormat("html", (".html", ".htm")),
        OutputFormat("docx", (".docx",), ("word",), binary=True, label="Word"),
        OutputFormat("xlsx", (".xlsx",), ("excel",), binary=True, label="Excel"),
        OutputFormat("ics", (".ics",), ("ical", "icalendar"), label="iCalendar"),
    )
}


def words(allowed: Sequence[str]) -> str:
    """``text, json or markdown``: the formats a command takes, for its help."""
    return ", ".join(allowed[:-1]) + " or " + allowed[-1] if len(allowed) > 1 else allowed[0]


def accepted(allowed: Sequence[str]) -> list[str]:
    """Every word ``--format`` takes for ``allowed``: the names, then their aliases."""
    return [*allowed, *(a for name in allowed for a in FORMATS[name].aliases)]


def canonical(word: str) -> str:
    """The format a word names: ``table`` is ``text``, ``md`` is ``markdown``."""
    word = word.lower()
    for f in FORMATS.values():
        if word == f.name or word in f.aliases:
            return f.name
    raise UsageError(f"{word!r} is not a format scrplan writes", option="'--format'")


def to_stdout(output: Path | None) -> bool:
    """True when output goes to standard output: no ``-o``, or ``-o -``."""
    return output is None or str(output) == "-"


def choose(allowed: Sequence[str], chosen: str | None, output: Path | None, default: str) -> str:
    """The format to write: ``--format`` if given, else the one the output file's name says,
    else ``default``.

    Raises:
        UsageError: the file's name says one of ``allowed`` and ``--format`` another; the
            name says none and ``--format`` is not given; or a binary format would go to
            standard output.
    """
    fmt = canonical(chosen) if chosen else None
    named = None
    if not to_stdout(output):
        assert output is not None
        suffix = output.suffix.lower()
        named = next((n for n in allowed if suffix in FORMATS[n].extensions), None)
        if named is None and fmt is None:
            endings = [e for n in allowed for e in FORMATS[n].extensions[:1]]
            raise UsageError(
                f"scrplan cannot tell the format from the name {output.name!r}: end it in "
                f"{words(endings)}, or give --format",
                option="'--output'",
            )
    if fmt and named and fmt != named:
        assert output is not None
        raise UsageError(
            f"the name {output.name} says {named} but --format says {fmt}: make them agree",
            option="'--output'",
        )
    fmt = fmt or named or default
    if FORMATS[fmt].binary and to_stdout(output):
        raise UsageError(
            f"a {FORMATS[fmt].label or fmt} file cannot be written to standard output: give a "
            "file name, "
            f"e.g. -o report{FORMATS[fmt].extensions[0]}",
            option="'--output'",
        )
    return fmt


def write(data: str | bytes | Iterable[str], output: Path | None) -> None:
    """Write ``data`` (or its parts, in order) to standard output, or atomically to the file
    ``output`` (saying so on standard error)."""
    if to_stdout(output):
        if isinstance(data, (str, bytes)):
            sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        else:
            for part in data:
                sys.stdout.write(part)
        return
    from scrplan.fileio import save

    assert output is not None
    save(output, data)
    sys.stderr.write(f"wrote {output}\n")


def json_text(record: Any) -> str:
    """``record`` as indented JSON, not escaping what is not ASCII, except the characters no
    output may show as they are (:data:`scrplan.words.UNSAFE`): JSON escapes them, so a tool
    reads the text exactly and a terminal showing the JSON obeys none of them."""
    import json

    from scrplan.words import UNSAFE

    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    # json escapes the C0 controls itself; outside strings JSON holds only ASCII.
    return re.sub(f"[{UNSAFE}]", lambda m: f"\\u{ord(m.group()):04x}", text)


def on_terminal() -> bool:
    """True when standard output is a terminal that can show colour and boxes."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def emit(
    fmt: str,
    *,
    page: Callable[[bool], Page] | None = None,
    record: Callable[[], Any] | None = None,
    csv: Callable[[], str] | None = None,
    xlsx: Callable[[], bytes] | None = None,
    output: Path | None = None,
) -> None:
    """Write a command's output as ``fmt``.

    Args:
        fmt: a name from :data:`FORMATS` the command allows.
        page: makes the page for people; its argument says whether texts are whole
            (Markdown, and any file) or shortened to fit a screen.
        record: makes the JSON record.
        csv: makes the CSV text.
        xlsx: makes the Excel workbook.
        output: a file to write instead of standard output.
    """
    if fmt == "json" and record is not None:
        write(json_text(record()), output)
    elif fmt == "csv" and csv is not None:
        write(csv(), output)
    elif fmt == "xlsx" and xlsx is not None:
        write(xlsx(), output)
    elif fmt == "markdown" and page is not None:
        from scrplan.output.markdown import to_markdown

        write(to_markdown(page(True)), output)
    elif page is not None:
        if to_stdout(output) and on_terminal():
            from scrplan.output.terminal import print_page

            print_page(page(True))  # whole texts: the terminal cuts them to its width
            return
        from scrplan.output.plain import to_plain

        write(to_plain(page(not to_stdout(output))), output)
    else:  # pragma: no cover - each command passes what its formats need
        raise ValueError(f"nothing to write as {fmt}")
