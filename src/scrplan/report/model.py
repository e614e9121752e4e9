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
from typing import TYPE_CHECKING, NamedTuple

from scrplan.plan.dates import MonthDate
from scrplan.plan.levels import column_word
from scrplan.plan.model import Plan, ProgressEntry, Recommendation
from scrplan.plan.query import (
    NOT_RATED,
    Filter,
    Row,
    Summary,
    by_meaning_counts,
    combined,
    grouped,
    meaning_counts,
    newest_first,
    rows,
    signature,
    summarise,
)
from scrplan.plan.themes import ThemeOverview, has_themes, theme_overview
from scrplan.words import plural

if TYPE_CHECKING:
    from scrplan.report.meeting import Meeting

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
    "grey": "595959",
    "purple": "7030A0",
    NOT_RATED: "F2F2F2",
}
RAG_INK = {
    "red": "FFFFFF",
    "amber": "000000",
    "green": "000000",
    "blue": "FFFFFF",
    "grey": "FFFFFF",
    "purple": "FFFFFF",
    NOT_RATED: "000000",
}
RAG_WORD = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue",
    NOT_RATED: "Not rated",
}
"""The word for each level of the standard key (and for not rated)."""


def level_word(name: str) -> str:
    """How a level is named in a report: ``Red`` for a colour, a key's own name as written,
    ``Not rated`` for none; meanings (when plans with different keys are counted) capitalised."""
    return RAG_WORD.get(name) or (name[:1].upper() + name[1:])


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
    """The level's display colour, or ``none`` when not rated."""
    rag_word: str
    """The level as the cell says it: ``Red``, ``2: On track``, ``Not rated``."""
    stale: str
    """Empty, or ``No update since 1 Jun 2016``, or ``No dated update``."""
    evidence: str
    """Empty, or ``Completed 28 Sep 2023. Evidence: ...``."""
    progress: list[Entry]
    """Newest first."""

    @property
    def is_action(self) -> bool:
        return self.row.is_action

    @property
    def stage(self) -> str:
        """open, awaiting sign-off, complete, verified, impact evidenced or closed."""
        return self.row.stage


class KeyRow(NamedTuple):
    """A level of the plan's key, what it means, and how many recommendations have it."""

    word: str
    """``Red``, or the key's own name (``2``)."""
    colour: str
    """Its display colour."""
    meaning: str
    recommendations: int


class Section(NamedTuple):
    """One plan: its title block, key, summary and action table."""

    plan: Plan
    details: list[tuple[str, str]]
    key: list[KeyRow]
    summary: Summary
    since: dt.date | None
    completed_since: int | None
    lines: list[Line]
    awaiting: list[Line]
    """Complete, awaiting the partnership's sign-off."""
    impact_due: list[Line]
    """Impact review date come, no evidence of impact yet."""
    closed: list[Line]
    """Closed without implementation (each with its reason)."""

    @property
    def title(self) -> str:
        return self.plan.title

    @property
    def shown(self) -> tuple[int, ...]:
        """The action table's columns to show, by position in :data:`COLUMNS`: Lead and
        Target date are left out when no line has one, so they take no width."""
        empty = {
            3: all(line.lead == EMPTY for line in self.lines),
            4: all(line.target == EMPTY and not line.overdue for line in self.lines),
        }
        return tuple(i for i in range(len(COLUMNS)) if not (self.lines and empty.get(i)))

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
    meeting_date: dt.date | None = None
    """The board meeting the paper is for."""
    marking: str | None = None
    """A protective marking (OFFICIAL-SENSITIVE) for the top and foot of every page."""
    meeting: Meeting | None = None
    """What moved since the last meeting, and the trend (:mod:`.meeting`), when asked for
    and the plans are in git."""
    themes: ThemeOverview | None = None
    """The themes of the plans' recommendations, when any recommendation has one."""

    @property
    def colours(self) -> tuple[str, ...]:
        """The overall table's level columns: the levels of the plans' key (their meanings,
        when the plans' keys differ), then ``none``."""
        if not self.overall:
            return ()
        names = [t.name for t in self.overall[-1][0].tallies if t.name != NOT_RATED]
        return (*names, NOT_RATED)

    @property
    def column_colours(self) -> tuple[str, ...]:
        """The display colour of each of :attr:`colours`."""
        if not self.overall:
            return ()
        colour = {t.name: t.colour for t in self.overall[-1][0].tallies}
        return tuple(colour.get(name, NOT_RATED) for name in self.colours)

    @property
    def lines(self) -> list[Line]:
        """Every line of every section, in order."""
        return [line for section in self.sections for line in section.lines]


