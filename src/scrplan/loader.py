"""Plan files in, plans and located problems out.

``load_plans`` runs the whole pipeline for every file: read the text (:mod:`scrplan.source`),
validate it against the model (:mod:`scrplan.model`), run the cross-item rules
(:mod:`scrplan.checks`), and turn every pydantic error into a :class:`Problem` at the line and
column where the value was written, in plain words. Nothing here raises for bad user data.
"""

from __future__ import annotations

import difflib
import gc
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from scrplan import cache
from scrplan.errors import Location, NotFound, PlanProblems, Problem
from scrplan.files import read_bytes
from scrplan.model import (
    Action,
    Item,
    Plan,
    ProgressEntry,
    RagKey,
    Recommendation,
    _default_key,
    plan_from_record,
    plan_record,
)

if TYPE_CHECKING:
    from scrplan.source import Source

# scrplan.source (PyYAML) and scrplan.checks are imported where a file is actually parsed: a
# plan found in the cache needs neither.

PLAN_SUFFIXES = (".yaml", ".yml")
DEFAULT_FOLDER = "plans"


@dataclass
class Loaded:
    """One file's result: its plan (None if it has errors), source and problems."""

    source: Source | None
    plan: Plan | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings are allowed)."""
        return not any(p.severity == "error" for p in self.problems)


def plan_files(paths: Sequence[str | Path] = ()) -> list[Path]:
    """The plan files that ``paths`` name: files as given, folders searched for ``*.yaml``.

    Args:
        paths: files and folders; none means the ``plans/`` folder under the current one.

    Returns:
        The files, folders' contents sorted by path, each file once.

    Raises:
        NotFound: a path does not exist, or no plan files were found.
    """
    if not paths:
        if not Path(DEFAULT_FOLDER).is_dir():
            raise NotFound(
                "no plan given and there is no plans/ folder here: name a plan file or folder, "
                "e.g. plans/child-m.yaml, or run scrplan in the folder that holds plans/"
            )
        paths = [DEFAULT_FOLDER]
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = [
                p
                for p in path.rglob("*")
                if p.suffix.lower() in PLAN_SUFFIXES and p.is_file() and not _hidden(p, path)
            ]
            if not inside:
                raise NotFound(f"{given}: this folder holds no plan files (*.yaml or *.yml)")
            found.update(dict.fromkeys(sorted(inside)))
        elif path.exists():
            found[path] = None
        else:
            raise NotFound(f"{given}: no such file or folder")
    return list(found)


def _hidden(path: Path, top: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(top).parts)


def same_names(files: Sequence[Path]) -> list[Problem]:
    """A warning for each plan whose file name another plan also has (in another folder):
    a reference such as ``child-m:7`` could not tell them apart."""
    first: dict[str, Path] = {}
    problems = []
    for path in files:
        if path.stem in first:
            problems.append(
                Problem(
                    Location(str(path)),
                    f"another plan is also called {path.stem} ({first[path.stem]}): references "
                    f"such as {path.stem}:1 cannot tell them apart; rename one of the files",
                    "same-name",
                    "warning",
                )
            )
        else:
            first.setdefault(path.stem, path)
    return problems


def load_plan(path: str | Path, *, keep_source: bool = False) -> Loaded:
    """Read, validate and check one plan file.

    Args:
        path: the plan file.
        keep_source: keep the text and node tree in the result (edits need them; reports
            do not, and a thousand node trees would cost hundreds of megabytes).
    """
    data, problems = read_bytes(path)
    if data is None:
        return Loaded(None, None, problems)
    if not keep_source:
        record = cache.lookup(path, data)
        if record is not None:
            plan = plan_from_record(record["plan"], str(path))
            warnings = [_problem_from_record(str(path), w) for w in record["warnings"]]
            return Loaded(None, plan, warnings)
    loaded = load_plan_bytes(data, str(path), keep_source=keep_source)
    if loaded.plan is not None:
        cache.store(
            path,
            data,
            plan_record(loaded.plan),
            [_problem_record(p) for p in loaded.problems],
        )
    return loaded


def load_plan_bytes(data: bytes, name: str, *, keep_source: bool = False) -> Loaded:
    """Read, validate and check a plan given as bytes (from disk or from git).

    Args:
        data: the file's bytes.
        name: what to call the file in problems and references (its path, or a git
            ``revision:path``); the plan's short name is taken from it.
        keep_source: keep the text and node tree in the result.
    """
    from scrplan.checks import run_checks
    from scrplan.source import decode_source, parse_source

    source, problems = decode_source(data, name)
    if source is None:
        return Loaded(None, None, problems)
    problems = parse_source(source)
    kept = source if keep_source else None
    if source.data is None or (problems and source.root is None):
        return Loaded(kept, None, problems)
    plan, schema_problems = validate_data(source)
    problems = problems + schema_problems
    if plan is not None:
        problems += run_checks(plan, source)
    problems.sort(key=lambda p: (p.location.line, p.location.col))
    loaded = Loaded(kept, None, problems)
    if loaded.ok and plan is not None and not schema_problems:
        loaded.plan = plan
    return loaded


def _problem_record(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.location.line,
        "col": problem.location.col,
        "message": problem.message,
        "code": problem.code,
        "severity": problem.severity,
        "yaml_path": list(problem.yaml_path),
        "excerpt": problem.excerpt,
    }


def _problem_from_record(path: str, record: dict[str, Any]) -> Problem:
    return Problem(
        Location(path, record["line"], record["col"]),
        record["message"],
        record["code"],
        record["severity"],
        tuple(record["yaml_path"]),
        record["excerpt"],
    )


def load_plans(paths: Iterable[str | Path]) -> list[Loaded]:
    """Load every file in ``paths`` (already expanded by :func:`plan_files`)."""
    # Parsing builds millions of small objects and no reference cycles; without this the
    # cyclic collector keeps re-scanning what is loaded: 1,000 plans took 1.5x as long with it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [load_plan(path) for path in paths]
    finally:
        if enabled:
            gc.enable()


def validate_data(source: Source) -> tuple[Plan | None, list[Problem]]:
    """Validate ``source.data`` as a plan.

    Returns:
        The plan (partial when some recommendations are invalid: the valid ones, each at its
        own position, so the cross-item checks can still run) and the schema problems.
    """
    data = source.data
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        plan._file = source.path
        return plan, []
    problems = [_problem(source, error) for error in errors]
    return _partial_plan(source, errors), problems


def _partial_plan(source: Source, errors: list[Any]) -> Plan | None:
    """As much of the plan as is valid, for the cross-item checks, so that one run reports
    every problem: the valid recommendations, and each invalid one with its invalid fields
    left out (when what remains is valid), each at its own position."""
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("recommendations"), list):
        return None
    bad: dict[int, set[str]] = {}
    for error in errors:
        loc = error["loc"]
        if loc[:1] == ("recommendations",) and len(loc) > 2 and isinstance(loc[1], int):
            bad.setdefault(loc[1], set()).add(str(loc[2]))
        elif loc[:1] == ("recommendations",) and len(loc) == 2:
            bad.setdefault(loc[1], set()).add("*")  # not a set of fields at all
    recs = []
    partial: dict[int, frozenset[str]] = {}
    for index, raw in enumerate(data["recommendations"]):
        left_out = bad.get(index, set())
        if "*" in left_out or not isinstance(raw, dict):
            continue
        try:
            rec = Recommendation.model_validate({k: v for k, v in raw.items() if k not in left_out})
        except ValidationError:
            continue  # a required field is missing or wrong
        rec.place(index)
        recs.append(rec)
        if left_out:
            partial[index] = frozenset(left_out)
    try:
        key = RagKey.model_validate(data.get("rag_key") or {})
    except ValidationError:
        key = _default_key()
    plan = Plan.model_construct(title=str(data.get("title")), rag_key=key, recommendations=recs)
    plan._file = source.path
    plan._partial = partial
    return plan


# --- references: `7` or `child-m:7` ---------------------------------------------------------

PLAN_ENV = "SCRPLAN_PLAN"


def resolve_ref(ref: str, plan: str | Path | None = None) -> tuple[Path, str]:
    """Which plan file and which id a reference names.

    ``child-m:7`` is item 7 of the plan whose file is named ``child-m.yaml``, looked for in the
    ``--plan`` folder, else the ``SCRPLAN_PLAN`` folder, else ``plans/``. A bare ``7`` needs one
    plan: ``--plan FILE``, else ``SCRPLAN_PLAN``, else the only plan under ``plans/``.

    Args:
        ref: the reference as typed.
        plan: the ``--plan`` option (a file or a folder), if given.

    Returns:
        The plan file and the item id.

    Raises:
        NotFound: the reference is empty, or names no plan, or more than one could be meant.
    """
    env = os.environ.get(PLAN_ENV, "").strip()
    chosen = Path(plan) if plan else Path(env) if env else None
    where = "--plan" if plan else PLAN_ENV
    if chosen is not None and not chosen.exists():
        raise NotFound(f"{chosen} (given with {where}): no such file or folder")
    head, sep, ident = ref.rpartition(":")
    if not ident.strip() or (sep and not head.strip()):
        raise NotFound(f"{ref!r} is not a reference: write an id such as 7, or child-m:7")
    if not sep:
        if chosen is not None and chosen.is_file():
            return chosen, ident
        candidates = plan_files([chosen] if chosen is not None else [])
        if len(candidates) == 1:
            return candidates[0], ident
        return _one_holding(ident, candidates, chosen)
    if Path(head).is_file():
        return Path(head), ident
    if head.lower().endswith(PLAN_SUFFIXES):
        raise NotFound(f"{ref}: there is no file {head}")
    if chosen is not None and chosen.is_file():
        if chosen.stem == head:
            return chosen, ident
        raise NotFound(f"{ref} names plan {head}, but {where} is {chosen}")
    files = plan_files([chosen] if chosen is not None else [])
    matches = [p for p in files if p.stem == head]
    if len(matches) == 1:
        return matches[0], ident
    if not matches:
        names = ", ".join(p.stem for p in files)
        raise NotFound(f"there is no plan called {head}; the plans are: {names}")
    listed = ", ".join(str(p) for p in matches)
    raise NotFound(
        f"{len(matches)} plans are called {head} ({listed}): give the file instead, "
        f"e.g. {matches[0]}:{ident}"
    )


def _one_holding(ident: str, candidates: list[Path], chosen: Path | None) -> tuple[Path, str]:
    """A bare id with several plans is refused, naming the plans that have that id."""
    holding = []
    for path in candidates:
        loaded = load_plan(path)
        if loaded.plan is None or loaded.plan.find(ident) is not None:
            holding.append(path)  # a plan with errors might hold it too
    how = "" if chosen is not None else f"; or give --plan PATH, or set {PLAN_ENV}"
    if not holding:
        names = ", ".join(p.stem for p in candidates)
        raise NotFound(f"no plan has an item {ident} (the plans are: {names})")
    refs = ", ".join(f"{p.stem}:{ident}" for p in holding)
    if len(holding) == 1:
        raise NotFound(
            f"{ident} needs its plan's name, as there are {len(candidates)} plans: "
            f"write {refs}{how}"
        )
    raise NotFound(f"{ident} is in {len(holding)} plans: name the plan, e.g. {refs}{how}")


def load_valid(path: str | Path, *, keep_source: bool = False) -> Loaded:
    """Load a plan a command needs, refusing one with errors.

    Raises:
        PlanProblems: the plan has errors (warnings are allowed).
    """
    loaded = load_plan(path, keep_source=keep_source)
    if not loaded.ok or loaded.plan is None:
        raise PlanProblems(
            [p for p in loaded.problems if p.severity == "error"],
            f"{path} has errors; fix them first (scrplan validate {path} lists them)",
        )
    return loaded


def no_item(plan: Plan, ident: str) -> str:
    """The message for an id that a plan does not have."""
    ids = ", ".join(i.id for i in plan.items())
    if not ids:
        return f"{plan.name} has no item {ident}: it has no recommendations yet"
    return f"{plan.name} has no item {ident}; its ids are: {ids}"


def find_item(ref: str, plan: str | Path | None = None) -> tuple[Plan, Item]:
    """The plan and the recommendation or action that ``ref`` names.

    Raises:
        NotFound: no such plan or item.
        PlanProblems: the plan has errors.
    """
    path, ident = resolve_ref(ref, plan)
    loaded = load_valid(path)
    assert loaded.plan is not None
    item = loaded.plan.find(ident)
    if item is None:
        raise NotFound(no_item(loaded.plan, ident))
    return loaded.plan, item


# --- pydantic errors in plain words ---------------------------------------------------------

_MODELS: dict[str, type[BaseModel]] = {
    "recommendations": Recommendation,
    "actions": Action,
    "progress": ProgressEntry,
    "rag_key": RagKey,
}

# Words people use for our fields, from the column headings of real plans.
_SYNONYMS = {
    "status": "rag",
    "rag_status": "rag",
    "colour": "rag",
    "color": "rag",
    "owner": "lead",
    "leads": "lead",
    "lead_agency": "lead",
    "responsibility": "lead",
    "responsible": "lead",
    "agency": "lead",
    "due": "target_date",
    "due_date": "target_date",
    "deadline": "target_date",
    "target": "target_date",
    "date": "target_date",
    "when": "target_date",
    "notes": "progress",
    "comments": "progress",
    "updates": "progress",
    "update": "progress",
    "comment": "note",
    "text": "note",
    "outcome": "evidence",
    "impact": "evidence",
    "completed_date": "completed",
    "date_completed": "completed",
    "done": "completed",
    "learning_point": "learning",
    "point": "learning",
    "description": "recommendation",
    "name": "title",
    "board": "partnership",
    "lscb": "partnership",
    "author": "by",
    "who": "by",
    "items": "recommendations",
}

_EXAMPLES = {
    "title": "title: Child M SCR action plan",
    "recommendation": "recommendation: DSCB should seek assurance that ...",
    "action": "action: Deliver refresher training to front-line officers",
    "note": "note: Training delivered to all front-line officers.",
    "id": "id: 7",
}


_ALL_MODELS: list[type[BaseModel]] = [Plan, *_MODELS.values()]
_ALL_FIELDS = frozenset(f for model in _ALL_MODELS for f in model.model_fields)


def suggest_field(key: str, allowed: Sequence[str]) -> str | None:
    """The field someone most likely meant by ``key``: a heading real plans use for it
    (``owner`` → ``lead``), or a close spelling (``reccomendation``)."""
    guess = _SYNONYMS.get(key.lower().replace(" ", "_").replace("-", "_"))
    if guess in allowed:
        return guess
    close = difflib.get_close_matches(key.lower(), list(allowed), n=1, cutoff=0.7)
    return close[0] if close else None


def _model_for(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model class whose fields are valid at ``loc`` (a path to a mapping)."""
    for part in reversed(loc):
        if isinstance(part, str) and part in _MODELS:
            return _MODELS[part]
    return Plan


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _where(source: Source, loc: tuple[Any, ...]) -> str:
    from scrplan.source import find_node

    """Name the item a path is in: ``recommendation 7, action 7.1, progress entry 2``.

    Ids are taken from the file's text, so an unquoted ``1.10`` is named as written.
    """
    words = []
    for end in range(1, len(loc)):
        prev, part = loc[end - 1], loc[end]
        if not isinstance(part, int):
            continue
        if prev in ("recommendations", "actions"):
            _, id_node = find_node(source.root, (*loc[: end + 1], "id"))
            _, item_node = find_node(source.root, loc[: end + 1])
            ident = getattr(id_node, "value", None) if id_node is not item_node else None
            words.append(f"{prev[:-1]} {ident}" if ident else f"{prev[:-1]} {part + 1}")
        elif prev == "progress":
            words.append(f"progress entry {part + 1}")
    return ", ".join(words)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "empty"
    return "text"


