"""Board reports: what the quarterly board paper says, whatever the format it is written in.

:func:`build` turns plans into a :class:`Report`: a title block, the RAG key with the count of
recommendations in each colour, a summary, and the action table in the layout partnerships
already use (Ref | Learning or Improvement Point | Recommendation | Lead | Target date |
Progress/Comment | RAG), one section per plan. Every cell is plain text here; the renderers
(:mod:`.html_page`, :mod:`.word`, :mod:`.markdown`, and
:func:`scrplan.output.plan_views.rows_csv` for CSV) decide only how it looks.

Rows, filters and counts come from :mod:`scrplan.plan.query`, so "outstanding", "overdue" and
every filter mean exactly what they mean in ``scrplan status`` and ``scrplan list``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from scrplan.plan.dates import MonthDate
from scrplan.plan.model import COLOURS, Plan, ProgressEntry, Recommendation
from scrplan.plan.query import (
    NOT_RATED,
    Filter,
    Row,
    Summary,
    grouped,
    rows,
    select,
    summarise,
    total,
)
from scrplan.words import plural

EMPTY = "—"
NO_PROGRESS = "No progress recorded."

COLUMNS = (
    "Ref",
    "Learning or Improvement Point",
    "Recommendation",
    "Lead",
    "Target date",
    "Progress/Comment",
    "RAG",
)
"""The action table's columns, as partnerships' published plans name them."""

# The Office colours partnerships' Word and Excel plans already use, each with the text colour
# that gives it WCAG AA contrast (at least 4.5:1; tests/test_report.py computes the ratios).
RAG_FILL = {
    "red": "C00000",
    "amber": "FFC000",
    "green": "00B050",
    "blue": "0070C0",
    NOT_RATED: "F2F2F2",
}
RAG_INK = {
    "red": "FFFFFF",
    "amber": "000000",
    "green": "000000",
    "blue": "FFFFFF",
    NOT_RATED: "000000",
}
RAG_WORD = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue",
    NOT_RATED: "Not rated",
}
RAG_ORDER = (*COLOURS, NOT_RATED)

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


# --- dates and words for people --------------------------------------------------------------


def short_date(day: dt.date) -> str:
    """``30 Jun 2023``; a month written on its own (``2024-03``) stays a month: ``Mar 2024``.

    Day, month name, year: unambiguous for every reader, unlike 03/06/2023. Month names are
    spelled here rather than by ``strftime``, which follows the machine's language setting.
    """
    month = _MONTHS[day.month - 1][:3]
    if isinstance(day, MonthDate):
        return f"{month} {day.year}"
    return f"{day.day} {month} {day.year}"


def long_date(day: dt.date) -> str:
    """``15 January 2024``, for the "as at" line."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- the report model --------------------------------------------------------------------------


class Entry(NamedTuple):
    """One progress entry: ``label`` is its date and who gave it (may be empty)."""

    label: str
    note: str


class Line(NamedTuple):
    """One row of the action table: a recommendation, or an action beneath it."""

    row: Row
    ref: str
    learning: str
    text: str
    lead: str
    target: str
    overdue: str
    """Empty, or ``Overdue by 199 days``, or ``Actions overdue``."""
    rag: str
    """The colour, or ``none`` when not rated."""
    evidence: str
    """Empty, or ``Completed 28 Sep 2023. Evidence: ...``."""
    progress: list[Entry]
    """Newest first."""

    @property
    def is_action(self) -> bool:
        return self.row.is_action

    @property
    def rag_word(self) -> str:
        return RAG_WORD[self.rag]


class KeyRow(NamedTuple):
    """A colour of the plan's RAG key, what it means, and how many recommendations have it."""

    colour: str
    meaning: str
    recommendations: int

    @property
    def word(self) -> str:
        return RAG_WORD[self.colour]


