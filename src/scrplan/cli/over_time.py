"""The board's view over time, from git: ``changes`` and ``trend``."""

from __future__ import annotations

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


@app.command()
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


@app.command()
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