def _message(source: Source, error: Any) -> str:
    """The plain-words message for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    field = next((p for p in reversed(loc) if p in _ALL_FIELDS), None)
    name = f"`{field}`" if field else "this value"
    value = error.get("input")
    if kind == "missing":
        example = _EXAMPLES.get(str(field))
        hint = f", e.g. `{example}`" if example else ""
        return f"{name} is missing: add it{hint}"
    if kind == "extra_forbidden":
        allowed = _fields(_model_for(loc[:-1]))
        key = str(loc[-1])
        guess = suggest_field(key, allowed)
        if guess:
            return f"`{key}` is not a field scrplan knows: did you mean `{guess}`?"
        return f"`{key}` is not a field scrplan knows here; the fields are: {', '.join(allowed)}"
    if kind == "id_not_quoted":
        from scrplan.source import find_node

        _, node = find_node(source.root, loc)
        written = getattr(node, "value", value)
        return (
            f'id {written} must be in quotes, `id: "{written}"`: without them YAML reads it '
            f"as the number {value}"
        )
    if kind in ("string_type", "str_type"):
        if isinstance(value, bool):
            return (
                f"{name} should be text, but YAML reads yes, no, on, off, true and false as "
                "yes/no values: put the text in quotes"
            )
        if isinstance(value, (int, float)):
            return f"{name} should be text, not a number: put it in quotes"
        if isinstance(value, dict):
            return (
                f"{name} should be text, not a set of fields: if the text holds `: `, put it "
                "in quotes or use a `|` block"
            )
        return f"{name} should be text, not {_kind_of(value)}"
    if kind == "string_too_short":
        return f"{name} is empty: write the text, or remove the line"
    if kind == "list_type":
        return (
            f"{name} should be a list, not {_kind_of(value)}: start each entry on its own line "
            "with `- `"
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if not loc:
            return (
                f"a plan file should be a set of fields starting with `title:`, but this file "
                f"holds {_kind_of(value)}"
            )
        return f"{name} should be a set of fields (`name: value` lines), not {_kind_of(value)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{name} should be one of {expected}, not {value!r}"
    if kind == "complete_colour":
        return f"in {name}, {error['msg']}"
    return f"{name} {error['msg']}"


# Stable names for kinds of problem, for tools reading --format json.
_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "string_type": "not-text",
    "string_too_short": "empty-text",
    "list_type": "not-a-list",
    "model_type": "not-a-mapping",
    "model_attributes_type": "not-a-mapping",
    "dict_type": "not-a-mapping",
    "literal_error": "not-allowed",
    "rag_colour": "bad-rag",
    "complete_colour": "bad-rag-key",
}


def _problem(source: Source, error: Any) -> Problem:
    from scrplan.source import locate

    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        # The key is not there to point at: point at the mapping it belongs in.
        line, col = locate(source.root, loc[:-1])
    else:
        line, col = locate(source.root, loc, at_key=kind == "extra_forbidden")
    where = _where(source, loc)
    message = _message(source, error)
    if where:
        message = f"{where}: {message}"
    if kind in _CODES:
        code = _CODES[kind]
    elif kind.startswith(("date_", "id_")):
        code = "bad-" + kind.split("_")[0]
    else:
        code = kind.replace("_", "-")
    return source.problem(message, code, line, col, loc)


def relative(path: str | Path) -> str:
    """``path`` relative to the current folder when it is inside it, for shorter messages."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


__all__ = ["Loaded", "Location", "load_plan", "load_plans", "plan_files"]
