"""What ``scrplan themes`` and ``scrplan suggest-themes`` show: pages for people, JSON records
and CSV.

``themes`` answers what a board asks of recurring lessons: which themes its reviews keep
naming, in how many reviews since when, and how much of that work is still outstanding or
overdue; then, per theme, the recommendations themselves. ``suggest-themes`` lists the themes
it would give each recommendation that has none, with the words of the text that suggest
each, so that a person can check them before they are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from scrplan.output.blocks import EMPTY, Cell, Column, Heading, Page, Para, Table
from scrplan.output.problems import JSON_VERSION
from scrplan.output.spreadsheet import csv_text
from scrplan.plan.model import Plan
from scrplan.plan.query import Row
from scrplan.plan.themes import Proposal, ThemeGroup, ThemeOverview, review_date
from scrplan.words import plural, shorten

TEXT_WIDTH = 60
NOT_LISTED = " (not in the list of themes)"


def _date(plan: Plan) -> str:
    day = review_date(plan)
    return day.isoformat() if day is not None else EMPTY


def _theme_name(group: ThemeGroup) -> str:
    return group.name if group.known else group.name + NOT_LISTED


def _rag(row: Row) -> Cell:
    return Cell(row.rag or "not rated", rag=row.colour)


def themes_page(overview: ThemeOverview, *, full: bool = False) -> Page:
    """The themes in a table (most reviews first), then the recommendations of each.
    ``full``: whole texts, not shortened to fit a screen."""
    doc: Page = [Heading("Themes across reviews"), Para(overview.summary)]
    if not overview.groups:
        doc.append(
            Para(
                "No recommendation has a theme yet: give each its themes, `themes: [neglect, "
                "information sharing]`, or let scrplan suggest-themes propose them.",
                muted=True,
            )
        )
        return doc
    table = Table(
        [
            Column("Theme"),
            Column("Reviews", justify="right"),
            Column("Recommendations", justify="right"),
            Column("Outstanding", justify="right"),
            Column("Overdue", justify="right"),
            Column("Since"),
        ]
    )
    for group in overview.groups:
        table.add(
            _theme_name(group),
            str(group.reviews),
            str(len(group.rows)),
            Cell(str(group.outstanding), strong=bool(group.outstanding)),
            Cell(str(group.overdue), strong=bool(group.overdue)),
            group.since.isoformat() if group.since else EMPTY,
        )
    doc.append(table)
    items = Table(
        [
            Column("Theme"),
            Column("Ref"),
            Column("Review", optional=True),  # the summary above gives each theme's first
            Column("RAG"),
            Column("Stage"),
            Column("Recommendation", wrap=True, min_width=20),
        ]
    )
    for group in overview.groups:
        for number, row in enumerate(group.rows):
            text = " ".join(row.text.split())
            items.add(
                _theme_name(group) if number == 0 else "",
                Cell(row.ref, strong=row.overdue),
                _date(row.plan),
                _rag(row),
                Cell(f"{row.stage}, overdue", strong=True) if row.overdue else row.stage,
                text if full else shorten(text, TEXT_WIDTH),
            )
    if items.rows:
        doc += [Heading("Recommendations by theme", 2), items]
    return doc


def _item_record(row: Row) -> dict[str, Any]:
    target = row.item.target_date
    return {
        "ref": row.ref,
        "plan": row.plan.name,
        "id": row.item.id,
        "rag": row.rag,
        "stage": row.stage,
        "outstanding": row.outstanding,
        "overdue": row.overdue,
        "target_date": target.isoformat() if target else None,
        "recommendation": row.text,
    }


def _plan_record(plan: Plan) -> dict[str, Any]:
    day = review_date(plan)
    return {
        "plan": plan.name,
        "title": plan.title,
        "file": plan.file,
        "date": day.isoformat() if day else None,
    }


def themes_record(overview: ThemeOverview, as_of: dt.date) -> dict[str, Any]:
    """The themes as JSON: each with its counts, its reviews and its recommendations."""
    return {
        "version": JSON_VERSION,
        "as_of": as_of.isoformat(),
        "plans": [_plan_record(p) for p in overview.plans],
        "recommendations": overview.recommendations,
        "with_themes": overview.with_themes,
        "without_themes": [row.ref for row in overview.without],
        "themes": [
            {
                "theme": g.name,
                "listed": g.known,
                "reviews": g.reviews,
                "recommendations": len(g.rows),
                "outstanding": g.outstanding,
                "overdue": g.overdue,
                "since": g.since.isoformat() if g.since else None,
                "plans": [p.name for p in g.plans],
                "items": [_item_record(r) for r in g.rows],
            }
            for g in overview.groups
        ],
    }


THEMES_CSV_HEADERS = (
    "Theme",
    "In the list of themes",
    "Ref",
    "Plan",
    "Review date",
    "RAG",
    "Stage",
    "Overdue",
    "Target date",
    "Recommendation",
)


def themes_csv(overview: ThemeOverview) -> str:
    """One row per theme and recommendation, for a pivot table in Excel (a theme that no
    recommendation has, with ``--all``, is one row with its name only)."""
    rows: list[list[Any]] = []
    for group in overview.groups:
        listed = "yes" if group.known else "no"
        if not group.rows:
            rows.append([group.name, listed, *[""] * 8])
        for row in group.rows:
            target = row.item.target_date
            rows.append(
                [
                    group.name,
                    listed,
                    row.ref,
                    row.plan.title,
                    _date(row.plan) if review_date(row.plan) else "",
                    row.rag or "not rated",
                    row.stage,
                    "yes" if row.overdue else "no",
                    target.isoformat() if target else "",
                    row.text,
                ]
            )
    return csv_text(THEMES_CSV_HEADERS, rows)


# --- suggest-themes ------------------------------------------------------------------------------


def suggestions_summary(proposals: Sequence[Proposal], plans: int, *, applied: bool) -> str:
    """What was proposed, for how many recommendations, and whether it was written."""
    if not proposals:
        return (
            f"Every recommendation in {plural(plans, 'plan')} has themes already: "
            "nothing to propose."
        )
    found = [p for p in proposals if p.found]
    have = "has" if len(found) == 1 else "have"
    text = (
        f"{len(found)} of {plural(len(proposals), 'recommendation')} with no themes in "
        f"{plural(plans, 'plan')} {have} themes to propose, from the keywords of the list of "
        "themes."
    )
    if not found:
        return text
    if applied:
        return text + " They were written to the plans."
    return (
        text + " Nothing was written: check them, then run scrplan suggest-themes --apply to "
        "write them."
    )


def suggestions_page(proposals: Sequence[Proposal], plans: int, *, applied: bool) -> Page:
    """Each recommendation's proposed themes, one a line, with the words that suggest it."""
    doc: Page = [
        Heading("Themes proposed for recommendations that have none"),
        Para(suggestions_summary(proposals, plans, applied=applied)),
    ]
    found = [p for p in proposals if p.found]
    if found:
        table = Table(
            [
                Column("Ref"),
                Column("Theme"),
                Column("Found in the text", wrap=True, min_width=16),
            ]
        )
        for proposal in found:
            for number, theme in enumerate(proposal.found):
                table.add(proposal.ref if number == 0 else "", theme.theme, ", ".join(theme.words))
        doc.append(table)
    missing = [p.ref for p in proposals if not p.found]
    if missing:
        doc.append(
            Para(
                f"No theme to propose for {plural(len(missing), 'recommendation')}: "
                f"{', '.join(missing)}. Write their themes by hand, `themes: [...]`.",
                muted=True,
            )
        )
    return doc


def suggestions_record(
    proposals: Sequence[Proposal], plans: int, *, applied: bool
) -> dict[str, Any]:
    """The proposals as JSON: per recommendation, the themes and the words that suggest each."""
    return {
        "version": JSON_VERSION,
        "plans": plans,
        "applied": applied,
        "proposals": [
            {
                "ref": p.ref,
                "plan": p.plan.name,
                "file": p.plan.file,
                "id": p.recommendation.id,
                "themes": p.themes,
                "found": {f.theme: list(f.words) for f in p.found},
            }
            for p in proposals
            if p.found
        ],
        "none_found": [p.ref for p in proposals if not p.found],
    }
