"""Plan files in, one result per file out: the plan, and every problem with its place.

The pipeline for one file: decode the bytes and parse the YAML (:mod:`.yamltree`), validate the
data against the model (:mod:`.model`, with the errors worded by :mod:`.wording`), and run the
cross-item rules (:mod:`.rules`). Nothing here raises for bad user data.

:class:`Loaded` keeps what each step made, so that no caller redoes one: the parsed text (for
edits), the plan as validated (partial when some recommendations are invalid, so that the
rules can still run), the problems of each step, and one way to ask for a valid plan,
:meth:`Loaded.require`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from scrplan.errors import Location, PlanProblems, Problem, errors_in
from scrplan.fileio import read_plan_bytes
from scrplan.plan import cache
from scrplan.plan.model import (
    DEFAULT_CONTEXT,
    Context,
    Plan,
    RagKey,
    Recommendation,
    default_key,
    plan_from_record,
    plan_record,
)

if TYPE_CHECKING:
    from scrplan.plan.yamltree import PlanText

# PyYAML (through .yamltree), the rules and the error wording are imported where a file is
# actually parsed: a plan found in the cache needs none of them.


@dataclass
class Loaded:
    """What loading one plan file found.

    Attributes:
        name: the file as named in problems: its path, or ``REV:path`` for a version in git.
        text: the text and its YAML node tree, kept when asked for (edits need it; a
            thousand node trees would cost hundreds of megabytes).
        candidate: the plan as validated: None when the file could not be read as a plan;
            partial (the valid recommendations only) when there are schema problems.
        read_problems: what stopped the file being read or parsed as YAML.
        schema_problems: what the model refused.
        rule_problems: what the cross-item rules found (errors and warnings).
    """

    name: str
    text: PlanText | None = None
    candidate: Plan | None = None
    read_problems: list[Problem] = field(default_factory=list)
    schema_problems: list[Problem] = field(default_factory=list)
    rule_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem, in the order of the file."""
        found = [*self.read_problems, *self.schema_problems, *self.rule_problems]
        return sorted(found, key=lambda p: (p.location.line, p.location.col))

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the plan invalid."""
        return errors_in(self.problems)

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings are allowed)."""
        return not self.errors

    @property
    def plan(self) -> Plan | None:
        """The plan, when the file is valid; None when it has errors."""
        return self.candidate if self.ok else None

    @property
    def comparable(self) -> Plan | None:
        """The plan whenever it fits the format, even if a cross-item rule is broken (say,
        complete without evidence): ``diff`` still shows a reviewer what such a change did.
        A level its key does not have leaves nothing to compare, as a schema error does."""
        from scrplan.plan.rules import FORMAT_CODES

        if self.schema_problems or any(p.code in FORMAT_CODES for p in self.rule_problems):
            return None
        return self.candidate

    def require(self, hint: str) -> Plan:
        """The plan, or :class:`PlanProblems` with its errors and ``hint`` (what the command
        did about it: "nothing changed", "nothing shown")."""
        if self.candidate is None or not self.ok:
            raise PlanProblems(self.errors, hint)
        return self.candidate


def require_all(results: Sequence[Loaded], what: str) -> list[Plan]:
    """Every plan of ``results``, or :class:`PlanProblems` naming the invalid ones.

    A summary that quietly left out a plan with errors would mislead the board, so one bad
    plan refuses them all. ``what`` says what the command did: "nothing shown".
    """
    refuse_invalid([r for r in results if not r.ok], [r.name for r in results], what)
    return [r.require(what) for r in results]


def refuse_invalid(bad: Sequence[Checkable], names: Sequence[str], what: str) -> None:
    """Raise :class:`PlanProblems` if any of ``bad`` (the invalid ones among the plans
    ``names``) or the settings of the plans is invalid: :func:`require_all`, for a command
    that reads plans one at a time and keeps only the invalid ones."""
    from scrplan.plan.settings import settings_problems

    settings = errors_in(settings_problems(names))
    if not bad and not settings:
        return
    problems = settings + [p for r in bad for p in r.errors]
    files = sorted({p.location.path for p in problems})
    which = files[0] if len(files) == 1 else f"{len(files)} of {len(names)} plans"
    raise PlanProblems(
        problems,
        f"{what}, because {which} {'has' if len(files) == 1 else 'have'} errors: "
        "fix them (scrplan validate lists them), or name only the plans to show",
    )


class Checkable(Protocol):
    """A plan file as read: :class:`Loaded`, or :class:`~scrplan.plan.bulk.Checked`."""

    @property
    def errors(self) -> list[Problem]: ...


def load_plan(path: str | Path, *, keep_text: bool = False) -> Loaded:
    """Read, validate and check one plan file, from the cache when it has not changed.

    Args:
        path: the plan file.
        keep_text: keep the text and node tree in the result (and skip the cache, which holds
            neither).
    """
    from scrplan.plan.settings import settings_for

    name = str(path)
    data, problems = read_plan_bytes(path)
    if data is None:
        return Loaded(name, read_problems=problems)
    settings = settings_for(path)
    if not keep_text:
        record = cache.lookup(path, data, settings.digest)
        if record is not None:
            plan = plan_from_record(record["plan"], name)
            plan._context = settings.context
            warnings = [problem_from_record(name, w) for w in record["warnings"]]
            return Loaded(name, candidate=plan, rule_problems=warnings)
    loaded = load_bytes(data, name, keep_text=keep_text, context=settings.context)
    remember(path, data, loaded)
    return loaded


