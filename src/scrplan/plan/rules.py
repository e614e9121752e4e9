"""Rules that look across a plan: unique ids, evidence for complete items, RAG from actions,
levels the key has, sign-off and closure; and the quality checks, warnings about gaps.

Each rule is a function ``(plan, text) -> list[Problem]`` listed in :data:`RULES` (or, for the
quality checks the partnership's settings may switch off, :data:`QUALITY`). They run on every
recommendation that is valid on its own, even when others in the same file are not, so one run
of ``scrplan validate`` reports everything.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any

from scrplan.errors import Problem
from scrplan.plan.levels import COLOURS, COMPLETE
from scrplan.plan.model import Action, Item, Plan, RagKey, Recommendation, YamlPath
from scrplan.plan.yamltree import PlanText, find_node, locate


def unique_ids(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Every recommendation and action has its own id, so ``7`` names one thing."""
    problems = []
    first: dict[str, tuple[str | int, ...]] = {}
    for item in plan.items():
        if item.id in first:
            earlier, _ = locate(plan_text.root, (*first[item.id], "id"))
            line, col = locate(plan_text.root, (*item.path, "id"))
            problems.append(
                plan_text.problem(
                    f"id {item.id} is used twice in this plan (first on line {earlier}); "
                    "give each recommendation and action its own id",
                    "duplicate-id",
                    line,
                    col,
                    (*item.path, "id"),
                )
            )
        else:
            first[item.id] = item.path
    return problems


