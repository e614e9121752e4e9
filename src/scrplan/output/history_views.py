"""What ``scrplan diff`` and ``scrplan log`` show: pages for people, records for JSON.

Each change becomes a short phrase in a reviewer's words ("new progress note dated 2017-03-01
by WMP"); one row per item gathers its phrases, with the RAG (``amber → red``) in a column of its
own so a terminal can colour it. The same document is plain text when piped, rich on a
terminal, and Markdown for a pull-request comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrplan.errors import Problem
from scrplan.history.compare import Change, describe_entry
from scrplan.history.diff import WORKING_TREE, Comparison, PlanDiff
from scrplan.history.itemlog import ItemLog
from scrplan.output.blocks import EMPTY, Cell, Column, Fields, Heading, Page, Para, Table
from scrplan.output.problems import JSON_VERSION, problem_record
from scrplan.words import plural, shorten

TEXT_WIDTH = 80
ARROW = "→"

FIELD_WORDS = {
    "lead": "lead",
    "target_date": "target date",
    "timescale": "timescale",
    "completed": "completed date",
    "report_date": "report date",
    "plan_date": "plan date",
    "next_review": "next review",
    "title": "title",
    "partnership": "partnership",
    "review": "review",
    "subject": "subject",
}
LONG_TEXT = {"evidence", "recommendation", "action", "learning", "summary"}


def _quoted(text: str) -> str:
    return '"' + shorten(text, TEXT_WIDTH) + '"'


def _shown(value: Any) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


def phrase(change: Change) -> str:
    """One change in a reviewer's words (the RAG is shown in its own column)."""
    kind, field, old, new = change.kind, change.field, change.old, change.new
    if kind == "plan-added":
        return f"new plan: {_quoted(new)}"
    if kind == "plan-removed":
        return f"plan removed: {_quoted(old)}"
    if kind == "plan-renamed":
        return f"file renamed from {old} to {new}: its references change with it"
    if kind == "item-added":
        where = f" under recommendation {new['recommendation']}" if new["recommendation"] else ""
        return f"new {new['kind']}{where}: {_quoted(new['text'])}"
    if kind == "item-removed":
        return f"{old['kind']} removed: {_quoted(old['text'])}"
    if kind == "history-cut":
        return (
            f"the oldest commit in this clone, which has no earlier history (a shallow clone: "
            f"fetch the whole history to see when it was added); the {new['kind']} then: "
            f"{_quoted(new['text'])}"
        )
    if kind == "item-moved":
        return f"moved from recommendation {old or EMPTY} to {new or EMPTY}"
    if kind == "rag":
        return "RAG changed through its actions" if field == "rag_from_actions" else "RAG changed"
    if kind == "progress-added":
        return f"new progress note {describe_entry(new)}: {_quoted(new['note'])}"
    if kind == "progress-changed":
        return f"progress note {describe_entry(old)} edited: now {_quoted(new['note'])}"
    if kind == "progress-removed":
        return f"progress note {describe_entry(old)} deleted: {_quoted(old['note'])}"
    assert field is not None
    if field == "rag_key":
        return "RAG key changed"
    if field == "verified":
        if new is None:
            return f"sign-off by {old.get('by')} removed"
        when = f" on {new['date']}" if new.get("date") else ""
        return f"{'signed off' if old is None else 'sign-off now'} by {new.get('by')}{when}"
    if field == "closed":
        if new is None:
            return "reopened: no longer closed"
        return f"closed without implementation: {_quoted(new.get('reason', ''))}"
    if field == "impact":
        return _impact_phrase(old or {}, new or {})
    if field == "other_columns":
        return "other columns changed"
    words = FIELD_WORDS.get(field, field)
    if field in LONG_TEXT:
        if old is None:
            return f"{words} added: {_quoted(new)}"
        if new is None:
            return f"{words} removed (was {_quoted(old)})"
        return f"{words} changed: now {_quoted(new)}"
    if old is None or old == []:
        return f"{words} set to {_shown(new)}"
    if new is None or new == []:
        return f"{words} removed (was {_shown(old)})"
    return f"{words} {_shown(old)} {ARROW} {_shown(new)}"


