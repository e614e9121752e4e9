"""Bringing existing plans in: ``import``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from scrplan.cli.base import app, format_option, guarded, say


@app.command(name="import", short_help="Turn a Word, Excel, CSV or text plan into a plan file.")
@guarded
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The plan: .docx, .xlsx, .xls, .pdf, .csv, .tsv or .txt."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The plan file to write, e.g. plans/child-q.yaml.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="The plan's title, if not the one in the file."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print the plan instead of writing it.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file.")] = False,
    format: Annotated[
        str,
        format_option(
            "text",
            "json",
            help="text: the plan, then what was read and what to check; json: the account of "
            "every cell (each item's source rows, the text not placed, the checks) on standard "
            "output.",
        ),
    ] = "text",
) -> None:
    """Import an action plan from Word, Excel, CSV or text extracted from a PDF.

    Finds the table's header row, maps its columns (Recommendation, Action, Lead, Target date,
    Progress, RAG status...), and writes a plan that passes validate. What it could not read
    for certain is listed at the end and marked "# Check:" in the plan. See docs/import.md.

    Reads Word (.docx), Excel (.xlsx, .xls), PDF, CSV and text copied from a PDF or a web
    page. With --format json, prints where every cell of the file went instead of the report.

    Example:

        scrplan import "Child Q action plan.docx" -o plans/child-q.yaml
        scrplan import plan.pdf --dry-run --format json
    """
    from scrplan.importer import import_plan, write_imported
    from scrplan.plan.discover import is_plan_file

    if output is None and not dry_run:
        raise typer.BadParameter(
            "none given; name the plan file to write, e.g. -o plans/child-q.yaml, or give "
            "--dry-run to print the plan",
            param_hint="-o",
        )
    if output is not None and not is_plan_file(output):
        raise typer.BadParameter(f"{output} is not a .yaml file", param_hint="-o")
    if title is not None and not title.strip():
        raise typer.BadParameter("the title is empty", param_hint="--title")
    imported = import_plan(file, str(output or Path("plans") / (file.stem + ".yaml")), title=title)
    if format == "json":
        import json

        if not (dry_run or output is None):
            write_imported(imported, output, force=force)
        account = {"written": None if dry_run or output is None else str(output)}
        sys.stdout.write(json.dumps({**account, **imported.account()}, indent=2) + "\n")
        return
    if dry_run or output is None:
        sys.stdout.write(imported.text)
        sys.stdout.flush()  # the plan, then the report, even when both go to one terminal
        say(imported.report(None))
    else:
        write_imported(imported, output, force=force)
        say(imported.report(str(output)))
