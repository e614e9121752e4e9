"""Assurance apart from colours: stages, sign-off, impact, closure, stale updates, the
partnership's settings and keys of its own, and the quality checks."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap

import pytest

from conftest import FIXTURES, ROOT
from gitrepo import make_repo
from scrplan.plan.load import load_plan

STOCKTON = FIXTURES / "stockton" / "stockton.yaml"
AS_OF = ("--as-of", "2017-12-01")


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def problems(run, path):
    result = run("validate", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [
        (p["line"], p["column"], p["severity"], p["code"], p["message"])
        for p in json.loads(result.stdout)["problems"]
    ]


def codes(run, path):
    return [p[3] for p in problems(run, path)]


PLAN = """\
title: Child T action plan
plan_date: 2024-01-10
recommendations:
  - id: 1
    recommendation: Refresh the escalation policy.
    lead: West Midlands Police
    target_date: 2024-06-30
    rag: blue
    evidence: Policy v3 approved by the executive, minutes item 6.
    impact:
      measure: Escalations reach the partnership within a week.
      review_date: 2024-09-30
  - id: 2
    recommendation: Audit strategy meetings.
    lead: ICB
    target_date: 2024-03-31
    rag: amber
    progress:
      - note: Audit begun.
        date: 2024-02-01
    impact:
      measure: Re-audit finds health at nine in ten strategy meetings.
"""


@pytest.fixture
def settings(tmp_path):
    """Write ``partnership.yaml`` beside the test's plans."""

    def _settings(text: str):
        path = tmp_path / "partnership.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _settings


# --- the format: sign-off, impact, closure ---------------------------------------------------


def test_a_plan_with_sign_off_impact_and_closure_is_valid(run, write):
    path = write(
        PLAN.replace(
            "    impact:\n      measure: Escalations",
            "    verified:\n      by: QA sub-group\n      date: 2024-07-01\n"
            "    impact:\n      measure: Escalations",
        )
        + "  - id: 3\n    recommendation: Build a tracker.\n    lead: ICB\n"
        + "    timescale: Not applicable\n"
        + "    closed:\n      reason: Superseded by the national standards.\n"
        + "      by: Board\n      date: 2024-02-12\n"
    )
    assert problems(run, path) == []
    plan = load_plan(path).plan
    assert [plan.stage(r) for r in plan.recommendations] == ["verified", "open", "closed"]


def test_verified_only_on_a_complete_item(run, write):
    path = write(
        PLAN.replace(
            "    impact:\n      measure: Re-audit",
            "    verified:\n      by: QA sub-group\n    impact:\n      measure: Re-audit",
        )
    )
    [found] = [p for p in problems(run, path) if p[2] == "error"]
    assert found[:4] == (21, 5, "error", "verified-not-complete")
    assert found[4] == (
        "recommendation 2 is verified (signed off) but it is not complete: its RAG is amber. "
        "Sign-off is for complete items: set its RAG to blue with evidence first, or remove "
        "`verified`"
    )


def test_verified_by_its_own_lead_agency_is_a_warning_found_through_the_aliases(
    run, write, settings
):
    settings(
        """\
        agencies:
          - name: West Midlands Police
            short: WMP
            aliases: [Police]
          - name: ICB
        """
    )
    path = write(
        PLAN.replace(
            "    impact:\n      measure: Escalations",
            "    verified:\n      by: WMP\n    impact:\n      measure: Escalations",
        )
    )
    assert problems(run, path) == [
        (
            11,
            11,
            "warning",
            "verified-by-lead",
            "recommendation 1 was verified by WMP, which leads it: nobody independent checked "
            "the evidence. Ask the partnership (a sub-group, the board manager) to check it and "
            "sign it off",
        )
    ]


