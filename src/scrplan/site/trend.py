"""The trend of each plan over time, for the site's index.

The counts at the end of each month (outstanding, overdue) come from the plans' git history,
read as ``scrplan trend`` reads it (one ``git log``, each version checked once and kept in the
cache), but counted plan by plan. Where there is no history (the plans are not in git, or not
in the repository of the current folder), :func:`plan_trends` says so and the index shows no
trend column: the pages never pretend to a trend they do not have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from scrplan.plan.model import Plan

MONTHS = 12
"""How many months of history the index draws: the last year, the current month included."""


class TrendPoint(NamedTuple):
    """A plan's counts at the end of one period (a month or a quarter)."""

    end: dt.date
    outstanding: int
    overdue: int


class PlanTrend(NamedTuple):
    """One plan's counts at the end of each period, oldest first."""

    period: str
    """``month`` or ``quarter``."""
    points: list[TrendPoint]


def plan_trends(plans: Sequence[Plan], as_of: dt.date) -> dict[str, PlanTrend] | None:
    """Each plan's counts at the end of each of the last :data:`MONTHS` months up to
    ``as_of``, by its file (``plan.file``); None when there is no history to draw on.

    The last point is the plan as it is now (as its page shows it); the earlier ones are the
    plan as committed at each month's end. A plan is drawn from its first commit on; one with
    no history is left out of the mapping.
    """
    from pathlib import Path

    from scrplan.errors import GitError
    from scrplan.history import git
    from scrplan.history.changes import readable_state
    from scrplan.history.facts import columns, count, plan_facts
    from scrplan.history.timeline import timeline
    from scrplan.history.trend import periods

    if not plans:
        return None
    try:
        root = git.toplevel()
    except GitError:
        return None
    top = Path(root).resolve()
    paths: dict[str, Plan] = {}
    for plan in plans:
        try:
            paths[Path(plan.file).resolve().relative_to(top).as_posix()] = plan
        except ValueError:
            continue  # outside the repository: it has no history here
    if not paths:
        return None
    try:
        tl = timeline(sorted(paths))
    except GitError:
        return None
    if not tl.points:
        return None
    start = dt.date(as_of.year - (1 if as_of.month < MONTHS else 0), (as_of.month % MONTHS) + 1, 1)
    spans = periods("month", max(start, tl.points[0].day), as_of)
    states = []
    for _key, _label, _first, last in spans[:-1]:
        state, _ = readable_state(tl, tl.index_on_or_before(last), root)
        states.append((last, {path: checked.facts for path, (_, checked) in state.items()}))
    now = {path: plan_facts(plan) for path, plan in paths.items()}
    states.append((as_of, dict(now)))
    every = [f for _, found in states for f in found.values() if f is not None]
    cols, by_meaning = columns(every)
    trends: dict[str, PlanTrend] = {}
    for path, plan in paths.items():
        points = []
        for day, found in states:
            facts = found.get(path)
            if facts is None:
                continue
            counted = count([facts], day, cols, by_meaning)
            points.append(TrendPoint(day, counted.outstanding, counted.overdue))
        if len(points) > 1:  # one point is no trend
            trends[plan.file] = PlanTrend("month", points)
    return trends or None
