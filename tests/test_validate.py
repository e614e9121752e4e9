"""`scrplan validate`: every problem at once, located, in plain words, with exit codes for CI."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

# These tests are about the format's own rules; the quality checks (warnings about gaps such as
# an item with no lead) have tests of their own, in test_assurance.py.
pytestmark = pytest.mark.usefixtures("no_quality_checks")

GOOD = """\
title: Good plan
recommendations:
  - id: 1
    recommendation: Do the thing
"""


def problems(run, path):
    result = run("validate", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [
        (p["line"], p["column"], p["code"], p["message"])
        for p in json.loads(result.stdout)["problems"]
    ]


def one(run, write, text):
    found = problems(run, write(text))
    assert len(found) == 1, found
    return found[0]


def test_the_repository_plans_are_valid(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked 1 plan file: no problems.\n"


def test_text_output_is_located_with_the_line_and_a_caret(run, write):
    path = write(
        """\
        title: Test plan
        recommendations:
          - id: 1
            reccomendation: x
            recommendation: Do the thing
            rag: purple
        """
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:4:5: error: recommendation 1: `reccomendation` is not a field scrplan knows: "
        "did you mean `recommendation`? [unknown-field]\n"
        "    4 |     reccomendation: x\n"
        "      |     ^\n"
        "\n"
        f'{path}:6:10: error: recommendation 1: `rag` "purple" is not a RAG colour: use red, '
        "amber, green or blue, or leave `rag` out while the item is not yet rated [bad-rag]\n"
        "    6 |     rag: purple\n"
        "      |          ^\n"
        "\n"
        "Checked 1 plan file: 2 errors in 1 file.\n"
    )


def test_every_problem_in_every_file_is_reported(run, write):
    write("title: A\nrecommendations:\n  - id: 1\n    rag: purple\n", "plans/a.yaml")
    write(GOOD, "plans/b.yaml")
    c = write("recommendations: []\n", "plans/sub/c.yml")
    result = run("validate", c.parent.parent, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["files_checked"] == 3
    assert [(p["file"].rsplit("/", 1)[-1], p["code"]) for p in doc["problems"]] == [
        ("a.yaml", "missing-field"),
        ("a.yaml", "bad-rag"),
        ("c.yml", "missing-field"),
    ]


def test_clean_plan_exits_zero(run, write):
    result = run("validate", write(GOOD))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked 1 plan file: no problems.\n"


def test_usage_error_exits_two(run, write):
    result = run("validate", write(GOOD), "--format", "xml")
    assert result.exit_code == 2


def test_missing_path_is_a_clear_error(run, tmp_path):
    result = run("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"scrplan: {tmp_path / 'nope.yaml'}: no such file or folder\n"


def test_unknown_key_with_suggestion(run, write):
    assert one(run, write, GOOD + "    reccomendation: y\n") == (
        5,
        5,
        "unknown-field",
        "recommendation 1: `reccomendation` is not a field scrplan knows: did you mean "
        "`recommendation`?",
    )


def test_unknown_key_from_a_real_plan_heading_suggests_our_field(run, write):
    assert one(run, write, GOOD + "    owner: WMP\n")[3] == (
        "recommendation 1: `owner` is not a field scrplan knows: did you mean `lead`?"
    )


def test_unknown_key_without_a_close_match_lists_the_fields(run, write):
    assert one(run, write, "title: x\nflavour: mint\n")[2:] == (
        "unknown-field",
        "`flavour` is not a field scrplan knows here; the fields are: title, partnership, "
        "review, subject, report_date, plan_date, next_review, update_interval, summary, rag_key, "
        "recommendations",
    )


def test_rag_purple_lists_the_colours_and_any_case_is_accepted(run, write):
    assert one(run, write, GOOD + "    rag: purple\n") == (
        5,
        10,
        "bad-rag",
        'recommendation 1: `rag` "purple" is not a RAG colour: use red, amber, green or blue, '
        "or leave `rag` out while the item is not yet rated",
    )
    assert problems(run, write(GOOD + "    rag: AMBER\n")) == []


def test_unquoted_decimal_id_says_to_quote_it(run, write):
    text = GOOD.replace("id: 1", "id: 1.10")
    assert one(run, write, text) == (
        3,
        9,
        "bad-id",
        'recommendation 1.10: id 1.10 must be in quotes, `id: "1.10"`: without them YAML '
        "reads it as the number 1.1",
    )
    assert problems(run, write(GOOD.replace("id: 1", 'id: "1.10"'))) == []


def test_impossible_date(run, write):
    assert one(run, write, GOOD + "    target_date: 2017-02-30\n") == (
        5,
        18,
        "bad-date",
        "recommendation 1: `target_date` 2017-02-30 is not a real date: February 2017 has 28 days",
    )


def test_uk_date_suggests_the_iso_form(run, write):
    assert one(run, write, GOOD + "    target_date: 31/03/2017\n")[3] == (
        "recommendation 1: `target_date` 31/03/2017 is not in the form scrplan reads: write it "
        "as 2017-03-31 (YYYY-MM-DD, read here as day/month/year)"
    )


def test_month_words_suggest_the_month_form(run, write):
    assert one(run, write, GOOD + "    target_date: Jan 08\n")[3] == (
        "recommendation 1: `target_date` Jan 08 is not in the form scrplan reads: write 2008-01 "
        "for the end of that month, or a full date as YYYY-MM-DD"
    )


def test_missing_title_points_at_the_mapping(run, write):
    assert one(run, write, "recommendations: []\n") == (
        1,
        1,
        "missing-field",
        "`title` is missing: add it, e.g. `title: Child M SCR action plan`",
    )


def test_missing_note_in_a_progress_entry(run, write):
    text = GOOD + "    progress:\n      - date: 2017-01-01\n"
    assert one(run, write, text) == (
        6,
        9,
        "missing-field",
        "recommendation 1, progress entry 1: `note` is missing: add it, e.g. `note: Training "
        "delivered to all front-line officers.`",
    )


def test_top_level_list(run, write):
    assert one(run, write, "- title: x\n") == (
        1,
        1,
        "not-a-mapping",
        "a plan file should be a set of fields starting with `title:`, but this file holds a list",
    )


def test_empty_file(run, write):
    assert one(run, write, "")[2] == "empty-file"


def test_non_utf8_file(run, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"title: Caf\xe9\n")
    assert one(run, lambda _: path, None)[:3] == (1, 11, "not-utf8")


def test_binary_file(run, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(bytes(range(256)))
    assert one(run, lambda _: path, None)[2] == "binary"


def test_duplicate_ids_name_the_first(run, write):
    text = GOOD + "  - id: 1\n    recommendation: Again\n"
    assert one(run, write, text) == (
        5,
        9,
        "duplicate-id",
        "id 1 is used twice in this plan (first on line 3); give each recommendation and action "
        "its own id",
    )


def test_duplicate_ids_are_found_even_when_another_item_is_invalid(run, write):
    text = GOOD + "  - id: 1\n    recommendation: Again\n  - id: 3\n    rag: purple\n"
    codes = [p[2] for p in problems(run, write(text))]
    assert codes == ["duplicate-id", "missing-field", "bad-rag"]


def test_complete_without_evidence(run, write):
    assert one(run, write, GOOD + "    rag: blue\n") == (
        5,
        10,
        "complete-without-evidence",
        "recommendation 1 is blue (Complete and evidenced) but has no `evidence`: add "
        "`evidence:` saying what shows the work is done and has made a difference, or choose "
        "another colour",
    )
    assert problems(run, write(GOOD + "    rag: blue\n    evidence: Audit 2017\n")) == []


def test_complete_colour_follows_the_plan_key(run, write):
    text = (
        "title: x\nrag_key:\n  red: Late\n  amber: At risk\n  green: Done\n  complete: green\n"
        "recommendations:\n  - id: 1\n    recommendation: y\n    rag: green\n"
        "  - id: 2\n    recommendation: z\n    rag: blue\n"
    )
    assert [p[2] for p in problems(run, write(text))] == [
        "complete-without-evidence",
        "rag-not-in-key",
    ]


def test_recommendation_with_actions_may_not_have_its_own_rag(run, write):
    text = GOOD + "    rag: red\n    actions:\n      - id: 1.1\n        action: a\n"
    text = text.replace("id: 1.1", 'id: "1.1"')
    assert one(run, write, text) == (
        5,
        5,
        "rag-with-actions",
        "recommendation 1 has actions, so its RAG comes from them: remove its own `rag:` and "
        "rate each action instead",
    )


def test_duplicate_key_names_both_lines(run, write):
    assert one(run, write, GOOD + "    recommendation: Again\n") == (
        5,
        5,
        "duplicate-key",
        "`recommendation` is given twice in the same place (first on line 4); YAML would "
        "silently keep only the second one. Delete one of them, or merge their contents",
    )


def test_tab_indentation(run, write):
    assert one(run, write, "title: x\nrecommendations:\n\t- id: 1\n")[:3] == (
        3,
        1,
        "yaml-syntax",
    )


def test_text_given_as_yes_or_number(run, write):
    found = problems(run, write(GOOD + "    evidence: yes\n    timescale: 6\n"))
    assert [p[3] for p in found] == [
        "recommendation 1: `evidence` should be text, but YAML reads yes, no, on, off, true and "
        "false as yes/no values: put the text in quotes",
        "recommendation 1: `timescale` should be text, not a number: put it in quotes",
    ]


def test_warning_does_not_fail(run, write):
    result = run("validate", write(GOOD + "    completed: 2017-03\n"))
    assert result.exit_code == 0, result.output
    assert "warning: recommendation 1 has a `completed` date but its RAG is not rated" in (
        result.stdout
    )


def test_ten_megabyte_plan(run, tmp_path):
    para = "A sentence about safeguarding practice and what the partnership has done. " * 8
    rec = (
        "  - id: {n}\n    learning: >\n      {p}\n    recommendation: >\n      {p}\n"
        "    lead: [Police, Health]\n    target_date: 2017-03-31\n    rag: amber\n"
        "    progress:\n      - note: >\n          {p}\n        date: 2017-01-01\n"
    )
    body = "".join(rec.format(n=n, p=para) for n in range(1, 5600))
    path = tmp_path / "big.yaml"
    path.write_text("title: Big\nrecommendations:\n" + body)
    assert path.stat().st_size > 10_000_000
    result = run("validate", path)
    assert result.exit_code == 0, result.output[:500]


def test_github_annotations_escape_and_locate(run, write):
    result = run("validate", write(GOOD + "    rag: purple\n"), "--format", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=5,col=10,title=scrplan%3A bad-rag::recommendation 1: `rag`" in first


@pytest.mark.parametrize(
    "path", [p for p in sorted((ROOT / "plans").glob("*.yaml")) if p.name != "partnership.yaml"]
)
def test_shipped_plans_have_no_problems_at_all(run, path):
    assert problems(run, path) == []


def test_number_like_ids_must_be_quoted_to_stay_as_written(run, write):
    text = "title: x\nrecommendations:\n  - id: 01\n    recommendation: a\n  - id: 1:30\n    recommendation: b\n"
    assert [(p[0], p[2], p[3]) for p in problems(run, write(text))] == [
        (
            3,
            "bad-id",
            'id 01 is read by YAML as the number 1: put it in quotes, `id: "01"`, so that it stays as written',
        ),
        (
            5,
            "bad-id",
            'id 1:30 is read by YAML as the number 90: put it in quotes, `id: "1:30"`, so that it stays as written',
        ),
    ]


def test_a_yes_no_word_as_rag(run, write):
    assert one(run, write, GOOD + "    rag: Yes\n")[3] == (
        "recommendation 1: `rag` a yes/no word is not a RAG level: use a level of the plan's key "
        "(red, amber, green or blue by default), or leave `rag` out while the item is not yet rated"
    )


def test_two_plans_with_the_same_name_are_a_warning(run, write):
    write(GOOD, "plans/2023/q.yaml")
    second = write(GOOD, "plans/2024/q.yaml")
    result = run("validate", second.parent.parent)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"{second}: warning: another plan is also called q ({second.parent.parent / '2023' / 'q.yaml'}): "
        "references such as q:1 cannot tell them apart; rename one of the files [same-name]\n"
    )


def test_rules_across_items_are_checked_in_items_that_are_otherwise_invalid(run, write):
    text = (
        "title: x\nrecommendations:\n"
        "  - id: 1\n    recommendation: a\n    rag: purple\n    completed: 2024-01\n"
        "  - id: 1\n    recommendation: b\n    rag: blue\n    lead: [3]\n"
        "  - id: 3\n    recommendation: c\n    rag: blue\n    target_date: 31/01/2024\n"
    )
    assert [(p[0], p[2]) for p in problems(run, write(text))] == [
        (5, "bad-rag"),  # and no completed-not-complete warning: the colour is unknown
        (7, "duplicate-id"),
        (9, "complete-without-evidence"),
        (10, "not-text"),
        (13, "complete-without-evidence"),
        (14, "bad-date"),
    ]


def test_a_settings_file_named_on_its_own_is_checked(run, tmp_path, monkeypatch):
    # As a pre-commit hook names it when only the settings changed.
    (tmp_path / "plans").mkdir()
    settings = tmp_path / "plans" / "partnership.yaml"
    settings.write_text("partnership: x\nupdate_interval: sometimes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "plans/partnership.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("plans/partnership.yaml:2:18: error: `update_interval`")
    assert result.stdout.endswith("\nChecked the settings: 1 error in 1 file.\n")
    settings.write_text("partnership: x\n", encoding="utf-8")
    result = run("validate", "plans/partnership.yaml")
    assert (result.exit_code, result.stdout) == (0, "Checked the settings: no problems.\n")
