"""The edit commands: what ``set-rag``, ``note`` and ``set`` change, and the rules each keeps.

Each builds a change for :func:`~scrplan.edit.transaction.apply_edit`, which reads the plan,
runs the change, and checks and writes the result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scrplan.edit.splice import PlanEditor
from scrplan.edit.transaction import EditResult, apply_edit
from scrplan.errors import EditError
from scrplan.plan.dates import parse_plan_date
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.plan.refs import no_item, resolve_ref
from scrplan.plan.wording import suggest_field

FIELDS = ("lead", "target_date", "timescale", "evidence", "completed")
"""The fields ``scrplan set`` changes; RAG and progress have their own commands."""

DATE_FIELDS = ("target_date", "completed")


def clean_text(text: str) -> str:
    """Text from the command line or standard input as a plan holds it: each line trimmed,
    blank lines dropped (each remaining line is a paragraph)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _find(plan: Plan, ident: str) -> Item:
    item = plan.find(ident)
    if item is None:
        raise EditError(no_item(plan, ident))
    return item


def _label(plan: Plan, item: Item) -> str:
    return f"{plan.name}:{item.id}"


def _iso(day: dt.date) -> str:
    return day.isoformat()


# --- set-rag ----------------------------------------------------------------------------------


def set_rag(
    ref: str,
    colour: str,
    *,
    plan: str | Path | None = None,
    note: str | None = None,
    evidence: str | None = None,
    day: dt.date | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Set an item's RAG colour, with an optional progress note and evidence.

    The complete colour needs evidence (already in the plan, or given) and records
    ``completed``; leaving the complete colour removes ``completed``.
    """
    path, ident = resolve_ref(ref, plan)
    colour = colour.strip().lower()
    when = day or dt.date.today()
    if evidence is not None and not (evidence := clean_text(evidence)):
        raise EditError("the evidence is empty: say what shows the work is done")

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        key = current.rag_key
        if colour not in key.colours:
            raise EditError(
                f"{colour} is not a colour in {current.name}'s RAG key; use one of: "
                + ", ".join(key.colours)
            )
        if isinstance(item, Recommendation) and item.actions:
            refs = ", ".join(_label(current, a) for a in item.actions)
            raise EditError(
                f"{_label(current, item)} has actions, so its RAG comes from them; set the RAG of "
                f"an action instead: {refs}"
            )
        complete = colour == key.complete
        if complete and not (evidence or item.evidence):
            raise EditError(
                f"{_label(current, item)} cannot be {colour} ({key.meaning(colour)}) without "
                f'evidence: add --evidence "what shows the work is done and has made a '
                f'difference"'
            )
        done: list[str] = []
        old = current.rag(item) or "not rated"
        if editor.set((*item.path, "rag"), colour):
            done.append(f"RAG: {old} → {colour}")
        if evidence and editor.set((*item.path, "evidence"), evidence):
            done.append("evidence recorded")
        if complete and (item.completed is None or day is not None):
            if editor.set((*item.path, "completed"), _iso(when)):
                done.append(f"completed {_iso(when)}")
        elif not complete and item.completed is not None:
            editor.remove((*item.path, "completed"))
            done.append("completed date removed")
        if note:
            editor.append((*item.path, "progress"), _entry(note, when, by))
            done.append(f"progress note added ({_iso(when)})")
        return [f"{_label(current, item)}  {', '.join(done)}"] if done else []

    return apply_edit(path, change, dry_run=dry_run)


def _entry(note: str, day: dt.date, by: str | None) -> dict[str, str]:
    text = clean_text(note)
    if not text:
        raise EditError("the progress note is empty: write what has happened")
    entry = {"note": text, "date": _iso(day)}
    if by and by.strip():
        entry["by"] = by.strip()
    return entry


# --- note -------------------------------------------------------------------------------------


def add_note(
    ref: str,
    text: str,
    *,
    plan: str | Path | None = None,
    day: dt.date | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Add a progress entry to an item (today's date unless ``day`` is given)."""
    path, ident = resolve_ref(ref, plan)
    when = day or dt.date.today()
    entry = _entry(text, when, by)

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        editor.append((*item.path, "progress"), entry)
        who = f" by {entry['by']}" if "by" in entry else ""
        return [f"{_label(current, item)}  progress note added ({_iso(when)}{who})"]

    return apply_edit(path, change, dry_run=dry_run)


# --- set --------------------------------------------------------------------------------------


def set_field(
    ref: str,
    name: str,
    values: list[str],
    *,
    plan: str | Path | None = None,
    clear: bool = False,
    dry_run: bool = False,
) -> EditResult:
    """Set (or with ``clear``, remove) one of :data:`FIELDS` on an item.

    ``lead`` takes one or more agencies (several make a list); dates are checked like the file.
    """
    if name not in FIELDS:
        if name in ("rag", "progress", "note"):
            raise EditError(
                f"{name} has its own command: set the RAG with scrplan set-rag, add progress "
                "with scrplan note"
            )
        guess = suggest_field(name, FIELDS)
        hint = f"did you mean {guess}? " if guess else ""
        raise EditError(
            f"{name} is not a field set can change; {hint}it changes {', '.join(FIELDS)}"
        )
    path, ident = resolve_ref(ref, plan)
    value = _field_value(name, values, clear)

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        label = _label(current, item)
        if value is None:
            return [f"{label}  {name} removed"] if editor.remove((*item.path, name)) else []
        old = getattr(item, name)
        shown = ", ".join(value) if isinstance(value, list) else value
        if editor.set((*item.path, name), value):
            before = _show(old)
            return [f"{label}  {name}: {before} → {shown}"]
        return []

    return apply_edit(path, change, dry_run=dry_run)


def _field_value(name: str, values: list[str], clear: bool) -> str | list[str] | None:
    if clear:
        if values:
            raise EditError("give either a value or --clear, not both")
        return None
    cleaned = [clean_text(v) for v in values if clean_text(v)]
    if not cleaned:
        raise EditError(f"give a value for {name} (or --clear to remove it)")
    if name == "lead":
        return cleaned if len(cleaned) > 1 else cleaned[0]
    if len(cleaned) > 1:
        raise EditError(f"{name} takes one value; put text with spaces in quotes")
    text = cleaned[0]
    if name in DATE_FIELDS:
        try:
            return parse_plan_date(text).isoformat()
        except ValueError as exc:
            raise EditError(f"{name}: {exc}") from None
    return text


def _show(value: object) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


__all__ = ["EditResult", "add_note", "clean_text", "set_field", "set_rag"]
