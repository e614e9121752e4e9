"""What ``status``, ``list`` and ``show`` show: pages for people, records for JSON and CSV.

A view takes plans and rows from :mod:`scrplan.plan.query` and decides the content (which
columns, which order, what counts); the renderers decide how it looks. Every view shows the
assurance the board gives, apart from the level: the stage of each item (open, awaiting
sign-off, complete, verified, impact evidenced, closed), updates that have stopped, impact
reviews that are due, and what was closed without implementation and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from scrplan.output.blocks import (
    EMPTY,
    BarPart,
    Cell,
    Column,
    Fields,
    Heading,
    Page,
    Para,
    RagBar,
    Table,
)
from scrplan.output.spreadsheet import csv_text
from scrplan.plan.levels import column_word
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.plan.query import (
    Filter,
    Overview,
    Row,
    Summary,
    grouped,
    newest_first,
    overview,
    rows,
    select,
    summarise,
    total,
)
from scrplan.words import plural, shorten

TEXT_WIDTH = 70
LEAD_WIDTH = 28
OVERDUE_SHOWN = 50


# --- cells -------------------------------------------------------------------------------------


def rag_cell(row: Row) -> Cell:
    """The level as a word, in its colour on a terminal."""
    return Cell(row.rag or "not rated", rag=row.colour)


def target_cell(item: Item) -> str:
    if item.target_date is not None:
        return item.target_date.isoformat()
    return item.timescale or EMPTY


def overdue_cell(row: Row) -> Cell:
    """``412 days`` past the target date; ``actions`` when only actions beneath are late."""
    return _overdue_cell(row.overdue, row.days_overdue)


def _overdue_cell(overdue: bool, days: int | None) -> Cell:
    if not overdue:
        return Cell("")
    return Cell(plural(days, "day") if days is not None else "actions", strong=True)


def updated_cell(item: Item) -> str:
    """The latest progress date, ``undated`` if no update has a date, ``none`` if no update."""
    latest = item.latest_progress()
    if latest is None:
        return "none"
    return latest.date.isoformat() if latest.date else "undated"


def lead_text(item: Item) -> str:
    return ", ".join(item.lead) or EMPTY


def bar(summary: Summary) -> RagBar:
    """The RAG bar of a summary: each level's count, in the key's order."""
    return RagBar([BarPart(t.name, t.colour, t.number, t.label) for t in summary.tallies])


ITEM_COLUMNS = [
    Column("Ref"),
    Column("Recommendation / action", wrap=True, min_width=16),
    Column("Lead", wrap=True, min_width=8),
    Column("Target"),
    Column("RAG"),
    Column("Overdue", justify="right"),
    Column("Updated", optional=True),
    Column("Stale", optional=True),
]


def item_table(
    selected: Sequence[Row],
    *,
    nested: bool,
    title: str | None = None,
    full: bool = False,
    stage: bool = False,
) -> Table:
    """One row per item. ``nested``: actions sit beneath their recommendation, named by id.
    ``full``: whole texts (for Markdown pages), not shortened to fit a screen. ``stage``: a
    column for each item's stage (when they are not all open)."""
    columns = list(ITEM_COLUMNS)
    if stage:
        columns.insert(5, Column("Stage"))
    table = Table(columns, title=title, empty="No items match.")
    for row in selected:
        sub = nested and row.is_action
        # Worked out once a row: each asks the plan for the item's stage.
        overdue = row.overdue
        days = row.days_overdue if overdue else None
        cells: list[Cell | str] = [
            Cell(row.item.id if sub else row.ref, strong=overdue),
            row.text if full else shorten(row.text, TEXT_WIDTH),
            lead_text(row.item) if full else shorten(lead_text(row.item), LEAD_WIDTH),
            Cell(target_cell(row.item), strong=overdue and days is not None),
            rag_cell(row),
            _overdue_cell(overdue, days),
            updated_cell(row.item),
            "yes" if row.stale else "",
        ]
        if stage:
            cells.insert(5, row.stage)
        table.add(*cells, sub=sub)
    return table


