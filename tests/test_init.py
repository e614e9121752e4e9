"""scrplan init: a new plans repository that works from the first commit, never over a file;
and the example repository, the same wherever it is made."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from scrplan.plan.load import load_plan
from scrplan.plan.schema import schema_text
from scrplan.plan.settings import settings_for
from scrplan.start.scaffold import FILES

MADE = [
    "plans/partnership.yaml",
    "schemas/action-plan.schema.json",
    "schemas/partnership.schema.json",
    ".github/workflows/plans.yml",
    ".pre-commit-config.yaml",
    ".gitignore",
    "README.md",
]


@pytest.fixture(autouse=True)
def no_user_git(monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def files_in(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts[:1]
    )


def test_init_makes_every_file_and_a_git_repository(run, tmp_path):
    folder = tmp_path / "board-plans"
    result = run("init", folder, "--partnership", "Dudley Safeguarding Children Partnership")
    assert result.exit_code == 0, result.output
    assert files_in(folder) == sorted(MADE)
    lines = result.stderr.splitlines()
    assert lines[0] == f"Started a plans repository in {folder}:"
    assert lines[1].split() == ["plans/partnership.yaml", "the", "agencies,", "how", "often",
                                "updates", "are", "due,", "the", "checks"]  # fmt: skip
    assert "  and made it a git repository (git init)" in lines
    assert git(folder, "symbolic-ref", "HEAD") == "refs/heads/main\n"
    settings = settings_for(folder / "plans" / "x.yaml")
    assert settings.problems == []
    assert settings.settings.partnership == "Dudley Safeguarding Children Partnership"
    assert settings.settings.quality_checks == {}  # every check on
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Dudley Safeguarding Children Partnership: action plans\n")


def test_without_a_name_the_settings_are_still_valid(run, tmp_path):
    assert run("init", tmp_path / "p").exit_code == 0
    loaded = settings_for(tmp_path / "p" / "plans" / "x.yaml")
    assert loaded.problems == []
    assert loaded.settings.partnership is None
    assert (tmp_path / "p" / "README.md").read_text(encoding="utf-8").startswith("# Action plans\n")


def test_a_new_repository_checks_its_first_plan(run, tmp_path, monkeypatch):
    folder = tmp_path / "p"
    assert run("init", folder).exit_code == 0
    monkeypatch.chdir(folder)
    assert run("new", "plans/child-q.yaml", "--title", "Child Q").exit_code == 0
    added = run("add", "child-q", "--recommendation", "Hold a learning event.")
    assert added.exit_code == 0, added.output
    result = run("validate")
    assert result.exit_code == 0, result.output
    # The quality checks are on in a new repository: no lead, no target, no impact measure.
    codes = re.findall(r"\[([a-z-]+)\]$", result.stdout, re.M)
    assert codes == ["no-lead", "no-target", "no-impact-measure"]
    assert run("schema", "--check").exit_code == 0  # the schemas are today's


def test_nothing_is_overwritten(run, tmp_path):
    folder = tmp_path / "p"
    (folder / "plans").mkdir(parents=True)
    (folder / "README.md").write_bytes(b"Our own README\r\n")
    (folder / "plans" / "partnership.yaml").write_bytes(b"partnership: Ours\n")
    git(folder, "init", "-q")
    result = run("init", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "README.md").read_bytes() == b"Our own README\r\n"
    assert (folder / "plans" / "partnership.yaml").read_bytes() == b"partnership: Ours\n"
    assert "  kept plans/partnership.yaml: it was already there, and is left as it is" in (
        result.stderr.splitlines()
    )
    assert "git init" not in result.stderr  # already a repository
    again = run("init", folder)
    assert again.exit_code == 0
    assert (
        again.stderr == f"Nothing to do: {folder} has every file of a plans repository already.\n"
    )


def test_a_file_is_not_a_folder(run, tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = run("init", tmp_path / "f")
    assert result.exit_code == 1
    assert "is a file: give the folder to make the repository in" in result.stderr


def test_without_git_the_files_are_made_and_the_user_told(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("init", tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path / "p") == sorted(MADE)
    assert "git is not installed, so the folder is not a repository yet" in result.stderr


def test_the_gitignore_keeps_board_papers_out_and_plans_in(run, tmp_path):
    folder = tmp_path / "p"
    assert run("init", folder).exit_code == 0
    names = ["board.docx", "board.html", "board.pdf", "board.csv", "chase.xlsx", "plans/a.yaml"]
    done = subprocess.run(["git", "check-ignore", *names], cwd=folder, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.stdout.split() == names[:-1]


def test_the_workflow_is_the_documented_one(run, tmp_path):
    assert (
        run("init", tmp_path / "p", "--install", "scrplan @ git+https://example.org/s").exit_code
        == 0
    )
    workflow = (tmp_path / "p" / ".github" / "workflows" / "plans.yml").read_text(encoding="utf-8")
    documented = re.findall(
        r"```yaml\n(.*?)```", (ROOT / "docs" / "ci.md").read_text("utf-8"), re.S
    )
    assert workflow == documented[0].replace(
        "scrplan==0.1.0", "scrplan @ git+https://example.org/s"
    )
    steps = yaml.safe_load(workflow)["jobs"]["validate"]["steps"]
    assert steps[2]["run"] == 'pip install "scrplan @ git+https://example.org/s"'


def test_the_schemas_are_the_ones_scrplan_writes(run, tmp_path):
    assert run("init", tmp_path / "p").exit_code == 0
    schemas = tmp_path / "p" / "schemas"
    assert (schemas / "action-plan.schema.json").read_text(encoding="utf-8") == schema_text()
    assert (schemas / "partnership.schema.json").read_text(encoding="utf-8") == schema_text(
        settings=True
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pre_commit_hook_stops_a_commit_of_a_broken_plan(run, tmp_path, monkeypatch):
    folder = tmp_path / "p"
    assert run("init", folder).exit_code == 0
    (folder / "plans" / "a.yaml").write_text(
        "title: A\nrecommendations:\n  - id: 1\n    recommendation: x\n    rag: purple\n",
        encoding="utf-8",
    )
    # pre-commit finds scrplan (the one under test) on PATH, as on a board manager's computer.
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    git(folder, "add", "-A")
    done = subprocess.run(
        [str(Path(bin_dir) / "pre-commit"), "run", "--all-files"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "plans/a.yaml:5:10: error:" in done.stdout
    assert "[bad-rag]" in done.stdout


# --- the example ------------------------------------------------------------------------------


def test_the_example_plan_is_the_published_one():
    assert (FILES / "child-m.yaml").read_bytes() == (ROOT / "plans" / "child-m.yaml").read_bytes()
    assert (FILES / "dudley-partnership.yaml").read_bytes() == (
        ROOT / "plans" / "partnership.yaml"
    ).read_bytes()


def test_the_example_is_the_same_wherever_it_is_made(run, tmp_path):
    for name in ("one", "two"):
        result = run("init", "--example", tmp_path / name)
        assert result.exit_code == 0, result.output
    logs = [
        git(tmp_path / name, "log", "--all", "--format=%H %an %ad %s", "--date=iso")
        for name in ("one", "two")
    ]
    assert logs[0] == logs[1]
    folder = tmp_path / "one"
    assert git(folder, "status", "--porcelain") == ""
    assert git(folder, "branch", "--show-current") == "main\n"
    assert git(folder, "log", "--format=%s", "main..wmp-update").splitlines() == [
        "WMP: the review of the 2005 decision (point 10)",
        "WMP update for the March board: points 4 and 5",
    ]
    assert files_in(folder) == sorted([*MADE, "plans/child-m.yaml"])
    # Each commit holds a valid plan, changed by scrplan's own edits.
    plan = load_plan(folder / "plans" / "child-m.yaml")
    assert plan.problems == []
    assert plan.plan.find("11").completed.isoformat() == "2017-01-12"


def test_the_example_needs_a_new_or_empty_folder(run, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", "--example", tmp_path / "full")
    assert result.exit_code == 1
    assert "is not empty: give a new folder for the example" in result.stderr
    assert files_in(tmp_path / "full") == ["notes.txt"]
    here = run("init", "--example")
    assert here.exit_code == 2
    assert "give a new folder for the example" in here.stderr


def test_without_git_no_half_made_example_is_left(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("init", "--example", tmp_path / "ex")
    assert result.exit_code == 3
    assert "git is not installed" in result.stderr
    assert not (tmp_path / "ex").exists()
