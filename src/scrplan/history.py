"""Plans through time: what changed between two revisions, and one item's history in git.

:func:`diff` finds the plan files that differ between two revisions (or a revision and the
working tree) with :mod:`scrplan.gitrev`, loads both versions of each with the usual loader, and
compares them with :mod:`scrplan.compare`. :func:`item_log` walks one plan file's commits, across
renames, and keeps the commits that changed one recommendation or action.

A version that cannot be read as a plan is not an error here: its located problems are kept
(named ``HEAD:plans/child-m.yaml:12:5`` for a revision) and shown instead of its changes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from scrplan import gitrev
from scrplan.compare import Change, ReviewWarning, compare_items, compare_plans, item_summary
from scrplan.errors import NotFound, Problem
from scrplan.loader import (
    DEFAULT_FOLDER,
    PLAN_SUFFIXES,
    load_plan_bytes,
    resolve_ref,
    validate_data,
)
from scrplan.model import Item, Plan

WORKING_TREE = "the working tree"
_FULL_ID = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


class Side:
    """One side of a comparison: a commit, or the working tree (``commit`` None)."""

    def __init__(self, label: str, commit: str | None, typed: str | None) -> None:
        self.label = label
        self.commit = commit
        self.typed = typed

    def name(self, path: str, root: str) -> str:
        """What to call a file on this side: ``HEAD:plans/a.yaml``, or its path on disk
        (relative to the current folder, so editors can open it)."""
        if self.commit is None:
            return _relative(os.path.join(root, path))
        return f"{self.label}:{path}"


@dataclass
class Version:
    """One version of one plan file: where it is, what it is called, what was read."""

    path: str
    """From the top of the repository."""
    name: str
    """For messages: ``HEAD:plans/child-m.yaml`` or ``plans/child-m.yaml``."""
    plan: Plan | None
    problems: list[Problem]

    @property
    def short_name(self) -> str:
        """The plan's short name, from its file name: ``child-m``."""
        return plan_name(self.path)


@dataclass
class PlanDiff:
    """How one plan changed."""

    old: Version | None
    new: Version | None
    changes: list[Change] = field(default_factory=list)
    warnings: list[ReviewWarning] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The plan's short name (as it is now, when it still exists)."""
        version = self.new or self.old
        assert version is not None
        return version.short_name

    @property
    def status(self) -> str:
        """``added``, ``removed``, ``renamed``, ``changed`` or ``invalid``."""
        if self.problems and not self.changes:
            return "invalid"
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "renamed" if self.old.path != self.new.path else "changed"

    @property
    def title(self) -> str | None:
        """The plan's title (as it is now, when it can be read)."""
        for version in (self.new, self.old):
            if version is not None and version.plan is not None:
                return version.plan.title
        return None

    @property
    def problems(self) -> list[Problem]:
        """Errors that stopped either version being read or compared, old first."""
        return [
            p
            for version in (self.old, self.new)
            if version is not None
            for p in version.problems
            if p.severity == "error"
        ]

    @property
    def new_errors(self) -> bool:
        """True when the newer version has errors."""
        return self.new is not None and any(p.severity == "error" for p in self.new.problems)


@dataclass
class Comparison:
    """Every plan that changed between two sides."""

    base: Side
    head: Side
    plans: list[PlanDiff]

    @property
    def changes(self) -> list[Change]:
        """Every change, plan by plan."""
        return [c for p in self.plans for c in p.changes]

    @property
    def warnings(self) -> list[ReviewWarning]:
        """Every warning, plan by plan."""
        return [w for p in self.plans for w in p.warnings]

    @property
    def problems(self) -> list[Problem]:
        """Every error found in either version of a changed plan."""
        return [pr for p in self.plans for pr in p.problems]

    @property
    def changed(self) -> bool:
        """True when any plan file differs."""
        return bool(self.plans)

    @property
    def new_errors(self) -> bool:
        """True when a plan on the newer side has errors."""
        return any(p.new_errors for p in self.plans)


def plan_name(path: str) -> str:
    """The short name of the plan in ``path``: its file name without the extension."""
    base = PurePosixPath(path.replace("\\", "/")).name
    return base.rsplit(".", 1)[0] if "." in base else base


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path


def _is_plan(path: str | None) -> bool:
    return path is not None and path.lower().endswith(PLAN_SUFFIXES)


# --- revisions and paths from the command line --------------------------------------------------


