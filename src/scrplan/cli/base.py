"""The typer app, its one error boundary, and the options commands share.

Exit codes (also in ``scrplan --help`` and the README):

    0    success
    1    problems found in a plan, or a command refused (unknown reference, invalid edit)
    2    usage error: an unknown option or a bad argument
    3    environment: git missing, not a repository, an unknown revision
    4    a fault in scrplan itself (the details are written to a file to report)
    130  interrupted (Ctrl+C)

Imports of pydantic, PyYAML and rich happen inside the commands that need them, so ``--help``,
``--version`` and tab completion stay fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.exceptions import TyperException

from scrplan import __version__

if TYPE_CHECKING:
    from scrplan.edit.transaction import EditResult
    from scrplan.plan.model import Plan
    from scrplan.plan.query import Filter

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3
EXIT_FAULT = 4
EXIT_INTERRUPTED = 130

DEBUG_ENV = "SCRPLAN_DEBUG"

HELP = f"""Track the action plans that follow serious case reviews.

Each plan is a YAML file (usually in plans/) kept in git. scrplan checks plans, shows what is
outstanding and overdue, and makes small, reviewable edits.

Exit codes: {EXIT_OK} ok; {EXIT_PROBLEMS} problems found or command refused; {EXIT_USAGE} usage
error; {EXIT_ENVIRONMENT} git or system problem; {EXIT_FAULT} a fault in scrplan; {EXIT_INTERRUPTED}
interrupted.
"""


def _plain_arguments() -> None:
    """Arguments in help as people read them: ``REF`` and ``[VALUE...]`` in the usage line,
    not typer's ``{REF}``, and no Python types (``<list[str]>``) beside their names."""
    from typer.core import TyperArgument

    def usage_name(self: TyperArgument) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]
    TyperArgument.display_type = lambda self, ctx: ""  # type: ignore[method-assign]


_plain_arguments()


