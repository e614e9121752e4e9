"""Reading plan files as they are on disk, and writing files so that nothing is half-written.

No YAML here: reading a file's bytes must not load the parser, because a plan found in the
cache is never parsed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from scrplan.errors import EditError, Location, Problem, ScrplanError


def read_bytes(path: str | Path) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or a problem saying in plain words why it cannot be read."""
    name = str(path)
    try:
        return Path(path).read_bytes(), []
    except FileNotFoundError:
        reason, code = "this file does not exist", "no-such-file"
    except IsADirectoryError:
        reason, code = "this is a folder, not a plan file", "not-a-file"
    except OSError as exc:
        reason, code = f"this file cannot be read: {exc.strerror or exc}", "unreadable"
    return None, [Problem(Location(name), reason, code)]


def write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`write_bytes`).

    ``text`` is written exactly: no newline translation, so CRLF files stay CRLF.
    """
    write_bytes(path, text.encode(encoding))


def write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: a temporary file in the same folder, flushed
    and synced to disk, then renamed over the original (keeping its permissions; a new file
    gets the usual ones)."""
    target = Path(path)
    if target.is_symlink():  # replace the file the link points to, not the link
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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


def save(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically; a file that cannot be written is refused with
    the reason in plain words, and any earlier file there is left as it was."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
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
