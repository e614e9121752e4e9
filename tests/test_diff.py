"""`scrplan diff`: plans compared between git revisions, in real repositories, in every format."""

from __future__ import annotations

import json
import os

import pytest

from gitrepo import WMP, make_repo

PLAN = """\
    title: Child Q action plan
    recommendations:
      - id: 1
        recommendation: Share information when a child moves school.
        lead: ICB
        target_date: 2024-03
        rag: amber
        progress:
          - note: Audit of transfer records started.
            date: 2023-09-01
            by: ICB

      - id: 2
        recommendation: Refresh the escalation policy.
        lead: Business unit
        actions:
          - id: "2.1"
            action: Draft the revised policy.
            target_date: 2023-09-30
            rag: red
          - id: "2.2"
            action: Brief every agency's safeguarding lead.
            rag: green

      - id: 3
        recommendation: Police attend every strategy meeting.
        lead: WMP
        target_date: 2023-06-30
        rag: red
    """

Q = "plans/child-q.yaml"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(Q, PLAN)
    repo.commit("Add the Child Q plan")
    return repo


def update(repo):
    """A typical agency update: RAG, a note, a date moved, an action done, items in and out."""
    repo.edit(Q, "target_date: 2024-03\n    rag: amber", "target_date: 2024-06\n    rag: red")
    repo.edit(
        Q,
        "        by: ICB\n",
        "        by: ICB\n      - note: Audit paused while the lead is on leave.\n"
        "        date: 2024-01-10\n        by: WMP\n",
    )
    repo.edit(Q, "2023-09-30\n        rag: red", "2023-09-30\n        rag: green")
    repo.edit(
        Q,
        "  - id: 3\n    recommendation: Police attend every strategy meeting.\n"
        "    lead: WMP\n    target_date: 2023-06-30\n    rag: red\n",
        "",
    )
    with open(Q, "a", encoding="utf-8") as f:
        f.write("  - id: 4\n    recommendation: Train GP practice staff.\n    lead: ICB\n")


def ok(result, code=0):
    assert result.exit_code == code, result.output
    assert "\x1b[" not in result.stdout
    return result.stdout


# --- the three formats, for one typical update ---------------------------------------------------


def test_text(repo, run):
    update(repo)
    assert (
        ok(run("diff"))
        == """\
Plan changes from HEAD to the working tree

1 plan changed: 3 items changed, 1 item added, 1 item removed; 3 warnings for the reviewer.

Warnings: check these
Ref          Warning
-----------  -----------------------------------------------------------------------------------------------------------------
child-q:1    target date moved later, from 2024-03 to 2024-06 (91 days later): check the board has agreed the new date and why
child-q:2.1  RAG went from red to green in one step: check the progress notes show what changed
child-q:2.1  RAG changed from red to green with no new progress note saying why

child-q: Child Q action plan

plans/child-q.yaml

Ref          RAG          What changed
-----------  -----------  --------------------------------------------------------------------------------------------------------------------
child-q:1    amber → red  target date 2024-03 → 2024-06; new progress note dated 2024-01-10 by WMP: "Audit paused while the lead is on leave."
child-q:2    red → green  RAG changed through its actions
child-q:2.1  red → green  RAG changed
child-q:4    not rated    new recommendation: "Train GP practice staff."
child-q:3    red          recommendation removed: "Police attend every strategy meeting."
"""
    )


def test_markdown_is_ready_for_a_pull_request_comment(repo, run):
    update(repo)
    assert (
        ok(run("diff", "--format", "markdown"))
        == """\
## Plan changes from HEAD to the working tree

1 plan changed: 3 items changed, 1 item added, 1 item removed; 3 warnings for the reviewer.

**Warnings: check these**

| Ref | Warning |
|---|---|
| **child-q:1** | target date moved later, from 2024-03 to 2024-06 (91 days later): check the board has agreed the new date and why |
| **child-q:2.1** | RAG went from red to green in one step: check the progress notes show what changed |
| **child-q:2.1** | RAG changed from red to green with no new progress note saying why |

### child-q: Child Q action plan

_plans/child-q.yaml_

| Ref | RAG | What changed |
|---|---|---|
| child-q:1 | amber → red | target date 2024-03 → 2024-06; new progress note dated 2024-01-10 by WMP: "Audit paused while the lead is on leave." |
| child-q:2 | red → green | RAG changed through its actions |
| child-q:2.1 | red → green | RAG changed |
| child-q:4 | not rated | new recommendation: "Train GP practice staff." |
| child-q:3 | red | recommendation removed: "Police attend every strategy meeting." |
"""
    )


