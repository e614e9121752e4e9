"""An update request: what one agency is asked about, item by item.

Every outstanding item the agency leads, across the plans given, and each complete item of its
whose evidence is missing or a word or two; for each, what the plan says now and what is asked
of it (overdue, no update since ..., evidence needed). The workbook (:mod:`.workbook`) and the
Word form (:mod:`.wordform`) show the same request, column for column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scrplan.errors import NotFound
from scrplan.plan.dates import Interval
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.returns.values import clean, shown_date

DEFAULT_RETURN_PERIOD = Interval(4, "week")
"""How long an agency has to send a return back, unless the settings say (``return_period``)."""

THIN_EVIDENCE = frozenset(
    "done completed complete yes achieved finished closed actioned n/a na tbc ok".split()
)
"""Words that are not evidence on their own ("done"), as ``validate``'s thin-evidence check."""


@dataclass(frozen=True)
class Lead:
    """An agency as a request names it: from the settings, or as the plans write it.

    Attributes:
        name: its full name (``West Midlands Police``), or the lead as the plan writes it.
        short: its short name (``WMP``).
        contact: who to chase for updates.
        email: the contact's address.
        names: every name it goes by, casefolded.
    """

    name: str
    short: str | None = None
    contact: str | None = None
    email: str | None = None
    names: frozenset[str] = frozenset()

    @property
    def by(self) -> str:
        """What its progress notes say in ``by:``: its short name, else its name."""
        return self.short or self.name

    @property
    def label(self) -> str:
        """``West Midlands Police (WMP)``."""
        return f"{self.name} ({self.short})" if self.short else self.name

    @property
    def slug(self) -> str:
        """A name for files and branches: ``wmp``."""
        return re.sub(r"[^a-z0-9]+", "-", self.by.lower()).strip("-") or "agency"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def plan_leads(plan: Plan) -> dict[str, Lead]:
    """The agencies of ``plan``'s settings, by every name each goes by (casefolded)."""
    from scrplan.plan.settings import settings_for

    settings = settings_for(plan.file).settings
    found: dict[str, Lead] = {}
    for agency in settings.agencies if settings is not None else []:
        names = agency.names()
        lead = Lead(agency.name, agency.short, agency.contact, agency.email, names)
        for name in names:
            found.setdefault(name, lead)
    return found


def lead_of(leads: dict[str, Lead], written: str) -> Lead:
    """The agency a plan's ``lead:`` names, or the lead as written when no agency has it."""
    return leads.get(_fold(written)) or Lead(
        " ".join(written.split()), names=frozenset({_fold(written)})
    )


def find_lead(plans: Sequence[Plan], wanted: str) -> Lead:
    """The agency ``wanted`` names: by name, short name or alias in the settings; else a lead
    the plans write (any case); else a lead that contains the words.

    Raises:
        NotFound: no plan names such a lead, with the leads they do name.
    """
    folded = _fold(wanted)
    written: dict[str, Lead] = {}
    for plan in plans:
        leads = plan_leads(plan)
        if folded in leads:
            return leads[folded]
        for item in plan.items():
            for text in item.lead:
                lead = lead_of(leads, text)
                written.setdefault(lead.name, lead)
    exact = [lead for lead in written.values() if folded in lead.names]
    if exact:
        return exact[0]
    within = [lead for lead in written.values() if folded in _fold(lead.name)]
    if len(within) == 1:
        return within[0]
    known = ", ".join(sorted(written)) or "none: no item has a lead"
    raise NotFound(f'no agency or lead is called "{wanted}" in these plans; the leads are: {known}')


def is_led_by(plan: Plan, item: Item, lead: Lead, leads: dict[str, Lead]) -> bool:
    """True when ``lead`` is one of the item's leads."""
    return any(lead_of(leads, text).name == lead.name for text in item.lead)


def needs_evidence(plan: Plan, item: Item) -> bool:
    """Complete, not yet signed off, and with evidence of a word or two ("done"), or none."""
    if plan.stage(item) not in ("complete", "awaiting sign-off") or plan.is_verified(item):
        return False
    level = plan.key.level(item.rag)
    if level is None or not level.complete:
        return False  # complete through its actions: they hold the evidence
    words = [w.strip(".,;:!").casefold() for w in (item.evidence or "").split()]
    return len(words) <= 2 or all(w in THIN_EVIDENCE for w in words)


def wanted(plan: Plan, item: Item) -> bool:
    """True when a request asks about the item: it is open, or needs evidence."""
    return plan.stage(item) == "open" or needs_evidence(plan, item)


def asked(plan: Plan, item: Item, as_of: dt.date, due: dt.date) -> list[str]:
    """What the request asks of the item, in plain words, most pressing first."""
    if needs_evidence(plan, item):
        given = f'"{item.evidence}"' if item.evidence else "none"
        return [
            f"Evidence: marked complete with the evidence {given}. Say what shows the work is "
            "done and has made a difference (a report, an audit, minutes of a meeting)."
        ]
    out = []
    target = item.target_date
    if plan.is_overdue(item, as_of):
        if target is not None and target < as_of:
            out.append(
                f"Overdue since {shown_date(target)}: give a new target date and the reason, or "
                "the evidence that it is done."
            )
        else:
            out.append("An action under it is overdue: see the action's row.")
    elif target is not None and target <= due:
        out.append(f"Due by {shown_date(target)}: if it is done, the evidence that it is.")
    if plan.is_stale(item, as_of):
        since = plan.updated(item)
        out.append(f"No update since {shown_date(since)}." if since else "No dated update yet.")
    if not out:
        out.append("Progress since the last update.")
    return out