def test_closed_needs_a_reason_and_cannot_be_complete(run, write):
    path = write(
        PLAN.replace(
            "    impact:\n      measure: Escalations",
            "    closed:\n      by: Board\n    impact:\n      measure: Escalations",
        )
    )
    found = [(p[0], p[3], p[4]) for p in problems(run, path) if p[2] == "error"]
    assert found == [
        (
            11,
            "missing-field",
            "recommendation 1: `reason` is missing: add it, e.g. `reason: Superseded by the national multi-agency practice standards`",
        ),
    ]
    path = write(
        PLAN.replace(
            "    impact:\n      measure: Escalations",
            "    closed:\n      reason: Superseded.\n    impact:\n      measure: Escalations",
        )
    )
    [(line, code, message)] = [(p[0], p[3], p[4]) for p in problems(run, path) if p[2] == "error"]
    assert (line, code) == (10, "closed-and-complete")
    assert message.startswith(
        "recommendation 1 is closed without implementation but its RAG is blue"
    )


def test_an_unknown_field_inside_impact_gets_a_suggestion(run, write):
    path = write(PLAN.replace("      review_date: 2024-09-30", "      reveiw_date: 2024-09-30"))
    assert problems(run, path)[0][3:] == (
        "unknown-field",
        "recommendation 1: `reveiw_date` is not a field scrplan knows: did you mean `review_date`?",
    )


# --- stages in counts ------------------------------------------------------------------------


def test_where_sign_off_is_required_a_complete_item_awaits_it_and_is_not_complete(
    run, write, settings
):
    path = write(PLAN)
    before = json.loads(ok(run("status", path, "--as-of", "2024-03-01", "-f", "json")))["total"]
    assert (before["complete"], before["awaiting_sign_off"], before["outstanding"]) == (1, 0, 1)
    settings("verification_required: true\n")
    after = json.loads(ok(run("status", path, "--as-of", "2024-03-01", "-f", "json")))["total"]
    assert (after["complete"], after["awaiting_sign_off"], after["outstanding"]) == (0, 1, 1)
    out = ok(run("status", path, "--as-of", "2024-03-01"))
    assert "Awaiting sign-off: complete, but the partnership has not checked the evidence\n" in out
    assert "plan:1 Refresh the escalation policy." in " ".join(out.split())
    listed = json.loads(ok(run("list", path, "--stage", "awaiting-sign-off", "-f", "json")))
    assert [(r["ref"], r["stage"]) for r in listed] == [("plan:1", "awaiting sign-off")]


def test_closed_counts_neither_as_complete_nor_outstanding_and_is_listed_with_its_reason(
    run, write
):
    path = write(
        PLAN
        + "  - id: 3\n    recommendation: Build a tracker.\n    lead: ICB\n    timescale: None\n"
        + "    closed:\n      reason: Superseded by the national standards.\n      by: Board\n"
    )
    total = json.loads(ok(run("status", path, "-f", "json", "--as-of", "2024-03-01")))["total"]
    assert (total["recommendations"], total["outstanding"], total["complete"], total["closed"]) == (
        3,
        1,
        1,
        1,
    )
    out = ok(run("status", path, "--as-of", "2024-03-01"))
    assert "Closed without implementation\n" in out
    assert "Superseded by the national standards.  Board" in out
    assert ok(run("list", path, "--stage", "closed")).count("plan:3") == 1
    assert "plan:3" not in ok(run("list", path))  # not outstanding


def test_impact_review_due_when_the_date_has_come_with_no_evidence(run, write):
    path = write(PLAN)
    assert (
        json.loads(ok(run("list", path, "--impact-due", "-f", "json", "--as-of", "2024-09-29")))
        == []
    )
    due = json.loads(ok(run("list", path, "--impact-due", "-f", "json", "--as-of", "2024-09-30")))
    assert [(r["ref"], r["impact_review_due"]) for r in due] == [("plan:1", True)]
    out = ok(run("status", path, "--as-of", "2024-10-01"))
    assert "1 impact review due" in out and "Impact reviews due: no evidence yet" in out
    evidenced = write(
        PLAN.replace(
            "      review_date: 2024-09-30",
            "      review_date: 2024-09-30\n      evidence: Audit, October.",
        )
    )
    assert (
        json.loads(
            ok(run("list", evidenced, "--impact-due", "-f", "json", "--as-of", "2024-10-01"))
        )
        == []
    )
    plan = load_plan(evidenced).plan
    assert plan.stage(plan.recommendations[0]) == "impact evidenced"


