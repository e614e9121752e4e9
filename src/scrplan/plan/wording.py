"""pydantic's errors in plain words, at the line and column where the value was written.

A board manager reads "`rag` \"purple\" is not a RAG colour: use red, amber, green or blue",
not "Input should be 'red', 'amber', 'green' or 'blue'". Each error gets a message that says
what is wrong and how to fix it ("did you mean `lead`?" for ``owner``), the item it is in
("recommendation 7, progress entry 2"), and a stable code for tools.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from scrplan.errors import Problem
from scrplan.plan.dates import quoted
from scrplan.plan.model import (
    Action,
    Closure,
    Impact,
    KeyLevel,
    Plan,
    ProgressEntry,
    RagKey,
    Recommendation,
    Verification,
)
from scrplan.plan.settings_model import Agency, Settings
from scrplan.plan.yamltree import PlanText, find_node, locate

_MODELS: dict[str, type[BaseModel]] = {
    "recommendations": Recommendation,
    "actions": Action,
    "progress": ProgressEntry,
    "rag_key": RagKey,
    "levels": KeyLevel,
    "verified": Verification,
    "impact": Impact,
    "closed": Closure,
    "agencies": Agency,
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
    "signed_off": "verified",
    "sign_off": "verified",
    "signoff": "verified",
    "verification": "verified",
    "approved": "verified",
    "closure": "closed",
    "not_implemented": "closed",
    "withdrawn": "closed",
    "outcome_measure": "impact",
    "impact_measure": "measure",
    "interval": "update_interval",
    "level": "name",
    "meaning": "means",
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
    "by": "by: Partnership quality assurance sub-group",
    "reason": "reason: Superseded by the national multi-agency practice standards",
    "means": "means: on track",
    "colour": "colour: green",
    "name": 'name: "2"',
    "title": "title: Child M SCR action plan",
    "recommendation": "recommendation: DSCB should seek assurance that ...",
    "action": "action: Deliver refresher training to front-line officers",
    "note": "note: Training delivered to all front-line officers.",
    "id": "id: 7",
}


_ALL_MODELS: list[type[BaseModel]] = [Plan, Settings, *_MODELS.values()]
_ALL_FIELDS = frozenset(f for model in _ALL_MODELS for f in model.model_fields)


def suggest_field(key: str, allowed: Sequence[str]) -> str | None:
    """The field someone most likely meant by ``key``: a heading real plans use for it
    (``owner`` → ``lead``), or a close spelling (``reccomendation``)."""
    guess = _SYNONYMS.get(key.lower().replace(" ", "_").replace("-", "_"))
    if guess in allowed:
        return guess
    close = difflib.get_close_matches(key.lower(), list(allowed), n=1, cutoff=0.7)
    return close[0] if close else None


def _model_for(loc: tuple[Any, ...], root: type[BaseModel] = Plan) -> type[BaseModel]:
    """The model class whose fields are valid at ``loc`` (a path to a mapping)."""
    for part in reversed(loc):
        if isinstance(part, str) and part in _MODELS:
            return _MODELS[part]
    return root


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _where(plan_text: PlanText, loc: tuple[Any, ...]) -> str:
    """Name the item a path is in: ``recommendation 7, action 7.1, progress entry 2``.

    Ids are taken from the file's text, so an unquoted ``1.10`` is named as written.
    """
    words = []
    for end in range(1, len(loc)):
        prev, part = loc[end - 1], loc[end]
        if not isinstance(part, int):
            continue
        if prev in ("recommendations", "actions"):
            _, id_node = find_node(plan_text.root, (*loc[: end + 1], "id"))
            _, item_node = find_node(plan_text.root, loc[: end + 1])
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


def _message(plan_text: PlanText, error: Any, root: type[BaseModel] = Plan) -> str:
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
        allowed = _fields(_model_for(loc[:-1], root))
        key = str(loc[-1])
        guess = suggest_field(key, allowed)
        if guess:
            return f"`{key}` is not a field scrplan knows: did you mean `{guess}`?"
        return f"`{key}` is not a field scrplan knows here; the fields are: {', '.join(allowed)}"
    if kind == "id_not_quoted":
        _, node = find_node(plan_text.root, loc)
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
    if kind == "invalid_key":
        return (
            f"{quoted(value)} is not a field name: YAML reads it as {_kind_of(value)}, and "
            "fields are named with words, such as `title` or `recommendation`"
        )
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
    "interval_format": "bad-interval",
    "complete_colour": "bad-rag-key",
}


def schema_problem(plan_text: PlanText, error: Any, root: type[BaseModel] = Plan) -> Problem:
    """A pydantic error as a problem at the line and column of the value, in plain words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        # The key is not there to point at: point at the mapping it belongs in.
        line, col = locate(plan_text.root, loc[:-1])
    else:
        at_key = kind in ("extra_forbidden", "invalid_key")
        line, col = locate(plan_text.root, loc, at_key=at_key)
    where = _where(plan_text, loc)
    message = _message(plan_text, error, root)
    if where:
        message = f"{where}: {message}"
    if kind in _CODES:
        code = _CODES[kind]
    elif kind.startswith(("date_", "id_")):
        code = "bad-" + kind.split("_")[0]
    else:
        code = kind.replace("_", "-")
    return plan_text.problem(message, code, line, col, loc)
