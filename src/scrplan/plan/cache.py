"""A cache of plans already checked, so reading an unchanged plan skips YAML and validation.

Start-up is most of what a command costs, and a valid plan that has not changed since it was
last checked will check the same again. The cache is one file, an SQLite database
(``plans.sqlite`` in the cache folder), so that a command reading ten thousand plans reads it in
one go. It holds an entry per file, by the file's absolute path, with:

- the file's size, modification time and a hash of its bytes;
- a fingerprint of the code that checked it (:func:`fingerprint`);
- a hash of the partnership's settings it was checked under (they decide its key, its update
  interval, whether sign-off is needed, which quality checks run);
- what checking found: the plan's head as JSON (all but its recommendations), the plan's facts
  (:mod:`.facts`: what views need to count and select its items), and its warnings; and, in a
  table of their own, its recommendations as JSON, one a row, so that a command showing a few
  of them reads only those.

An entry is used only when every one of these matches: a file edited and given back its size
and time is caught by its hash. Only valid plans are cached: a plan with errors is always read
afresh, so its problems are always reported in full.

Set ``SCRPLAN_CACHE=off`` to switch the cache off, or to a folder to keep it there. Anything
that goes wrong with the cache (a read-only home folder, a corrupt file, another command
writing it) is ignored: it can only make a command slower, never change its result.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from scrplan import __version__

if TYPE_CHECKING:
    import sqlite3

FORMAT = 4
ENV = "SCRPLAN_CACHE"
DB_NAME = "plans.sqlite"

# An entry per file ("head": a plan's head, or a settings file's whole record), and a row per
# recommendation of a plan ("n": its position), tied to the entry by the file's hash too.
_SCHEMA = (
    "CREATE TABLE entries (key TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha256 TEXT, "
    "code TEXT, settings TEXT, facts TEXT, head TEXT, warnings TEXT)",
    "CREATE TABLE recs (key TEXT, sha256 TEXT, n INTEGER, json TEXT, PRIMARY KEY (key, n))",
)
_BATCH = 500  # keys per query: well under SQLite's limit on parameters


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    value = os.environ.get(ENV, "").strip()
    if value:
        return None if value.strip().lower() in ("off", "0", "no", "false") else Path(value)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scrplan"


@functools.cache
def fingerprint() -> str:
    """What the checking code is: scrplan's modules and the parsing and validating libraries.

    Any change to them (an upgrade, or editing scrplan itself) makes every entry stale.
    """
    # What checks a plan: this package, and the modules at the top of scrplan it uses.
    here = Path(__file__).parent
    files = sorted(
        str(folder / name)
        for folder in (here, here.parent)
        for name in os.listdir(folder)
        if name.endswith(".py")
    )
    for module in ("yaml", "pydantic", "pydantic_core"):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    parts: list[object] = [FORMAT, __version__, sys.version]
    for name in files:
        stat = os.stat(name)
        parts += [name, stat.st_mtime_ns, stat.st_size]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def key(path: str | Path) -> str:
    """The entry's name for the file at ``path``: its absolute path."""
    return os.path.abspath(path)


def digest(data: bytes) -> str:
    """The hash of a file's bytes that an entry keeps."""
    return hashlib.sha256(data).hexdigest()


# --- the database ------------------------------------------------------------------------------

_open: dict[str, Any] = {}  # the connection of this process: {"pid", "where", "folder", "db"}
_WHERE = (ENV, "XDG_CACHE_HOME", "LOCALAPPDATA", "HOME", "USERPROFILE")


