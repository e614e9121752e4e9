"""Selecting, filtering, sorting and counting the items of plans.

Every output (terminal table, JSON, CSV, Markdown, board reports) gets its rows from here, so a
filter means the same thing everywhere. Nothing here reads files or formats text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scrplan.plan.levels import MEANING_COLOURS, MEANINGS, NOT_RATED, Level
from scrplan.plan.model import Action, Item, Plan, ProgressEntry, Recommendation
from scrplan.words import plural

__all__ = ["NOT_RATED", "Filter", "Row", "Summary", "grouped", "rows", "select", "summarise"]


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
        """The level's name (from its actions, for a recommendation that has them)."""
        return self.plan.rag(self.item)

    @property
    def level(self) -> Level | None:
        """The level in the plan's key (None: not rated)."""
        return self.plan.level(self.item)

    @property
    def colour(self) -> str:
        """The level's display colour, or ``none`` when not rated."""
        level = self.level
        return level.colour if level else NOT_RATED

    @property
    def complete(self) -> bool:
        """True when the level means complete (the lead agency says it is done)."""
        return self.plan.is_complete(self.item)

    @property
    def stage(self) -> str:
        """open, awaiting sign-off, complete, verified, impact evidenced or closed."""
        return self.plan.stage(self.item)

    @property
    def outstanding(self) -> bool:
        """Open: not complete and not closed."""
        return self.stage == "open"

    @property
    def overdue(self) -> bool:
        """Open and past its target date (or, for a recommendation, one of its actions is)."""
        return self.plan.is_overdue(self.item, self.as_of)

    @property
    def stale(self) -> bool:
        """Open, with no dated update within the plan's update interval."""
        return self.plan.is_stale(self.item, self.as_of)

    @property
    def impact_due(self) -> bool:
        """The impact review date has come and there is no evidence of impact."""
        return self.plan.impact_due(self.item, self.as_of)

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
        for part in (item.verified, item.impact, item.closed):
            if part is not None:
                parts += [str(v) for v in part.model_dump().values() if v is not None]
        parts += item.other_columns.values()
        return "\n".join(parts).lower()


def newest_first(entries: Sequence[ProgressEntry]) -> list[ProgressEntry]:
    """Progress entries latest first: dated entries by date, newest first (of the same date,
    the one written last first); then undated entries in the order they were written, which is
    the only order they have."""
    dated = [e for e in entries if e.date is not None]
    undated = [e for e in entries if e.date is None]
    return sorted(reversed(dated), key=lambda p: p.date or dt.date.min, reverse=True) + undated


def rows(plans: Iterable[Plan], as_of: dt.date) -> list[Row]:
    """Every recommendation and action of ``plans``, in file order, actions after their
    recommendation."""
    return [Row(plan, item, as_of) for plan in plans for item in plan.items()]


STAGE_WORDS = {
    "open": "open",
    "awaiting-sign-off": "awaiting sign-off",
    "complete": "complete",
    "verified": "verified",
    "impact-evidenced": "impact evidenced",
    "closed": "closed",
}
"""The stages as ``--stage`` takes them (one word each), and as they are shown."""


@dataclass
class Filter:
    """Conditions on rows, all of which must hold (AND).

    Attributes:
        rags: levels to keep, by name (any case); ``"none"`` keeps items not yet rated.
            Empty keeps all.
        lead: keep items whose lead contains this text (any case), or is an agency this
            text names in the partnership's settings (``police`` finds West Midlands Police).
        overdue: keep only overdue items.
        due_before: keep items with a target date before this date.
        search: keep items whose text, progress or evidence contains this (any case).
        include_complete: keep complete and closed items too (otherwise only those not done).
        stages: keep items at these stages (as :data:`STAGE_WORDS` shows them).
        stale: keep only items with no update within the update interval.
        impact_due: keep only items whose impact review is due.
    """

    rags: Sequence[str] = ()
    lead: str | None = None
    overdue: bool = False
    due_before: dt.date | None = None
    search: str | None = None
    include_complete: bool = False
    stages: Sequence[str] = ()
    stale: bool = False
    impact_due: bool = False
    _lead: str = field(init=False, default="")
    _rags: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        self._lead = (self.lead or "").lower()
        self._rags = frozenset(" ".join(r.split()).casefold() for r in self.rags)

    def __call__(self, row: Row) -> bool:
        stage = row.stage
        if self.stages:
            if stage not in self.stages:
                return False
        elif (
            not self.include_complete
            and stage not in ("open", "awaiting sign-off")
            and not (self.impact_due and row.impact_due)
        ):
            return False
        if self._rags and (row.rag or NOT_RATED).casefold() not in self._rags:
            return False
        if self._lead and not any(self._leads(row, lead) for lead in row.item.lead):
            return False
        if self.overdue and not row.overdue:
            return False
        if self.stale and not row.stale:
            return False
        if self.impact_due and not row.impact_due:
            return False
        target = row.item.target_date
        if self.due_before and (target is None or target >= self.due_before):
            return False
        return not (self.search and self.search.lower() not in row.search_text())

    def _leads(self, row: Row, lead: str) -> bool:
        if self._lead in lead.lower():
            return True
        context = row.plan.context
        wanted = context.agency(self._lead)
        return wanted is not None and context.agency(lead) == wanted


def urgency_key(row: Row) -> tuple[int, int, dt.date]:
    """Overdue first, then by the urgency of the level (off track, needs monitoring, not
    rated, on track, complete); then by target date."""
    return (
        0 if row.overdue else 1,
        row.plan.key.urgency(row.rag),
        row.item.target_date or dt.date.max,
    )