class RequestItem(NamedTuple):
    """One item a request asks about, and what is asked."""

    plan: Plan
    item: Item
    asked: list[str]

    @property
    def ref(self) -> str:
        return f"{self.plan.name}:{self.item.id}"


@dataclass
class UpdateRequest:
    """An update request for one agency.

    Attributes:
        lead: the agency.
        partnership: the partnership that asks (from the settings, else the first plan).
        requested: the day the request was made (the as-of date).
        due: the day the return is due back.
        items: what it asks about, plan by plan in file order.
    """

    lead: Lead
    partnership: str | None
    requested: dt.date
    due: dt.date
    items: list[RequestItem] = field(default_factory=list)

    @property
    def plans(self) -> list[Plan]:
        """The plans the request asks about, each once, in order."""
        return list({id(i.plan): i.plan for i in self.items}.values())


def after(interval: Interval, day: dt.date) -> dt.date:
    """The date ``interval`` after ``day`` (a month after 31 January is 28 or 29 February)."""
    if interval.unit == "day":
        return day + dt.timedelta(days=interval.amount)
    if interval.unit == "week":
        return day + dt.timedelta(weeks=interval.amount)
    months = interval.amount * (12 if interval.unit == "year" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(plans: Sequence[Plan], as_of: dt.date, due: dt.date | None = None) -> dt.date:
    """When a return is due: ``due`` if given, else the settings' return period after
    ``as_of`` (4 weeks unless they say)."""
    if due is not None:
        return due
    from scrplan.plan.settings import settings_for

    settings = settings_for(plans[0].file).settings if plans else None
    period = settings.return_period if settings is not None else None
    return after(period or DEFAULT_RETURN_PERIOD, as_of)


def partnership_of(plans: Sequence[Plan]) -> str | None:
    """The partnership that asks: the settings' name, else the first plan's."""
    from scrplan.plan.settings import settings_for

    for plan in plans:
        settings = settings_for(plan.file).settings
        if settings is not None and settings.partnership:
            return settings.partnership
    return next((p.partnership for p in plans if p.partnership), None)


def build_request(plans: Sequence[Plan], lead: Lead, as_of: dt.date, due: dt.date) -> UpdateRequest:
    """The request to ``lead``: every item of ``plans`` it leads that is open or needs
    evidence, in file order."""
    request = UpdateRequest(lead, partnership_of(plans), as_of, due)
    for plan in plans:
        leads = plan_leads(plan)
        for item in plan.items():
            if wanted(plan, item) and is_led_by(plan, item, lead, leads):
                request.items.append(RequestItem(plan, item, asked(plan, item, as_of, due)))
    return request


def every_lead(plans: Sequence[Plan]) -> list[Lead]:
    """Every agency that leads an item a request would ask about, in the order first met."""
    found: dict[str, Lead] = {}
    for plan in plans:
        leads = plan_leads(plan)
        for item in plan.items():
            if wanted(plan, item):
                for text in item.lead:
                    lead = lead_of(leads, text)
                    found.setdefault(lead.name, lead)
    return list(found.values())


# --- what a request shows, column by column ----------------------------------------------


class ReturnColumn(NamedTuple):
    """A column of a request: its key, its heading, and its width in characters."""

    key: str
    header: str
    width: int


SHOWN = (
    ReturnColumn("plan", "Plan", 18),
    ReturnColumn("ref", "Ref", 12),
    ReturnColumn("learning", "Learning", 28),
    ReturnColumn("recommendation", "Recommendation", 40),
    ReturnColumn("action", "Action", 32),
    ReturnColumn("lead", "Lead", 16),
    ReturnColumn("target", "Target date", 12),
    ReturnColumn("rag", "RAG now", 14),
    ReturnColumn("latest", "Latest progress", 40),
    ReturnColumn("asked", "Asked of you", 36),
)
"""What the plan says now, and what is asked: locked in the workbook."""

FILLED = (
    ReturnColumn("note", "New progress note", 44),
    ReturnColumn("new_rag", "New RAG", 12),
    ReturnColumn("evidence", "Evidence", 36),
    ReturnColumn("completed", "Completed on", 13),
    ReturnColumn("new_target", "New target date", 13),
    ReturnColumn("reason", "Reason for the new target date", 32),
)
"""What the agency fills in."""

DATE_KEYS = frozenset({"completed", "new_target"})


def shown(request_item: RequestItem) -> dict[str, str]:
    """The text of each :data:`SHOWN` column for one item, cleaned as a cell holds it."""
    plan, item = request_item.plan, request_item.item
    parent = plan.parent_of(item)
    rec = parent if parent is not None else item
    assert isinstance(rec, Recommendation)
    level = plan.level(item)
    if level is None:
        rag = "not rated"
    else:
        rag = level.name if level.label in ("", level.name) else f"{level.name} ({level.label})"
    if isinstance(item, Recommendation) and item.actions:
        rag += ", from its actions"
    latest = item.latest_progress()
    progress = ""
    if latest is not None:
        when = f"{shown_date(latest.date)}: " if latest.date else ""
        who = f" ({latest.by})" if latest.by else ""
        progress = f"{when}{latest.note}{who}"
    target = shown_date(item.target_date) or item.timescale or ""
    texts = {
        "plan": plan.title,
        "ref": request_item.ref,
        "learning": rec.learning or "",
        "recommendation": rec.recommendation,
        "action": item.text if parent is not None else "",
        "lead": ", ".join(item.lead),
        "target": target,
        "rag": rag,
        "latest": progress,
        "asked": "\n".join(request_item.asked),
    }
    return {key: clean(text) for key, text in texts.items()}


def level_names(plan: Plan) -> list[str]:
    """The names a return's drop-down offers for ``plan``: its key's levels, in order."""
    return list(plan.key.colours)