def _connect(*, create: bool) -> sqlite3.Connection | None:
    """This process's connection to the cache (None when it is off, or when it does not exist
    and ``create`` is false: reading an empty cache makes no file)."""
    # What decides the folder, looked up once per call (a command reading thousands of plans
    # asks thousands of times): the connection is kept while it stays the same.
    where = tuple(os.environ.get(name) for name in _WHERE)
    if _open and _open["pid"] == os.getpid() and _open["where"] == where:
        db: sqlite3.Connection = _open["db"]
        return db
    folder = cache_dir()
    if folder is None:
        return None
    if _open and _open["pid"] == os.getpid() and _open["folder"] == folder:
        _open["where"] = where
        db = _open["db"]
        return db
    _open.clear()  # another folder, or a process forked from the one that opened it
    path = folder / DB_NAME
    if not create and not path.is_file():
        return None
    import sqlite3

    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
            _forget_old_entries(folder)
        # Each command commits once; another one writing meanwhile makes this one wait a
        # little, then go on without the cache.
        db = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        db.execute("PRAGMA synchronous=NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
            # Larger pages hold a plan's recommendations (a kilobyte or two each) with little
            # room left over; it takes effect in a new file.
            db.execute("PRAGMA page_size=16384")
            for table in ("entries", "recs"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA:
                db.execute(statement)
            db.execute(f"PRAGMA user_version={FORMAT}")
    except (OSError, sqlite3.Error):
        _discard(path)
        return None
    _open.update(pid=os.getpid(), where=where, folder=folder, db=db)
    return db


def _forget_old_entries(folder: Path) -> None:
    """Remove the entries of the cache as it was before it was one file (a JSON file per
    plan, named by a hash): they would never be read again."""
    import re

    if (folder / DB_NAME).exists():
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if re.fullmatch(r"[0-9a-f]{40}\.json", entry.name) and entry.is_file():
                os.unlink(entry.path)


def _discard(path: Path) -> None:
    """Remove a cache file that cannot be read as a database (written over, or cut short)."""
    import sqlite3

    with contextlib.suppress(OSError, sqlite3.Error):
        head = path.read_bytes()[:16] if path.is_file() else b""
        if head and head != b"SQLite format 3\x00":
            path.unlink()


def close() -> None:
    """Close this process's connection (the next use opens it again)."""
    if _open and _open["pid"] == os.getpid():
        with contextlib.suppress(Exception):
            _open["db"].close()
    _open.clear()


def _failed() -> None:
    """The cache failed (corrupt, locked, full): forget the connection, and remove the file
    if it is not a database, so that the next command can make a new one."""
    folder = _open.get("folder")
    close()
    if folder is not None:
        _discard(folder / DB_NAME)


class Known(NamedTuple):
    """What an entry says about the file it was made from, its facts, and its head."""

    size: int
    mtime: int
    sha256: str
    settings: str
    facts: str | None
    head: str


def known(keys: Sequence[str]) -> dict[str, Known]:
    """The entries made by this code for the files named ``keys``, read in bulk."""
    import sqlite3

    db = _connect(create=False)
    if db is None:
        return {}
    code = fingerprint()
    found: dict[str, Known] = {}
    try:
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            for name, *rest in db.execute(
                "SELECT key, size, mtime, sha256, settings, facts, head FROM entries "
                f"WHERE code = ? AND key IN ({marks})",
                (code, *batch),
            ):
                found[name] = Known(*rest)
    except sqlite3.Error:
        _failed()
        return {}
    return found


def recs(wanted: Sequence[tuple[str, str]]) -> dict[str, dict[int, str]]:
    """Every recommendation (JSON, by position) of the entries ``wanted`` (each a key and the
    hash of the file the entry was made from), read in one query (:func:`recs_at` for some
    positions). An entry replaced meanwhile (another hash) gives none."""
    import sqlite3

    db = _connect(create=False)
    if db is None or not wanted:
        return {}
    found: dict[str, dict[int, str]] = {}
    shas = dict(wanted)
    query = f"SELECT key, sha256, n, json FROM recs WHERE key IN ({','.join('?' * len(shas))})"
    try:
        for name, sha256, n, text in db.execute(query, list(shas)):
            if sha256 == shas[name]:
                found.setdefault(name, {})[n] = text
    except sqlite3.Error:
        _failed()
        return {}
    return found


def warnings_text(name: str, sha256: str, settings: str) -> str | None:
    """The warnings (as JSON) of the entry ``name``, if it is still the one made from the file
    whose hash is ``sha256`` under the settings ``settings``."""
    import sqlite3

    db = _connect(create=False)
    if db is None:
        return None
    try:
        row = db.execute(
            "SELECT warnings FROM entries "
            "WHERE key = ? AND code = ? AND sha256 = ? AND settings = ?",
            (name, fingerprint(), sha256, settings),
        ).fetchone()
    except sqlite3.Error:
        _failed()
        return None
    return row[0] if row is not None else None


def recs_at(wanted: Sequence[tuple[str, str, Sequence[int]]]) -> dict[str, dict[int, str]]:
    """The recommendations (JSON, by position) at the positions asked of each entry
    ``wanted`` (a key, the hash of the file the entry was made from, the positions), read in
    one query however many plans ask. An entry replaced meanwhile gives none."""
    import sqlite3

    pairs = [(name, n) for name, _, positions in wanted for n in positions]
    db = _connect(create=False)
    if db is None or not pairs:
        return {}
    shas = {name: sha256 for name, sha256, _ in wanted}
    rows = ",".join("(?,?)" for _ in pairs)
    # A join, so that each pair is looked up by the table's key (an IN over row values
    # scans the whole table).
    query = (
        f"WITH w(key, n) AS (VALUES {rows}) "
        "SELECT r.key, r.sha256, r.n, r.json FROM w JOIN recs r ON r.key = w.key AND r.n = w.n"
    )
    found: dict[str, dict[int, str]] = {}
    try:
        for name, sha256, n, text in db.execute(query, [v for pair in pairs for v in pair]):
            if sha256 == shas[name]:
                found.setdefault(name, {})[n] = text
    except sqlite3.Error:
        _failed()
        return {}
    return found


class CacheEntry(NamedTuple):
    """A new entry, as :func:`put` writes it."""

    key: str
    size: int
    mtime: int
    sha256: str
    settings: str
    facts: str | None
    head: str
    recs: list[str]
    warnings: str


class Writer:
    """Entries written as they come (a few at a time, so that ten thousand plans' JSON is
    never all in memory), in one transaction that :meth:`close` commits. Entries made by other
    code are forgotten in the same transaction. If the cache is off or cannot be written,
    nothing is written and nothing is said."""

    def __init__(self) -> None:
        self._pending: list[CacheEntry] = []
        self._begun = False
        self._broken = False

    def add(self, entry: CacheEntry) -> None:
        """Write ``entry``, replacing any entry for the same file."""
        if self._broken:
            return
        self._pending.append(entry)
        if len(self._pending) >= 100:
            self._flush()

    def _flush(self) -> None:
        import sqlite3

        pending, self._pending = self._pending, []
        if self._broken or not pending:
            return
        db = _connect(create=True)
        if db is None:
            self._broken = True
            return
        code = fingerprint()
        try:
            if not self._begun:
                db.execute("BEGIN IMMEDIATE")
                self._begun = True
                db.execute(
                    "DELETE FROM recs WHERE key IN (SELECT key FROM entries WHERE code != ?)",
                    (code,),
                )
                db.execute("DELETE FROM entries WHERE code != ?", (code,))
            db.executemany("DELETE FROM recs WHERE key = ?", [(e.key,) for e in pending])
            db.executemany(
                "INSERT OR REPLACE INTO entries "
                "(key, size, mtime, sha256, code, settings, facts, head, warnings) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.key,
                        e.size,
                        e.mtime,
                        e.sha256,
                        code,
                        e.settings,
                        e.facts,
                        e.head,
                        e.warnings,
                    )
                    for e in pending
                ],
            )
            db.executemany(
                "INSERT INTO recs (key, sha256, n, json) VALUES (?, ?, ?, ?)",
                [(e.key, e.sha256, n, text) for e in pending for n, text in enumerate(e.recs)],
            )
        except sqlite3.Error:
            self._broken = True
            self._begun = False
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            _failed()

    def close(self) -> None:
        """Write what is left and commit."""
        import sqlite3

        self._flush()
        if not self._begun:
            return
        self._begun = False
        db = _connect(create=False)
        if db is None:
            return
        try:
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            _failed()


