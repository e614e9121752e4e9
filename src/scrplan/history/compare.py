"""What changed between two versions of a plan, in safeguarding terms.

Two plans in, a list of :class:`Change` values and :class:`ReviewWarning` values out: a RAG that
moved, a progress note added or edited, a target date moved, an item added or removed. The
warnings are what a reviewer of a plan update should look at twice: something made complete
without evidence, a target date moved later, red to green in one step, progress history edited
or deleted (it should only grow), a RAG changed with no note saying why.

No git and no formatting here: :mod:`scrplan.history.diff` finds the versions,
:mod:`scrplan.output.history_views` shows the changes.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel

from scrplan.plan.dates import Interval
from scrplan.plan.model import PLAN_LAYOUT, Item, Plan, ProgressEntry, Recommendation
from scrplan.words import plural


class Change(NamedTuple):
    """One change to a plan or to one of its items.

    Attributes:
        kind: what happened: ``plan-added``, ``plan-removed``, ``plan-renamed``, ``plan-field``,
            ``item-added``, ``item-removed``, ``item-moved``, ``rag``, ``field``,
            ``progress-added``, ``progress-changed``, ``progress-removed``; and, in ``log``,
            ``history-cut``: the item as the oldest commit of a shallow clone has it.
        plan: the plan's short name (``child-m``).
        ref: the item (``child-m:7``), or None for a change to the plan itself.
        field: the field that changed (``rag``, ``lead``, ``target_date``…), where one did.
        old: the value before, ready for JSON (text, a list of text, a progress entry as a
            dict), or None.
        new: the value after, likewise.
    """

    kind: str
    plan: str
    ref: str | None
    field: str | None = None
    old: Any = None
    new: Any = None


class ReviewWarning(NamedTuple):
    """Something in a change that a reviewer should look at twice.

    Attributes:
        code: a short stable name: ``complete-without-evidence``, ``target-slipped``,
            ``red-to-green``, ``history-edited``, ``history-removed``, ``rag-without-note``,
            ``complete-not-verified``, ``verified-by-lead``, ``verification-removed``,
            ``closed``, ``impact-review-passed``; ``repeats-earlier`` (from
            :mod:`scrplan.history.diff`: a new recommendation that another plan already made).
        plan: the plan's short name.
        ref: the item.
        message: what happened and what to check, in plain words.
        level: ``warning``, or ``information`` for what the reviewer should know but need not
            question (a completion the partnership has yet to sign off).
    """

    code: str
    plan: str
    ref: str | None
    message: str
    level: str = "warning"


# The plan's own fields; its RAG key and recommendations are compared item by item.
PLAN_FIELDS = tuple(f for f in PLAN_LAYOUT if f not in ("rag_key", "recommendations"))
ITEM_FIELDS = (
    "lead",
    "target_date",
    "timescale",
    "evidence",
    "completed",
    "verified",
    "impact",
    "closed",
    "other_columns",
)
NOTE_WORDS = 80


def value(v: Any) -> Any:
    """A field's value ready for JSON: dates as written (``2017-03`` stays a month)."""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, BaseModel):
        return v.model_dump(mode="json", exclude_none=True)
    if isinstance(v, Interval):
        return str(v)
    if isinstance(v, list):
        return list(v)
    if isinstance(v, dict):
        return dict(v)
    return v


def entry(p: ProgressEntry) -> dict[str, Any]:
    """A progress entry as JSON-ready data."""
    return {"date": value(p.date), "by": p.by, "note": p.note}


def item_summary(plan: Plan, item: Item) -> dict[str, Any]:
    """What an added or removed item was: its kind, text, RAG and recommendation."""
    parent = plan.parent_of(item)
    return {
        "kind": "recommendation" if isinstance(item, Recommendation) else "action",
        "text": item.text,
        "rag": plan.rag(item),
        "recommendation": parent.id if parent is not None else None,
    }


def compare_plans(
    old: Plan | None, new: Plan | None, name: str
) -> tuple[list[Change], list[ReviewWarning]]:
    """Every change from ``old`` to ``new``, and the warnings for a reviewer.

    Args:
        old: the plan before (None: the plan is new).
        new: the plan after (None: the plan was removed).
        name: the plan's short name, for references (``child-m`` makes ``child-m:7``).

    Returns:
        The changes, plan fields first, then items in the new plan's order, then removed
        items; and the warnings.
    """
    if old is None and new is None:
        return [], []
    if old is None:
        assert new is not None
        return [Change("plan-added", name, None, None, None, new.title)], []
    if new is None:
        return [Change("plan-removed", name, None, None, old.title, None)], []
    changes: list[Change] = []
    warnings: list[ReviewWarning] = []
    for field in PLAN_FIELDS:
        before, after = value(getattr(old, field)), value(getattr(new, field))
        if before != after:
            changes.append(Change("plan-field", name, None, field, before, after))
    old_key, new_key = old.key.model_dump(), new.key.model_dump()
    if old_key != new_key:
        changes.append(Change("plan-field", name, None, "rag_key", old_key, new_key))
    old_items = _by_id(old)
    new_items = _by_id(new)
    for ident, item in new_items.items():
        ref = f"{name}:{ident}"
        if ident not in old_items:
            changes.append(Change("item-added", name, ref, None, None, item_summary(new, item)))
            warnings += _new_item_warnings(new, item, name, ref)
            continue
        found, warned = compare_items(old, old_items[ident], new, item, name)
        changes += found
        warnings += warned
    for ident, item in old_items.items():
        if ident not in new_items:
            changes.append(
                Change("item-removed", name, f"{name}:{ident}", None, item_summary(old, item))
            )
    return changes, warnings


