"""The committed JSON Schema is current, and independently accepts the plans we ship."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import ROOT
from scrplan.plan.schema import MODELINE, schema_text
from scrplan.plan.yamltree import PlanLoader

SCHEMA_FILE = ROOT / "schemas" / "action-plan.schema.json"
SETTINGS_SCHEMA_FILE = ROOT / "schemas" / "partnership.schema.json"
PLANS = [p for p in sorted((ROOT / "plans").glob("*.yaml")) if p.name != "partnership.yaml"]


def test_committed_schemas_are_up_to_date(run, monkeypatch):
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schemas/action-plan.schema.json is stale: run `uv run scrplan schema`"
    )
    assert SETTINGS_SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(settings=True), (
        "schemas/partnership.schema.json is stale: run `uv run scrplan schema`"
    )
    monkeypatch.chdir(ROOT)
    assert run("schema", "--check").exit_code == 0


def test_the_settings_satisfy_their_schema_with_an_independent_validator():
    schema = json.loads(SETTINGS_SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    path = ROOT / "plans" / "partnership.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=PlanLoader)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert path.read_text(encoding="utf-8").splitlines()[0].endswith("partnership.schema.json")


def test_schema_check_command(run, tmp_path):
    target = tmp_path / "s.json"
    assert run("schema", "--check", "-o", target).exit_code == 1
    result = run("schema", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == schema_text()
    assert run("schema", "--check", "-o", target).exit_code == 0


def test_schema_to_stdout(run):
    result = run("schema", "-o", "-")
    assert json.loads(result.stdout)["title"] == "scrplan action plan"


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_plans_satisfy_the_schema_with_an_independent_validator(path):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # Dates must reach the validator as the text that was written, as they reach scrplan.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=PlanLoader)
    jsonschema.Draft202012Validator(schema).validate(data)


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_plans_start_with_the_schema_modeline(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_schema_rejects_what_scrplan_rejects():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"title": "x", "recommendations": [{"id": 1, "recommendation": "y", "rag": "Amber"}]}
    assert list(validator.iter_errors(good)) == []
    # A level the key has not ("purple") is caught by scrplan, not by the schema: the key may
    # be the partnership's, in another file.
    for bad in (
        {"recommendations": []},
        {"title": "x", "recommendations": [{"id": 1, "recommendation": "y", "rag": True}]},
        {"title": "x", "recommendations": [{"id": 1, "recommendation": "y", "rag2": "red"}]},
        {
            "title": "x",
            "recommendations": [{"id": 1, "recommendation": "y", "target_date": "31/03/2017"}],
        },
    ):
        assert list(validator.iter_errors(bad)), bad
