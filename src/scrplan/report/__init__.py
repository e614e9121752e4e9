"""Board reports: the paper for the board meeting, in Word, HTML, Markdown or CSV.

Owns: the report model (:mod:`.model`: plans to sections, key rows and action-table lines) and
its renderers (:mod:`.html_page`, :mod:`.word`, :mod:`.markdown`); the "Since the last
meeting" section (:mod:`.meeting`) and its trend chart (:mod:`.trend_chart`); the yearly
report's part about reviews (:mod:`.annual`); CSV is the items' CSV of
:mod:`scrplan.output.plan_views`. Each renderer imports the model, never the other way round,
and is imported only when its format is asked for (python-docx costs a fifth of a second).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or rich.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from scrplan.report.model import Counted, Report, Section
from scrplan.words import plural

if TYPE_CHECKING:
    import datetime as dt

    from scrplan.output.blocks import Page
    from scrplan.plan.model import Plan
    from scrplan.plan.query import Filter, Summary
    from scrplan.report.meeting import Meeting

FORMATS = ("docx", "html", "markdown", "csv")
"""The formats a report is written in, as :data:`scrplan.output.formats.FORMATS` names them."""


def render(report: Report, fmt: str) -> str | bytes:
    """The report as ``fmt``: bytes for Word, text for the others."""
    if fmt == "docx":
        from scrplan.report.word import render_docx

        return render_docx(report)
    if fmt == "html":
        from scrplan.report.html_page import render_html

        return render_html(report)
    if fmt == "markdown":
        from scrplan.report.markdown import render_md

        return render_md(report)
    if fmt == "csv":
        from scrplan.output.plan_views import rows_csv

        return rows_csv([line.row for line in report.lines], every_note=True)
    raise ValueError(f"unknown report format {fmt!r}")


def write_many(
    files: Sequence[str | Path],
    fmt: str,
    output: Path | None,
    *,
    as_of: dt.date,
    keep: Filter,
    since: dt.date | None = None,
    title: str | None = None,
    meeting: dt.date | None = None,
    marking: str | None = None,
    moved: Callable[[], Meeting | None] | None = None,
) -> bool:
    """Write the report of several plans as HTML, Markdown or CSV, reading one plan at a time.

    What :func:`render` writes of :func:`~scrplan.report.model.build`'s report, byte for byte,
    without every plan in memory at once: each plan's section is written to a temporary file
    as soon as it is made; the overall summary, which comes first, is written once every plan
    is counted, then the sections after it. Nothing is written if a plan (or its settings) is
    invalid: the command refuses as ``require_all`` does. ``moved`` gives the "Since the last
    meeting" section, asked for once the plans are known to be valid.

    Returns:
        False, having written nothing, when a recommendation has a theme: the themes section
        counts every plan's recommendations by theme, which needs the plans together, so
        the caller builds the report whole. True when the report is written.
    """
    import tempfile

    from scrplan.output.formats import write
    from scrplan.plan.bulk import check_plans
    from scrplan.plan.load import collector_paused, refuse_invalid
    from scrplan.plan.query import check_levels, summarise_facts
    from scrplan.report.model import describe, overall_of

    parts = _parts_of(fmt)
    counts: list[Counted] = []
    levels: dict[str, None] = {}
    bad = []
    work = functools.partial(_made, fmt, as_of, keep, since)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as body:
        with collector_paused():
            # A plan's part is made by the worker process that checked it, when one did.
            for index, checked in enumerate(check_plans(files, whole=True, make=work)):
                if not checked.ok:
                    bad.append(checked)
                    continue
                # Its number is its place among the files: a report is written only when
                # every plan is valid, so that is its place among the valid ones too.
                made = checked.made
                if made is None:  # counted from its facts, which are read already
                    summary = summarise_facts(checked.facts, as_of)
                    made = work(checked.plan(), index, summary)
                if made.counted is None:
                    return False
                levels.update(dict.fromkeys(made.colours))
                body.write(made.text)
                counts.append(made.counted)
        refuse_invalid(bad, [str(f) for f in files], "nothing shown")
        check_levels(keep.rags, list(levels))
        title = title or f"Progress of {plural(len(counts), 'action plan')}"
        overall = overall_of(counts, since)
        found = moved() if moved is not None else None
        report = Report(
            title,
            as_of,
            since,
            describe(keep),
            [],
            overall,
            meeting_date=meeting,
            marking=marking,
            meeting=found,
        )
        bars = [(c.summary, c.title) for c in counts]

        def document() -> Iterator[str]:
            yield parts.head(report, bars)
            body.seek(0)
            while chunk := body.read(1 << 20):
                yield chunk
            yield parts.foot(report)

        write(document(), output)
    return True


class _Made(NamedTuple):
    """One plan's part of a report streamed by :func:`write_many`: its section as the format
    writes it, what the overall summary needs of it, and its key's levels. ``counted`` is
    None (and the rest empty) when a recommendation has a theme."""

    text: str
    counted: Counted | None
    colours: tuple[str, ...]


def _made(
    fmt: str,
    as_of: dt.date,
    keep: Filter,
    since: dt.date | None,
    plan: Plan,
    index: int,
    summary: Summary | None = None,
) -> _Made:
    """One plan's :class:`_Made`, as plan ``index + 1`` of the report; in the worker process
    that checked the plan, when it was one (:func:`scrplan.plan.bulk.check_plans`);
    ``summary``: its counts, when they are known."""
    from scrplan.report.model import counted, section

    if any(rec.themes for rec in plan.recommendations):
        return _Made("", None, ())
    with plan.judged():
        made = section(plan, as_of, keep, since, summary)
        text = _parts_of(fmt).section(made, index + 1)
        return _Made(text, counted(made), plan.key.colours)


class _Parts(NamedTuple):
    """A format's report in three parts, written apart (see :func:`write_many`): ``head``
    (given each plan's summary and title), each plan's ``section`` (given its number), the
    ``foot``. Each part carries what separates it from the part before."""

    head: Callable[[Report, Sequence[tuple[Summary, str]]], str]
    section: Callable[[Section, int], str]
    foot: Callable[[Report], str]


def _html() -> _Parts:
    from scrplan.report import html_page as page

    return _Parts(
        lambda report, bars: page.html_head(report, False, bars),
        lambda made, number: "\n" + page.section_html(made, number, False),
        lambda report: "\n" + page.html_foot(report, False) + "\n",
    )


def _markdown() -> _Parts:
    from scrplan.output.markdown import to_markdown
    from scrplan.report import markdown as md

    def blocks(page: Page) -> str:
        return to_markdown(page)[: -len("\n")]

    def foot(report: Report) -> str:
        after = md.foot_blocks(report, False)
        return ("\n\n" + blocks(after) if after else "") + "\n"

    return _Parts(
        lambda report, bars: blocks(md.head_blocks(report, False)),
        lambda made, number: "\n\n" + blocks(md.section_blocks(made, level=3)),
        foot,
    )


def _csv() -> _Parts:
    from scrplan.output.plan_views import item_cells
    from scrplan.output.spreadsheet import csv_rows, csv_text

    def rows_of(made: Section, number: int) -> str:
        _, body = item_cells([line.row for line in made.lines], every_note=True)
        return csv_rows(body)

    headers, _ = item_cells([], every_note=True)
    return _Parts(lambda report, bars: csv_text(headers, []), rows_of, lambda report: "")


_PARTS: dict[str, Callable[[], _Parts]] = {"html": _html, "markdown": _markdown, "csv": _csv}


@functools.cache
def _parts_of(fmt: str) -> _Parts:
    return _PARTS[fmt]()


STREAMED = tuple(_PARTS)
"""The formats :func:`write_many` writes a plan at a time (Word builds the whole document)."""
