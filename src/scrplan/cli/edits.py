"""Editing plans: ``add``, ``set-rag``, ``note``, ``set``, ``verify``, ``close`` and ``new``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from scrplan.cli.base import (
    ByOption,
    DateOption,
    DryRun,
    PlanOption,
    app,
    date_option,
    guarded,
    say,
    tell,
    text_arg,
)

ItemArg = Annotated[str, typer.Argument(metavar="REF", help="The item: 7, or child-m:7.")]


@app.command(short_help="Add a recommendation, or an action to a recommendation.")
@guarded
def add(
    where: Annotated[
        str,
        typer.Argument(
            metavar="PLAN_OR_REF",
            help="With --recommendation, the plan (plans/child-m.yaml, or child-m); with "
            "--action, the recommendation (7, or child-m:7).",
        ),
    ],
    recommendation: Annotated[
        str | None,
        typer.Option(
            "--recommendation", metavar="TEXT", help="Add this recommendation.", show_default=False
        ),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option("--action", metavar="TEXT", help="Add this action.", show_default=False),
    ] = None,
    learning: Annotated[
        str | None,
        typer.Option(
            "--learning",
            metavar="TEXT",
            help="The learning point the recommendation answers.",
            show_default=False,
        ),
    ] = None,
    lead: Annotated[
        list[str] | None,
        typer.Option(
            "--lead",
            metavar="AGENCY",
            help="The lead agency; give it again for each of several.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="DATE",
            help="The target date: YYYY-MM-DD, or YYYY-MM for the end of a month.",
            show_default=False,
        ),
    ] = None,
    ident: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The new item's id. Default: the next one (8 after 7, 2.3 after 2.2).",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRun = False,
) -> None:
    """Add a recommendation at the end of a plan, or an action at the end of a
    recommendation's actions, with the next free id.

    The new item is written in the plan's own layout (after the last one, a blank line
    between them if the plan has one); nothing else in the file changes. It is checked
    before it is written.

    Example:

        scrplan add plans/child-m.yaml --recommendation "Audit strategy meetings" --lead DSCB

    and an action under recommendation 2:

        scrplan add child-m:2 --action "Re-audit in six months" --lead Police --target 2017-09
    """
    from scrplan.edit.commands import add_item

    if (recommendation is None) == (action is None):
        raise typer.BadParameter(
            "give --recommendation TEXT to add a recommendation to a plan, or --action TEXT "
            "to add an action to a recommendation (one of them)",
            param_hint="'--recommendation' / '--action'",
        )
    text = recommendation if recommendation is not None else action
    assert text is not None
    result = add_item(
        where,
        text,
        action=action is not None,
        learning=learning,
        leads=lead,
        target=target,
        ident=ident,
        plan=plan,
        dry_run=dry_run,
    )
    tell(result)


@app.command(name="set-rag", short_help="Set the RAG level of an item.")
@guarded
def set_rag(
    ref: ItemArg,
    colour: Annotated[
        str,
        typer.Argument(
            metavar="COLOUR",
            help="A level of the plan's key: red, amber, green or blue (R, A, G, B), or the "
            "key's own names (2, Update pending).",
        ),
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
    from scrplan.edit.commands import set_rag as run

    if by is not None and note is None:
        raise typer.BadParameter(
            "--by says who gave the progress note: give the note too, with --note TEXT",
            param_hint="'--by'",
        )
    day = date_option(date, "'--date'")
    tell(run(ref, colour, plan=plan, note=note, evidence=evidence, day=day, by=by, dry_run=dry_run))


class _NoteCommand(typer.core.TyperCommand):
    """A note that starts with ``-`` reads as an unknown option; say how to give it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from typer._click.exceptions import NoSuchOption

        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            if exc.option_name[1:2].isalnum() or exc.option_name.startswith("--"):
                raise  # a mistyped option, not a note
            raise typer.BadParameter(
                "a note that starts with - reads as an option: put -- before it "
                '(scrplan note child-m:4 -- "- Training done"), or give - and type the note '
                "on standard input",
                param_hint="TEXT",
            ) from None


@app.command(short_help="Add a progress note to an item.", cls=_NoteCommand)
@guarded
def note(
    ref: ItemArg,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="The update; - reads it from standard input (so does a note that starts "
            "with -, which would read as an option: or put -- before it).",
        ),
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
    from scrplan.edit.commands import add_note, clean_text

    written = text_arg(text)
    if not clean_text(written):
        raise typer.BadParameter("the note is empty: write what has happened", param_hint="TEXT")
    day = date_option(date, "'--date'")
    tell(add_note(ref, written, plan=plan, day=day, by=by, dry_run=dry_run))


@app.command(short_help="Record the partnership's sign-off of a complete item.")
@guarded
def verify(
    ref: ItemArg,
    by: Annotated[
        str,
        typer.Option("--by", metavar="NAME", help="Who checked the evidence and signed it off."),
    ],
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="What was checked, and what was found."),
    ] = None,
    date: DateOption = None,
    plan: PlanOption = None,
    dry_run: DryRun = False,
) -> None:
    """Record the partnership's sign-off of a complete item: who checked the evidence.

    A complete item is the lead agency's word that the work is done; verified is the
    partnership's, once it has checked the evidence. Only a complete item can be verified;
    setting its RAG back removes the sign-off.

    Example:

        scrplan verify child-m:7 --by "QA sub-group" --note "Audit of 20 cases checked"
    """
    from scrplan.edit.commands import verify as run

    tell(run(ref, by=by, day=date_option(date, "'--date'"), note=note, plan=plan, dry_run=dry_run))


