"""The JSON Schema of a plan file, generated from the models, for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from scrplan.plan.model import Plan

SCHEMA_PATH = "schemas/action-plan.schema.json"
MODELINE = "# yaml-language-server: $schema=../schemas/action-plan.schema.json"


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a plan file's data must satisfy."""
    schema = Plan.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as the text committed in ``schemas/``: stable, indented, newline-terminated."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
