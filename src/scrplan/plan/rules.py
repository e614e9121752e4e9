"""Rules that look across a plan: unique ids, evidence for complete items, RAG from actions.

Each rule is a function ``(plan, text) -> list[Problem]`` listed in :data:`RULES`. They run
on every recommendation that is valid on its own, even when others in the same file are not,
so one run of ``scrplan validate`` reports everything.
"""

from __future__ import annotations

from collections.abc import Callable

from scrplan.errors import Problem
from scrplan.plan.model import Plan
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


def colours_in_key(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Items only use colours that the plan's RAG key defines."""
    allowed = plan.rag_key.colours
    problems = []
    for item in plan.items():
        if item.rag is not None and item.rag not in allowed:
            line, col = locate(plan_text.root, (*item.path, "rag"))
            problems.append(
                plan_text.problem(
                    f"{_kind(item.path)} {item.id}: {item.rag} is not a colour in this plan's "
                    f"RAG key ({', '.join(allowed)}); use one of those, or add "
                    f"`{item.rag}: <what it means>` under `rag_key`",
                    "rag-not-in-key",
                    line,
                    col,
                    (*item.path, "rag"),
                )
            )
    return problems


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
    complete = plan.rag_key.complete
    problems = []
    for item in plan.items():
        if plan.lacks_evidence(item):
            line, col = locate(plan_text.root, (*item.path, "rag"))
            problems.append(
                plan_text.problem(
                    f"{_kind(item.path)} {item.id} is {complete} ({plan.rag_key.meaning(complete)})"
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
        if item.completed is not None and not plan.is_complete(item):
            line, col = locate(plan_text.root, (*item.path, "completed"))
            colour = plan.rag(item) or "not rated"
            problems.append(
                plan_text.problem(
                    f"{_kind(item.path)} {item.id} has a `completed` date but its RAG is "
                    f"{colour}, not {plan.rag_key.complete}: update the RAG, or remove the date",
                    "completed-not-complete",
                    line,
                    col,
                    (*item.path, "completed"),
                    severity="warning",
                )
            )
    return problems


def _kind(path: tuple[str | int, ...]) -> str:
    return "action" if "actions" in path else "recommendation"


Rule = Callable[[Plan, PlanText], list[Problem]]

# Each rule, and the fields it reads: a recommendation that was only partly valid has its
# invalid fields left out, and a rule that reads one of them would be misled, so it skips it.
RULES: list[tuple[Rule, frozenset[str]]] = [
    (ids_as_written, frozenset({"id"})),
    (unique_ids, frozenset({"id"})),
    (colours_in_key, frozenset({"rag", "actions"})),
    (rag_from_actions, frozenset({"rag", "actions"})),
    (evidence_when_complete, frozenset({"rag", "evidence", "actions"})),
    (completed_means_complete, frozenset({"rag", "completed", "actions"})),
]


def run_rules(plan: Plan, plan_text: PlanText) -> list[Problem]:
    """Run every rule in :data:`RULES` on ``plan``, leaving out what a rule would say about
    a recommendation whose fields it reads were invalid (``plan.partial``)."""
    problems = []
    for rule, reads in RULES:
        for problem in rule(plan, plan_text):
            path = problem.yaml_path
            left_out = plan.partial.get(int(path[1])) if len(path) > 1 else None
            if left_out and left_out & reads:
                continue
            problems.append(problem)
    return problems
