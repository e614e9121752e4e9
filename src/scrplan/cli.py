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
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from scrplan import __version__

if TYPE_CHECKING:
    from scrplan.query import Filter

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
            if exc.hint:
                blocks.append(f"scrplan: {exc.hint}")
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
        metavar="PATH",
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
    from scrplan.loader import load_plans, plan_files, same_names

    files = plan_files(paths or [])
    results = load_plans(files)
    problems = [p for r in results for p in r.problems] + same_names(files)
    sys.stdout.write(diagnostics.FORMATTERS[format.value](problems, len(files)))
    if format is ProblemFormat.github and (
        failed := diagnostics.write_step_summary(problems, len(files))
    ):
        _err(f"scrplan: {failed}")
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_PROBLEMS)


SCHEMA_DEFAULT = "schemas/action-plan.schema.json"


@app.command()
@guarded
def schema(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write the schema; - for standard output.",
        ),
    ] = SCHEMA_DEFAULT,
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
    from scrplan.files import save

    target = Path(output)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current != text:
            again = "scrplan schema" + ("" if output == SCHEMA_DEFAULT else f" -o {output}")
            state = "is out of date" if current is not None else "does not exist"
            _err(f"{output} {state}: run `{again}` to write it")
            raise typer.Exit(EXIT_PROBLEMS)
        return
    if current != text:
        save(target, text)
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


def _date(value: str | None, option: str) -> dt.date | None:
    """Read a date option as plans write dates (YYYY-MM-DD, or YYYY-MM for the end of the
    month); a bad one is a usage error (exit 2) that names the option and the right form."""
    if value is None:
        return None
    from scrplan.model import parse_plan_date

    try:
        return parse_plan_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc).split("\n")[0], param_hint=option) from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Count overdue items as on this date (YYYY-MM-DD). Default: today.",
        show_default=False,
    ),
]
PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        "-p",
        metavar="PATH",
        help="The plan a bare id (7) refers to. Default: $SCRPLAN_PLAN, else the only plan in "
        "plans/.",
        show_default=False,
    ),
]


def _as_of(value: str | None) -> dt.date:
    return _date(value, "'--as-of'") or dt.date.today()


def _load(paths: list[Path] | None) -> list[Any]:
    """Every plan the paths name; refuses (exit 1, problems on stderr) if any is invalid,
    because a summary that leaves a plan out would mislead the board."""
    from scrplan.errors import PlanProblems
    from scrplan.loader import load_plans, plan_files

    results = load_plans(plan_files(paths or []))
    bad = [r for r in results if not r.ok]
    if bad:
        problems = [p for r in bad for p in r.problems if p.severity == "error"]
        names = sorted({p.location.path for p in problems})
        which = names[0] if len(names) == 1 else f"{len(names)} of {len(results)} plans"
        raise PlanProblems(
            problems,
            f"nothing shown, because {which} {'has' if len(names) == 1 else 'have'} errors: "
            "fix them (scrplan validate lists them), or name only the plans to show",
        )
    return [r.plan for r in results]


