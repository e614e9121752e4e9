"""Versions of plans from git, each read once: checked plan records kept by blob id.

A git blob id names exact bytes, so a version checked once need never be parsed again: not
later in the same command, and not in the next one. Each version read is kept in the plan
cache's folder (:func:`scrplan.plan.cache.cache_dir`, under ``blobs/``) as two small files:
its facts (:mod:`.facts`, all that counting needs) and its plan as JSON (only read when a whole
plan is wanted). An entry is named by the blob id and a digest of the partnership's settings it
was read under (a plan's key, and so its validity, can come from them), and holds the
fingerprint of the code that checked it: an entry made by other code is ignored and made
again, so a stale record is never served. A version that cannot be read as a plan is kept as
just that (with its errors), never as a plan.

Reading versions from git goes through one ``git cat-file --batch`` for all the versions not
already kept (:func:`scrplan.history.git.objects`), never a process per version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from scrplan.errors import Location, Problem
from scrplan.history import git
from scrplan.history.facts import PlanFacts, facts_from_record, facts_record, plan_facts
from scrplan.plan import cache
from scrplan.plan.model import Context, Plan, plan_from_record

FORMAT = 1


class Wanted(NamedTuple):
    """A version to read: its blob id, its path (for the settings that apply and for
    messages), what to call it in problems, and its bytes when they are not in git (the
    working tree)."""

    blob: str
    path: str
    name: str
    data: bytes | None = None


def blob_id(data: bytes) -> str:
    """The id git gives a blob of these bytes (``git hash-object``), without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class CheckedVersion:
    """One version of a plan, checked.

    Attributes:
        blob: its blob id.
        facts: what counting needs; None when it cannot be read as a plan.
        errors: its errors, if any, with their lines (named as the version was first asked
            for); a version with only cross-item errors still has facts, as ``diff`` still
            compares it.
    """

    blob: str
    facts: PlanFacts | None
    errors: list[Problem] = field(default_factory=list)
    _entry: Path | None = None
    _record: dict[str, Any] | None = None
    _wanted: Wanted | None = None

    def plan(self, file: str, context: Context) -> Plan | None:
        """The whole plan, named ``file`` (None when it cannot be read)."""
        if self.facts is None:
            return None
        record = self._record
        if record is None and self._entry is not None:
            try:
                record = json.loads(self._entry.with_suffix(".plan").read_bytes())["plan"]
            except (OSError, ValueError, KeyError):
                record = None
        if record is None and self._wanted is not None:
            # The plan's half of the entry is gone: read the version again.
            w = self._wanted
            data = w.data if w.data is not None else git.objects([w.blob]).get(w.blob)
            if data is not None:
                from scrplan.plan.load import load_bytes

                again = load_bytes(data, file, context=context).comparable
                if again is not None:
                    return again
        if record is None:
            return None
        plan = plan_from_record(record, file)
        plan._context = context
        return plan


_seen: dict[tuple[str, str, str], CheckedVersion] = {}
"""Versions checked in this process, by cache folder, blob and settings digest."""


def _folder() -> Path | None:
    top = cache.cache_dir()
    return None if top is None else top / "blobs"


def _problem(name: str, record: list[Any]) -> Problem:
    line, col, message, code = record
    return Problem(Location(name, line, col), message, code)


def _read(entry: Path, blob: str, name: str) -> CheckedVersion | None:
    try:
        record = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("code") != _code():
        return None
    facts = record.get("facts")
    return CheckedVersion(
        blob,
        facts_from_record(facts) if facts is not None else None,
        [_problem(name, p) for p in record.get("errors", [])],
        entry,
    )


def _write(path: Path, record: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".blob.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: dump streams through the pure-Python encoder.
                handle.write(json.dumps(record, separators=(",", ":")))
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _code() -> str:
    return f"{FORMAT}:{cache.fingerprint()}"


def check_versions(wanted: Iterable[Wanted], root: str) -> dict[str, CheckedVersion]:
    """Every version in ``wanted``, checked, by blob id: from this process's memory, else
    from the cache, else read from git (all in one ``git cat-file``) or from the bytes given,
    checked under the partnership's settings that apply to its path now, and kept.

    Args:
        wanted: the versions.
        root: the top of the repository (paths are from there).
    """
    from scrplan.plan.settings import LoadedSettings, settings_for

    folder = _folder()
    found: dict[str, CheckedVersion] = {}
    missing: list[tuple[Wanted, str, Context, Path | None]] = []
    by_folder: dict[str, LoadedSettings] = {}  # the settings are found from a plan's folder
    for w in wanted:
        if w.blob in found:
            continue
        where = w.path.rpartition("/")[0]
        if where not in by_folder:
            by_folder[where] = settings_for(Path(root, w.path))
        settings = by_folder[where]
        digest = settings.digest[:16] or "none"
        memo = (str(folder), w.blob, digest)
        seen = _seen.get(memo)
        if seen is not None:
            found[w.blob] = _named(seen, w)
            continue
        entry = folder / w.blob[:2] / f"{w.blob}-{digest}.json" if folder else None
        checked = _read(entry, w.blob, w.name) if entry is not None else None
        if checked is not None:
            checked._wanted = w
            found[w.blob] = _seen[memo] = checked
        else:
            missing.append((w, digest, settings.context, entry))
    from_git = git.objects([w.blob for w, *_ in missing if w.data is None])
    for w, digest, context, entry in missing:
        if w.blob in found:
            continue
        data = w.data if w.data is not None else from_git.get(w.blob)
        if data is None:
            continue
        checked = _check(w, data, context, entry)
        found[w.blob] = _seen[(str(folder), w.blob, digest)] = checked
    return found


def _named(checked: CheckedVersion, w: Wanted) -> CheckedVersion:
    """``checked`` with its errors named as ``w`` names the version."""
    if not checked.errors or checked.errors[0].location.path == w.name:
        return checked
    errors = [p._replace(location=p.location._replace(path=w.name)) for p in checked.errors]
    return CheckedVersion(checked.blob, checked.facts, errors, checked._entry, checked._record, w)


def _check(w: Wanted, data: bytes, context: Context, entry: Path | None) -> CheckedVersion:
    from scrplan.plan.load import load_bytes
    from scrplan.plan.model import plan_record

    loaded = load_bytes(data, w.name, context=context)
    plan = loaded.comparable
    facts = plan_facts(plan) if plan is not None else None
    record = plan_record(plan) if plan is not None else None
    errors = loaded.errors
    if entry is not None:
        if record is not None:
            _write(entry.with_suffix(".plan"), {"plan": record})
        _write(
            entry,
            {
                "code": _code(),
                "facts": facts_record(facts) if facts is not None else None,
                "errors": [[p.location.line, p.location.col, p.message, p.code] for p in errors],
            },
        )
    return CheckedVersion(w.blob, facts, errors, entry, record, w)


def forget() -> None:
    """Forget the versions checked in this process (the cache on disk stays)."""
    _seen.clear()
