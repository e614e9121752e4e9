"""The counts at the end of each month or quarter, from git history: ``scrplan trend``.

For each period, the plans as they stood at its end (the last commit made on or before its
last day) are counted on that day as ``scrplan status`` counts them: recommendations at each
level of the key, outstanding, overdue, with no update within the update interval, awaiting
sign-off, complete and closed. The period that holds the as-of day (default today) ends on
that day; when that is today, it counts the plans as they are now, uncommitted changes too.

Periods before the plans' history in git begins are left out. A version that cannot be read
is counted as the plan's last readable version before it.

One ``git log`` finds every version; each version is read once, by its blob id
(:mod:`.blobcache`), and counted from its facts (:mod:`.facts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from scrplan.errors import NotFound
from scrplan.history import git
from scrplan.history.changes import pathspecs_for, readable_state, worktree_versions
from scrplan.history.facts import CountColumn, Counts, PlanFacts, Tallied, columns, count
from scrplan.history.timeline import timeline

BY = ("month", "quarter")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


class Period(NamedTuple):
    """One month or quarter, and the counts at its end.

    Attributes:
        key: ``2024-01`` for a month, ``2024-Q1`` for a quarter.
        label: ``Jan 2024``; ``Jan to Mar 2024`` for a quarter.
        start, end: its first day, and the day counted (its last, or the as-of day).
        commit: the commit the plans were read at (None: the plans as they are now).
        partial: True when it ends on the as-of day, before its last day.
        plans: how many plans there were.
        columns: the level columns of :attr:`counts` (the same for every period).
        counts: the recommendations counted.
    """

    key: str
    label: str
    start: dt.date
    end: dt.date
    commit: str | None
    partial: bool
    plans: int
    columns: tuple[CountColumn, ...]
    counts: Counts

    @property
    def levels(self) -> dict[str, int]:
        """The count at each level (or meaning), by name."""
        return {c.name: n for c, n in zip(self.columns, self.counts.levels, strict=True)}


def _next(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


def periods(by: str, start: dt.date, end: dt.date) -> list[tuple[str, str, dt.date, dt.date]]:
    """The months (or calendar quarters) from the one holding ``start`` to the one holding
    ``end``: key, label, first day, last day."""
    if by not in BY:
        raise ValueError(f"by is month or quarter, not {by!r}")
    step = 1 if by == "month" else 3
    first = dt.date(start.year, start.month if by == "month" else (start.month - 1) // 3 * 3 + 1, 1)
    out = []
    while first <= end:
        after = _next(first, step)
        last = after - dt.timedelta(days=1)
        if by == "month":
            key, label = f"{first:%Y-%m}", f"{_MONTHS[first.month - 1]} {first.year}"
        else:
            quarter = (first.month - 1) // 3 + 1
            key = f"{first.year}-Q{quarter}"
            label = f"{_MONTHS[first.month - 1]} to {_MONTHS[last.month - 1]} {first.year}"
        out.append((key, label, first, last))
        first = after
    return out


def trend(
    paths: Sequence[str | Path] = (),
    by: str = "month",
    start: dt.date | None = None,
    as_of: dt.date | None = None,
) -> list[Period]:
    """The counts at the end of each period, from git history.

    Args:
        paths: plan files or folders (relative to the current folder); none: ``plans/``.
        by: ``month`` or ``quarter`` (calendar quarters).
        start: the first period is the one holding this day; default, and at the earliest,
            the one holding the plans' first commit.
        as_of: the last period is the one holding this day, counted on it; default today.

    Returns:
        The periods, oldest first.

    Raises:
        GitError: not a repository, or git missing.
        NotFound: the plans have no history in git.
        PlanProblems: the plans as they are now have errors (when the last period is today).
    """
    today = dt.date.today()
    as_of = as_of or today
    root = git.toplevel()
    specs = pathspecs_for(paths)
    tl = timeline(specs)
    if not tl.points:
        raise NotFound(
            f"{', '.join(specs)}: these plans have no history in git yet, so there is no trend "
            "to show: commit them first"
        )
    first = tl.points[0].day
    begin = max(start or first, first)
    spans = periods(by, begin, as_of)
    # The plans now first, when they are counted: the versions git also has are then not
    # parsed twice.
    now = worktree_versions(paths, root) if as_of >= today else {}
    counted: list[tuple[tuple[str, str, dt.date, dt.date], dt.date, str | None, list[PlanFacts]]]
    counted = []
    for span in spans:
        day = min(span[3], as_of)
        if day >= today and span is spans[-1]:
            versions = [c.facts for c in now.values() if c.facts is not None]
            counted.append((span, day, None, versions))
            continue
        index = tl.index_on_or_before(day)
        if index is None:
            continue
        state, _notes = readable_state(tl, index, root)
        versions = [c.facts for _, c in state.values() if c.facts is not None]
        counted.append((span, day, tl.points[index].id, versions))
    cols, by_meaning = columns([v for *_, versions in counted for v in versions])
    memo: dict[int, Tallied] = {}
    return [
        Period(
            key,
            label,
            first_day,
            day,
            commit,
            day < last_day,
            len(versions),
            cols,
            count(versions, day, cols, by_meaning, memo),
        )
        for (key, label, first_day, last_day), day, commit, versions in counted
    ]
