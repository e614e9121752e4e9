"""Every version of a folder of plans through git history, from one run of ``git log``.

:func:`timeline` reads the commits of the current branch that changed plans under some
paths (following first parents: the branch as it stood, not each side branch), with the plan
files each commit added, changed, renamed or removed and their blob ids. From that it knows,
for any commit, which plan files there were and which version (blob) of each; and it follows
each plan file across renames as one *line*, so an item's history survives ``git mv``.

No plan is read here: :mod:`.blobcache` reads each version once, by its blob id.

Dates are the committer's, as the committer's clock showed them (the date part of ``%cI``):
"the plans as they stood on 10 January" is the last commit made on or before that day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scrplan.errors import GitError
from scrplan.history import git
from scrplan.plan.discover import is_plan_file


class Point(NamedTuple):
    """One commit that changed the plans: its id, and the day it was made."""

    id: str
    day: dt.date
    when: str
    """The full date and time, as git gives it (``2024-02-01T10:00:00+00:00``)."""


class FileVersion(NamedTuple):
    """A plan file as one commit left it: ``blob`` None when the commit removed it."""

    at: int
    """The commit's position in :attr:`Timeline.points`."""
    path: str
    blob: str | None


@dataclass
class Timeline:
    """The commits that changed the plans, oldest first, and each plan file's versions.

    Attributes:
        points: the commits, oldest first.
        lines: each plan file's versions, oldest first, by a number that stays the same
            across renames.
    """

    points: list[Point] = field(default_factory=list)
    lines: dict[int, list[FileVersion]] = field(default_factory=dict)

    def index_on_or_before(self, day: dt.date) -> int | None:
        """The position of the last commit made on or before ``day`` (None: none was)."""
        found = None
        for index, point in enumerate(self.points):
            if point.day <= day:
                found = index
        return found

    def state(self, index: int | None) -> dict[str, tuple[int, str]]:
        """The plan files after the commit at ``index``: path → (line, blob id). None, or a
        position before the first commit: no plans."""
        if index is None or index < 0:
            return {}
        found: dict[str, tuple[int, str]] = {}
        for line, versions in self.lines.items():
            at = bisect.bisect_right(versions, index, key=lambda v: v.at) - 1
            blob = versions[at].blob if at >= 0 else None
            if blob is not None:
                found[versions[at].path] = (line, blob)
        return found


def _parse_day(when: str) -> dt.date:
    return dt.date.fromisoformat(when[:10])


def timeline(pathspecs: Sequence[str]) -> Timeline:
    """The history of the plan files under ``pathspecs`` on the current branch.

    One ``git log`` process, whatever the number of commits and plans. A repository with no
    commits yet has an empty timeline.

    Raises:
        GitError: not a repository, or git missing.
    """
    if not git.is_revision("HEAD"):
        return Timeline()
    out = git.git(
        "log", "--first-parent", "-m", "--reverse", "--raw", "-z", "--no-abbrev", "-M",
        "--no-ext-diff", "--no-relative", "--format=%x1e%H%x00%cI", "HEAD", "--", *pathspecs,
    )  # fmt: skip
    result = Timeline()
    current: dict[str, int] = {}
    for record in out.split(b"\x1e"):
        if not record:
            continue
        header, _, raw = record.partition(b"\0\n")
        commit_id, when = header.decode("ascii", "replace").split("\0")[:2]
        index = len(result.points)
        result.points.append(Point(commit_id, _parse_day(when), when))
        tokens = [os.fsdecode(t) for t in raw.split(b"\0")]
        i = 0
        while i < len(tokens):
            if not tokens[i].startswith(":"):
                i += 1
                continue
            meta = tokens[i].split()
            blob, status = meta[3], meta[4][0]
            if status in "RC":
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
            else:
                old = new = tokens[i + 1]
                i += 2
            _apply(result, current, index, status, old, new, blob)
    return result


def _apply(
    result: Timeline,
    current: dict[str, int],
    index: int,
    status: str,
    old: str,
    new: str,
    blob: str,
) -> None:
    """Follow one file change of one commit."""

    def start(path: str) -> None:
        line = len(result.lines)
        result.lines[line] = [FileVersion(index, path, blob)]
        current[path] = line

    def end(path: str) -> None:
        line = current.pop(path, None)
        if line is not None:
            result.lines[line].append(FileVersion(index, path, None))

    if status == "R":
        if is_plan_file(old) and is_plan_file(new) and old in current:
            line = current.pop(old)
            result.lines[line].append(FileVersion(index, new, blob))
            current[new] = line
            return
        end(old)
        if is_plan_file(new):
            start(new)
        return
    if not is_plan_file(new):
        return
    if status == "D":
        end(old)
    elif status in "AC" or new not in current:
        start(new)
    else:
        result.lines[current[new]].append(FileVersion(index, new, blob))


def first_day_error(tl: Timeline, day: dt.date, what: str) -> GitError:
    """The plain error for a date before the plans' history in git begins."""
    if not tl.points:
        return GitError(f"{what} have no history in git yet: commit them first")
    first = tl.points[0]
    return GitError(
        f"there is no version of {what} on or before {day.isoformat()}: their history in git "
        f"starts on {first.day.isoformat()} (commit {first.id[:7]}); give that date or a later one"
    )