class Section(NamedTuple):
    """One plan: its title block, key, summary and action table."""

    plan: Plan
    details: list[tuple[str, str]]
    key: list[KeyRow]
    summary: Summary
    since: dt.date | None
    completed_since: int | None
    lines: list[Line]

    @property
    def title(self) -> str:
        return self.plan.title

    @property
    def totals(self) -> str:
        """The summary in a sentence."""
        return summary_sentence(self.summary, self.since, self.completed_since)


class Report(NamedTuple):
    """A board report: one section per plan, and an overall summary when there are several."""

    title: str
    as_of: dt.date
    since: dt.date | None
    showing: str
    """Which items the action tables hold, in words (the filters)."""
    sections: list[Section]
    overall: list[tuple[Summary, int | None]]
    """Each plan's summary then the total, when there are several plans; else empty."""

    @property
    def colours(self) -> tuple[str, ...]:
        """The colours any plan's key uses, then ``none``: the overall table's columns."""
        used = {c for s in self.sections for c in s.plan.rag_key.colours}
        return (*(c for c in COLOURS if c in used), NOT_RATED)

    @property
    def lines(self) -> list[Line]:
        """Every line of every section, in order."""
        return [line for section in self.sections for line in section.lines]


def build(
    plans: Sequence[Plan], as_of: dt.date, keep: Filter, *, since: dt.date | None = None
) -> Report:
    """The board report for ``plans`` on ``as_of``.

    Args:
        plans: the plans, one section each, in the order given.
        as_of: the date that decides what is overdue (the "as at" date).
        keep: which items the action tables show (as ``scrplan list``); the summaries always
            count every recommendation.
        since: also count the recommendations and actions completed from this date on.

    Returns:
        The report, ready for any renderer.
    """
    sections = [_section(plan, as_of, keep, since) for plan in plans]
    overall: list[tuple[Summary, int | None]] = []
    if len(sections) > 1:
        overall = [(s.summary, s.completed_since) for s in sections]
        done = [n for _, n in overall if n is not None]
        overall.append((total([s.summary for s in sections]), sum(done) if since else None))
    title = (
        plans[0].title if len(plans) == 1 else f"Progress of {plural(len(plans), 'action plan')}"
    )
    return Report(title, as_of, since, describe(keep), sections, overall)


def _section(plan: Plan, as_of: dt.date, keep: Filter, since: dt.date | None) -> Section:
    plan_rows = rows([plan], as_of)
    summary = summarise(plan, as_of)
    details = [
        (label, value)
        for label, value in (
            ("Partnership", plan.partnership),
            ("Review", plan.review),
            ("Subject", plan.subject),
            ("Review report", short_date(plan.report_date) if plan.report_date else None),
            ("Plan agreed", short_date(plan.plan_date) if plan.plan_date else None),
            ("Next review", short_date(plan.next_review) if plan.next_review else None),
        )
        if value
    ]
    key = plan.rag_key
    key_rows = [
        KeyRow(
            colour,
            key.meaning(colour) + (" (complete)" if colour == key.complete else ""),
            summary.counts[colour],
        )
        for colour in key.colours
    ]
    if summary.counts[NOT_RATED]:
        key_rows.append(KeyRow(NOT_RATED, "Not yet rated", summary.counts[NOT_RATED]))
    done = completed_between(plan_rows, since, as_of) if since else None
    lines = [line(row) for row in grouped(select(plan_rows, keep))]
    return Section(plan, details, key_rows, summary, since, done, lines)


def completed_between(plan_rows: Sequence[Row], since: dt.date, as_of: dt.date) -> int:
    """Recommendations and actions that are complete and were completed from ``since`` to
    ``as_of`` (by their ``completed`` date; complete items without one are not counted)."""
    return sum(
        1
        for row in plan_rows
        if row.complete and row.item.completed and since <= row.item.completed <= as_of
    )


