"""Plans through time, from git: ``diff`` and ``log``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from scrplan.cli.base import EXIT_PROBLEMS, PlanOption, RefArg, app, format_option, guarded


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


@app.command(
    cls=_PathsAfterDashes, short_help="What changed between two git revisions, for a reviewer."
)
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
        str, format_option("text", "markdown", "json", help="markdown is for a pull request.")
    ] = "text",
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
    from scrplan.history import diff as history
    from scrplan.output import history_views as views
    from scrplan.output.formats import emit

    revs, paths = history.split_arguments(revisions or [])
    try:
        cmp = history.diff(revs, [*paths, *ctx.meta.get("scrplan_paths", [])])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="BASE HEAD") from None
    emit(format, page=lambda full: views.diff_page(cmp), record=lambda: views.diff_record(cmp))
    if cmp.new_errors or (exit_code and cmp.changed):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command(short_help="One item's history from git, newest first.")
@guarded
def log(
    ref: RefArg,
    plan: PlanOption = None,
    format: Annotated[str, format_option("text", "markdown", "json")] = "text",
) -> None:
    """Show the history of one recommendation or action from git, newest first.

    Each commit that changed it: when, who, and what changed (RAG, progress, dates, lead,
    evidence), following the plan file back across renames.

    Example:

        scrplan log child-m:7
    """
    from scrplan.history.itemlog import item_log
    from scrplan.output import history_views as views
    from scrplan.output.formats import emit

    found = item_log(ref, plan)
    emit(format, page=lambda full: views.log_page(found), record=lambda: views.log_record(found))
