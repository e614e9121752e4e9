"""Applying a filled-in return: each row checked, then each plan's rows as one reviewed edit.

For each row with an answer: its ref must be one the request asked about, on one row only, with
the cells that show the plan as they were sent; the item must not have changed in the plan
since the request (other items may have); and each value must be usable (:mod:`.values`) and
keep the plan's rules (complete needs evidence, a later target needs its reason). Every
refusal names its cell and the fix, all at once.

Each plan's rows are made as one :func:`~scrplan.edit.transaction.apply_edit` (locked, checked
before and after, atomic), so a plan's rows land together or not at all: a plan with a refused
row is not written unless ``partial``. The reviewer's warnings are those of ``scrplan diff``
(:func:`~scrplan.history.compare.compare_plans` on the plan before and after).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from scrplan.edit.commands import clean_text
from scrplan.edit.splice import PlanEditor
from scrplan.errors import EditError, PlanProblems, Problem, ScrplanError, UsageError
from scrplan.history.compare import ReviewWarning, compare_plans
from scrplan.plan.levels import Level
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.returns.record import (
    RecordEntry,
    ReturnCell,
    ReturnForm,
    ReturnRow,
    cell_hash,
    item_hash,
    what_changed,
)
from scrplan.returns.request import FILLED, SHOWN, Lead
from scrplan.returns.values import (
    Unusable,
    as_text,
    dated_note,
    is_empty,
    plan_date,
    read_date,
    read_level,
    shown_date,
    written_level,
)

LONGEST = 10_000
"""The most characters one answer may hold: more is a paste gone wrong, not an update."""


@dataclass
class Refusal:
    """A row (or a cell of one) that was not applied, and why.

    Attributes:
        where: the cell: ``Updates!L7``, or a Word table's row.
        ref: the item, when known.
        message: what is wrong and how to put it right.
        file: the plan file it belongs to, when known.
    """

    where: str
    ref: str | None
    message: str
    file: str | None = None

    def _replace_file(self, file: str) -> Refusal:
        return Refusal(self.where, self.ref, self.message, file)


@dataclass
class PlanOutcome:
    """What a return did to one plan.

    Attributes:
        file: the plan file.
        name: the plan's short name.
        changes: one line per item changed (or that would be).
        warnings: the reviewer's warnings, as ``scrplan diff`` gives them.
        problems: warnings the plan's own checks give about the changed plan.
        diff: the plan's diff, for a dry run.
        written: True when the file was written.
        held: True when nothing was written because rows were refused.
        text: the changed plan's text (for a commit).
    """

    file: str
    name: str
    changes: list[str] = field(default_factory=list)
    warnings: list[ReviewWarning] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    diff: str = ""
    written: bool = False
    held: bool = False
    text: str | None = None


@dataclass
class ApplyResult:
    """What applying a return did.

    Attributes:
        source: the return's file.
        lead: the agency that sent it.
        day: the return's date (what notes are dated unless they say).
        requested: when the request was made.
        due: when the return was due.
        plans: what happened to each plan the return answers about.
        refused: every row or cell not applied, in the order of the return.
        dry_run: True when nothing was to be written.
        partial: True when plans were written despite refused rows.
        branch: the branch the change was committed on (``--commit``).
        commit: that commit's id.
    """

    source: str
    lead: Lead
    day: dt.date
    requested: dt.date
    due: dt.date
    plans: list[PlanOutcome] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    dry_run: bool = False
    partial: bool = False
    branch: str | None = None
    commit: str | None = None

    @property
    def changed(self) -> list[PlanOutcome]:
        """The plans that changed (or would)."""
        return [p for p in self.plans if p.changes and not p.held]


def read_return(path: Path) -> ReturnForm:
    """The return in ``path``: an Excel workbook or a Word form written by ``scrplan
    request``.

    Raises:
        UsageError: the file is neither.
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ScrplanError(f"{path}: there is no such file")
    if suffix == ".xlsx":
        from scrplan.returns.workbook import read_workbook

        return read_workbook(path)
    if suffix == ".docx":
        from scrplan.returns.wordform import read_wordform

        return read_wordform(path)
    raise UsageError(
        f"{path.name} is not a return scrplan reads: give the Excel workbook (.xlsx) or Word "
        "form (.docx) that scrplan request wrote, filled in",
        option="RETURN",
    )


