"""The ``scrplan`` command line: a typer app over the library, a module per family of commands.

Owns: parsing arguments, calling the library, choosing the output, and mapping exceptions to
exit codes (:mod:`.base` holds the app, the error boundary and the options commands share).
Each command's body is a few lines: everything it does is in the library.

Nothing else in scrplan imports this package.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from typing import Any

from scrplan.cli import (  # noqa: F401  (registers)
    check,
    edits,
    history,
    imports,
    learning,
    over_time,
    publish,
    read,
    reports,
    returns,
)
from scrplan.cli.base import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, app

__all__ = ["app", "main"]


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.strip("_").replace("_", "-"))


# The order `scrplan --help` lists the commands in: reading, then editing, then the rest.
ORDER = [
    "status",
    "list",
    "show",
    "validate",
    "add",
    "set-rag",
    "note",
    "set",
    "verify",
    "close",
    "new",
    "init",
    "chase",
    "request",
    "apply",
    "calendar",
    "diff",
    "log",
    "changes",
    "trend",
    "repeats",
    "themes",
    "suggest-themes",
    "report",
    "annual-report",
    "site",
    "serve",
    "export",
    "import",
    "schema",
]
app.registered_commands.sort(
    key=lambda c: ORDER.index(_name(c)) if _name(c) in ORDER else len(ORDER)
)


def _build_only(argv: list[str]) -> None:
    """Register only the command being run, when it is named.

    typer turns every registered command into a click command, with all its parameters, before
    it parses anything: about a millisecond per command on every run. Help, completion and
    unknown commands still see them all.
    """
    if len(argv) < 2 or argv[1].startswith("-") or os.environ.get("_SCRPLAN_COMPLETE"):
        return
    wanted = [c for c in app.registered_commands if _name(c) == argv[1]]
    if wanted:
        app.registered_commands = wanted


# What a console that cannot show a character (a Windows console in cp1252) gets instead: the
# nearest plain characters, not "?".
PLAIN = {
    "→": "->",
    "↳": "->",
    "—": "-",
    "\u2013": "-",
    "…": "...",
    "·": "-",
    "█": "#",
    "─": "-",
    "“": '"',
    "”": '"',
    "\u2018": "'",
    "\u2019": "'",
    "🟥": "[R]",
    "🟧": "[A]",
    "🟩": "[G]",
    "🟦": "[B]",
    "⬛": "[Y]",
    "🟪": "[P]",
    "⬜": "[ ]",
}


def _plain(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    bad = error.object[error.start : error.end]
    return "".join(PLAIN.get(ch, "?") for ch in bad), error.end


def main() -> None:
    """The console-script entry point."""
    _build_only(sys.argv)
    codecs.register_error("scrplan-plain", _plain)
    for stream in (sys.stdout, sys.stderr):
        # Plans hold curly quotes and dashes; a Windows console's legacy encoding must not
        # crash, nor turn every arrow into "?".
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in (
            "utf-8",
            "utf8",
        ):
            stream.reconfigure(errors="scrplan-plain")
    try:
        app()
        code = EXIT_OK  # pragma: no cover - standalone click always raises SystemExit
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_PROBLEMS if exc.code else EXIT_OK
    except BrokenPipeError:  # `scrplan list | head` closed the pipe: not an error
        code = EXIT_OK
    except KeyboardInterrupt:  # ^C while click parses, outside any command
        code = EXIT_INTERRUPTED
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    # Every file scrplan writes is closed (and synced) by the time a command returns, so the
    # interpreter's teardown (~20 ms, a sixth of a typical command) does nothing we need.
    os._exit(code)
