"""CI: GitHub annotations (escaped, capped), the step summary, and the pre-commit hook."""

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
from scrplan.errors import Location, Problem
from scrplan.output import problems as diagnostics

# About annotations and edits: the quality checks have tests of their own.
pytestmark = pytest.mark.usefixtures("no_quality_checks")

BAD_RAG = "  - id: {n}\n    recommendation: Item {n}\n    rag: purple\n"
DONE_NOT_BLUE = "  - id: {n}\n    recommendation: Item {n}\n    completed: 2024-01-01\n"


def plan(errors: int, warnings: int = 0) -> str:
    items = [BAD_RAG.format(n=n) for n in range(1, errors + 1)]
    items += [DONE_NOT_BLUE.format(n=n) for n in range(100, 100 + warnings)]
    return "title: Many problems\nrecommendations:\n" + "".join(items)


# --- escaping ------------------------------------------------------------------------------------


def test_annotation_escapes_percent_newlines_commas_and_colons():
    problem = Problem(
        Location("plans/a,b:c%.yaml", 3, 4),
        "100% done,\r\nthen: more",
        "odd:code,x",
        "warning",
    )
    assert diagnostics.as_github([problem], 1) == (
        "::warning file=plans/a%2Cb%3Ac%25.yaml,line=3,col=4,title=scrplan%3A odd%3Acode%2Cx"
        "::100% done,%0D%0Athen: more\n".replace("100% done", "100%25 done")
        + "Checked 1 plan file: 1 warning in 1 file.\n"
    )


def test_a_problem_for_the_whole_file_is_placed_at_its_first_line(run, write):
    path = write("", "plans/empty.yaml")
    path.write_bytes(b"\xff\xfetitle")
    result = run("validate", path, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"::error file={path},line=1,col=1,title=scrplan%3A not-utf8::this file is saved as "
        "UTF-16 text"
    )


def test_a_real_plan_with_percent_comma_and_newline_in_a_key(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a,b.yaml").write_text(
        'title: x\n"50%, done\\nnow": 1\n', encoding="utf-8"
    )
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=plans/a%2Cb.yaml,line=2,col=1,title=scrplan%3A unknown-field::"
        "`50%25, done%0Anow` is not a field scrplan knows here; the fields are: title, "
        "partnership, review, subject, report_date, plan_date, next_review, update_interval, "
        "summary, rag_key, "
        "recommendations\n"
        "Checked 1 plan file: 1 error in 1 file.\n"
    )


# --- the cap: 10 errors and 10 warnings a step ---------------------------------------------------


