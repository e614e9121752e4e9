"""The ``scrplan`` command line: a typer app over the library, a module per family of commands.

Owns: parsing arguments, calling the library, choosing the output, and mapping exceptions to
exit codes (:mod:`.base` holds the app, the error boundary and the options commands share).
Each command's body is a few lines: everything it does is in the library.

Nothing else in scrplan imports this package.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

from scrplan.cli import check, edits, history, imports, publish, read, reports  # noqa: F401  (registers)
from scrplan.cli.base import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, app

__all__ = ["app", "main"]


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


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.strip("_").replace("_", "-"))


def main() -> None:
    """The console-script entry point."""
    _build_only(sys.argv)
    for stream in (sys.stdout, sys.stderr):
        # Plans hold curly quotes and dashes; a Windows pipe's legacy encoding must not crash.
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in (
            "utf-8",
            "utf8",
        ):
            stream.reconfigure(errors="replace")
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