def stage_sentence(s: Summary) -> str:
    """``11 recommendations: 11 outstanding, 1 overdue, 11 with no update in 3 months; 0
    awaiting sign-off, 0 complete, 0 verified, 0 impact reviews due, 0 closed.``"""
    interval = f"in {s.interval}" if s.interval else "within their update interval"
    return (
        f"{plural(s.total, 'recommendation')}: {s.outstanding} outstanding, {s.overdue} overdue, "
        f"{s.stale} with no update {interval}; {s.awaiting} awaiting sign-off, {s.complete} "
        f"complete, {s.verified} verified, {plural(s.impact_due, 'impact review')} due, "
        f"{s.closed} closed."
    )


def assurance_tables(plans: Sequence[Plan], as_of: dt.date, *, full: bool) -> Page:
    """Items awaiting sign-off, impact reviews due, and items closed without implementation
    (with the reason): each table only when it has rows."""
    every = rows(plans, as_of)
    return _assurance(
        grouped(select(every, Filter(stages=["awaiting sign-off"]))),
        grouped(select(every, Filter(impact_due=True, include_complete=True))),
        select(every, Filter(stages=["closed"])),
        nested=len(plans) == 1,
        full=full,
    )


def _assurance(
    awaiting: Sequence[Row], due: Sequence[Row], closed: Sequence[Row], *, nested: bool, full: bool
) -> Page:
    doc: Page = []
    if awaiting:
        title = "Awaiting sign-off: complete, but the partnership has not checked the evidence"
        doc.append(item_table(awaiting, nested=nested, title=title, full=full))
    if due:
        table = Table(
            [
                Column("Ref"),
                Column("Recommendation / action", wrap=True, min_width=16),
                Column("Impact measure", wrap=True, min_width=16),
                Column("Review date"),
                Column("Stage"),
            ],
            title="Impact reviews due: no evidence yet that practice changed",
        )
        for row in due:
            impact = row.item.impact
            assert impact is not None and impact.review_date is not None
            table.add(
                row.ref,
                row.text if full else shorten(row.text, TEXT_WIDTH),
                impact.measure or EMPTY,
                impact.review_date.isoformat(),
                row.stage,
            )
        doc.append(table)
    if closed:
        table = Table(
            [
                Column("Ref"),
                Column("Recommendation / action", wrap=True, min_width=16),
                Column("Reason", wrap=True, min_width=16),
                Column("Agreed by", wrap=True, min_width=8),
                Column("Date"),
            ],
            title="Closed without implementation",
        )
        for row in closed:
            closure = row.item.closed
            assert closure is not None
            table.add(
                row.ref,
                row.text if full else shorten(row.text, TEXT_WIDTH),
                closure.reason,
                closure.by or EMPTY,
                closure.date.isoformat() if closure.date else EMPTY,
            )
        doc.append(table)
    return doc


# --- status ------------------------------------------------------------------------------------


def status_page(plans: Sequence[Plan], as_of: dt.date, *, full: bool = False) -> Page:
    """What is outstanding and overdue: one plan in detail, or several side by side."""
    if len(plans) == 1:
        return _status_one(plans[0], as_of, full)
    return _status_many(plans, as_of, full)


def _status_one(plan: Plan, as_of: dt.date, full: bool) -> Page:
    summary = summarise(plan, as_of)
    header: list[tuple[str, Cell | str]] = [
        (label, value)
        for label, value in (("Partnership", plan.partnership), ("Review", plan.review))
        if value
    ]
    header += [("File", plan.file), ("As of", as_of.isoformat())]
    outstanding = grouped(select(rows([plan], as_of), Filter(stages=["open"]), sort="urgency"))
    return [
        Heading(plan.title),
        Fields(header),
        bar(summary),
        Para(stage_sentence(summary)),
        item_table(outstanding, nested=True, title="Outstanding, most urgent first", full=full),
        *assurance_tables([plan], as_of, full=full),
    ]


