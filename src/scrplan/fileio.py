"""Reading plan files as they are on disk, and writing files so that nothing is half-written.

No YAML here: reading a file's bytes must not load the parser, because a plan found in the
cache is never parsed.

A plan may come from anyone who can open a pull request, so what is read as a plan is bounded:
a regular file (never a device or a pipe, which could be read for ever), at most
:data:`PLAN_SIZE_LIMIT` bytes, and not through a link that leads out of the plan's repository
(or, outside git, its folder). Nothing is written through such a link either.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from scrplan.errors import EditError, Location, Problem, ScrplanError

PLAN_SIZE_LIMIT = 16_000_000
"""The largest plan file scrplan reads, in bytes (16 MB). Real plans are tens or hundreds of
kilobytes; a file this big is not a plan, and reading one costs seconds and a gigabyte."""

# Opened without blocking, so that a named pipe is seen for what it is instead of waited on.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def too_big(name: str, size: int) -> Problem:
    """The problem for a plan file over :data:`PLAN_SIZE_LIMIT`."""
    return Problem(
        Location(name),
        f"this file is {size / 1_000_000:,.1f} MB, and a plan file can be at most "
        f"{PLAN_SIZE_LIMIT // 1_000_000} MB (real plans are well under 1 MB): check that it is "
        "the right file, or split it into one plan per review",
        "too-big",
    )


def read_bytes(path: str | Path, *, limit: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or a problem saying in plain words why it cannot be read.

    Only a regular file is read: a device such as ``/dev/zero``, a pipe or a socket is refused
    without reading it. With ``limit``, a file of more bytes is refused too.
    """
    name = str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None, [Problem(Location(name), "this file does not exist", "no-such-file")]
    except OSError as exc:
        if os.path.isdir(path):  # Windows cannot open a folder at all
            return None, [
                Problem(Location(name), "this is a folder, not a plan file", "not-a-file")
            ]
        return None, [_unreadable(name, exc)]
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return None, [
                Problem(Location(name), "this is a folder, not a plan file", "not-a-file")
            ]
        if not stat.S_ISREG(info.st_mode):
            return None, [
                Problem(
                    Location(name),
                    "this is not a file of text but a device, a pipe or a socket, so it cannot "
                    "be a plan; name a .yaml file",
                    "not-a-file",
                )
            ]
        if limit is not None and info.st_size > limit:
            return None, [too_big(name, info.st_size)]
        chunks = []
        left = -1 if limit is None else limit + 1  # one more: a file that grew meanwhile
        while left:
            chunk = os.read(fd, 1 << 20 if left < 0 else min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left = left - len(chunk) if left > 0 else left
        data = b"".join(chunks)
    except OSError as exc:
        return None, [_unreadable(name, exc)]
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        return None, [too_big(name, len(data))]
    return data, []


def read_plan_bytes(path: str | Path) -> tuple[bytes | None, list[Problem]]:
    """A plan file's bytes, as :func:`read_bytes` with the plan size limit, refusing a link
    that leads out of the plan's repository (or folder): ``plans/x.yaml`` linked to
    ``/etc/passwd`` must not put that file's lines in a CI log."""
    target = outside_link(path)
    if target is not None:
        return None, [
            Problem(
                Location(str(path)),
                f"this file is a link to {target}, outside {_home_words(path)}; scrplan reads "
                "plans only inside their repository, so copy the plan here instead of linking "
                "to it",
                "link-outside",
            )
        ]
    return read_bytes(path, limit=PLAN_SIZE_LIMIT)


def _unreadable(name: str, exc: OSError) -> Problem:
    return Problem(Location(name), f"this file cannot be read: {exc.strerror or exc}", "unreadable")


def home(path: str | Path) -> str:
    """Where the file at ``path`` belongs: the top of the git repository it is in (found
    without running git), or else its own folder."""
    folder = os.path.dirname(os.path.abspath(path))
    here = folder
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return folder
        here = parent


def _home_words(path: str | Path) -> str:
    top = home(path)
    if os.path.exists(os.path.join(top, ".git")):
        return f"the repository {top}"
    return f"the folder {top}"


def outside_link(path: str | Path) -> str | None:
    """Where ``path`` really leads, when a link (the file, or a folder on the way) takes it out
    of its :func:`home`; None when it stays inside, or no link is involved."""
    absolute = os.path.abspath(path)
    real = os.path.realpath(absolute)
    if real == absolute:
        return None
    top = os.path.realpath(home(absolute))
    try:
        inside = os.path.commonpath([real, top]) == top
    except ValueError:  # another drive on Windows
        inside = False
    return None if inside else real


def write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`write_bytes`).

    ``text`` is written exactly: no newline translation, so CRLF files stay CRLF.
    """
    write_bytes(path, text.encode(encoding))


def write_bytes(path: str | Path, data: bytes | Iterable[bytes]) -> None:
    """Replace ``path`` with ``data`` atomically: a temporary file in the same folder, flushed
    and synced to disk, then renamed over the original (keeping its permissions; a new file
    gets the usual ones). ``data`` may come in parts (a long report, written as it is read)."""
    target = Path(path)
    leads_to = outside_link(target)
    if leads_to is not None:
        raise ScrplanError(
            f"cannot write {path}: it is a link to {leads_to}, outside {_home_words(path)}; "
            "scrplan writes only inside the repository (or folder), so remove the link, or "
            "give another file name"
        )
    if target.is_symlink():  # replace the file the link points to, not the link
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in [data] if isinstance(data, bytes) else data:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:  # a new file: as open() would make it, not mkstemp's 0600
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


# What mkstemp makes for write_bytes: ".child-m.yaml.k3j_x9a2.tmp".
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
STALE_AFTER = 60.0
"""Seconds after which a temporary file of :func:`write_bytes` is left over from a command
that was killed: writing one takes well under a second."""


def remove_stale_temps(folder: str | Path) -> list[str]:
    """Delete the temporary files :func:`write_bytes` left in ``folder`` when a command was
    killed while writing, if they are older than :data:`STALE_AFTER`.

    Run by each edit while it holds the folder's lock, so no scrplan edit is writing one.

    Returns:
        The names of the files deleted.
    """
    now = time.time()
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER:
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def save(path: Path, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` (or its parts, in order) to ``path`` atomically; a file that cannot be
    written is refused with the reason in plain words, and any earlier file there is left as
    it was."""
    raw: bytes | Iterable[bytes]
    if isinstance(data, (str, bytes)):
        raw = data.encode("utf-8") if isinstance(data, str) else data
    else:
        raw = (part.encode("utf-8") for part in data)
    try:
        write_bytes(path, raw)
    except FileNotFoundError:
        raise ScrplanError(
            f"cannot write {path}: there is no folder {path.parent}; create it first, "
            "or give another file name with -o"
        ) from None
    except IsADirectoryError:
        raise ScrplanError(
            f"cannot write {path}: it is a folder; give the name of a file in it"
        ) from None
    except PermissionError:
        raise ScrplanError(
            f"cannot write {path}: permission denied. If it is open in Word, Excel or a "
            "browser, close it and run the command again"
        ) from None
    except OSError as exc:
        raise ScrplanError(f"cannot write {path}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def locked(path: str | Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on the folder of ``path`` while the block runs.

    Edits read, change and replace a file; two at once would each miss the other's change.
    The lock is on the folder, so no lock file is left beside the plans (on Windows, it is a
    file in the temporary folder named after the plans' folder).

    Raises:
        EditError: another scrplan kept the lock for longer than ``timeout`` seconds.
    """
    folder = Path(path).resolve().parent
    deadline = time.monotonic() + timeout
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        key = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
        with open(Path(tempfile.gettempdir()) / f"scrplan-{key}.lock", "a+b") as handle:
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    _wait(deadline, folder)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    _wait(deadline, folder)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _wait(deadline: float, folder: Path) -> None:
    if time.monotonic() > deadline:
        raise EditError(
            f"another scrplan command has been editing plans in {folder} for too long; "
            "try again when it has finished"
        )
    time.sleep(0.02)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
