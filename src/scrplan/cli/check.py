"""Checking plans: ``validate`` and ``schema``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from scrplan.cli.base import EXIT_PROBLEMS, PathsArg, app, format_option, guarded, say

SCHEMA_DEFAULT = "schemas/action-plan.schema.json"


@app.command()
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
    under it. Exits 1 if any plan has errors, 0 if there are none (warnings allowed).

    Example:

        scrplan validate plans/child-m.yaml
    """
    from scrplan.output import problems as shown
    from scrplan.plan.discover import find_plan_files, odd_entries, same_names
    from scrplan.plan.load import load_plans

    files = find_plan_files(paths or [])
    results = load_plans(files)
    odd = odd_entries(paths or [], files)
    problems = [p for r in results for p in r.problems] + same_names(files) + odd
    sys.stdout.write(shown.FORMATTERS[format](problems, len(files)))
    if format == "github" and (failed := shown.write_step_summary(problems, len(files))):
        say(f"scrplan: {failed}")
    if odd or not all(r.ok for r in results):
        raise typer.Exit(EXIT_PROBLEMS)


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
    from scrplan.fileio import save
    from scrplan.plan.schema import schema_text

    text = schema_text()
    if output == "-":
        sys.stdout.write(text)
        return
    target = Path(output)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check and current != text:
        again = "scrplan schema" + ("" if output == SCHEMA_DEFAULT else f" -o {output}")
        state = "is out of date" if current is not None else "does not exist"
        say(f"{output} {state}: run `{again}` to write it")
        raise typer.Exit(EXIT_PROBLEMS)
    if not check and current != text:
        save(target, text)
        say(f"wrote {output}")
