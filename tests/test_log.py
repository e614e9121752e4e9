"""`scrplan log`: one item's history from git, across commits and renames."""

from __future__ import annotations

import json

import pytest

from gitrepo import WMP, make_repo
from test_diff import PLAN, Q

NEW = "plans/child-q-2023.yaml"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Six commits: the plan added, a WMP update, an unrelated edit, a rename with a date moved,
    a broken plan, then item 1 completed with evidence."""
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(Q, PLAN)
    repo.commit("Add the Child Q plan")
    repo.edit(Q, "rag: amber", "rag: red")
    repo.edit(
        Q,
        "        by: ICB\n",
        "        by: ICB\n      - note: Transfers still late.\n        date: 2024-01-10\n"
        "        by: WMP\n",
    )
    repo.commit("WMP update for Child Q", author=WMP)
    repo.edit(Q, "lead: WMP", "lead: West Midlands Police")
    repo.commit("Spell out WMP")
    repo.git("mv", Q, NEW)
    repo.edit(NEW, "target_date: 2024-03", "target_date: 2024-09")
    repo.commit("File the plan by year; move the date for 1")
    repo.edit(NEW, "2024-09\n    rag: red", "2024-09\n    rag: crimson")
    repo.commit("Oops", author=WMP)
    repo.edit(
        NEW,
        "rag: crimson",
        "rag: blue\n    evidence: Re-audit found every record transferred.",
    )
    repo.commit("Child Q 1 complete")
    return repo


def test_text(repo, run):
    result = run("log", "child-q-2023:1")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert (
        result.stdout
        == """\
child-q-2023:1  history

File:          plans/child-q-2023.yaml
Earlier names: plans/child-q.yaml

5 commits changed it, newest first
Commit   Date        Author                RAG          What changed
-------  ----------  --------------------  -----------  -------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------
59b2af7  2024-02-06  Ann Board             red → blue   evidence added: "Re-audit found every record transferred."
                                                        warning: RAG went from red to blue in one step: check the progress notes show what changed
                                                        for information: made blue (Complete and evidenced) by its lead agency: the partnership has yet to check the evidence and sign it off (scrplan verify child-q-2023:1 --by ...)
5111054  2024-02-05  West Midlands Police               the plan could not be read in this commit: 5111054:plans/child-q-2023.yaml:7:10: recommendation 1: `rag` "crimson" is not a RAG colour: use red, amber, green or blue, or leave `rag` out while the item is not yet rated
75e8c28  2024-02-04  Ann Board                          target date 2024-03 → 2024-09
                                                        warning: target date moved later, from 2024-03 to 2024-09 (183 days later): check the board has agreed the new date and why
d567916  2024-02-02  West Midlands Police  amber → red  new progress note dated 2024-01-10 by WMP: "Transfers still late."
1bbd161  2024-02-01  Ann Board             amber        new recommendation: "Share information when a child moves school."
"""
    )


def test_markdown_marks_warnings_beneath_their_commit(repo, run):
    result = run("log", "child-q-2023:1", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert (
        "| 75e8c28 | 2024-02-04 | Ann Board |  | target date 2024-03 → 2024-09 |\n"
        "| ↳  |  |  |  | **warning: target date moved later, from 2024-03 to 2024-09 (183 days "
        "later): check the board has agreed the new date and why** |\n"
    ) in result.stdout


def test_json_newest_first_with_paths_across_the_rename(repo, run):
    result = run("log", "child-q-2023:1", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["ref"], doc["file"], doc["paths"]) == (
        "child-q-2023:1",
        "plans/child-q-2023.yaml",
        ["plans/child-q-2023.yaml", "plans/child-q.yaml"],
    )
    commits = doc["commits"]
    assert [(c["date"], c["subject"], c["path"]) for c in commits] == [
        ("2024-02-06T10:00:00+00:00", "Child Q 1 complete", NEW),
        ("2024-02-05T10:00:00+00:00", "Oops", NEW),
        ("2024-02-04T10:00:00+00:00", "File the plan by year; move the date for 1", NEW),
        ("2024-02-02T10:00:00+00:00", "WMP update for Child Q", Q),
        ("2024-02-01T10:00:00+00:00", "Add the Child Q plan", Q),
    ]
    assert commits[3]["author"] == "West Midlands Police"
    assert commits[3]["email"] == "wmp@example.org"
    assert commits[3]["commit"] == repo.git("rev-parse", "HEAD~4").strip()
    assert [(c["kind"], c["field"], c["old"], c["new"]) for c in commits[3]["changes"]] == [
        ("rag", "rag", "amber", "red"),
        (
            "progress-added",
            "progress",
            None,
            {"date": "2024-01-10", "by": "WMP", "note": "Transfers still late."},
        ),
    ]
    assert [w["code"] for w in commits[2]["warnings"]] == ["target-slipped"]
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in commits[1]["problems"]] == [
        (f"{commits[1]['commit'][:7]}:{NEW}", 7, 10, "bad-rag")
    ]


def test_an_item_only_other_commits_touched(repo, run):
    doc = json.loads(run("log", "child-q-2023:3", "-f", "json").stdout)
    assert [c["subject"] for c in doc["commits"]] == [
        "Oops",
        "Spell out WMP",
        "Add the Child Q plan",
    ]
    assert doc["commits"][1]["changes"][0]["new"] == ["West Midlands Police"]


def test_an_action_removed_and_the_plan_given_by_a_bare_id(repo, run):
    repo.edit(
        NEW,
        '      - id: "2.2"\n        action: Brief every agency\'s safeguarding lead.\n'
        "        rag: green\n",
        "",
    )
    repo.commit("Drop 2.2")
    result = run("log", "2.2", "-f", "json")  # the only plan under plans/
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(c["subject"], [ch["kind"] for ch in c["changes"]]) for c in doc["commits"]] == [
        ("Drop 2.2", ["item-removed"]),
        ("Oops", []),  # the plan could not be read: said, not skipped
        ("Add the Child Q plan", ["item-added"]),
    ]


def test_unknown_item(repo, run):
    result = run("log", "child-q-2023:9")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "scrplan: child-q-2023 has no item 9 in any commit of plans/child-q-2023.yaml\n"
    )


def test_plan_not_yet_committed(repo, run):
    repo.write("plans/new.yaml", "title: New\nrecommendations:\n  - id: 1\n    recommendation: x\n")
    result = run("log", "new:1")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "scrplan: plans/new.yaml has no history in git yet: commit it first\n"


def test_not_a_repository(tmp_path, monkeypatch, run):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = run("log", "child-q:1")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith("scrplan: this folder is not in a git repository:")
    assert result.stderr.count("\n") == 1
