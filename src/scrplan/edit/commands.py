"""The edit commands: what ``set-rag``, ``note``, ``set``, ``verify``, ``close`` and ``add``
change, and the rules each keeps.

Each builds a change for :func:`~scrplan.edit.transaction.apply_edit`, which reads the plan,
runs the change, and checks and writes the result.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from scrplan.edit.splice import PlanEditor
from scrplan.edit.transaction import EditResult, apply_edit
from scrplan.errors import EditError, UsageError
from scrplan.plan.dates import parse_plan_date
from scrplan.plan.levels import Level
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.plan.refs import no_item, resolve_plan, resolve_ref
from scrplan.plan.wording import suggest_field

FIELDS = ("lead", "target_date", "timescale", "evidence", "completed", "themes")
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


def find_level(plan: Plan, given: str) -> Level:
    """The level of ``plan``'s key that ``given`` names: its name in any case; for a colour
    key, a colour's first letter too (``G`` for green), as imported plans write them.

    Raises:
        UsageError: the key has no such level (with the closest one, and the levels it has).
    """
    key = plan.key
    text = " ".join(given.split())
    level = key.level(text)
    if level is None and key.is_colours and len(text) == 1:
        level = next((lv for lv in key.all_levels if lv.name[0] == text.lower()), None)
    if level is not None:
        return level
    names = list(key.colours)
    close = difflib.get_close_matches(text.lower(), [n.lower() for n in names], n=1, cutoff=0.6)
    hint = f"did you mean {next(n for n in names if n.lower() == close[0])}? " if close else ""
    what = "colour" if key.is_colours else "level"
    raise UsageError(
        f"{given!r} is not a {what} in {plan.name}'s RAG key; {hint}use one of: "
        + ", ".join(names),
        option="COLOUR",
    )


def _written(level: Level) -> str | int:
    """A level's name as the plan writes it: a number plain (``rag: 2``), text as text."""
    return (
        int(level.name)
        if level.name.isdigit() and level.name == str(int(level.name))
        else (level.name)
    )


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
    """Set an item's level (``colour`` names a level of the plan's key), with an optional
    progress note and evidence.

    The complete level needs evidence (already in the plan, or given) and records
    ``completed``; leaving the complete level removes ``completed``, and the sign-off with it.
    """
    path, ident = resolve_ref(ref, plan)
    when = day or dt.date.today()
    if evidence is not None and not (evidence := clean_text(evidence)):
        raise EditError("the evidence is empty: say what shows the work is done")

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        label = _label(current, item)
        level = find_level(current, colour)
        key = current.key
        if isinstance(item, Recommendation) and item.actions:
            refs = ", ".join(_label(current, a) for a in item.actions)
            raise EditError(
                f"{label} has actions, so its RAG comes from them; set the RAG of "
                f"an action instead: {refs}"
            )
        if item.closed is not None:
            raise EditError(
                f"{label} was closed without implementation ({item.closed.reason}); to rate it "
                "again, reopen it first by removing its `closed:` lines"
            )
        complete = level.complete
        if day is not None and not note and not complete:
            raise UsageError(
                "--date is the date of the progress note (or, for a complete item, when it "
                "was completed): give the note too, with --note TEXT",
                option="'--date'",
            )
        if complete and not (evidence or item.evidence):
            raise EditError(
                f"{label} cannot be {level.name} ({key.meaning(level.name)}) without "
                f'evidence: add --evidence "what shows the work is done and has made a '
                f'difference"'
            )
        done: list[str] = []
        old = current.rag(item) or "not rated"
        if editor.set((*item.path, "rag"), _written(level)):
            done.append(f"RAG: {old} → {level.name}")
        if evidence and editor.set((*item.path, "evidence"), evidence):
            done.append("evidence recorded")
        if complete and (item.completed is None or day is not None):
            if editor.set((*item.path, "completed"), _iso(when)):
                done.append(f"completed {_iso(when)}")
        elif not complete:
            if item.completed is not None:
                editor.remove((*item.path, "completed"))
                done.append("completed date removed")
            if item.verified is not None:
                editor.remove((*item.path, "verified"))
                done.append(f"sign-off by {item.verified.by} removed")
        if note:
            editor.append((*item.path, "progress"), _entry(note, when, by))
            done.append(f"progress note added ({_iso(when)})")
        return [f"{label}  {', '.join(done)}"] if done else []

    return apply_edit(path, change, dry_run=dry_run)


