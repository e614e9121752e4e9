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

import datetime as dt
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


# --- reading plans ------------------------------------------------------------------------------


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class DataFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class RagChoice(str, Enum):
    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"
    none = "none"


class SortKey(str, Enum):
    plan = "plan"
    urgency = "urgency"
    target = "target"
    rag = "rag"
    lead = "lead"
    updated = "updated"


def _date(value: str | None) -> dt.date | None:
    """Parse a date option; a bad one is a usage error (exit 2) that shows the right form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD") from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Count overdue items as on this date (YYYY-MM-DD). Default: today.",
        show_default=False,
    ),
]
PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        "-p",
        help="The plan a bare id (7) refers to. Default: $SCRPLAN_PLAN, else the only plan in "
        "plans/.",
        show_default=False,
    ),
]


def _as_of(value: str | None) -> dt.date:
    return _date(value) or dt.date.today()


def _load(paths: list[Path] | None) -> list[Any]:
    """Every plan the paths name; refuses (exit 1, problems on stderr) if any is invalid."""
    from scrplan.errors import PlanProblems
    from scrplan.loader import load_plans, plan_files

    results = load_plans(plan_files(paths or []))
    problems = [p for r in results if not r.ok for p in r.problems if p.severity == "error"]
    if problems:
        raise PlanProblems(problems)
    return [r.plan for r in results]


def _write(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from scrplan.files import write_text

    write_text(output, text)
    _err(f"wrote {output}")


def _emit(doc: Any, fmt: str, output: Path | None = None) -> None:
    """Show a document: rich on a terminal, plain text when piped, or Markdown."""
    from scrplan import document

    if fmt == "markdown":
        _write(document.to_markdown(doc), output)
    elif output is None and sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
        from scrplan.render import print_document

        print_document(doc)
    else:
        _write(document.to_plain(doc), output)


def _json(record: Any) -> str:
    import json

    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


@app.command()
@guarded
def status(
    paths: PathsArg = None,
    as_of: AsOf = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = ReportFormat.table,
) -> None:
    """Show what is outstanding and overdue: one plan in detail, or every plan in a folder.

    For one plan: its RAG counts, then every outstanding item, overdue first, then red, amber,
    not rated and green, with actions beneath their recommendation. For several plans: a row
    per plan, the totals, and the overdue items across all of them.

    Example:

        scrplan status plans/child-m.yaml --as-of 2017-03-31
    """
    from scrplan import views

    plans = _load(paths)
    day = _as_of(as_of)
    if format is ReportFormat.json:
        sys.stdout.write(_json(views.status_record(plans, day)))
    else:
        _emit(views.status_document(plans, day), format.value)


@app.command(name="list")
@guarded
def list_(
    paths: PathsArg = None,
    rag: Annotated[
        list[RagChoice] | None,
        typer.Option(
            "--rag",
            help="Only this colour; repeat for several; none = not rated.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="Only items whose lead contains this text.")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    due_before: Annotated[
        str | None,
        typer.Option("--due-before", help="Only items due before this date (YYYY-MM-DD)."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help="Only items whose text, progress or evidence contains this."
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include complete items too.")] = False,
    as_of: AsOf = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort",
            help="Order: plan (file order), urgency, target, rag, "
            "lead, updated (latest progress first).",
        ),
    ] = SortKey.plan,
    format: Annotated[
        DataFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv or markdown. Default: from the --output extension, else table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of the screen.", show_default=False
        ),
    ] = None,
) -> None:
    """List recommendations and actions, filtered and sorted.

    Filters combine: every one given must match. By default only outstanding (not complete)
    items are listed. Every format lists the same items in the same order.

    Example:

        scrplan list --rag red --rag amber --lead police --format csv -o police.csv
    """
    from scrplan import query, views

    day = _as_of(as_of)
    keep = query.Filter(
        rags=[r.value for r in rag or []],
        lead=lead,
        overdue=overdue,
        due_before=_date(due_before),
        search=search,
        include_complete=all_,
    )
    selected = query.select(query.rows(_load(paths), day), keep, sort=sort.value)
    fmt = format.value if format else _format_from(output)
    if fmt == "json":
        _write(_json([views.row_record(row) for row in selected]), output)
    elif fmt == "csv":
        _write(views.rows_csv(selected), output)
    else:
        _emit(views.list_document(selected), fmt, output)


def _format_from(output: Path | None) -> str:
    suffix = output.suffix.lower() if output else ""
    return {".json": "json", ".csv": "csv", ".md": "markdown"}.get(suffix, "table")


@app.command()
@guarded
def show(
    ref: Annotated[str, typer.Argument(help="The item: 7, or child-m:7 (plan, then id).")],
    plan: PlanOption = None,
    as_of: AsOf = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = ReportFormat.table,
) -> None:
    """Show everything about one recommendation or action.

    The learning point, recommendation, lead, dates, RAG with its meaning in the plan's key,
    every progress entry, the evidence, and its actions.

    Example:

        scrplan show child-m:7
    """
    from scrplan import views
    from scrplan.loader import find_item

    found_plan, item = find_item(ref, plan)
    day = _as_of(as_of)
    if format is ReportFormat.json:
        sys.stdout.write(_json(views.show_record(found_plan, item, day)))
    else:
        _emit(views.show_document(found_plan, item, day), format.value)


# --- importing plans ----------------------------------------------------------------------------


@app.command(name="import")
@guarded
def import_(
    file: Annotated[Path, typer.Argument(help="The plan: .docx, .xlsx, .csv, .tsv or .txt.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The plan file to write, e.g. plans/child-q.yaml."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The plan's title, if not the one in the file.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan instead of writing it.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file.")] = False,
) -> None:
    """Import an action plan from Word, Excel, CSV or text extracted from a PDF.

    Finds the table's header row, maps its columns (Recommendation, Action, Lead, Target date,
    Progress, RAG status...), and writes a plan that passes validate. What it could not read
    for certain is listed at the end and marked "# Check:" in the plan. See docs/import.md.

    Example:

        scrplan import "Child Q action plan.docx" -o plans/child-q.yaml
    """
    from scrplan.importer import import_plan, save

    if output is None and not dry_run:
        raise typer.BadParameter(
            "none given; name the plan file to write, e.g. -o plans/child-q.yaml, or give "
            "--dry-run to print the plan",
            param_hint="-o",
        )
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        raise typer.BadParameter(f"{output} is not a .yaml file", param_hint="-o")
    if title is not None and not title.strip():
        raise typer.BadParameter("the title is empty", param_hint="--title")
    name = str(output or Path("plans") / (file.stem + ".yaml"))
    imported = import_plan(file, name, title=title)
    if dry_run or output is None:
        sys.stdout.write(imported.text)
        sys.stdout.flush()  # the plan, then the report, even when both go to one terminal
        _err(imported.report(None))
    else:
        save(imported, output, force=force)
        _err(imported.report(str(output)))


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
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    # Every file scrplan writes is closed (and synced) by the time a command returns, so the
    # interpreter's teardown (~20 ms, a sixth of a typical command) does nothing we need.
    os._exit(code)