def return_day(form: ReturnForm, day: dt.date | None, today: dt.date) -> dt.date:
    """The return's date: ``day`` if given, else the date written on it, else ``today``.

    Raises:
        ScrplanError: the date written on it cannot be used.
    """
    if day is not None:
        return day
    cell = form.return_date
    if cell is None or (is_empty(cell.value) and not cell.formula):
        return today
    if cell.formula:
        raise ScrplanError(
            f"{form.name} {cell.where}: the date of the return is a formula, not a date: type "
            "the date itself (or give --date)"
        )
    try:
        written = read_date(cell.value)
    except Unusable as exc:
        raise ScrplanError(f"{form.name} {cell.where}: {exc} (or give --date)") from None
    if written > today:
        raise ScrplanError(
            f"{form.name} {cell.where}: the date of the return, {shown_date(written)}, is in "
            "the future: write the day it was filled in (or give --date)"
        )
    return written


# --- checking rows -----------------------------------------------------------------------

_FIRST_ANSWER = FILLED[0].header


def _header(key: str) -> str:
    return next(c.header for c in (*SHOWN, *FILLED) if c.key == key)


def check_rows(
    form: ReturnForm,
) -> tuple[dict[str, list[tuple[ReturnRow, RecordEntry]]], list[Refusal]]:
    """The rows that may be applied, by plan file, and the refusals of the others: no ref, a
    ref the request did not ask about or on several rows, a locked cell changed, a formula."""
    entries = form.record.entries
    refused: list[Refusal] = []
    answered = [row for row in form.rows if row.answered]
    counts = Counter(as_text(row.ref.value) for row in answered)
    places: dict[str, list[str]] = {}
    for row in answered:
        places.setdefault(as_text(row.ref.value), []).append(row.row)
    good: dict[str, list[tuple[ReturnRow, RecordEntry]]] = {}
    for row in answered:
        ref = as_text(row.ref.value)
        entry = entries.get(ref)
        if not ref:
            refused.append(
                Refusal(
                    row.ref.where,
                    None,
                    "this row has answers but no ref: write each update on the row the request "
                    "gave for its item",
                )
            )
            continue
        if entry is None:
            refused.append(
                Refusal(
                    row.ref.where,
                    ref,
                    f'"{ref}" is not an item this request asked about: write each update on '
                    "the row the request gave for its item (the board manager adds new items)",
                )
            )
            continue
        if counts[ref] > 1:
            refused.append(
                Refusal(
                    row.ref.where,
                    ref,
                    f"{ref} has answers on {len(places[ref])} rows ({', '.join(places[ref])}): "
                    "put the whole update on one row and clear the others",
                    entry.file,
                )
            )
            continue
        changed = [
            cell
            for key, cell in row.shown.items()
            if cell_hash(as_text(cell.value) if not cell.formula else str(cell.value))
            != entry.cells.get(key)
        ]
        if changed:
            cell = changed[0]
            key = next(k for k, c in row.shown.items() if c is cell)
            refused.append(
                Refusal(
                    cell.where,
                    ref,
                    f"the {_header(key)} column shows the plan as it was sent and must stay as it "
                    "was, but it was changed on this row: put it back, and write the update in "
                    f"the columns from {_FIRST_ANSWER} on",
                    entry.file,
                )
            )
            continue
        formulas = [c for c in row.filled.values() if c.formula]
        if formulas:
            refused += [
                Refusal(
                    c.where,
                    ref,
                    f"holds a formula ({c.value}), not a value: type the value itself",
                    entry.file,
                )
                for c in formulas
            ]
            continue
        good.setdefault(entry.file, []).append((row, entry))
    return good, refused


def plan_path(file: str, root: Path) -> Path | None:
    """The plan file a row names, if it is a plan file inside ``root`` (the return is
    untrusted: it must not lead scrplan to edit a file elsewhere)."""
    from scrplan.plan.discover import is_plan_file

    relative = PurePosixPath(file)
    if relative.is_absolute() or ".." in relative.parts or not is_plan_file(file):
        return None
    path = root.joinpath(*relative.parts)
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except OSError:
        return None
    # Named as the request named it, so that messages and diffs say plans/child-q.yaml.
    return Path(*relative.parts) if inside and path.is_file() else None


