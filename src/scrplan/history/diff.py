"""What changed in plans between two revisions: ``scrplan diff``.

:func:`diff` finds the plan files that differ between two revisions (or a revision and the
working tree) with :mod:`scrplan.history.git`, loads both versions of each with the usual
loader, and compares them with :mod:`scrplan.history.compare`.

A version that cannot be read as a plan is not an error here: its located problems are kept
(named ``HEAD:plans/child-m.yaml:12:5`` for a revision) and shown instead of its changes. So is
an entry that is no plan file at all, such as a submodule named ``plans/sub.yaml`` or a file
whose name holds a line break: the reviewer is told, and every other plan is still compared.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrplan.errors import Location, NotFound, Problem, errors_in
from scrplan.fileio import PLAN_SIZE_LIMIT, read_plan_bytes
from scrplan.history import git
from scrplan.history.compare import Change, ReviewWarning, compare_plans
from scrplan.plan.discover import DEFAULT_FOLDER, is_plan_file, plan_name
from scrplan.plan.load import load_bytes
from scrplan.plan.model import DEFAULT_CONTEXT, Plan
from scrplan.plan.settings import settings_for
from scrplan.words import unsafe_character, visible

if TYPE_CHECKING:
    from scrplan.learning.repeats import Said

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
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return errors_in(self.problems)

    @property
    def short_name(self) -> str:
        """The plan's short name, from its file name: ``child-m`` (a line break in the name
        shown as a stand-in)."""
        return visible(plan_name(self.path), one_line=True)


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
        return version.short_name if version is not None else ""

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
            p for version in (self.old, self.new) if version is not None for p in version.errors
        ]

    @property
    def new_errors(self) -> bool:
        """True when the newer version has errors."""
        return self.new is not None and bool(self.new.errors)


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


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path


# --- revisions and paths from the command line --------------------------------------------------


def split_arguments(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """Revisions and paths, told apart as git does when there is no ``--``: arguments are
    revisions until one is not a revision but names a file or folder; it and the rest are paths.

    Raises:
        GitError: an argument is neither a revision nor an existing path.
    """
    revisions: list[str] = []
    for i, arg in enumerate(args):
        # A range is told by its dots, without asking git (one process fewer).
        if (".." in arg and not os.path.exists(arg)) or git.is_revision(arg):
            revisions.append(arg)
        elif os.path.exists(arg):
            return revisions, list(args[i:])
        else:
            git.commit(arg)  # raises, saying the revision is unknown
    return revisions, []


def _label(rev: str) -> str:
    """A revision as the user wrote it; a full commit id shortened as git shows it."""
    return git.short(rev) if _FULL_ID.fullmatch(rev) else rev


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
        first, head = git.commits([a, b])
        base = git.merge_base(first, head, a, b)
        return (
            Side(git.short(base), base, revisions[0]),
            Side(_label(b), head, b),
        )
    if len(revisions) == 1 and ".." in revisions[0]:
        a, _, b = revisions[0].partition("..")
        revisions = [a or "HEAD", b or "HEAD"]
    if any(".." in r for r in revisions):
        raise ValueError("a range (A..B or A...B) is the only revision when it is given")
    typed = list(revisions) or ["HEAD"]
    ids = git.commits(typed)
    old = Side(_label(typed[0]), ids[0], typed[0])
    if len(typed) < 2:
        return old, Side(WORKING_TREE, None, None)
    return old, Side(_label(typed[1]), ids[1], typed[1])


# --- loading versions ---------------------------------------------------------------------------


def _not_a_plan(path: str, mode: str, name: str, in_git: bool) -> Problem | None:
    """Why the entry ``path`` (git's ``mode`` for it) cannot be compared as a plan, if it
    cannot: a submodule, a link kept in git, a name with a line break or a control character."""
    if mode == git.GITLINK:
        message = (
            "this is a submodule entry (a link to a commit of another repository), not a plan "
            "file, so scrplan cannot show what it changes; a plan is a file of text. Remove "
            "the entry, or check with whoever added it"
        )
    elif mode == git.SYMLINK and in_git:
        message = (
            "this is a symbolic link kept in git, not a plan file; scrplan does not follow "
            "links in the history. Commit the plan itself here"
        )
    elif "\n" in path or "\r" in path or unsafe_character(path):
        message = (
            "this file's name holds a line break or an invisible control character, which "
            "scrplan will not show or use in references; rename the file"
        )
    else:
        return None
    return Problem(Location(name), message, "not-a-plan-file")


def load_version(
    data: bytes | None, path: str, name: str, root: str | None = None
) -> Version | None:
    """Read one version of a plan. A plan whose only errors are cross-item rules (say, complete
    without evidence) is still compared, so the reviewer sees what the change did.

    Every version is read under the partnership's settings as they are now in the working
    tree (``root`` is the top of the repository), so that a change is judged by one rule.
    """
    if data is None:
        return None
    context = settings_for(Path(root, path)).context if root else DEFAULT_CONTEXT
    loaded = load_bytes(data, name, context=context)
    return Version(path, name, loaded.comparable, loaded.problems)


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
    root = git.toplevel()
    base, head = sides(revisions)
    assert base.commit is not None
    # git reads / in paths on every system; a Windows user may type plans\\child-m.yaml.
    pathspecs = [Path(p).as_posix() for p in paths] or [DEFAULT_FOLDER]
    for given, spec in zip(paths, pathspecs, strict=False):
        # A mistyped path would otherwise read as "nothing changed": a false all-clear in CI.
        here = (
            Path(given).exists()
            if head.commit is None
            else bool(git.tree_blobs(head.commit, [spec]))
        )
        if not here and not git.tree_blobs(base.commit, [spec]):
            raise NotFound(f"{given}: no such plan file or folder, here or in {base.label}")
    found = [
        c for c in git.changed(base.commit, head.commit, pathspecs) if is_plan_file(c.old or c.new)
    ]
    renamed = [
        c for c in found if c.status == "R" and not (is_plan_file(c.old) and is_plan_file(c.new))
    ]
    found = [c for c in found if c not in renamed]
    for c in renamed:  # renamed to or from something that is not a plan
        if is_plan_file(c.old):
            found.append(c._replace(status="D", new=None, new_mode="", new_blob=None))
        if is_plan_file(c.new):
            found.append(c._replace(status="A", old=None, old_mode="", old_blob=None))
    if head.commit is None:
        found += [git.FileChange("A", None, p) for p in git.untracked(pathspecs) if is_plan_file(p)]
    nothing_here = not found and not paths and not os.path.isdir(DEFAULT_FOLDER)
    if nothing_here and not git.tree_blobs(base.commit, pathspecs):
        raise NotFound(
            "no plan given and there is no plans/ folder here or in "
            f"{base.label}: name plan files or folders after --, "
            "e.g. scrplan diff HEAD -- plans/child-m.yaml"
        )
    # By blob id: a name with a line break cannot be asked for as REV:path.
    wanted = [c.old_blob for c in found if c.old and c.old_blob]
    if head.commit is not None:
        wanted += [c.new_blob for c in found if c.new and c.new_blob]
    blobs = git.objects(wanted, PLAN_SIZE_LIMIT)

    def version(path: str, mode: str, blob: str | None, side: Side) -> Version | None:
        name = visible(side.name(path, root), one_line=True)
        odd = _not_a_plan(path, mode, name, side.commit is not None)
        if odd is not None:
            return Version(path, name, None, [odd])
        if side.commit is not None:
            return load_version(blobs.get(blob or ""), path, name, root)
        data, problems = read_plan_bytes(Path(root, path))
        if data is None:
            if any(p.code == "no-such-file" for p in problems):
                return None  # deleted meanwhile
            located = [p._replace(location=p.location._replace(path=name)) for p in problems]
            return Version(path, name, None, located)
        return load_version(data, path, name, root)

    pairs: list[tuple[Version | None, Version | None]] = []
    for c in found:
        old = version(c.old, c.old_mode, c.old_blob, base) if c.old else None
        new = version(c.new, c.new_mode, c.new_blob, head) if c.new else None
        pairs.append((old, new))
    plans = [_plan_diff(old, new) for old, new in _pair_by_title(pairs) if old or new]
    plans.sort(key=lambda p: (p.new or p.old).path)  # type: ignore[union-attr]
    _warn_of_repeats(plans, head, root, pathspecs)
    return Comparison(base, head, [p for p in plans if p.changes or p.problems or _moved(p)])


def _warn_of_repeats(plans: list[PlanDiff], head: Side, root: str, pathspecs: list[str]) -> None:
    """Warn where a new plan, or a new recommendation, repeats a recommendation of another
    plan on the newer side: the reviewer should ask what became of the first one.

    Nothing is read, and the text-similarity library is not loaded, unless something was
    added.
    """
    added = [(p, said) for p in plans for said in _new_recommendations(p)]
    if not added:
        return
    from scrplan.learning.repeats import earlier_repeats

    new_paths = {p.new.path for p, _ in added if p.new is not None}
    others = [plan for path, plan in _plans_at(head, root, pathspecs) if path not in new_paths]
    found = earlier_repeats([said for _, said in added], others)
    for (plan_diff, said), matches in zip(added, found, strict=True):
        if matches:
            plan_diff.warnings.append(repeat_warning(plan_diff.name, said, matches))


def _new_recommendations(p: PlanDiff) -> list[Said]:
    from scrplan.learning.repeats import Said

    if p.new is None or p.new.plan is None:
        return []
    plan = p.new.plan
    if p.old is None:
        return [Said(plan, rec) for rec in plan.recommendations]
    added = {c.ref for c in p.changes if c.kind == "item-added"}
    return [Said(plan, rec) for rec in plan.recommendations if f"{p.name}:{rec.id}" in added]


def _plans_at(head: Side, root: str, pathspecs: list[str]) -> list[tuple[str, Plan]]:
    """Every readable plan under ``pathspecs`` on the newer side, by its path from the top."""
    if head.commit is None:
        # Files on disk go through the plan cache, as every other command reads them.
        from scrplan.plan.load import load_plans

        files = [p for p in _tracked_or_new(pathspecs) if Path(root, p).is_file()]
        loaded = load_plans([Path(root, p) for p in files])
        return [(p, one.comparable) for p, one in zip(files, loaded, strict=True) if one.comparable]
    blobs = {p: b for p, b in git.tree_blobs(head.commit, pathspecs).items() if is_plan_file(p)}
    read = git.objects(list(blobs.values()), PLAN_SIZE_LIMIT)
    found = []
    for path, blob in sorted(blobs.items()):
        version = load_version(read.get(blob), path, head.name(path, root), root)
        if version is not None and version.plan is not None:
            found.append((path, version.plan))
    return found


def _tracked_or_new(pathspecs: list[str]) -> list[str]:
    """Plan files in the working tree under ``pathspecs``, from the top of the repository."""
    out = git.git("ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard",
                  "--", *pathspecs)  # fmt: skip
    return [
        p for p in dict.fromkeys(os.fsdecode(x) for x in out.split(b"\0") if x) if is_plan_file(p)
    ]


def repeat_warning(name: str, said: Said, matches: list[tuple[Said, float]]) -> ReviewWarning:
    """The warning for a new recommendation that repeats ``matches`` (the most alike first)."""
    earlier, similarity = matches[0]
    when = f", {earlier.date.isoformat()}" if earlier.date is not None else ""
    state = "still outstanding" if earlier.outstanding else "complete there"
    more = len(matches) - 1
    others = f" (and {more} more)" if more else ""
    alike = math.floor(similarity * 100 + 1e-6)  # rounded down, as `scrplan repeats` shows it
    return ReviewWarning(
        "repeats-earlier",
        name,
        said.ref,
        f"repeats {earlier.ref} ({earlier.plan.title}{when}; {state}), "
        f"{alike}% alike{others}: ask what became of it, and say in the plan why it is made "
        "again",
    )


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
