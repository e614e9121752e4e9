"""Whatever text a plan holds, no output of a read command carries a character a terminal would
obey (or that reorders text), no CSV cell a spreadsheet would run as a formula, and no command
fails with a fault.

Every read command, in every format it writes: validate (text, json, github), status (text,
json, markdown, and on a terminal), list (text, json, csv, markdown), show (text, json,
markdown), report (md, html, csv), and from git, diff and log (text, markdown, json).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gitrepo import ANN
from scrplan.output import formats
from scrplan.output.spreadsheet import FORMULA_START
from scrplan.words import visible

# Text that tries its luck: escapes, bidi controls, formula starts, mentions, Markdown and HTML,
# workflow commands, YAML's own characters; and now and then anything at all.
PIECES = [
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b[2J",
    "\x07",
    "\x9b",
    "\x85",
    "\u202e",
    "\u2066",
    "\u2028",
    "\r",
    "\t",
    "\n",
    '=HYPERLINK("http://e")',
    "+cmd|' /C calc'!A0",
    "-2",
    "-",
    "@SUM(1+1)",
    "@octocat",
    "<img src=x>",
    "![x](y)",
    "```",
    "|",
    "::error::x",
    "##[add-mask]x",
    "%0A",
    ": ",
    "#",
    "'",
    '"',
    "\\",
    "7",
    "Police",
    " ",
]
TEXT = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join),
    st.text(max_size=12),
)


def q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: JSON's escapes are YAML's."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def plan_texts(draw) -> str:
    """A plan file whose every text field holds generated text; often valid, often not."""
    clean = draw(st.booleans())

    def text() -> str:
        value = draw(TEXT)
        if clean:  # a plan that is valid, so that every command renders it
            value = "".join(ch for ch in value if visible(ch) == ch and ch not in "\u2028\u2029")
            value = value.strip() or "x"
        return value

    lines = [
        f"title: {q(text())}",
        f"partnership: {q(text())}",
        f"summary: {q(text())}",
        "recommendations:",
        "  - id: 1",
        f"    learning: {q(text())}",
        f"    recommendation: {q(text())}",
        f"    themes: [{q(text())}, {q(text())}]",
        f"    lead: [{q(text())}, {q(text())}]",
        f"    timescale: {q(text())}",
        "    target_date: 2017-01-31",
        "    rag: red",
        "    progress:",
        f"      - note: {q(text())}",
        "        date: 2017-01-02",
        f"        by: {q(text())}",
        f"    other_columns: {{{q(text())}: {q(text())}}}",
        "  - id: 2",
        f"    recommendation: {q(text())}",
        "    actions:",
        '      - id: "2.1"',
        f"        action: {q(text())}",
        "        rag: blue",
        f"        evidence: {q(text())}",
    ]
    return "\n".join(lines) + "\n"


def unsafe(text: str) -> list[str]:
    return sorted({ch for ch in text if visible(ch) != ch})


def check_csv(text: str) -> None:
    assert unsafe(text.replace("\r\n", "\n")) == []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            assert (
                not cell.startswith(FORMULA_START)
                or cell.lstrip("-+").replace(".", "", 1).isdigit()
            ), cell


def check(result, fmt: str = "text") -> None:
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    if fmt == "csv" and result.exit_code == 0:
        check_csv(result.stdout)
    else:
        assert unsafe(result.stdout) == [], result.stdout
    assert unsafe(result.stderr) == [], result.stderr
    if fmt == "json" and result.stdout:
        json.loads(result.stdout)


FORMATS = {
    "validate": ("text", "json", "github"),
    "status": ("text", "json", "markdown"),
    "list": ("text", "json", "csv", "markdown"),
    "show": ("text", "json", "markdown"),
    "themes": ("text", "csv"),
    "suggest-themes": ("text",),
}


@pytest.mark.slow
# Each example runs some twenty commands: thirty plans keep the suite quick, and every run
# tries thirty new ones (hypothesis keeps any that failed, to try first next time).
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=plan_texts())
def test_no_read_command_prints_a_control_character_or_a_live_formula(
    text, run, tmp_path, monkeypatch
):
    folder = tmp_path / "plans"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    event("a valid plan" if run("validate", path).exit_code == 0 else "a plan with errors")
    for command, fmts in FORMATS.items():
        args = [f"{path}:1" if command == "show" else str(path)]
        if command not in ("validate", "suggest-themes"):
            args += ["--as-of", "2017-03-31"]
        for fmt in fmts:
            check(run(command, *args, "--format", fmt), fmt)
    summary = tmp_path / "summary.md"
    if summary.exists():
        assert unsafe(summary.read_text(encoding="utf-8")) == []
        summary.unlink()
    for ending in ("md", "html", "csv"):
        out = tmp_path / f"report.{ending}"
        result = run("report", path, "-o", out, "--all")
        check(result)
        if result.exit_code == 0:
            written = out.read_text(encoding="utf-8")
            if ending == "csv":
                check_csv(written)
            else:
                assert unsafe(written) == []
    # On a terminal: rich, not plain text.
    monkeypatch.setattr(formats, "on_terminal", lambda: True)
    check(run("status", path, "--as-of", "2017-03-31"))
    check(run("show", f"{path}:2.1", "--as-of", "2017-03-31"))
    monkeypatch.undo()


GOOD = "title: Fuzz\nrecommendations:\n  - id: 1\n    recommendation: First.\n    rag: red\n"


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=plan_texts())
def test_no_history_command_prints_a_control_character(text, run, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    if not (repo / ".git").exists():
        repo.mkdir()
        monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    (repo / "plans").mkdir(exist_ok=True)
    plan = repo / "plans" / "fuzz.yaml"

    def commit(content: str, message: str) -> None:
        plan.write_text(content, encoding="utf-8")
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
        subprocess.run(
            [
                "git",
                "-c",
                f"user.name={ANN[0]}",
                "-c",
                f"user.email={ANN[1]}",
                "commit",
                "-qm",
                message,
                "--allow-empty",
            ],
            cwd=repo,
            check=True,
        )

    commit(GOOD, "good")
    commit(text, "fuzzed")
    plan.write_text(GOOD, encoding="utf-8")  # and back, in the working tree
    for fmt in ("text", "markdown", "json"):
        check(run("diff", "HEAD~1", "HEAD", "--format", fmt), fmt)
        check(run("diff", "--format", fmt), fmt)
        check(run("log", "fuzz:1", "--format", fmt), fmt)
