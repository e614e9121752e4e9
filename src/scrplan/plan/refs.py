"""References to items: ``7``, ``child-m:7``, or ``plans/child-m.yaml:7``.

A reference names a plan by its short name (its file name without ``.yaml``) and an item by its
id. A bare id needs one plan to be meant: ``--plan``, ``SCRPLAN_PLAN``, or the only plan under
``plans/``; when several plans are there, the message names those that hold the id.
"""

from __future__ import annotations

import os
from pathlib import Path

from scrplan.errors import NotFound
from scrplan.plan.discover import find_plan_files, is_plan_file, plan_name
from scrplan.plan.load import load_plan
from scrplan.plan.model import Item, Plan

PLAN_ENV = "SCRPLAN_PLAN"


def resolve_ref(ref: str, plan: str | Path | None = None) -> tuple[Path, str]:
    """Which plan file and which id a reference names.

    ``child-m:7`` is item 7 of the plan whose file is named ``child-m.yaml``, looked for in the
    ``--plan`` folder, else the ``SCRPLAN_PLAN`` folder, else ``plans/``. A bare ``7`` needs one
    plan: ``--plan FILE``, else ``SCRPLAN_PLAN``, else the only plan under ``plans/``.

    Args:
        ref: the reference as typed.
        plan: the ``--plan`` option (a file or a folder), if given.

    Returns:
        The plan file and the item id.

    Raises:
        NotFound: the reference is empty, or names no plan, or more than one could be meant.
    """
    env = os.environ.get(PLAN_ENV, "").strip()
    chosen = Path(plan) if plan else Path(env) if env else None
    where = "--plan" if plan else PLAN_ENV
    if chosen is not None and not chosen.exists():
        raise NotFound(f"{chosen} (given with {where}): no such file or folder")
    head, sep, ident = ref.rpartition(":")
    if not ident.strip() or (sep and not head.strip()):
        raise NotFound(f"{ref!r} is not a reference: write an id such as 7, or child-m:7")
    if not sep:
        if chosen is not None and chosen.is_file():
            return chosen, ident
        candidates = find_plan_files([chosen] if chosen is not None else [])
        if len(candidates) == 1:
            return candidates[0], ident
        return _one_holding(ident, candidates, chosen)
    if Path(head).is_file():
        return Path(head), ident
    if is_plan_file(head):
        raise NotFound(f"{ref}: there is no file {head}")
    if chosen is not None and chosen.is_file():
        if plan_name(chosen) == head:
            return chosen, ident
        raise NotFound(f"{ref} names plan {head}, but {where} is {chosen}")
    files = find_plan_files([chosen] if chosen is not None else [])
    matches = [p for p in files if plan_name(p) == head]
    if len(matches) == 1:
        return matches[0], ident
    if not matches:
        names = ", ".join(plan_name(p) for p in files)
        raise NotFound(f"there is no plan called {head}; the plans are: {names}")
    listed = ", ".join(str(p) for p in matches)
    raise NotFound(
        f"{len(matches)} plans are called {head} ({listed}): give the file instead, "
        f"e.g. {matches[0]}:{ident}"
    )


def resolve_plan(given: str, plan: str | Path | None = None) -> Path:
    """The plan file ``given`` names: a file, or a plan's name (``child-m``) looked for as
    :func:`resolve_ref` looks for the plan of ``child-m:7``.

    Raises:
        NotFound: no such file or plan, or more than one plan has that name.
    """
    if Path(given).is_file():
        return Path(given)
    if not given.strip() or ":" in given:
        raise NotFound(f"{given!r} is not a plan: give its file, or its name such as child-m")
    if is_plan_file(given):
        raise NotFound(f"{given}: there is no such file")
    return resolve_ref(f"{given}:_", plan)[0]


def _one_holding(ident: str, candidates: list[Path], chosen: Path | None) -> tuple[Path, str]:
    """A bare id with several plans is refused, naming the plans that have that id."""
    holding = []
    for path in candidates:
        loaded = load_plan(path)
        if loaded.plan is None or loaded.plan.find(ident) is not None:
            holding.append(path)  # a plan with errors might hold it too
    how = "" if chosen is not None else f"; or give --plan PATH, or set {PLAN_ENV}"
    if not holding:
        names = ", ".join(plan_name(p) for p in candidates)
        raise NotFound(f"no plan has an item {ident} (the plans are: {names})")
    refs = ", ".join(f"{plan_name(p)}:{ident}" for p in holding)
    if len(holding) == 1:
        raise NotFound(
            f"{ident} needs its plan's name, as there are {len(candidates)} plans: "
            f"write {refs}{how}"
        )
    raise NotFound(f"{ident} is in {len(holding)} plans: name the plan, e.g. {refs}{how}")


def no_item(plan: Plan, ident: str) -> str:
    """The message for an id that a plan does not have."""
    ids = ", ".join(i.id for i in plan.items())
    if not ids:
        return f"{plan.name} has no item {ident}: it has no recommendations yet"
    return f"{plan.name} has no item {ident}; its ids are: {ids}"


def find_item(ref: str, plan: str | Path | None = None) -> tuple[Plan, Item]:
    """The plan and the recommendation or action that ``ref`` names.

    Raises:
        NotFound: no such plan or item.
        PlanProblems: the plan has errors.
    """
    path, ident = resolve_ref(ref, plan)
    found = load_plan(path).require(
        f"{path} has errors; fix them first (scrplan validate {path} lists them)"
    )
    item = found.find(ident)
    if item is None:
        raise NotFound(no_item(found, ident))
    return found, item