def _quick_coercion() -> None:
    """Text, path, flag and choice options without pydantic: typer checks every option's
    value through a pydantic adapter of its own, built when the command runs, and building
    them cost a twelfth of a one-plan ``status`` (about 12 ms, measured in instructions).

    Here a ``str`` option is its text, a flag its ``bool``, an option with a ``parser``
    (``--format``) what the parser gives, a choice (an ``Enum``) what typer's own
    ``coerce_cli_choice`` finds, and a ``Path`` with typer's default checks (none but that an
    existing file be readable) is made here. Anything else, and every refusal, goes to typer's
    adapter (for a list, the whole list), so results, messages and exit codes are typer's; a
    typer without these internals keeps its own coercion whole.
    """
    try:
        from typer import core
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_choice
    except ImportError:  # pragma: no cover - another typer: its own coercion, only slower
        return
    if not hasattr(core, "build_runtime_param"):  # pragma: no cover
        return
    built: Callable[[Any], Any] = core.build_runtime_param
    from dataclasses import dataclass
    from enum import Enum
    from typing import get_args, get_origin

    typers = object()  # what _one gives for a value it leaves to typer

    def plain_type(annotation: Any, info: Any) -> type | None:
        if annotation is Path:
            # typer's defaults: only then is the check below all typer makes
            defaults: dict[str, Any] = {
                "exists": False,
                "file_okay": True,
                "dir_okay": True,
                "writable": False,
                "readable": True,
                "resolve_path": False,
                "allow_dash": False,
                "path_type": None,
            }
            same = all(getattr(info, k, v) == v for k, v in defaults.items())
            return Path if same else None
        if annotation in (str, bool):
            return annotation  # type: ignore[no-any-return]
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return annotation
        return None

    @dataclass(frozen=True)
    class Plain(RuntimeParam):
        kind: type
        many: bool
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if not self.many:
                found = self._one(value, ctx)
            elif isinstance(value, (list, tuple)):
                found = [self._one(v, ctx) for v in value]
                found = typers if any(f is typers for f in found) else found
            else:
                found = typers
            if found is typers:
                return built(self.descriptor).coerce(value, param=param, ctx=ctx)
            return found

        def _one(self, value: Any, ctx: Any) -> Any:
            info = self.parameter_info
            try:
                if info.parser is not None:
                    return info.parser(value) if isinstance(value, str) else typers
                if self.kind in (str, bool):
                    return value if isinstance(value, self.kind) else typers
                if issubclass(self.kind, Enum):
                    return coerce_cli_choice(
                        value, choices=tuple(self.kind), case_sensitive=info.case_sensitive, ctx=ctx
                    )
                if not isinstance(value, (str, Path)):
                    return typers
                path = Path(value)
                try:
                    os.stat(path)
                except OSError:
                    return path  # a path that does not exist yet is allowed
                return path if os.access(path, os.R_OK) else typers
            except ValueError:  # refused (or a NUL in a path): typer words it
                return typers

    def quick(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        annotation = descriptor.annotation
        many = get_origin(annotation) is list
        kind = plain_type(get_args(annotation)[0] if many else annotation, info)
        if info.parser is not None:
            kind = None if many else kind or str
        if (
            kind is None
            or descriptor.file_annotation is not None
            or getattr(info, "click_type", None) is not None
        ):
            return built(descriptor)
        try:
            return Plain(
                parameter_info=info,
                annotation=annotation,
                kind=kind,
                many=many,
                descriptor=descriptor,
            )
        except TypeError:  # pragma: no cover - another typer's RuntimeParam
            return built(descriptor)

    quick.typers = built  # type: ignore[attr-defined]  # for the tests that compare the two
    core.build_runtime_param = quick


_quick_coercion()

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


def say(text: str) -> None:
    """A message for the person at the keyboard, on standard error; what a terminal would obey
    (a plan's text can be quoted in it) is shown as a stand-in."""
    from scrplan.words import visible

    text = visible(text)
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def guarded(func: F) -> F:
    """Run a command, turning scrplan's exceptions into a message on stderr and an exit code.

    This is the only place exceptions become exit codes. A fault in scrplan (any other
    exception) is not "problems found": it exits 4 with one plain line, and the details go to
    a file to report (or to the screen with ``SCRPLAN_DEBUG=1``).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from scrplan import errors

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException):
            raise  # typer's own: usage errors and exits
        except errors.PlanProblems as exc:
            from scrplan.output.problems import format_problem

            blocks = [format_problem(p) for p in exc.problems]
            if exc.hint:
                blocks.append(f"scrplan: {exc.hint}")
            say("\n\n".join(blocks))
            raise typer.Exit(EXIT_PROBLEMS) from None
        except errors.UsageError as exc:
            raise typer.BadParameter(str(exc), param_hint=exc.option) from None
        except errors.GitError as exc:
            say(f"scrplan: {exc}")
            raise typer.Exit(EXIT_ENVIRONMENT) from None
        except errors.ScrplanError as exc:
            say(f"scrplan: {exc}")
            raise typer.Exit(EXIT_PROBLEMS) from None
        except KeyboardInterrupt:
            say("scrplan: interrupted; nothing was half-written")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
                raise
            say(fault(exc))
            raise typer.Exit(EXIT_FAULT) from None

    wrapper.__doc__ = _examples_unwrapped(func.__doc__)
    return wrapper  # type: ignore[return-value]


def _examples_unwrapped(doc: str | None) -> str | None:
    """The help text with each example line marked (click's ``\b``) so that help never
    wraps it: an example broken across two lines cannot be copied into a terminal."""
    if not doc:
        return doc
    lines = doc.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith("scrplan ") and i and not lines[i - 1].strip():
            # At the text's own margin: click indents the lines under it as written.
            margin = max(len(line) - len(line.lstrip()) - 4, 0)
            out.append(" " * margin + "\b")
        out.append(line)
    return "\n".join(out)


def fault(exc: BaseException) -> str:
    """Write the details of a fault in scrplan to a file; the line that says so."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    where = None
    try:
        fd, where = tempfile.mkstemp(prefix="scrplan-fault-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"scrplan {__version__}, Python {sys.version.split()[0]}\n")
            handle.write(f"command: {' '.join(sys.argv)}\n\n{details}")
    except OSError:
        where = None
    told = f"the details are in {where}" if where else "the details could not be saved"
    return (
        f"scrplan: a fault in scrplan itself stopped this command ({type(exc).__name__}); "
        f"no plan was half-written. {told}: please send them to whoever supports scrplan for "
        f"you, or report them to the scrplan developers (set {DEBUG_ENV}=1 to see them here)"
    )


# --- shared options ---------------------------------------------------------------------------

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Plan files or folders (folders are searched for *.yaml). Default: plans/.",
        show_default=False,
        metavar="PATH",
    ),
]
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
RefArg = Annotated[
    str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7 (plan, then id).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of the screen.",
        show_default=False,
    ),
]


def format_option(*allowed: str, help: str = "", default_words: str = "") -> Any:
    """The ``--format`` option of a command that writes ``allowed`` (first: the default).

    The old word for a format (``table`` for ``text``) still works.
    """
    from scrplan.output.formats import accepted, canonical, words

    accept = accepted(allowed)

    def parse(value: str) -> str:
        if value.lower() not in accept:
            raise typer.BadParameter(f"{value!r} is not one of {words(list(allowed))}")
        return canonical(value)

    def complete(incomplete: str) -> list[str]:
        return [a for a in allowed if a.startswith(incomplete)]

    default = default_words or f"Default: {allowed[0]}."
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        parser=parse,
        autocompletion=complete,
        help=f"{words(list(allowed))}. {help}{' ' if help else ''}{default}".strip(),
        show_default=False,
    )


