"""Board papers: ``report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scrplan.cli.base import (
    AllOption,
    AsOf,
    DueBeforeOption,
    LeadOption,
    OverdueOption,
    PathsArg,
    RagOption,
    SearchOption,
    app,
    as_of,
    check_levels,
    date_option,
    format_option,
    guarded,
    item_filter,
    valid_files,
)

if TYPE_CHECKING:
    from scrplan.report.meeting import Meeting


@app.command(short_help="Write the board paper: Word, HTML, Markdown or CSV.")
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
        str | None,
        format_option(
            "docx",
            "html",
            "markdown",
            "csv",
            default_words="Default: from the --output extension (markdown for -).",
        ),
    ] = None,
    as_of_: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Also count items completed on or after this date (YYYY-MM-DD), e.g. the "
            "last board meeting; with plans in git, start with what moved since then and "
            "the trend.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The paper's title, if not the plan's."),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting", metavar="DATE", help="The board meeting the paper is for (YYYY-MM-DD)."
        ),
    ] = None,
    marking: Annotated[
        str | None,
        typer.Option(
            "--marking",
            metavar="TEXT",
            help="A protective marking for the top and foot of every page, e.g. "
            "OFFICIAL-SENSITIVE.",
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
    from scrplan.output.formats import choose, write
    from scrplan.plan.discover import find_plan_files
    from scrplan.report.model import build

    fmt = choose(board.FORMATS, format, output, "markdown")
    files = find_plan_files(paths or [])
    day, after = as_of(as_of_), date_option(since, "'--since'")
    named = title.strip() if title and title.strip() else None
    when = date_option(meeting, "'--meeting'")
    marked = marking.strip() if marking and marking.strip() else None
    moved = None
    if after is not None and fmt != "csv":

        def moved() -> Meeting | None:
            from scrplan.report.meeting import meeting as since_meeting

            return since_meeting(paths or [], after, day)

    # Options first (a usage error however many plans), then the plans, then the levels
    # asked for against the plans' keys.
    keep = item_filter(rag, lead, overdue, due_before, search, all_)
    # Several plans are read and written one at a time, unless recommendations have themes:
    # their section counts every plan before the first plan's section.
    if (
        len(files) > 1
        and fmt in board.STREAMED
        and board.write_many(
            files,
            fmt,
            output,
            as_of=day,
            keep=keep,
            since=after,
            title=named,
            meeting=when,
            marking=marked,
            moved=moved,
        )
    ):
        return
    plans = valid_files(files)
    check_levels(rag, [n for p in plans for n in p.key.colours])
    built = build(plans, day, keep, since=after, title=named, meeting=when, marking=marked)
    if moved is not None:
        built = built._replace(meeting=moved())
    write(board.render(built, fmt), output)
