"""The part of the partnership's yearly report about reviews: ``scrplan annual-report``.

Working Together asks the safeguarding partners' yearly report for "the decisions and actions
taken to implement the recommendations of local and national reviews, including any resulting
improvements"; a safeguarding adults board's annual report must also give the reasons for
findings not implemented. :func:`annual` gathers, for each review's plan, what was done in the
year, the improvements evidenced, what was closed without implementation and why, and what is
still outstanding and overdue at the year's end; :func:`render_annual` writes it under those
headings, in sentences a board manager can paste as they are, as Markdown, a web page or Word.

What counts as done in the year: an item complete (signed off, impact evidenced, closed) at the
year's end whose date for it (``completed``, ``verified.date``, ``impact.date``,
``closed.date``) falls in the year; or, when it has no such date, whose plan was in git on the
year's first day with the item not yet at that point (git shows it happened in the year). The
plans at the year's end are read from git as they stood then (as they are now, when the year
ends today or later); plans not in git are read as they are now, and the report says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from scrplan.errors import GitError
from scrplan.output.blocks import Column, Heading, Page, Para, Table
from scrplan.plan.model import Item, Plan
from scrplan.report.model import EMPTY, level_word, long_date, short_date
from scrplan.words import plural

FORMATS = ("docx", "html", "markdown")
UNDATED = "Not dated (in the year, by the plan's history)"


class YearItem(NamedTuple):
    """One recommendation or action in a list of the yearly report: its reference, text, lead,
    when it happened and the detail that goes with it (evidence, the reason, the target)."""

    ref: str
    text: str
    lead: str
    when: str
    detail: str
    more: str = ""


class ReviewYear(NamedTuple):
    """One review's plan, through the year."""

    plan: Plan
    new_in_year: bool
    recommendations: int
    actions: int
    completed: list[YearItem]
    signed_off: list[YearItem]
    impact: list[YearItem]
    closed: list[YearItem]
    outstanding: list[YearItem]
    outstanding_recs: int
    overdue_recs: int
    updates: int
    """Dated progress updates given in the year."""


class AnnualReport(NamedTuple):
    """The yearly report's part about reviews."""

    start: dt.date
    end: dt.date
    reviews: list[ReviewYear]
    notes: list[str]
    """What the reader of the command should know (said on standard error, not written)."""