def test_stale_when_updates_stop_for_longer_than_the_interval(run, write, settings):
    path = write(PLAN)
    fresh = json.loads(ok(run("list", path, "-f", "json", "--as-of", "2024-04-30")))
    assert [(r["ref"], r["no_update"], r["last_update"]) for r in fresh] == [
        ("plan:2", False, "2024-02-01")
    ]
    stale = json.loads(ok(run("list", path, "--stale", "-f", "json", "--as-of", "2024-05-02")))
    assert [r["ref"] for r in stale] == ["plan:2"]
    # The plan may set its own interval; the partnership's settings, one for every plan.
    shorter = write(
        PLAN.replace("plan_date: 2024-01-10", "plan_date: 2024-01-10\nupdate_interval: 6 weeks"),
        "shorter.yaml",
    )
    assert [
        r["ref"]
        for r in json.loads(
            ok(run("list", shorter, "--stale", "-f", "json", "--as-of", "2024-03-15"))
        )
    ] == ["shorter:2"]
    settings("update_interval: 1 year\n")
    assert json.loads(ok(run("list", path, "--stale", "-f", "json", "--as-of", "2024-05-02"))) == []
    assert "no update since 2024-02-01 (updates are due every 1 year)" not in ok(
        run("show", f"{path}:2", "--as-of", "2024-05-02")
    )
    out = ok(run("show", f"{path}:2", "--as-of", "2025-05-02"))
    assert (
        "Stage:          open; no update since 2024-02-01 (updates are due every 1 year)\n" in out
    )


def test_an_item_with_no_dated_update_counts_from_when_the_plan_was_agreed(write):
    plan = load_plan(
        write(
            PLAN.replace(
                "    progress:\n      - note: Audit begun.\n        date: 2024-02-01\n", ""
            )
        )
    ).plan
    import datetime as dt

    item = plan.recommendations[1]
    assert plan.updated(item) == dt.date(2024, 1, 10)
    assert not plan.is_stale(item, dt.date(2024, 4, 10))
    assert plan.is_stale(item, dt.date(2024, 4, 11))


# --- the partnership's settings ---------------------------------------------------------------


def test_settings_problems_are_located_and_reported_once(run, write, settings):
    path = settings(
        """\
        agencies:
          - name: West Midlands Police
            shortname: WMP
        update_interval: every quarter
        quality_checks:
          no-leads: false
        """
    )
    plan = write(PLAN)
    write(PLAN, "other.yaml")
    result = run("validate", plan.parent, "--format", "json")
    assert result.exit_code == 1
    found = [
        (p["file"], p["line"], p["column"], p["code"], p["message"])
        for p in json.loads(result.stdout)["problems"]
    ]
    assert found == [
        (
            str(path),
            3,
            5,
            "unknown-field",
            "`shortname` is not a field scrplan knows: did you mean `short`?",
        ),
        (
            str(path),
            4,
            18,
            "bad-interval",
            '`update_interval` "every quarter" is not a length of time scrplan reads: write a number and days, weeks, months or years, e.g. `3 months` or `6 weeks`',
        ),
        (
            str(path),
            6,
            3,
            "unknown-check",
            "`no-leads` is not a quality check scrplan knows; the checks are: no-lead, no-target, no-impact-measure, thin-evidence, unknown-lead, unknown-theme",
        ),
    ]
    refused = run("status", plan)
    assert refused.exit_code == 1
    assert refused.stderr.count("partnership.yaml:3:5: error:") == 1
    assert refused.stderr.rstrip().endswith("or name only the plans to show")