def remember(path: str | Path, data: bytes, loaded: Loaded) -> None:
    """Put a valid plan in the cache, so that the next command need not read it again."""
    from scrplan.plan.settings import settings_for

    if loaded.plan is not None:
        from scrplan.plan.facts import plan_facts

        records = [problem_record(p) for p in loaded.problems]
        settings = settings_for(path).digest
        plan = loaded.plan
        cache.store(path, data, plan_record(plan), records, settings, plan_facts(plan))


def load_bytes(
    data: bytes, name: str, *, keep_text: bool = False, context: Context = DEFAULT_CONTEXT
) -> Loaded:
    """Read, validate and check a plan given as bytes (from disk or from git).

    Args:
        data: the file's bytes.
        name: what to call the file in problems and references (its path, or a git
            ``revision:path``); the plan's short name is taken from it.
        keep_text: keep the text and node tree in the result.
        context: what the partnership's settings say about the plan.
    """
    from scrplan.plan.yamltree import decode_plan_text, parse_plan_text

    plan_text, problems = decode_plan_text(data, name)
    if plan_text is None:
        return Loaded(name, read_problems=problems)
    problems = parse_plan_text(plan_text)
    if plan_text.data is None or (problems and plan_text.root is None):
        return Loaded(name, plan_text if keep_text else None, read_problems=problems)
    loaded = check_parsed(plan_text, context)
    loaded.read_problems = problems
    if not keep_text:
        loaded.text = None
    return loaded


def check_parsed(plan_text: PlanText, context: Context = DEFAULT_CONTEXT) -> Loaded:
    """Validate and check text that is already parsed (an edit's result, say), without
    parsing it again."""
    from scrplan.plan.rules import run_rules

    candidate, schema_problems = validate_data(plan_text, context)
    rule_problems = run_rules(candidate, plan_text) if candidate is not None else []
    return Loaded(
        plan_text.path,
        plan_text,
        candidate,
        schema_problems=schema_problems,
        rule_problems=rule_problems,
    )


def problem_record(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.location.line,
        "col": problem.location.col,
        "message": problem.message,
        "code": problem.code,
        "severity": problem.severity,
        "yaml_path": list(problem.yaml_path),
        "excerpt": problem.excerpt,
        "excerpt_col": problem.excerpt_col,
    }


def problem_from_record(path: str, record: dict[str, Any]) -> Problem:
    return Problem(
        Location(path, record["line"], record["col"]),
        record["message"],
        record["code"],
        record["severity"],
        tuple(record["yaml_path"]),
        record["excerpt"],
        record.get("excerpt_col", 0),
    )


def load_plans(paths: Iterable[str | Path]) -> list[Loaded]:
    """Load every file in ``paths`` (already expanded by
    :func:`~scrplan.plan.discover.find_plan_files`): from the cache in bulk, the rest parsed
    by worker processes when there are many (:func:`~scrplan.plan.bulk.check_plans`).

    Every plan is kept whole; a command that reads thousands of plans reads them one at a
    time with :func:`~scrplan.plan.bulk.check_plans` instead, keeping only what it shows.
    """
    from scrplan.plan.bulk import check_plans

    with collector_paused():
        return [checked.loaded() for checked in check_plans(list(paths))]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while plans are loaded.

    Parsing builds millions of small objects and no reference cycles; without this the
    collector keeps re-scanning what is loaded: 1,000 plans took 1.5x as long with it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made meanwhile is still "young": re-enabled as it is, the collector
            # would scan all of it at the next allocation (a sixth of a second for 20,000
            # rows). Moved to the oldest generation, it is scanned only when that one is.
            gc.freeze()
            gc.enable()
            gc.unfreeze()


def validate_data(
    plan_text: PlanText, context: Context = DEFAULT_CONTEXT
) -> tuple[Plan | None, list[Problem]]:
    """Validate ``plan_text.data`` as a plan.

    Returns:
        The plan (partial when some recommendations are invalid: the valid ones, each at its
        own position, so the cross-item rules can still run) and the schema problems.
    """
    from scrplan.plan.wording import schema_problem

    data = plan_text.data
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        plan._file, plan._context = plan_text.path, context
        return plan, []
    problems = [schema_problem(plan_text, error) for error in errors]
    partial = _partial_plan(plan_text, errors)
    if partial is not None:
        partial._context = context
    return partial, problems


def _partial_plan(plan_text: PlanText, errors: list[Any]) -> Plan | None:
    """As much of the plan as is valid, for the cross-item rules, so that one run reports
    every problem: the valid recommendations, and each invalid one with its invalid fields
    left out (when what remains is valid), each at its own position."""
    data = plan_text.data
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
    key: RagKey | None = None
    if data.get("rag_key") is not None:
        try:
            key = RagKey.model_validate(data["rag_key"])
        except ValidationError:
            key = default_key()
    plan = Plan.model_construct(title=str(data.get("title")), rag_key=key, recommendations=recs)
    plan._file = plan_text.path
    plan._partial = partial
    return plan