def _status_many(plans: Sequence[Plan], as_of: dt.date, full: bool) -> Page:
    return overview_page(overview(plans, as_of, OVERDUE_SHOWN), full=full)


def overview_page(found: Overview, *, full: bool = False) -> Page:
    """Status of several plans: a row per plan, the totals, the overdue items across them
    (the first :data:`OVERDUE_SHOWN`), and the assurance tables. ``found`` is gathered plan by
    plan (:class:`~scrplan.plan.query.Overview`), so that ten thousand plans need not all be
    in memory at once."""
    overall = found.total
    by_level = [t.name for t in overall.tallies if t.name != "none"]
    table = Table(
        [
            Column("Plan"),
            Column("Title", wrap=True, min_width=16),
            *(Column(column_word(name), justify="right") for name in by_level),
            Column("Not rated", justify="right"),
            Column("Outstanding", justify="right"),
            Column("Overdue", justify="right"),
            Column("No update", justify="right"),
            Column("Sign-off", justify="right"),
            Column("Closed", justify="right"),
            Column("Oldest overdue", optional=True),
        ],
        title="Plans",
    )
    same_key = found.same_key
    for s, meanings in zip(found.summaries, found.meanings, strict=True):
        table.add(*_summary_cells(s, by_level, None if same_key else meanings, False))
    table.add(*_summary_cells(overall, by_level, None, True))
    shown = found.overdue
    doc: Page = [
        Heading(f"{plural(len(found.summaries), 'action plan')}"),
        Fields([("As of", found.as_of.isoformat())]),
        bar(overall),
        Para(stage_sentence(overall)),
        table,
        item_table(shown, nested=False, title="Overdue, oldest target first", full=full),
    ]
    if found.overdue_count > len(shown):
        doc.append(
            Para(
                f"… and {found.overdue_count - len(shown)} more overdue: "
                "`scrplan list --overdue` lists them all.",
                muted=True,
            )
        )
    doc += _assurance(found.awaiting, found.impact_due, found.closed, nested=False, full=full)
    return doc


def _summary_cells(
    s: Summary, by_level: Sequence[str], meanings: dict[str, int] | None, strong: bool
) -> list[Cell]:
    """A row of the plans table: counts by level (by meaning, when the plans' keys differ:
    ``meanings``, the plan's recommendations counted by what their levels mean)."""
    counts = s.counts if meanings is None else meanings
    colours = {t.name: t.colour for t in s.tallies}
    levels = [
        Cell(str(counts.get(name, 0)), rag=colours.get(name), strong=strong) for name in by_level
    ]
    not_rated = s.counts.get("none", 0)
    return [
        Cell(s.name, strong=strong),
        Cell(shorten(s.title, 50), strong=strong),
        *levels,
        Cell(str(not_rated), strong=strong),
        Cell(str(s.outstanding), strong=strong),
        Cell(str(s.overdue), strong=strong or s.overdue > 0),
        Cell(str(s.stale), strong=strong),
        Cell(str(s.awaiting), strong=strong),
        Cell(str(s.closed), strong=strong),
        Cell(s.oldest_overdue.isoformat() if s.oldest_overdue else EMPTY, strong=strong),
    ]


def status_record(plans: Sequence[Plan], as_of: dt.date) -> dict[str, Any]:
    """Status as JSON: per-plan counts, the total, and every item not done."""
    summaries = [summarise(plan, as_of) for plan in plans]
    outstanding = grouped(select(rows(plans, as_of), Filter(), sort="urgency"))
    return {
        "as_of": as_of.isoformat(),
        "plans": [
            {"file": plan.file, **_summary_record(s)}
            for plan, s in zip(plans, summaries, strict=True)
        ],
        "total": _summary_record(total(summaries, plans)),
        "outstanding": [row_record(row) for row in outstanding],
    }