def build(
    plans: Sequence[Plan],
    as_of: dt.date,
    keep: Filter,
    *,
    since: dt.date | None = None,
    title: str | None = None,
    meeting: dt.date | None = None,
    marking: str | None = None,
) -> Report:
    """The board report for ``plans`` on ``as_of``.

    Args:
        plans: the plans, one section each, in the order given.
        as_of: the date that decides what is overdue (the "as at" date).
        keep: which items the action tables show (as ``scrplan list``); the summaries always
            count every recommendation.
        since: also count the recommendations and actions completed from this date on.
        title: the paper's title, instead of the plan's (or "Progress of N action plans").
        meeting: the board meeting the paper is for.
        marking: a protective marking for every page.

    Returns:
        The report, ready for any renderer.
    """
    sections = [section(plan, as_of, keep, since) for plan in plans]
    overall = overall_of([counted(s) for s in sections], since) if len(sections) > 1 else []
    title = title or (
        plans[0].title if len(plans) == 1 else f"Progress of {plural(len(plans), 'action plan')}"
    )
    themes = theme_overview(plans, as_of) if has_themes(plans) else None
    return Report(
        title,
        as_of,
        since,
        describe(keep),
        sections,
        overall,
        meeting_date=meeting,
        marking=marking,
        themes=themes,
    )


class Counted(NamedTuple):
    """What the overall summary needs of one plan's section, kept when the section is not."""

    summary: Summary
    completed_since: int | None
    signature: tuple[tuple[str, str], ...]
    meanings: dict[str, int]
    title: str


def counted(section: Section) -> Counted:
    """What the overall summary needs of ``section``."""
    plan = section.plan
    return Counted(
        section.summary,
        section.completed_since,
        signature(plan),
        meaning_counts(plan),
        section.title,
    )


def overall_of(
    counts: Sequence[Counted], since: dt.date | None
) -> list[tuple[Summary, int | None]]:
    """The overall summary of several plans (:attr:`Report.overall`): each plan's counts (by
    level, or by meaning when the plans' keys differ), then the total."""
    whole = combined(
        [c.summary for c in counts], [c.signature for c in counts], [c.meanings for c in counts]
    )
    names = [t.name for t in whole.tallies]
    overall = [
        (
            c.summary
            if [t.name for t in c.summary.tallies] == names
            else by_meaning_counts(c.summary, c.meanings),
            c.completed_since,
        )
        for c in counts
    ]
    done = [n for _, n in overall if n is not None]
    overall.append((whole, sum(done) if since else None))
    return overall


