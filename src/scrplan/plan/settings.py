"""The partnership's settings: one file for a plans repository, ``partnership.yaml``.

It lists the agencies that lead work (with the short names and aliases people write for them,
and a contact), the partnership's default RAG key, how often updates are due, whether complete
items need the partnership's sign-off, and which quality checks are on. It is found from a
plan's folder upward, so one file serves every plan under it; a plan may still set its own key
and update interval. It is read and checked like a plan: located problems in plain words.

A plan found in the cache needs its settings too, so a valid settings file is cached the same
way (see :mod:`.cache`), and commands that read only cached plans never load PyYAML.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrplan.errors import Problem
from scrplan.plan.discover import SETTINGS_NAME
from scrplan.plan.model import DEFAULT_CONTEXT, Context

if TYPE_CHECKING:
    from scrplan.plan.settings_model import Settings

SETTINGS_FILE = SETTINGS_NAME


QUALITY_CHECKS: dict[str, str] = {
    "no-lead": "a recommendation or action with no lead",
    "no-target": "a recommendation or action with neither a target date nor a timescale",
    "no-impact-measure": "an outstanding recommendation with no impact measure",
    "thin-evidence": 'a complete item whose evidence is a word or two ("done", "completed")',
    "unknown-lead": "a lead that is no agency listed in the settings",
    "unknown-theme": "a theme that is in neither the national list nor the partnership's own",
}
"""The quality checks ``validate`` makes, by their codes: warnings, each on unless switched off."""


@dataclass
class LoadedSettings:
    """A settings file and what reading it found.

    Attributes:
        path: the file (None when there is none: the defaults apply).
        settings: the settings (the defaults when the file has errors).
        problems: what is wrong with the file.
        digest: a hash of the file's bytes: plans checked under other settings are checked
            again.
    """

    path: Path | None
    settings: Settings | None = None
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @functools.cached_property
    def context(self) -> Context:
        """What the settings say about each plan under them."""
        return self.settings.context() if self.settings is not None else DEFAULT_CONTEXT


NO_SETTINGS = LoadedSettings(None)


def find_settings(plan: str | Path) -> Path | None:
    """The settings file for the plan at ``plan``: in its folder, or the nearest above it."""
    name = str(plan)
    if os.path.islink(name):  # the settings of the folder the link leads to
        return _find(Path(name).resolve().parent)
    return _in_folder(os.path.dirname(name))


@functools.cache
def _in_folder(folder: str) -> Path | None:
    # By the folder as written: ten thousand plans in one folder resolve it once.
    return _find(Path(folder or ".").resolve())


@functools.cache
def _find(folder: Path) -> Path | None:
    candidate = folder / SETTINGS_FILE
    if candidate.is_file():
        return candidate
    return None if folder.parent == folder else _find(folder.parent)


_loaded: dict[Path, tuple[tuple[int, int], LoadedSettings]] = {}


def settings_for(plan: str | Path) -> LoadedSettings:
    """The settings that apply to the plan at ``plan`` (none found: the defaults).

    Each settings file is read once for all the plans under it; read again if it changed (a
    process that lives on, such as ``scrplan serve``, sees the change).
    """
    path = find_settings(plan)
    if path is None:
        return NO_SETTINGS
    try:
        stat = path.stat()
    except OSError:
        forget_settings()
        return settings_for(plan)
    seen = (stat.st_mtime_ns, stat.st_size)
    if path not in _loaded or _loaded[path][0] != seen:
        _loaded[path] = (seen, load_settings(path))
    return _loaded[path][1]


def forget_settings() -> None:
    """Forget where settings files are: the next look finds files added or removed since."""
    _find.cache_clear()
    _in_folder.cache_clear()
    _loaded.clear()


def settings_problems(plans: Iterable[str | Path]) -> list[Problem]:
    """The problems of every settings file that applies to ``plans``, each file once."""
    seen: dict[Path, list[Problem]] = {}
    for plan in plans:
        loaded = settings_for(plan)
        if loaded.path is not None:
            seen.setdefault(loaded.path, loaded.problems)
    return [p for problems in seen.values() for p in problems]


def load_settings(path: Path) -> LoadedSettings:
    """Read and check a settings file, from the cache when it has not changed."""
    from scrplan.fileio import read_bytes
    from scrplan.plan import cache

    data, problems = read_bytes(path)
    if data is None:
        return LoadedSettings(path, problems=problems)
    digest = hashlib.sha256(data).hexdigest()
    record = cache.lookup(path, data)
    if record is not None:
        return LoadedSettings(path, settings_from_record(record["plan"]), digest=digest)
    loaded = _parse(data, str(path))
    loaded.path, loaded.digest = path, digest
    if loaded.ok and loaded.settings is not None:
        cache.store(path, data, loaded.settings.model_dump(mode="json"), [])
    return loaded


def settings_from_record(record: dict[str, Any]) -> Settings:
    """Settings rebuilt from the cache without validating them again (they were valid)."""
    from scrplan.plan.dates import parse_interval
    from scrplan.plan.model import key_from_record
    from scrplan.plan.settings_model import Agency, Settings, ThemeSetting, publish_from_record

    data = dict(record)
    data["agencies"] = [Agency.model_construct(**a) for a in data["agencies"]]
    data["themes"] = [ThemeSetting.model_construct(**t) for t in data.get("themes", [])]
    data["rag_key"] = key_from_record(data["rag_key"])
    data["update_interval"] = parse_interval(data["update_interval"])
    if data.get("return_period") is not None:
        data["return_period"] = parse_interval(data["return_period"])
    data["publish"] = publish_from_record(data.get("publish"))
    return Settings.model_construct(**data)


def _parse(data: bytes, name: str) -> LoadedSettings:
    from pydantic import ValidationError

    from scrplan.plan.settings_model import Settings
    from scrplan.plan.wording import schema_problem
    from scrplan.plan.yamltree import decode_plan_text, parse_plan_text

    if not data.strip() or data.strip() == b"\xef\xbb\xbf":
        return LoadedSettings(None)  # an empty file: every setting as it is by default
    text, problems = decode_plan_text(data, name)
    if text is None:
        return LoadedSettings(None, problems=problems)
    problems = parse_plan_text(text)
    if text.data is None or problems:
        return LoadedSettings(None, problems=problems)
    if not isinstance(text.data, dict):
        return LoadedSettings(
            None,
            problems=[
                text.problem(
                    "the settings file should be a set of fields such as `agencies:`",
                    "not-a-mapping",
                    1,
                    1,
                )
            ],
        )
    checks = text.data.get("quality_checks")
    unknown = [
        text.problem(
            f"`{code}` is not a quality check scrplan knows; the checks are: "
            + ", ".join(QUALITY_CHECKS),
            "unknown-check",
            *_at(text, ("quality_checks", code)),
            ("quality_checks", code),
        )
        for code in (checks if isinstance(checks, dict) else {})
        if code not in QUALITY_CHECKS
    ]
    try:
        settings = Settings.model_validate(text.data)
    except ValidationError as exc:
        found = [schema_problem(text, e, root=Settings) for e in exc.errors()] + unknown
        return LoadedSettings(None, problems=sorted(found, key=lambda p: p.location[1:]))
    problems = unknown
    if settings.rag_key is not None and settings.rag_key.levels is not None:
        from scrplan.plan.rules import key_faults

        for message, index, part in key_faults(settings.rag_key):
            path = ("rag_key", "levels", index, part) if index is not None else ("rag_key",)
            problems.append(text.problem(message, "unclear-key", *_at(text, path), path))
    problems += _theme_clashes(text, settings)
    return LoadedSettings(None, settings, problems)


def _theme_clashes(text: Any, settings: Settings) -> list[Problem]:
    """Each name (or alias) of the partnership's themes names one theme, so that a plan's
    theme is never two things."""
    if not settings.themes:
        return []
    from scrplan.plan.themes import normal

    owner: dict[str, int] = {}
    problems = []
    for index, theme in enumerate(settings.themes):
        names: list[tuple[tuple[str | int, ...], str]] = [(("themes", index, "name"), theme.name)]
        names += [(("themes", index, "aliases", n), a) for n, a in enumerate(theme.aliases)]
        for path, name in names:
            first = owner.setdefault(normal(name), index)
            if first == index:
                continue
            problems.append(
                text.problem(
                    f'"{name}" names two themes ({settings.themes[first].name} and '
                    f"{theme.name}): give each theme names of its own",
                    "duplicate-theme",
                    *_at(text, path),
                    path,
                )
            )
    return problems


def _at(text: Any, path: tuple[str | int, ...]) -> tuple[int, int]:
    from scrplan.plan.yamltree import locate

    return locate(text.root, path, at_key=True)