def _summary_record(s: Summary) -> dict[str, Any]:
    return {
        "plan": s.name,
        "title": s.title,
        "recommendations": s.total,
        "counts": {("not_rated" if k == "none" else k): v for k, v in s.counts.items()},
        "outstanding": s.outstanding,
        "overdue": s.overdue,
        "no_update": s.stale,
        "update_interval": s.interval or None,
        "awaiting_sign_off": s.awaiting,
        "complete": s.complete,
        "verified": s.verified,
        "impact_reviews_due": s.impact_due,
        "closed": s.closed,
        "oldest_overdue": s.oldest_overdue.isoformat() if s.oldest_overdue else None,
    }


# --- list --------------------------------------------------------------------------------------


def list_page(selected: Sequence[Row], *, full: bool = False) -> Page:
    """The selected items as one table (with their stage when they are not all open)."""
    stage = any(row.stage != "open" for row in selected)
    return [item_table(selected, nested=False, full=full, stage=stage)]


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def lifecycle_record(item: Item) -> dict[str, Any]:
    """Sign-off, impact and closure as JSON-ready data (None where not given)."""
    return {
        name: part.model_dump(mode="json") if part is not None else None
        for name, part in (
            ("verified", item.verified),
            ("impact", item.impact),
            ("closed", item.closed),
        )
    }


def row_record(row: Row) -> dict[str, Any]:
    """One item for JSON: the same fields for every command that lists items."""
    item, parent = row.item, row.parent
    latest = row.latest
    rec = parent if parent is not None else item
    assert isinstance(rec, Recommendation)
    return {
        "plan": row.plan.name,
        "file": row.plan.file,
        "ref": row.ref,
        "id": item.id,
        "kind": row.kind,
        "parent": parent.id if parent is not None else None,
        "rag": row.rag,
        "rag_meaning": row.plan.key.meaning(row.rag),
        "means": row.level.means if row.level else None,
        "stage": row.stage,
        "complete": row.complete,
        "overdue": row.overdue,
        "days_overdue": row.days_overdue,
        "no_update": row.stale,
        "last_update": _date(row.plan.updated(item)),
        "impact_review_due": row.impact_due,
        "lead": item.lead,
        "target_date": _date(item.target_date),
        "timescale": item.timescale,
        "learning": rec.learning,
        "recommendation": rec.recommendation,
        "themes": rec.themes,
        "action": item.text if row.is_action else None,
        "latest_progress": (
            {"date": _date(latest.date), "by": latest.by, "note": latest.note} if latest else None
        ),
        "progress_entries": len(item.progress),
        "evidence": item.evidence,
        "completed": _date(item.completed),
        **lifecycle_record(item),
    }


CSV_HEADERS = [
    "Plan",
    "Ref",
    "Kind",
    "Recommendation",
    "Action",
    "Lead",
    "Target date",
    "Timescale",
    "RAG",
    "Overdue",
    "Days overdue",
    "Latest progress date",
    "Latest progress",
    "Progress entries",
    "Evidence",
    "Completed",
    "Learning",
    "Stage",
    "No update",
    "Verified by",
    "Verified on",
    "Impact measure",
    "Impact review date",
    "Impact evidence",
    "Closed because",
]


def rows_csv(selected: Sequence[Row], *, every_note: bool = False) -> str:
    """The items as CSV for Excel (see :func:`~scrplan.output.spreadsheet.csv_text`)."""
    return csv_text(*item_cells(selected, every_note=every_note))


def rows_xlsx(selected: Sequence[Row]) -> bytes:
    """The items as an Excel workbook, with the same columns as the CSV."""
    from scrplan.output.spreadsheet import xlsx_bytes

    return xlsx_bytes(*item_cells(selected), sheet="Items")


