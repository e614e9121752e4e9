"""The documentation's examples are real: the format example is a valid plan."""

from __future__ import annotations

import re

from conftest import ROOT
from scrplan.loader import load_plan


def yaml_blocks(path):
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def test_format_example_is_a_valid_plan(tmp_path):
    example = yaml_blocks(ROOT / "docs" / "format.md")[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    loaded = load_plan(path)
    assert loaded.problems == []
    plan = loaded.plan
    assert plan.rag(plan.find("2")) == "green"
    assert [str(a.id) for a in plan.find("2").actions] == ["2.1", "2.2"]
