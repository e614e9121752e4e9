"""What a version of a plan says, in a few numbers and dates: enough to count it on any day.

A trend counts every plan at the end of every month; reading each version in full would cost
a parse, or the rebuilding of a whole plan, per version and per month. :func:`plan_facts` keeps,
for each recommendation and action, what :func:`scrplan.plan.query.summarise` and
:mod:`.changes` look at (its level, its stage, the day after which it is overdue, its last
update, its target date, its text); :func:`count` then gives the same counts as
``summarise`` for any day. The facts are worked out by the plan's own methods
(:meth:`Plan.stage`, :meth:`Plan.updated`...), so they mean what they mean everywhere;
``tests/test_over_time.py`` holds them to ``summarise``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from scrplan.plan.dates import Interval, MonthDate, parse_interval
from scrplan.plan.levels import DONE_STAGES, MEANING_COLOURS, MEANINGS, NOT_RATED
from scrplan.plan.model import Plan


class ItemFacts(NamedTuple):
    """One recommendation or action, as the counts and comparisons see it."""

    id: str
    kind: str
    """``recommendation`` or ``action``."""
    text: str
    level: str | None
    """The level's name (a recommendation's from its actions, when it has them); None: not
    rated."""
    stage: str
    overdue_after: dt.date | None
    """Overdue on every day after this one (None: never, on these facts)."""
    updated: dt.date | None
    """Its last dated update (or the plan's date), as :meth:`Plan.updated` gives it."""
    target: dt.date | None

    def overdue(self, day: dt.date) -> bool:
        """What :meth:`Plan.is_overdue` says on ``day``."""
        return self.overdue_after is not None and self.overdue_after < day


class KeyFacts(NamedTuple):
    """One level of the plan's key: name, label, display colour, meaning."""

    name: str
    label: str
    colour: str
    means: str


class PlanFacts(NamedTuple):
    """One version of one plan, as the counts and comparisons see it."""

    title: str
    key: tuple[KeyFacts, ...]
    interval: Interval
    items: tuple[ItemFacts, ...]
    """Every recommendation, each followed by its actions."""

    @property
    def recs(self) -> list[ItemFacts]:
        """The recommendations."""
        return [i for i in self.items if i.kind == "recommendation"]

    @property
    def targets(self) -> dict[str, dt.date | None]:
        """Every item's target date, by id."""
        return {i.id: i.target for i in self.items}

    def find(self, ident: str) -> ItemFacts | None:
        """The item with this id."""
        return next((i for i in self.items if i.id == ident), None)

    def means(self, level: str | None) -> str | None:
        """What the level named ``level`` means (None: not rated, or not in the key)."""
        return next((k.means for k in self.key if k.name == level), None)


def plan_facts(plan: Plan) -> PlanFacts:
    """The facts of a plan (read under its partnership's settings)."""
    items = []
    for rec in plan.recommendations:
        stages = {id(a): plan.stage(a) for a in rec.actions}
        stage = plan.stage(rec)
        after = None
        if stage == "open":
            dates = [
                rec.target_date,
                *(a.target_date for a in rec.actions if stages[id(a)] == "open"),
            ]
            after = min((d for d in dates if d is not None), default=None)
        items.append(
            ItemFacts(
                rec.id,
                "recommendation",
                rec.text,
                plan.rag(rec),
                stage,
                after,
                plan.updated(rec),
                rec.target_date,
            )
        )
        for a in rec.actions:
            open_ = stages[id(a)] == "open"
            items.append(
                ItemFacts(
                    a.id,
                    "action",
                    a.text,
                    plan.rag(a),
                    stages[id(a)],
                    a.target_date if open_ else None,
                    plan.updated(a),
                    a.target_date,
                )
            )
    key = tuple(KeyFacts(lv.name, lv.label, lv.colour, lv.means) for lv in plan.key.all_levels)
    return PlanFacts(plan.title, key, plan.interval, tuple(items))


# --- as JSON, for the cache ------------------------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    # A month written alone (2024-03) keeps its form, as plans and diffs show it.
    return None if value is None else value.isoformat()


_DAYS: dict[str, dt.date] = {}
"""Dates already read: a history repeats the same few hundred dates thousands of times."""


def _read_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = _DAYS.get(value)
    if day is None:
        if len(value) == 7:
            day = MonthDate.end_of(int(value[:4]), int(value[5:]))
        else:
            day = dt.date.fromisoformat(value)
        _DAYS[value] = day
    return day


def facts_record(facts: PlanFacts) -> dict[str, Any]:
    """The facts as JSON-ready data."""
    return {
        "title": facts.title,
        "key": [list(k) for k in facts.key],
        "interval": str(facts.interval),
        "items": [
            [*i[:5], _day(i.overdue_after), _day(i.updated), _day(i.target)] for i in facts.items
        ],
    }


def facts_from_record(record: dict[str, Any]) -> PlanFacts:
    """Facts rebuilt from :func:`facts_record`."""
    return PlanFacts(
        record["title"],
        tuple(KeyFacts(*k) for k in record["key"]),
        parse_interval(record["interval"]),
        tuple(
            ItemFacts(
                i[0], i[1], i[2], i[3], i[4], _read_day(i[5]), _read_day(i[6]), _read_day(i[7])
            )
            for i in record["items"]
        ),
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


class Tallied(NamedTuple):
    """One version's counts that do not depend on the day, and the dates that decide the
    rest: what :func:`count` needs, worked out once per version however many days it counts."""

    levels: tuple[int, ...]
    total: int
    outstanding: int
    awaiting: int
    complete: int
    closed: int
    overdue_after: list[dt.date]
    """Of the open recommendations with a target, the day after which each is overdue, sorted."""
    updated: list[dt.date]
    """Of the open recommendations, each one's last update, sorted."""
    never_updated: int
    interval: Interval


def tally(version: PlanFacts, cols: Sequence[CountColumn], by_meaning: bool) -> Tallied:
    """What :func:`count` needs of one version."""
    index = {c.name: n for n, c in enumerate(cols)}
    levels = [0] * len(cols)
    names = {k.name for k in version.key}
    outstanding = awaiting = complete = closed = never = 0
    after, updated = [], []
    recs = version.recs
    for r in recs:
        name = version.means(r.level) if by_meaning else (r.level if r.level in names else None)
        levels[index.get(name or NOT_RATED, index[NOT_RATED])] += 1
        if r.stage == "open":
            outstanding += 1
            if r.updated is None:
                never += 1
            else:
                updated.append(r.updated)
            if r.overdue_after is not None:
                after.append(r.overdue_after)
        elif r.stage == "awaiting sign-off":
            awaiting += 1
        elif r.stage == "closed":
            closed += 1
        elif r.stage in DONE_STAGES:
            complete += 1
    return Tallied(
        tuple(levels), len(recs), outstanding, awaiting, complete, closed, sorted(after),
        sorted(updated), never, version.interval,
    )  # fmt: skip


def count(
    versions: Sequence[PlanFacts],
    day: dt.date,
    cols: Sequence[CountColumn],
    by_meaning: bool,
    memo: dict[int, Tallied] | None = None,
) -> Counts:
    """The recommendations of ``versions`` counted on ``day`` in the columns ``cols``.

    ``memo`` keeps each version's :func:`tally` (by ``id``) for the next day counted: pass
    the same dict while the versions are alive.
    """
    memo = {} if memo is None else memo
    levels = [0] * len(cols)
    total = outstanding = overdue = stale = awaiting = complete = closed = 0
    for v in versions:
        t = memo.get(id(v))
        if t is None:
            t = memo[id(v)] = tally(v, cols, by_meaning)
        levels = [a + b for a, b in zip(levels, t.levels, strict=True)]
        total += t.total
        outstanding += t.outstanding
        awaiting += t.awaiting
        complete += t.complete
        closed += t.closed
        overdue += bisect.bisect_left(t.overdue_after, day)
        stale += t.never_updated + bisect.bisect_left(t.updated, t.interval.before(day))
    return Counts(tuple(levels), total, outstanding, overdue, stale, awaiting, complete, closed)