def _write(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from scrplan.files import save

    save(output, text)
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
        full = format is ReportFormat.markdown
        _emit(views.status_document(plans, day, full=full), format.value)


# The filters of `list`, shared with `report` so that both select items the same way.
RagOption = Annotated[
    list[RagChoice] | None,
    typer.Option(
        "--rag",
        metavar="COLOUR",
        help="Only this colour; repeat for several; none = not rated.",
        case_sensitive=False,
        show_default=False,
    ),
]
LeadOption = Annotated[
    str | None,
    typer.Option("--lead", metavar="TEXT", help="Only items whose lead contains this text."),
]
OverdueOption = Annotated[bool, typer.Option("--overdue", help="Only overdue items.")]
DueBeforeOption = Annotated[
    str | None,
    typer.Option(
        "--due-before", metavar="DATE", help="Only items due before this date (YYYY-MM-DD)."
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Only items whose text, progress or evidence contains this.",
    ),
]
AllOption = Annotated[bool, typer.Option("--all", "-a", help="Include complete items too.")]


def _filter(
    rag: list[RagChoice] | None,
    lead: str | None,
    overdue: bool,
    due_before: str | None,
    search: str | None,
    all_: bool,
) -> Filter:
    """The query.Filter the filter options describe."""
    from scrplan import query

    return query.Filter(
        rags=[r.value for r in rag or []],
        lead=lead,
        overdue=overdue,
        due_before=_date(due_before, "'--due-before'"),
        search=search,
        include_complete=all_,
    )


@app.command(name="list")
@guarded
def list_(
    paths: PathsArg = None,
    rag: RagOption = None,
    lead: LeadOption = None,
    overdue: OverdueOption = False,
    due_before: DueBeforeOption = None,
    search: SearchOption = None,
    all_: AllOption = False,
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
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file instead of the screen.",
            show_default=False,
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
    keep = _filter(rag, lead, overdue, due_before, search, all_)
    selected = query.select(query.rows(_load(paths), day), keep, sort=sort.value)
    implied = _format_from(output)
    if format and output is not None and implied != "table" and implied != format.value:
        raise typer.BadParameter(
            f"{output} is named like a {implied} file, but --format is {format.value}: "
            "name the file for its format, or leave --format out",
            param_hint="'--format'",
        )
    fmt = format.value if format else implied
    if fmt == "json":
        _write(_json([views.row_record(row) for row in selected]), output)
    elif fmt == "csv":
        _write(views.rows_csv(selected), output)
    else:
        _emit(views.list_document(selected, full=fmt == "markdown"), fmt, output)


def _format_from(output: Path | None) -> str:
    suffix = output.suffix.lower() if output else ""
    return {".json": "json", ".csv": "csv", ".md": "markdown"}.get(suffix, "table")


@app.command()
@guarded
def show(
    ref: Annotated[
        str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7 (plan, then id).")
    ],
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


# --- editing plans ------------------------------------------------------------------------------

DryRun = Annotated[
    bool,
    typer.Option("--dry-run", "-n", help="Show the change as a diff; write nothing."),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="DATE",
        help="The date to record (YYYY-MM-DD). Default: today.",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", metavar="NAME", help="Who gave the update: an agency or a role.", show_default=False
    ),
]


def _report(result: Any) -> None:
    """Say what an edit did (or would do): the diff on stdout for a dry run, one line each,
    and any warning the change brings."""
    from scrplan.diagnostics import format_problem

    if result.diff:
        sys.stdout.write(result.diff)
    for line in result.changes:
        _err(("would change " if not result.written and result.diff else "") + line)
    if not result.changes:
        _err(f"{result.path}: nothing to change; it already says that")
    for warning in result.warnings:
        _err(format_problem(warning._replace(excerpt=None)))


def _text_arg(text: str) -> str:
    """The text given, or standard input for ``-``."""
    return sys.stdin.read() if text == "-" else text


@app.command(name="set-rag")
@guarded
def set_rag(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7.")],
    colour: Annotated[
        str, typer.Argument(metavar="COLOUR", help="red, amber, green or blue (as the plan's key).")
    ],
    plan: PlanOption = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", metavar="TEXT", help="Also add this progress note.", show_default=False
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence",
            metavar="TEXT",
            help="Record the evidence (needed for complete).",
            show_default=False,
        ),
    ] = None,
    date: DateOption = None,
    by: ByOption = None,
    dry_run: DryRun = False,
) -> None:
    """Set the RAG colour of a recommendation or action.

    Marking an item complete (blue, unless the plan's key says otherwise) needs evidence,
    already in the plan or given with --evidence, and records the completion date. A
    recommendation with actions takes its colour from them: set the actions instead. Only the
    changed lines of the file change.

    Example:

        scrplan set-rag child-m:7 amber --note "QAF updated; agreed by the board" --by DSCB
    """
    from scrplan.updates import set_rag as run

    _report(
        run(
            ref,
            colour,
            plan=plan,
            note=note,
            evidence=evidence,
            day=_date(date, "'--date'"),
            by=by,
            dry_run=dry_run,
        )
    )


