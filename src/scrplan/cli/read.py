"""Reading plans: ``status``, ``list`` and ``show``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from scrplan.cli.base import (
    AllOption,
    AsOf,
    DueBeforeOption,
    ImpactDueOption,
    LeadOption,
    OutputOption,
    OverdueOption,
    PathsArg,
    PlanOption,
    RagOption,
    RefArg,
    SearchOption,
    StageOption,
    StaleOption,
    TableFormat,
    app,
    as_of,
    check_levels,
    format_option,
    guarded,
    item_filter,
    valid_files,
)


class SortKey(str, Enum):
    plan = "plan"
    urgency = "urgency"
    target = "target"
    rag = "rag"
    lead = "lead"
    updated = "updated"


@app.command(short_help="What is outstanding and overdue, and the assurance given.")
@guarded
def status(
    paths: PathsArg = None,
    as_of_: AsOf = None,
    format: Annotated[str, format_option("text", "json", "markdown")] = "text",
) -> None:
    """Show what is outstanding and overdue: one plan in detail, or every plan in a folder.

    For one plan: its RAG counts, then every outstanding item, overdue first, then red, amber,
    not rated and green, with actions beneath their recommendation. For several plans: a row
    per plan, the totals, and the overdue items across all of them.

    Example:

        scrplan status plans/child-m.yaml --as-of 2017-03-31
    """
    from scrplan.output import plan_views as views
    from scrplan.output.formats import emit
    from scrplan.plan.discover import find_plan_files

    files, day = find_plan_files(paths or []), as_of(as_of_)
    if len(files) > 1 and format != "json":
        # Read one plan at a time, keeping the counts and the rows shown.
        from scrplan.plan.bulk import overview_of
        from scrplan.plan.load import collector_paused

        with collector_paused():
            found = overview_of(files, day, views.OVERDUE_SHOWN)
            emit(format, page=lambda full: views.overview_page(found, full=full))
        return
    plans = valid_files(files)
    emit(
        format,
        page=lambda full: views.status_page(plans, day, full=full),
        record=lambda: views.status_record(plans, day),
    )


@app.command(name="list", short_help="List items, filtered and sorted: text, JSON, CSV, Excel.")
@guarded
def list_(
    paths: PathsArg = None,
    rag: RagOption = None,
    lead: LeadOption = None,
    overdue: OverdueOption = False,
    due_before: DueBeforeOption = None,
    search: SearchOption = None,
    all_: AllOption = False,
    stage: StageOption = None,
    stale: StaleOption = False,
    impact_due: ImpactDueOption = False,
    as_of_: AsOf = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort",
            help="Order: plan (file order), urgency, target, rag, "
            "lead, updated (latest progress first).",
        ),
    ] = SortKey.plan,
    format: TableFormat = None,
    output: OutputOption = None,
) -> None:
    """List recommendations and actions, filtered and sorted.

    Filters combine: every one given must match. By default only items not done are listed
    (open, or awaiting sign-off); --all lists complete and closed items too. Every format
    lists the same items in the same order.

    Example:

        scrplan list --rag red --rag amber --lead police -o police.xlsx
    """
    from scrplan.output import plan_views as views
    from scrplan.output.formats import choose, emit
    from scrplan.plan import query
    from scrplan.plan.discover import find_plan_files
    from scrplan.plan.load import collector_paused

    fmt = choose(("text", "json", "csv", "markdown", "xlsx"), format, output, "text")
    files = find_plan_files(paths or [])
    # Options first (a usage error however many plans), then the plans, then the levels
    # asked for against the plans' keys.
    day = as_of(as_of_)
    keep = item_filter(rag, lead, overdue, due_before, search, all_, stage, stale, impact_due)
    with collector_paused():  # thousands of rows hold millions of objects, and no cycles
        if len(files) > 1:
            # Read one plan at a time, keeping only the rows listed.
            from scrplan.plan.bulk import selected_rows

            selected, levels = selected_rows(files, keep, day, sort.value)
        else:
            plans = valid_files(files)
            levels = [n for p in plans for n in p.key.colours]
            selected = query.select(query.rows(plans, day), keep, sort=sort.value)
        check_levels(rag, levels)
        emit(
            fmt,
            page=lambda full: views.list_page(selected, full=full),
            record=lambda: [views.row_record(row) for row in selected],
            csv=lambda: views.rows_csv(selected),
            xlsx=lambda: views.rows_xlsx(selected),
            output=output,
        )


@app.command(short_help="Everything about one recommendation or action.")
@guarded
def show(
    ref: RefArg,
    plan: PlanOption = None,
    as_of_: AsOf = None,
    format: Annotated[str, format_option("text", "json", "markdown")] = "text",
) -> None:
    """Show everything about one recommendation or action.

    The learning point, recommendation, lead, dates, RAG with its meaning in the plan's key,
    every progress entry, the evidence, and its actions.

    Example:

        scrplan show child-m:7
    """
    from scrplan.output import plan_views as views
    from scrplan.output.formats import emit
    from scrplan.plan.refs import find_item

    found, item = find_item(ref, plan)
    day = as_of(as_of_)
    emit(
        format,
        page=lambda full: views.show_page(found, item, day),
        record=lambda: views.show_record(found, item, day),
    )
