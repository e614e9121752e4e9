"""The trend of each plan over time, for the site's index: where it comes from.

The counts at the end of each period (outstanding, overdue) come from the plans' git history,
which ``scrplan trend`` reads. Until the site is given that history, :func:`plan_trends` says
there is none, and the index shows no trend column: the pages never pretend to a trend they
do not have. Everything else here (the :class:`PlanTrend` the pages draw) is ready for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from scrplan.plan.model import Plan


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
    """Each plan's trend up to ``as_of``, by its file (``plan.file``); None when there is no
    history to draw on.

    This is the one place the site asks for history. It is to return the counts that
    ``scrplan trend --by month`` gives for each plan (from git, when the plans are in a
    repository), turned into :class:`PlanTrend` values; a plan with no history is left out of
    the mapping. Until then it returns None, and the pages show no trend.
    """
    return None