def section(
    plan: Plan,
    as_of: dt.date,
    keep: Filter,
    since: dt.date | None,
    summary: Summary | None = None,
) -> Section:
    """One plan's section of the report (see :func:`build`); ``summary``: the plan's
    :func:`~scrplan.plan.query.summarise` when it is known already (from its facts)."""
    plan_rows = rows([plan], as_of)
    if summary is None:
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
    key = plan.key
    counts = summary.counts
    key_rows = [
        KeyRow(
            level_word(level.name),
            level.colour,
            level.label,
            counts.get(level.name, 0),
        )
        for level in key.all_levels
    ]
    if counts.get(NOT_RATED):
        key_rows.append(KeyRow("Not rated", NOT_RATED, "Not yet rated", counts[NOT_RATED]))
    done = completed_between(plan_rows, since, as_of) if since else None
    # The rows of one plan in file order, as select() gives them (sorted by plan, they stay in
    # it); each table's filter is a condition on the row's stage or its impact review.
    kept, waiting, due_rows, closed_rows = [], [], [], []
    for row in plan_rows:
        if keep(row):
            kept.append(row)
        stage = row.stage
        if stage == "awaiting sign-off":
            waiting.append(row)
        elif stage == "closed":
            closed_rows.append(row)
        if row.impact_due:
            due_rows.append(row)
    made: dict[int, Line] = {}  # an item in two tables is one line, made once

    def lines_of(chosen: list[Row]) -> list[Line]:
        out = []
        for row in chosen:
            found = made.get(id(row))
            if found is None:
                found = made[id(row)] = line(row)
            out.append(found)
        return out

    lines = lines_of(grouped(kept))
    awaiting = lines_of(grouped(waiting))
    due = lines_of(due_rows)
    closed = lines_of(closed_rows)
    return Section(plan, details, key_rows, summary, since, done, lines, awaiting, due, closed)


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
        # row.days_overdue, without asking again whether the item is overdue
        day, as_of = item.target_date, row.as_of
        days = (as_of - day).days if day is not None and day < as_of else None
        overdue = f"Overdue by {plural(days, 'day')}" if days is not None else "Actions overdue"
    done = f"Completed {short_date(item.completed)}." if item.completed else ""
    evidence = " ".join(
        p for p in (done, f"Evidence: {item.evidence}" if item.evidence else "", _assured(row)) if p
    )
    stale = ""
    if row.stale:
        since = row.plan.updated(item)
        stale = f"No update since {short_date(since)}" if since else "No dated update"
    rag, level = row.plan.rag(item), row.plan.level(item)
    word = "Not rated"
    if level is not None:
        word = level_word(level.name)
        if not row.plan.key.is_colours and level.label != level.name:
            word = f"{level.name}: {level.label}"
    elif rag:
        word = rag
    return Line(
        row=row,
        ref=item.id,
        learning=learning,
        text=item.text,
        lead=", ".join(item.lead) or EMPTY,
        target=target or EMPTY,
        overdue=overdue,
        rag=level.colour if level else NOT_RATED,
        rag_word=word,
        stale=stale,
        evidence=evidence,
        progress=[_entry(p) for p in newest_first(item.progress)],
    )


def _assured(row: Row) -> str:
    """Sign-off, impact and closure in a sentence each, for the Progress/Comment cell."""
    item = row.item
    parts = []
    if item.verified is not None:
        when = f" on {short_date(item.verified.date)}" if item.verified.date else ""
        note = f": {item.verified.note}" if item.verified.note else ""
        parts.append(f"Signed off by {item.verified.by}{when}{note}.")
    elif row.stage == "awaiting sign-off":
        parts.append("Awaiting the partnership's sign-off.")
    if item.impact is not None:
        impact = item.impact
        if impact.measure:
            parts.append(f"Impact measure: {impact.measure}.")
        if impact.evidence:
            parts.append(f"Impact evidenced: {impact.evidence}")
        elif impact.review_date:
            parts.append(f"Impact review due {short_date(impact.review_date)}.")
    if item.closed is not None:
        agreed = f" (agreed by {item.closed.by})" if item.closed.by else ""
        parts.append(f"Closed without implementation{agreed}: {item.closed.reason}")
    return " ".join(parts)


def _entry(entry: ProgressEntry) -> Entry:
    day = short_date(entry.date) if entry.date else ""
    by = entry.by or ""
    return Entry(f"{day}, {by}" if day and by else day or by, entry.note)