def test_lead_filter_finds_an_agency_by_its_short_name_and_aliases(run, write, settings):
    settings(
        """\
        agencies:
          - name: West Midlands Police
            short: WMP
            aliases: [Police]
          - name: Northshire ICB
            short: ICB
            aliases: [Health]
        """
    )
    path = write(PLAN)
    for query in ("police", "WMP", "west midlands"):
        found = json.loads(ok(run("list", path, "--lead", query, "--all", "-f", "json")))
        assert [r["ref"] for r in found] == ["plan:1"], query
    assert [
        r["ref"] for r in json.loads(ok(run("list", path, "--lead", "health", "-f", "json")))
    ] == ["plan:2"]


def test_a_lead_that_is_no_listed_agency_is_a_warning_with_did_you_mean(run, write, settings):
    settings("agencies:\n  - name: West Midlands Police\n  - name: ICB\n")
    path = write(PLAN.replace("lead: West Midlands Police", "lead: West Midland Police"))
    assert problems(run, path) == [
        (
            6,
            11,
            "warning",
            "unknown-lead",
            'recommendation 1: lead "West Midland Police" is not an agency in the partnership\'s settings: did you mean West Midlands Police? (or add it to `agencies` in partnership.yaml)',
        ),
    ]


def test_the_settings_are_found_from_the_plans_folder_upward(run, tmp_path):
    (tmp_path / "plans" / "2024").mkdir(parents=True)
    (tmp_path / "partnership.yaml").write_text("quality_checks:\n  no-impact-measure: false\n")
    plan = tmp_path / "plans" / "2024" / "q.yaml"
    plan.write_text(
        PLAN.replace(
            "    impact:\n      measure: Re-audit finds health at nine in ten strategy meetings.\n",
            "",
        )
    )
    assert problems(run, plan) == []
    (tmp_path / "plans" / "partnership.yaml").write_text(
        "update_interval: 2 weeks\n"
    )  # nearer wins
    assert "no-impact-measure" in codes(run, plan)


def test_the_partnership_file_is_not_a_plan(run, tmp_path, monkeypatch):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "partnership.yaml").write_text("update_interval: 2 weeks\n")
    (tmp_path / "plans" / "a.yaml").write_text("title: A\nrecommendations: []\n")
    monkeypatch.chdir(tmp_path)
    assert ok(run("validate")) == "Checked 1 plan file: no problems.\n"
    result = run("status", "plans/partnership.yaml")
    assert (
        result.exit_code == 1 and "is the partnership's settings file, not a plan" in result.stderr
    )
    # validate checks a settings file named on its own (a pre-commit hook names it so).
    assert ok(run("validate", "plans/partnership.yaml")) == "Checked the settings: no problems.\n"


# --- quality checks ---------------------------------------------------------------------------


def test_each_quality_check_warns_with_its_code_and_the_settings_switch_it_off(
    run, write, settings
):
    text = """\
    title: Gaps
    recommendations:
      - id: 1
        recommendation: No lead and no date.
      - id: 2
        recommendation: Done, they say.
        lead: ICB
        timescale: Ongoing
        rag: blue
        evidence: Done.
      - id: 3
        recommendation: Every action has a lead and a date.
        impact:
          measure: Fewer repeat referrals.
        actions:
          - id: "3.1"
            action: First.
            lead: ICB
            target_date: 2025-01
    """
    path = write(text)
    assert [(p[0], p[2], p[3]) for p in problems(run, path)] == [
        (3, "warning", "no-lead"),
        (3, "warning", "no-target"),
        (3, "warning", "no-impact-measure"),
        (10, "warning", "thin-evidence"),
    ]
    result = run("validate", path)
    assert result.exit_code == 0  # warnings do not fail a plan
    assert (
        'recommendation 2 is complete with the evidence "Done.": say what shows the work is done'
        in result.stdout
    )
    settings("quality_checks:\n  no-lead: false\n  thin-evidence: false\n")
    assert codes(run, path) == ["no-target", "no-impact-measure"]


