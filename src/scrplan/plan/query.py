"""Selecting, filtering, sorting and counting the items of plans.

Every output (terminal table, JSON, CSV, Markdown, board reports) gets its rows from here, so a
filter means the same thing everywhere. Nothing here reads files or formats text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scrplan.plan.model import COLOURS, Action, Item, Plan, ProgressEntry, Recommendation, urgency
from scrplan.words import plural

NOT_RATED = "none"


class Row(NamedTuple):
    """One recommendation or action, with what its plan says about it on the as-of date."""

    plan: Plan
    item: Item
    as_of: dt.date

    @property
    def ref(self) -> str:
        """The item's reference: ``child-m:7``."""
        return f"{self.plan.name}:{self.item.id}"

    @property
    def is_action(self) -> bool:
        """True for an action, False for a recommendation."""
        return isinstance(self.item, Action)

    @property
    def kind(self) -> str:
        """``recommendation`` or ``action``."""
        return "action" if self.is_action else "recommendation"

    @property
    def parent(self) -> Recommendation | None:
        """The recommendation an action belongs to."""
        return self.plan.parent_of(self.item)

    @property
    def rag(self) -> str | None:
        """The RAG colour (from its actions, for a recommendation that has them)."""
        return self.plan.rag(self.item)

    @property
    def complete(self) -> bool:
        """True when the RAG is the plan's complete colour."""
        return self.plan.is_complete(self.item)

    @property
    def overdue(self) -> bool:
        """Outstanding and past its target date (or, for a recommendation, one of its
        actions is)."""
        return self.plan.is_overdue(self.item, self.as_of)

    @property
    def days_overdue(self) -> int | None:
        """How many days past the target date, when overdue on its own date."""
        target = self.item.target_date
        if target is None or not self.overdue or target >= self.as_of:
            return None
        return (self.as_of - target).days

    @property
    def latest(self) -> ProgressEntry | None:
        """The latest progress entry."""
        return self.item.latest_progress()

    @property
    def text(self) -> str:
        """The recommendation's or action's text."""
        return self.item.text

    def search_text(self) -> str:
        """Everything written about the item, lower-cased, for ``--search``."""
        item = self.item
        parts = [item.id, item.text, *item.lead, item.timescale or "", item.evidence or ""]
        if isinstance(item, Recommendation):
            parts.append(item.learning or "")
        for entry in item.progress:
            parts += [entry.note, entry.by or ""]
        parts += item.other_columns.values()
        return "\n".join(parts).lower()


def rows(plans: Iterable[Plan], as_of: dt.date) -> list[Row]:
    """Every recommendation and action of ``plans``, in file order, actions after their
    recommendation."""
    return [Row(plan, item, as_of) for plan in plans for item in plan.items()]


@dataclass
class Filter:
    """Conditions on rows, all of which must hold (AND).

    Attributes:
        rags: colours to keep; ``"none"`` keeps items not yet rated. Empty keeps all.
        lead: keep items whose lead contains this text (any case).
        overdue: keep only overdue items.
        due_before: keep items with a target date before this date.
        search: keep items whose text, progress or evidence contains this (any case).
        include_complete: keep complete items too (otherwise only outstanding ones).
    """

    rags: Sequence[str] = ()
    lead: str | None = None
    overdue: bool = False
    due_before: dt.date | None = None
    search: str | None = None
    include_complete: bool = False
    _lead: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self._lead = (self.lead or "").lower()

    def __call__(self, row: Row) -> bool:
        if not self.include_complete and row.complete:
            return False
        if self.rags and (row.rag or NOT_RATED) not in self.rags:
            return False
        if self._lead and not any(self._lead in lead.lower() for lead in row.item.lead):
            return False
        if self.overdue and not row.overdue:
            return False
        target = row.item.target_date
        if self.due_before and (target is None or target >= self.due_before):
            return False
        return not (self.search and self.search.lower() not in row.search_text())


def urgency_key(row: Row) -> tuple[int, int, dt.date]:
    """Overdue first, then red, amber, not rated, green, complete; then by target date."""
    return (0 if row.overdue else 1, urgency(row.rag), row.item.target_date or dt.date.max)


SORTS = {
    "urgency": urgency_key,
    "target": lambda r: (r.item.target_date or dt.date.max, urgency(r.rag)),
    "rag": lambda r: urgency(r.rag),
    "lead": lambda r: ", ".join(r.item.lead).lower() or "\uffff",
    "updated": lambda r: r.latest.date if r.latest and r.latest.date else dt.date.min,
    "plan": lambda r: r.plan.name,
}
"""Sort keys by name. Sorting is stable, so ties keep file order."""


def select(all_rows: Iterable[Row], keep: Filter, sort: str = "plan") -> list[Row]:
    """The rows ``keep`` accepts, sorted by the key named ``sort`` (ties in file order).

    An action is sorted with its own values; use :func:`grouped` to keep actions beneath
    their recommendation.
    """
    kept = [row for row in all_rows if keep(row)]
    return sorted(kept, key=SORTS[sort], reverse=sort == "updated")


def grouped(selected: Sequence[Row]) -> list[Row]:
    """Recommendations in the given order, each followed by its selected actions in file
    order; an action whose recommendation was not selected keeps its own place."""
    actions: dict[tuple[int, str], list[Row]] = {}
    recs = {(id(r.plan), r.item.id) for r in selected if not r.is_action}
    for row in selected:
        parent = row.parent
        if parent is not None and (id(row.plan), parent.id) in recs:
            actions.setdefault((id(row.plan), parent.id), []).append(row)
    placed = {id(r) for group in actions.values() for r in group}
    out: list[Row] = []
    for row in selected:
        if id(row) in placed:
            continue
        out.append(row)
        if not row.is_action:
            group = actions.get((id(row.plan), row.item.id), [])
            out += sorted(group, key=lambda r: r.item.path)
    return out


class Summary(NamedTuple):
    """Counts for one plan (or a total), over its recommendations."""

    name: str
    title: str
    counts: dict[str, int]
    outstanding: int
    overdue: int
    oldest_overdue: dt.date | None
    total: int

    @property
    def complete(self) -> int:
        """Recommendations that are complete."""
        return self.total - self.outstanding


def summarise(plan: Plan, as_of: dt.date) -> Summary:
    """RAG counts (``none`` for not rated), outstanding and overdue recommendations."""
    counts = dict.fromkeys((*COLOURS, NOT_RATED), 0)
    outstanding = overdue = 0
    oldest: dt.date | None = None
    for rec in plan.recommendations:
        counts[plan.rag(rec) or NOT_RATED] += 1
        if not plan.is_complete(rec):
            outstanding += 1
        if plan.is_overdue(rec, as_of):
            overdue += 1
            for item in (rec, *rec.actions):
                date = item.target_date
                if plan.is_overdue(item, as_of) and date and (oldest is None or date < oldest):
                    oldest = date
    return Summary(
        plan.name, plan.title, counts, outstanding, overdue, oldest, len(plan.recommendations)
    )


def total(summaries: Sequence[Summary]) -> Summary:
    """The sum of several plans' summaries."""
    counts = dict.fromkeys((*COLOURS, NOT_RATED), 0)
    for s in summaries:
        for colour, n in s.counts.items():
            counts[colour] += n
    oldest = min((s.oldest_overdue for s in summaries if s.oldest_overdue), default=None)
    return Summary(
        "total",
        plural(len(summaries), "plan"),
        counts,
        sum(s.outstanding for s in summaries),
        sum(s.overdue for s in summaries),
        oldest,
        sum(s.total for s in summaries),
    )