def test_json_lists_every_change(repo, run):
    base = repo.git("rev-parse", "HEAD").strip()
    update(repo)
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert doc["base"] == {"revision": "HEAD", "commit": base}
    assert doc["head"] == {"revision": None, "commit": None}
    assert doc["plans"] == [
        {
            "plan": "child-q",
            "title": "Child Q action plan",
            "status": "changed",
            "old_file": "HEAD:plans/child-q.yaml",
            "new_file": "plans/child-q.yaml",
        }
    ]
    assert [(c["kind"], c["ref"], c["field"], c["old"], c["new"]) for c in doc["changes"]] == [
        ("rag", "child-q:1", "rag", "amber", "red"),
        ("field", "child-q:1", "target_date", "2024-03", "2024-06"),
        (
            "progress-added",
            "child-q:1",
            "progress",
            None,
            {"date": "2024-01-10", "by": "WMP", "note": "Audit paused while the lead is on leave."},
        ),
        ("rag", "child-q:2", "rag_from_actions", "red", "green"),
        ("rag", "child-q:2.1", "rag", "red", "green"),
        (
            "item-added",
            "child-q:4",
            None,
            None,
            {
                "kind": "recommendation",
                "text": "Train GP practice staff.",
                "rag": None,
                "recommendation": None,
            },
        ),
        (
            "item-removed",
            "child-q:3",
            None,
            {
                "kind": "recommendation",
                "text": "Police attend every strategy meeting.",
                "rag": "red",
                "recommendation": None,
            },
            None,
        ),
    ]
    assert {c["plan"] for c in doc["changes"]} == {"child-q"}
    assert [(w["code"], w["ref"]) for w in doc["warnings"]] == [
        ("target-slipped", "child-q:1"),
        ("red-to-green", "child-q:2.1"),
        ("rag-without-note", "child-q:2.1"),
    ]
    assert doc["problems"] == []


# --- exit codes ----------------------------------------------------------------------------------


def test_no_change(repo, run):
    result = run("diff")
    assert ok(result) == (
        "Plan changes from HEAD to the working tree\n\n"
        "No plan changed from HEAD to the working tree.\n"
    )
    assert result.stderr == ""
    assert ok(run("diff", "--exit-code")).endswith(
        "No plan changed from HEAD to the working tree.\n"
    )