def _by_id(plan: Plan) -> dict[str, Item]:
    found: dict[str, Item] = {}
    for item in plan.items():
        found.setdefault(item.id, item)
    return found


def compare_items(
    old_plan: Plan, old: Item, new_plan: Plan, new: Item, name: str
) -> tuple[list[Change], list[ReviewWarning]]:
    """The changes to one recommendation or action, and the warnings for a reviewer.

    Args:
        old_plan: the plan ``old`` belongs to (for its RAG key and its actions).
        old: the item before.
        new_plan: the plan ``new`` belongs to.
        new: the item after.
        name: the plan's short name, for the reference.
    """
    ref = f"{name}:{new.id}"
    changes: list[Change] = []
    warnings: list[ReviewWarning] = []
    old_parent, new_parent = old_plan.parent_of(old), new_plan.parent_of(new)
    old_pid = old_parent.id if old_parent is not None else None
    new_pid = new_parent.id if new_parent is not None else None
    if old_pid != new_pid:
        changes.append(Change("item-moved", name, ref, "recommendation", old_pid, new_pid))
    old_rag, new_rag = old_plan.rag(old), new_plan.rag(new)
    if old_rag != new_rag:
        derived = isinstance(new, Recommendation) and bool(new.actions)
        field = "rag_from_actions" if derived else "rag"
        changes.append(Change("rag", name, ref, field, old_rag, new_rag))
    text_field = "recommendation" if isinstance(new, Recommendation) else "action"
    if old.text != new.text:
        changes.append(Change("field", name, ref, text_field, old.text, new.text))
    old_learning = old.learning if isinstance(old, Recommendation) else None
    new_learning = new.learning if isinstance(new, Recommendation) else None
    if old_learning != new_learning:
        changes.append(Change("field", name, ref, "learning", old_learning, new_learning))
    for field in ITEM_FIELDS:
        before, after = value(getattr(old, field)), value(getattr(new, field))
        if before != after:
            changes.append(Change("field", name, ref, field, before, after))
    progress, history = _progress(old.progress, new.progress, name, ref)
    changes += progress
    warnings += history
    warnings += _warnings(old_plan, old, new_plan, new, name, ref, changes)
    return changes, warnings


def _progress(
    old: Sequence[ProgressEntry], new: Sequence[ProgressEntry], name: str, ref: str
) -> tuple[list[Change], list[ReviewWarning]]:
    """Progress entries added, edited and removed; history should only grow."""
    before = [entry(p) for p in old]
    after = [entry(p) for p in new]
    keys = [(e["date"], e["by"], e["note"]) for e in before]
    new_keys = [(e["date"], e["by"], e["note"]) for e in after]
    matcher = difflib.SequenceMatcher(None, keys, new_keys, autojunk=False)
    changes: list[Change] = []
    warnings: list[ReviewWarning] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            was, now = before[i1 + k], after[j1 + k]
            changes.append(Change("progress-changed", name, ref, "progress", was, now))
            warnings.append(
                ReviewWarning(
                    "history-edited",
                    name,
                    ref,
                    f"the progress note {describe_entry(was)} was edited after it was written: "
                    "history should only grow, so add a new note instead of changing an old one",
                )
            )
        for was in before[i1 + pairs : i2]:
            changes.append(Change("progress-removed", name, ref, "progress", was, None))
            warnings.append(
                ReviewWarning(
                    "history-removed",
                    name,
                    ref,
                    f"the progress note {describe_entry(was)} was deleted: history should only "
                    "grow, so keep old notes and add a new one",
                )
            )
        for now in after[j1 + pairs : j2]:
            changes.append(Change("progress-added", name, ref, "progress", None, now))
    return changes, warnings


def describe_entry(e: dict[str, Any]) -> str:
    """``dated 2017-03-01 by WMP``, ``(undated) by WMP``, ``dated 2017-03-01``."""
    when = f"dated {e['date']}" if e["date"] else "(undated)"
    return f"{when} by {e['by']}" if e["by"] else when


def _new_item_warnings(plan: Plan, item: Item, name: str, ref: str) -> list[ReviewWarning]:
    warnings = []
    if plan.lacks_evidence(item):
        warnings.append(_no_evidence(plan, item, name, ref))
    warnings += _assurance(None, None, plan, item, name, ref)
    return warnings


