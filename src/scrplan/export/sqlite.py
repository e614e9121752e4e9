"""The tables as an SQLite database, through sqlite-utils (imported only here).

sqlite-utils creates each table with its column types, primary key and foreign keys, inserts
the rows in batches, and sets up full-text search (FTS5, kept up to date by triggers), which
is what datasette offers to search. The database is made in a temporary file beside the
target and then moved over it, so a reader never sees half a database, and a file that is not
an SQLite database is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scrplan.errors import ScrplanError
from scrplan.export.tables import DataTable

SQLITE_HEADER = b"SQLite format 3\x00"


def write_sqlite(tables: Sequence[DataTable], path: Path) -> None:
    """Write ``tables`` to the SQLite database ``path``, replacing an export made before.

    Raises:
        ScrplanError: ``path`` is a folder or a file that is not an SQLite database, or it
            cannot be written.
    """
    import sqlite_utils

    _check_target(path)
    folder = path.resolve().parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise ScrplanError(
            f"cannot write {path}: there is no folder {path.parent}; create it first"
        ) from None
    except OSError as exc:
        raise ScrplanError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        db = sqlite_utils.Database(tmp)
        try:
            # A file nobody reads until it is whole: no journal and no sync for each batch
            # (sqlite-utils commits every one), a single sync once it is written.
            db.conn.execute("PRAGMA journal_mode = OFF")
            db.conn.execute("PRAGMA synchronous = OFF")
            with db.conn:
                for table in tables:
                    created = db.table(table.name).create(
                        table.columns,
                        pk=table.pk,
                        foreign_keys=list(table.foreign_keys),
                    )
                    if table.rows:
                        created.insert_all(table.rows, batch_size=500)
            for table in tables:
                if table.search:
                    db.table(table.name).enable_fts(list(table.search), create_triggers=True)
            db.conn.execute("PRAGMA foreign_keys = ON")
            broken = db.conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:  # a fault in scrplan, never in the plans: every key is made here
                raise AssertionError(f"foreign keys not met: {broken[:5]}")
            db.vacuum()
        finally:
            db.close()
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        raise ScrplanError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ScrplanError(f"cannot write {path}: it is a folder; give a file name, e.g. plans.db")
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_HEADER))
        if start != SQLITE_HEADER:
            raise ScrplanError(
                f"cannot write {path}: it is not an SQLite database, and it would be replaced; "
                "give another file name, e.g. plans.db"
            )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
