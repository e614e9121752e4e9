"""The board report's "Since the last meeting" section, and its trend.

When the plans are in git, ``scrplan report --since DATE`` starts with what moved since that
date (:func:`scrplan.history.changes.changes`): the counts in a sentence, then a row per item
that moved, with how many times its target date has moved later in all its history; and the
counts at the end of each of the last twelve months (:func:`scrplan.history.trend.trend`),
drawn as a chart in HTML and Word (:mod:`.trend_chart`) and given as a table. Without git,
or when the date is before the plans' first commit (there is nothing to compare with), the
report is as it would be without the section.

Like the summaries, the section counts every item, whatever the filters of the action table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from scrplan.errors import GitError, NotFound
from scrplan.history.changes import Changes
from scrplan.history.trend import Period
from scrplan.report.model import ExtraTable, short_date
from scrplan.words import plural

TREND_MONTHS = 12

MOVE_WORDS = {
    "completed": "completed",
    "verified": "signed off",
    "impact": "impact evidenced",
    "closed": "closed without implementation",
    "overdue": "newly overdue",
    "added": "new",
    "removed": "removed",
}


class Meeting(NamedTuple):
    """What the section says.

    Attributes:
        since: the date of the last meeting.
        compared: which versions were compared, in a sentence.
        summary: what moved, in a sentence.
        moved: a row per item that moved (None when nothing did).
        trend: the counts at each month's end (empty when there is no history to count).
        trend_table: the trend as a header and rows.
    """

    since: dt.date
    compared: str
    summary: str
    moved: ExtraTable | None
    trend: list[Period]
    trend_table: tuple[list[str], list[list[str]]]

    @property
    def chart_text(self) -> str:
        """The chart in words, for screen readers and for anyone who cannot see it."""
        if not self.trend:
            return ""
        first, last = self.trend[0], self.trend[-1]
        return (
            f"Outstanding recommendations went from {first.counts.outstanding} at the end of "
            f"{first.label} to {last.counts.outstanding} on {short_date(last.end)}; overdue "
            f"from {first.counts.overdue} to {last.counts.overdue}."
        )


def _date(text: str | None) -> str:
    from scrplan.plan.dates import parse_plan_date

    return short_date(parse_plan_date(text)) if text else "—"


def _words(kind: str, old: str | None, new: str | None, since: dt.date) -> str:
    if kind in ("better", "worse"):
        return f"{kind}: {old} → {new}"
    if kind == "slipped":
        return f"target moved later: {_date(old)} → {_date(new)}"
    if kind == "reopened":
        return f"reopened (was {old})"
    if kind == "stale":
        return f"no update since {short_date(since)}"
    return MOVE_WORDS[kind]


def from_changes(found: Changes, periods: Sequence[Period]) -> Meeting:
    """The section from what moved and the trend."""
    from scrplan.output.over_time_views import trend_table

    since = found.since_day
    totals = found.totals
    parts = [
        f"{n} with no update since {short_date(since)}"
        if kind == "stale"
        else f"{n} {_label(kind)}"
        for kind, n in totals.items()
        if n
    ]
    plans = []
    if found.new_plans:
        plans.append(plural(len(found.new_plans), "new plan"))
    if found.removed_plans:
        plans.append(f"{plural(len(found.removed_plans), 'plan')} removed")
    summary = ", ".join(parts + plans) or "nothing moved"
    compared = (
        f"Compared with the plans as they stood on {short_date(since)} (the last change "
        f"before it was made on {short_date(found.base_day)}, commit {found.base[:7]})."
    )
    rows = []
    for plan in found.plans:
        for item in plan.items:
            moves = [m for m in item.moves if m.kind != "stale"]
            if not moves:
                continue
            words = "; ".join(_words(m.kind, m.old, m.new, since) for m in moves)
            times = plural(item.target_moves, "time") if item.target_moves else "—"
            rows.append([item.ref, item.text, words, times])
    moved = (
        ExtraTable(
            f"What moved since {short_date(since)}",
            ("Ref", "Recommendation / action", "What changed", "Target moved later"),
            rows,
        )
        if rows
        else None
    )
    header, body = trend_table(periods)
    return Meeting(
        since,
        compared,
        f"Since {short_date(since)}: {summary}.",
        moved,
        list(periods),
        (header, body),
    )


def _label(kind: str) -> str:
    from scrplan.history.changes import KINDS

    return KINDS[kind].lower()


def meeting(paths: Sequence[str | Path], since: dt.date, as_of: dt.date) -> Meeting | None:
    """The section for the plans under ``paths`` since ``since``, or None when the plans are
    not in git or have no version on or before that date."""
    from scrplan.history import git
    from scrplan.history.changes import changes
    from scrplan.history.trend import trend

    try:
        git.toplevel()
    except GitError:
        return None  # not in git (or no git): the report is as it always was
    try:
        found = changes(paths, since.isoformat(), as_of)
    except (GitError, NotFound):
        return None  # nothing in git then to compare with
    year, month = divmod(as_of.year * 12 + as_of.month - 1 - (TREND_MONTHS - 1), 12)
    start = dt.date(year, month + 1, 1)
    periods = trend(paths, "month", start, as_of)
    return from_changes(found, periods)