def ids_as_written(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """An unquoted id YAML reads as a number must be the number as written: ``01`` would be
    item 1, ``1:30`` item 90."""
    from yaml.nodes import ScalarNode

    problems = []
    for item in plan.items():
        _, node = find_node(plan_text.root, (*item.path, "id"))
        if isinstance(node, ScalarNode) and not node.style and node.value != item.id:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            problems.append(
                plan_text.problem(
                    f"id {node.value} is read by YAML as the number {item.id}: put it in quotes, "
                    f'`id: "{node.value}"`, so that it stays as written',
                    "bad-id",
                    line,
                    col,
                    (*item.path, "id"),
                )
            )
    return problems


def levels_in_key(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Items only use levels that the plan's key has.

    Read from the file's data rather than the plan, so that an item that is invalid in other
    ways is checked too, and one run reports everything.
    """
    key = plan.key
    names = key.colours
    problems = []
    for path, ident, value in _rags(plan_text.data):
        rag = _level_text(value)
        if rag is None or key.level(rag) is not None:
            continue
        line, col = locate(plan_text.root, (*path, "rag"))
        where = f"{_kind(path)} {ident}"
        if key.is_colours and rag.lower() not in COLOURS:
            message, code = (
                f'{where}: `rag` "{rag}" is not a RAG colour: use red, amber, green or '
                "blue, or leave `rag` out while the item is not yet rated",
                "bad-rag",
            )
        elif key.is_colours:
            message, code = (
                f"{where}: {rag} is not a colour in this plan's RAG key "
                f"({', '.join(names)}); use one of those, or add `{rag}: <what it means>` "
                "under `rag_key`",
                "rag-not-in-key",
            )
        else:
            close = difflib.get_close_matches(rag, names, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            whose = "this plan's key" if plan.rag_key else "the partnership's key"
            message, code = (
                f'{where}: `rag` "{rag}" is not a level of {whose} ({", ".join(names)}): '
                f"{hint}use one of those, or leave `rag` out while the item is not yet rated",
                "bad-rag",
            )
        problems.append(plan_text.problem(message, code, line, col, (*path, "rag")))
    return problems


def _rags(data: Any) -> Iterator[tuple[YamlPath, str, Any]]:
    """Every ``rag:`` in the file's data: where, the item's id as written, and the value."""
    recs = data.get("recommendations") if isinstance(data, dict) else None
    for index, rec in enumerate(recs if isinstance(recs, list) else []):
        if not isinstance(rec, dict):
            continue
        path: YamlPath = ("recommendations", index)
        if "rag" in rec:
            yield path, str(rec.get("id", index + 1)), rec["rag"]
        actions = rec.get("actions")
        for number, action in enumerate(actions if isinstance(actions, list) else []):
            if isinstance(action, dict) and "rag" in action:
                yield (*path, "actions", number), str(action.get("id", number + 1)), action["rag"]


def _level_text(value: Any) -> str | None:
    """A ``rag:`` value as the model reads it (None when the model refuses it already)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _rated_oddly(plan: Plan, item: Item) -> bool:
    """The item's own level is not one the key has (reported by :func:`levels_in_key`): rules
    that read the level would only add confusion."""
    return item.rag is not None and plan.key.level(item.rag) is None


def key_is_clear(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """A key of the plan's own says which one level means complete, and no name twice."""
    if plan.rag_key is None or plan.rag_key.levels is None:
        return []
    problems = []
    for message, index, field in key_faults(plan.rag_key):
        path: YamlPath = ("rag_key", "levels", index, field) if index is not None else ("rag_key",)
        line, col = locate(plan_text.root, path)
        problems.append(plan_text.problem(message, "unclear-key", line, col, path))
    return problems


def key_faults(key: RagKey) -> list[tuple[str, int | None, str]]:
    """What makes a key of levels ambiguous: (message, level's position, field)."""
    levels = key.levels or []
    faults: list[tuple[str, int | None, str]] = []
    seen: dict[str, int] = {}
    for index, level in enumerate(levels):
        name = " ".join(level.name.split()).casefold()
        if name in seen:
            faults.append(
                (
                    f"the level {level.name} is in the key twice (first as level "
                    f"{seen[name] + 1}): give each level its own name",
                    index,
                    "name",
                )
            )
        seen.setdefault(name, index)
    complete = [i for i, level in enumerate(levels) if level.means == COMPLETE]
    if not complete and levels:
        faults.append(
            (
                "no level of this key means complete: give the level that means the work is "
                "done `means: complete`",
                None,
                "",
            )
        )
    for index in complete[1:]:
        faults.append(
            (
                f"two levels mean complete ({levels[complete[0]].name} and "
                f"{levels[index].name}): only one can, so that scrplan knows which needs "
                "evidence; give the other its own meaning",
                index,
                "means",
            )
        )
    return faults


def rag_from_actions(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """A recommendation with actions takes its RAG from them, so it has none of its own."""
    problems = []
    for rec in plan.recommendations:
        if rec.actions and rec.rag is not None:
            line, col = locate(plan_text.root, (*rec.path, "rag"), at_key=True)
            problems.append(
                plan_text.problem(
                    f"recommendation {rec.id} has actions, so its RAG comes from them: remove "
                    "its own `rag:` and rate each action instead",
                    "rag-with-actions",
                    line,
                    col,
                    (*rec.path, "rag"),
                )
            )
    return problems


def evidence_when_complete(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Nothing is complete without evidence: the commonest failure of action plans."""
    complete = plan.key.complete_level
    problems = []
    for item in plan.items():
        if plan.lacks_evidence(item):
            line, col = locate(plan_text.root, (*item.path, "rag"))
            problems.append(
                plan_text.problem(
                    f"{_kind(item.path)} {item.id} is {complete} ({plan.key.meaning(complete)})"
                    " but has no `evidence`: add `evidence:` saying what shows the work is done "
                    "and has made a difference, or choose another colour",
                    "complete-without-evidence",
                    line,
                    col,
                    (*item.path, "rag"),
                )
            )
    return problems


def completed_means_complete(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """A completion date on an item that is not complete is probably a missed RAG update."""
    problems = []
    for item in plan.items():
        if _rated_oddly(plan, item):
            continue
        if item.completed is not None and not plan.is_complete(item):
            line, col = locate(plan_text.root, (*item.path, "completed"))
            colour = plan.rag(item) or "not rated"
            problems.append(
                plan_text.problem(
                    f"{_kind(item.path)} {item.id} has a `completed` date but its RAG is "
                    f"{colour}, not {plan.key.complete_level}: update the RAG, or remove the date",
                    "completed-not-complete",
                    line,
                    col,
                    (*item.path, "completed"),
                    severity="warning",
                )
            )
    return problems


def verified_when_complete(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Sign-off is for complete items, and for what was checked by someone else."""
    problems = []
    for item in plan.items():
        if item.verified is None or _rated_oddly(plan, item):
            continue
        where = f"{_kind(item.path)} {item.id}"
        if not plan.is_complete(item):
            line, col = locate(plan_text.root, (*item.path, "verified"), at_key=True)
            level = plan.rag(item) or "not rated"
            problems.append(
                plan_text.problem(
                    f"{where} is verified (signed off) but it is not complete: its RAG is "
                    f"{level}. Sign-off is for complete items: set its RAG to "
                    f"{plan.key.complete_level} with evidence first, or remove `verified`",
                    "verified-not-complete",
                    line,
                    col,
                    (*item.path, "verified"),
                )
            )
        by = item.verified.by
        lead = next((x for x in item.lead if plan.context.same_agency(by, x)), None)
        if lead is not None:
            line, col = locate(plan_text.root, (*item.path, "verified", "by"))
            problems.append(
                plan_text.problem(
                    f"{where} was verified by {by}, which leads it: nobody independent checked "
                    "the evidence. Ask the partnership (a sub-group, the board manager) to "
                    "check it and sign it off",
                    "verified-by-lead",
                    line,
                    col,
                    (*item.path, "verified", "by"),
                    severity="warning",
                )
            )
    return problems


def closed_not_complete(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """An item is either done or closed without implementation, not both."""
    problems = []
    for item in plan.items():
        if item.closed is not None and plan.is_complete(item):
            line, col = locate(plan_text.root, (*item.path, "closed"), at_key=True)
            problems.append(
                plan_text.problem(
                    f"{_kind(item.path)} {item.id} is closed without implementation but its RAG "
                    f"is {plan.rag(item)} ({plan.key.meaning(plan.rag(item))}): an item is either "
                    "done or closed. Remove `closed`, or change the RAG",
                    "closed-and-complete",
                    line,
                    col,
                    (*item.path, "closed"),
                )
            )
    return problems


# --- quality: warnings, each of which the partnership's settings may switch off ----------------

_EMPTY_WORDS = frozenset(
    "done completed complete yes achieved finished closed actioned n/a na tbc ok".split()
)


def no_lead(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Somebody must lead each piece of work."""
    problems = []
    for item in plan.items():
        if item.lead or item.closed is not None or _covered(item, lambda a: bool(a.lead)):
            continue
        line, col = locate(plan_text.root, (*item.path, "id"))
        problems.append(
            plan_text.problem(
                f"{_kind(item.path)} {item.id} has no lead: name the agency that leads it, "
                "e.g. `lead: West Midlands Police`",
                "no-lead",
                line,
                col,
                (*item.path, "lead"),
                severity="warning",
            )
        )
    return problems


def no_target(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Work with no date to be held to drifts."""
    problems = []
    for item in plan.items():
        if item.target_date or item.timescale or item.closed is not None:
            continue
        if _covered(item, lambda a: bool(a.target_date or a.timescale)):
            continue
        line, col = locate(plan_text.root, (*item.path, "id"))
        problems.append(
            plan_text.problem(
                f"{_kind(item.path)} {item.id} has neither a target date nor a timescale: add "
                "`target_date: 2025-03-31`, or `timescale: Ongoing` if it has no end date",
                "no-target",
                line,
                col,
                (*item.path, "target_date"),
                severity="warning",
            )
        )
    return problems


def no_impact_measure(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """The board should know from the start how it will judge whether practice changed."""
    problems = []
    for rec in plan.recommendations:
        if plan.stage(rec) != "open" or (rec.impact is not None and rec.impact.measure):
            continue
        line, col = locate(plan_text.root, (*rec.path, "id"))
        problems.append(
            plan_text.problem(
                f"recommendation {rec.id} has no impact measure: say how the board will know it "
                "made a difference, under `impact:` as `measure: ...`",
                "no-impact-measure",
                line,
                col,
                (*rec.path, "impact"),
                severity="warning",
            )
        )
    return problems


def thin_evidence(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """ "Done" is not evidence: the commonest way items are closed without assurance."""
    problems = []
    for item in plan.items():
        evidence = item.evidence
        if not evidence or not plan.is_complete(item):
            continue
        words = [w.strip(".,;:!").casefold() for w in evidence.split()]
        if len(words) > 2 and not all(w in _EMPTY_WORDS for w in words):
            continue
        line, col = locate(plan_text.root, (*item.path, "evidence"))
        problems.append(
            plan_text.problem(
                f'{_kind(item.path)} {item.id} is complete with the evidence "{evidence}": say '
                "what shows the work is done and has made a difference (a report, an audit, "
                "minutes of a meeting)",
                "thin-evidence",
                line,
                col,
                (*item.path, "evidence"),
                severity="warning",
            )
        )
    return problems


def unknown_lead(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """A lead is one of the agencies in the partnership's settings (when it lists them)."""
    context = plan.context
    if not context.agencies:
        return []
    names = sorted({n for _, names in context.agencies for n in names})
    full = {n.casefold(): n for n, _ in context.agencies}
    problems = []
    for item in plan.items():
        for index, lead in enumerate(item.lead):
            if context.agency(lead) is not None:
                continue
            close = difflib.get_close_matches(lead.casefold(), names, n=1, cutoff=0.75)
            guess = next((n for n, ns in context.agencies if close and close[0] in ns), None)
            hint = (
                f": did you mean {guess}?"
                if guess
                else (f"; the agencies are: {', '.join(sorted(full.values()))}")
            )
            path: YamlPath = (
                (*item.path, "lead", index)
                if len(item.lead) > 1
                else (
                    *item.path,
                    "lead",
                )
            )
            line, col = locate(plan_text.root, path)
            problems.append(
                plan_text.problem(
                    f'{_kind(item.path)} {item.id}: lead "{lead}" is not an agency in the '
                    f"partnership's settings{hint} (or add it to `agencies` in partnership.yaml)",
                    "unknown-lead",
                    line,
                    col,
                    path,
                    severity="warning",
                )
            )
    return problems


def unknown_theme(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """A recommendation's themes come from the list of themes, so that the same lesson is
    counted under one name across plans."""
    if not any(rec.themes for rec in plan.recommendations):
        return []  # and the list of themes is never built
    words = plan.context.vocabulary()
    if not words.themes:  # the settings switch the national list off and list none
        return []
    problems = []
    for rec in plan.recommendations:
        written = _field(plan_text.data, rec.path, "themes")
        for index, theme in enumerate(rec.themes):
            if words.find(theme) is not None:
                continue
            guess = words.closest(theme)
            hint = f": did you mean {guess}?" if guess else ""
            path: YamlPath = (
                (*rec.path, "themes", index) if isinstance(written, list) else (*rec.path, "themes")
            )
            line, col = locate(plan_text.root, path)
            problems.append(
                plan_text.problem(
                    f'recommendation {rec.id}: theme "{theme}" is not in the list of themes'
                    f"{hint} (scrplan themes --all lists them; a partnership adds its own "
                    "under `themes` in partnership.yaml)",
                    "unknown-theme",
                    line,
                    col,
                    path,
                    severity="warning",
                )
            )
    return problems


def _field(data: Any, path: YamlPath, name: str) -> Any:
    """The value of ``name`` in the file's data at ``path`` (None when it is not there)."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data.get(name) if isinstance(data, dict) else None


def _covered(item: Item, has: Callable[[Action], bool]) -> bool:
    """A recommendation whose every action has it needs it no more itself."""
    return (
        isinstance(item, Recommendation)
        and bool(item.actions)
        and all(has(a) for a in item.actions if a.closed is None)
    )


def _kind(path: tuple[str | int, ...]) -> str:
    return "action" if "actions" in path else "recommendation"


Rule = Callable[[Plan, PlanText], list[Problem]]

# Each rule, and the fields it reads: a recommendation that was only partly valid has its
# invalid fields left out, and a rule that reads one of them would be misled, so it skips it.
RULES: list[tuple[Rule, frozenset[str]]] = [
    (ids_as_written, frozenset({"id"})),
    (unique_ids, frozenset({"id"})),
    (key_is_clear, frozenset()),
    (levels_in_key, frozenset({"rag", "actions"})),
    (rag_from_actions, frozenset({"rag", "actions"})),
    (evidence_when_complete, frozenset({"rag", "evidence", "actions"})),
    (completed_means_complete, frozenset({"rag", "completed", "actions"})),
    (verified_when_complete, frozenset({"rag", "verified", "lead", "actions"})),
    (closed_not_complete, frozenset({"rag", "closed", "actions"})),
]

QUALITY: list[tuple[str, Rule, frozenset[str]]] = [
    ("no-lead", no_lead, frozenset({"lead", "actions", "closed"})),
    ("no-target", no_target, frozenset({"target_date", "timescale", "actions", "closed"})),
    ("no-impact-measure", no_impact_measure, frozenset({"rag", "impact", "actions", "closed"})),
    ("thin-evidence", thin_evidence, frozenset({"rag", "evidence", "actions"})),
    ("unknown-lead", unknown_lead, frozenset({"lead"})),
    ("unknown-theme", unknown_theme, frozenset({"themes"})),
]
"""The quality checks, by code: warnings about gaps, each on unless the settings switch it off."""


FORMAT_CODES = frozenset({"bad-rag", "unclear-key"})
"""Problems a rule finds that mean the file does not fit the format (the model cannot see
them alone: the key may be in the partnership's settings)."""


def run_rules(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Run every rule in :data:`RULES` on ``plan``, leaving out what a rule would say about
    a recommendation whose fields it reads were invalid (``plan.partial``)."""
    problems = []
    off = plan.context.checks_off
    rules = [*RULES, *((rule, reads) for code, rule, reads in QUALITY if code not in off)]
    for rule, reads in rules:
        for problem in rule(plan, plan_text):
            path = problem.yaml_path
            in_item = len(path) > 1 and path[0] == "recommendations" and isinstance(path[1], int)
            left_out = plan.partial.get(int(path[1])) if in_item else None
            if left_out and left_out & reads:
                continue
            problems.append(problem)
    return problems
