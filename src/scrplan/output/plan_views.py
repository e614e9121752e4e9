"""What ``status``, ``list`` and ``show`` show: pages for people, records for JSON and CSV.

A view takes plans and rows from :mod:`scrplan.plan.query` and decides the content (which
columns, which order, what counts); the renderers decide how it looks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from scrplan.output.blocks import EMPTY, Cell, Column, Fields, Heading, Page, Para, RagBar, Table
from scrplan.output.spreadsheet import csv_text
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.plan.query import Filter, Row, Summary, grouped, rows, select, summarise, total
from scrplan.words import plural, shorten

TEXT_WIDTH = 70
LEAD_WIDTH = 28
OVERDUE_SHOWN = 50


# --- cells -------------------------------------------------------------------------------------


def rag_cell(row: Row) -> Cell:
    """The RAG colour as a word, coloured on a terminal."""
    return Cell(row.rag or "not rated", rag=row.rag or "none")


def target_cell(item: Item) -> str:
    if item.target_date is not None:
        return item.target_date.isoformat()
    return item.timescale or EMPTY


def overdue_cell(row: Row) -> Cell:
    """``412 days`` past the target date; ``actions`` when only actions beneath are late."""
    if not row.overdue:
        return Cell("")
    days = row.days_overdue
    return Cell(plural(days, "day") if days is not None else "actions", strong=True)


def updated_cell(item: Item) -> str:
    """The latest progress date, ``undated`` if no update has a date, ``none`` if no update."""
    latest = item.latest_progress()
    if latest is None:
        return "none"
    return latest.date.isoformat() if latest.date else "undated"


def lead_text(item: Item) -> str:
    return ", ".join(item.lead) or EMPTY


ITEM_COLUMNS = [
    Column("Ref"),
    Column("Recommendation / action", wrap=True, min_width=16),
    Column("Lead", wrap=True, min_width=8),
    Column("Target"),
    Column("RAG"),
    Column("Overdue", justify="right"),
    Column("Updated", optional=True),
]


def item_table(
    selected: Sequence[Row], *, nested: bool, title: str | None = None, full: bool = False
) -> Table:
    """One row per item. ``nested``: actions sit beneath their recommendation, named by id.
    ``full``: whole texts (for Markdown pages), not shortened to fit a screen."""
    table = Table(list(ITEM_COLUMNS), title=title, empty="No items match.")
    for row in selected:
        sub = nested and row.is_action
        table.add(
            Cell(row.item.id if sub else row.ref, strong=row.overdue),
            row.text if full else shorten(row.text, TEXT_WIDTH),
            lead_text(row.item) if full else shorten(lead_text(row.item), LEAD_WIDTH),
            Cell(target_cell(row.item), strong=row.overdue and row.days_overdue is not None),
            rag_cell(row),
            overdue_cell(row),
            updated_cell(row.item),
            sub=sub,
        )
    return table


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
    outstanding = grouped(select(rows([plan], as_of), Filter(), sort="urgency"))
    return [
        Heading(plan.title),
        Fields(header),
        RagBar(summary.counts),
        Para(
            f"{plural(summary.total, 'recommendation')}: {summary.outstanding} outstanding, "
            f"{summary.overdue} overdue, {summary.complete} complete."
        ),
        item_table(outstanding, nested=True, title="Outstanding, most urgent first", full=full),
    ]


def _status_many(plans: Sequence[Plan], as_of: dt.date, full: bool) -> Page:
    summaries = [summarise(plan, as_of) for plan in plans]
    overall = total(summaries)
    table = Table(
        [
            Column("Plan"),
            Column("Title", wrap=True, min_width=16),
            *(Column(c, justify="right") for c in ("Red", "Amber", "Green", "Blue", "Not rated")),
            Column("Outstanding", justify="right"),
            Column("Overdue", justify="right"),
            Column("Complete", justify="right"),
            Column("Oldest overdue", optional=True),
        ],
        title="Plans",
    )
    for s in [*summaries, overall]:
        is_total = s is overall
        table.add(*_summary_cells(s, strong=is_total))
    overdue = select(rows(plans, as_of), Filter(overdue=True), sort="target")
    shown = overdue[:OVERDUE_SHOWN]
    doc: Page = [
        Heading(f"{plural(len(plans), 'action plan')}"),
        Fields([("As of", as_of.isoformat())]),
        RagBar(overall.counts),
        Para(
            f"{plural(overall.total, 'recommendation')}: {overall.outstanding} outstanding, "
            f"{overall.overdue} overdue, {overall.complete} complete."
        ),
        table,
        item_table(shown, nested=False, title="Overdue, oldest target first", full=full),
    ]
    if len(overdue) > len(shown):
        doc.append(
            Para(
                f"… and {len(overdue) - len(shown)} more overdue: "
                "`scrplan list --overdue` lists them all.",
                muted=True,
            )
        )
    return doc


def _summary_cells(s: Summary, *, strong: bool) -> list[Cell]:
    counts = [
        Cell(str(s.counts[c]), rag=c, strong=strong) for c in ("red", "amber", "green", "blue")
    ]
    return [
        Cell(s.name, strong=strong),
        Cell(shorten(s.title, 50), strong=strong),
        *counts,
        Cell(str(s.counts["none"]), strong=strong),
        Cell(str(s.outstanding), strong=strong),
        Cell(str(s.overdue), strong=strong or s.overdue > 0),
        Cell(str(s.complete), strong=strong),
        Cell(s.oldest_overdue.isoformat() if s.oldest_overdue else EMPTY, strong=strong),
    ]


def status_record(plans: Sequence[Plan], as_of: dt.date) -> dict[str, Any]:
    """Status as JSON: per-plan counts, the total, and every outstanding item."""
    summaries = [summarise(plan, as_of) for plan in plans]
    outstanding = grouped(select(rows(plans, as_of), Filter(), sort="urgency"))
    return {
        "as_of": as_of.isoformat(),
        "plans": [
            {"file": plan.file, **_summary_record(s)}
            for plan, s in zip(plans, summaries, strict=True)
        ],
        "total": _summary_record(total(summaries)),
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
        "complete": s.complete,
        "oldest_overdue": s.oldest_overdue.isoformat() if s.oldest_overdue else None,
    }


# --- list --------------------------------------------------------------------------------------


def list_page(selected: Sequence[Row], *, full: bool = False) -> Page:
    """The selected items as one table."""
    return [item_table(selected, nested=False, full=full)]


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
        "rag_meaning": row.plan.rag_key.meaning(row.rag),
        "complete": row.complete,
        "overdue": row.overdue,
        "days_overdue": row.days_overdue,
        "lead": item.lead,
        "target_date": item.target_date.isoformat() if item.target_date else None,
        "timescale": item.timescale,
        "learning": rec.learning,
        "recommendation": rec.recommendation,
        "action": item.text if row.is_action else None,
        "latest_progress": (
            {
                "date": latest.date.isoformat() if latest.date else None,
                "by": latest.by,
                "note": latest.note,
            }
            if latest
            else None
        ),
        "progress_entries": len(item.progress),
        "evidence": item.evidence,
        "completed": item.completed.isoformat() if item.completed else None,
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
]


def rows_csv(selected: Sequence[Row]) -> str:
    """The items as CSV for Excel (see :func:`~scrplan.output.spreadsheet.csv_text`)."""
    body = []
    for row in selected:
        r = row_record(row)
        latest = r["latest_progress"] or {}
        body.append(
            [
                r["plan"],
                r["ref"],
                r["kind"],
                r["recommendation"],
                r["action"] or "",
                "; ".join(r["lead"]),
                r["target_date"] or "",
                r["timescale"] or "",
                r["rag"] or "not rated",
                "yes" if r["overdue"] else "no",
                r["days_overdue"] if r["days_overdue"] is not None else "",
                latest.get("date") or "",
                latest.get("note") or "",
                r["progress_entries"],
                r["evidence"] or "",
                r["completed"] or "",
                r["learning"] or "",
            ]
        )
    return csv_text(CSV_HEADERS, body)


# --- show --------------------------------------------------------------------------------------


def show_page(plan: Plan, item: Item, as_of: dt.date) -> Page:
    """Everything about one recommendation or action."""
    row = Row(plan, item, as_of)
    kind = row.kind.capitalize()
    rag = row.rag
    meaning = plan.rag_key.meaning(rag)
    fields: list[tuple[str, Cell | str]] = [("Plan", f"{plan.title} ({plan.file})")]
    parent = row.parent
    if parent is not None:
        fields.append(("Recommendation", f"{parent.id}: {shorten(parent.recommendation, 90)}"))
    if isinstance(item, Recommendation) and item.learning:
        fields.append(("Learning", item.learning))
    fields.append((kind, item.text))
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
    fields.append(("RAG", Cell(rag_text, rag=rag or "none")))
    fields.append(("Evidence", item.evidence or EMPTY))
    fields.append(("Completed", item.completed.isoformat() if item.completed else EMPTY))
    for name, value in item.other_columns.items():
        fields.append((name, value))
    doc: Page = [Heading(f"{row.ref}  {kind.lower()}"), Fields(fields)]
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
        doc.append(item_table(actions, nested=False))
    return doc


def show_record(plan: Plan, item: Item, as_of: dt.date) -> dict[str, Any]:
    """One item for JSON, with all its progress and its actions."""
    row = Row(plan, item, as_of)
    record = row_record(row)
    record["progress"] = [
        {"date": p.date.isoformat() if p.date else None, "by": p.by, "note": p.note}
        for p in item.progress
    ]
    record["other_columns"] = item.other_columns
    if isinstance(item, Recommendation):
        record["actions"] = [row_record(Row(plan, a, as_of)) for a in item.actions]
    return record
