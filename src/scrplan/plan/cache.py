"""A cache of plans already checked, so reading an unchanged plan skips YAML and validation.

Start-up is most of what a command costs, and a valid plan that has not changed since it was
last checked will check the same again. Each plan file has one entry, named by a hash of its
path, holding a hash of the file's bytes, a fingerprint of the code that checked it, the plan as
JSON, and its warnings. An entry whose file or code has changed is ignored and replaced. Only
valid plans are cached: a plan with errors is always read afresh, so its problems are always
reported in full.

Set ``SCRPLAN_CACHE=off`` to switch the cache off, or to a folder to keep it there. Anything
that goes wrong with the cache (a read-only home folder, a corrupt entry) is ignored: it can
only make a command slower, never change its result.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from scrplan import __version__

FORMAT = 2
ENV = "SCRPLAN_CACHE"


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is switched off."""
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


def _entry(path: str | Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:40]
    return folder / f"{key}.json"


def lookup(path: str | Path, data: bytes, settings: str = "") -> dict[str, Any] | None:
    """The cached record for ``path`` if it was made from exactly ``data`` by this code, under
    the settings whose digest is ``settings`` (a plan's warnings depend on them)."""
    entry = _entry(path)
    if entry is None:
        return None
    try:
        record = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if (
        not isinstance(record, dict)
        or record.get("code") != fingerprint()
        or record.get("sha256") != hashlib.sha256(data).hexdigest()
        or record.get("settings", "") != settings
    ):
        return None
    return record


def store(
    path: str | Path, data: bytes, plan: dict[str, Any], warnings: list[Any], settings: str = ""
) -> None:
    """Remember that ``path`` with ``data`` (checked under the settings ``settings``) holds
    ``plan`` and these warnings."""
    entry = _entry(path)
    if entry is None:
        return
    record = {
        "code": fingerprint(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "settings": settings,
        "plan": plan,
        "warnings": warnings,
    }
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".entry.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, separators=(",", ":"))
            os.replace(tmp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
