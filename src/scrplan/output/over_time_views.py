"""What ``scrplan changes`` and ``scrplan trend`` show: pages for people, records for JSON,
and the trend as CSV for Excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from scrplan.history.changes import KINDS, Changes, ItemChanges, Move, PlanChanges
from scrplan.history.trend import Period
from scrplan.output.blocks import Cell, Column, Heading, Page, Para, Table
from scrplan.output.problems import JSON_VERSION
from scrplan.plan.levels import column_word
from scrplan.words import plural, shorten

ARROW = "→"
TEXT_WIDTH = 70


def move_words(move: Move, since: dt.date) -> str:
    """One thing that happened to an item, in the board's words."""
    kind = move.kind
    if kind in ("better", "worse"):
        return f"{'better' if kind == 'better' else 'worse'}: {move.old} {ARROW} {move.new}"
    if kind == "slipped":
        return f"target moved later: {move.old} {ARROW} {move.new}"
    if kind == "reopened":
        return f"reopened (was {move.old})"
    if kind == "stale":
        return f"no update since {since.isoformat()}" + (
            f" (last {move.old})" if move.old else " (no dated update)"
        )
    words = {
        "completed": "completed",
        "verified": "signed off",
        "impact": "impact evidenced",
        "closed": "closed without implementation",
        "overdue": "newly overdue",
        "added": "new",
        "removed": "removed",
    }
    return words[kind]


def kind_word(kind: str, since: dt.date) -> str:
    """A kind's heading: ``No update since 2024-01-10``."""
    word = KINDS[kind]
    return f"{word} {since.isoformat()}" if kind == "stale" else word


def moved_cell(item: ItemChanges) -> str:
    """How often the item's target has moved later: blank for never."""
    return plural(item.target_moves, "time") if item.target_moves else ""


def plan_status(plan: PlanChanges) -> str:
    """Where the plan's file was then and is now, in a sentence."""
    recs = plural(plan.recommendations, "recommendation")
    if plan.status == "new":
        return f"New plan since then: {plan.now_path}, {recs}."
    if plan.status == "removed":
        return f"Removed since then: {plan.then_path} ({recs})."
    if plan.status == "renamed":
        return f"Renamed from {plan.then_path} to {plan.now_path}."
    return f"{plan.now_path}"


def counts_sentence(counts: dict[str, int], since: dt.date) -> str:
    """``2 completed, 1 worse, 3 with no update since 2024-01-10.``; or that nothing moved."""
    parts = [
        f"{n} with no update since {since.isoformat()}"
        if k == "stale"
        else f"{n} {KINDS[k].lower()}"
        for k, n in counts.items()
        if n
    ]
    return (", ".join(parts) + ".") if parts else "Nothing moved."


def header_lines(cmp: Changes) -> list[str]:
    """Which versions are compared, in two sentences."""
    base = f"commit {cmp.base[:7]} of {cmp.base_day.isoformat()}"
    if cmp.since == cmp.since_day.isoformat() or cmp.since_day != cmp.base_day:
        then = f"the plans as they stood on {cmp.since_day.isoformat()} ({base})"
    else:
        then = f"the plans as they stood at {cmp.since} ({base})"
    now = "the plans now (the working tree)" if cmp.head is None else f"commit {cmp.head[:7]}"
    return [f"Compares {then} with {now}, counted as of {cmp.as_of.isoformat()}."]


def changes_page(cmp: Changes, full: bool = False) -> Page:
    """What moved: the counts across plans, then each plan's items."""
    totals = cmp.totals
    doc: Page = [Heading(f"Changes since {cmp.since}", 2)]
    doc += [Para(line) for line in header_lines(cmp)]
    summary = f"{plural(len(cmp.plans), 'plan')}"
    extra = [
        f"{len(x)} {word}"
        for x, word in (
            ([p for p in cmp.plans if p.status == "renamed"], "renamed"),
            (cmp.new_plans, "new"),
            (cmp.removed_plans, "removed"),
        )
        if x
    ]
    if extra:
        summary += f" ({', '.join(extra)})"
    doc.append(Para(f"{summary}: {counts_sentence(totals, cmp.since_day)}"))
    table = Table([Column("What"), Column("Items", justify="right")], title="Across the plans")
    for kind, n in totals.items():
        table.add(kind_word(kind, cmp.since_day), str(n))
    doc.append(table)
    for plan in cmp.plans:
        doc += plan_blocks(plan, cmp.since_day, full)
    return doc


