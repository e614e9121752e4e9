"""What a plan's items are, worked out once when the plan is checked, so that counting and
selecting the items of thousands of plans needs no models.

For each recommendation and action, :func:`plan_facts` keeps what does not depend on the day:
its place, stage, level (name, colour, meaning, urgency), target date, last update, the date its
impact review falls due, and its leads. The cache keeps these beside the plan
(:mod:`.cache`), and they are small: a command that counts ten thousand plans reads them and
builds a model only for the items it shows. What does depend on the day (overdue, no update,
impact review due) :class:`Facts` works out from them for the day asked, by the rules of
:class:`~.model.Plan` (``tests/test_bulk.py`` checks that the two agree on every item of the
fixture plans, on many days).

No pydantic here: the models are imported only to work the facts out from a plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scrplan.plan.levels import NOT_RATED

if TYPE_CHECKING:
    from scrplan.plan.dates import Interval
    from scrplan.plan.model import Context, Plan

# The fields of an item's facts, by position (a list each: ten thousand plans hold 200,000).
REC, ACTION, STAGE, RAG, COLOUR, MEANS, URGENCY = range(7)
TARGET, UPDATED, IMPACT, LEAD, TARGET_DAY = range(7, 12)


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def plan_facts(plan: Plan) -> dict[str, Any]:
    """The facts of a valid plan, as JSON-ready data."""
    key = plan.key
    items: list[list[Any]] = []
    for item in plan.items():
        path = item.path
        rag = plan.rag(item)
        level = key.level(rag)
        impact = item.impact
        due = (
            impact.review_date
            if item.closed is None
            and impact is not None
            and impact.review_date is not None
            and not impact.evidence
            else None
        )
        items.append(
            [
                path[1],
                path[3] if len(path) > 2 else -1,
                plan.stage(item),
                rag,
                level.colour if level else NOT_RATED,
                level.means if level else None,
                key.urgency(rag),
                item.target_date.isoformat() if item.target_date is not None else None,
                _ordinal(plan.updated(item)),
                _ordinal(due),
                list(item.lead),
                _ordinal(item.target_date),
            ]
        )
    interval = plan.interval
    return {
        "title": plan.title,
        "key": [list(level) for level in key.all_levels],
        "colours": key.is_colours,
        "interval": [interval.amount, interval.unit],
        "items": items,
    }


_DAYS: dict[str, tuple[int, dt.date]] = {}


def day(text: str) -> tuple[int, dt.date]:
    """A target date as the facts write it, as an ordinal (for comparing) and as a date (a
    month stays a month)."""
    found = _DAYS.get(text)
    if found is None:
        from scrplan.plan.dates import parse_plan_date

        date = parse_plan_date(text)
        found = _DAYS[text] = (date.toordinal(), date)
    return found


class Facts:
    """One plan's facts, read back, and what they say on a given day.

    Attributes:
        name: the plan's short name; file: its file as named.
        title, levels (the key's levels as ``(name, label, colour, means)``), is_colours,
        interval, items (each a list, by the positions above), context (the settings).
    """

    __slots__ = (
        "_flags",
        "context",
        "file",
        "interval",
        "is_colours",
        "items",
        "levels",
        "name",
        "title",
    )

    def __init__(self, record: dict[str, Any], name: str, file: str, context: Context) -> None:
        from scrplan.plan.dates import Interval
        from scrplan.plan.levels import Level

        self.name, self.file, self.context = name, file, context
        self.title: str = record["title"]
        self.levels = tuple(Level(*level) for level in record["key"])
        self.is_colours: bool = record["colours"]
        self.interval: Interval = Interval(*record["interval"])
        self.items: list[list[Any]] = record["items"]
        self._flags: tuple[int, list[bool]] | None = None

    @property
    def key_signature(self) -> tuple[tuple[str, str], ...]:
        """The key's levels by name and meaning: plans with the same signature are counted by
        level, others by meaning."""
        return tuple((lv.name, lv.means) for lv in self.levels)

    def recommendations(self) -> list[int]:
        """The positions (in :attr:`items`) of the recommendations."""
        return [n for n, item in enumerate(self.items) if item[ACTION] < 0]

    def recommendations_at(self) -> list[int]:
        """The recommendations' own positions in the plan (0, 1, 2...)."""
        return [item[REC] for item in self.items if item[ACTION] < 0]

    def actions_of(self, index: int) -> list[int]:
        """The positions of the actions of the recommendation at ``index``."""
        out = []
        for n in range(index + 1, len(self.items)):
            if self.items[n][ACTION] < 0:
                break
            out.append(n)
        return out

    def overdue(self, index: int, as_of: int) -> bool:
        """:meth:`Plan.is_overdue <scrplan.plan.model.Plan.is_overdue>` from the facts:
        open and past its target date; a recommendation also when one of its actions is.
        ``as_of`` is the day's ordinal."""
        return self.overdue_flags(as_of)[index]

    def overdue_flags(self, as_of: int) -> list[bool]:
        """:meth:`overdue` of every item on the day whose ordinal is ``as_of``."""
        if self._flags is not None and self._flags[0] == as_of:
            return self._flags[1]
        flags = [False] * len(self.items)
        late_action = False  # an open action after this item, of the same recommendation
        for n in range(len(self.items) - 1, -1, -1):
            item = self.items[n]
            target = item[TARGET_DAY]
            late = item[STAGE] == "open" and target is not None and target < as_of
            if item[ACTION] >= 0:
                flags[n] = late
                late_action = late_action or late
            else:
                flags[n] = item[STAGE] == "open" and (late or late_action)
                late_action = False
        self._flags = (as_of, flags)
        return flags

    def stale(self, index: int, cutoff: int) -> bool:
        """:meth:`Plan.is_stale <scrplan.plan.model.Plan.is_stale>`, with ``cutoff`` the
        ordinal of the update interval before the day."""
        item = self.items[index]
        return item[STAGE] == "open" and (item[UPDATED] is None or item[UPDATED] < cutoff)

    def cutoff(self, as_of: dt.date) -> int:
        """The ordinal of the day one update interval before ``as_of``."""
        return self.interval.before(as_of).toordinal()

    def impact_due(self, index: int, as_of: int) -> bool:
        """:meth:`Plan.impact_due <scrplan.plan.model.Plan.impact_due>` from the facts."""
        due = self.items[index][IMPACT]
        return due is not None and due <= as_of

    def row(self, index: int, as_of: dt.date) -> FactRow:
        """The item at ``index`` as a row a :class:`~scrplan.plan.query.Filter` can test."""
        return FactRow(self, index, as_of)


class FactRow:
    """An item seen through its plan's facts: what :class:`~scrplan.plan.query.Filter` asks of
    a row (stage, level, leads, target date, overdue, no update, impact review due), without
    the model. ``--search`` needs the text, which the facts do not hold: rows for it are
    made from the plan."""

    __slots__ = ("_as_of", "_day", "facts", "index")

    def __init__(self, facts: Facts, index: int, as_of: dt.date) -> None:
        self.facts, self.index, self._as_of = facts, index, as_of
        self._day = as_of.toordinal()

    @property
    def plan(self) -> Facts:
        """The plan's facts (for the settings: ``row.plan.context``)."""
        return self.facts

    @property
    def item(self) -> FactRow:
        """The row itself, which has the item's leads and target date."""
        return self

    @property
    def lead(self) -> Sequence[str]:
        leads: list[str] = self.facts.items[self.index][LEAD]
        return leads

    @property
    def target_date(self) -> dt.date | None:
        target = self.facts.items[self.index][TARGET]
        return day(target)[1] if target is not None else None

    @property
    def stage(self) -> str:
        stage: str = self.facts.items[self.index][STAGE]
        return stage

    @property
    def rag(self) -> str | None:
        rag: str | None = self.facts.items[self.index][RAG]
        return rag

    @property
    def overdue(self) -> bool:
        return self.facts.overdue(self.index, self._day)

    @property
    def stale(self) -> bool:
        return self.facts.stale(self.index, self.facts.cutoff(self._as_of))

    @property
    def impact_due(self) -> bool:
        return self.facts.impact_due(self.index, self._day)

    def search_text(self) -> str:
        raise LookupError("the facts of a plan do not hold its text: search the plan itself")