# --- one row's update --------------------------------------------------------------------


@dataclass
class Update:
    """What one row changes: each field None when it stays as it is.

    Attributes:
        day: the return's date, for a completion or note that gives none.
    """

    item: Item
    ref: str
    day: dt.date
    level: Level | None = None
    evidence: str | None = None
    completed: dt.date | None = None
    target: dt.date | None = None
    note: str | None = None
    note_day: dt.date | None = None


def _answer(cell: ReturnCell) -> str | None:
    return None if is_empty(cell.value) else as_text(cell.value)


def read_update(
    row: ReturnRow, plan: Plan, item: Item, day: dt.date, today: dt.date
) -> tuple[Update | None, list[Refusal]]:
    """The update a row asks for, or why it cannot be made: every problem of the row."""
    ref = f"{plan.name}:{item.id}"
    cells = row.filled
    refused: list[Refusal] = []

    def refuse(cell: ReturnCell, message: str) -> None:
        refused.append(Refusal(cell.where, ref, message))

    for cell in cells.values():
        if isinstance(cell.value, str) and len(cell.value) > LONGEST:
            refuse(
                cell,
                f"holds {len(cell.value):,} characters, more than an update can: shorten it "
                f"to {LONGEST:,} at most",
            )
    if refused:
        return None, refused
    update = Update(item, ref, day)
    has_actions = isinstance(item, Recommendation) and bool(item.actions)
    actions = ", ".join(f"{plan.name}:{a.id}" for a in getattr(item, "actions", []))
    rag_given = _answer(cells["new_rag"]) is not None
    if rag_given and has_actions:
        refuse(
            cells["new_rag"],
            f"{ref} has actions, so its RAG comes from them: give the new RAG on the rows of "
            f"its actions ({actions}), and clear this cell",
        )
    elif rag_given:
        try:
            update.level = read_level(cells["new_rag"].value, plan)
        except Unusable as exc:
            refuse(cells["new_rag"], str(exc))
    dates: dict[str, dt.date] = {}
    for key in ("completed", "new_target"):
        if _answer(cells[key]) is not None:
            try:
                dates[key] = read_date(cells[key].value)
            except Unusable as exc:
                refuse(cells[key], str(exc))
    if (evidence := _answer(cells["evidence"])) is not None:
        update.evidence = clean_text(evidence)
    if (note := _answer(cells["note"])) is not None:
        written, rest = dated_note(note)
        update.note, update.note_day = clean_text(rest), written or day
        if written is not None and written > today:
            refuse(
                cells["note"],
                f"the note is dated {shown_date(written)}, in the future: give the day it happened",
            )
    complete = plan.key.complete_level
    if (completed := dates.get("completed")) is not None:
        update.completed = completed
        if completed > today:
            refuse(
                cells["completed"],
                f"{shown_date(completed)} is in the future: give the day the work was completed",
            )
        if has_actions:
            refuse(
                cells["completed"],
                f"{ref} has actions, so it is complete when they are: give the completed dates "
                f"on the rows of its actions ({actions})",
            )
        elif update.level is not None and not update.level.complete:
            refuse(
                cells["completed"],
                f"a completed date, but the new RAG is {update.level.name}: choose {complete} "
                "if the work is done, or clear the date",
            )
        elif update.level is None and not rag_given:
            update.level = plan.key.level(complete)  # a completed date says it is done
    level = update.level
    if level is not None and level.complete and not (update.evidence or item.evidence):
        refuse(
            cells["new_rag"] if rag_given else cells["completed"],
            f"{level.name} ({plan.key.meaning(level.name)}) needs evidence: write in "
            f"{cells['evidence'].where} what shows the work is done and has made a difference",
        )
    reason = _answer(cells["reason"])
    old = item.target_date
    if (target := dates.get("new_target")) is not None:
        update.target = target
        if old is not None and target == old:
            refuse(
                cells["new_target"],
                f"{shown_date(target)} is the target date the plan has already: clear this "
                "cell, or give the new date",
            )
        elif old is not None and target > old and reason is None:
            refuse(
                cells["reason"],
                f"the new target date {shown_date(target)} is later than the one agreed "
                f"({shown_date(old)}): say why it has to move",
            )
    elif reason is not None and _answer(cells["new_target"]) is None:
        refuse(
            cells["reason"],
            f"a reason, but no new target date: write the new date in "
            f"{cells['new_target'].where}, or clear this cell",
        )
    if update.target is not None and reason is not None:
        was = plan_date(old) if old is not None else "none"
        line = f"Target date moved from {was} to {plan_date(update.target)}: {clean_text(reason)}"
        update.note = f"{update.note}\n{line}" if update.note else line
        update.note_day = update.note_day or day
    return (None, refused) if refused else (update, [])


