"""scrplan: the action plans that follow safeguarding reviews, as checked plain-text files.

The library API (the command line is a thin layer over it)::

    import scrplan

    loaded = scrplan.load_plan("plans/child-m.yaml")
    for problem in loaded.problems:
        print(problem.location, problem.message)
    plan = loaded.require("nothing to show")
    overdue = [item.id for item in plan.items() if plan.is_overdue(item, today)]

Names are imported when first used, so that ``import scrplan`` (and ``scrplan --version``)
costs nothing: the models need pydantic, the editor PyYAML.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from scrplan.edit.splice import PlanEditor
    from scrplan.edit.transaction import EditResult, apply_edit
    from scrplan.errors import (
        EditError,
        GitError,
        Location,
        NotFound,
        PlanProblems,
        Problem,
        ScrplanError,
    )
    from scrplan.plan.discover import find_plan_files
    from scrplan.plan.load import Loaded, load_bytes, load_plan, load_plans
    from scrplan.plan.model import Action, Item, Plan, ProgressEntry, RagKey, Recommendation
    from scrplan.plan.refs import find_item, resolve_ref

_API = {
    "PlanEditor": "scrplan.edit.splice",
    "EditResult": "scrplan.edit.transaction",
    "apply_edit": "scrplan.edit.transaction",
    "EditError": "scrplan.errors",
    "GitError": "scrplan.errors",
    "Location": "scrplan.errors",
    "NotFound": "scrplan.errors",
    "PlanProblems": "scrplan.errors",
    "Problem": "scrplan.errors",
    "ScrplanError": "scrplan.errors",
    "find_plan_files": "scrplan.plan.discover",
    "Loaded": "scrplan.plan.load",
    "load_bytes": "scrplan.plan.load",
    "load_plan": "scrplan.plan.load",
    "load_plans": "scrplan.plan.load",
    "Action": "scrplan.plan.model",
    "Item": "scrplan.plan.model",
    "Plan": "scrplan.plan.model",
    "ProgressEntry": "scrplan.plan.model",
    "RagKey": "scrplan.plan.model",
    "Recommendation": "scrplan.plan.model",
    "find_item": "scrplan.plan.refs",
    "resolve_ref": "scrplan.plan.refs",
}

__all__ = [
    "Action",
    "EditError",
    "EditResult",
    "GitError",
    "Item",
    "Loaded",
    "Location",
    "NotFound",
    "Plan",
    "PlanEditor",
    "PlanProblems",
    "Problem",
    "ProgressEntry",
    "RagKey",
    "Recommendation",
    "ScrplanError",
    "__version__",
    "apply_edit",
    "find_item",
    "find_plan_files",
    "load_bytes",
    "load_plan",
    "load_plans",
    "resolve_ref",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'scrplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