def split_arguments(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """Revisions and paths, told apart as git does when there is no ``--``: arguments are
    revisions until one is not a revision but names a file or folder; it and the rest are paths.

    Raises:
        GitError: an argument is neither a revision nor an existing path.
    """
    revisions: list[str] = []
    for i, arg in enumerate(args):
        if gitrev.is_revision(arg) or (".." in arg and not os.path.exists(arg)):
            revisions.append(arg)
        elif os.path.exists(arg):
            return revisions, list(args[i:])
        else:
            gitrev.commit(arg)  # raises, saying the revision is unknown
    return revisions, []


def _label(rev: str) -> str:
    """A revision as the user wrote it; a full commit id shortened as git shows it."""
    return gitrev.short(rev) if _FULL_ID.fullmatch(rev) else rev


def sides(revisions: Sequence[str]) -> tuple[Side, Side]:
    """The two sides ``revisions`` name (as ``git diff`` reads them).

    No revision: ``HEAD`` against the working tree. One: that revision against the working
    tree. Two: one against the other. ``A..B`` is ``A B``; ``A...B`` compares from where B's
    history left A's (their merge base) to B.

    Raises:
        GitError: a revision is unknown, or not in a repository.
        ValueError: more than two revisions, or a range with another revision.
    """
    if len(revisions) > 2:
        raise ValueError("give at most two revisions: BASE and HEAD")
    if len(revisions) == 1 and "..." in revisions[0]:
        a, _, b = revisions[0].partition("...")
        a, b = a or "HEAD", b or "HEAD"
        base = gitrev.merge_base(a, b)
        short = gitrev.short(base)
        head = gitrev.commit(b)
        return (
            Side(f"{short}", base, revisions[0]),
            Side(_label(b), head, b),
        )
    if len(revisions) == 1 and ".." in revisions[0]:
        a, _, b = revisions[0].partition("..")
        revisions = [a or "HEAD", b or "HEAD"]
    if any(".." in r for r in revisions):
        raise ValueError("a range (A..B or A...B) is the only revision when it is given")
    base_rev = revisions[0] if revisions else "HEAD"
    old = Side(_label(base_rev), gitrev.commit(base_rev), base_rev)
    if len(revisions) < 2:
        return old, Side(WORKING_TREE, None, None)
    return old, Side(_label(revisions[1]), gitrev.commit(revisions[1]), revisions[1])


# --- loading versions ---------------------------------------------------------------------------


def load_version(data: bytes | None, path: str, name: str) -> Version | None:
    """Read one version of a plan. A plan whose only errors are cross-item rules (say, complete
    without evidence) is still compared, so the reviewer sees what the change did."""
    if data is None:
        return None
    loaded = load_plan_bytes(data, name, keep_source=True)
    plan = loaded.plan
    source = loaded.source
    if plan is None and source is not None and source.data is not None:
        candidate, schema_problems = validate_data(source)
        if not schema_problems:
            plan = candidate
    return Version(path, name, plan, loaded.problems)


def diff(revisions: Sequence[str], paths: Sequence[str] = ()) -> Comparison:
    """Compare the plans under ``paths`` (default ``plans/``) between two revisions.

    Args:
        revisions: none, one or two revisions, or one range, as :func:`sides` reads them.
        paths: files or folders (relative to the current folder) to compare.

    Returns:
        Every plan that differs, in path order, with its changes, warnings and problems.

    Raises:
        GitError: not a repository, git missing, an unknown revision.
        NotFound: no plans were found on either side.
    """
    root = gitrev.toplevel()
    base, head = sides(revisions)
    assert base.commit is not None
    # git reads / in paths on every system; a Windows user may type plans\\child-m.yaml.
    pathspecs = [Path(p).as_posix() for p in paths] or [DEFAULT_FOLDER]
    for given, spec in zip(paths, pathspecs, strict=False):
        # A mistyped path would otherwise read as "nothing changed": a false all-clear in CI.
        here = (
            Path(given).exists() if head.commit is None else bool(gitrev.files(head.commit, [spec]))
        )
        if not here and not gitrev.files(base.commit, [spec]):
            raise NotFound(f"{given}: no such plan file or folder, here or in {base.label}")
    found = [
        c for c in gitrev.changed(base.commit, head.commit, pathspecs) if _is_plan(c.old or c.new)
    ]
    renamed = [c for c in found if c.status == "R" and not (_is_plan(c.old) and _is_plan(c.new))]
    found = [c for c in found if c not in renamed]
    for c in renamed:  # renamed to or from something that is not a plan
        if _is_plan(c.old):
            found.append(gitrev.FileChange("D", c.old, None))
        if _is_plan(c.new):
            found.append(gitrev.FileChange("A", None, c.new))
    if head.commit is None:
        found += [
            gitrev.FileChange("A", None, p) for p in gitrev.untracked(pathspecs) if _is_plan(p)
        ]
    nothing_here = not found and not paths and not os.path.isdir(DEFAULT_FOLDER)
    if nothing_here and not gitrev.files(base.commit, pathspecs):
        raise NotFound(
            "no plan given and there is no plans/ folder here or in "
            f"{base.label}: name plan files or folders after --, "
            "e.g. scrplan diff HEAD -- plans/child-m.yaml"
        )
    wanted = [f"{base.commit}:{c.old}" for c in found if c.old]
    if head.commit is not None:
        wanted += [f"{head.commit}:{c.new}" for c in found if c.new]
    blobs = gitrev.objects(wanted)

    def new_bytes(path: str) -> bytes | None:
        if head.commit is not None:
            return blobs.get(f"{head.commit}:{path}")
        try:
            return Path(root, path).read_bytes()
        except OSError:
            return None

    pairs: list[tuple[Version | None, Version | None]] = []
    for c in found:
        old = (
            load_version(blobs.get(f"{base.commit}:{c.old}"), c.old, base.name(c.old, root))
            if c.old
            else None
        )
        new = load_version(new_bytes(c.new), c.new, head.name(c.new, root)) if c.new else None
        pairs.append((old, new))
    plans = [_plan_diff(old, new) for old, new in _pair_by_title(pairs)]
    plans.sort(key=lambda p: (p.new or p.old).path)  # type: ignore[union-attr]
    return Comparison(base, head, [p for p in plans if p.changes or p.problems or _moved(p)])


def _moved(p: PlanDiff) -> bool:
    return p.old is not None and p.new is not None and p.old.path != p.new.path


def _pair_by_title(
    pairs: list[tuple[Version | None, Version | None]],
) -> list[tuple[Version | None, Version | None]]:
    """Pair a removed plan with an added one that has the same title: a plan moved without
    ``git mv`` (or changed too much for git to see a rename) is still the same plan."""
    removed = {id(o): o for o, n in pairs if n is None and o is not None and o.plan is not None}
    out: list[tuple[Version | None, Version | None]] = []
    taken: set[int] = set()
    for old, new in pairs:
        if old is None and new is not None and new.plan is not None:
            match = next(
                (
                    o
                    for key, o in removed.items()
                    if key not in taken and o.plan is not None and o.plan.title == new.plan.title
                ),
                None,
            )
            if match is not None:
                taken.add(id(match))
                out.append((match, new))
                continue
        out.append((old, new))
    return [(o, n) for o, n in out if not (n is None and id(o) in taken)]


def _plan_diff(old: Version | None, new: Version | None) -> PlanDiff:
    result = PlanDiff(old, new)
    name = result.name
    readable_old = old is None or old.plan is not None
    readable_new = new is None or new.plan is not None
    if old is not None and new is not None and old.path != new.path:
        result.changes.append(Change("plan-renamed", name, None, "file", old.path, new.path))
    if readable_old and readable_new:
        changes, warnings = compare_plans(
            old.plan if old else None, new.plan if new else None, name
        )
        result.changes += changes
        result.warnings += warnings
    return result


# --- one item's history -------------------------------------------------------------------------


@dataclass
class LogEntry:
    """One commit that changed an item, and what it changed."""

    commit: gitrev.Commit
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
        ref: ``7`` or ``child-m:7``, as :func:`scrplan.loader.resolve_ref` reads it.
        plan: the ``--plan`` option.

    Raises:
        NotFound: no such plan, the plan is not in git, or the item is in no version of it.
        GitError: not a repository, or git missing.
    """
    gitrev.toplevel()  # not a repository: say so before looking for the plan
    path, ident = resolve_ref(ref, plan)
    name = plan_name(str(path))
    full_ref = f"{name}:{ident}"
    commits = gitrev.history(path.as_posix())
    if not commits:
        raise NotFound(f"{path} has no history in git yet: commit it first")
    blobs = gitrev.objects([c.blob for c in commits if c.blob])
    entries: list[LogEntry] = []
    last_plan: Plan | None = None
    last_item: Item | None = None
    seen = False
    parsed: dict[str, Version | None] = {}
    for c in reversed(commits):
        if c.blob is None:
            version = None
        elif c.blob in parsed:
            version = parsed[c.blob]
        else:
            version = load_version(blobs.get(c.blob), c.path, f"{c.id[:7]}:{c.path}")
            parsed[c.blob] = version
        if version is not None and version.plan is None:
            if seen:  # say why this commit's changes show at the next readable one
                errors = [p for p in version.problems if p.severity == "error"]
                entries.append(LogEntry(c, [], [], errors))
            continue
        current = version.plan if version is not None else None
        item = current.find(ident) if current is not None else None
        changes: list[Change] = []
        warnings: list[ReviewWarning] = []
        if item is not None and current is not None:
            seen = True
            if last_item is None or last_plan is None:
                changes.append(
                    Change("item-added", name, full_ref, None, None, item_summary(current, item))
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