def test_the_repository_plans_are_valid_under_its_settings(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert ok(run("validate")) == "Checked 1 plan file: no problems.\n"
    assert codes(run, ROOT / "plans" / "child-m.yaml") == []


# --- keys of the partnership's own -----------------------------------------------------------


def stockton(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    shutil.copy(STOCKTON, folder / "stockton.yaml")
    return folder / "stockton.yaml"


def test_a_numeric_key_is_valid_and_status_speaks_its_levels(run, tmp_path):
    path = stockton(tmp_path)
    assert [p for p in problems(run, path) if p[2] == "error"] == []
    out = ok(run("status", path, *AS_OF))
    assert (
        "RAG: [BGAAR]  1 (Fully achieved) 1 · 2 (On track) 1 · 3 (Slipped: new date and reason required) 2 · 4 (Not achieved) 1 · not rated 0\n"
        in out
    )
    assert "stockton:4  Audit the response to missed health appointments." in out
    record = json.loads(ok(run("status", path, *AS_OF, "-f", "json")))["total"]
    assert record["counts"] == {"1": 1, "2": 1, "3": 2, "4": 1, "not_rated": 0}
    assert (record["complete"], record["outstanding"]) == (1, 4)


def test_list_and_show_take_and_give_the_plans_own_levels(run, tmp_path):
    path = stockton(tmp_path)
    found = json.loads(ok(run("list", path, "--rag", "3", "-f", "json", *AS_OF)))
    assert [(r["ref"], r["rag"], r["rag_meaning"], r["means"]) for r in found] == [
        ("stockton:3", "3", "Slipped: new date and reason required", "needs monitoring"),
        ("stockton:5", "3", "Slipped: new date and reason required", "needs monitoring"),
    ]
    bad = run("list", path, "--rag", "5")
    assert bad.exit_code == 2 and "'5' is not a level of these plans' keys" in " ".join(
        bad.stderr.split()
    )
    out = ok(run("show", f"{path}:1", *AS_OF))
    assert "RAG:            1: Fully achieved\n" in out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert (
        "Impact measure: A multi-agency audit finds referrals at the right level in 8 of 10 cases."
        in lines
    )
    assert "Verified: not yet: the partnership has not signed it off" in lines


def test_a_numeric_key_is_edited_in_its_own_levels(run, tmp_path, monkeypatch):
    path = stockton(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = run(
        "set-rag",
        "stockton:5",
        "2",
        "--note",
        "Briefing sent to every school.",
        "--by",
        "Education",
        "--date",
        "2017-12-05",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "stockton:5  RAG: 3 → 2, progress note added (2017-12-05)\n"
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "    rag: 3\n    progress:\n      - note: Briefing drafted.\n        date: 2017-11-15\n        by: Education\n",
        "    rag: 2\n    progress:\n      - note: Briefing drafted.\n        date: 2017-11-15\n        by: Education\n"
        "      - note: Briefing sent to every school.\n        date: 2017-12-05\n        by: Education\n",
    )
    refused = run("set-rag", "stockton:4", "1")
    assert (
        refused.exit_code == 1 and "cannot be 1 (Fully achieved) without evidence" in refused.stderr
    )
    typo = run("set-rag", "stockton:4", "Fully")
    assert typo.exit_code == 2 and "use one of: 1, 2, 3, 4" in " ".join(typo.stderr.split())


def test_a_numeric_key_is_reported_with_its_labels_and_colours(run, tmp_path):
    path = stockton(tmp_path)
    md = ok(run("report", path, "-o", "-", *AS_OF))
    assert "| 🟦 1 | Fully achieved | 1 |\n" in md
    assert "| 🟧 3 | Slipped: new date and reason required | 2 |\n" in md
    assert "| 🟥 4: Not achieved |\n" in md
    csv_text = ok(run("report", path, "-o", "-", "-f", "csv", *AS_OF, "--all"))
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert [(r["Ref"], r["RAG"], r["Stage"]) for r in rows] == [
        ("stockton:1", "1", "complete"),
        ("stockton:2", "2", "open"),
        ("stockton:3", "3", "open"),
        ("stockton:4", "4", "open"),
        ("stockton:5", "3", "open"),
    ]


def test_a_numeric_key_is_diffed_in_its_own_levels(run, tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/stockton.yaml", STOCKTON.read_text(encoding="utf-8"))
    repo.commit("Stockton plan")
    repo.edit("plans/stockton.yaml", "    rag: 4\n", "    rag: 2\n")
    out = ok(run("diff"))
    assert "stockton:4  4 → 2  RAG changed" in out
    assert (
        "stockton:4  RAG went from 4 to 2 in one step: check the progress notes show what changed"
        in out
    )


def test_a_key_that_is_ambiguous_is_an_error_with_the_fix(run, write):
    text = (
        "title: x\nrag_key:\n  levels:\n"
        "    - {name: 1, colour: blue, means: complete}\n"
        "    - {name: 2, colour: green, means: complete}\n"
        "    - {name: 2, colour: red, means: off track}\n"
        "recommendations: []\n"
    )
    found = [(p[0], p[3], p[4]) for p in problems(run, write(text))]
    assert found == [
        (
            5,
            "unclear-key",
            "two levels mean complete (1 and 2): only one can, so that scrplan knows which needs evidence; give the other its own meaning",
        ),
        (
            6,
            "unclear-key",
            "the level 2 is in the key twice (first as level 2): give each level its own name",
        ),
    ]
    none = "title: x\nrag_key:\n  levels:\n    - {name: A, colour: red, means: off track}\nrecommendations: []\n"
    assert [p[4] for p in problems(run, write(none))] == [
        "no level of this key means complete: give the level that means the work is done `means: complete`"
    ]
    no_meaning = (
        "title: x\nrag_key:\n  levels:\n    - name: A\n      colour: red\nrecommendations: []\n"
    )
    assert problems(run, write(no_meaning))[0][3:] == (
        "missing-field",
        "`means` is missing: add it, e.g. `means: on track`",
    )
    both = "title: x\nrag_key:\n  red: Late\n  levels:\n    - {name: A, colour: red, means: complete}\nrecommendations: []\n"
    assert "a key is written either as colours" in problems(run, write(both))[0][4]


def test_a_level_the_key_has_not_gets_did_you_mean(run, write):
    text = STOCKTON.read_text(encoding="utf-8").replace("    rag: 4\n", "    rag: Update pending\n")
    text = text.replace(
        "      means: off track",
        "      means: off track\n    - name: Update pending\n      colour: grey\n      means: awaiting update",
        1,
    )
    assert [p for p in problems(run, write(text)) if p[2] == "error"] == []
    typo = text.replace("rag: Update pending", "rag: Update pendng")
    [(line, col, _, code, message)] = [p for p in problems(run, write(typo)) if p[2] == "error"]
    assert (line, col, code) == (72, 10, "bad-rag")
    assert message == (
        'recommendation 4: `rag` "Update pendng" is not a level of this plan\'s key (1, 2, 3, 4, '
        "Update pending): did you mean Update pending? use one of those, or leave `rag` out while "
        "the item is not yet rated"
    )


def test_a_key_from_the_settings_serves_every_plan_without_one(run, write, settings):
    settings(
        """\
        rag_key:
          levels:
            - {name: Achieved, colour: blue, means: complete}
            - {name: Update pending, colour: grey, means: awaiting update}
            - {name: On track, colour: green, means: on track}
        """
    )
    path = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    lead: ICB\n    timescale: Ongoing\n    rag: update pending\n    impact: {measure: M}\n"
    )
    assert problems(run, path) == []
    assert json.loads(ok(run("list", path, "-f", "json")))[0]["rag"] == "Update pending"
    path = write("title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    rag: amber\n")
    [error] = [p for p in problems(run, path) if p[2] == "error"]
    assert "not a level of the partnership's key (Achieved, Update pending, On track)" in error[4]


def test_plans_with_different_keys_are_counted_by_meaning(run, tmp_path, monkeypatch):
    stockton(tmp_path)
    shutil.copy(FIXTURES / "board" / "alpha.yaml", tmp_path / "plans" / "alpha.yaml")
    monkeypatch.chdir(tmp_path)
    out = ok(run("status", "--as-of", "2017-12-01"))
    assert (
        "RAG: [RRAAAGGBB.]  off track 2 · needs monitoring 3 · on track 2 · complete 2 · not rated 1\n"
        in out
    )


# --- the commands: verify, close, set impact.* -------------------------------------------------


@pytest.fixture
def plan_file(write, monkeypatch, tmp_path):
    path = write(PLAN, "plans/t.yaml")
    monkeypatch.chdir(tmp_path)
    return path


def test_verify_records_who_signed_off_and_refuses_what_is_not_complete(run, plan_file):
    before = plan_file.read_text(encoding="utf-8")
    result = run(
        "verify",
        "t:1",
        "--by",
        "QA sub-group",
        "--date",
        "2024-07-01",
        "--note",
        "Checked the minutes.",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "t:1  verified by QA sub-group (2024-07-01)\n"
    assert plan_file.read_text(encoding="utf-8") == before.replace(
        "    evidence: Policy v3 approved by the executive, minutes item 6.\n",
        "    evidence: Policy v3 approved by the executive, minutes item 6.\n"
        "    verified:\n      by: QA sub-group\n      date: 2024-07-01\n      note: Checked the minutes.\n",
    )
    refused = run("verify", "t:2", "--by", "QA sub-group")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "scrplan: t:2 is amber, not complete: only a complete item can be signed off. Set its RAG "
        'to blue with evidence first (scrplan set-rag t:2 blue --evidence "...")\n'
    )


def test_verify_by_the_lead_agency_is_made_with_the_warning(run, plan_file):
    result = run("verify", "t:1", "--by", "West Midlands Police", "--date", "2024-07-01")
    assert result.exit_code == 0, result.output
    assert (
        "warning: recommendation 1 was verified by West Midlands Police, which leads it"
        in result.stderr
    )


def test_leaving_complete_takes_the_sign_off_with_it(run, plan_file):
    assert run("verify", "t:1", "--by", "QA", "--date", "2024-07-01").exit_code == 0
    result = run(
        "set-rag", "t:1", "amber", "--note", "Policy withdrawn for rework.", "--date", "2024-08-01"
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "t:1  RAG: blue → amber, sign-off by QA removed, progress note added (2024-08-01)\n"
    )
    assert "verified:" not in plan_file.read_text(encoding="utf-8")


def test_close_records_the_reason_and_refuses_a_complete_item(run, plan_file):
    before = plan_file.read_text(encoding="utf-8")
    result = run(
        "close",
        "t:2",
        "--reason",
        "Superseded by the national audit.",
        "--by",
        "Board",
        "--date",
        "2024-05-01",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "t:2  closed without implementation (2024-05-01, agreed by Board)\n"
    assert plan_file.read_text(encoding="utf-8") == before + (
        "    closed:\n      reason: Superseded by the national audit.\n      by: Board\n      date: 2024-05-01\n"
    )
    refused = run("close", "t:1", "--reason", "No longer needed.", "--by", "Board")
    assert (
        refused.exit_code == 1
        and "an item that is done is not closed without implementation" in refused.stderr
    )
    again = run("set-rag", "t:2", "green")
    assert again.exit_code == 1 and "was closed without implementation" in again.stderr


def test_set_reaches_inside_impact_with_the_smallest_diff(run, plan_file):
    text = plan_file.read_text(encoding="utf-8")
    assert run("set", "t:2", "impact.review_date", "2025-03").exit_code == 0
    text = text.replace(
        "      measure: Re-audit finds health at nine in ten strategy meetings.\n",
        "      measure: Re-audit finds health at nine in ten strategy meetings.\n      review_date: 2025-03\n",
    )
    assert plan_file.read_text(encoding="utf-8") == text
    assert run("set", "t:2", "impact.evidence", "Re-audit, March 2025: 9 in 10.").exit_code == 0
    assert (
        '      review_date: 2025-03\n      evidence: "Re-audit, March 2025: 9 in 10."\n'
        in plan_file.read_text(encoding="utf-8")
    )
    assert (
        run("set", "t:1", "impact", "x").exit_code == 2
    )  # a set of fields is set one field at a time
    # Removing the last field of impact removes impact.
    write_back = plan_file.read_text(encoding="utf-8")
    assert run("set", "t:1", "impact.review_date", "--clear").exit_code == 0
    assert run("set", "t:1", "impact.measure", "--clear").exit_code == 0
    assert plan_file.read_text(encoding="utf-8") == write_back.replace(
        "    impact:\n      measure: Escalations reach the partnership within a week.\n      review_date: 2024-09-30\n",
        "",
    )


def test_set_creates_impact_where_the_layout_puts_it(run, write, monkeypatch, tmp_path):
    path = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    rag: amber\n"
        "    progress:\n      - note: n\n        date: 2024-01-01\n    other_columns:\n      A: b\n",
        "plans/u.yaml",
    )
    monkeypatch.chdir(tmp_path)
    result = run("set", "u:1", "impact.measure", "Fewer repeat referrals.")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("u:1  impact.measure: (none) → Fewer repeat referrals.\n")
    assert path.read_text(encoding="utf-8") == (
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    rag: amber\n"
        "    progress:\n      - note: n\n        date: 2024-01-01\n"
        "    impact:\n      measure: Fewer repeat referrals.\n"
        "    other_columns:\n      A: b\n"
    )


# --- diff: what a reviewer should know -------------------------------------------------------


def test_diff_warns_of_sign_off_by_the_lead_a_sign_off_removed_a_closure_and_an_impact_review_passed(
    run, tmp_path, monkeypatch
):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/t.yaml", PLAN.replace("review_date: 2024-09-30", "review_date: 2024-01-31"))
    repo.write("partnership.yaml", "agencies:\n  - name: West Midlands Police\n    short: WMP\n")
    repo.commit("plan")
    repo.edit(
        "plans/t.yaml",
        "    impact:\n      measure: Escalations",
        "    verified:\n      by: WMP\n    impact:\n      measure: Escalations",
    )
    repo.edit(
        "plans/t.yaml",
        "    rag: amber\n",
        "    rag: amber\n    closed:\n      reason: Overtaken by the national audit.\n      by: Board\n",
    )
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert [(w["code"], w["ref"], w["level"]) for w in doc["warnings"]] == [
        ("verified-by-lead", "t:1", "warning"),
        ("impact-review-passed", "t:1", "warning"),
        ("closed", "t:2", "warning"),
    ]
    assert (
        doc["warnings"][2]["message"]
        == "closed without implementation, agreed by Board: Overtaken by the national audit."
    )
    out = ok(run("diff"))
    assert (
        "signed off by WMP" in out
        and 'closed without implementation: "Overtaken by the national audit."' in out
    )
    repo.commit("signed off")
    repo.edit("plans/t.yaml", "    verified:\n      by: WMP\n", "")
    doc = json.loads(ok(run("diff", "-f", "json")))
    assert ("verification-removed", "t:1") in [(w["code"], w["ref"]) for w in doc["warnings"]]


def test_diff_notes_a_completion_nobody_has_signed_off_for_information(run, tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/t.yaml", PLAN)
    repo.commit("plan")
    repo.edit(
        "plans/t.yaml",
        "    rag: amber\n",
        "    rag: blue\n    evidence: Audit report to the board, May.\n",
    )
    out = ok(run("diff"))
    assert "1 plan changed: 1 item changed; 1 note for information." in out
    assert (
        "t:2  for information: made blue (Complete and evidenced) by its lead agency: the partnership has yet to check the evidence and sign it off (scrplan verify t:2 --by ...)"
        in " ".join(out.split("\n"))
    )