@app.command()
@guarded
def note(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7.")],
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="The update; - reads it from standard input.")
    ],
    plan: PlanOption = None,
    date: DateOption = None,
    by: ByOption = None,
    dry_run: DryRun = False,
) -> None:
    """Add a progress note to a recommendation or action.

    The note is added after the item's last progress entry, dated today unless --date is
    given. Each line of the text is kept as its own paragraph.

    Example:

        scrplan note child-m:4 "Refresher training delivered to 120 officers" --by WMP
    """
    from scrplan.updates import add_note, clean_text

    note = _text_arg(text)
    if not clean_text(note):
        raise typer.BadParameter("the note is empty: write what has happened", param_hint="TEXT")
    day = _date(date, "'--date'")
    _report(add_note(ref, note, plan=plan, day=day, by=by, dry_run=dry_run))


@app.command(name="set")
@guarded
def set_(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7.")],
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD", help="lead, target_date, timescale, evidence or completed."
        ),
    ],
    value: Annotated[
        list[str] | None,
        typer.Argument(
            help="The new value; several values for lead make a list.", show_default=False
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the field.")] = False,
    plan: PlanOption = None,
    dry_run: DryRun = False,
) -> None:
    """Set a field of a recommendation or action: lead, target date, timescale, evidence or
    completion date.

    Dates are YYYY-MM-DD, or YYYY-MM for the end of a month. The value is checked as the file
    would be, and only the changed lines of the file change.

    Example:

        scrplan set child-m:7 target_date 2017-09-30
    """
    from scrplan.updates import set_field

    _report(set_field(ref, field, list(value or []), plan=plan, clear=clear, dry_run=dry_run))


@app.command()
@guarded
def new(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The new plan file, e.g. plans/child-q.yaml.")
    ],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The plan's title.")],
    partnership: Annotated[
        str | None,
        typer.Option("--partnership", metavar="TEXT", help="The board that owns the plan."),
    ] = None,
    review: Annotated[
        str | None, typer.Option("--review", metavar="TEXT", help="The kind of review.")
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", metavar="TEXT", help="Who the review was about (anonymised)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print the new plan; write nothing.")
    ] = False,
) -> None:
    """Start a new plan from a template, with examples to copy. Never overwrites a file.

    Example:

        scrplan new plans/child-q.yaml --title "Child Q LCSPR action plan" --subject "Child Q"
    """
    from scrplan.updates import new_plan

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise typer.BadParameter(f"{path} is not a .yaml file", param_hint="PATH")
    if not title.strip():
        raise typer.BadParameter("the title is empty", param_hint="'--title'")
    text = new_plan(
        path, title=title, partnership=partnership, review=review, subject=subject, dry_run=dry_run
    )
    if dry_run:
        sys.stdout.write(text)
    else:
        _err(f"wrote {path}: add its recommendations, then run scrplan validate {path}")


# --- history from git: diff and log -------------------------------------------------------------


class ChangeFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class _PathsAfterDashes(typer.core.TyperCommand):
    """Keep what follows ``--`` apart, as git does: ``diff main -- plans/a.yaml``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args:
            at = args.index("--")
            ctx.meta["scrplan_paths"] = args[at + 1 :]
            args = args[:at]
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return ["[OPTIONS]", "[BASE [HEAD]]", "[-- PATH...]"]


@app.command(cls=_PathsAfterDashes)
@guarded
def diff(
    ctx: typer.Context,
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="REVISION",
            help="BASE, or BASE HEAD, or BASE...HEAD; then -- and the plan files or folders "
            "to compare (default: plans/).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ChangeFormat,
        typer.Option("--format", "-f", help="text, markdown (for a pull request) or json."),
    ] = ChangeFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when any plan changed, like git diff.")
    ] = False,
) -> None:
    """Show what changed in plans between two git revisions, in safeguarding terms.

    RAG changes, progress notes, dates, leads, evidence, items and plans added or removed, and
    warnings for the reviewer: complete without evidence, a target date moved later, red to
    green in one step, progress history edited or deleted. Default: HEAD against the working
    tree; one revision: it against the working tree; BASE...HEAD: what HEAD changed since it
    left BASE. Exits 1 if a plan on the newer side has errors; 3 if git cannot answer.

    Example:

        scrplan diff main...my-update --format markdown
    """
    from scrplan import diffview, history

    revs, paths = history.split_arguments(revisions or [])
    try:
        cmp = history.diff(revs, [*paths, *ctx.meta.get("scrplan_paths", [])])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="BASE HEAD") from None
    if format is ChangeFormat.json:
        sys.stdout.write(_json(diffview.diff_record(cmp)))
    else:
        _emit(diffview.diff_document(cmp), format.value)
    if cmp.new_errors or (exit_code and cmp.changed):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
@guarded
def log(
    ref: Annotated[
        str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7 (plan, then id).")
    ],
    plan: PlanOption = None,
    format: Annotated[
        ChangeFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = ChangeFormat.text,
) -> None:
    """Show the history of one recommendation or action from git, newest first.

    Each commit that changed it: when, who, and what changed (RAG, progress, dates, lead,
    evidence), following the plan file back across renames.

    Example:

        scrplan log child-m:7
    """
    from scrplan import diffview, history

    found = history.item_log(ref, plan)
    if format is ChangeFormat.json:
        sys.stdout.write(_json(diffview.log_record(found)))
    else:
        _emit(diffview.log_document(found), format.value)


# --- board reports ------------------------------------------------------------------------------


class BoardFormat(str, Enum):
    docx = "docx"
    html = "html"
    md = "md"
    markdown = "markdown"
    csv = "csv"


@app.command()
@guarded
def report(
    paths: PathsArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The file to write: .docx (Word), .html, .md or .csv; - for standard output.",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]  # typer's marker for a required option
    format: Annotated[
        BoardFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="docx, html, md or csv. Default: from the --output extension (md for -).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Also count items completed on or after this date (YYYY-MM-DD), e.g. the "
            "last board meeting.",
            show_default=False,
        ),
    ] = None,
    rag: RagOption = None,
    lead: LeadOption = None,
    overdue: OverdueOption = False,
    due_before: DueBeforeOption = None,
    search: SearchOption = None,
    all_: AllOption = False,
) -> None:
    """Write the board paper: Word, HTML, Markdown or CSV, for one plan or several.

    For each plan: the title block and "as at" date, the RAG key with the number of
    recommendations in each colour, a summary, and the action table (Ref, Learning or
    Improvement Point, Recommendation, Lead, Target date, Progress/Comment, RAG), actions
    beneath their recommendation, latest progress first, overdue items marked. The filters
    are those of `scrplan list`: by default the table shows outstanding items; the summary
    always counts every recommendation.

    Example:

        scrplan report plans/child-m.yaml -o child-m.docx --since 2024-01-01
    """
    from scrplan import report as board

    fmt = _board_format(output, format)
    keep = _filter(rag, lead, overdue, due_before, search, all_)
    built = board.build(_load(paths), _as_of(as_of), keep, since=_date(since, "'--since'"))
    data = board.render(built, fmt)
    if isinstance(data, str) and str(output) == "-":
        sys.stdout.write(data)
    else:
        from scrplan.files import save

        save(output, data)
        _err(f"wrote {output}")


def _board_format(output: Path, chosen: BoardFormat | None) -> str:
    """The report's format: --format, else the output file's extension; usage errors (exit 2)
    for an extension scrplan cannot tell, a mismatch, or Word to standard output."""
    from scrplan.report import FORMATS

    to_stdout = str(output) == "-"
    named = None if to_stdout else FORMATS.get(output.suffix.lower())
    fmt = {"markdown": "md"}.get(chosen.value, chosen.value) if chosen else named
    if fmt is None and to_stdout:
        fmt = "md"
    if fmt is None:
        raise typer.BadParameter(
            f"scrplan cannot tell the format from the name {output.name!r}: end it in .docx, "
            ".html, .md or .csv, or give --format",
            param_hint="'--output'",
        )
    if named and named != fmt:
        raise typer.BadParameter(
            f"the name {output.name} says {named} but --format says {fmt}: make them agree",
            param_hint="'--output'",
        )
    if fmt == "docx" and to_stdout:
        raise typer.BadParameter(
            "a Word file cannot be written to standard output: give a file name, "
            "e.g. -o report.docx",
            param_hint="'--output'",
        )
    return fmt


# --- importing plans ----------------------------------------------------------------------------


@app.command(name="import")
@guarded
def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The plan: .docx, .xlsx, .csv, .tsv or .txt.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The plan file to write, e.g. plans/child-q.yaml.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="The plan's title, if not the one in the file."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print the plan instead of writing it.")
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
