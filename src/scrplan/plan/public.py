"""The public edition of plans: what a partnership publishes, and what it keeps back.

Plans name people: the officer who gave a progress note, who signed an item off, who agreed to
close it; imported plans keep columns such as "Internal notes". The partnership's settings say
which of these a public edition leaves out (``publish: public: hide:``, see docs/format.md);
without them it leaves out the names of people. :func:`public_edition` makes copies of the
plans without those parts, so that everything built from the copies (pages, search data,
tables) cannot hold them; the counts (outstanding, overdue, stale, stages) are the same as the
originals', because nothing they depend on is removed.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from scrplan.plan.model import Item, Plan
    from scrplan.plan.settings_model import Settings

HIDEABLE: dict[str, str] = {
    "progress.by": "who gave each progress note",
    "verified.by": "who signed each item off",
    "verified.note": "what each sign-off found",
    "closed.by": "who agreed to close each item",
    "evidence": "the evidence that items are complete",
    "summary": "the plans' background summaries",
    "other_columns": "the columns kept from imported plans",
    "contacts": "the agencies' contacts and email addresses",
}
"""What a public edition can leave out, by the name the settings give it, and in words."""

OTHER_COLUMN = "other_columns."
"""``other_columns.Internal notes`` leaves out one column kept from an imported plan."""

DEFAULT_HIDE: tuple[str, ...] = ("progress.by", "verified.by", "closed.by", "contacts")
"""What a public edition leaves out when the settings do not say: the names of people."""

SIGNED_OFF_BY = "the partnership"
"""Who a public edition says signed an item off when ``verified.by`` is left out: sign-off is
the partnership's, whoever did it for the partnership."""


class LeftOut(NamedTuple):
    """One part a public edition left out, and how many values of it."""

    part: str
    """As the settings name it: ``progress.by``, ``other_columns.Internal notes``."""
    words: str
    """What it is, for people: ``who gave each progress note``."""
    number: int

    def __str__(self) -> str:
        return f"{self.words} ({self.part}: {self.number})"


def hidden(settings: Settings | None) -> tuple[str, ...]:
    """What the public edition under ``settings`` leaves out (the default when they do not
    say)."""
    public = settings.publish.public if settings and settings.publish else None
    if public is None or public.hide is None:
        return DEFAULT_HIDE
    return tuple(dict.fromkeys(public.hide))


def hidden_for(plan: Plan) -> tuple[str, ...]:
    """What the public edition leaves out of ``plan``, by the settings that apply to it."""
    from scrplan.plan.settings import settings_for

    return hidden(settings_for(plan.file).settings) if plan.file else DEFAULT_HIDE


def describe(part: str) -> str:
    """A part in words: ``who gave each progress note``, ``the column “Internal notes”``."""
    if part.startswith(OTHER_COLUMN):
        return f"the column “{part[len(OTHER_COLUMN) :].strip()}” of imported plans"
    return HIDEABLE[part]


def public_edition(
    plans: Sequence[Plan], hide: Sequence[str] | None = None
) -> tuple[list[Plan], list[LeftOut]]:
    """Copies of ``plans`` without what is not for publication.

    Args:
        plans: valid plans (they are not changed).
        hide: what to leave out of every plan; by default, what each plan's settings say.

    Returns:
        The copies, in the same order, and what was left out of them, each part the settings
        name (``contacts`` with no number: plans hold none; see :func:`contacts_withheld`).
    """
    counts: Counter[str] = Counter()
    parts: dict[str, None] = {}
    out = []
    by_folder: dict[str, tuple[str, ...]] = {}  # settings apply to a folder: look once for each
    for plan in plans:
        if hide is not None:
            chosen = tuple(hide)
        else:
            folder = os.path.dirname(plan.file)
            if folder not in by_folder:
                by_folder[folder] = hidden_for(plan)
            chosen = by_folder[folder]
        parts.update(dict.fromkeys(chosen))
        out.append(_plan(plan, frozenset(chosen), counts))
    return out, [LeftOut(p, describe(p), counts[p]) for p in parts]


def _plan(plan: Plan, hide: frozenset[str], counts: Counter[str]) -> Plan:
    if not hide - {"contacts"}:
        return plan
    recs = []
    for rec in plan.recommendations:
        actions = [_item(action, hide, counts) for action in rec.actions]
        changed = any(new is not old for new, old in zip(actions, rec.actions, strict=True))
        recs.append(_item(rec, hide, counts, {"actions": actions} if changed else {}))
    update: dict[str, Any] = {"recommendations": recs}
    if "summary" in hide and plan.summary:
        update["summary"] = None
        counts["summary"] += 1
    return plan.model_copy(update=update)


def _item(
    item: Item, hide: frozenset[str], counts: Counter[str], update: dict[str, Any] | None = None
) -> Any:
    """``item`` without the parts in ``hide`` (itself when it holds none), changed by
    ``update`` too."""
    update = dict(update or {})
    if "progress.by" in hide and any(p.by for p in item.progress):
        counts["progress.by"] += sum(1 for p in item.progress if p.by)
        update["progress"] = [p.model_copy(update={"by": None}) for p in item.progress]
    verified = item.verified
    if verified is not None:
        change: dict[str, Any] = {}
        if "verified.by" in hide and verified.by != SIGNED_OFF_BY:
            change["by"] = SIGNED_OFF_BY
        if "verified.note" in hide and verified.note:
            change["note"] = None
        for name in change:
            counts[f"verified.{name}"] += 1
        if change:
            update["verified"] = verified.model_copy(update=change)
    if "closed.by" in hide and item.closed is not None and item.closed.by:
        counts["closed.by"] += 1
        update["closed"] = item.closed.model_copy(update={"by": None})
    if "evidence" in hide and item.evidence:
        counts["evidence"] += 1
        update["evidence"] = None
    if item.other_columns:
        kept = _columns(item.other_columns, hide, counts)
        if len(kept) != len(item.other_columns):
            update["other_columns"] = kept
    return item.model_copy(update=update) if update else item


def _columns(columns: dict[str, str], hide: Iterable[str], counts: Counter[str]) -> dict[str, str]:
    if "other_columns" in hide:
        counts["other_columns"] += len(columns)
        return {}
    names = {
        _folded(part[len(OTHER_COLUMN) :]): part for part in hide if part.startswith(OTHER_COLUMN)
    }
    kept = {}
    for name, value in columns.items():
        part = names.get(_folded(name))
        if part is None:
            kept[name] = value
        else:
            counts[part] += 1
    return kept


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def contacts_withheld(left_out: Sequence[LeftOut], number: int) -> list[LeftOut]:
    """``left_out`` with the number of agencies whose contacts were left out."""
    return [p._replace(number=number) if p.part == "contacts" else p for p in left_out]
