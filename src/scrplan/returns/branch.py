"""A return committed on a branch of its own, for the board manager to review as a pull request.

The commit is built from the current commit's tree with only the changed plan files replaced
(``git hash-object``, ``git mktree``, ``git commit-tree``), and the branch is made with ``git
update-ref``: the working folder, the index and the branch checked out are not touched, so no
other uncommitted work can be swept into the commit or changed by it. A plan the return changes
must be as committed, or its uncommitted lines would be committed with the return.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from scrplan.errors import GitError
from scrplan.history.git import commit, git, is_revision, toplevel
from scrplan.returns.request import Lead

PREFIX = "returns"


def branch_name(lead: Lead, day: dt.date) -> str:
    """``returns/wmp-2024-06-30``: the agency and the return's date."""
    return f"{PREFIX}/{lead.slug}-{day.isoformat()}"


def _entries(paths: Sequence[Path]) -> dict[str, tuple[str, str]]:
    """Each file's path in the repository, with its mode and blob at HEAD's index."""
    out = git("ls-files", "-s", "--full-name", "-z", "--", *(str(p) for p in paths))
    found: dict[str, tuple[str, str]] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, blob, _stage = meta.decode("ascii").split()
        found[os.fsdecode(name)] = (mode, blob)
    return found


def check_clean(paths: Sequence[Path], branch: str) -> None:
    """Refuse before anything is done when the commit could not be made cleanly.

    Raises:
        GitError: this is not a repository with a commit; the branch exists already; a plan
            is not committed, or has uncommitted changes.
    """
    commit("HEAD")
    if is_revision(f"refs/heads/{branch}"):
        raise GitError(
            f"a branch {branch} exists already, so this return may have been applied: look at "
            f"it (scrplan diff HEAD...{branch}), or delete it (git branch -D {branch}) to "
            "apply the return again"
        )
    tracked = _entries(paths)
    if len(tracked) < len(paths):
        raise GitError(
            "a plan this return changes is not committed yet, so there is nothing to branch "
            "from: commit the plans first, then apply the return with --commit"
        )
    dirty = git("status", "--porcelain=v1", "-z", "--", *(str(p) for p in paths))
    names = sorted({os.fsdecode(r[3:]) for r in dirty.split(b"\0") if len(r) > 3})
    if names:
        raise GitError(
            f"{', '.join(names)} {'has' if len(names) == 1 else 'have'} changes that are not "
            "committed, and --commit would commit them with the return: commit or stash them "
            "first (git stash), or apply the return without --commit"
        )


def _tree(tree: str, changes: dict[str, tuple[str, str]]) -> str:
    """``tree`` with the files in ``changes`` (path → mode, blob) replaced, as a new tree."""
    here = {p: v for p, v in changes.items() if "/" not in p}
    below: dict[str, dict[str, tuple[str, str]]] = {}
    for p, v in changes.items():
        if "/" in p:
            folder, rest = p.split("/", 1)
            below.setdefault(folder, {})[rest] = v
    lines = []
    for record in git("ls-tree", "-z", tree).split(b"\0"):
        if not record:
            continue
        meta, _, raw = record.partition(b"\t")
        mode, kind, obj = meta.decode("ascii").split()
        name = os.fsdecode(raw)
        if name in here:
            mode, obj = here[name]
        elif name in below and kind == "tree":
            obj = _tree(obj, below[name])
        lines.append(f"{mode} {kind} {obj}\t".encode("ascii") + raw)
    return git("mktree", "-z", stdin=b"\0".join(lines) + b"\0").decode("ascii").strip()


def commit_return(texts: dict[Path, bytes], branch: str, message: str) -> str:
    """Commit ``texts`` (each plan file's new bytes) on a new branch ``branch`` made from
    HEAD, touching nothing else; the new commit's id."""
    head = commit("HEAD")
    top = Path(toplevel()).resolve()
    modes = {name: mode for name, (mode, _) in _entries(list(texts)).items()}
    changes: dict[str, tuple[str, str]] = {}
    for path, data in texts.items():
        name = path.resolve().relative_to(top).as_posix()
        # --path: the repository's attributes (line endings, filters) apply as to the file.
        blob = git("hash-object", "-w", "--stdin", f"--path={path}", stdin=data)
        changes[name] = (modes.get(name, "100644"), blob.decode("ascii").strip())
    root = git("rev-parse", f"{head}^{{tree}}").decode("ascii").strip()
    tree = _tree(root, changes)
    made = git("commit-tree", tree, "-p", head, "-F", "-", stdin=message.encode("utf-8"))
    new = made.decode("ascii").strip()
    git("update-ref", f"refs/heads/{branch}", new, "0" * len(head))
    return new