TableFormat = Annotated[
    str | None,
    format_option(
        "text",
        "json",
        "csv",
        "markdown",
        default_words="Default: from the --output extension, else text.",
    ),
]
"""``--format`` of a command whose output is a table of items."""


def date_option(value: str | None, option: str) -> dt.date | None:
    """Read a date option as plans write dates (YYYY-MM-DD, or YYYY-MM for the end of the
    month); a bad one is a usage error (exit 2) that names the option and the right form."""
    if value is None:
        return None
    from scrplan.plan.dates import parse_plan_date

    try:
        return parse_plan_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc).split("\n")[0], param_hint=option) from None


def as_of(value: str | None) -> dt.date:
    """The ``--as-of`` date; today when it is not given."""
    return date_option(value, "'--as-of'") or dt.date.today()


def valid_plans(paths: Sequence[Path] | None) -> list[Plan]:
    """Every plan the paths name; refuses (exit 1, problems on stderr) if any is invalid."""
    from scrplan.plan.discover import find_plan_files

    return valid_files(find_plan_files(paths or []))


def valid_files(files: Sequence[Path]) -> list[Plan]:
    """Every plan of ``files`` (as :func:`~scrplan.plan.discover.find_plan_files` finds
    them); refuses (exit 1, problems on stderr) if any is invalid."""
    from scrplan.plan.load import load_plan, load_plans, require_all

    # One plan is read as it always was: a pool of workers is for many.
    loaded = [load_plan(files[0])] if len(files) == 1 else load_plans(files)
    return require_all(loaded, "nothing shown")


# --- the filters of `list`, shared with `report` so that both select items the same way -------


RagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rag",
        metavar="LEVEL",
        help="Only this level of the plan's key (red, amber, green, blue; 2; Update pending); "
        "repeat for several; none = not rated.",
        show_default=False,
    ),
]
StageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--stage",
        metavar="STAGE",
        help="Only items at this stage: open, awaiting-sign-off, complete, verified, "
        "impact-evidenced, closed; repeat for several.",
        show_default=False,
    ),
]
StaleOption = Annotated[
    bool, typer.Option("--stale", help="Only items with no update within the update interval.")
]
ImpactDueOption = Annotated[
    bool,
    typer.Option("--impact-due", help="Only items whose impact review is due, with no evidence."),
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


def item_filter(
    rag: list[str] | None,
    lead: str | None,
    overdue: bool,
    due_before: str | None,
    search: str | None,
    all_: bool,
    stage: list[str] | None = None,
    stale: bool = False,
    impact_due: bool = False,
) -> Filter:
    """The :class:`~scrplan.plan.query.Filter` the filter options describe: a bad date or a
    stage that does not exist is a usage error, found before any plan is read. The levels are
    not checked here: :func:`check_levels` checks them against the plans' keys once the plans
    are read."""
    from scrplan.plan.query import STAGE_WORDS, Filter

    stages = []
    for given in stage or []:
        word = given.strip().lower().replace(" ", "-")
        if word not in STAGE_WORDS:
            raise typer.BadParameter(
                f"{given!r} is not a stage; use one of: {', '.join(STAGE_WORDS)}",
                param_hint="'--stage'",
            )
        stages.append(STAGE_WORDS[word])
    return Filter(
        rags=list(rag or []),
        lead=lead,
        overdue=overdue,
        due_before=date_option(due_before, "'--due-before'"),
        search=search,
        include_complete=all_,
        stages=stages,
        stale=stale,
        impact_due=impact_due,
    )


def check_levels(rag: list[str] | None, names: Sequence[str]) -> None:
    """A usage error for a ``--rag`` word that is none of ``names`` (the plans' levels, in
    order) nor ``none`` (:func:`scrplan.plan.query.check_levels`)."""
    from scrplan.plan.query import check_levels as check

    check(rag or [], names)


# --- edits --------------------------------------------------------------------------------------

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


def tell(result: EditResult) -> None:
    """Say what an edit did (or would do): the diff on stdout for a dry run, one line each,
    and any warning the change brings."""
    from scrplan.output.problems import format_problem
    from scrplan.words import visible

    if result.diff:  # a comment in the plan may hold a bidi override, shown as a stand-in
        sys.stdout.write(visible(result.diff))
    for line in result.changes:
        say(("would change " if not result.written and result.diff else "") + line)
    if not result.changes:
        say(f"{result.path}: nothing to change; it already says that")
    for warning in result.warnings:
        say(format_problem(warning._replace(excerpt=None)))


def text_arg(text: str) -> str:
    """The text given, or standard input for ``-``."""
    return sys.stdin.read() if text == "-" else text
