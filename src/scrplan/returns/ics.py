"""Plans' dates as calendar events: an iCalendar (``.ics``) file to import.

Each outstanding item's target date, each impact review still to be evidenced, and each plan's
next review by the board, as all-day events. Every event's identifier is made from the plan,
the item and the kind of date (``child-q.1.target@scrplan``), never from the date itself, so
that importing a newer file moves an event instead of adding a second one. The icalendar
library is imported only here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scrplan.plan.model import Item, Plan
from scrplan.plan.query import Filter, Row
from scrplan.returns.values import shown_date
from scrplan.words import shorten

DOMAIN = "scrplan"
SUMMARY_WIDTH = 70


def uid(plan: Plan, kind: str, item: Item | None = None) -> str:
    """The event's identifier: the same for the same plan, item and kind of date."""
    parts = [plan.name, item.id if item is not None else None, kind]
    return ".".join(p for p in parts if p) + f"@{DOMAIN}"


def _describe(plan: Plan, item: Item) -> str:
    lines = [item.text, ""]
    if item.lead:
        lines.append(f"Lead: {', '.join(item.lead)}")
    level = plan.level(item)
    lines.append(f"RAG: {f'{level.name} ({level.label})' if level else 'not rated'}")
    latest = item.latest_progress()
    if latest is not None:
        when = f" ({shown_date(latest.date)})" if latest.date else ""
        lines.append(f"Latest progress{when}: {latest.note}")
    lines.append(f"Plan: {plan.title}")
    lines.append(f"See: scrplan show {plan.name}:{item.id}")
    return "\n".join(lines)


def calendar_file(
    plans: Sequence[Plan], as_of: dt.date, keep: Filter | None = None, name: str | None = None
) -> bytes:
    """The events of ``plans`` as an iCalendar file.

    Args:
        plans: the plans.
        as_of: the day the file is made (each event's time stamp, so that a newer file's
            events replace an older file's).
        keep: which items' dates to include (default: the outstanding ones).
        name: the calendar's name.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//scrplan//action plans//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or "Action plans")
    stamp = dt.datetime.combine(as_of, dt.time(0), tzinfo=dt.timezone.utc)
    keep = keep or Filter()
    # An impact review follows the work, so it is shown whatever the item's stage.
    any_stage = Filter(lead=keep.lead, include_complete=True)

    def event(key: str, day: dt.date, summary: str, description: str, leads: list[str]) -> None:
        e = Event()
        e.add("uid", key)
        e.add("dtstamp", stamp)
        # A month target (2024-03) is due by its last day: the event is on that day.
        e.add("dtstart", dt.date(day.year, day.month, day.day))
        e.add("dtend", dt.date(day.year, day.month, day.day) + dt.timedelta(days=1))
        e.add("summary", summary)
        e.add("description", description)
        e.add("transp", "TRANSPARENT")
        if leads:
            e.add("categories", leads)
        calendar.add_component(e)

    for plan in plans:
        if plan.next_review is not None:
            event(
                uid(plan, "next-review"),
                plan.next_review,
                f"Board review of {shorten(plan.title, SUMMARY_WIDTH)}",
                f"The board next reviews {plan.title}.\nSee: scrplan status {plan.file}",
                [],
            )
        for item in plan.items():
            ref = f"{plan.name}:{item.id}"
            row = Row(plan, item, as_of)
            if item.target_date is not None and keep(row) and plan.stage(item) == "open":
                event(
                    uid(plan, "target", item),
                    item.target_date,
                    f"Due: {ref} {shorten(item.text, SUMMARY_WIDTH)}",
                    _describe(plan, item),
                    list(item.lead),
                )
            impact = item.impact
            if (
                impact is not None
                and impact.review_date is not None
                and not impact.evidence
                and item.closed is None
                and any_stage(row)
            ):
                event(
                    uid(plan, "impact-review", item),
                    impact.review_date,
                    f"Impact review: {ref} {shorten(item.text, SUMMARY_WIDTH)}",
                    f"How the board will know: {impact.measure or 'no measure agreed'}\n\n"
                    + _describe(plan, item),
                    list(item.lead),
                )
    data: bytes = calendar.to_ical()
    return data