# --- verify and close -------------------------------------------------------------------------


def verify(
    ref: str,
    *,
    by: str,
    day: dt.date | None = None,
    note: str | None = None,
    plan: str | Path | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Record the partnership's sign-off of a complete item: who checked the evidence, when,
    and what they found."""
    path, ident = resolve_ref(ref, plan)
    who = clean_text(by)
    if not who:
        raise UsageError("say who signed it off with --by", option="'--by'")
    signed: dict[str, str] = {"by": who, "date": _iso(day or dt.date.today())}
    if note is not None and clean_text(note):
        signed["note"] = clean_text(note)

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        label = _label(current, item)
        if item.closed is not None:
            raise EditError(
                f"{label} was closed without implementation, so there is nothing to sign off"
            )
        if not current.is_complete(item):
            level = current.rag(item) or "not rated"
            raise EditError(
                f"{label} is {level}, not complete: only a complete item can be signed off. "
                f"Set its RAG to {current.key.complete_level} with evidence first "
                f'(scrplan set-rag {label} {current.key.complete_level} --evidence "...")'
            )
        if not editor.set((*item.path, "verified"), signed):
            return []
        return [f"{label}  verified by {who} ({signed['date']})"]

    return apply_edit(path, change, dry_run=dry_run)


def close(
    ref: str,
    *,
    reason: str,
    by: str,
    day: dt.date | None = None,
    plan: str | Path | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Close an item without implementing it, with the reason and who agreed (the board's
    yearly report must give the reasons)."""
    path, ident = resolve_ref(ref, plan)
    why, who = clean_text(reason), clean_text(by)
    if not why:
        raise UsageError("give the reason it will not be implemented", option="'--reason'")
    if not who:
        raise UsageError("say who agreed to close it with --by", option="'--by'")
    closure = {"reason": why, "by": who, "date": _iso(day or dt.date.today())}

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        label = _label(current, item)
        if current.is_complete(item):
            raise EditError(
                f"{label} is {current.rag(item)} ({current.key.meaning(current.rag(item))}): an "
                "item that is done is not closed without implementation"
            )
        if not editor.set((*item.path, "closed"), closure):
            return []
        return [f"{label}  closed without implementation ({closure['date']}, agreed by {who})"]

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


PARTS: dict[str, tuple[str, ...]] = {
    "impact": ("measure", "review_date", "evidence", "date"),
    "verified": ("by", "date", "note"),
    "closed": ("reason", "by", "date"),
}
"""The fields inside sign-off, impact and closure that ``scrplan set`` changes, as
``impact.measure``, ``verified.note``..."""

DOTTED = tuple(f"{part}.{field}" for part, fields in PARTS.items() for field in fields)
PART_DATES = ("review_date", "date")


def set_field(
    ref: str,
    name: str,
    values: list[str],
    *,
    plan: str | Path | None = None,
    clear: bool = False,
    dry_run: bool = False,
) -> EditResult:
    """Set (or with ``clear``, remove) one of :data:`FIELDS`, or of :data:`DOTTED`, on an item.

    ``lead`` takes one or more agencies (several make a list); ``themes``, of a recommendation,
    one or more themes (always a list); dates are checked like the file.
    """
    if name not in FIELDS and name not in DOTTED:
        if name in ("rag", "progress", "note"):
            raise UsageError(
                f"{name} has its own command: set the RAG with scrplan set-rag, add progress "
                "with scrplan note",
                option="FIELD",
            )
        if name in PARTS:
            raise UsageError(
                f"{name} has several fields: set one of them, "
                + ", ".join(f"{name}.{f}" for f in PARTS[name])
                + (" (or use scrplan verify)" if name == "verified" else "")
                + (" (or use scrplan close)" if name == "closed" else ""),
                option="FIELD",
            )
        guess = suggest_field(name, [*FIELDS, *DOTTED])
        hint = f"did you mean {guess}? " if guess else ""
        raise UsageError(
            f"{name} is not a field set can change; {hint}it changes {', '.join(FIELDS)}, and "
            "the fields of impact, verified and closed (impact.measure, impact.review_date...)",
            option="FIELD",
        )
    path, ident = resolve_ref(ref, plan)
    value = _field_value(name, values, clear)
    keys = tuple(name.split("."))

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        label = _label(current, item)
        if name == "themes" and not isinstance(item, Recommendation):
            parent = current.parent_of(item)
            where = f": set them on {_label(current, parent)}" if parent is not None else ""
            raise EditError(f"{label} is an action; themes are a recommendation's{where}")
        part = getattr(item, keys[0]) if len(keys) == 2 else None
        if value is None:
            if len(keys) == 2 and part is not None and _only_field(part, keys[1]):
                editor.remove((*item.path, keys[0]))  # an empty set of fields is no use
                return [f"{label}  {keys[0]} removed"]
            if len(keys) == 2 and part is None:
                return []
            return [f"{label}  {name} removed"] if editor.remove((*item.path, *keys)) else []
        if len(keys) == 2:
            old = getattr(part, keys[1]) if part is not None else None
            if part is None:
                changed = editor.set((*item.path, keys[0]), {keys[1]: value})
            else:
                changed = editor.set((*item.path, *keys), value)
        else:
            old = getattr(item, name)
            changed = editor.set((*item.path, name), value)
        shown = ", ".join(value) if isinstance(value, list) else value
        return [f"{label}  {name}: {_show(old)} → {shown}"] if changed else []

    return apply_edit(path, change, dry_run=dry_run)


def _only_field(part: Any, field: str) -> bool:
    given = {k for k, v in part.model_dump().items() if v is not None}
    return given <= {field}


def _field_value(name: str, values: list[str], clear: bool) -> str | list[str] | None:
    # Each of these is a bad argument, so a usage error (exit 2), as a bad option is.
    if clear:
        if values:
            raise UsageError("give either a value or --clear, not both", option="VALUE")
        return None
    cleaned = [clean_text(v) for v in values if clean_text(v)]
    if not cleaned:
        raise UsageError(f"give a value for {name} (or --clear to remove it)", option="VALUE")
    if name == "lead":
        return cleaned if len(cleaned) > 1 else cleaned[0]
    if name == "themes":  # a list even of one, as suggest-themes writes them
        return cleaned
    if len(cleaned) > 1:
        raise UsageError(f"{name} takes one value; put text with spaces in quotes", option="VALUE")
    text = cleaned[0]
    if name in DATE_FIELDS or name.rsplit(".", 1)[-1] in PART_DATES:
        try:
            return parse_plan_date(text).isoformat()
        except ValueError as exc:
            raise UsageError(f"{name}: {str(exc).splitlines()[0]}", option="VALUE") from None
    return text


def _show(value: object) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- add --------------------------------------------------------------------------------------


def add_item(
    where: str,
    text: str,
    *,
    action: bool = False,
    learning: str | None = None,
    leads: list[str] | None = None,
    target: str | None = None,
    ident: str | None = None,
    plan: str | Path | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Add a recommendation at the end of a plan, or an action at the end of a
    recommendation's actions.

    Args:
        where: for a recommendation, the plan (a file, or its name such as ``child-m``); for an
            action, the recommendation (``7`` or ``child-m:7``).
        text: the recommendation's or the action's words.
        action: add an action to the recommendation ``where`` names.
        learning: the learning point a recommendation answers (recommendations only).
        leads: the agencies that lead (several make a list).
        target: the target date, ``YYYY-MM-DD`` or ``YYYY-MM``.
        ident: the new item's id; by default one past the highest (``8`` after ``7``,
            ``2.3`` after ``2.2``, ``2.1`` for a recommendation's first action).

    Raises:
        UsageError: empty text, a learning point for an action, a target in another form.
        EditError: the id is taken, or actions are asked of an action.
    """
    words = clean_text(text)
    kind = "action" if action else "recommendation"
    if not words:
        raise UsageError(f"the {kind} is empty: write what is to be done", option=f"--{kind}")
    if action and learning is not None:
        raise UsageError(
            "a learning point belongs to a recommendation, not an action: leave out --learning",
            option="--learning",
        )
    lead_names = [clean_text(x) for x in leads or [] if clean_text(x)]
    due = None
    if target is not None:
        try:
            # A month (2024-03) stays a month: MonthDate writes itself so.
            due = parse_plan_date(target.strip()).isoformat()
        except ValueError as exc:
            raise UsageError(str(exc).splitlines()[0], option="--target") from None
    wanted = ident.strip() if ident is not None else None
    if wanted is not None and not wanted:
        raise UsageError("the id is empty: give one such as 8, or leave out --id", option="--id")
    if action:
        path, parent_id = resolve_ref(where, plan)
    else:
        path, parent_id = resolve_plan(where, plan), None

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        taken = {item.id for item in current.items()}
        if parent_id is not None:
            parent = _find(current, parent_id)
            if not isinstance(parent, Recommendation):
                owner = current.parent_of(parent)
                raise EditError(
                    f"{_label(current, parent)} is an action, and actions belong to a "
                    f"recommendation: add this one to {_label(current, owner) if owner else 'it'}"
                )
            siblings = [a.id for a in parent.actions]
            new_id = wanted or _next_id(siblings, f"{parent.id}.1", taken)
            list_path: tuple[str | int, ...] = (*parent.path, "actions")
        else:
            siblings = [r.id for r in current.recommendations]
            new_id = wanted or _next_id(siblings, "1", taken)
            list_path = ("recommendations",)
        if new_id in taken:
            raise EditError(
                f"{current.name} already has an item {new_id}: give another id with --id, or "
                "leave --id out for the next free one"
            )
        item: dict[str, Any] = {"id": _written_id(new_id)}
        if learning is not None and clean_text(learning):
            item["learning"] = clean_text(learning)
        item[kind] = words
        if lead_names:
            item["lead"] = lead_names if len(lead_names) > 1 else lead_names[0]
        if due is not None:
            item["target_date"] = due
        editor.append(list_path, item)
        return [f"{current.name}:{new_id}  {kind} added"]

    return apply_edit(path, change, dry_run=dry_run)


def _next_id(siblings: list[str], first: str, taken: set[str]) -> str:
    """One past the highest of ``siblings`` that ends in a number, keeping what comes before
    the number (``R4`` after ``R3``, ``2.3`` after ``2.2``); ``first`` when none does. Never
    an id the plan already has."""
    numbered = [(int(m[2]), m[1]) for i in siblings if (m := re.fullmatch(r"(.*?)([0-9]+)", i))]
    if numbered:
        highest, before = max(numbered)
        candidate = f"{before}{highest + 1}"
    else:
        candidate = first
    while candidate in taken:
        m = re.fullmatch(r"(.*?)([0-9]+)", candidate)
        assert m is not None  # both forms above end in a number
        candidate = f"{m[1]}{int(m[2]) + 1}"
    return candidate


def _written_id(ident: str) -> str | int:
    # 8 is written as a number, like the ids before it; 2.3 and R4 as text (quoted as needed).
    return int(ident) if ident.isdigit() and not ident.startswith("0") else ident


__all__ = [
    "EditResult",
    "add_item",
    "add_note",
    "clean_text",
    "close",
    "set_field",
    "set_rag",
    "verify",
]
