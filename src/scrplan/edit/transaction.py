"""The one way a plan file is changed: locked, checked before and after, written atomically.

:func:`apply_edit` locks the plans' folder, reads the file, refuses a plan that is already
invalid, makes the change with :class:`~scrplan.edit.splice.PlanEditor`, checks that the
changed plan is still valid, then replaces the file atomically, unless it changed on disk
meanwhile. A dry run stops before writing and returns the diff instead. The text is parsed
twice in all: once as it is, once as changed.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scrplan.edit.splice import PlanEditor
from scrplan.errors import EditError, PlanProblems, Problem
from scrplan.fileio import locked, read_plan_bytes, remove_stale_temps, save
from scrplan.plan.load import check_parsed, load_bytes, remember
from scrplan.plan.model import Plan
from scrplan.plan.settings import forget_settings, settings_for


@dataclass
class EditResult:
    """What an edit did: one line per change, and the diff when it was a dry run."""

    path: Path
    changes: list[str] = field(default_factory=list)
    diff: str = ""
    written: bool = False
    warnings: list[Problem] = field(default_factory=list)
    """Warnings the change brings (a completion date on an item not complete, say)."""


EditFn = Callable[[PlanEditor, Plan], list[str]]
"""Makes the change with the editor, reading the plan as it was; returns what it changed."""


def apply_edit(path: Path, change: EditFn, *, dry_run: bool = False) -> EditResult:
    """Apply ``change`` to the plan at ``path``: checked, atomic, and serialised with other
    scrplan edits of the same folder.

    Raises:
        PlanProblems: the plan is invalid before the change, or would be after it.
        EditError: the file cannot be written, changed meanwhile, or the edit was refused.
    """
    name = str(path)
    forget_settings()
    with locked(path):
        if not dry_run:  # a command killed while writing left its temporary file behind
            remove_stale_temps(path.parent)
        data, problems = read_plan_bytes(path)
        if data is None:
            raise PlanProblems(problems, "nothing changed")
        if not dry_run and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
            raise EditError(f"{name}: this file is read-only, so it cannot be changed")
        context = settings_for(path).context
        before = load_bytes(data, name, keep_text=True, context=context)
        plan = before.require(f"nothing changed: {name} has errors; fix them first")
        assert before.text is not None
        editor = PlanEditor(before.text)
        result = EditResult(path, change(editor, plan))
        changed = editor.result()
        if changed.raw == before.text.raw:
            return result
        # The changed text is checked under a name of its own: its line numbers are those of
        # the text as it would be, not of the file on disk.
        changed.path = f"{name} (as changed)"
        after = check_parsed(changed, context)
        after.require(f"nothing changed: the change would break the rules above in {name}")
        known = {(p.code, p.yaml_path) for p in before.problems}
        result.warnings = [
            p._replace(location=p.location._replace(path=name))
            for p in after.problems
            if (p.code, p.yaml_path) not in known
        ]
        if dry_run:
            result.diff = unified_diff(before.text.raw, changed.raw, name)
            return result
        current, _ = read_plan_bytes(path)
        if current != data:
            raise EditError(
                f"{name}: the file changed on disk while scrplan was editing it, so nothing was "
                "written; run the command again"
            )
        new_data = changed.raw.encode("utf-8")
        save(path, new_data)
        result.written = True
        # The next command finds the plan checked already; under the file's own name.
        if after.candidate is not None:
            after.candidate._file = name
            remember(path, new_data, after)
        return result


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
