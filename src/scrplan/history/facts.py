"""What a version of a plan says, in a few numbers and dates: enough to count it on any day.

A trend counts every plan at the end of every month; reading each version in full would cost
a parse, or the rebuilding of a whole plan, per version and per month. :func:`plan_facts` keeps,
for each recommendation, what :func:`scrplan.plan.query.summarise` looks at (its level, its
stage, the day after which it is overdue, its last update) and, for every item, its target
date; :func:`count` then gives the same counts as ``summarise`` for any day. The facts are
worked out by the plan's own methods (:meth:`Plan.stage`, :meth:`Plan.updated`...), so they
mean what they mean everywhere; ``tests/test_over_time.py`` holds them to ``summarise``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from scrplan.plan.dates import Interval, parse_interval
from scrplan.plan.levels import DONE_STAGES, MEANING_COLOURS, MEANINGS, NOT_RATED
from scrplan.plan.model import Plan


class RecFacts(NamedTuple):
    """One recommendation, as the counts see it."""

    id: str
    level: str | None
    """The level's name (from its actions, when it has them); None: not rated."""
    stage: str
    overdue_after: dt.date | None
    """Overdue on every day after this one (None: never, on these facts)."""
    updated: dt.date | None
    """Its last dated update (or the plan's date), as :meth:`Plan.updated` gives it."""


class KeyFacts(NamedTuple):
    """One level of the plan's key: name, label, display colour, meaning."""

    name: str
    label: str
    colour: str
    means: str


class PlanFacts(NamedTuple):
    """One version of one plan, as the counts and target histories see it."""

    title: str
    key: tuple[KeyFacts, ...]
    interval: Interval
    recs: tuple[RecFacts, ...]
    targets: dict[str, dt.date | None]
    """Every item's target date, by id (recommendations and actions)."""

    def means(self, level: str | None) -> str | None:
        """What the level named ``level`` means (None: not rated, or not in the key)."""
        return next((k.means for k in self.key if k.name == level), None)


def overdue_after(plan: Plan, rec: Any) -> dt.date | None:
    """The day after which :meth:`Plan.is_overdue` says ``rec`` is overdue: the earliest
    target of the recommendation and of its open actions, while it is open."""
    if plan.stage(rec) != "open":
        return None
    dates = [rec.target_date]
    dates += [a.target_date for a in rec.actions if plan.stage(a) == "open"]
    return min((d for d in dates if d is not None), default=None)


def plan_facts(plan: Plan) -> PlanFacts:
    """The facts of a plan (read under its partnership's settings)."""
    recs = tuple(
        RecFacts(
            rec.id,
            plan.rag(rec),
            plan.stage(rec),
            overdue_after(plan, rec),
            plan.updated(rec),
        )
        for rec in plan.recommendations
    )
    key = tuple(KeyFacts(lv.name, lv.label, lv.colour, lv.means) for lv in plan.key.all_levels)
    targets = {item.id: item.target_date for item in plan.items()}
    return PlanFacts(plan.title, key, plan.interval, recs, targets)


# --- as JSON, for the cache ------------------------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    # A month written alone (2024-03) is its last day: the facts need only the day.
    return None if value is None else dt.date(value.year, value.month, value.day).isoformat()


def _read_day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def facts_record(facts: PlanFacts) -> dict[str, Any]:
    """The facts as JSON-ready data."""
    return {
        "title": facts.title,
        "key": [list(k) for k in facts.key],
        "interval": str(facts.interval),
        "recs": [
            [r.id, r.level, r.stage, _day(r.overdue_after), _day(r.updated)] for r in facts.recs
        ],
        "targets": {k: _day(v) for k, v in facts.targets.items()},
    }


def facts_from_record(record: dict[str, Any]) -> PlanFacts:
    """Facts rebuilt from :func:`facts_record`."""
    return PlanFacts(
        record["title"],
        tuple(KeyFacts(*k) for k in record["key"]),
        parse_interval(record["interval"]),
        tuple(RecFacts(r[0], r[1], r[2], _read_day(r[3]), _read_day(r[4])) for r in record["recs"]),
        {k: _read_day(v) for k, v in record["targets"].items()},
    )


# --- counting --------------------------------------------------------------------------------


class CountColumn(NamedTuple):
    """A column of counts: a level of the key (or a meaning, when keys differ)."""

    name: str
    colour: str
    label: str = ""


class Counts(NamedTuple):
    """Recommendations counted on one day, as ``scrplan status`` counts them."""

    levels: tuple[int, ...]
    """One number per column (see :func:`columns`), in order."""
    total: int
    outstanding: int
    overdue: int
    stale: int
    awaiting: int
    complete: int
    closed: int


def columns(versions: Sequence[PlanFacts]) -> tuple[tuple[CountColumn, ...], bool]:
    """The level columns for counting ``versions`` together, and whether they are by
    meaning: by level when every version has the same key, else by what the levels mean
    (then only the meanings used), as :func:`scrplan.plan.query.total` does; not rated last."""
    keys = {tuple((k.name, k.means) for k in v.key) for v in versions}
    if len(keys) <= 1:
        key = versions[0].key if versions else ()
        own = any(k.name not in ("red", "amber", "green", "blue") for k in key)
        cols = [
            CountColumn(k.name, k.colour, k.label if own and k.label != k.name else "") for k in key
        ]
        return (*cols, CountColumn(NOT_RATED, NOT_RATED)), False
    used = {v.means(r.level) for v in versions for r in v.recs}
    cols = [CountColumn(m, MEANING_COLOURS[m]) for m in MEANINGS if m in used]
    return (*cols, CountColumn(NOT_RATED, NOT_RATED)), True


def count(
    versions: Sequence[PlanFacts], day: dt.date, cols: Sequence[CountColumn], by_meaning: bool
) -> Counts:
    """The recommendations of ``versions`` counted on ``day`` in the columns ``cols``."""
    index = {c.name: n for n, c in enumerate(cols)}
    levels = [0] * len(cols)
    total = outstanding = overdue = stale = awaiting = complete = closed = 0
    for v in versions:
        before = v.interval.before(day)
        names = {k.name for k in v.key}
        for r in v.recs:
            name = v.means(r.level) if by_meaning else (r.level if r.level in names else None)
            levels[index.get(name or NOT_RATED, index[NOT_RATED])] += 1
            total += 1
            if r.stage == "open":
                outstanding += 1
                stale += r.updated is None or r.updated < before
                overdue += r.overdue_after is not None and r.overdue_after < day
            elif r.stage == "awaiting sign-off":
                awaiting += 1
            elif r.stage == "closed":
                closed += 1
            elif r.stage in DONE_STAGES:
                complete += 1
    return Counts(tuple(levels), total, outstanding, overdue, stale, awaiting, complete, closed)