def make_update(editor: PlanEditor, plan: Plan, update: Update, by: str) -> str | None:
    """Make ``update`` with the editor, keeping the rules ``set-rag`` keeps; the line that
    says what changed, or None when nothing did."""
    item, path = update.item, update.item.path
    done: list[str] = []
    level = update.level
    if level is not None:
        old = plan.rag(item) or "not rated"
        if editor.set((*path, "rag"), written_level(level)):
            done.append(f"RAG: {old} → {level.name}")
    if update.evidence and editor.set((*path, "evidence"), update.evidence):
        done.append("evidence recorded")
    if level is not None and level.complete:
        if update.completed is not None or item.completed is None:
            when = plan_date(update.completed or update.day)
            if editor.set((*path, "completed"), when):
                done.append(f"completed {when}")
    elif level is not None:
        if item.completed is not None:
            editor.remove((*path, "completed"))
            done.append("completed date removed")
        if item.verified is not None:
            editor.remove((*path, "verified"))
            done.append(f"sign-off by {item.verified.by} removed")
    if update.target is not None:
        was = plan_date(item.target_date) if item.target_date else "none"
        if editor.set((*path, "target_date"), plan_date(update.target)):
            done.append(f"target date: {was} → {plan_date(update.target)}")
    if update.note:
        day = (update.note_day or update.day).isoformat()
        editor.append((*path, "progress"), {"note": update.note, "date": day, "by": by})
        done.append(f"progress note added ({day}, by {by})")
    return f"{update.ref}  {', '.join(done)}" if done else None


# --- the whole return --------------------------------------------------------------------


def apply_return(
    path: Path,
    *,
    day: dt.date | None = None,
    dry_run: bool = False,
    partial: bool = False,
    commit: bool = False,
    today: dt.date | None = None,
) -> ApplyResult:
    """Apply the return in ``path`` to the plans it answers about, in the current folder.

    Args:
        path: the filled-in workbook or Word form.
        day: the return's date (default: the date written on it, else today).
        dry_run: check everything and give each plan's diff; write nothing.
        partial: write each plan's good rows even when others of it are refused.
        commit: write nothing in the working folder; commit the changed plans on a new
            branch named after the agency and the return (:mod:`.branch`).
        today: the date "the future" is counted from (default: today).

    Raises:
        ScrplanError: the return cannot be read, or its record is damaged.
        GitError: ``commit`` and git refuses, or the plans have uncommitted changes.
    """
    now = today or dt.date.today()
    form = read_return(path)
    record = form.record
    when = return_day(form, day, now)
    result = ApplyResult(
        form.name, record.lead, when, record.requested, record.due, dry_run=dry_run, partial=partial
    )
    good, refused = check_rows(form)
    root = Path.cwd()
    files: dict[str, Path] = {}
    for file, rows in list(good.items()):
        found = plan_path(file, root)
        if found is None:
            refused += [
                Refusal(
                    row.ref.where,
                    entry.ref,
                    f"the plan file {file} this row came from is not in this folder: run scrplan "
                    "apply in the folder where the request was made",
                    file,
                )
                for row, entry in rows
            ]
            del good[file]
        else:
            files[file] = found
    branch = None
    if commit and good:
        from scrplan.returns.branch import branch_name, check_clean

        branch = branch_name(record.lead, when)
        check_clean([files[f] for f in good], branch)
    # A refused row whose plan is not known might belong to any of them.
    hold = not partial and any(r.file is None for r in refused)
    for file, rows in good.items():
        plan_refused = [r for r in refused if r.file == file]
        outcome = _apply_plan(
            files[file], file, rows, plan_refused, when, now,
            by=record.lead.by, hold=hold, partial=partial, dry_run=dry_run or commit,
        )  # fmt: skip
        refused += [r for r in plan_refused if r not in refused]
        result.plans.append(outcome)
    order = {
        cell.where: n
        for n, row in enumerate(form.rows)
        for cell in (row.ref, *row.shown.values(), *row.filled.values())
    }
    result.refused = sorted(refused, key=lambda r: order.get(r.where, len(order)))
    if commit and not dry_run and result.changed and branch is not None:
        from scrplan.returns.branch import commit_return

        texts = {files[p.file]: (p.text or "").encode("utf-8") for p in result.changed}
        result.branch = branch
        result.commit = commit_return(texts, branch, commit_message(result))
    return result