def test_exit_code_option_reports_changes_like_git_diff(repo, run):
    update(repo)
    assert run("diff").exit_code == 0
    result = run("diff", "--exit-code", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["changes"]


# --- revisions -----------------------------------------------------------------------------------


def test_two_revisions_and_one_revision(repo, run):
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit(Q, "rag: amber", "rag: red")
    repo.commit("Child Q 1 is red", author=WMP)
    repo.edit(Q, "lead: ICB", "lead: [ICB, Education]")
    # Two revisions: the working tree's edit is not included.
    doc = json.loads(ok(run("diff", first, "HEAD", "-f", "json")))
    assert [(c["ref"], c["field"]) for c in doc["changes"]] == [("child-q:1", "rag")]
    short = first[:7]
    assert ok(run("diff", first, "HEAD")).startswith(f"Plan changes from {short} to HEAD\n")
    assert doc["plans"][0]["old_file"] == f"{short}:plans/child-q.yaml"
    assert doc["plans"][0]["new_file"] == "HEAD:plans/child-q.yaml"
    # One revision: it against the working tree.
    doc = json.loads(ok(run("diff", "HEAD~1", "-f", "json")))
    assert [(c["field"], c["old"], c["new"]) for c in doc["changes"]] == [
        ("rag", "amber", "red"),
        ("lead", ["ICB"], ["ICB", "Education"]),
    ]
    # A..B is the same as A B.
    assert ok(run("diff", "HEAD~1..HEAD")) == ok(run("diff", "HEAD~1", "HEAD"))


def test_three_dots_compares_from_where_the_branch_left(repo, run):
    base = repo.git("rev-parse", "--short", "HEAD").strip()
    repo.git("switch", "-q", "-c", "wmp-update")
    repo.edit(Q, "rag: amber", "rag: green")
    repo.commit("WMP update", author=WMP)
    repo.git("switch", "-q", "main")
    repo.edit(Q, "lead: WMP", "lead: West Midlands Police")
    repo.commit("Spell out WMP")
    # Only what the branch changed, not main's later edit.
    result = run("diff", "main...wmp-update", "-f", "markdown")
    out = ok(result)
    assert out.startswith(
        f"## Plan changes from {base} (where wmp-update left main) to wmp-update\n"
    )
    assert "| child-q:1 | amber → green |" in out
    assert "child-q:3" not in out
    # Two dots: main against the branch, so main's own edit shows, reversed.
    out = ok(run("diff", "main..wmp-update"))
    assert "lead West Midlands Police → WMP" in out


def test_unrelated_histories_have_no_merge_base(repo, run):
    repo.git("switch", "-q", "--orphan", "other")
    repo.write(Q, PLAN)
    repo.commit("Unrelated")
    result = run("diff", "main...other")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "scrplan: main and other have no history in common, so main...other compares nothing\n"
    )


# --- plans added, removed, renamed ---------------------------------------------------------------


def test_plan_added_and_removed(repo, run):
    repo.write("plans/child-r.yaml", "title: Child R plan\nrecommendations: []\n")
    (repo.path / Q).unlink()
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert [(p["plan"], p["status"], p["old_file"], p["new_file"]) for p in doc["plans"]] == [
        ("child-q", "removed", "HEAD:plans/child-q.yaml", None),
        ("child-r", "added", None, "plans/child-r.yaml"),
    ]
    out = ok(run("diff"))
    assert "\nHEAD:plans/child-q.yaml (removed)\n" in out
    assert '\nchild-q       plan removed: "Child Q action plan"\n' in out
    assert "\nplans/child-r.yaml (new)\n" in out
    assert '\nchild-r       new plan: "Child R plan"\n' in out


def test_renamed_plan_is_compared_with_its_old_self(repo, run):
    repo.git("mv", Q, "plans/child-q-2023.yaml")
    repo.edit("plans/child-q-2023.yaml", "rag: amber", "rag: green")
    repo.commit("Rename the plan")
    out = ok(run("diff", "HEAD~1", "HEAD"))
    assert out.endswith(
        """\
child-q-2023: Child Q action plan

HEAD:plans/child-q-2023.yaml

Ref             RAG            What changed
--------------  -------------  ----------------------------------------------------------------------------------------------
child-q-2023                   file renamed from plans/child-q.yaml to plans/child-q-2023.yaml: its references change with it
child-q-2023:1  amber → green  RAG changed
"""
    )
    doc = json.loads(ok(run("diff", "HEAD~1", "HEAD", "-f", "json")))
    assert doc["plans"][0]["status"] == "renamed"
    assert doc["changes"][0] == {
        "kind": "plan-renamed",
        "plan": "child-q-2023",
        "ref": None,
        "field": "file",
        "old": "plans/child-q.yaml",
        "new": "plans/child-q-2023.yaml",
    }


def test_plan_moved_without_git_mv_is_paired_by_title(repo, run):
    text = (repo.path / Q).read_text(encoding="utf-8")
    (repo.path / Q).unlink()
    repo.write("plans/2024/child-q.yaml", text.replace("rag: amber", "rag: red"))
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert [(p["status"], p["old_file"], p["new_file"]) for p in doc["plans"]] == [
        ("renamed", "HEAD:plans/child-q.yaml", "plans/2024/child-q.yaml")
    ]
    assert [c["kind"] for c in doc["changes"]] == ["plan-renamed", "rag"]