def put(entries: Iterable[CacheEntry]) -> None:
    """Write ``entries`` in one transaction (see :class:`Writer`)."""
    writer = Writer()
    for entry in entries:
        writer.add(entry)
    writer.close()


# --- plans as JSON -----------------------------------------------------------------------------


def dumps(data: Any) -> str:
    """Data as one line of JSON: a line break in text is written ``\\n``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def split_record(record: dict[str, Any]) -> tuple[str, list[str]]:
    """A record as an entry keeps it: a plan's head (``recommendations``: how many) and each
    recommendation, as JSON; any other record (settings) whole, as the head."""
    recs = record.get("recommendations")
    if not isinstance(recs, list):
        return dumps(record), []
    return dumps({**record, "recommendations": len(recs)}), [dumps(rec) for rec in recs]


def joined_record(head: str, recs: dict[int, str]) -> dict[str, Any]:
    """The record :func:`split_record` split; :class:`LookupError` if ``recs`` (by position)
    are not all of the plan's."""
    record: dict[str, Any] = json.loads(head)
    count = record.get("recommendations")
    if isinstance(count, int) and not isinstance(count, bool):
        if sorted(recs) != list(range(count)):
            raise LookupError("the entry's recommendations are not all there")
        # One decoding of them all: a report reads every recommendation of thousands of plans.
        record["recommendations"] = json.loads("[" + ",".join(recs[n] for n in range(count)) + "]")
    return record