def _apply_plan(
    path: Path,
    file: str,
    rows: list[tuple[ReturnRow, RecordEntry]],
    refused: list[Refusal],
    day: dt.date,
    today: dt.date,
    *,
    by: str,
    hold: bool,
    partial: bool,
    dry_run: bool,
) -> PlanOutcome:
    """Apply one plan's rows as one edit; refusals are added to ``refused``."""
    from scrplan.edit.transaction import apply_edit
    from scrplan.plan.load import validate_data

    outcome = PlanOutcome(file, PurePosixPath(file).stem)

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        outcome.name = current.name
        updates = []
        for row, entry in rows:
            item = current.find(entry.id)
            if item is None:
                refused.append(
                    Refusal(
                        row.ref.where,
                        entry.ref,
                        f"is no longer in {file}: it was removed or renumbered since the "
                        "request; ask the board manager where the update belongs",
                        file,
                    )
                )
                continue
            if item_hash(item) != entry.item_hash:
                changes = "; ".join(what_changed(entry.fields, item))
                refused.append(
                    Refusal(
                        row.ref.where,
                        entry.ref,
                        f"changed in the plan since the request ({changes}), so this row was "
                        f"not applied: check it against the plan (scrplan show "
                        f"{entry.ref}) and make the update by hand, or send a new request",
                        file,
                    )
                )
                continue
            update, problems = read_update(row, current, item, day, today)
            refused.extend(r._replace_file(file) for r in problems)
            if update is not None:
                updates.append(update)
        if hold or (refused and not partial):
            outcome.held = bool(updates) or bool(refused)
            return []
        lines = [line for u in updates if (line := make_update(editor, current, u, by))]
        if lines:
            changed = editor.result()
            after, _ = validate_data(changed, current.context)
            if after is not None:
                outcome.warnings = compare_plans(current, after, current.name)[1]
            outcome.text = changed.raw
        return lines

    try:
        done = apply_edit(path, change, dry_run=dry_run)
    except PlanProblems as exc:
        shown = "; ".join(f"line {p.location.line}: {p.message}" for p in exc.problems[:3])
        refused.append(Refusal(file, None, f"{exc.hint}: {shown}", file))
        outcome.held = True
        return outcome
    except EditError as exc:
        refused.append(Refusal(file, None, str(exc), file))
        outcome.held = True
        return outcome
    outcome.changes, outcome.diff, outcome.written = done.changes, done.diff, done.written
    outcome.problems = done.warnings
    return outcome


def commit_message(result: ApplyResult) -> str:
    """The commit's message: the agency, the return's dates, and a line per item changed."""
    from scrplan.words import plural

    lines = [line for p in result.changed for line in p.changes]
    head = f"Return from {result.lead.label}, dated {result.day.isoformat()}"
    body = [
        f"Requested on {result.requested.isoformat()}, due {result.due.isoformat()}; "
        f"{plural(len(lines), 'item')} changed, applied with scrplan apply.",
        "",
        *lines,
    ]
    if result.refused:
        body += ["", f"Not applied: {plural(len(result.refused), 'row')} refused."]
    return "\n".join([head, "", *body]) + "\n"


__all__ = ["ApplyResult", "PlanOutcome", "Refusal", "apply_return"]