def summary_sentence(
    summary: Summary, since: dt.date | None = None, completed_since: int | None = None
) -> str:
    """``5 recommendations: 4 outstanding, 2 overdue, 1 complete.``, then how many items
    were completed since ``since`` when it is given."""
    text = (
        f"{plural(summary.total, 'recommendation')}: {summary.outstanding} outstanding, "
        f"{summary.overdue} overdue, {summary.stale} with no recent update, "
        f"{summary.awaiting} awaiting sign-off, {summary.complete} complete "
        f"({summary.verified} verified), {summary.closed} closed without implementation."
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
    header = ["Plan", *(_column(c) for c in report.colours), "Outstanding", "Overdue"]
    header += ["Awaiting sign-off", "Complete", "Closed"]
    if report.since:
        header.append(f"Completed since {short_date(report.since)}")
    body = []
    for number, (summary, done) in enumerate(report.overall, 1):
        name = "Total" if number == len(report.overall) else summary.title
        counts = summary.counts
        cells = [name, *(str(counts.get(c, 0)) for c in report.colours)]
        cells += [str(summary.outstanding), str(summary.overdue), str(summary.awaiting)]
        cells += [str(summary.complete), str(summary.closed)]
        if report.since:
            cells.append(str(done))
        body.append(cells)
    return header, body


class ExtraTable(NamedTuple):
    """A small table after the action table: a title, its columns, rows of plain text."""

    title: str
    columns: tuple[str, ...]
    rows: list[list[str]]


def assurance_tables(section: Section) -> list[ExtraTable]:
    """What the board must see apart from colours: items awaiting its sign-off, impact reviews
    due, and items closed without implementation, with the reasons (the yearly report must
    give them). Each table only when it has rows."""
    tables = []
    if section.awaiting:
        tables.append(
            ExtraTable(
                "Awaiting sign-off",
                ("Ref", "Recommendation / action", "Lead", "Evidence"),
                [
                    [ln.ref, ln.text, ln.lead, ln.row.item.evidence or EMPTY]
                    for ln in section.awaiting
                ],
            )
        )
    if section.impact_due:
        rows_ = []
        for ln in section.impact_due:
            impact = ln.row.item.impact
            assert impact is not None and impact.review_date is not None
            rows_.append([ln.ref, ln.text, impact.measure or EMPTY, short_date(impact.review_date)])
        tables.append(
            ExtraTable(
                "Impact reviews due",
                ("Ref", "Recommendation / action", "Impact measure", "Review date"),
                rows_,
            )
        )
    if section.closed:
        rows_ = []
        for ln in section.closed:
            closed = ln.row.item.closed
            assert closed is not None
            when = short_date(closed.date) if closed.date else EMPTY
            rows_.append([ln.ref, ln.text, closed.reason, closed.by or EMPTY, when])
        tables.append(
            ExtraTable(
                "Closed without implementation",
                ("Ref", "Recommendation / action", "Reason", "Agreed by", "Date"),
                rows_,
            )
        )
    return tables


THEMES_INTRO = (
    "The themes of the recommendations, across every plan in this paper: a recommendation "
    "with several themes counts under each."
)


def themes_table(report: Report) -> ExtraTable | None:
    """The themes section: per theme, how many recommendations (and, for several plans, how
    many reviews) name it, how many are outstanding and overdue, and which they are. None
    when no recommendation has a theme."""
    overview = report.themes
    if overview is None:
        return None
    several = len(report.sections) > 1
    columns: tuple[str, ...] = ("Theme", "Reviews") if several else ("Theme",)
    columns += ("Recommendations", "Outstanding", "Overdue", "Refs")
    rows_ = []
    for group in overview.groups:
        refs = ", ".join(r.ref if several else r.item.id for r in group.rows)
        name = group.name if group.known else f"{group.name} (not in the list of themes)"
        cells = [name, str(group.reviews)] if several else [name]
        cells += [str(len(group.rows)), str(group.outstanding), str(group.overdue), refs]
        rows_.append(cells)
    return ExtraTable("Themes", columns, rows_)


def themes_note(report: Report) -> str:
    """What the themes table counts, and how many recommendations have no theme."""
    overview = report.themes
    assert overview is not None
    return f"{THEMES_INTRO} {overview.summary}"


def _column(name: str) -> str:
    return RAG_WORD.get(name) or column_word(name)


def progress_parts(line: Line) -> list[Entry]:
    """The Progress/Comment cell as paragraphs: the completion and evidence, then each
    progress entry, newest first; a note in place of an empty cell."""
    parts = [Entry("", line.evidence)] if line.evidence else []
    return parts + line.progress or [Entry("", NO_PROGRESS)]


def describe(keep: Filter) -> str:
    """The filters in words: ``Outstanding items; RAG red or amber; lead includes "ICB"``."""
    parts = ["All items, complete ones too" if keep.include_complete else "Outstanding items"]
    if keep.rags:
        parts.append("RAG " + " or ".join(level_word(r).lower() for r in keep.rags))
    if keep.lead:
        parts.append(f"lead includes “{keep.lead}”")
    if keep.overdue:
        parts.append("overdue only")
    if keep.due_before:
        parts.append(f"due before {short_date(keep.due_before)}")
    if keep.search:
        parts.append(f"mentioning “{keep.search}”")
    return "; ".join(parts)