def test_annotations_are_capped_with_a_line_saying_how_many_more(run, write, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    path = write(plan(errors=12, warnings=11))
    result = run("validate", path, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    # The plain lines are printed with workflow commands switched off, and then back on.
    token = lines[20].removeprefix("::stop-commands::")
    assert len(token) == 32 and lines[24] == f"::{token}::"
    assert lines[21:24] + lines[25:] == [
        f'{path}:35:10: error: recommendation 11: `rag` "purple" is not a RAG colour: use red, '
        "amber, green or blue, or leave `rag` out while the item is not yet rated [bad-rag]",
        f'{path}:38:10: error: recommendation 12: `rag` "purple" is not a RAG colour: use red, '
        "amber, green or blue, or leave `rag` out while the item is not yet rated [bad-rag]",
        f"{path}:71:16: warning: recommendation 110 has a `completed` date but its RAG is not "
        "rated, not blue: update the RAG, or remove the date [completed-not-complete]",
        "::notice title=scrplan%3A more problems::3 more problems than GitHub shows as "
        "annotations (10 errors and 10 warnings a step): see them all in this step's log, or "
        "run scrplan validate",
        "Checked 1 plan file: 12 errors and 11 warnings in 1 file.",
    ]


def test_ten_of_each_are_not_capped(run, write, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = run("validate", write(plan(errors=10, warnings=10)), "--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 21
    assert "::notice" not in result.stdout


# --- the step summary ----------------------------------------------------------------------------


def test_step_summary_gets_a_table_of_every_problem(run, write, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    write(plan(errors=12).replace("Item 3\n", 'Item 3\n    "own|er": x\n'), "my_plan.yaml")
    result = run("validate", "my_plan.yaml", "--format", "github")
    assert result.exit_code == 1
    assert "see them all in the job summary and in this step's log" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "Earlier step\n"
        "### scrplan validate\n"
        "\n"
        "Checked 1 plan file: 13 errors in 1 file.\n"
        "\n"
        "| File | Line | Column | Severity | Problem | Code |\n"
        "|---|---:|---:|---|---|---|\n"
        '| my\\_plan.yaml | 5 | 10 | error | recommendation 1: \\`rag\\` "purple" is not a RAG '
        "colour: use red, amber, green or blue, or leave \\`rag\\` out while the item is not yet "
        "rated | bad-rag |\n"
    )
    assert text.count("| my\\_plan.yaml |") == 13
    assert (
        "| my\\_plan.yaml | 11 | 5 | error | recommendation 3: \\`own\\|er\\` is not a field"
    ) in text
    assert text.endswith("| bad-rag |\n\n")


def test_step_summary_of_a_clean_run(run, write, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("validate", write(plan(errors=0)), "--format", "github")
    assert result.exit_code == 0, result.output
    assert summary.read_text(encoding="utf-8") == (
        "### scrplan validate\n\nChecked 1 plan file: no problems.\n\n"
    )


def test_step_summary_only_for_the_github_format(run, write, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run("validate", write(plan(errors=1)))
    assert not summary.exists()


def test_unwritable_step_summary_is_said_but_does_not_change_the_result(
    run, write, tmp_path, monkeypatch
):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "folder.md"))
    result = run("validate", write(plan(errors=0)), "--format", "github")
    assert result.exit_code == 0
    assert result.stderr == (
        f"scrplan: could not write the step summary to {tmp_path / 'no' / 'such' / 'folder.md'}: "
        "No such file or directory\n"
    )


def test_step_summary_stays_under_githubs_limit(monkeypatch):
    monkeypatch.setattr(diagnostics, "SUMMARY_BUDGET", 1000)
    problems = [Problem(Location("plans/a.yaml", n, 1), "x" * 100, "code") for n in range(1, 30)]
    text = diagnostics.step_summary(problems, 1)
    assert len(text) < 1000 + 200
    assert text.endswith("more: run scrplan validate to see them all.\n\n")


# --- the pre-commit hook -------------------------------------------------------------------------

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def hook():
    (only,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return only


def test_hook_definition():
    h = hook()
    assert (h["id"], h["entry"], h["language"]) == (
        "scrplan-validate",
        "scrplan validate",
        "python",
    )
    files = re.compile(h["files"])
    assert files.search("plans/child-m.yaml")
    assert files.search("plans/2023/child-q.yml")
    assert not files.search("docs/plans/child-m.yaml")
    assert not files.search("plans/README.md")
    assert not files.search(".pre-commit-config.yaml")


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("pre-commit is not installed (it is in the test dependency group)")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        # Offline, pip should give up quickly so the test is skipped, not stuck.
        "PIP_DEFAULT_TIMEOUT": "10",
        "PIP_RETRIES": "0",
    }
    return subprocess.run(
        [exe, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def test_pre_commit_accepts_the_hook_definition(tmp_path):
    result = pre_commit("validate-manifest", str(HOOKS), cwd=ROOT, home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.network
def test_pre_commit_runs_the_hook_on_plans_only(tmp_path):
    repo = tmp_path / "board"
    (repo / "plans").mkdir(parents=True)
    (repo / "other").mkdir()
    (repo / "plans" / "good.yaml").write_text(
        "title: Good\nrecommendations:\n  - id: 1\n    recommendation: y\n", encoding="utf-8"
    )
    (repo / "plans" / "bad.yaml").write_text(
        "title: Bad\nrecommendations:\n  - id: 1\n    recommendation: y\n    rag: purple\n",
        encoding="utf-8",
    )
    (repo / "other" / "bad.yaml").write_text("rag: purple\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    result = pre_commit(
        "try-repo", str(ROOT), "scrplan-validate", "--all-files", cwd=repo, home=tmp_path / "home"
    )
    out = result.stdout + result.stderr
    if result.returncode == 3 and "Installing environment" in out:
        # pre-commit installs scrplan and its dependencies from the package index.
        pytest.skip(
            "pre-commit could not install scrplan and its dependencies into the hook's "
            "environment: is the package index reachable?"
        )
    assert result.returncode == 1, out
    assert "scrplan validate" in out and "Failed" in out
    assert 'plans/bad.yaml:5:10: error: recommendation 1: `rag` "purple" is not a RAG colour' in out
    assert "Checked 2 plan files: 1 error in 1 file." in out
    assert "other/bad.yaml" not in out


# --- docs/ci.md ----------------------------------------------------------------------------------


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def test_the_documented_workflow_runs_the_commands_that_exist(run):
    workflow = yaml.safe_load(yaml_blocks(ROOT / "docs" / "ci.md")[0])
    jobs = workflow["jobs"]
    assert set(jobs) == {"validate", "changes"}
    scripts = {
        name: "\n".join(step.get("run", "") for step in job["steps"]) for name, job in jobs.items()
    }
    assert "scrplan validate --format github" in scripts["validate"]
    assert 'scrplan diff "$BASE...$HEAD" --format markdown' in scripts["changes"]
    assert jobs["changes"]["steps"][0]["with"]["fetch-depth"] == 0
    assert jobs["changes"]["permissions"]["pull-requests"] == "write"
    for args in (["validate", "--format", "github"], ["diff", "--format", "markdown"]):
        result = run(args[0], "--help")
        assert result.exit_code == 0
        assert all(option in result.stdout for option in args[1:])


def test_the_documented_pre_commit_config_names_the_hook():
    config = yaml.safe_load(yaml_blocks(ROOT / "docs" / "ci.md")[1])
    assert config["repos"][0]["hooks"] == [{"id": hook()["id"]}]