def _impact_phrase(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What changed in an item's impact: its measure, review date, evidence."""
    parts = []
    for key, words in (
        ("measure", "impact measure"),
        ("review_date", "impact review date"),
        ("evidence", "impact evidence"),
        ("date", "impact assessed"),
    ):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            parts.append(f"{words} removed")
        elif key in ("measure", "evidence"):
            parts.append(f"{words} {'added' if before is None else 'changed'}: {_quoted(after)}")
        else:
            parts.append(
                f"{words} {before or EMPTY} {ARROW} {after}" if before else f"{words} {after}"
            )
    return "; ".join(parts) or "impact changed"


def _rag_cell(changes: Sequence[Change]) -> Cell:
    for c in changes:
        if c.kind == "rag":
            return Cell(
                f"{c.old or 'not rated'} {ARROW} {c.new or 'not rated'}", rag=c.new or "none"
            )
        if c.kind in ("item-added", "item-removed", "history-cut"):
            summary = c.old if c.kind == "item-removed" else c.new
            rag = summary["rag"]
            return Cell(rag or "not rated", rag=rag or "none")
    return Cell("")


def _what(changes: Sequence[Change]) -> str:
    phrases = [phrase(c) for c in changes if c.kind != "rag"]
    if not phrases:
        phrases = [phrase(c) for c in changes]
    return "; ".join(phrases)


def change_rows(changes: Sequence[Change]) -> list[tuple[str, Cell, str]]:
    """One row per plan or item, in the order of their first change: ref, RAG, phrases."""
    grouped: dict[str, list[Change]] = {}
    for c in changes:
        grouped.setdefault(c.ref or c.plan, []).append(c)
    return [(ref, _rag_cell(group), _what(group)) for ref, group in grouped.items()]


# --- scrplan diff ---------------------------------------------------------------------------------


def side_words(cmp: Comparison) -> tuple[str, str]:
    """How the heading names the two sides."""
    base, head = cmp.base, cmp.head
    old = base.label
    if base.typed and "..." in base.typed:
        a, _, b = base.typed.partition("...")
        old = f"{base.label} (where {b or 'HEAD'} left {a or 'HEAD'})"
    return old, head.label


def diff_summary(cmp: Comparison) -> str:
    """One line: how much changed, and how many warnings."""
    old, new = side_words(cmp)
    if not cmp.plans:
        return f"No plan changed from {old} to {new}."
    items = [c for c in cmp.changes if c.ref is not None]
    added = len({c.ref for c in items if c.kind == "item-added"})
    removed = len({c.ref for c in items if c.kind == "item-removed"})
    changed = len({c.ref for c in items}) - added - removed
    parts = [
        f"{plural(n, 'item')} {what}"
        for n, what in ((changed, "changed"), (added, "added"), (removed, "removed"))
        if n
    ]
    text = f"{plural(len(cmp.plans), 'plan')} changed"
    if parts:
        text += ": " + ", ".join(parts)
    warnings = [w for w in cmp.warnings if w.level == "warning"]
    notes = len(cmp.warnings) - len(warnings)
    if warnings:
        text += f"; {plural(len(warnings), 'warning')} for the reviewer"
    if notes:
        text += f"; {plural(notes, 'note')} for information"
    if cmp.problems:
        text += f"; {plural(len(cmp.problems), 'problem')} in the files"
    return text + "."


def problem_table(problems: Sequence[Problem], title: str) -> Table:
    """Located problems: where, then what and how to fix it."""
    table = Table([Column("Where"), Column("Problem", wrap=True, min_width=20)], title=title)
    for p in problems:
        table.add(str(p.location), f"{p.severity}: {p.message} [{p.code}]")
    return table


def diff_page(cmp: Comparison) -> Page:
    """Every plan that changed: warnings for the reviewer first, then each plan's changes."""
    old, new = side_words(cmp)
    doc: Page = [Heading(f"Plan changes from {old} to {new}", 2), Para(diff_summary(cmp))]
    if cmp.warnings:
        warnings = Table(
            [Column("Ref"), Column("Warning", wrap=True, min_width=20)],
            title="Warnings: check these",
        )
        for w in cmp.warnings:
            information = w.level != "warning"
            message = f"for information: {w.message}" if information else w.message
            warnings.add(Cell(w.ref or w.plan, strong=not information), message)
        doc.append(warnings)
    for plan in cmp.plans:
        doc += _plan_blocks(plan)
    return doc


def _plan_blocks(plan: PlanDiff) -> Page:
    title = f"{plan.name}: {plan.title}" if plan.title else plan.name
    blocks: Page = [Heading(title, 3)]
    version = plan.new or plan.old
    assert version is not None
    where = version.name
    if plan.old is None:
        where += " (new)"
    elif plan.new is None:
        where += " (removed)"
    blocks.append(Para(where, muted=True))
    if plan.changes:
        table = Table(
            [Column("Ref"), Column("RAG"), Column("What changed", wrap=True, min_width=20)]
        )
        for ref, rag, what in change_rows(plan.changes):
            table.add(ref, rag, what)
        blocks.append(table)
    if plan.problems:
        blocks.append(
            problem_table(plan.problems, "Problems: fix these before the plan can be compared")
            if not plan.changes
            else problem_table(plan.problems, "Problems")
        )
    return blocks


def diff_record(cmp: Comparison) -> dict[str, Any]:
    """The comparison as JSON: the two sides, each plan, then every change, warning and
    problem."""

    def side(s: Any) -> dict[str, Any]:
        return {"revision": s.typed, "commit": s.commit}

    return {
        "version": JSON_VERSION,
        "base": side(cmp.base),
        "head": side(cmp.head),
        "plans": [
            {
                "plan": p.name,
                "title": p.title,
                "status": p.status,
                "old_file": p.old.name if p.old else None,
                "new_file": p.new.name if p.new else None,
            }
            for p in cmp.plans
        ],
        "changes": [c._asdict() for c in cmp.changes],
        "warnings": [w._asdict() for w in cmp.warnings],
        "problems": [problem_record(p) for p in cmp.problems],
    }


# --- scrplan log ----------------------------------------------------------------------------------


def log_page(log: ItemLog) -> Page:
    """The commits that changed one item, newest first."""
    fields: list[tuple[str, Cell | str]] = [("File", log.file)]
    if len(log.paths) > 1:
        fields.append(("Earlier names", ", ".join(log.paths[1:])))
    doc: Page = [Heading(f"{log.ref}  history"), Fields(fields)]
    table = Table(
        [
            Column("Commit"),
            Column("Date"),
            Column("Author", wrap=True, min_width=8),
            Column("RAG"),
            Column("What changed", wrap=True, min_width=20),
        ],
        title=f"{plural(len(log.entries), 'commit')} changed it, newest first",
        empty="No commit changed it.",
    )
    for e in log.entries:
        c = e.commit
        if e.problems:
            first = e.problems[0]
            rag = Cell("")
            what = f"the plan could not be read in this commit: {first.location}: {first.message}"
        else:
            rag, what = _rag_cell(e.changes), _what(e.changes)
        table.add(c.id[:7], c.date[:10], c.author, rag, what)
        for w in e.warnings:
            word = "warning" if w.level == "warning" else "for information"
            table.add("", "", "", "", Cell(f"{word}: {w.message}", strong=True), sub=True)
    doc.append(table)
    return doc


def log_record(log: ItemLog) -> dict[str, Any]:
    """The history as JSON, newest commit first."""
    return {
        "version": JSON_VERSION,
        "ref": log.ref,
        "file": log.file,
        "paths": log.paths,
        "commits": [
            {
                "commit": e.commit.id,
                "date": e.commit.date,
                "author": e.commit.author,
                "email": e.commit.email,
                "subject": e.commit.subject,
                "path": e.commit.path,
                "changes": [c._asdict() for c in e.changes],
                "warnings": [w._asdict() for w in e.warnings],
                "problems": [problem_record(p) for p in e.problems],
            }
            for e in log.entries
        ],
    }


__all__ = ["WORKING_TREE", "diff_page", "diff_record", "log_page", "log_record"]