def plan_blocks(plan: PlanChanges, since: dt.date, full: bool = False) -> Page:
    """One plan: where its file is, its counts, and a row per item that moved."""
    blocks: Page = [Heading(f"{plan.name}: {plan.title}", 3), Para(plan_status(plan), muted=True)]
    if plan.status in ("new", "removed"):
        return blocks
    blocks.append(Para(counts_sentence(plan.counts, since)))
    for note in plan.notes:
        blocks.append(Para(f"Note: {note}", muted=True))
    moved = [i for i in plan.items if any(m.kind != "stale" for m in i.moves)]
    if moved:
        table = Table(
            [
                Column("Ref"),
                Column("Item", wrap=True, min_width=16),
                Column("What changed", wrap=True, min_width=20),
                Column("Target moved later", justify="right"),
            ]
        )
        for item in moved:
            words = "; ".join(move_words(m, since) for m in item.moves if m.kind != "stale")
            text = item.text if full else shorten(item.text, TEXT_WIDTH)
            table.add(Cell(item.ref, strong=item.target_moves > 0), text, words, moved_cell(item))
        blocks.append(table)
    stale = [i for i in plan.items if any(m.kind == "stale" for m in i.moves)]
    if stale:
        table = Table(
            [Column("Ref"), Column("Item", wrap=True, min_width=16), Column("Last update")],
            title=f"No update since {since.isoformat()}",
        )
        for item in stale:
            text = item.text if full else shorten(item.text, TEXT_WIDTH)
            table.add(item.ref, text, item.updated.isoformat() if item.updated else "none dated")
        blocks.append(table)
    return blocks


def changes_record(cmp: Changes) -> dict[str, Any]:
    """What moved, as JSON."""
    return {
        "version": JSON_VERSION,
        "since": cmp.since,
        "since_date": cmp.since_day.isoformat(),
        "base": {"commit": cmp.base, "date": cmp.base_day.isoformat()},
        "head": {"commit": cmp.head},
        "as_of": cmp.as_of.isoformat(),
        "totals": cmp.totals,
        "plans": [
            {
                "plan": p.name,
                "title": p.title,
                "status": p.status,
                "file_then": p.then_path,
                "file_now": p.now_path,
                "recommendations": p.recommendations,
                "counts": p.counts,
                "notes": p.notes,
                "items": [
                    {
                        "ref": i.ref,
                        "kind": i.kind,
                        "text": i.text,
                        "changes": [m._asdict() for m in i.moves],
                        "target_moves": i.target_moves,
                        "updated": i.updated.isoformat() if i.updated else None,
                    }
                    for i in p.items
                ],
            }
            for p in cmp.plans
        ],
    }


# --- scrplan trend ---------------------------------------------------------------------------

COUNT_FIELDS = ("total", "outstanding", "overdue", "stale", "awaiting", "complete", "closed")
"""The counts of each period, as JSON and CSV name them."""

TREND_FIELDS = (
    ("outstanding", "Outstanding"),
    ("overdue", "Overdue"),
    ("stale", "No update"),
    ("awaiting", "Awaiting sign-off"),
)


def level_heading(name: str) -> str:
    """A level column's heading: ``Red``, ``Not rated``, ``Marked complete`` for a meaning."""
    return "Not rated" if name == "none" else column_word(name)


def trend_table(periods: Sequence[Period]) -> tuple[list[str], list[list[str]]]:
    """The trend as a header and rows of text: period, plans, each level, then the counts."""
    cols = periods[0].columns if periods else ()
    header = ["Period", "Counted on", "Plans", *(level_heading(c.name) for c in cols)]
    header += [word for _, word in TREND_FIELDS]
    rows = []
    for p in periods:
        cells = [p.label, p.end.isoformat(), str(p.plans), *(str(n) for n in p.counts.levels)]
        cells += [str(getattr(p.counts, name)) for name, _ in TREND_FIELDS]
        rows.append(cells)
    return header, rows


def trend_page(periods: Sequence[Period], by: str) -> Page:
    """The trend as a table, oldest period first."""
    header, rows = trend_table(periods)
    doc: Page = [
        Heading(f"Recommendations at the end of each {by}", 2),
        Para(
            "Each row counts the plans as they stood at the end of the period (the last commit "
            "made on or before the day counted); the last row, up to the as-of day."
        ),
    ]
    table = Table(
        [Column(header[0]), Column(header[1]), *(Column(h, justify="right") for h in header[2:])]
    )
    colours = {level_heading(c.name): c.colour for c in (periods[0].columns if periods else ())}
    for cells in rows:
        table.add(
            *(
                Cell(text, rag=colours.get(header[i])) if header[i] in colours else text
                for i, text in enumerate(cells)
            )
        )
    doc.append(table)
    return doc


def trend_record(periods: Sequence[Period], by: str) -> dict[str, Any]:
    """The trend as JSON."""
    cols = periods[0].columns if periods else ()
    return {
        "version": JSON_VERSION,
        "by": by,
        "columns": [{"name": c.name, "colour": c.colour, "label": c.label} for c in cols],
        "periods": [
            {
                "period": p.key,
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "partial": p.partial,
                "commit": p.commit,
                "plans": p.plans,
                "levels": p.levels,
                **{k: getattr(p.counts, k) for k in COUNT_FIELDS},
            }
            for p in periods
        ],
    }


def trend_csv(periods: Sequence[Period]) -> str:
    """The trend as CSV for Excel: a row per period."""
    from scrplan.output.spreadsheet import csv_text

    cols = periods[0].columns if periods else ()
    header = ["period", "start", "end", "partial", "commit", "plans"]
    header += [c.name for c in cols] + list(COUNT_FIELDS)
    rows = [
        [p.key, p.start.isoformat(), p.end.isoformat(), "yes" if p.partial else "no"]
        + [p.commit or "", str(p.plans), *(str(n) for n in p.counts.levels)]
        + [str(getattr(p.counts, k)) for k in COUNT_FIELDS]
        for p in periods
    ]
    return csv_text(header, rows)
