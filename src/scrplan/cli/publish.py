"""Publishing the plans: ``site``, ``serve`` and ``export``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scrplan.cli.base import AsOf, PathsArg, app, as_of, guarded, say, valid_plans
from scrplan.words import plural

if TYPE_CHECKING:
    from scrplan.export.tables import DataTable
    from scrplan.plan.public import LeftOut

PublicOption = Annotated[
    bool,
    typer.Option(
        "--public",
        help="The public edition: leave out what the partnership's settings mark as not for "
        "publication (by default the names of people: who gave each note, signed off or "
        "closed an item, and the agencies' contacts).",
    ),
]


def _told(left_out: Sequence[LeftOut], public: bool) -> None:
    """Say on standard error what the public edition left out."""
    if not public:
        return
    found = [part for part in left_out if part.number]
    if found:
        say("public edition: left out " + "; ".join(map(str, found)))
    else:
        rule = ", ".join(part.part for part in left_out) or "nothing"
        say(f"public edition: these plans hold nothing it leaves out ({rule})")


def _counted(tables: Sequence[DataTable]) -> str:
    words = {"progress": ("progress note", None), "agencies": ("agency", "agencies")}
    return ", ".join(
        plural(len(t.rows), *words.get(t.name, (t.name.rstrip("s"), None))) for t in tables
    )


@app.command(short_help="Write the plans as a web site for board members.")
@guarded
def site(
    paths: PathsArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write the site to: a new or empty folder, or one that holds "
            "a site scrplan made before (it is replaced whole).",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]  # typer's marker for a required option
    public: PublicOption = False,
    as_of_: AsOf = None,
) -> None:
    """Write the plans as a web site for board members: plain pages that open from a folder
    or from any web server.

    An index of every plan (RAG, outstanding, overdue, no recent update, awaiting sign-off),
    a page per plan with its key and every item (filter by level, lead, stage, overdue or
    text), a page per agency (what it leads and what it owes), and a search of every item.
    Each item has a fixed address, such as plans/child-m.html#7, for board papers to link to.

    Example:

        scrplan site plans/ -o site --public
    """
    from scrplan.site import make_site
    from scrplan.site.build import write_site

    plans = valid_plans(paths)
    files, left_out = make_site(plans, as_of(as_of_), public=public)
    write_site(files, output)
    say(f"wrote {output}: {len(files)} files; open {output / 'index.html'}")
    _told(left_out, public)


@app.command(short_help="Serve the plans' site here, rebuilt on each edit.")
@guarded
def serve(
    paths: PathsArg = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            help="The port to serve on, on 127.0.0.1 (0: any free port).",
        ),
    ] = 8000,
    public: PublicOption = False,
    as_of_: AsOf = None,
) -> None:
    """Serve the site of the plans on this computer, rebuilt whenever a plan changes.

    The same site as `scrplan site`, from the plans as they are in this folder, at
    http://127.0.0.1:8000/ (only this computer can reach it), for checking changes before
    they are published. Read-only: nothing is written. A plan saved with a mistake leaves
    the last good site in place, and the problems are shown here. Ctrl+C stops it.

    Example:

        scrplan serve plans/ --port 8080
    """
    from scrplan.site.serve import LiveSite
    from scrplan.site.serve import serve as run

    day = as_of(as_of_) if as_of_ else None
    live = LiveSite(paths or [], day, public=public)
    live.refresh()
    _told(live.left_out, public)
    run(live, port, tell=say)


@app.command(short_help="Export the plans as tables: SQLite or CSV.")
@guarded
def export(
    paths: PathsArg = None,
    sqlite: Annotated[
        Path | None,
        typer.Option(
            "--sqlite",
            metavar="FILE.db",
            help="Write an SQLite database (for datasette, Excel or Power BI); an export made "
            "before is replaced.",
            show_default=False,
        ),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="DIR",
            help="Write the same tables as CSV files in this folder: plans.csv, items.csv, "
            "progress.csv, leads.csv, agencies.csv.",
            show_default=False,
        ),
    ] = None,
    public: PublicOption = False,
    as_of_: AsOf = None,
) -> None:
    """Export the plans as tables: an SQLite database, CSV files, or both.

    Tables: plans (with their counts), items (each recommendation and action, with its
    stage, lead, level and whether it is overdue or stale on the as-of date), progress
    (every note), leads (each lead and the agency it names) and agencies; with primary and
    foreign keys, and full-text search on the text in SQLite.

    Example:

        scrplan export --sqlite plans.db plans/
    """
    from scrplan.errors import UsageError
    from scrplan.export import export_tables

    if sqlite is None and csv is None:
        raise UsageError(
            "say what to write: --sqlite FILE.db, --csv DIR, or both", option="'--sqlite'"
        )
    plans = valid_plans(paths)
    tables, left_out = export_tables(plans, as_of(as_of_), public=public)
    counts = _counted(tables)
    if sqlite is not None:
        from scrplan.export.sqlite import write_sqlite

        write_sqlite(tables, sqlite)
        say(f"wrote {sqlite}: {counts}")
    if csv is not None:
        from scrplan.export.csv_files import write_csv

        written = write_csv(tables, csv)
        say(f"wrote {len(written)} CSV files in {csv}: {counts}")
    _told(left_out, public)