# --- warnings ------------------------------------------------------------------------------------


def test_progress_history_edited_or_deleted(repo, run):
    repo.edit(Q, "Audit of transfer records started.", "Audit of transfer records begun.")
    repo.edit(Q, "by: ICB", "by: ICB designated nurse")
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert [c["kind"] for c in doc["changes"]] == ["progress-changed"]
    assert doc["warnings"] == [
        {
            "code": "history-edited",
            "plan": "child-q",
            "ref": "child-q:1",
            "message": "the progress note dated 2023-09-01 by ICB was edited after it was "
            "written: history should only grow, so add a new note instead of changing an old one",
            "level": "warning",
        }
    ]
    repo.edit(
        Q,
        "    progress:\n      - note: Audit of transfer records begun.\n"
        "        date: 2023-09-01\n        by: ICB designated nurse\n",
        "",
    )
    out = ok(run("diff"))
    assert (
        "child-q:1  the progress note dated 2023-09-01 by ICB was deleted: history should only "
        "grow, so keep old notes and add a new one\n"
    ) in out
    assert (
        'child-q:1       progress note dated 2023-09-01 by ICB deleted: "Audit of transfer records '
        'started."\n'
    ) in out


def test_made_complete_without_evidence_is_compared_and_refused(repo, run):
    repo.edit(Q, "rag: amber", "rag: blue\n    completed: 2024-01-31")
    result = run("diff")
    out = ok(result, code=1)  # the newer plan has an error
    assert (
        "child-q:1  made blue (Complete and evidenced) without evidence: ask for the evidence "
        "that the work is done and has made a difference\n"
    ) in out
    assert "child-q:1  amber → blue  completed date set to 2024-01-31\n" in out
    assert (
        "plans/child-q.yaml:7:10  error: recommendation 1 is blue (Complete and evidenced) but "
        "has no `evidence`"
    ) in out
    assert result.stderr == ""


def test_evidence_and_completion_with_a_note_raise_no_warning(repo, run):
    repo.edit(
        Q,
        "rag: amber",
        "rag: blue\n    evidence: Re-audit in May found every record transferred.\n"
        "    completed: 2024-05-31",
    )
    doc = json.loads(ok(run("diff", "-f", "json")))
    # Nothing to question; for information, the partnership has yet to sign it off.
    assert [(w["code"], w["level"]) for w in doc["warnings"]] == [
        ("complete-not-verified", "information")
    ]
    out = ok(run("diff"))
    assert (
        'child-q:1  amber → blue  evidence added: "Re-audit in May found every record '
        'transferred."; completed date set to 2024-05-31\n'
    ) in out
    assert "1 plan changed: 1 item changed; 1 note for information." in out


# --- invalid plans -------------------------------------------------------------------------------


def test_invalid_plan_at_a_revision_gives_located_problems_named_by_revision(repo, run):
    repo.edit(Q, "rag: amber", "rag: purple")
    repo.commit("A bad colour")
    repo.edit(Q, "rag: purple", "rag: red")
    result = run("diff")
    out = ok(result)  # the working tree is valid: exit 0
    assert 'HEAD:plans/child-q.yaml:7:10  error: recommendation 1: `rag` "purple"' in out
    assert "Problems: fix these before the plan can be compared" in out
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert doc["plans"][0]["status"] == "invalid"
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in doc["problems"]] == [
        ("HEAD:plans/child-q.yaml", 7, 10, "bad-rag")
    ]


def test_invalid_plan_in_the_working_tree_exits_1(repo, run):
    repo.edit(Q, "Audit of transfer records started.", "Audit: started")
    result = run("diff", "-f", "markdown")
    out = ok(result, code=1)
    assert "| plans/child-q.yaml:9:20 | error: a colon followed by a space" in out
    assert result.stderr == ""


# --- paths ---------------------------------------------------------------------------------------


