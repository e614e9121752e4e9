"""Updates from agencies: ``request``, ``apply``, ``chase`` and ``calendar``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from scrplan.cli.base import (
    EXIT_PROBLEMS,
    AsOf,
    OutputOption,
    PathsArg,
    app,
    as_of,
    date_option,
    format_option,
    guarded,
    say,
    valid_plans,
)

AgencyOption = Annotated[
    str | None,
    typer.Option(
        "--lead",
        metavar="AGENCY",
        help="The agency: its name, short name or alias in partnership.yaml (WMP, Police), "
        "or a lead as the plans write it.",
        show_default=False,
    ),
]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due",
        metavar="DATE",
        help="When the return is due (YYYY-MM-DD). Default: the settings' return_period after "
        "--as-of (4 weeks).",
        show_default=False,
    ),
]


@app.command(short_help="Write an agency's update request, as Excel or Word.")
@guarded
def request(
    paths: PathsArg = None,
    lead: AgencyOption = None,
    output: OutputOption = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="Write one request per agency into this folder (without --lead).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str | None,
        format_option(
            "xlsx", "docx", default_words="Default: from the --output extension, else xlsx."
        ),
    ] = None,
    due: DueOption = None,
    as_of_: AsOf = None,
) -> None:
    """Write an update request: every outstanding item an agency leads, to fill in and send back.

    An Excel workbook (or with -o FILE.docx, a Word form) with a row per item: what the plan
    says now and what is asked (overdue, no update since ..., evidence needed), and columns
    for the agency's progress note, new RAG (a drop-down of the plan's levels), evidence,
    completed date, and a new target date with its reason. The other columns are locked; a
    hidden record ties each row to the plan it came from. scrplan apply reads it back.

    Example:

        scrplan request plans/ --lead WMP -o wmp-update-request.xlsx
    """
    from scrplan.output.formats import canonical, choose, write
    from scrplan.returns import render
    from scrplan.returns import request as requests
    from scrplan.words import plural

    if output is not None and out_dir is not None:
        raise typer.BadParameter("give --output or --out-dir, not both", param_hint="'--output'")
    if output is None and out_dir is None:
        raise typer.BadParameter(
            "say where to write it: -o FILE.xlsx with --lead, or --out-dir DIR for one request "
            "per agency",
            param_hint="'--output'",
        )
    if output is not None and lead is None:
        raise typer.BadParameter(
            "-o writes one agency's request: give --lead AGENCY, or --out-dir DIR for one per "
            "agency",
            param_hint="'--lead'",
        )
    # With --out-dir, the file names are scrplan's own: only --format chooses.
    named = output or Path("request." + (canonical(format) if format else "xlsx"))
    fmt = choose(render.FORMATS, format, named, "xlsx")
    plans, day = valid_plans(paths), as_of(as_of_)
    due_day = requests.due_date(plans, day, date_option(due, "'--due'"))
    leads = [requests.find_lead(plans, lead)] if lead is not None else requests.every_lead(plans)
    written = 0
    for agency in leads:
        made = requests.build_request(plans, agency, day, due_day)
        if not made.items:
            if lead is not None:
                say(
                    f"scrplan: nothing to ask: {agency.label} leads no outstanding item in "
                    "these plans, and none that needs evidence"
                )
                raise typer.Exit(EXIT_PROBLEMS)
            continue
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            output = out_dir / render.file_name(made, fmt)
        write(render.render_request(made, fmt), output)
        count = plural(len(made.items), "item")
        say(f"  {count} for {agency.label}, due back by {due_day.isoformat()}")
        written += 1
    if not written:
        say("scrplan: nothing to ask: no agency leads an outstanding item in these plans")


@app.command(name="apply", short_help="Apply a returned update request as reviewed edits.")
@guarded
def apply_(
    return_file: Annotated[
        Path,
        typer.Argument(
            metavar="RETURN", help="The filled-in request: the .xlsx or .docx scrplan wrote."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change, and the diff.")
    ] = False,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial", help="Apply the good rows of a plan even when others of it are refused."
        ),
    ] = False,
    commit: Annotated[
        bool,
        typer.Option(
            "--commit",
            help="Commit the change on a new branch, returns/AGENCY-DATE, to review as a pull "
            "request; the working folder is left as it is.",
        ),
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="The return's date (YYYY-MM-DD): notes are dated it unless they say. Default: "
            "the date written on the return, else today.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[str, format_option("text", "json")] = "text",
) -> None:
    """Apply a filled-in update request to the plans, as reviewed edits.

    Each row's answers become a progress note (by the agency), a new RAG, evidence, a
    completed date, a new target date (a later one needs its reason, which goes into the
    note). Every value that cannot be used is refused with its sheet and cell and the fix; a
    plan with a refused row is not changed unless --partial. Rows of items that changed in the
    plan since the request are refused, saying what changed. Prints what changed and the
    warnings scrplan diff gives. Run it in the folder where the request was made. Exits 1 when
    a row was refused.

    Example:

        scrplan apply wmp-update-request.xlsx --dry-run
    """
    from scrplan.output.formats import emit
    from scrplan.returns.apply import apply_return
    from scrplan.returns.views import apply_page, apply_record

    if commit and dry_run:
        raise typer.BadParameter(
            "--dry-run writes nothing, so there is nothing to commit", param_hint="'--commit'"
        )
    result = apply_return(
        return_file,
        day=date_option(date, "'--date'"),
        dry_run=dry_run,
        partial=partial,
        commit=commit,
    )
    emit(format, page=lambda full: apply_page(result), record=lambda: apply_record(result))
    if dry_run and format == "text":
        for outcome in result.changed:
            sys.stdout.write("\n" + outcome.diff)
    if result.refused:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command(short_help="What each agency owes: overdue items and missing updates.")
@guarded
def chase(
    paths: PathsArg = None,
    lead: AgencyOption = None,
    within: Annotated[
        int,
        typer.Option("--within", metavar="DAYS", min=0, help="Count items due within DAYS."),
    ] = 30,
    format: Annotated[str, format_option("text", "markdown", "json")] = "text",
    eml: Annotated[
        Path | None,
        typer.Option(
            "--eml",
            metavar="DIR",
            help="Also write an email draft per agency into DIR, its request workbook attached.",
            show_default=False,
        ),
    ] = None,
    due: DueOption = None,
    as_of_: AsOf = None,
) -> None:
    """Show what each agency owes: overdue items, items due soon, no recent update, no evidence.

    Grouped per agency with its contact from partnership.yaml: items past their target date,
    due within DAYS, with no dated update within the update interval, and complete items
    whose evidence is missing or a word or two. With --eml, an email draft (.eml) per agency,
    addressed to its contact, saying what is owed and by when, with its request workbook
    attached, to open and send from your own mail program: scrplan sends nothing.

    Example:

        scrplan chase plans/ --within 30 --eml drafts/
    """
    from scrplan.output.formats import emit, write
    from scrplan.returns import chase as chasing
    from scrplan.returns import render
    from scrplan.returns import request as requests
    from scrplan.returns.views import chase_page, chase_record

    plans, day = valid_plans(paths), as_of(as_of_)
    wanted = requests.find_lead(plans, lead) if lead is not None else None
    found = chasing.chase(plans, day, within, wanted)
    emit(
        format,
        page=lambda full: chase_page(found, day, within, full),
        record=lambda: chase_record(found, day, within),
    )
    if eml is None:
        return
    due_day = requests.due_date(plans, day, date_option(due, "'--due'"))
    partnership = requests.partnership_of(plans)
    eml.mkdir(parents=True, exist_ok=True)
    for owes in found:
        made = requests.build_request(plans, owes.lead, day, due_day)
        attachment = None
        if made.items:
            attachment = (render.file_name(made), render.render_request(made))
        draft = chasing.email_draft(owes, partnership, due_day, within, attachment)
        write(draft, eml / f"{owes.lead.slug}-{due_day.isoformat()}.eml")
        if not owes.lead.email:
            say(
                f"  {owes.lead.label} has no email in partnership.yaml: add the address in "
                "your mail program"
            )


@app.command(short_help="Write the plans' dates as calendar events (iCalendar).")
@guarded
def calendar(
    paths: PathsArg = None,
    output: OutputOption = None,
    lead: AgencyOption = None,
    as_of_: AsOf = None,
) -> None:
    """Write the plans' dates as calendar events: an iCalendar file to import.

    Each outstanding item's target date, each impact review still to be evidenced, and each
    plan's next review by the board, as all-day events. Every event keeps its identifier from
    one file to the next, so importing a newer file moves events instead of doubling them.

    Example:

        scrplan calendar plans/ -o plans.ics
    """
    from scrplan.output.formats import choose, write
    from scrplan.plan.query import Filter
    from scrplan.returns import request as requests
    from scrplan.returns.ics import calendar_file

    choose(("ics",), "ics", output, "ics")
    plans, day = valid_plans(paths), as_of(as_of_)
    keep = Filter(lead=requests.find_lead(plans, lead).name if lead is not None else None)
    name = requests.partnership_of(plans)
    data = calendar_file(plans, day, keep, f"{name}: action plans" if name else None)
    write(data if output is not None and str(output) != "-" else data.decode("utf-8"), output)
