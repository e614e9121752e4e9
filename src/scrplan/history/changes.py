"""What moved in the plans since the last board meeting: ``scrplan changes --since``.

The plans as they stood then (the last commit on or before a date, or a revision) against the
plans now (the working tree, or a later point for the yearly report): items completed, signed
off, with impact evidenced, reopened, closed without implementation; levels better or worse
(by what they mean: :func:`scrplan.plan.levels.urgency`); items newly overdue; targets moved
later, with how many times each item's target has moved later in all its history; items new
and removed; and open items with no update since then. Plans added, removed or renamed in
between are followed as ``scrplan diff`` follows them: by git's rename detection, then by title.

Every version is read under the partnership's settings as they are now, once per blob
(:mod:`.blobcache`), from one ``git log`` (:mod:`.timeline`) and one ``git cat-file``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from scrplan.errors import NotFound
from scrplan.history import git
from scrplan.history.blobcache import CheckedVersion, Wanted, blob_id, check_versions
from scrplan.history.facts import ItemFacts, PlanFacts
from scrplan.history.timeline import Timeline, first_day_error, timeline
from scrplan.plan.discover import DEFAULT_FOLDER, is_plan_file, plan_name
from scrplan.plan.levels import DONE_STAGES, urgency

KINDS: dict[str, str] = {
    "completed": "Completed",
    "verified": "Signed off",
    "impact": "Impact evidenced",
    "reopened": "Reopened",
    "closed": "Closed without implementation",
    "better": "Level better",
    "worse": "Level worse",
    "overdue": "Newly overdue",
    "slipped": "Target moved later",
    "added": "New",
    "removed": "Removed",
    "stale": "No update since",
}
"""What can happen to an item between two meetings, in the order the board reads them."""

SIGNED_OFF = frozenset({"verified", "impact evidenced"})


class Move(NamedTuple):
    """One thing that happened to an item: a kind of :data:`KINDS`, and the values before
    and after where they say more (``amber`` and ``red``; two target dates)."""

    kind: str
    old: str | None = None
    new: str | None = None


class ItemChanges(NamedTuple):
    """One recommendation or action, and what happened to it."""

    ref: str
    id: str
    kind: str
    """``recommendation`` or ``action``."""
    text: str
    moves: list[Move]
    target_moves: int
    """How many times its target date has moved later, in all its history."""
    updated: dt.date | None
    """Its last update (for items with none since)."""


@dataclass
class PlanChanges:
    """One plan, then and now.

    Attributes:
        name: its short name now (then, for a removed plan).
        title: its title.
        status: ``changed`` (the same file, changed or not), ``renamed``, ``new`` or
            ``removed``.
        then_path, now_path: its file then and now, from the top of the repository.
        items: the items something happened to, in the plan's order (removed ones last).
        recommendations: how many recommendations it has now (then, when removed).
        notes: what the reader should know about the versions read.
    """

    name: str
    title: str
    status: str
    then_path: str | None
    now_path: str | None
    items: list[ItemChanges] = field(default_factory=list)
    recommendations: int = 0
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """How many items had ``kind`` happen to them."""
        return sum(1 for item in self.items if any(m.kind == kind for m in item.moves))

    @property
    def counts(self) -> dict[str, int]:
        """The count of each kind."""
        return {kind: self.count(kind) for kind in KINDS}


@dataclass
class Changes:
    """Every plan, then and now.

    Attributes:
        since: what was asked for: a date (``2024-01-10``) or a revision, as typed.
        since_day: the day "then" is counted on: the date given, or the revision's day.
        base: the commit the plans were read at then.
        base_day: the day that commit was made.
        head: the commit the plans are read at now (None: the working tree).
        as_of: the day "now" is counted on (overdue, no update).
        plans: each plan, in path order.
    """

    since: str
    since_day: dt.date
    base: str
    base_day: dt.date
    head: str | None
    as_of: dt.date
    plans: list[PlanChanges]

    @property
    def totals(self) -> dict[str, int]:
        """The count of each kind across the plans."""
        return {kind: sum(p.count(kind) for p in self.plans) for kind in KINDS}

    @property
    def new_plans(self) -> list[PlanChanges]:
        return [p for p in self.plans if p.status == "new"]

    @property
    def removed_plans(self) -> list[PlanChanges]:
        return [p for p in self.plans if p.status == "removed"]


# --- reading plans at a point in history --------------------------------------------------------


def pathspecs_for(paths: Sequence[str | Path]) -> list[str]:
    """The paths as git pathspecs (``/`` on every system); default ``plans/``."""
    return [Path(p).as_posix() for p in paths] or [DEFAULT_FOLDER]


def _name(tl: Timeline, index: int, path: str) -> str:
    return f"{tl.points[index].id[:7]}:{path}"


def readable_state(
    tl: Timeline, index: int | None, root: str
) -> tuple[dict[str, tuple[int, CheckedVersion]], list[str]]:
    """The plans after the commit at ``index``: path → (line, checked version), each the
    version then or, when that one cannot be read, the last readable one before it; and a
    note for each plan read from an earlier version (or left out)."""
    if index is None:
        return {}, []
    state = tl.state(index)
    wanted = [Wanted(blob, path, _name(tl, index, path)) for path, (_, blob) in state.items()]
    checked = check_versions(wanted, root)
    found: dict[str, tuple[int, CheckedVersion]] = {}
    notes: list[str] = []
    here = tl.points[index].id[:7]
    for path, (line, blob) in sorted(state.items()):
        version = checked.get(blob)
        if version is not None and version.facts is not None:
            found[path] = (line, version)
            continue
        earlier = [(v, v.blob) for v in tl.lines[line] if v.at < index and v.blob]
        back = check_versions(
            [Wanted(b, v.path, _name(tl, v.at, v.path)) for v, b in earlier], root
        )
        usable = [(v, back[b]) for v, b in reversed(earlier) if b in back and back[b].facts]
        if usable:
            v, version = usable[0]
            found[path] = (line, version)
            then = tl.points[v.at]
            notes.append(
                f"{path} could not be read as it stood in commit {here}; its version of "
                f"commit {then.id[:7]} ({then.day.isoformat()}) is used"
            )
        else:
            notes.append(f"{path} could not be read in commit {here} and is left out")
    return found, notes


def worktree_versions(paths: Sequence[str | Path], root: str) -> dict[str, CheckedVersion]:
    """The plans under ``paths`` as they are now, each as a checked version (by the blob id
    its bytes would have), by path from the top of the repository.

    Refuses (:class:`~scrplan.errors.PlanProblems`, every problem listed) if any has errors,
    as ``status`` does: counts that quietly left out a plan would mislead the board.
    """
    from scrplan.plan.discover import find_plan_files
    from scrplan.plan.settings import settings_problems

    files = find_plan_files(list(paths))
    top = Path(root).resolve()
    wanted = []
    for file in files:
        try:
            path = file.resolve().relative_to(top).as_posix()
        except ValueError:
            raise NotFound(
                f"{file} is not in the git repository at {root}: scrplan reads the history "
                "of plans from git, so name plans inside it"
            ) from None
        try:
            data = file.read_bytes()
        except OSError:
            data = b""  # loading it again below reports why, in plain words
        wanted.append(Wanted(blob_id(data), path, str(file), data))
    checked = check_versions(wanted, root)
    found = {w.path: checked.get(w.blob) for w in wanted}
    if any(c is None or c.errors for c in found.values()) or any(
        p.is_error for p in settings_problems(files)
    ):
        from scrplan.plan.load import load_plans, require_all

        require_all(load_plans(files), "nothing shown")  # raises, with every problem
    return {path: c for path, c in found.items() if c is not None}


def pairs(
    base: str,
    head: str | None,
    pathspecs: Sequence[str],
    then: dict[str, str | None],
    now: dict[str, str | None],
) -> list[tuple[str | None, str | None]]:
    """Plan files then and now, paired: the same path, a rename git sees, or (for a file
    removed and one added) the same title. ``then`` and ``now`` map paths to titles (None:
    not known)."""
    renames = {
        c.old: c.new
        for c in git.changed(base, head, pathspecs)
        if c.status == "R" and is_plan_file(c.old) and is_plan_file(c.new)
    }
    out: list[tuple[str | None, str | None]] = []
    taken: set[str] = set()
    for path in sorted(then):
        target = renames.get(path, path)
        if target in now and target not in taken:
            out.append((path, target))
            taken.add(target)
        else:
            out.append((path, None))
    added = [p for p in sorted(now) if p not in taken]
    for path in added:
        match = next(
            (
                i
                for i, (old, new) in enumerate(out)
                if new is None
                and old is not None
                and then[old] is not None
                and then[old] == now[path]
            ),
            None,
        )
        if match is not None:
            out[match] = (out[match][0], path)
        else:
            out.append((None, path))
    return out


# --- comparing ---------------------------------------------------------------------------------


def target_moves(history: Sequence[PlanFacts]) -> dict[str, int]:
    """How many times each item's target date moved later, through ``history`` (oldest
    first); a target removed and set again is compared with the last one it had."""
    moves: dict[str, int] = {}
    last: dict[str, dt.date] = {}
    for version in history:
        for ident, target in version.targets.items():
            if target is None:
                continue
            before = last.get(ident)
            if before is not None and target > before:
                moves[ident] = moves.get(ident, 0) + 1
            last[ident] = target
    return moves


def _done(stage: str) -> bool:
    return stage in DONE_STAGES or stage == "awaiting sign-off"


def _level(item: ItemFacts) -> str:
    return item.level or "not rated"


def item_moves(
    then: PlanFacts | None,
    now: PlanFacts,
    item: ItemFacts,
    since_day: dt.date,
    as_of: dt.date,
) -> list[Move]:
    """What happened to ``item`` of ``now`` since it stood in ``then`` (None: the plan is
    new, and nothing is said of its items)."""
    old = then.find(item.id) if then is not None else None
    moves: list[Move] = []
    stage = item.stage
    if then is None:
        return moves
    if old is None:
        moves.append(Move("added"))
        if item.overdue(as_of):
            moves.append(Move("overdue"))
        return moves
    before = old.stage
    if _done(stage) and not _done(before) and before != "closed":
        moves.append(Move("completed"))
    if stage in SIGNED_OFF and before not in SIGNED_OFF:
        moves.append(Move("verified"))
    if stage == "impact evidenced" and before != "impact evidenced":
        moves.append(Move("impact"))
    if stage == "open" and before != "open":
        moves.append(Move("reopened", before, stage))
    if stage == "closed" and before != "closed":
        moves.append(Move("closed"))
    if not any(m.kind in ("completed", "reopened", "closed") for m in moves):
        was, is_ = urgency(then.means(old.level)), urgency(now.means(item.level))
        if is_ != was:
            moves.append(Move("better" if is_ > was else "worse", _level(old), _level(item)))
    if item.overdue(as_of) and not old.overdue(since_day):
        moves.append(Move("overdue"))
    if old.target and item.target and item.target > old.target:
        moves.append(Move("slipped", str(old.target), str(item.target)))
    if stage == "open" and (item.updated is None or item.updated < since_day):
        moves.append(Move("stale", str(item.updated) if item.updated else None))
    return moves


def compare_versions(
    then: PlanFacts | None,
    now: PlanFacts | None,
    name: str,
    since_day: dt.date,
    as_of: dt.date,
    moved: dict[str, int],
) -> list[ItemChanges]:
    """What happened to each item between two versions of one plan (``name`` now): the
    items of ``now`` in its order, then the items removed."""
    out = []
    if now is not None:
        for item in now.items:
            moves = item_moves(then, now, item, since_day, as_of)
            if moves:
                out.append(_item(name, item, moves, moved))
    if then is not None and now is not None:
        for item in then.items:
            if now.find(item.id) is None:
                out.append(_item(name, item, [Move("removed")], moved))
    return out


def _item(name: str, item: ItemFacts, moves: list[Move], moved: dict[str, int]) -> ItemChanges:
    return ItemChanges(
        f"{name}:{item.id}",
        item.id,
        item.kind,
        item.text,
        moves,
        moved.get(item.id, 0),
        item.updated,
    )


def _parse_since(since: str) -> dt.date | None:
    from scrplan.plan.dates import parse_plan_date

    try:
        return parse_plan_date(since)
    except ValueError:
        return None


def changes(
    paths: Sequence[str | Path],
    since: str,
    as_of: dt.date,
    *,
    until: dt.date | None = None,
) -> Changes:
    """What moved in the plans under ``paths`` since ``since``.

    Args:
        paths: plan files or folders (relative to the current folder); none: ``plans/``.
        since: a date (``2024-01-10``: the plans as they stood at the last commit made on or
            before it) or a revision (a branch, tag or commit).
        as_of: the day "now" is counted on (what is overdue now).
        until: compare with the plans as they stood on this day (the last commit on or
            before it) rather than as they are now; for the yearly report.

    Raises:
        GitError: not a repository, an unknown revision, or a date before the plans' history
            in git begins (there is nothing to compare with).
        PlanProblems: a plan as it is now has errors.
        NotFound: no plans.
    """
    root = git.toplevel()
    specs = pathspecs_for(paths)
    tl = timeline(specs)
    day = _parse_since(since)
    notes: list[str] = []
    # The plans now first: the versions git also has are then not parsed twice.
    now_versions = worktree_versions(paths, root) if until is None else {}
    if day is not None:
        index = tl.index_on_or_before(day)
        if index is None:
            raise first_day_error(tl, day, "these plans")
        base = tl.points[index].id
        base_day = tl.points[index].day
        then_state, notes = readable_state(tl, index, root)
        then_checked = {p: c for p, (_line, c) in then_state.items()}
        since_day = day
    else:
        base = git.commit(since)
        shown = git.git("show", "-s", "--format=%cI", base).decode("ascii").strip()
        base_day = dt.date.fromisoformat(shown[:10])
        since_day = base_day
        blobs = {p: b for p, b in git.tree_blobs(base, specs).items() if is_plan_file(p)}
        found = check_versions([Wanted(b, p, f"{base[:7]}:{p}") for p, b in blobs.items()], root)
        then_checked = {p: found[b] for p, b in blobs.items() if b in found}
        for p, c in list(then_checked.items()):
            if c.facts is None:
                notes.append(f"{p} could not be read in {since} and is left out")
                del then_checked[p]
    head: str | None = None
    if until is not None:
        at = tl.index_on_or_before(until)
        head = tl.points[at].id if at is not None else None
        state, more = readable_state(tl, at, root)
        notes += more
        now_versions = {p: c for p, (_line, c) in state.items()}
        lines = {p: line for p, (line, _c) in state.items()}
        head_index = at
    else:
        lines = _lines_now(tl, specs, now_versions, root)
        head_index = len(tl.points) - 1
    then = {p: c.facts for p, c in then_checked.items() if c.facts is not None}
    now = {p: c.facts for p, c in now_versions.items() if c.facts is not None}
    result = []
    titles_then: dict[str, str | None] = {p: f.title for p, f in then.items()}
    titles_now: dict[str, str | None] = {p: f.title for p, f in now.items()}
    paired = pairs(base, head, specs, titles_then, titles_now)
    histories = _histories(tl, [lines[n] for _, n in paired if n in lines], head_index, root)
    for old, new in paired:
        then_facts = then.get(old) if old else None
        now_facts = now.get(new) if new else None
        history = list(histories.get(lines[new], [])) if new in lines else []
        if now_facts is not None and until is None:
            history.append(now_facts)
        moved = target_moves(history)
        result.append(_plan_changes(old, new, then_facts, now_facts, since_day, as_of, moved))
    for plan_changes in result:
        plan_changes.notes = [
            n for n in notes if n.startswith((plan_changes.then_path or "\0") + " ")
        ]
    result.sort(key=lambda p: p.now_path or p.then_path or "")
    return Changes(since, since_day, base, base_day, head, as_of, result)


def _lines_now(
    tl: Timeline, specs: Sequence[str], now: dict[str, CheckedVersion], root: str
) -> dict[str, int]:
    """The timeline line of each plan as it is now, through any rename since the last commit."""
    if not tl.points:
        return {}
    last = len(tl.points) - 1
    state, _ = readable_state(tl, last, root)
    head_titles: dict[str, str | None] = {
        p: c.facts.title if c.facts else None for p, (_, c) in state.items()
    }
    now_titles: dict[str, str | None] = {
        p: c.facts.title if c.facts else None for p, c in now.items()
    }
    found = {}
    for old, new in pairs(tl.points[last].id, None, specs, head_titles, now_titles):
        if old is not None and new is not None:
            found[new] = state[old][0]
    return found


def _histories(
    tl: Timeline, lines: Sequence[int], head_index: int | None, root: str
) -> dict[int, list[PlanFacts]]:
    """Every readable version of each plan file (by its line, across renames) up to the
    commit at ``head_index``, oldest first: all read with one ``git cat-file`` at most."""
    if head_index is None:
        return {}
    versions = {
        line: [(v, v.blob) for v in tl.lines[line] if v.at <= head_index and v.blob]
        for line in lines
    }
    found = check_versions(
        [Wanted(b, v.path, _name(tl, v.at, v.path)) for each in versions.values() for v, b in each],
        root,
    )
    out = {}
    for line, each in versions.items():
        facts = [found[b].facts for _, b in each if b in found]
        out[line] = [f for f in facts if f is not None]
    return out


def _plan_changes(
    old: str | None,
    new: str | None,
    then: PlanFacts | None,
    now: PlanFacts | None,
    since_day: dt.date,
    as_of: dt.date,
    moved: dict[str, int],
) -> PlanChanges:
    if new is None or now is None:
        assert old is not None
        title = then.title if then else plan_name(old)
        count = len(then.recs) if then else 0
        return PlanChanges(plan_name(old), title, "removed", old, None, [], count)
    status = "new" if old is None or then is None else "renamed" if old != new else "changed"
    name = plan_name(new)
    items = compare_versions(then, now, name, since_day, as_of, moved)
    return PlanChanges(name, now.title, status, old, new, items, len(now.recs))


__all__ = ["KINDS", "Changes", "ItemChanges", "Move", "PlanChanges", "changes"]
