"""scrplan add: a recommendation or an action, in the plan's own layout, through the one edit
path (checked before it is written, the rest of the file byte for byte as it was)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from scrplan.plan.load import load_plan

pytestmark = pytest.mark.usefixtures("no_quality_checks")

CHILD_M = ROOT / "plans" / "child-m.yaml"

PLAN = (
    "title: Child A\n"
    "recommendations:\n"
    "  - id: 1\n"
    "    recommendation: Audit strategy meetings.\n"
    "    actions:\n"
    '      - id: "1.1"\n'
    "        action: Sample 20 meetings.\n"
    "  - id: 2\n"
    "    recommendation: Train GPs.  # from the panel\n"
)


@pytest.fixture
def child_a(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "child-a.yaml"
    path.write_bytes(PLAN.encode())
    return path


def test_a_recommendation_goes_at_the_end_with_the_next_id(run, child_a):
    result = run(
        "add",
        "child-a",
        "--recommendation",
        "Share chronologies when a child moves school.",
        "--learning",
        "Information was lost at transfer.",
        "--lead",
        "Education",
        "--target",
        "2025-03",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "child-a:3  recommendation added"
    assert child_a.read_bytes().decode() == PLAN + (
        "  - id: 3\n"
        "    learning: Information was lost at transfer.\n"
        "    recommendation: Share chronologies when a child moves school.\n"
        "    lead: Education\n"
        "    target_date: 2025-03\n"
    )
    assert load_plan(child_a).plan.find("3").target_date.isoformat() == "2025-03"


def test_an_action_goes_after_the_last_action_with_the_next_id(run, child_a):
    result = run("add", "child-a:1", "--action", "Report to the board.", "--lead", "Police",
                 "--lead", "ICB")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "child-a:1.2  action added" in result.stderr
    assert child_a.read_bytes().decode() == PLAN.replace(
        "  - id: 2\n",
        '      - id: "1.2"\n'
        "        action: Report to the board.\n"
        "        lead: [Police, ICB]\n"
        "  - id: 2\n",
    )


def test_a_first_action_makes_the_list(run, child_a):
    result = run("add", "2", "--action", "Write the training.", "--plan", child_a)
    assert result.exit_code == 0, result.output
    assert child_a.read_bytes().decode() == PLAN + (
        '    actions:\n      - id: "2.1"\n        action: Write the training.\n'
    )


def test_child_m_keeps_its_blank_lines_and_every_other_byte(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "child-m.yaml"
    before = CHILD_M.read_bytes()
    path.write_bytes(before.replace(b"\n", b"\r\n"))  # and its line endings
    result = run("add", path, "--recommendation", "Audit strategy meetings.", "--lead", "DSCB")
    assert result.exit_code == 0, result.output
    assert "child-m:12  recommendation added" in result.stderr
    after = path.read_bytes()
    added = b"\r\n  - id: 12\r\n    recommendation: Audit strategy meetings.\r\n    lead: DSCB\r\n"
    assert after == before.replace(b"\n", b"\r\n") + added


def test_a_plan_from_new_takes_its_first_recommendation(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    assert run("new", "plans/child-q.yaml", "--title", "Child Q").exit_code == 0
    result = run("add", "plans/child-q.yaml", "--recommendation", "Hold a learning event.")
    assert result.exit_code == 0, result.output
    loaded = load_plan(tmp_path / "plans" / "child-q.yaml")
    assert [(r.id, r.recommendation) for r in loaded.plan.recommendations] == [
        ("1", "Hold a learning event.")
    ]


def test_ids_follow_the_plans_own_numbering(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "p.yaml"
    path.write_text(
        "title: P\nrecommendations:\n  - id: R9\n    recommendation: a\n"
        "    actions:\n      - id: R9a\n        action: b\n  - id: R10\n    recommendation: c\n",
        encoding="utf-8",
    )
    assert run("add", path, "--recommendation", "d").exit_code == 0
    # An action id that does not end in a number: the first numbered one after the parent's.
    assert run("add", "R9", "--action", "e").exit_code == 0
    plan = load_plan(path).plan
    assert [i.id for i in plan.items()] == ["R9", "R9a", "R9.1", "R10", "R11"]


def test_given_id_is_used_and_a_taken_one_refused(run, child_a):
    assert run("add", child_a, "--recommendation", "x", "--id", "7").exit_code == 0
    assert load_plan(child_a).plan.find("7") is not None
    before = child_a.read_bytes()
    result = run("add", child_a, "--recommendation", "y", "--id", "1.1")
    assert result.exit_code == 1
    assert "child-a already has an item 1.1: give another id with --id" in result.stderr
    assert child_a.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["child-a"], "give --recommendation TEXT to add a recommendation to a plan, or --action"),
        (["child-a", "--recommendation", "x", "--action", "y"], "(one of them)"),
        (["child-a", "--recommendation", "  "], "the recommendation is empty"),
        (["child-a:1", "--action", "x", "--learning", "y"], "a learning point belongs to a"),
        (["child-a", "--recommendation", "x", "--target", "31/03/2025"], "write it as 2025-03-31"),
    ],
)
def test_bad_arguments_are_usage_errors_and_change_nothing(run, child_a, args, message):
    result = run("add", *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert child_a.read_bytes() == PLAN.encode()


def test_actions_belong_to_recommendations(run, child_a):
    result = run("add", "child-a:1.1", "--action", "x")
    assert result.exit_code == 1
    assert "child-a:1.1 is an action, and actions belong to a recommendation: add this one to " \
        "child-a:1" in result.stderr  # fmt: skip


def test_dry_run_shows_the_lines_and_writes_nothing(run, child_a):
    result = run("add", child_a, "--recommendation", "x", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+  - id: 3\n+    recommendation: x\n" in result.stdout
    assert child_a.read_bytes() == PLAN.encode()
