"""A board report as Markdown, for a wiki page or a pull request.

The report becomes a page of :mod:`scrplan.output.blocks`, so Markdown escaping (pipes,
emphasis, HTML tags, line breaks in cells) is the same as for every other command. Markdown has
no cell colours: each RAG cell shows a coloured square and the word.
"""

from __future__ import annotations

from scrplan.output.blocks import Cell, Column, Fields, Heading, Page, Para, Table
from scrplan.output.markdown import to_markdown
from scrplan.plan.query import NOT_RATED
from scrplan.report.model import (
    COLUMNS,
    Report,
    Section,
    assurance_tables,
    long_date,
    overall_table,
    progress_parts,
    summary_sentence,
    themes_note,
    themes_table,
)

SQUARES = {
    "red": "🟥",
    "amber": "🟧",
    "green": "🟩",
    "blue": "🟦",
    "grey": "⬛",
    "purple": "🟪",
    NOT_RATED: "⬜",
}


def rag_text(colour: str, word: str) -> str:
    """``🟥 Red``: the square for the eye, the word for everyone."""
    return f"{SQUARES.get(colour, SQUARES[NOT_RATED])} {word}"


def render_md(report: Report) -> str:
    """The report as GitHub-flavoured Markdown."""
    return to_markdown(report_page(report))


def report_page(report: Report) -> Page:
    """The report as document blocks: title block, then (for several plans) the overall
    summary, then each plan's key, summary and action table."""
    single = len(report.sections) == 1
    doc = head_blocks(report, single)
    for section in report.sections:
        doc += section_blocks(section, level=2 if single else 3)
    return doc + foot_blocks(report, single)


def head_blocks(report: Report, single: bool) -> Page:
    """The blocks before the plans' sections: the title block and, for several plans, the
    overall summary."""
    head: list[tuple[str, Cell | str]] = [("As at", long_date(report.as_of))]
    if report.meeting_date:
        head.append(("For the meeting of", long_date(report.meeting_date)))
    head.append(("Items shown", report.showing))
    doc: Page = [Para(report.marking)] if report.marking else []
    doc.append(Heading(report.title))
    if single:
        doc.append(Fields([*report.sections[0].details, *head]))
    else:
        header, body = overall_table(report)
        table = Table([Column(header[0]), *(Column(h, justify="right") for h in header[1:])])
        for number, cells in enumerate(body, 1):
            table.add(*(Cell(c, strong=number == len(body)) for c in cells))
        overall, done = report.overall[-1]
        doc += [
            Fields(head),
            Heading("Overall summary", 2),
            Para(summary_sentence(overall, report.since, done)),
            table,
        ]
        doc += _themes(report)
    if report.meeting is not None:
        doc += _meeting(report)
    return doc


def foot_blocks(report: Report, single: bool) -> Page:
    """The blocks after the plans' sections: for one plan, its themes; the marking."""
    doc = _themes(report) if single else []
    return doc + ([Para(report.marking)] if report.marking else [])


def _meeting(report: Report) -> Page:
    """What moved since the last meeting, then the trend as a table (Markdown draws no chart)."""
    m = report.meeting
    assert m is not None
    doc: Page = [Heading("Since the last meeting", 2), Para(f"{m.summary} {m.compared}")]
    if m.moved:
        table = Table([Column(c) for c in m.moved.columns], title=m.moved.title)
        for cells in m.moved.rows:
            table.add(*cells)
        doc.append(table)
    if m.trend:
        header, rows = m.trend_table
        table = Table(
            [Column(h, justify="right" if i > 1 else "left") for i, h in enumerate(header)],
            title="Recommendations at the end of each month",
        )
        for cells in rows:
            table.add(*cells)
        doc += [table, Para(m.chart_text)]
    return doc


def _themes(report: Report) -> Page:
    """The themes section, when any recommendation has a theme."""
    extra = themes_table(report)
    if extra is None:
        return []
    table = Table(
        [
            Column(c, justify="right" if 0 < i < len(extra.columns) - 1 else "left")
            for i, c in enumerate(extra.columns)
        ]
    )
    for texts in extra.rows:
        table.add(*texts)
    return [Heading(extra.title, 2), Para(themes_note(report)), table]


def section_blocks(section: Section, level: int) -> Page:
    """One plan's section, its headings at ``level``."""
    doc: Page = []
    if level > 2:
        doc.append(Heading(section.title, level - 1))
        if section.details:
            doc.append(Fields(list[tuple[str, Cell | str]](section.details)))
    key = Table([Column("RAG"), Column("Meaning"), Column("Recommendations", justify="right")])
    for row in section.key:
        key.add(rag_text(row.colour, row.word), row.meaning, str(row.recommendations))
    key.add(Cell("Total", strong=True), "", Cell(str(section.summary.total), strong=True))
    shown = section.shown
    actions = Table([Column(COLUMNS[i]) for i in shown], empty="No items match.")
    for line in section.lines:
        target = "\n".join(t for t in (line.target, line.overdue, line.stale) if t)
        cells: list[Cell | str] = [
            Cell(line.ref, strong=bool(line.overdue)),
            line.learning,
            line.text,
            line.lead,
            Cell(target, strong=bool(line.overdue)),
            "\n\n".join(
                f"{part.label}: {part.note}" if part.label else part.note
                for part in progress_parts(line)
            ),
            rag_text(line.rag, line.rag_word),
        ]
        actions.add(*(cells[i] for i in shown), sub=line.is_action)
    doc += [
        Heading("RAG key and summary", level),
        key,
        Para(section.totals),
        Heading("Recommendations and actions", level),
        actions,
    ]
    for extra in assurance_tables(section):
        table = Table([Column(c) for c in extra.columns])
        for texts in extra.rows:
            table.add(*texts)
        doc += [Heading(extra.title, level), table]
    return doc