def item_cells(
    selected: Sequence[Row], *, every_note: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """The items as a header and rows of cells, for a spreadsheet.

    ``every_note``: a last column with every progress note, newest first, as the board paper
    shows them (a list keeps to the latest, to stay one line per item).
    """
    # Only when a theme is written somewhere: the columns of plans without themes stay as
    # they were for the spreadsheets already built on them.
    themes = any(row_record_themes(row) for row in selected)
    body = [_item_row(row, themes, every_note) for row in selected]
    headers = [*CSV_HEADERS, *(["Themes"] if themes else [])]
    if every_note:
        headers.append("Progress (every note, newest first)")
    return headers, body


def _item_row(row: Row, themes: bool, every_note: bool) -> list[Any]:
    """One item's cells: what :func:`row_record` says of it, as :data:`CSV_HEADERS` orders
    it. Made from the row itself, not from its record, as a board report writes a row for
    every item of thousands of plans (``tests/test_report.py`` checks that they agree)."""
    item, plan = row.item, row.plan
    parent = row.parent
    rec = parent if parent is not None else item
    assert isinstance(rec, Recommendation)
    latest = item.latest_progress()
    verified, impact, closed = item.verified, item.impact, item.closed
    overdue, is_action = row.overdue, row.is_action
    target, as_of = item.target_date, row.as_of
    days = (as_of - target).days if overdue and target is not None and target < as_of else ""
    name = plan.name
    cells: list[Any] = [
        name,
        f"{name}:{item.id}",
        "action" if is_action else "recommendation",
        rec.recommendation,
        item.text if is_action else "",
        "; ".join(item.lead),
        target.isoformat() if target is not None else "",
        item.timescale or "",
        plan.rag(item) or "not rated",
        "yes" if overdue else "no",
        days,
        "" if latest is None or latest.date is None else latest.date.isoformat(),
        "" if latest is None else latest.note or "",
        len(item.progress),
        item.evidence or "",
        item.completed.isoformat() if item.completed is not None else "",
        rec.learning or "",
        plan.stage(item),
        "yes" if row.stale else "no",
    ]
    if verified is not None:
        cells += [verified.by or "", verified.date.isoformat() if verified.date else ""]
    else:
        cells += ["", ""]
    if impact is not None:
        review = impact.review_date
        cells += [impact.measure or "", review.isoformat() if review else "", impact.evidence or ""]
    else:
        cells += ["", "", ""]
    cells.append((closed.reason or "") if closed is not None else "")
    if themes:
        cells.append("; ".join(rec.themes))
    if every_note:
        cells.append(every_note_text(row))
    return cells


def row_record_themes(row: Row) -> list[str]:
    """The themes of an item's recommendation (of the item itself, for a recommendation)."""
    parent = row.parent
    rec = parent if parent is not None else row.item
    return rec.themes if isinstance(rec, Recommendation) else []


def every_note_text(row: Row) -> str:
    """Every progress note of an item, newest first (undated ones as written), one a line."""
    notes = []
    for p in newest_first(row.item.progress):
        day, by = p.date.isoformat() if p.date else "", p.by or ""
        label = f"{day}, {by}" if day and by else day or by
        notes.append(f"{label}: {p.note}" if label else p.note)
    return "\n".join(notes)


# --- show --------------------------------------------------------------------------------------


def show_page(plan: Plan, item: Item, as_of: dt.date) -> Page:
    """Everything about one recommendation or action, its whole life included."""
    row = Row(plan, item, as_of)
    kind = row.kind.capitalize()
    rag = row.rag
    meaning = plan.key.meaning(rag)
    fields: list[tuple[str, Cell | str]] = [("Plan", f"{plan.title} ({plan.file})")]
    parent = row.parent
    if parent is not None:
        fields.append(("Recommendation", f"{parent.id}: {shorten(parent.recommendation, 90)}"))
    if isinstance(item, Recommendation) and item.learning:
        fields.append(("Learning", item.learning))
    fields.append((kind, item.text))
    if isinstance(item, Recommendation) and item.themes:
        fields.append(("Themes", ", ".join(item.themes)))
    fields.append(("Lead", lead_text(item)))
    target = target_cell(item)
    if row.overdue and row.days_overdue is not None:
        target += f" (overdue by {plural(row.days_overdue, 'day')} on {as_of.isoformat()})"
    fields.append(("Target", Cell(target, strong=row.overdue)))
    if item.timescale and item.target_date is not None:
        fields.append(("Timescale", item.timescale))
    rag_text = f"{rag or 'not rated'}: {meaning}" if rag else "not rated"
    if isinstance(item, Recommendation) and item.actions:
        rag_text += " (from its actions)"
    fields.append(("RAG", Cell(rag_text, rag=row.colour)))
    fields.append(("Stage", _stage_text(row)))
    fields.append(("Evidence", item.evidence or EMPTY))
    fields.append(("Completed", item.completed.isoformat() if item.completed else EMPTY))
    for name, value in item.other_columns.items():
        fields.append((name, value))
    doc: Page = [Heading(f"{row.ref}  {kind.lower()}"), Fields(fields)]
    doc += _lifecycle(row)
    doc.append(
        Heading(f"Progress ({plural(len(item.progress), 'entry', 'entries')}, oldest first)", 2)
    )
    if item.progress:
        doc.append(
            Fields(
                [
                    (
                        (p.date.isoformat() if p.date else "undated")
                        + (f", {p.by}" if p.by else ""),
                        p.note,
                    )
                    for p in item.progress
                ]
            )
        )
    else:
        doc.append(Para("No progress recorded yet.", muted=True))
    if isinstance(item, Recommendation) and item.actions:
        actions = [Row(plan, a, as_of) for a in item.actions]
        doc.append(Heading(f"Actions ({len(actions)})", 2))
        doc.append(item_table(actions, nested=False, stage=True))
    return doc


def _stage_text(row: Row) -> str:
    stage = row.stage
    if stage == "open" and row.stale:
        since = row.plan.updated(row.item)
        when = f"since {since.isoformat()}" if since else "with a date"
        stage += f"; no update {when} (updates are due every {row.plan.interval})"
    if row.impact_due:
        stage += "; impact review due"
    return stage


def _lifecycle(row: Row) -> Page:
    """Sign-off, impact and closure, each with what was recorded."""
    item = row.item
    pairs: list[tuple[str, Cell | str]] = []
    if item.verified is not None:
        v = item.verified
        when = f" on {v.date.isoformat()}" if v.date else ""
        pairs.append(("Verified", f"by {v.by}{when}" + (f": {v.note}" if v.note else "")))
    elif row.complete:
        pairs.append(("Verified", "not yet: the partnership has not signed it off"))
    if item.impact is not None:
        i = item.impact
        pairs.append(("Impact measure", i.measure or EMPTY))
        pairs.append(("Impact review", _date(i.review_date) or EMPTY))
        evidence = i.evidence or "none yet"
        pairs.append(("Impact evidence", evidence + (f" ({i.date.isoformat()})" if i.date else "")))
    if item.closed is not None:
        c = item.closed
        agreed = ", ".join(x for x in (c.by, _date(c.date)) if x)
        pairs.append(("Closed", c.reason + (f" (agreed: {agreed})" if agreed else "")))
    return [Heading("Assurance", 2), Fields(pairs)] if pairs else []


def show_record(plan: Plan, item: Item, as_of: dt.date) -> dict[str, Any]:
    """One item for JSON, with all its progress and its actions."""
    row = Row(plan, item, as_of)
    record = row_record(row)
    record["progress"] = [
        {"date": _date(p.date), "by": p.by, "note": p.note} for p in item.progress
    ]
    record["other_columns"] = item.other_columns
    if isinstance(item, Recommendation):
        record["actions"] = [row_record(Row(plan, a, as_of)) for a in item.actions]
    return record