# --- one file at a time ------------------------------------------------------------------------


def stat(path: str | Path) -> tuple[int, int] | None:
    """A file's size and modification time (in nanoseconds), or None if it cannot be seen."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def lookup(path: str | Path, data: bytes, settings: str = "") -> dict[str, Any] | None:
    """The cached record for ``path`` if it was made from exactly ``data`` (the file as it is
    now: its size, time and hash) by this code, under the settings whose digest is
    ``settings`` (a plan's warnings depend on them): ``{"plan": ..., "warnings": [...]}``."""
    name = key(path)
    entry = known([name]).get(name)
    if entry is None or not fresh(entry, stat(path), data, settings):
        return None
    warnings = warnings_text(name, entry.sha256, settings)
    try:
        record = joined_record(entry.head, recs([(name, entry.sha256)]).get(name, {}))
    except (LookupError, ValueError):
        return None
    return None if warnings is None else {"plan": record, "warnings": json.loads(warnings)}


def fresh(entry: Known, seen: tuple[int, int] | None, data: bytes, settings: str) -> bool:
    """True when ``entry`` was made from a file as it is now: its size and modification time
    ``seen`` (:func:`stat`), its bytes ``data``, the settings ``settings`` it is read under."""
    return (
        entry.settings == settings
        and (entry.size, entry.mtime) == seen
        and entry.size == len(data)
        and entry.sha256 == digest(data)
    )


def store(
    path: str | Path,
    data: bytes,
    plan: dict[str, Any],
    warnings: list[Any],
    settings: str = "",
    facts: dict[str, Any] | None = None,
) -> None:
    """Remember that ``path`` with ``data`` (checked under the settings ``settings``) holds
    ``plan`` (with its facts) and these warnings."""
    seen = stat(path)
    if seen is None or seen[0] != len(data):
        return  # changed since it was read: its entry would be stale at once
    put(
        [
            CacheEntry(
                key(path),
                seen[0],
                seen[1],
                digest(data),
                settings,
                dumps(facts) if facts is not None else None,
                *split_record(plan),
                dumps(warnings),
            )
        ]
    )
