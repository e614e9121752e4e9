"""The edit commands: what each changes in a plan, checked before anything is written.

Each update runs the same way (:func:`update`): lock the plans' folder, read the file, refuse a
plan that is already invalid, make the change with :class:`~scrplan.edit.PlanEditor`, check that
the changed plan is still valid, then replace the file atomically, unless it changed on disk
meanwhile. A dry run stops before writing and returns the diff instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scrplan.edit import PlanEditor
from scrplan.errors import EditError, PlanProblems, Problem
from scrplan.files import locked, read_bytes, save
from scrplan.loader import Loaded, load_plan_bytes, no_item, resolve_ref, suggest_field
from scrplan.model import Item, Plan, Recommendation, parse_plan_date
from scrplan.source import BOM

FIELDS = ("lead", "target_date", "timescale", "evidence", "completed")
"""The fields ``scrplan set`` changes; RAG and progress have their own commands."""

DATE_FIELDS = ("target_date", "completed")


@dataclass
class Result:
    """What an update did: one line per change, and the diff when it was a dry run."""

    path: Path
    changes: list[str] = field(default_factory=list)
    diff: str = ""
    written: bool = False
    warnings: list[Problem] = field(default_factory=list)
    """Warnings the change brings (a completion date on an item not complete, say)."""


Change = Callable[[PlanEditor, Plan], list[str]]
"""Makes the change with the editor, reading the plan as it was; returns what it changed."""


def update(path: Path, change: Change, *, dry_run: bool = False) -> Result:
    """Apply ``change`` to the plan at ``path``: checked, atomic, and serialised with other
    scrplan edits of the same folder.

    Raises:
        PlanProblems: the plan is invalid before the change, or would be after it.
        EditError: the file cannot be written, changed meanwhile, or the edit was refused.
    """
    name = str(path)
    with locked(path):
        data, problems = read_bytes(path)
        if data is None:
            raise PlanProblems(problems, "nothing changed")
        if not dry_run and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
            raise EditError(f"{name}: this file is read-only, so it cannot be changed")
        before = _valid(
            load_plan_bytes(data, name, keep_source=True),
            f"nothing changed: {name} has errors; fix them first",
        )
        assert before.source is not None and before.plan is not None
        raw = before.source.raw
        editor = PlanEditor(before.source.text, name)
        result = Result(path, change(editor, before.plan))
        new_raw = (BOM if before.source.bom else "") + editor.text
        if new_raw == raw:
            return result
        # The changed text is checked under a name of its own: its line numbers are those of
        # the text as it would be, not of the file on disk.
        after = _valid(
            load_plan_bytes(new_raw.encode("utf-8"), f"{name} (as changed)"),
            f"nothing changed: the change would break the rules above in {name}",
        )
        known = {(p.code, p.yaml_path) for p in before.problems}
        result.warnings = [
            p._replace(location=p.location._replace(path=name))
            for p in after.problems
            if (p.code, p.yaml_path) not in known
        ]
        if dry_run:
            result.diff = unified_diff(raw, new_raw, name)
            return result
        current, _ = read_bytes(path)
        if current != data:
            raise EditError(
                f"{name}: the file changed on disk while scrplan was editing it, so nothing was "
                "written; run the command again"
            )
        save(path, new_raw)
        result.written = True
        return result


def _valid(loaded: Loaded, hint: str) -> Loaded:
    if not loaded.ok or loaded.plan is None:
        raise PlanProblems([p for p in loaded.problems if p.severity == "error"], hint)
    return loaded


def unified_diff(old: str, new: str, name: str) -> str:
    """A ``git diff``-style patch of the change (line endings shown as the file has them)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


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
) -> Result:
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

    return update(path, change, dry_run=dry_run)


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
) -> Result:
    """Add a progress entry to an item (today's date unless ``day`` is given)."""
    path, ident = resolve_ref(ref, plan)
    when = day or dt.date.today()
    entry = _entry(text, when, by)

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        item = _find(current, ident)
        editor.append((*item.path, "progress"), entry)
        who = f" by {entry['by']}" if "by" in entry else ""
        return [f"{_label(current, item)}  progress note added ({_iso(when)}{who})"]

    return update(path, change, dry_run=dry_run)


# --- set --------------------------------------------------------------------------------------


def set_field(
    ref: str,
    name: str,
    values: list[str],
    *,
    plan: str | Path | None = None,
    clear: bool = False,
    dry_run: bool = False,
) -> Result:
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

    return update(path, change, dry_run=dry_run)


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


# --- new --------------------------------------------------------------------------------------

TEMPLATE = """\
{modeline}
#
# An action plan for scrplan. docs/format.md describes every field; `scrplan validate` checks
# the file and says where anything is wrong.

title: {title}
{details}
recommendations: []
# Replace the [] above with the review's recommendations, one list item each, like this:
#
# recommendations:
#   - id: 1
#     learning: >
#       The learning or improvement point, in full. Long text can wrap over several
#       lines like this.
#     recommendation: >
#       What the review recommends.
#     lead: [Police, ICB]
#     target_date: 2025-03-31
#     rag: amber
#     progress:
#       - note: What has happened so far.
#         date: 2025-01-15
#         by: ICB
#
#   - id: 2
#     recommendation: A recommendation met by several actions.
#     lead: Partnership business unit
#     actions:
#       - id: "2.1"
#         action: The first action.
#         target_date: 2025-06
"""


def new_plan(
    path: Path,
    *,
    title: str,
    partnership: str | None = None,
    review: str | None = None,
    subject: str | None = None,
    dry_run: bool = False,
) -> str:
    """Write a new plan from the template, refusing to overwrite a file.

    Returns:
        The plan's text.
    """
    from scrplan.schema import MODELINE, SCHEMA_PATH
    from scrplan.yamltext import scalar

    if path.exists():
        raise EditError(f"{path} already exists; scrplan new never overwrites a plan")
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise EditError(f"{path}: a plan file's name ends in .yaml")
    title = clean_text(title)
    if not title:
        raise EditError("give the plan a title with --title")
    details = "".join(
        f"{key}: {scalar(clean_text(value))}\n"
        for key, value in (("partnership", partnership), ("review", review), ("subject", subject))
        if value and clean_text(value)
    )
    text = TEMPLATE.format(
        modeline=_modeline(path, MODELINE, SCHEMA_PATH),
        title=scalar(title),
        details=details,
    )
    checked = load_plan_bytes(text.encode("utf-8"), str(path))
    if not checked.ok:  # pragma: no cover - the template is tested to be valid
        raise PlanProblems(checked.problems)
    if not dry_run:
        save(path, text)
    return text


def _modeline(path: Path, default: str, schema_path: str) -> str:
    """The schema modeline, pointing from the new plan's folder to the schema if one is found
    in this folder or above it."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        schema = candidate / schema_path
        if schema.exists():
            relative = os.path.relpath(schema, folder).replace(os.sep, "/")
            return f"# yaml-language-server: $schema={relative}"
    return default


__all__ = ["Result", "add_note", "new_plan", "set_field", "set_rag", "update"]
