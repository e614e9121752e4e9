"""The documentation's examples are real: the format example is a valid plan."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT
from scrplan.plan.load import load_plan


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


def shown_after(path, command):
    """The output a document shows after ``$ command`` in a console block."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"$ {command}\n") + len(command) + 3
    return text[start:].split("```", 1)[0]


def test_readme_status_example_is_real(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = "scrplan status plans/child-m.yaml --as-of 2017-03-31"
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown_after(ROOT / "README.md", command)


def test_readme_validate_example_is_real(run, tmp_path, monkeypatch):
    text = (ROOT / "plans" / "child-m.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "(October 2016).\n    progress:", "(October 2016).\n    rag: purple\n    progress:"
    ).replace("  - id: 9\n", "  - id: 1.10\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "child-m.yaml").write_text(broken, encoding="utf-8")
    settings = (ROOT / "plans" / "partnership.yaml").read_bytes()
    (tmp_path / "plans" / "partnership.yaml").write_bytes(settings)
    monkeypatch.chdir(tmp_path)
    result = run("validate", "plans/")
    assert result.exit_code == 1
    assert result.stdout == shown_after(ROOT / "README.md", "scrplan validate plans/")


def test_every_document_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{doc.name})" in readme, doc.name


def test_the_library_example_in_the_architecture_notes_runs(monkeypatch):
    [example] = re.findall(
        r"```python\n(.*?)```",
        (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"),
        re.S,
    )
    monkeypatch.chdir(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Child M SCR - SILP - no recent update: 11 of 11\n"
