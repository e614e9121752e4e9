"""What the site shows: a page per plan, a page per agency, and the index of them all.

:func:`build` turns plans into a :class:`Site`. Each plan's page is the board report's section
for it (:func:`scrplan.report.model.build`, every item, complete ones too), so the action
table says exactly what the HTML report says. Agencies are gathered from the items' leads: a
lead the partnership's settings name (by name, short name or alias) is that agency; any other
lead is an agency of its own, by the words the plan uses.

Every address is fixed by the plans, not by the order they were read in: ``plans/child-m.html``
for ``child-m.yaml``, ``#7`` for its item 7, ``agencies/west-midlands-police.html``; so a board
paper can link to an item and the link keeps working as the plans change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from scrplan.plan.model import Item, Plan
from scrplan.plan.public import LeftOut, contacts_withheld, hidden_for
from scrplan.plan.query import Filter, Summary, total
from scrplan.report.model import Line, Section
from scrplan.report.model import build as build_report
from scrplan.site.trend import PlanTrend, plan_trends

if TYPE_CHECKING:  # the settings models are built only when a settings file is read
    from scrplan.plan.settings_model import Agency
    from scrplan.plan.themes import ThemeOverview

EVERY_ITEM = Filter(include_complete=True)


class ItemView(NamedTuple):
    """One line of a plan's action table, with what the pages ask of it worked out once."""

    line: Line
    stage: str
    overdue: bool
    stale: bool
    leads: list[str]
    """The slugs of the agencies that lead it, one for each of its leads."""

    @property
    def item(self) -> Item:
        return self.line.row.item


class PlanPage(NamedTuple):
    """One plan's page."""

    slug: str
    """The page's name: ``child-m`` for ``plans/child-m.html``."""
    name: str
    """The plan's short name, as references give it: ``child-m`` in ``child-m:7``."""
    section: Section
    """The board report's section for the plan: details, key, summary, every item."""
    items: list[ItemView]
    """The action table's lines."""
    latest: dt.date | None
    """The date of the latest dated progress note of any item."""
    trend: PlanTrend | None

    @property
    def plan(self) -> Plan:
        return self.section.plan

    @property
    def summary(self) -> Summary:
        return self.section.summary


class Led(NamedTuple):
    """An item an agency leads, on the page of its plan."""

    page: PlanPage
    view: ItemView


class AgencyPage(NamedTuple):
    """One agency's page: what it leads across plans, and what it owes."""

    slug: str
    name: str
    short: str
    """Its short name from the settings, or empty."""
    contact: str
    email: str
    listed: bool
    """True when the partnership's settings list it."""
    led: list[Led]
    """Every item it leads, plan by plan, in file order."""

    @property
    def outstanding(self) -> list[Led]:
        return [ld for ld in self.led if ld.view.stage == "open"]

    @property
    def overdue(self) -> list[Led]:
        return [ld for ld in self.led if ld.view.overdue]

    @property
    def stale(self) -> list[Led]:
        """Outstanding, with no dated update within the update interval."""
        return [ld for ld in self.led if ld.view.stale]

    @property
    def awaiting(self) -> list[Led]:
        """Complete, awaiting the partnership's sign-off."""
        return [ld for ld in self.led if ld.view.stage == "awaiting sign-off"]

    @property
    def plans(self) -> int:
        return len({ld.page.slug for ld in self.led})


class Site(NamedTuple):
    """Everything the site's pages show."""

    title: str
    as_of: dt.date
    pages: list[PlanPage]
    agencies: list[AgencyPage]
    total: Summary
    public: bool
    left_out: list[LeftOut]
    """What the public edition left out (empty for the full edition)."""
    interval: str
    """The update interval in words, when every plan has the same one."""
    themes: ThemeOverview | None = None
    """The themes of the plans' recommendations, when any has one: the themes page."""

    @property
    def has_trend(self) -> bool:
        return any(page.trend is not None for page in self.pages)