def _between(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _year_items(
    plan: Plan, then: Plan | None, start: dt.date, end: dt.date
) -> tuple[list[YearItem], list[YearItem], list[YearItem], list[YearItem], list[YearItem]]:
    completed, signed, impact, closed, outstanding = [], [], [], [], []
    for item in plan.items():
        old = then.find(item.id) if then is not None else None

        def undated(was: Callable[[Item], bool], old: Item | None = old) -> bool:
            # git shows it happened in the year: the item was there, not yet so, on day one.
            assert then is not None or old is None
            return old is not None and not was(old)

        ref, text, lead = item.id, item.text, ", ".join(item.lead) or EMPTY
        stage = plan.stage(item)
        if plan.is_complete(item) and item.closed is None:
            done_then = then is not None and old is not None and then.is_complete(old)
            if _between(item.completed, start, end) or (
                item.completed is None and old is not None and not done_then
            ):
                when = short_date(item.completed) if item.completed else UNDATED
                completed.append(YearItem(ref, text, lead, when, item.evidence or EMPTY))
        if item.verified is not None:
            v = item.verified
            if _between(v.date, start, end) or (
                v.date is None and undated(lambda o: o.verified is not None)
            ):
                when = short_date(v.date) if v.date else UNDATED
                signed.append(YearItem(ref, text, lead, when, v.note or EMPTY, v.by))
        if item.impact is not None and item.impact.evidence:
            im = item.impact
            if _between(im.date, start, end) or (
                im.date is None
                and undated(lambda o: o.impact is not None and bool(o.impact.evidence))
            ):
                when = short_date(im.date) if im.date else UNDATED
                impact.append(
                    YearItem(ref, text, lead, when, im.evidence or EMPTY, im.measure or EMPTY)
                )
        if item.closed is not None:
            c = item.closed
            if _between(c.date, start, end) or (
                c.date is None and undated(lambda o: o.closed is not None)
            ):
                when = short_date(c.date) if c.date else UNDATED
                closed.append(YearItem(ref, text, lead, when, c.reason, c.by or EMPTY))
        if stage == "open":
            target = short_date(item.target_date) if item.target_date else (item.timescale or EMPTY)
            late = ""
            if plan.is_overdue(item, end):
                days = (end - item.target_date).days if item.target_date else None
                late = f"Overdue by {plural(days, 'day')}" if days else "Actions overdue"
            level = plan.level(item)
            word = level_word(level.name) if level else "Not rated"
            outstanding.append(YearItem(ref, text, lead, target, late or word))
    return completed, signed, impact, closed, outstanding


def review_year(plan: Plan, then: Plan | None, start: dt.date, end: dt.date) -> ReviewYear:
    """One review's year: ``plan`` as it stood at the year's end, ``then`` as it stood on its
    first day (None: not in git then, or not at all)."""
    completed, signed, impact, closed, outstanding = _year_items(plan, then, start, end)
    updates = sum(1 for item in plan.items() for p in item.progress if _between(p.date, start, end))
    recs = plan.recommendations
    return ReviewYear(
        plan,
        then is None and _between(plan.plan_date or plan.report_date, start, end),
        len(recs),
        sum(len(r.actions) for r in recs),
        completed,
        signed,
        impact,
        closed,
        outstanding,
        sum(1 for r in recs if plan.stage(r) == "open"),
        sum(1 for r in recs if plan.is_overdue(r, end)),
        updates,
    )


def annual(paths: Sequence[str | Path], start: dt.date, end: dt.date) -> AnnualReport:
    """The yearly report's part about reviews, for the plans under ``paths``.

    Raises:
        PlanProblems: a plan (as it is now, when that is what is read) has errors.
        GitError: the year ends before the plans' history in git begins.
    """
    from scrplan.history import git
    from scrplan.history.changes import pairs, pathspecs_for, readable_state
    from scrplan.history.timeline import first_day_error, timeline
    from scrplan.plan.settings import settings_for

    notes: list[str] = []
    try:
        root = git.toplevel()
    except GitError:
        root = None
    specs = pathspecs_for(paths)
    tl = timeline(specs) if root is not None else None
    if root is None or tl is None or not tl.points:
        if end < dt.date.today():
            notes.append(
                f"these plans are not in git, so they are read as they are now, not as they "
                f"stood on {end.isoformat()}; items are placed in the year by their own dates"
            )
        plans = _worktree(paths)
        return AnnualReport(start, end, [review_year(p, None, start, end) for p in plans], notes)

    def plans_at(index: int | None, label: str) -> dict[str, Plan]:
        state, more = readable_state(tl, index, root)
        notes.extend(more)
        found = {}
        for path, (_line, checked) in state.items():
            plan = checked.plan(f"{label}:{path}", settings_for(Path(root, path)).context)
            if plan is not None:
                found[path] = plan
        return found

    head: str | None
    if end >= dt.date.today():
        now = {str(_relative(p.file, root)): p for p in _worktree(paths)}
        head = None
    else:
        at = tl.index_on_or_before(end)
        if at is None:
            raise first_day_error(tl, end, "these plans")
        now = plans_at(at, tl.points[at].id[:7])
        head = tl.points[at].id
    before = tl.index_on_or_before(start - dt.timedelta(days=1))
    then = plans_at(before, tl.points[before].id[:7]) if before is not None else {}
    paired: dict[str, str | None] = dict.fromkeys(now)
    if before is not None:
        titles_then: dict[str, str | None] = {p: plan.title for p, plan in then.items()}
        titles_now: dict[str, str | None] = {p: plan.title for p, plan in now.items()}
        for old, new in pairs(tl.points[before].id, head, specs, titles_then, titles_now):
            if new is not None:
                paired[new] = old
    reviews = [
        review_year(now[p], then.get(old) if old else None, start, end)
        for p, old in sorted(paired.items())
    ]
    return AnnualReport(start, end, reviews, notes)


def _relative(file: str, root: str) -> str:
    return Path(file).resolve().relative_to(Path(root).resolve()).as_posix()


def _worktree(paths: Sequence[str | Path]) -> list[Plan]:
    from scrplan.plan.discover import find_plan_files
    from scrplan.plan.load import load_plans, require_all

    return require_all(load_plans(find_plan_files(list(paths))), "nothing written")


# --- the words ----------------------------------------------------------------------------------


def _period(report: AnnualReport) -> str:
    return f"{long_date(report.start)} to {long_date(report.end)}"


def _items(n: int) -> str:
    return plural(n, "recommendation or action", "recommendations and actions")


def review_page(review: ReviewYear, report: AnnualReport) -> Page:
    """One review: what was done, the improvements, what was not implemented, what is left."""
    plan = review.plan
    end = long_date(report.end)
    about = [
        part
        for part in (
            plan.review,
            f"about {plan.subject}" if plan.subject else None,
            f"reported {long_date(plan.report_date)}" if plan.report_date else None,
            f"plan agreed {long_date(plan.plan_date)}" if plan.plan_date else None,
        )
        if part
    ]
    doc: Page = [Heading(plan.title, 2)]
    if about:
        text = ", ".join(about)
        doc.append(Para(text[:1].upper() + text[1:] + "."))
    made = f"{plural(review.recommendations, 'recommendation')}"
    if review.actions:
        made += f" with {plural(review.actions, 'action')}"
    done = (
        f"From {_period(report)}, {_items(len(review.completed))} of this plan "
        f"{'was' if len(review.completed) == 1 else 'were'} completed, and the partnership "
        f"signed off {len(review.signed_off)} as evidenced. Agencies gave "
        f"{plural(review.updates, 'dated progress update')} in the year. The plan has {made}."
    )
    if review.new_in_year:
        done += " The plan was agreed during the year."
    doc += [Heading("Decisions and actions taken to implement the recommendations", 3), Para(done)]
    if review.completed:
        table = Table(
            [Column(c) for c in ("Ref", "Recommendation / action", "Lead", "Completed", "Evidence")]
        )
        for i in review.completed:
            table.add(i.ref, i.text, i.lead, i.when, i.detail)
        doc.append(table)
    if review.signed_off:
        table = Table(
            [
                Column(c)
                for c in (
                    "Ref",
                    "Recommendation / action",
                    "Signed off by",
                    "Date",
                    "What was checked",
                )
            ],
            title="Signed off by the partnership",
        )
        for i in review.signed_off:
            table.add(i.ref, i.text, i.more, i.when, i.detail)
        doc.append(table)
    doc.append(Heading("Resulting improvements", 3))
    if review.impact:
        doc.append(
            Para(
                f"The impact of {_items(len(review.impact))} was evidenced in the year: "
                "evidence that practice changed, not only that the work was done."
            )
        )
        table = Table(
            [
                Column(c)
                for c in (
                    "Ref",
                    "Recommendation / action",
                    "Impact measure",
                    "Evidence of impact",
                    "Assessed",
                )
            ]
        )
        for i in review.impact:
            table.add(i.ref, i.text, i.more, i.detail, i.when)
        doc.append(table)
    else:
        doc.append(Para("No improvement resulting from this plan was evidenced in the year."))
    doc.append(Heading("Recommendations not implemented, and the reasons", 3))
    if review.closed:
        doc.append(
            Para(
                f"{_items(len(review.closed)).capitalize()} "
                f"{'was' if len(review.closed) == 1 else 'were'} closed without being "
                "implemented in the year, for the reasons below."
            )
        )
        table = Table(
            [Column(c) for c in ("Ref", "Recommendation / action", "Reason", "Agreed by", "Date")]
        )
        for i in review.closed:
            table.add(i.ref, i.text, i.detail, i.more, i.when)
        doc.append(table)
    else:
        doc.append(
            Para("No recommendation or action was closed without implementation in the year.")
        )
    doc.append(Heading(f"Still outstanding at {end}", 3))
    if review.outstanding_recs or review.outstanding:
        doc.append(
            Para(
                f"At {end}, {review.outstanding_recs} of the plan's "
                f"{plural(review.recommendations, 'recommendation')} "
                f"{'was' if review.outstanding_recs == 1 else 'were'} still outstanding, "
                f"{review.overdue_recs} of them overdue."
            )
        )
        table = Table(
            [Column(c) for c in ("Ref", "Recommendation / action", "Lead", "Target date", "Status")]
        )
        for i in review.outstanding:
            table.add(i.ref, i.text, i.lead, i.when, i.detail)
        doc.append(table)
    else:
        doc.append(Para(f"At {end}, every recommendation of this plan was complete or closed."))
    return doc


def annual_page(report: AnnualReport) -> Page:
    """The whole part: an introduction, each review, then the totals across reviews."""
    reviews = report.reviews
    doc: Page = [
        Heading(f"Learning from reviews: {_period(report)}", 1),
        Para(
            "This part of the annual report sets out the decisions and actions taken in the year "
            "to implement the recommendations of local and national reviews, including any "
            "resulting improvements, and the reasons for any recommendation not implemented. "
            f"It covers {plural(len(reviews), 'review')} whose action "
            f"{'plan' if len(reviews) == 1 else 'plans'} the partnership monitors."
        ),
    ]
    for review in reviews:
        doc += review_page(review, report)
    doc.append(Heading("Across all reviews", 2))
    columns = (
        "Review", "Recommendations", "Completed in the year", "Signed off in the year",
        "Impact evidenced in the year", "Closed without implementation in the year",
        f"Outstanding at {short_date(report.end)}", f"Overdue at {short_date(report.end)}",
    )  # fmt: skip
    table = Table([Column(columns[0]), *(Column(c, justify="right") for c in columns[1:])])
    sums = [0] * 7
    for r in reviews:
        numbers = [
            r.recommendations, len(r.completed), len(r.signed_off), len(r.impact),
            len(r.closed), r.outstanding_recs, r.overdue_recs,
        ]  # fmt: skip
        sums = [a + b for a, b in zip(sums, numbers, strict=True)]
        table.add(r.plan.title, *(str(n) for n in numbers))
    table.add("Total", *(str(n) for n in sums))
    doc += [
        Para(
            f"Across {plural(len(reviews), 'review')}, {_items(sums[1])} "
            f"{'was' if sums[1] == 1 else 'were'} completed in the year and {sums[2]} signed off "
            f"by the partnership; the impact of {sums[3]} was evidenced; {sums[4]} "
            f"{'was' if sums[4] == 1 else 'were'} closed without implementation, with the "
            f"reasons given above. At {long_date(report.end)}, {sums[5]} of "
            f"{plural(sums[0], 'recommendation')} {'was' if sums[5] == 1 else 'were'} still "
            f"outstanding, {sums[6]} of them overdue."
        ),
        table,
    ]
    return doc


# --- rendering ----------------------------------------------------------------------------------


def render_annual(report: AnnualReport, fmt: str) -> str | bytes:
    """The report as ``fmt``: Markdown, a self-contained web page, or Word."""
    page = annual_page(report)
    if fmt == "markdown":
        from scrplan.output.markdown import to_markdown

        return to_markdown(page)
    if fmt == "html":
        return page_html(page, f"Learning from reviews: {_period(report)}")
    if fmt == "docx":
        from scrplan.report.word import page_docx

        return page_docx(page, f"Learning from reviews: {_period(report)}")
    raise ValueError(f"unknown format {fmt!r}")


def page_html(page: Page, title: str) -> str:
    """A page of headings, paragraphs and tables as one self-contained web page."""
    from scrplan.report.html_page import CSS, esc

    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{CSS.replace('A4 landscape', 'A4')}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    for block in page:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{esc(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            out.append(f"<p>{esc(block.text)}</p>")
        elif isinstance(block, Table):
            num = [' class="num"' if c.justify == "right" else "" for c in block.columns]
            heads = "".join(
                f'<th scope="col"{n}>{esc(c.header)}</th>'
                for c, n in zip(block.columns, num, strict=True)
            )
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<th scope="row">{esc(cell.text)}</th>'
                    if i == 0
                    else f"<td{num[i]}>{esc(cell.text)}</td>"
                    for i, cell in enumerate(row.cells)
                )
                + "</tr>"
                for row in block.rows
            )
            caption = f"<caption>{esc(block.title)}</caption>" if block.title else ""
            out.append(
                f"<table>{caption}<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
            )
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


__all__ = ["FORMATS", "AnnualReport", "ReviewYear", "annual", "render_annual"]
