"""The board's view over time, from git: ``changes``, ``trend`` and ``annual-report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scrplan.cli.base import (
    AsOf,
    OutputOption,
    PathsArg,
    app,
    as_of,
    date_option,
    format_option,
    guarded,
)


@app.command(short_help="What moved in the plans since the last meeting.")
@guarded
def changes(
    paths: PathsArg = None,
    since: Annotated[
        str,
        typer.Option(
            "--since",
            metavar="DATE|REVISION",
            help="The plans as they stood then: a date (YYYY-MM-DD: the last commit made on or "
            "before it), or a branch, tag or commit.",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]  # typer's marker for a required option
    as_of_: AsOf = None,
    format: Annotated[str, format_option("text", "markdown", "json")] = "text",
    output: OutputOption = None,
) -> None:
    """Show what moved in the plans since the last meeting, from git.

    The plans as they stood then against the plans now (the working tree): items completed,
    signed off, with impact evidenced, reopened, closed; levels better and worse; newly
    overdue; targets moved later (with how many times each item's target has moved later in
    all its history); new and removed items and plans; and open items with no update since
    then. Plans renamed in between are followed. Exits 3 when git cannot answer, or when the
    date is before the plans' first commit.

    Example:

        scrplan changes plans/ --since 2024-01-10
    """
    from scrplan.history.changes import changes as moved
    from scrplan.output import over_time_views as views
    from scrplan.output.formats import choose, emit

    fmt = choose(("text", "markdown", "json"), None if format == "text" else format, output, format)
    found = moved(paths or [], since, as_of(as_of_))
    emit(
        fmt,
        page=lambda full: views.changes_page(found, full),
        record=lambda: views.changes_record(found),
        output=output,
    )


@app.command(short_help="The counts at the end of each month or quarter.")
@guarded
def trend(
    paths: PathsArg = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="PERIOD",
            help="month or quarter (calendar quarters).",
            show_default=True,
        ),
    ] = "month",
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="Start with the period holding this date (YYYY-MM-DD). Default: the first "
            "commit of the plans.",
            show_default=False,
        ),
    ] = None,
    as_of_: AsOf = None,
    format: Annotated[str, format_option("text", "csv", "json", "markdown")] = "text",
    output: OutputOption = None,
) -> None:
    """Show the counts at the end of each month or quarter, from git history.

    For each period: the plans as they stood at its end, counted on that day, as status
    counts them: recommendations at each level of the key, outstanding, overdue, with no
    update within the update interval, and awaiting sign-off. The last period runs to the
    as-of date (default today: the plans as they are now).

    Example:

        scrplan trend plans/ --by quarter --from 2023-04-01 --format csv -o trend.csv
    """
    from scrplan.history.trend import BY
    from scrplan.history.trend import trend as counted
    from scrplan.output import over_time_views as views
    from scrplan.output.formats import choose, emit

    if by not in BY:
        raise typer.BadParameter(f"{by!r} is not month or quarter", param_hint="'--by'")
    fmt = choose(
        ("text", "csv", "json", "markdown"), format if format != "text" else None, output, format
    )
    found = counted(paths or [], by, date_option(from_, "'--from'"), as_of(as_of_))
    emit(
        fmt,
        page=lambda full: views.trend_page(found, by),
        record=lambda: views.trend_record(found, by),
        csv=lambda: views.trend_csv(found),
        output=output,
    )


@app.command("annual-report", short_help="Write the yearly report's part about reviews.")
@guarded
def annual_report(
    paths: PathsArg = None,
    from_: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="DATE",
            help="The first day of the year reported (YYYY-MM-DD).",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="DATE",
            help="The last day of the year reported (YYYY-MM-DD).",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The file to write: .docx (Word), .html or .md; - for standard output.",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    format: Annotated[
        str | None,
        format_option(
            "docx", "html", "markdown", default_words="Default: from the --output extension."
        ),
    ] = None,
) -> None:
    """Write the yearly report's part about reviews: what was done to implement them.

    For each review: what was done in the year to implement its recommendations, the
    improvements evidenced (impact), what was closed without implementation and why, and what
    is still outstanding and overdue, with the counts; then the totals across reviews. The
    wording can be pasted into the partnership's annual report as it is.

    Example:

        scrplan annual-report plans/ --from 2023-04-01 --to 2024-03-31 -o reviews-2023-24.docx
    """
    from scrplan.output.formats import choose, write
    from scrplan.report.annual import FORMATS, annual, render_annual

    fmt = choose(FORMATS, format, output, "markdown")
    start, end = date_option(from_, "'--from'"), date_option(to, "'--to'")
    assert start is not None and end is not None
    if end < start:
        raise typer.BadParameter("--to is before --from", param_hint="'--to'")
    built = annual(paths or [], start, end)
    for note in built.notes:
        typer.echo(f"scrplan: {note}", err=True)
    write(render_annual(built, fmt), output)
