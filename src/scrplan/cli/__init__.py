"""The ``scrplan`` command line: a typer app over the library, a module per family of commands.

Owns: parsing arguments, calling the library, choosing the output, and mapping exceptions to
exit codes (:mod:`.base` holds the app, the error boundary and the options commands share).
Each command's body is a few lines: everything it does is in the library.

Nothing else in scrplan imports this package.
"""

from __future__ import annotations

import codecs
import importlib
import io
import os
import sys
from typing import Any

__all__ = ["app", "main"]

# Every command, in the order `scrplan --help` lists them (reading, then editing, then the
# rest), with the module of scrplan.cli that defines it.
COMMANDS = {
    "status": "read",
    "list": "read",
    "show": "read",
    "validate": "check",
    "add": "edits",
    "set-rag": "edits",
    "note": "edits",
    "set": "edits",
    "verify": "edits",
    "close": "edits",
    "new": "edits",
    "init": "edits",
    "chase": "returns",
    "request": "returns",
    "apply": "returns",
    "calendar": "returns",
    "diff": "history",
    "log": "history",
    "changes": "over_time",
    "trend": "over_time",
    "repeats": "learning",
    "themes": "learning",
    "suggest-themes": "learning",
    "report": "reports",
    "annual-report": "over_time",
    "site": "publish",
    "serve": "publish",
    "export": "publish",
    "import": "imports",
    "schema": "check",
}
ORDER = list(COMMANDS)


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.strip("_").replace("_", "-"))


def _register(only: str | None = None) -> None:
    """Define the commands: only ``only`` when it is given, else all of them.

    A command's module is imported only when it may run, and typer turns each registered
    command into a click command, with all its parameters, before it parses anything (about a
    millisecond per command): so a named command is the only one built. Help, completion and
    unknown commands see them all.
    """

    from scrplan.cli import base

    for module in dict.fromkeys([COMMANDS[only]] if only else COMMANDS.values()):
        importlib.import_module(f"scrplan.cli.{module}")
    app = base.app
    if only:
        app.registered_commands = [c for c in app.registered_commands if _name(c) == only]
    app.registered_commands.sort(
        key=lambda c: ORDER.index(_name(c)) if _name(c) in ORDER else len(ORDER)
    )


def __getattr__(name: str) -> Any:
    # `from scrplan.cli import app` (the tests, and anything embedding scrplan's command line)
    # gets every command.
    if name == "app":
        from scrplan.cli import base

        _register()
        return base.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def _no_pydantic_plugins() -> None:
    """The command line runs without pydantic plugins: looking for them imports
    ``importlib.metadata`` and reads every installed package's entry points (about 19 ms, a
    tenth of validating one plan), and none is of use to scrplan. Their loader is replaced
    with one that finds none, unless ``PYDANTIC_DISABLE_PLUGINS`` names only some to leave out
    (then the plugins are wanted, and pydantic looks for them as usual)."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__") not in ("__all__", "1", "true"):
        return
    import types

    loader = types.ModuleType(name, "No pydantic plugins for scrplan's command line.")
    loader.get_plugins = tuple  # type: ignore[attr-defined]
    sys.modules[name] = loader


def main() -> None:
    """The console-script entry point."""
    argv = sys.argv
    if argv[1:] == ["--version"]:  # without loading typer: a script asks this to find scrplan
        from scrplan import __version__

        sys.stdout.write(f"scrplan {__version__}\n")
        sys.stdout.flush()
        os._exit(0)

    _no_pydantic_plugins()
    from scrplan.cli import base
    from scrplan.cli.base import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS

    named = len(argv) > 1 and argv[1] in COMMANDS and not os.environ.get("_SCRPLAN_COMPLETE")
    _register(argv[1] if named else None)
    app = base.app
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
