"""git itself: files at a revision, what changed between two, and a file's history.

Every call goes through :func:`git`: the ``git`` program itself, with an argument list (never a
shell), machine-readable ``-z`` output, and failures turned into :class:`GitError` in plain
words. This module knows git, not plans: paths in and bytes out.

Paths given to git as pathspecs are relative to the current folder, as on git's own command
line; paths that come back are relative to the top of the repository (``plans/child-m.yaml``),
which is also how ``REV:path`` names a file at a revision.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from scrplan.errors import GitError

NOT_A_REPOSITORY = (
    "this folder is not in a git repository: scrplan diff and scrplan log read the history of "
    "plans from git, so run them inside the repository that holds the plans"
)
NO_GIT = (
    "git is not installed, or not on PATH: install git (https://git-scm.com/downloads) "
    "and try again"
)


def _env() -> dict[str, str]:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    # Settings a user may have that would change what these commands print.
    env.pop("GIT_EXTERNAL_DIFF", None)
    return env


def git(
    *args: str,
    stdin: bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """Run ``git ARGS`` in the current folder (or ``cwd``), with ``env`` added to the
    environment, and return what it printed.

    Raises:
        GitError: git is missing, this is not a repository, or git failed.
    """
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            input=stdin,
            capture_output=True,
            check=False,
            env={**_env(), **(env or {})},
            cwd=cwd,
        )
    except FileNotFoundError:
        raise GitError(NO_GIT) from None
    except OSError as exc:
        raise GitError(f"git could not be run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = os.fsdecode(done.stderr).strip()
        if "not a git repository" in message:
            raise GitError(NOT_A_REPOSITORY)
        first = message.splitlines()[0] if message else f"exit status {done.returncode}"
        raise GitError(f"git {args[0]} failed: {first.removeprefix('fatal: ')}")
    return done.stdout


def _paths(output: bytes) -> list[str]:
    """A ``-z`` list of paths."""
    return [os.fsdecode(p) for p in output.split(b"\0") if p]


def toplevel() -> str:
    """The top folder of the repository the current folder is in."""
    return os.fsdecode(git("rev-parse", "--show-toplevel").rstrip(b"\n"))


def commit(rev: str) -> str:
    """The full commit id that ``rev`` names (a branch, tag, ``HEAD~2``, an id).

    Raises:
        GitError: ``rev`` names no commit in this repository.
    """
    if rev.startswith("-") or not rev.strip():
        raise GitError(f"{rev!r} is not a revision: name a branch, a tag or a commit")
    try:
        out = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError as exc:
        if str(exc) == NOT_A_REPOSITORY:
            raise
        out = b""
    if not out.strip():
        if rev == "HEAD" and not is_revision("HEAD"):
            raise GitError(
                "this repository has no commits yet, so there is nothing to compare with: "
                "commit the plans first"
            )
        raise GitError(
            f"unknown revision {rev!r}: it is not a branch, tag or commit in this repository "
            "(git log --oneline lists the commits)"
        )
    return out.decode("ascii").strip()


def is_revision(rev: str) -> bool:
    """True when ``rev`` names a commit (no error otherwise)."""
    if rev.startswith("-"):
        return False
    try:
        out = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError as exc:
        if str(exc) == NOT_A_REPOSITORY:
            raise
        return False
    return bool(out.strip())


def short(commit_id: str) -> str:
    """The abbreviated id git would show for a commit."""
    return git("rev-parse", "--short", commit_id).decode("ascii").strip()


def commits(revs: Sequence[str]) -> list[str]:
    """The full commit ids that ``revs`` name, with one run of git.

    Raises:
        GitError: one of them names no commit in this repository.
    """
    if any(rev.startswith("-") or not rev.strip() for rev in revs):
        return [commit(rev) for rev in revs]  # says which is not a revision
    try:
        # No --end-of-options: without --verify, rev-parse prints it back as a revision.
        out = git("rev-parse", *(f"{rev}^{{commit}}" for rev in revs))
    except GitError as exc:
        if str(exc) == NOT_A_REPOSITORY:
            raise
        return [commit(rev) for rev in revs]  # finds the unknown one and says so
    ids = out.decode("ascii").split()
    if len(ids) != len(revs):  # pragma: no cover - git prints one id per revision
        return [commit(rev) for rev in revs]
    return ids


def merge_base(first: str, second: str, a: str, b: str) -> str:
    """The commit ``a...b`` compares from (``first`` and ``second`` are their ids): where
    the two histories last met.

    Raises:
        GitError: the revisions have no history in common.
    """
    try:
        out = git("merge-base", first, second)
    except GitError:  # git says nothing and exits 1 when there is no common ancestor
        out = b""
    if not out.strip():
        raise GitError(f"{a} and {b} have no history in common, so {a}...{b} compares nothing")
    return out.decode("ascii").strip()


def show(rev: str, path: str) -> bytes | None:
    """The bytes of ``path`` (from the top of the repository) at ``rev``; None if absent."""
    return objects([f"{rev}:{path}"]).get(f"{rev}:{path}")


def objects(names: Sequence[str], max_size: int | None = None) -> dict[str, bytes]:
    """The contents of several files with one run of git, by blob id or ``REV:path``; names
    that exist at no revision, or are not files, are left out. See :func:`each_object`."""
    return {name: data for name, data in each_object(names, max_size) if data is not None}


def each_object(
    names: Sequence[str], max_size: int | None = None
) -> Iterator[tuple[str, bytes | None]]:
    """The contents of several files, one at a time, with one run of git: each name (a blob
    id or ``REV:path``) and its bytes, or None when it names no file.

    Only the file being looked at is held in memory, so a long history costs no more memory
    than its largest version. With ``max_size``, a larger file's bytes are cut to
    ``max_size + 1`` (enough to tell that it is too large) and the rest is skipped unread.
    A name with a line break cannot be asked (git reads one name a line): ask by blob id.
    """
    names = [n for n in names if "\n" not in n]
    if not names:
        return
    try:
        child = subprocess.Popen(
            ["git", "-c", "core.quotepath=off", "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(),
        )
    except FileNotFoundError:
        raise GitError(NO_GIT) from None
    except OSError as exc:
        raise GitError(f"git could not be run: {exc.strerror or exc}") from None
    assert child.stdin is not None and child.stdout is not None
    try:
        for name in names:
            # git answers each name as it is read (without --buffer, it flushes each answer).
            child.stdin.write(name.encode("utf-8") + b"\n")
            child.stdin.flush()
            header = child.stdout.readline().split()
            if not header:
                raise GitError("git cat-file failed: it stopped answering")
            if header[-1] in (b"missing", b"ambiguous"):
                yield name, None
                continue
            size = int(header[2])
            keep = size if max_size is None else min(size, max_size + 1)
            data = child.stdout.read(keep)
            skip = size - keep + 1  # and the line break after the contents
            while skip > 0:
                chunk = child.stdout.read(min(skip, 1 << 20))
                if not chunk:
                    break
                skip -= len(chunk)
            yield name, data if header[1] == b"blob" else None
    finally:
        child.stdin.close()
        child.stdout.close()
        child.wait()


def tree_blobs(rev: str, pathspecs: Sequence[str]) -> dict[str, str]:
    """The files under ``pathspecs`` at ``rev``: path from the top → blob id."""
    out = git("ls-tree", "-r", "-z", "--full-name", "--end-of-options", rev, "--", *pathspecs)
    found = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        _mode, kind, oid = meta.decode("ascii").split()
        if kind == "blob":
            found[os.fsdecode(path)] = oid
    return found


def untracked(pathspecs: Sequence[str]) -> list[str]:
    """Files under ``pathspecs`` that git does not track and does not ignore (new plans)."""
    out = git("ls-files", "-z", "--full-name", "--others", "--exclude-standard", "--", *pathspecs)
    return _paths(out)


class FileChange(NamedTuple):
    """One file that differs between two revisions (or a revision and the working tree).

    ``status`` is git's letter: ``A`` added, ``D`` deleted, ``M`` modified, ``R`` renamed,
    ``T`` type changed. ``old`` is None for an added file, ``new`` for a deleted one. The
    modes (``100644`` a file, ``120000`` a symbolic link, ``160000`` a submodule) and blob
    ids are git's, for each side that has the file; a blob id is None in the working tree.
    """

    status: str
    old: str | None
    new: str | None
    old_mode: str = ""
    new_mode: str = ""
    old_blob: str | None = None
    new_blob: str | None = None


GITLINK = "160000"
SYMLINK = "120000"


def changed(base: str, head: str | None, pathspecs: Sequence[str]) -> list[FileChange]:
    """Files under ``pathspecs`` that differ from ``base`` to ``head`` (None: the working tree),
    with renames found as git finds them. Untracked files are not included."""
    revs = [base] if head is None else [base, head]
    out = git(
        "diff", "-z", "--raw", "--no-abbrev", "-M", "--no-ext-diff", "--no-relative", *revs,
        "--", *pathspecs,
    )  # fmt: skip
    tokens = [os.fsdecode(t) for t in out.split(b"\0")]
    found = []
    i = 0
    # Each entry is ":old-mode new-mode old-id new-id STATUS", then one path (two for a rename).
    while i < len(tokens) and tokens[i].startswith(":"):
        old_mode, new_mode, old_id, new_id, letters = tokens[i][1:].split()
        status = letters[0]
        old_blob = None if set(old_id) == {"0"} else old_id
        new_blob = None if set(new_id) == {"0"} else new_id
        if status in "RC":
            old, new = tokens[i + 1], tokens[i + 2]
            i += 3
        else:
            old = new = tokens[i + 1]
            i += 2
        if status in "AC":  # a copy is a new file, whatever it was copied from
            found.append(FileChange("A", None, new, "", new_mode, None, new_blob))
        elif status == "D":
            found.append(FileChange("D", old, None, old_mode, "", old_blob, None))
        else:
            found.append(FileChange(status, old, new, old_mode, new_mode, old_blob, new_blob))
    return found


class Commit(NamedTuple):
    """One commit in a file's history, and the file as that commit left it.

    ``blob`` is the file's blob id after the commit (None when the commit deleted it), and
    ``path`` its path then, from the top of the repository. ``root``: git shows the commit
    with no parent (the first commit, or the oldest one a shallow clone has).
    """

    id: str
    date: str
    author: str
    email: str
    subject: str
    path: str
    blob: str | None
    root: bool = False


_NO_BLOB = "0" * 40


def history(path: str) -> list[Commit]:
    """Every commit that changed ``path`` (relative to the current folder), newest first,
    following the file back across renames."""
    out = git(
        "log", "--follow", "-M", "--raw", "--no-abbrev", "-z", "--no-ext-diff",
        "--format=%x1e%H%x00%aI%x00%an%x00%ae%x00%s%x00%P", "--", path,
    )  # fmt: skip
    commits = []
    for record in out.split(b"\x1e"):
        if not record:
            continue
        header, _, raw = record.partition(b"\0\n")
        fields = header.decode("utf-8", "replace").split("\0")
        tokens = [os.fsdecode(t) for t in raw.split(b"\0")]
        # A raw entry is ":modes old-id new-id STATUS", then one path (two for a rename).
        entries = [i for i, t in enumerate(tokens) if t.startswith(":")]
        if not entries:
            continue  # a merge: git shows no change of its own
        i = entries[0]
        meta = tokens[i].split()
        new_mode, new_id, status = meta[1], meta[3], meta[4]
        file_path = tokens[i + 2] if status[0] in "RC" else tokens[i + 1]
        gone = status.startswith("D") or set(new_id) == {"0"} or new_mode in (GITLINK, SYMLINK)
        blob = None if gone else new_id
        commit_id, date, author, email, subject, parents = fields[:6]
        commits.append(
            Commit(commit_id, date, author, email, subject, file_path, blob, not parents.strip())
        )
    return commits


def shallow_commits() -> set[str]:
    """The commits a shallow clone has without their parents: their history was not fetched,
    so what they hold is not what they changed."""
    where = os.fsdecode(git("rev-parse", "--git-path", "shallow").rstrip(b"\n"))
    try:
        with open(where, encoding="ascii") as handle:
            return {line.strip() for line in handle if line.strip()}
    except OSError:  # not a shallow clone
        return set()
