"""The plans as tables: plans, items, progress notes, leads and agencies.

One set of tables for every export (SQLite, CSV), made here without any database: each
table has its columns with their types, its primary key, its foreign keys and the columns to
search, and its rows as plain values. Items carry what scrplan works out about them on the
as-of date (stage, overdue, stale, the level's meaning), so a spreadsheet or Power BI needs no
rule of its own to count them, and counts the same as ``scrplan status``.

Dates are ISO days (``2024-03-31``; a plan's ``2024-03`` is the month's last day, as scrplan
counts it); yes/no columns are 1 and 0.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.plan.query import Row, rows, summarise


class DataTable(NamedTuple):
    """One table: its columns (name → Python type), keys, searchable columns, and rows."""

    name: str
    columns: dict[str, type]
    pk: str | tuple[str, ...]
    foreign_keys: list[tuple[str, str, str]]
    """``(column, other table, other column)``."""
    search: tuple[str, ...]
    """Columns of text for full-text search."""
    rows: list[dict[str, Any]]
    about: str
    """What a row is, for people."""


def day(value: dt.date | None) -> str | None:
    """A date as an ISO day, whatever form the plan wrote it in."""
    return dt.date.isoformat(value) if value is not None else None


def build_tables(
    plans: Sequence[Plan], as_of: dt.date, agencies: Sequence[dict[str, Any]] = ()
) -> list[DataTable]:
    """The tables for ``plans`` on ``as_of``.

    Args:
        plans: valid plans (for a public edition, already without what is not published).
        as_of: the date that decides what is overdue and stale.
        agencies: the agencies the partnership's settings list: name, short, aliases,
            contact, email.

    Returns:
        plans, items, progress, leads and agencies, in an order in which every foreign key
        points to a table before it.
    """
    plan_rows: list[dict[str, Any]] = []
    item_rows: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    leads: list[dict[str, Any]] = []
    names = _unique([p.name for p in plans])
    known = {a["name"] for a in agencies}
    for plan, name in zip(plans, names, strict=True):
        plan_rows.append(_plan(plan, name, as_of))
        for position, row in enumerate(rows([plan], as_of), 1):
            item = row.item
            ref = f"{name}:{item.id}"
            item_rows.append(_item(row, name, ref, position))
            for number, entry in enumerate(item.progress, 1):
                notes.append(
                    {
                        "id": len(notes) + 1,
                        "item": ref,
                        "plan": name,
                        "position": number,
                        "date": day(entry.date),
                        "by": entry.by,
                        "note": entry.note,
                    }
                )
            for number, lead in enumerate(item.lead, 1):
                agency = plan.context.agency(lead)
                leads.append(
                    {
                        "item": ref,
                        "plan": name,
                        "position": number,
                        "lead": lead,
                        "agency": agency if agency in known else None,
                    }
                )
    text = str
    return [
        DataTable(
            "plans",
            {
                "name": text,
                "file": text,
                "title": text,
                "partnership": text,
                "review": text,
                "subject": text,
                "report_date": text,
                "plan_date": text,
                "next_review": text,
                "update_interval": text,
                "summary": text,
                "recommendations": int,
                "outstanding": int,
                "overdue": int,
                "stale": int,
                "awaiting_sign_off": int,
                "complete": int,
                "verified": int,
                "impact_due": int,
                "closed": int,
                "as_of": text,
            },
            "name",
            [],
            ("title", "summary"),
            plan_rows,
            "one action plan, with the counts of its recommendations on the as-of date",
        ),
        DataTable(
            "agencies",
            {"name": text, "short": text, "aliases": text, "contact": text, "email": text},
            "name",
            [],
            (),
            [dict(a) for a in agencies],
            "an agency the partnership's settings list",
        ),
        DataTable(
            "items",
            {
                "ref": text,
                "plan": text,
                "id": text,
                "kind": text,
                "parent": text,
                "position": int,
                "learning": text,
                "text": text,
                "lead": text,
                "target_date": text,
                "timescale": text,
                "rag": text,
                "rag_meaning": text,
                "colour": text,
                "stage": text,
                "overdue": int,
                "days_overdue": int,
                "stale": int,
                "last_update": text,
                "evidence": text,
                "completed": text,
                "verified_by": text,
                "verified_date": text,
                "verified_note": text,
                "impact_measure": text,
                "impact_review_date": text,
                "impact_evidence": text,
                "impact_date": text,
                "impact_due": int,
                "closed_reason": text,
                "closed_by": text,
                "closed_date": text,
                "other_columns": text,
            },
            "ref",
            [("plan", "plans", "name"), ("parent", "items", "ref")],
            ("text", "learning", "lead", "evidence"),
            item_rows,
            "a recommendation or an action, with its stage and lead on the as-of date",
        ),
        DataTable(
            "progress",
            {
                "id": int,
                "item": text,
                "plan": text,
                "position": int,
                "date": text,
                "by": text,
                "note": text,
            },
            "id",
            [("item", "items", "ref"), ("plan", "plans", "name")],
            ("note",),
            notes,
            "one progress note of an item, in the order the plan has them",
        ),
        DataTable(
            "leads",
            {"item": text, "plan": text, "position": int, "lead": text, "agency": text},
            ("item", "position"),
            [("item", "items", "ref"), ("plan", "plans", "name"), ("agency", "agencies", "name")],
            (),
            leads,
            "one lead of an item, as the plan writes it, and the agency it names",
        ),
    ]


def _unique(names: list[str]) -> list[str]:
    """Plan names, the second and later of a repeated name with ``-2``, ``-3``."""
    seen: set[str] = set()
    out = []
    for name in names:
        chosen, n = name, 1
        while chosen in seen:
            n += 1
            chosen = f"{name}-{n}"
        seen.add(chosen)
        out.append(chosen)
    return out


def _plan(plan: Plan, name: str, as_of: dt.date) -> dict[str, Any]:
    summary = summarise(plan, as_of)
    return {
        "name": name,
        "file": plan.file.replace("\\", "/"),
        "title": plan.title,
        "partnership": plan.partnership,
        "review": plan.review,
        "subject": plan.subject,
        "report_date": day(plan.report_date),
        "plan_date": day(plan.plan_date),
        "next_review": day(plan.next_review),
        "update_interval": str(plan.interval),
        "summary": plan.summary,
        "recommendations": summary.total,
        "outstanding": summary.outstanding,
        "overdue": summary.overdue,
        "stale": summary.stale,
        "awaiting_sign_off": summary.awaiting,
        "complete": summary.complete,
        "verified": summary.verified,
        "impact_due": summary.impact_due,
        "closed": summary.closed,
        "as_of": day(as_of),
    }


def _item(row: Row, plan: str, ref: str, position: int) -> dict[str, Any]:
    item: Item = row.item
    parent = row.parent
    level = row.level
    verified, impact, closed = item.verified, item.impact, item.closed
    overdue = row.overdue
    return {
        "ref": ref,
        "plan": plan,
        "id": item.id,
        "kind": row.kind,
        "parent": f"{plan}:{parent.id}" if parent is not None else None,
        "position": position,
        "learning": item.learning if isinstance(item, Recommendation) else None,
        "text": item.text,
        "lead": "; ".join(item.lead) or None,
        "target_date": day(item.target_date),
        "timescale": item.timescale,
        "rag": row.rag,
        "rag_meaning": level.label if level else None,
        "colour": level.colour if level else None,
        "stage": row.stage,
        "overdue": int(overdue),
        "days_overdue": row.days_overdue if overdue else None,
        "stale": int(row.stale),
        "last_update": day(_latest(item)),
        "evidence": item.evidence,
        "completed": day(item.completed),
        "verified_by": verified.by if verified else None,
        "verified_date": day(verified.date) if verified else None,
        "verified_note": verified.note if verified else None,
        "impact_measure": impact.measure if impact else None,
        "impact_review_date": day(impact.review_date) if impact else None,
        "impact_evidence": impact.evidence if impact else None,
        "impact_date": day(impact.date) if impact else None,
        "impact_due": int(row.impact_due),
        "closed_reason": closed.reason if closed else None,
        "closed_by": closed.by if closed else None,
        "closed_date": day(closed.date) if closed else None,
        "other_columns": (
            json.dumps(item.other_columns, ensure_ascii=False) if item.other_columns else None
        ),
    }


def _latest(item: Item) -> dt.date | None:
    """The date of the item's latest dated progress note (for a recommendation, its actions'
    too)."""
    found = [item.last_update()]
    if isinstance(item, Recommendation):
        found += [action.last_update() for action in item.actions]
    return max((d for d in found if d is not None), default=None)