def test_paths_after_two_dashes_or_alone(repo, run):
    repo.write("plans/child-r.yaml", "title: Child R plan\nrecommendations: []\n")
    repo.commit("Add R")
    repo.edit(Q, "rag: amber", "rag: red")
    repo.edit("plans/child-r.yaml", "Child R plan", "Child R action plan")
    both = json.loads(ok(run("diff", "-f", "json")))
    assert [p["plan"] for p in both["plans"]] == ["child-q", "child-r"]
    for args in (("--", "plans/child-r.yaml"), ("HEAD", "--", "plans/child-r.yaml"),
                 ("plans/child-r.yaml",)):  # fmt: skip
        doc = json.loads(ok(run("diff", "-f", "json", *args)))
        assert [p["plan"] for p in doc["plans"]] == ["child-r"], args
        assert doc["changes"][0]["field"] == "title"


def test_untracked_plan_counts_as_new(repo, run):
    repo.write("plans/new.yaml", "title: New plan\n")
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert [(p["plan"], p["status"]) for p in doc["plans"]] == [("new", "added")]


def test_files_that_are_not_plans_are_ignored(repo, run):
    repo.write("plans/README.md", "# Plans\n")
    repo.write("notes.yaml", "title: Not under plans/\n")
    assert "No plan changed" in ok(run("diff"))


def test_no_plans_folder(tmp_path, monkeypatch, run):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("README.md", "hello\n")
    repo.commit("Start")
    result = run("diff")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "scrplan: no plan given and there is no plans/ folder here or in HEAD: name plan files "
        "or folders after --, e.g. scrplan diff HEAD -- plans/child-m.yaml\n"
    )


# --- git problems: exit 3, one line --------------------------------------------------------------


def one_line_exit_3(result, message):
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"scrplan: {message}\n"


def test_unknown_revision(repo, run):
    one_line_exit_3(
        run("diff", "nope"),
        "unknown revision 'nope': it is not a branch, tag or commit in this repository "
        "(git log --oneline lists the commits)",
    )
    one_line_exit_3(
        run("diff", "main...nope"),
        "unknown revision 'nope': it is not a branch, tag or commit in this repository "
        "(git log --oneline lists the commits)",
    )
    one_line_exit_3(
        run("diff", "HEAD~3", "HEAD"),
        "unknown revision 'HEAD~3': it is not a branch, tag or commit in this repository "
        "(git log --oneline lists the commits)",
    )


def test_not_a_repository(tmp_path, monkeypatch, run):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path / "plans")
    one_line_exit_3(
        run("diff"),
        "this folder is not in a git repository: scrplan diff and scrplan log read the history "
        "of plans from git, so run them inside the repository that holds the plans",
    )


def test_repository_without_commits(tmp_path, monkeypatch, run):
    make_repo(tmp_path, monkeypatch)
    one_line_exit_3(
        run("diff"),
        "this repository has no commits yet, so there is nothing to compare with: commit the "
        "plans first",
    )


def test_git_missing(repo, run, monkeypatch, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    one_line_exit_3(
        run("diff"),
        "git is not installed, or not on PATH: install git (https://git-scm.com/downloads) and "
        "try again",
    )


def test_too_many_revisions_is_a_usage_error(repo, run):
    result = run("diff", "HEAD", "HEAD", "HEAD")
    assert result.exit_code == 2
    assert "give at most two revisions" in result.output


def test_git_runs_without_a_shell(repo, run):
    # A revision that a shell would run is only ever a name git does not know.
    marker = repo.path / "ran"
    result = run("diff", f"HEAD;touch {marker}")
    assert result.exit_code == 3
    assert not marker.exists()
    assert sorted(os.listdir(repo.path)) == [".git", "plans"]


def test_a_mistyped_path_is_not_an_all_clear(repo, run):
    result = run("diff", "--", "plans/child-x.yaml")
    assert (result.exit_code, result.stderr) == (
        1,
        "scrplan: plans/child-x.yaml: no such plan file or folder, here or in HEAD\n",
    )
    assert "No plan changed from HEAD to the working tree." in ok(run("diff", "--", Q))