def build(
    plans: Sequence[Plan],
    as_of: dt.date,
    *,
    public: bool = False,
    left_out: Sequence[LeftOut] = (),
) -> Site:
    """The site for ``plans`` on ``as_of``.

    Args:
        plans: valid plans; for a public edition, already without what is not for
            publication (:func:`scrplan.plan.public.public_edition`).
        as_of: the date that decides what is overdue and stale.
        public: the public edition: agencies' contacts are left out where the settings say.
        left_out: what :func:`~scrplan.plan.public.public_edition` left out, to say so.

    Returns:
        The site, ready for :mod:`scrplan.site.pages`.
    """
    report = build_report(plans, as_of, EVERY_ITEM)
    trends = plan_trends(plans, as_of)
    agencies = _Agencies(public)
    pages: list[PlanPage] = []
    slugs = Slugs()
    for section in report.sections:
        plan = section.plan
        slug = slugs.take(plan.name, "plan")
        views = [
            ItemView(
                line,
                line.row.stage,
                bool(line.overdue),  # the line's words say it: no need to work it out again
                bool(line.stale),
                [agencies.lead(plan, lead) for lead in line.row.item.lead],
            )
            for line in section.lines
        ]
        latest = max(
            (d for d in (item.last_update() for item in plan.items()) if d is not None),
            default=None,
        )
        trend = trends.get(plan.file) if trends is not None else None
        page = PlanPage(slug, plan.name, section, views, latest, trend)
        pages.append(page)
        for view in views:
            for agency in dict.fromkeys(view.leads):
                agencies.pages[agency].led.append(Led(page, view))
    summaries = [page.summary for page in pages]
    whole = report.overall[-1][0] if report.overall else total(summaries, plans)
    partnerships = {p.partnership or "" for p in plans}
    named = partnerships.pop() if len(partnerships) == 1 else ""
    title = f"{named}: action plans" if named else "Action plans"
    intervals = {str(p.interval) for p in plans}
    found = contacts_withheld(left_out, agencies.withheld)
    ordered = sorted(agencies.pages.values(), key=lambda a: a.name.casefold())
    return Site(
        title,
        as_of,
        pages,
        ordered,
        whole,
        public,
        found,
        intervals.pop() if len(intervals) == 1 else "",
        report.themes,
    )


class Slugs:
    """Page names made from text: lower-case letters, digits and hyphens, each used once."""

    def __init__(self, *taken: str) -> None:
        self.used: set[str] = set(taken)

    def take(self, text: str, fallback: str) -> str:
        """A name for ``text`` not used before (``child-m``, then ``child-m-2``)."""
        base = slug(text) or fallback
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name)
        return name


def slug(text: str) -> str:
    """``West Midlands Police`` → ``west-midlands-police``: safe in any file system and
    address, whatever the plan's text holds."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80].strip("-")


class _Agencies:
    """The agencies met in leads, each with its page, found by what the settings say."""

    def __init__(self, public: bool) -> None:
        self.public = public
        self.pages: dict[str, AgencyPage] = {}
        self.slug_of: dict[str, str] = {}
        self.slugs = Slugs("index")  # agencies/index.html lists them all
        self.withheld = 0

    def lead(self, plan: Plan, lead: str) -> str:
        """The slug of the agency ``lead`` names, making its page when it is new."""
        name = plan.context.agency(lead)
        key = " ".join((name or lead).split()).casefold()
        found = self.slug_of.get(key)
        if found is not None:
            return found
        agency = self._listed(plan, name) if name else None
        short = contact = email = ""
        if agency is not None:
            short, contact, email = agency.short or "", agency.contact or "", agency.email or ""
            if self.public and (contact or email) and "contacts" in hidden_for(plan):
                contact = email = ""
                self.withheld += 1
        page = AgencyPage(
            self.slugs.take(name or lead, "agency"),
            name or " ".join(lead.split()),
            short,
            contact,
            email,
            name is not None,
            [],
        )
        self.slug_of[key] = page.slug
        self.pages[page.slug] = page
        return page.slug

    @staticmethod
    def _listed(plan: Plan, name: str) -> Agency | None:
        from scrplan.plan.settings import settings_for

        settings = settings_for(plan.file).settings if plan.file else None
        if settings is None:
            return None
        return next((a for a in settings.agencies if a.name == name), None)
