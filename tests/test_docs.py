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


def test_every_readme_example_gives_the_output_it_shows(run, tmp_path, monkeypatch):
    import readme_examples

    made = run("init", "--example", tmp_path / "child-m-example")
    assert made.exit_code == 0, made.output
    monkeypatch.chdir(tmp_path / "child-m-example")
    wrong = []
    for example, result in readme_examples.run_all(run, tmp_path / "child-m-example"):
        code = readme_examples.EXIT_CODES.get(example.command, 0)
        if result.exit_code != code or (example.shown and result.output != example.shown):
            wrong.append(f"$ {example.command}\n(exit {result.exit_code})\n{result.output}")
    assert not wrong, "\n".join(wrong)
    assert len(readme_examples.examples()) >= 12


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