SORTS = {
    "urgency": urgency_key,
    "target": lambda r: (r.item.target_date or dt.date.max, r.plan.key.urgency(r.rag)),
    "rag": lambda r: r.plan.key.urgency(r.rag),
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


class Tally(NamedTuple):
    """How many recommendations have one level (or, across plans with different keys, one
    meaning): what a RAG bar shows."""

    name: str
    """The level's name (``amber``, ``2``), the meaning's, or ``none`` for not rated."""
    colour: str
    number: int
    label: str = ""
    """What the level means, for a key of the plan's own (its name alone says little)."""


class Summary(NamedTuple):
    """Counts for one plan (or a total), over its recommendations."""

    name: str
    title: str
    tallies: list[Tally]
    """By level, in the key's order, then not rated."""
    outstanding: int
    overdue: int
    oldest_overdue: dt.date | None
    total: int
    stale: int = 0
    awaiting: int = 0
    done: int = 0
    verified: int = 0
    impact_due: int = 0
    closed: int = 0
    interval: str = ""
    """The update interval, in words, when it is the same for every plan counted."""

    @property
    def complete(self) -> int:
        """Recommendations that count as complete (verified ones among them)."""
        return self.done

    @property
    def counts(self) -> dict[str, int]:
        """The count of each level by name (``none``: not rated)."""
        return {t.name: t.number for t in self.tallies}


def summarise(plan: Plan, as_of: dt.date) -> Summary:
    """The counts of one plan's recommendations: by level, and by stage."""
    key = plan.key
    counts = dict.fromkeys((*key.colours, NOT_RATED), 0)
    outstanding = overdue = stale = awaiting = done = verified = impact = closed = 0
    oldest: dt.date | None = None
    for rec in plan.recommendations:
        name = plan.rag(rec)
        counts[name if name in counts else NOT_RATED] += 1
        stage = plan.stage(rec)
        if stage == "open":
            outstanding += 1
            stale += plan.is_stale(rec, as_of)
        elif stage == "awaiting sign-off":
            awaiting += 1
        elif stage == "closed":
            closed += 1
        else:
            done += 1
            verified += stage in ("verified", "impact evidenced")
        impact += plan.impact_due(rec, as_of)
        if plan.is_overdue(rec, as_of):
            overdue += 1
            for item in (rec, *rec.actions):
                date = item.target_date
                if plan.is_overdue(item, as_of) and date and (oldest is None or date < oldest):
                    oldest = date
    colour = {level.name: level.colour for level in key.all_levels}
    label = (
        {}
        if key.is_colours
        else {lv.name: lv.label for lv in key.all_levels if lv.label != lv.name}
    )
    tallies = [Tally(n, colour.get(n, NOT_RATED), c, label.get(n, "")) for n, c in counts.items()]
    return Summary(
        plan.name,
        plan.title,
        tallies,
        outstanding,
        overdue,
        oldest,
        len(plan.recommendations),
        stale,
        awaiting,
        done,
        verified,
        impact,
        closed,
        str(plan.interval),
    )


def by_meaning(plan: Plan, summary: Summary) -> Summary:
    """``summary`` with its recommendations counted by what their levels mean, so that it can
    stand beside plans with other keys."""
    counts = dict.fromkeys((*MEANINGS, NOT_RATED), 0)
    for rec in plan.recommendations:
        level = plan.level(rec)
        counts[level.means if level else NOT_RATED] += 1
    tallies = [Tally(m, MEANING_COLOURS.get(m, NOT_RATED), n) for m, n in counts.items()]
    return summary._replace(tallies=tallies)


def total(summaries: Sequence[Summary], plans: Sequence[Plan] = ()) -> Summary:
    """The sum of several plans' summaries. Plans with the same key are counted by level;
    plans with different keys, by what their levels mean, so the totals stay comparable."""
    keys = {tuple((lv.name, lv.means) for lv in p.key.all_levels) for p in plans}
    if len(keys) <= 1:
        counts: dict[tuple[str, str, str], int] = {}
        for s in summaries:
            for t in s.tallies:
                part = (t.name, t.colour, t.label)
                counts[part] = counts.get(part, 0) + t.number
        tallies = [Tally(n, c, k, label) for (n, c, label), k in counts.items()]
    else:
        by_meaning = dict.fromkeys((*MEANINGS, NOT_RATED), 0)
        for plan in plans:
            for rec in plan.recommendations:
                level = plan.level(rec)
                by_meaning[level.means if level else NOT_RATED] += 1
        tallies = [
            Tally(m, MEANING_COLOURS.get(m, NOT_RATED), n)
            for m, n in by_meaning.items()
            if n or m == NOT_RATED
        ]
    oldest = min((s.oldest_overdue for s in summaries if s.oldest_overdue), default=None)
    intervals = {s.interval for s in summaries}
    return Summary(
        "total",
        plural(len(summaries), "plan"),
        tallies,
        sum(s.outstanding for s in summaries),
        sum(s.overdue for s in summaries),
        oldest,
        sum(s.total for s in summaries),
        sum(s.stale for s in summaries),
        sum(s.awaiting for s in summaries),
        sum(s.done for s in summaries),
        sum(s.verified for s in summaries),
        sum(s.impact_due for s in summaries),
        sum(s.closed for s in summaries),
        intervals.pop() if len(intervals) == 1 else "",
    )
