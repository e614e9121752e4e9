"""Writing the themes ``scrplan suggest-themes --apply`` proposes into a plan.

The proposals are made again from the plan as it is when the edit holds the lock, so what is
written is what the plan says then; each recommendation that has no themes and whose text
suggests some gets one line, ``themes: [strategy meetings, information sharing]``, after its
recommendation. Nothing else in the file changes.
"""

from __future__ import annotations

from pathlib import Path

from scrplan.edit.splice import PlanEditor
from scrplan.edit.transaction import EditResult, apply_edit
from scrplan.plan.model import Plan
from scrplan.plan.themes import propose


def write_themes(path: Path, *, dry_run: bool = False) -> EditResult:
    """Give every recommendation of the plan at ``path`` that has no themes the themes its
    text suggests; one line of the result per recommendation changed."""

    def change(editor: PlanEditor, current: Plan) -> list[str]:
        done = []
        for proposal in propose([current]):
            if not proposal.themes:
                continue
            editor.set((*proposal.recommendation.path, "themes"), proposal.themes)
            done.append(f"{proposal.ref}  themes: {', '.join(proposal.themes)}")
        return done

    return apply_edit(path, change, dry_run=dry_run)