@app.command(short_help="Close an item without implementing it, with the reason.")
@guarded
def close(
    ref: ItemArg,
    reason: Annotated[
        str,
        typer.Option("--reason", metavar="TEXT", help="Why it will not be implemented."),
    ],
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who agreed to close it.")],
    date: DateOption = None,
    plan: PlanOption = None,
    dry_run: DryRun = False,
) -> None:
    """Close a recommendation or action without implementing it, with the reason.

    For work not accepted, superseded, or overtaken by national change. A closed item counts
    neither as complete nor as outstanding, and every report lists it with its reason.

    Example:

        scrplan close child-m:10 --reason "Superseded by the national guidance" --by Board
    """
    from scrplan.edit.commands import close as run

    day = date_option(date, "'--date'")
    tell(run(ref, reason=reason, by=by, day=day, plan=plan, dry_run=dry_run))


@app.command(name="set", short_help="Set a field: lead, dates, evidence, the impact measure.")
@guarded
def set_(
    ref: ItemArg,
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD",
            help="lead, target_date, timescale, evidence, completed or themes; or "
            "impact.measure, impact.review_date, impact.evidence, impact.date, verified.note.",
        ),
    ],
    value: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="VALUE",
            help="The new value; several values for lead or themes make a list.",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the field.")] = False,
    plan: PlanOption = None,
    dry_run: DryRun = False,
) -> None:
    """Set a field of a recommendation or action: lead, target date, timescale, evidence,
    completion date, a recommendation's themes, or the impact measure and its review.

    Dates are YYYY-MM-DD, or YYYY-MM for the end of a month. The value is checked as the file
    would be, and only the changed lines of the file change.

    Example:

        scrplan set child-m:7 impact.measure "Re-audit shows strategy meetings held in person"
    """
    from scrplan.edit.commands import set_field

    tell(set_field(ref, field, list(value or []), plan=plan, clear=clear, dry_run=dry_run))


@app.command(short_help="Start a new plan from a template.")
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
    from scrplan.edit.template import new_plan
    from scrplan.plan.discover import is_plan_file

    if not is_plan_file(path):
        raise typer.BadParameter(f"{path} is not a .yaml file", param_hint="PATH")
    if not title.strip():
        raise typer.BadParameter("the title is empty", param_hint="'--title'")
    text = new_plan(
        path, title=title, partnership=partnership, review=review, subject=subject, dry_run=dry_run
    )
    if dry_run:
        sys.stdout.write(text)
    else:
        say(f"wrote {path}: add its recommendations, then run scrplan validate {path}")


@app.command(short_help="Start a plans repository, or an example one to try.")
@guarded
def init(
    folder: Annotated[
        Path,
        typer.Argument(metavar="FOLDER", help="The folder (made if missing). Default: here."),
    ] = Path("."),
    partnership: Annotated[
        str | None,
        typer.Option("--partnership", metavar="TEXT", help="The partnership's name."),
    ] = None,
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="REQUIREMENT",
            help="What the CI workflow installs, for pip (default: this version of scrplan).",
        ),
    ] = None,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="Make an example repository instead: the Child M plan, and agency updates "
            "on a branch to try diff and log on. The folder must be new or empty.",
        ),
    ] = False,
) -> None:
    """Start a plans repository for a partnership: plans/ with the partnership's settings, the
    schemas for editors, a CI workflow that checks each pull request and comments what it
    changes, a pre-commit hook, a .gitignore that keeps board papers out of git, and a README
    for the board manager. A file already there is never changed; the folder is made a git
    repository if it is not in one.

    Example:

        scrplan init board-plans --partnership "Dudley Safeguarding Children Partnership"

    and a repository to try every example of scrplan's README in:

        scrplan init --example child-m-example
    """
    from scrplan.start import example as examples
    from scrplan.start.scaffold import init as start

    if example:
        if folder == Path("."):
            raise typer.BadParameter(
                "give a new folder for the example, e.g. scrplan init --example child-m-example",
                param_hint="FOLDER",
            )
        made = examples.make_example(folder)
        say(f"Made an example plans repository in {folder}, with these commits:")
        for line in made:
            say(f"  {line}")
        say(
            f"Try: cd {folder}, then scrplan status, scrplan diff main...{examples.BRANCH}, "
            "scrplan log child-m:5"
        )
        return
    started = start(folder, partnership=partnership, requirement=install)
    if not started.made:
        say(f"Nothing to do: {folder} has every file of a plans repository already.")
        return
    width = max(len(p) for p, _ in started.made)
    say(f"Started a plans repository in {folder}:")
    for relative, what in started.made:
        say(f"  {relative.ljust(width)}  {what}")
    for relative in started.kept:
        say(f"  kept {relative}: it was already there, and is left as it is")
    if started.git_started:
        say("  and made it a git repository (git init)")
    if started.no_git:
        say("scrplan: git is not installed, so the folder is not a repository yet: install git "
            "(https://git-scm.com/downloads), then run git init there")  # fmt: skip
    say(
        "Next: put the plans in plans/ (scrplan import FILE -o plans/NAME.yaml, or scrplan new), "
        "name the agencies in plans/partnership.yaml, and commit."
    )