def _no_evidence(plan: Plan, item: Item, name: str, ref: str) -> ReviewWarning:
    level = plan.key.complete_level
    return ReviewWarning(
        "complete-without-evidence",
        name,
        ref,
        f"made {level} ({plan.key.meaning(level)}) without evidence: ask for the evidence "
        "that the work is done and has made a difference",
    )


def _assurance(
    old_plan: Plan | None,
    old: Item | None,
    plan: Plan,
    new: Item,
    name: str,
    ref: str,
    changed: bool = True,
) -> list[ReviewWarning]:
    """What a change does to the assurance the board gives: a completion to sign off, a
    sign-off by the agency that did the work, or one taken away, a closure, an impact review
    that has passed (said of an item the change touches: ``changed``)."""
    warnings = []
    was_complete = old is not None and old_plan is not None and old_plan.is_complete(old)
    if plan.is_complete(new) and not was_complete and not plan.is_verified(new):
        level = plan.rag(new)
        warnings.append(
            ReviewWarning(
                "complete-not-verified",
                name,
                ref,
                f"made {level} ({plan.key.meaning(level)}) by its lead agency: the partnership "
                f"has yet to check the evidence and sign it off (scrplan verify {ref} --by ...)",
                "information",
            )
        )
    verified = new.verified
    if verified is not None and (old is None or old.verified != verified):
        lead = next((x for x in new.lead if plan.context.same_agency(verified.by, x)), None)
        if lead is not None:
            warnings.append(
                ReviewWarning(
                    "verified-by-lead",
                    name,
                    ref,
                    f"signed off by {verified.by}, which leads it: nobody independent checked "
                    "the evidence",
                )
            )
    if old is not None and old.verified is not None and verified is None:
        warnings.append(
            ReviewWarning(
                "verification-removed",
                name,
                ref,
                f"the sign-off by {old.verified.by} was removed: check why, and whether the "
                "item is still complete",
            )
        )
    closed = new.closed
    if closed is not None and (old is None or old.closed is None):
        agreed = f", agreed by {closed.by}" if closed.by else ", with no record of who agreed"
        warnings.append(
            ReviewWarning(
                "closed",
                name,
                ref,
                f"closed without implementation{agreed}: {closed.reason}",
            )
        )
    impact = new.impact
    if (
        changed
        and impact is not None
        and impact.review_date is not None
        and impact.review_date < dt.date.today()
        and not impact.evidence
        and closed is None
    ):
        warnings.append(
            ReviewWarning(
                "impact-review-passed",
                name,
                ref,
                f"the impact review date {impact.review_date.isoformat()} has passed with no "
                "evidence of impact: ask for it, or agree a new date",
            )
        )
    return warnings


def _warnings(
    old_plan: Plan,
    old: Item,
    new_plan: Plan,
    new: Item,
    name: str,
    ref: str,
    changes: Sequence[Change],
) -> list[ReviewWarning]:
    """What a reviewer should look at twice in the change to one item."""
    warnings = []
    if new_plan.lacks_evidence(new) and not old_plan.lacks_evidence(old):
        warnings.append(_no_evidence(new_plan, new, name, ref))
    before, after = old.target_date, new.target_date
    if before is not None and after is not None and after > before:
        warnings.append(
            ReviewWarning(
                "target-slipped",
                name,
                ref,
                f"target date moved later, from {before.isoformat()} to {after.isoformat()} "
                f"({_days(after - before)}): check the board has agreed the new date and why",
            )
        )
    elif before is not None and after is None:
        warnings.append(
            ReviewWarning(
                "target-slipped",
                name,
                ref,
                f"target date {before.isoformat()} removed: the item no longer has a date to be "
                "held to",
            )
        )
    before_level, after_level = old_plan.key.level(old.rag), new_plan.key.level(new.rag)
    if (
        before_level is not None
        and after_level is not None
        and before_level.means == "off track"
        and after_level.means in ("on track", "complete")
        and old.rag != new.rag
    ):
        warnings.append(
            ReviewWarning(
                "red-to-green",
                name,
                ref,
                f"RAG went from {before_level.name} to {after_level.name} in one step: check the "
                "progress notes show what changed",
            )
        )
    own_rag = any(c.kind == "rag" and c.field == "rag" for c in changes)
    explained = any(
        c.kind == "progress-added" or (c.field == "evidence" and c.new) for c in changes
    )
    if own_rag and not explained:
        warnings.append(
            ReviewWarning(
                "rag-without-note",
                name,
                ref,
                f"RAG changed from {old.rag or 'not rated'} to {new.rag or 'not rated'} with no "
                "new progress note saying why",
            )
        )
    warnings += _assurance(old_plan, old, new_plan, new, name, ref, bool(changes))
    return warnings


def _days(delta: dt.timedelta) -> str:
    return plural(delta.days, "day") + " later"
