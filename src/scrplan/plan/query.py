"""Selecting, filtering, sorting and counting the items of plans.

Every output (terminal table, JSON, CSV, Markdown, board reports) gets its rows from here, so a
filter means the same thing everywhere. Nothing here reads files or formats text.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from scrplan.plan.levels import MEANING_COLOURS, MEANINGS, NOT_RATED, Level
from scrplan.plan.model import Action, Context, Item, Plan, ProgressEntry, Recommendation
from scrplan.words import plural

if TYPE_CHECKING:
    from scrplan.plan.facts import Facts

__all__ = [
    "NOT_RATED",
    "Filter",
    "Overview",
    "Row",
    "Summary",
    "grouped",
    "ordered",
    "rows",
    "select",
    "summarise",
]


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


class _ItemLike(Protocol):
    @property
    def lead(self) -> Sequence[str]: ...
    @property
    def target_date(self) -> dt.date | None: ...


class _PlanLike(Protocol):
    @property
    def context(self) -> Context: ...


class RowLike(Protocol):
    """What a :class:`Filter` asks of a row: a :class:`Row`, or an item seen through its plan's
    facts (:class:`~scrplan.plan.facts.FactRow`)."""

    @property
    def item(self) -> _ItemLike: ...
    @property
    def plan(self) -> _PlanLike: ...
    @property
    def stage(self) -> str: ...
    @property
    def rag(self) -> str | None: ...
    @property
    def overdue(self) -> bool: ...
    @property
    def stale(self) -> bool: ...
    @property
    def impact_due(self) -> bool: ...
    def search_text(self) -> str: ...


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

    def __call__(self, row: RowLike) -> bool:
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

    def _leads(self, row: RowLike, lead: str) -> bool:
        if self._lead in lead.lower():
            return True
        context = row.plan.context
        wanted = context.agency(self._lead)
        return wanted is not None and context.agency(lead) == wanted


def check_levels(rags: Sequence[str], names: Sequence[str]) -> None:
    """:class:`~scrplan.errors.UsageError` for a level asked for (``--rag``) that is none of
    ``names`` (the plans' levels, in order) nor ``none``, with the nearest one."""
    import difflib

    from scrplan.errors import UsageError

    levels = {NOT_RATED} | {n.casefold() for n in names}
    for given in rags:
        if " ".join(given.split()).casefold() not in levels:
            known = [*dict.fromkeys(names), NOT_RATED]
            close = difflib.get_close_matches(given.casefold(), known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            raise UsageError(
                f"{given!r} is not a level of these plans' keys; {hint}use one of: "
                + ", ".join(known),
                option="'--rag'",
            )


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
    return ordered([row for row in all_rows if keep(row)], sort)


def ordered(selected: Iterable[Row], sort: str = "plan") -> list[Row]:
    """``selected`` sorted as :func:`select` sorts them."""
    return sorted(selected, key=SORTS[sort], reverse=sort == "updated")


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
    return by_meaning_counts(summary, meaning_counts(plan))


def by_meaning_counts(summary: Summary, meanings: dict[str, int]) -> Summary:
    """:func:`by_meaning`, given the plan's :func:`meaning_counts`."""
    tallies = [
        Tally(m, MEANING_COLOURS.get(m, NOT_RATED), meanings.get(m, 0))
        for m in (*MEANINGS, NOT_RATED)
    ]
    return summary._replace(tallies=tallies)


def signature(plan: Plan) -> tuple[tuple[str, str], ...]:
    """A plan's key by its levels' names and meanings: plans with the same one are counted by
    level, others by meaning."""
    return tuple((lv.name, lv.means) for lv in plan.key.all_levels)


def meaning_counts(plan: Plan) -> dict[str, int]:
    """A plan's recommendations counted by what their levels mean (``none``: not rated)."""
    counts: dict[str, int] = {}
    for rec in plan.recommendations:
        level = plan.level(rec)
        means = level.means if level else NOT_RATED
        counts[means] = counts.get(means, 0) + 1
    return counts


def total(summaries: Sequence[Summary], plans: Sequence[Plan] = ()) -> Summary:
    """The sum of several plans' summaries. Plans with the same key are counted by level;
    plans with different keys, by what their levels mean, so the totals stay comparable."""
    return combined(summaries, [signature(p) for p in plans], [meaning_counts(p) for p in plans])


def combined(
    summaries: Sequence[Summary],
    signatures: Sequence[tuple[tuple[str, str], ...]],
    meanings: Sequence[dict[str, int]],
) -> Summary:
    """:func:`total`, given each plan's :func:`signature` and :func:`meaning_counts` instead
    of the plans."""
    if len(set(signatures)) <= 1:
        counts: dict[tuple[str, str, str], int] = {}
        for s in summaries:
            for t in s.tallies:
                part = (t.name, t.colour, t.label)
                counts[part] = counts.get(part, 0) + t.number
        tallies = [Tally(n, c, k, label) for (n, c, label), k in counts.items()]
    else:
        by_meaning = dict.fromkeys((*MEANINGS, NOT_RATED), 0)
        for plan_counts in meanings:
            for means, number in plan_counts.items():
                by_meaning[means] += number
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


# --- many plans, one at a time -------------------------------------------------------------


def summarise_facts(facts: Facts, as_of: dt.date) -> Summary:
    """:func:`summarise`, from a plan's facts (:mod:`scrplan.plan.facts`) instead of its model."""
    from scrplan.plan.facts import RAG, STAGE, TARGET, day

    counts = dict.fromkeys((*(lv.name for lv in facts.levels), NOT_RATED), 0)
    outstanding = overdue = stale = awaiting = done = verified = impact = closed = 0
    oldest: dt.date | None = None
    oldest_day = 0
    today, cutoff = as_of.toordinal(), facts.cutoff(as_of)
    items = facts.items
    late = facts.overdue_flags(today)
    recs = facts.recommendations()
    for n in recs:
        item = items[n]
        name = item[RAG]
        counts[name if name in counts else NOT_RATED] += 1
        stage = item[STAGE]
        if stage == "open":
            outstanding += 1
            stale += facts.stale(n, cutoff)
        elif stage == "awaiting sign-off":
            awaiting += 1
        elif stage == "closed":
            closed += 1
        else:
            done += 1
            verified += stage in ("verified", "impact evidenced")
        impact += facts.impact_due(n, today)
        if late[n]:
            overdue += 1
            for m in (n, *facts.actions_of(n)):
                target = items[m][TARGET]
                if target is not None and late[m]:
                    ordinal, date = day(target)
                    if oldest is None or ordinal < oldest_day:
                        oldest, oldest_day = date, ordinal
    colour = {level.name: level.colour for level in facts.levels}
    label = (
        {}
        if facts.is_colours
        else {lv.name: lv.label for lv in facts.levels if lv.label != lv.name}
    )
    tallies = [Tally(n, colour.get(n, NOT_RATED), c, label.get(n, "")) for n, c in counts.items()]
    return Summary(
        facts.name,
        facts.title,
        tallies,
        outstanding,
        overdue,
        oldest,
        len(recs),
        stale,
        awaiting,
        done,
        verified,
        impact,
        closed,
        str(facts.interval),
    )


class Source(Protocol):
    """One plan as :class:`Overview` reads it: its facts, and rows for the items it keeps."""

    @property
    def facts(self) -> Facts: ...

    def rows(self, indexes: Sequence[int], as_of: dt.date) -> list[Row]:
        """Rows for the items at ``indexes`` (positions in ``facts.items``), in that order."""
        ...


class PlanSource:
    """A plan already in memory, as a :class:`Source`."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    @property
    def facts(self) -> Facts:
        from scrplan.plan.facts import Facts, plan_facts

        plan = self.plan
        return Facts(plan_facts(plan), plan.name, plan.file, plan.context)

    def rows(self, indexes: Sequence[int], as_of: dt.date) -> list[Row]:
        items = list(self.plan.items())
        return [Row(self.plan, items[n], as_of) for n in indexes]


_NO_DATE = dt.date.max.toordinal()


@dataclass
class Overview:
    """What ``status`` shows of several plans, gathered one plan at a time (:meth:`add`), so
    that what is kept is each plan's counts and the rows shown, never every plan's model.

    The rows are those :func:`select` would give from every plan's rows, in the same order:
    the first ``limit`` overdue items (oldest target first) and how many there are; items
    awaiting sign-off, impact reviews due, and items closed without implementation.
    """

    as_of: dt.date
    limit: int = 50
    summaries: list[Summary] = field(default_factory=list)
    signatures: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    meanings: list[dict[str, int]] = field(default_factory=list)
    overdue_count: int = 0
    _best: list[tuple[tuple[int, int, int], Row]] = field(default_factory=list)
    _awaiting: list[Row] = field(default_factory=list)
    _due: list[Row] = field(default_factory=list)
    _closed: list[Row] = field(default_factory=list)
    _seen: int = 0

    def add(self, source: Source) -> None:
        """Count one plan, and keep the rows of it that are shown."""
        from scrplan.plan.facts import IMPACT, MEANS, STAGE, TARGET_DAY, URGENCY

        facts = source.facts
        as_of = self.as_of
        today = as_of.toordinal()
        self.summaries.append(summarise_facts(facts, as_of))
        self.signatures.append(facts.key_signature)
        counts: dict[str, int] = {}
        for n in facts.recommendations():
            means = facts.items[n][MEANS] or NOT_RATED
            counts[means] = counts.get(means, 0) + 1
        self.meanings.append(counts)
        awaiting, due, closed = [], [], []
        candidates: list[tuple[tuple[int, int, int], int]] = []
        late = facts.overdue_flags(today)
        for n, item in enumerate(facts.items):
            self._seen += 1
            stage = item[STAGE]
            if stage == "awaiting sign-off":
                awaiting.append(n)
            elif stage == "closed":
                closed.append(n)
            if item[IMPACT] is not None and item[IMPACT] <= today:
                due.append(n)
            if late[n]:
                self.overdue_count += 1
                target_day = item[TARGET_DAY]
                order = (
                    target_day if target_day is not None else _NO_DATE,
                    item[URGENCY],
                    self._seen,
                )
                if len(self._best) < self.limit or _worse(self._best[0][0], order):
                    candidates.append((order, n))
        wanted = sorted({*awaiting, *due, *closed, *(n for _, n in candidates)})
        if not wanted:
            return
        made = dict(zip(wanted, source.rows(wanted, as_of), strict=True))
        self._awaiting += [made[n] for n in awaiting]
        self._due += [made[n] for n in due]
        self._closed += [made[n] for n in closed]
        for order, n in candidates:
            entry = ((-order[0], -order[1], -order[2]), made[n])
            if len(self._best) < self.limit:
                heapq.heappush(self._best, entry)
            elif _worse(self._best[0][0], order):
                heapq.heapreplace(self._best, entry)

    @property
    def overdue(self) -> list[Row]:
        """The first ``limit`` overdue items, oldest target first (then the most urgent)."""
        return [row for _, row in sorted(self._best, key=lambda e: e[0], reverse=True)]

    @property
    def awaiting(self) -> list[Row]:
        """Items awaiting sign-off, actions beneath their recommendation."""
        return grouped(ordered(self._awaiting))

    @property
    def impact_due(self) -> list[Row]:
        """Items whose impact review is due."""
        return grouped(ordered(self._due))

    @property
    def closed(self) -> list[Row]:
        """Items closed without implementation."""
        return ordered(self._closed)

    @property
    def same_key(self) -> bool:
        """True when every plan has the same key (counted by level, not by meaning)."""
        return len(set(self.signatures)) <= 1

    @property
    def total(self) -> Summary:
        """The sum of the plans' summaries (see :func:`total`)."""
        return combined(self.summaries, self.signatures, self.meanings)


def _worse(kept: tuple[int, int, int], order: tuple[int, int, int]) -> bool:
    """True when ``order`` comes before the kept row whose negated order is ``kept``."""
    return order < (-kept[0], -kept[1], -kept[2])


def overview(plans: Iterable[Plan], as_of: dt.date, limit: int = 50) -> Overview:
    """The :class:`Overview` of plans already in memory."""
    found = Overview(as_of, limit)
    for plan in plans:
        found.add(PlanSource(plan))
    return found
