"""The JSON Schemas of plan files and of the partnership's settings, generated from the models,
for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

SCHEMA_PATH = "schemas/action-plan.schema.json"
SETTINGS_SCHEMA_PATH = "schemas/partnership.schema.json"
MODELINE = "# yaml-language-server: $schema=../schemas/action-plan.schema.json"


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a plan file's data must satisfy."""
    from scrplan.plan.model import Plan

    return _schema(Plan)


def settings_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``partnership.yaml``."""
    from scrplan.plan.settings_model import Settings

    return _schema(Settings)


def schema_text(settings: bool = False) -> str:
    """A schema as the text committed in ``schemas/``: stable, indented, newline-terminated."""
    schema = settings_schema() if settings else plan_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
