"""One item through a plan file's commits: ``scrplan log``.

:func:`item_log` walks the file's commits, across renames, and keeps those that changed one
recommendation or action, with what they changed in safeguarding terms. Versions are read one
at a time, oldest first, and only the two being compared are kept: a plan with a thousand
commits costs the memory of two versions, not of a thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scrplan.errors import NotFound, Problem
from scrplan.fileio import PLAN_SIZE_LIMIT
from scrplan.history import git
from scrplan.history.compare import Change, ReviewWarning, compare_items, item_summary
from scrplan.history.diff import Version, load_version
from scrplan.plan.discover import plan_name
from scrplan.plan.model import Item, Plan
from scrplan.plan.refs import resolve_ref


@dataclass
class LogEntry:
    """One commit that changed an item, and what it changed."""

    commit: git.Commit
    changes: list[Change]
    warnings: list[ReviewWarning]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ItemLog:
    """The history of one recommendation or action, newest commit first."""

    ref: str
    file: str
    paths: list[str]
    """Every path the plan file has had, newest first (more than one after a rename)."""
    entries: list[LogEntry]


def item_log(ref: str, plan: str | Path | None = None) -> ItemLog:
    """Each commit that changed the item ``ref`` names, with what it changed.

    Args:
        ref: ``7`` or ``child-m:7``, as :func:`scrplan.plan.refs.resolve_ref` reads it.
        plan: the ``--plan`` option.

    Raises:
        NotFound: no such plan, the plan is not in git, or the item is in no version of it.
        GitError: not a repository, or git missing.
    """
    root = git.toplevel()  # not a repository: say so before looking for the plan
    path, ident = resolve_ref(ref, plan)
    name = plan_name(str(path))
    full_ref = f"{name}:{ident}"
    commits = git.history(path.as_posix())
    if not commits:
        raise NotFound(f"{path} has no history in git yet: commit it first")
    oldest_first = commits[::-1]
    blobs = git.each_object([c.blob for c in oldest_first if c.blob], PLAN_SIZE_LIMIT)
    entries: list[LogEntry] = []
    last_plan: Plan | None = None
    last_item: Item | None = None
    seen = False
    last_blob: str | None = None
    version: Version | None = None
    for c in oldest_first:
        if c.blob is None:
            version = None
        else:
            _, data = next(blobs)
            if c.blob != last_blob:  # a commit that only renamed the file needs no new read
                version = load_version(data, c.path, f"{c.id[:7]}:{c.path}", root)
        last_blob = c.blob
        if version is not None and version.plan is None:
            if seen:  # say why this commit's changes show at the next readable one
                entries.append(LogEntry(c, [], [], version.errors))
            continue
        current = version.plan if version is not None else None
        item = current.find(ident) if current is not None else None
        changes: list[Change] = []
        warnings: list[ReviewWarning] = []
        if item is not None and current is not None:
            seen = True
            if last_item is None or last_plan is None:
                # In a shallow clone the oldest commit fetched holds the whole file, though it
                # may have changed none of it: say so, not "new recommendation".
                kind = "history-cut" if c.root and c.id in git.shallow_commits() else "item-added"
                changes.append(
                    Change(kind, name, full_ref, None, None, item_summary(current, item))
                )
            else:
                changes, warnings = compare_items(last_plan, last_item, current, item, name)
        elif last_item is not None and last_plan is not None:
            changes.append(
                Change("item-removed", name, full_ref, None, item_summary(last_plan, last_item))
            )
        if changes:
            entries.append(LogEntry(c, changes, warnings))
        last_plan, last_item = current, item
    if not seen:
        raise NotFound(f"{name} has no item {ident} in any commit of {path}")
    paths = list(dict.fromkeys(c.path for c in commits))
    entries.reverse()
    return ItemLog(full_ref, str(path), paths, entries)
