"""What ``scrplan apply`` and ``scrplan chase`` show: pages for people, records for JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrplan.output.blocks import EMPTY, Column, Fields, Heading, Page, Para, Table
from scrplan.returns.apply import ApplyResult
from scrplan.returns.chase import AgencyOwes
from scrplan.returns.values import shown_date
from scrplan.words import plural, shorten

TEXT_WIDTH = 60


def _split(line: str) -> tuple[str, str]:
    ref, _, what = line.partition("  ")
    return ref, what


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def apply_page(result: ApplyResult) -> Page:
    """What a return changed (or would), what was refused and why, and the warnings."""
    lead = result.lead
    page: Page = [Heading(f"Return from {lead.label}, dated {result.day.isoformat()}")]
    changed = result.changed
    items = sum(len(p.changes) for p in changed)
    would = "would change" if result.dry_run else "changed"
    held = [p for p in result.plans if p.held]
    summary = (
        f"{plural(items, 'item')} {would} in {plural(len(changed), 'plan')}"
        if items
        else f"nothing {would}"
    )
    if result.refused:
        summary += f"; {plural(len(result.refused), 'row')} refused"
    page.append(
        Fields(
            [
                ("File", result.source),
                ("Requested", result.requested.isoformat()),
                ("Due", result.due.isoformat()),
                ("Result", summary),
            ]
        )
    )
    table = Table(
        [Column("Ref", min_width=9), Column("What changed", wrap=True, min_width=30)],
        title="Would change" if result.dry_run else "Changed",
        empty="Nothing.",
    )
    for outcome in changed:
        for line in outcome.changes:
            table.add(*_split(line))
    page.append(table)
    if result.refused:
        page.append(Heading("Refused: fix these", 2))
        page += [
            Para(f"{r.where}: {r.ref + ': ' if r.ref else ''}{r.message}") for r in result.refused
        ]
        if held:
            names = _and([p.name for p in held])
            page.append(
                Para(
                    f"Nothing of {names} was written, because rows of "
                    f"{'it' if len(held) == 1 else 'them'} were refused: correct the return and "
                    "apply it again, or give --partial to apply the other rows."
                )
            )
    warnings = [w for p in changed for w in p.warnings]
    problems = [pr for p in changed for pr in p.problems]
    if warnings or problems:
        check = Table(
            [Column("Ref", min_width=9), Column("Warning", wrap=True, min_width=30)],
            title="Warnings: check these",
        )
        for w in warnings:
            check.add(w.ref or EMPTY, w.message)
        for pr in problems:
            check.add(pr.location.path, pr.message)
        page.append(check)
    if result.branch:
        page.append(
            Para(
                f"Committed on the branch {result.branch} ({(result.commit or '')[:7]}); the "
                "working folder is as it was. To review it as a pull request: git push -u "
                f"origin {result.branch}"
            )
        )
    return page


def apply_record(result: ApplyResult) -> dict[str, Any]:
    """The same as JSON."""
    lead = result.lead
    return {
        "return": result.source,
        "agency": {"name": lead.name, "short": lead.short},
        "date": result.day.isoformat(),
        "requested": result.requested.isoformat(),
        "due": result.due.isoformat(),
        "dry_run": result.dry_run,
        "plans": [
            {
                "file": p.file,
                "plan": p.name,
                "written": p.written,
                "held": p.held,
                "changes": [
                    dict(zip(("ref", "changes"), _split(line), strict=True)) for line in p.changes
                ],
                "warnings": [
                    {"code": w.code, "ref": w.ref, "message": w.message, "level": w.level}
                    for w in p.warnings
                ],
                "diff": p.diff or None,
            }
            for p in result.plans
        ],
        "refused": [
            {"where": r.where, "ref": r.ref, "file": r.file, "message": r.message}
            for r in result.refused
        ],
        "branch": result.branch,
        "commit": result.commit,
    }


# --- chase -------------------------------------------------------------------------------


def chase_page(found: list[AgencyOwes], as_of: dt.date, within: int, full: bool) -> Page:
    """Each agency, its contact, and what it owes."""
    page: Page = [Heading(f"What each agency owes, as of {as_of.isoformat()}")]
    if not found:
        page.append(
            Para(
                "Nothing is owed: no item is overdue, due soon, without a recent "
                "update or without evidence."
            )
        )
        return page
    total = sum(len(o.items) for o in found)
    owe = "owes" if len(found) == 1 else "owe"
    page.append(
        Para(
            f"{plural(len(found), 'agency', 'agencies')} {owe} updates on {plural(total, 'item')}."
        )
    )
    for owes in found:
        lead = owes.lead
        page.append(Heading(lead.label, 2))
        contact = ", ".join(x for x in (lead.contact, lead.email) if x)
        page.append(
            Fields(
                [
                    ("Contact", contact or "none in partnership.yaml"),
                    ("Owes", owes.summary(within)),
                ]
            )
        )
        table = Table(
            [
                Column("Ref", min_width=9),
                Column("Recommendation / action", wrap=True, min_width=20),
                Column("Target"),
                Column("RAG"),
                Column("Owed", wrap=True, min_width=20),
            ]
        )
        for o in owes.items:
            text = o.item.text if full else shorten(o.item.text, TEXT_WIDTH)
            target = o.item.target_date
            table.add(
                o.ref,
                text,
                target.isoformat() if target else (o.item.timescale or EMPTY),
                o.plan.rag(o.item) or "not rated",
                "; ".join(o.reasons),
            )
        page.append(table)
    return page


def chase_record(found: list[AgencyOwes], as_of: dt.date, within: int) -> dict[str, Any]:
    """The same as JSON."""
    return {
        "as_of": as_of.isoformat(),
        "within_days": within,
        "agencies": [
            {
                "agency": o.lead.name,
                "short": o.lead.short,
                "contact": o.lead.contact,
                "email": o.lead.email,
                "items": [
                    {
                        "ref": item.ref,
                        "plan": item.plan.file,
                        "text": item.item.text,
                        "target_date": (
                            item.item.target_date.isoformat() if item.item.target_date else None
                        ),
                        "rag": item.plan.rag(item.item),
                        "owed": item.codes,
                        "reasons": item.reasons,
                    }
                    for item in o.items
                ],
            }
            for o in found
        ],
    }


def due_words(day: dt.date) -> str:
    """``Sunday 30 Jun 2024``."""
    return f"{day.strftime('%A')} {shown_date(day)}"
