"""Checking plans: ``validate`` and ``schema``."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scrplan.cli.base import EXIT_PROBLEMS, PathsArg, app, format_option, guarded, say

if TYPE_CHECKING:
    from scrplan.errors import Problem

SCHEMA_PATH = "schemas/action-plan.schema.json"
SETTINGS_SCHEMA_PATH = "schemas/partnership.schema.json"


@app.command(short_help="Check plans: every problem, with where and how to fix it.")
@guarded
def validate(
    paths: PathsArg = None,
    format: Annotated[
        str,
        format_option(
            "text", "json", "github", help="text for people, json for tools, github for CI."
        ),
    ] = "text",
) -> None:
    """Check plan files and report every problem, with where and how to fix it.

    Each problem is printed as path:line:col: severity: message, with the line of the file
    under it. The partnership's settings (partnership.yaml) are checked with the plans they
    apply to, or on their own when named. Exits 1 if any plan has errors, 0 if there are none
    (warnings allowed).

    Example:

        scrplan validate plans/child-m.yaml
    """
    from scrplan.output import problems as shown
    from scrplan.plan.bulk import check_plans
    from scrplan.plan.discover import SETTINGS_NAME, find_plan_files, odd_entries, same_names
    from scrplan.plan.load import collector_paused
    from scrplan.plan.settings import load_settings, settings_for, settings_problems

    given = list(paths or [])
    # A settings file named (as a pre-commit hook names each changed file) is checked itself.
    named = [p for p in given if p.name.lower() == SETTINGS_NAME and p.is_file()]
    rest = [p for p in given if p not in named]
    files = find_plan_files(rest) if rest or not named else []
    settings = settings_problems(files)
    covered = {found.resolve() for f in files if (found := settings_for(f).path) is not None}
    for path in named:
        if path.resolve() not in covered:
            settings += load_settings(path).problems
    odd = odd_entries(rest, files) if rest or not named else []
    valid = [True]

    def each_plan() -> Iterator[list[Problem]]:
        with collector_paused():
            for checked in check_plans(files):  # only the problems are kept, not the plans
                valid[0] = valid[0] and checked.ok
                yield checked.problems

    if format == "text":  # written plan by plan, as they are checked
        groups = itertools.chain([settings], each_plan(), [same_names(files) + odd])
        shown.write_text(groups, len(files), sys.stdout)
    else:
        problems = settings + [p for found in each_plan() for p in found]
        problems += same_names(files) + odd
        sys.stdout.write(shown.FORMATTERS[format](problems, len(files)))
        if format == "github" and (failed := shown.write_step_summary(problems, len(files))):
            say(f"scrplan: {failed}")
    if odd or not valid[0] or any(p.is_error for p in settings):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command(short_help="Write the JSON Schemas, for editors and CI.")
@guarded
def schema(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write the schema; - for standard output. Default: both schemas, "
            f"in {SCHEMA_PATH} and {SETTINGS_SCHEMA_PATH}.",
            show_default=False,
        ),
    ] = None,
    settings: Annotated[
        bool,
        typer.Option("--settings", help="With -o: the schema of partnership.yaml instead."),
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if a schema file is not up to date."),
    ] = False,
) -> None:
    """Write the JSON Schemas of plan files and of partnership.yaml, for editors and CI.

    Editors that understand the modeline at the top of a plan
    (# yaml-language-server: $schema=...) use it to complete and check fields as you type.

    Example:

        scrplan schema --check
    """
    from scrplan.fileio import save
    from scrplan.plan.schema import schema_text

    if output == "-":
        sys.stdout.write(schema_text(settings))
        return
    targets = (
        [(output, settings)] if output else [(SCHEMA_PATH, False), (SETTINGS_SCHEMA_PATH, True)]
    )
    stale = False
    for name, of_settings in targets:
        text = schema_text(of_settings)
        target = Path(name)
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        if check:
            again = (
                "scrplan schema"
                + ("" if not output else f" -o {output}")
                + (" --settings" if of_settings and output else "")
            )
            state = "is out of date" if current is not None else "does not exist"
            say(f"{name} {state}: run `{again}` to write it")
            stale = True
        else:
            save(target, text)
            say(f"wrote {name}")
    if stale:
        raise typer.Exit(EXIT_PROBLEMS)
