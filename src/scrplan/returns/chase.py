"""What each agency owes: overdue items, items due soon, updates that stopped, missing evidence.

Grouped per agency, with its contact from the partnership's settings, for the board manager
who chases them; and as an email draft per agency (:func:`email_draft`), with its request
workbook attached, to open and send from their own mail program. scrplan sends nothing.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scrplan.errors import ScrplanError
from scrplan.plan.model import Item, Plan
from scrplan.plan.query import Row, urgency_key
from scrplan.returns.request import (
    Lead,
    lead_of,
    needs_evidence,
    plan_leads,
)
from scrplan.returns.values import shown_date
from scrplan.words import plural

OWED = ("overdue", "due", "stale", "evidence")
"""What an item can owe, most pressing first: past its target date, due within the days
given, no dated update within the update interval, complete with no real evidence."""


class Owed(NamedTuple):
    """One item an agency owes something on, and what.

    Attributes:
        plan: its plan.
        item: the item.
        codes: what it owes, from :data:`OWED`.
        reasons: the same in plain words (``overdue since 31 Mar 2024 (62 days)``).
    """

    plan: Plan
    item: Item
    codes: list[str]
    reasons: list[str]

    @property
    def ref(self) -> str:
        return f"{self.plan.name}:{self.item.id}"


@dataclass
class AgencyOwes:
    """An agency and the items it owes something on, most urgent first."""

    lead: Lead
    items: list[Owed] = field(default_factory=list)

    def count(self, code: str) -> int:
        """How many items owe ``code``."""
        return sum(code in o.codes for o in self.items)

    def summary(self, within: int) -> str:
        """``2 overdue, 1 due within 30 days, 3 with no recent update, 1 needing evidence``."""
        words = {
            "overdue": "overdue",
            "due": f"due within {plural(within, 'day')}",
            "stale": "with no recent update",
            "evidence": "needing evidence",
        }
        return ", ".join(f"{self.count(c)} {words[c]}" for c in OWED if self.count(c))


def owed(plan: Plan, item: Item, as_of: dt.date, within: int) -> tuple[list[str], list[str]]:
    """What ``item`` owes on ``as_of``: the codes and the plain words."""
    codes, words = [], []
    target = item.target_date
    if plan.is_overdue(item, as_of) and target is not None and target < as_of:
        codes.append("overdue")
        days = (as_of - target).days
        words.append(f"overdue since {shown_date(target)} ({plural(days, 'day')})")
    elif (
        plan.stage(item) == "open"
        and target is not None
        and as_of <= target <= as_of + dt.timedelta(days=within)
    ):
        codes.append("due")
        words.append(f"due by {shown_date(target)}")
    if plan.is_stale(item, as_of):
        codes.append("stale")
        since = plan.updated(item)
        words.append(f"no update since {shown_date(since)}" if since else "no dated update yet")
    if needs_evidence(plan, item):
        codes.append("evidence")
        given = f'"{item.evidence}"' if item.evidence else "none"
        words.append(f"complete, but the evidence is {given}")
    return codes, words


def chase(
    plans: Sequence[Plan], as_of: dt.date, within: int = 30, lead: Lead | None = None
) -> list[AgencyOwes]:
    """Every agency that owes something on ``as_of`` (or only ``lead``), by name, each with
    its items most urgent first."""
    found: dict[str, AgencyOwes] = {}
    for plan in plans:
        leads = plan_leads(plan)
        for item in plan.items():
            codes, words = owed(plan, item, as_of, within)
            if not codes:
                continue
            agencies: dict[str, Lead] = {}
            for text in item.lead:
                agencies.setdefault(lead_of(leads, text).name, lead_of(leads, text))
            for agency in agencies.values():
                if lead is not None and agency.name != lead.name:
                    continue
                found.setdefault(agency.name, AgencyOwes(agency)).items.append(
                    Owed(plan, item, codes, words)
                )
    for owes in found.values():
        owes.items.sort(key=lambda o: urgency_key(Row(o.plan, o.item, as_of)))
    return [found[name] for name in sorted(found, key=str.casefold)]


# --- email drafts ------------------------------------------------------------------------

WIDTH = 72
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def email_body(
    owes: AgencyOwes, partnership: str | None, due: dt.date, within: int, attached: bool
) -> str:
    """The email's text: what the agency owes, by when, in plain words."""
    lead = owes.lead
    who = partnership or "The safeguarding partnership"
    paragraphs = [
        f"Dear {_one_line(lead.contact or 'colleague')},",
        f"{who} asks {lead.name} for an update on the actions it leads, by "
        f"{due.strftime('%A')} {shown_date(due)}. It has {owes.summary(within)}.",
    ]
    lines = []
    for item in owes.items:
        lines.append(f"- {item.ref} ({'; '.join(item.reasons)})")
        lines += textwrap.wrap(
            _one_line(item.item.text), WIDTH, initial_indent="  ", subsequent_indent="  "
        )
    closing = (
        "The attached workbook has a row for each outstanding item your agency leads. Please "
        "write your update in its yellow columns and send it back"
        if attached
        else "Please send your update"
    )
    paragraphs.append(f"{closing} by {shown_date(due)}.")
    paragraphs.append("Thank you.")
    body = [textwrap.fill(p, WIDTH) for p in paragraphs[:2]]
    body.append("What is owed:\n" + "\n".join(lines))
    body += [textwrap.fill(p, WIDTH) for p in paragraphs[2:]]
    return "\n\n".join(body) + "\n"


def email_draft(
    owes: AgencyOwes,
    partnership: str | None,
    due: dt.date,
    within: int,
    attachment: tuple[str, bytes] | None = None,
) -> bytes:
    """An email draft (``.eml``) to the agency's contact: To its email from the settings, the
    body of :func:`email_body`, and the request workbook attached. Marked unsent, so that mail
    programs open it ready to send.

    Raises:
        ScrplanError: the agency's email in the settings is not an email address.
    """
    from email import policy
    from email.errors import HeaderParseError
    from email.headerregistry import Address
    from email.message import EmailMessage

    lead = owes.lead
    # Headers unfolded up to the line limit: some mail programs show a folded subject badly.
    message = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    if lead.email:
        try:
            message["To"] = Address(_one_line(lead.contact or lead.name), addr_spec=lead.email)
        except (ValueError, IndexError, HeaderParseError):
            raise ScrplanError(
                f"the email of {lead.name} in partnership.yaml, {lead.email!r}, is not an email "
                "address: correct it (name@example.org)"
            ) from None
    message["Subject"] = _one_line(
        f"Action plan update requested by {shown_date(due)}: {lead.name} "
        f"({plural(len(owes.items), 'item')})"
    )
    message["X-Unsent"] = "1"
    message.set_content(email_body(owes, partnership, due, within, attachment is not None))
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=name)
    return message.as_bytes()
