"""The ``scrplan`` command line: parse arguments, call the library, print, pick the exit code.

Exit codes (also in ``scrplan --help`` and the README):

    0  success
    1  problems found in a plan, or a command refused (unknown reference, invalid edit)
    2  usage error: an unknown option or a bad argument
    3  environment: git missing, not a repository, an unknown revision

Imports of pydantic, PyYAML and rich happen inside the commands that need them, so ``--help``,
``--version`` and tab completion stay fast.
"""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from scrplan import __version__

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3

HELP = f"""Track the action plans that follow serious case reviews.

Each plan is a YAML file (usually in plans/) kept in git. scrplan checks plans, shows what is
outstanding and overdue, and makes small, reviewable edits.

Exit codes: {EXIT_OK} ok; {EXIT_PROBLEMS} problems found or command refused; {EXIT_USAGE} usage
error; {EXIT_ENVIRONMENT} git or system problem.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scrplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track the action plans that follow serious case reviews."""


# --- the error boundary -----------------------------------------------------------------------


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def guarded(func: F) -> F:
    """Run a command, turning scrplan's exceptions into a message on stderr and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from scrplan import errors

        try:
            return func(*args, **kwargs)
        except errors.PlanProblems as exc:
            from scrplan import diagnostics

            blocks = [diagnostics.format_problem(p) for p in exc.problems]
            _err("\n\n".join(blocks))
            raise typer.Exit(EXIT_PROBLEMS) from None
        except errors.GitError as exc:
            _err(f"scrplan: {exc}")
            raise typer.Exit(EXIT_ENVIRONMENT) from None
        except errors.ScrplanError as exc:
            _err(f"scrplan: {exc}")
            raise typer.Exit(EXIT_PROBLEMS) from None

    return wrapper  # type: ignore[return-value]


# --- shared options ---------------------------------------------------------------------------


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Plan files or folders (folders are searched for *.yaml). Default: plans/.",
        show_default=False,
        metavar="[PATH]...",
    ),
]


# --- commands ---------------------------------------------------------------------------------


@app.command()
@guarded
def validate(
    paths: PathsArg = None,
    format: Annotated[
        ProblemFormat,
        typer.Option("--format", "-f", help="text for people, json for tools, github for CI."),
    ] = ProblemFormat.text,
) -> None:
    """Check plan files and report every problem, with where and how to fix it.

    Each problem is printed as path:line:col: severity: message, with the line of the file
    under it. Exits 1 if any plan has errors, 0 if there are none (warnings allowed).

    Example:

        scrplan validate plans/child-m.yaml
    """
    from scrplan import diagnostics
    from scrplan.loader import load_plans, plan_files

    files = plan_files(paths or [])
    results = load_plans(files)
    problems = [p for r in results for p in r.problems]
    sys.stdout.write(diagnostics.FORMATTERS[format.value](problems, len(files)))
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
@guarded
def schema(
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="Where to write the schema; - for standard output."),
    ] = "schemas/action-plan.schema.json",
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if the file is not up to date."),
    ] = False,
) -> None:
    """Write the JSON Schema of plan files, for editors and CI.

    Editors that understand the modeline at the top of a plan
    (# yaml-language-server: $schema=...) use it to complete and check fields as you type.

    Example:

        scrplan schema --check
    """
    from scrplan.schema import schema_text

    text = schema_text()
    if output == "-":
        sys.stdout.write(text)
        return
    target = Path(output)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if check:
        if current != text:
            _err(f"{output} is out of date: run `scrplan schema` to update it")
            raise typer.Exit(EXIT_PROBLEMS)
        return
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        _err(f"wrote {output}")


def main() -> None:
    """The console-script entry point."""
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
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    # Every file scrplan writes is closed (and synced) by the time a command returns, so the
    # interpreter's teardown (~20 ms, a sixth of a typical command) does nothing we need.
    os._exit(code)