def line(row: Row) -> Line:
    """The action table's cells for one item."""
    item = row.item
    learning = ""
    if isinstance(item, Recommendation):
        learning = item.learning or EMPTY
    target = short_date(item.target_date) if item.target_date else ""
    if item.timescale:
        target = f"{target} ({item.timescale})" if target else item.timescale
    overdue = ""
    if row.overdue:
        days = row.days_overdue
        overdue = f"Overdue by {plural(days, 'day')}" if days is not None else "Actions overdue"
    done = f"Completed {short_date(item.completed)}." if item.completed else ""
    evidence = " ".join(
        p for p in (done, f"Evidence: {item.evidence}" if item.evidence else "") if p
    )
    return Line(
        row=row,
        ref=item.id,
        learning=learning,
        text=item.text,
        lead=", ".join(item.lead) or EMPTY,
        target=target or EMPTY,
        overdue=overdue,
        rag=row.rag or NOT_RATED,
        evidence=evidence,
        progress=[_entry(p) for p in newest_first(item.progress)],
    )


def newest_first(entries: Sequence[ProgressEntry]) -> list[ProgressEntry]:
    """Progress entries latest first: by date, newest first; entries with the same date, or
    none, latest written first; undated entries after dated ones."""
    return sorted(reversed(entries), key=lambda p: p.date or dt.date.min, reverse=True)


def _entry(entry: ProgressEntry) -> Entry:
    parts = [short_date(entry.date) if entry.date else "", entry.by or ""]
    return Entry(", ".join(p for p in parts if p), entry.note)


def summary_sentence(
    summary: Summary, since: dt.date | None = None, completed_since: int | None = None
) -> str:
    """``5 recommendations: 4 outstanding, 2 overdue, 1 complete.``, then how many items
    were completed since ``since`` when it is given."""
    text = (
        f"{plural(summary.total, 'recommendation')}: {summary.outstanding} outstanding, "
        f"{summary.overdue} overdue, {summary.complete} complete."
    )
    if since is not None and completed_since is not None:
        text += (
            f" Completed since {short_date(since)}: {completed_since} "
            "(recommendations and actions)."
        )
    return text


def overall_table(report: Report) -> tuple[list[str], list[list[str]]]:
    """The overall summary of several plans: a header, then a row per plan and the total.

    The columns are Plan, one per colour (``report.colours``), Outstanding, Overdue, Complete,
    and Completed since when a ``--since`` date was given.
    """
    header = ["Plan", *(RAG_WORD[c] for c in report.colours), "Outstanding", "Overdue"]
    header.append("Complete")
    if report.since:
        header.append(f"Completed since {short_date(report.since)}")
    body = []
    for number, (summary, done) in enumerate(report.overall, 1):
        name = "Total" if number == len(report.overall) else summary.title
        cells = [name, *(str(summary.counts[c]) for c in report.colours)]
        cells += [str(summary.outstanding), str(summary.overdue), str(summary.complete)]
        if report.since:
            cells.append(str(done))
        body.append(cells)
    return header, body


def progress_parts(line: Line) -> list[Entry]:
    """The Progress/Comment cell as paragraphs: the completion and evidence, then each
    progress entry, newest first; a note in place of an empty cell."""
    parts = [Entry("", line.evidence)] if line.evidence else []
    return parts + line.progress or [Entry("", NO_PROGRESS)]


def describe(keep: Filter) -> str:
    """The filters in words: ``Outstanding items; RAG red or amber; lead includes "ICB"``."""
    parts = ["All items, complete ones too" if keep.include_complete else "Outstanding items"]
    if keep.rags:
        parts.append("RAG " + " or ".join(RAG_WORD[r].lower() for r in keep.rags))
    if keep.lead:
        parts.append(f"lead includes “{keep.lead}”")
    if keep.overdue:
        parts.append("overdue only")
    if keep.due_before:
        parts.append(f"due before {short_date(keep.due_before)}")
    if keep.search:
        parts.append(f"mentioning “{keep.search}”")
    return "; ".join(parts)
