"""`status`, `list` and `show`: golden outputs at a fixed as-of date, filters, formats, refs."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import FIXTURES, ROOT

BOARD = FIXTURES / "board"
ALPHA = BOARD / "alpha.yaml"
AS_OF = ("--as-of", "2024-01-15")


@pytest.fixture
def in_board(monkeypatch, tmp_path):
    """A working folder whose plans/ holds the two board fixtures."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for f in BOARD.glob("*.yaml"):
        (plans / f.name).write_bytes(f.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ok(result):
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout  # piped: never escape codes
    return result.stdout


# --- status ------------------------------------------------------------------------------------


def test_status_one_plan(run):
    assert (
        ok(run("status", ALPHA, *AS_OF))
        == f"""\
Child A LCSPR action plan

Partnership: Northshire Safeguarding Children Partnership
Review:      Local Child Safeguarding Practice Review
File:        {ALPHA}
As of:       2024-01-15

RAG: [RAGB.]  red 1 · amber 1 · green 1 · blue 1 · not rated 1

5 recommendations: 4 outstanding, 2 overdue, 3 with no update in 3 months; 0 awaiting sign-off, 1
complete, 0 verified, 0 impact reviews due, 0 closed.

Outstanding, most urgent first
Ref      Recommendation / action                                             Lead               Target      RAG         Overdue  Updated     Stale
-------  ------------------------------------------------------------------  -----------------  ----------  ---------  --------  ----------  -----
alpha:3  Police to attend every strategy meeting in person or by video.      Northshire Police  2023-06-30  red        199 days  2023-10-02  yes
alpha:2  Refresh the escalation policy.                                      Business unit      Immediate   green       actions  none        yes
  2.2    Brief every agency's safeguarding lead.                             Police, ICB        2023-12     green       15 days  none        yes
alpha:1  Seek assurance that health and education share information when a…  ICB, Education     2024-03     amber                2023-11-20
alpha:5  Train GP practice staff on the "Think Family" approach.             ICB                2024-06-30  not rated            none        yes
"""
    )


def test_status_folder_of_plans(run, in_board):
    assert (
        ok(run("status", *AS_OF))
        == """\
2 action plans

As of: 2024-01-15

RAG: [RAAGBB.]  off track 1 · needs monitoring 2 · on track 1 · complete 2 · not rated 1

7 recommendations: 5 outstanding, 3 overdue, 4 with no update in 3 months; 0 awaiting sign-off, 2
complete, 0 verified, 0 impact reviews due, 0 closed.

Plans
Plan   Title                      Off track  Needs monitoring  On track  Marked complete  Not rated  Outstanding  Overdue  No update  Sign-off  Closed  Oldest overdue
-----  -------------------------  ---------  ----------------  --------  ---------------  ---------  -----------  -------  ---------  --------  ------  --------------
alpha  Child A LCSPR action plan          1                 1         1                1          1            4        2          3         0       0  2023-06-30
beta   Adult B SAR action plan            0                 1         0                1          0            1        1          1         0       0  2023-05-31
total  2 plans                            1                 2         1                2          1            5        3          4         0       0  2023-05-31

Overdue, oldest target first
Ref        Recommendation / action                                         Lead               Target      RAG     Overdue  Updated     Stale
---------  --------------------------------------------------------------  -----------------  ----------  -----  --------  ----------  -----
beta:1     Review the self-neglect protocol.                               Adult Social Care  2023-05-31  amber  229 days  none        yes
alpha:3    Police to attend every strategy meeting in person or by video.  Northshire Police  2023-06-30  red    199 days  2023-10-02  yes
alpha:2.2  Brief every agency's safeguarding lead.                         Police, ICB        2023-12     green   15 days  none        yes
alpha:2    Refresh the escalation policy.                                  Business unit      Immediate   green   actions  none        yes
"""
    )


def test_status_as_of_changes_what_is_overdue(run):
    early = json.loads(ok(run("status", ALPHA, "--as-of", "2023-01-01", "-f", "json")))
    late = json.loads(ok(run("status", ALPHA, "--as-of", "2025-01-01", "-f", "json")))
    assert early["total"]["overdue"] == 0
    assert late["total"]["overdue"] == 4
    # Most urgent first, each action beneath its recommendation.
    assert [i["ref"] for i in late["outstanding"] if i["overdue"]] == [
        "alpha:3",
        "alpha:1",
        "alpha:5",
        "alpha:2",
        "alpha:2.2",
    ]


def test_status_json(run, in_board):
    doc = json.loads(ok(run("status", "-f", "json", *AS_OF)))
    assert doc["as_of"] == "2024-01-15"
    assert [p["plan"] for p in doc["plans"]] == ["alpha", "beta"]
    assert doc["plans"][0]["counts"] == {
        "red": 1,
        "amber": 1,
        "green": 1,
        "blue": 1,
        "not_rated": 1,
    }
    assert doc["total"]["overdue"] == 3 and doc["total"]["oldest_overdue"] == "2023-05-31"


def test_status_markdown(run):
    out = ok(run("status", ALPHA, "-f", "markdown", *AS_OF))
    assert out.startswith("# Child A LCSPR action plan\n")
    assert "| Ref | Recommendation / action | Lead | Target | RAG | Overdue | Updated |" in out
    assert (
        "| **↳ 2.2** | Brief every agency's safeguarding lead. | Police, ICB | **2023-12** |" in out
    )


def test_status_refuses_an_invalid_plan_with_located_problems(run, write):
    write(
        "title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    rag: purple\n",
        "p/a.yaml",
    )
    bad = write("title: y\n", "p/b.yaml").parent
    result = run("status", bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad / 'a.yaml'}:5:10: error: recommendation 1: `rag`")
    assert "    5 |     rag: purple\n" in result.stderr


def test_status_without_plans_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("status")
    assert result.exit_code == 1
    assert "no plans/ folder here" in result.stderr


def test_bad_as_of_is_a_usage_error(run):
    result = run("status", ALPHA, "--as-of", "15/01/2024")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--as-of': 15/01/2024 is not in the form scrplan reads: write it as "
        "2024-01-15 (YYYY-MM-DD, read here as day/month/year)"
    ) in result.output


# --- list --------------------------------------------------------------------------------------


def refs(run, *args):
    out = ok(run("list", BOARD, "-f", "json", *AS_OF, *args))
    return [item["ref"] for item in json.loads(out)]


def test_list_default_is_outstanding_in_file_order(run):
    assert refs(run) == ["alpha:1", "alpha:2", "alpha:2.2", "alpha:3", "alpha:5", "beta:1"]


def test_list_all_includes_complete(run):
    assert refs(run, "--all") == [
        "alpha:1",
        "alpha:2",
        "alpha:2.1",
        "alpha:2.2",
        "alpha:3",
        "alpha:4",
        "alpha:5",
        "beta:1",
        "beta:2",
    ]


def test_list_rag_filter_is_repeatable_and_none_means_not_rated(run):
    assert refs(run, "--rag", "red", "--rag", "AMBER") == ["alpha:1", "alpha:3", "beta:1"]
    assert refs(run, "--rag", "none") == ["alpha:5"]


def test_list_lead_filter_is_a_case_insensitive_substring(run):
    assert refs(run, "--lead", "police") == ["alpha:2.2", "alpha:3"]


def test_list_overdue(run):
    assert refs(run, "--overdue") == ["alpha:2", "alpha:2.2", "alpha:3", "beta:1"]


def test_list_due_before(run):
    assert refs(run, "--due-before", "2024-01-01") == ["alpha:2.2", "alpha:3", "beta:1"]


def test_list_search_reads_progress_and_evidence(run):
    assert refs(run, "--search", "dart") == ["alpha:1"]
    assert refs(run, "--search", "400 downloads", "--all") == ["alpha:4"]


def test_list_filters_combine(run):
    assert refs(run, "--overdue", "--lead", "ICB") == ["alpha:2.2"]


def test_list_sorts(run):
    # Overdue first (red, amber, green), then the rest by colour.
    assert refs(run, "--sort", "urgency") == [
        "alpha:3",
        "beta:1",
        "alpha:2.2",
        "alpha:2",
        "alpha:1",
        "alpha:5",
    ]
    assert refs(run, "--sort", "target")[:3] == ["beta:1", "alpha:3", "alpha:2.2"]
    assert refs(run, "--sort", "updated")[:2] == ["alpha:1", "alpha:3"]


def test_list_json_fields(run):
    items = json.loads(ok(run("list", ALPHA, "-f", "json", *AS_OF, "--rag", "green")))
    assert items[1] == {
        "plan": "alpha",
        "file": str(ALPHA),
        "ref": "alpha:2.2",
        "id": "2.2",
        "kind": "action",
        "parent": "2",
        "rag": "green",
        "rag_meaning": "On track",
        "means": "on track",
        "stage": "open",
        "complete": False,
        "overdue": True,
        "days_overdue": 15,
        "no_update": True,
        "last_update": None,
        "impact_review_due": False,
        "lead": ["Police", "ICB"],
        "target_date": "2023-12",
        "timescale": None,
        "learning": None,
        "recommendation": "Refresh the escalation policy.",
        "themes": [],
        "action": "Brief every agency's safeguarding lead.",
        "latest_progress": None,
        "progress_entries": 0,
        "evidence": None,
        "completed": None,
        "verified": None,
        "impact": None,
        "closed": None,
    }


def test_list_csv_opens_in_excel(run):
    out = ok(run("list", ALPHA, "-f", "csv", *AS_OF, "--rag", "amber"))
    assert out.startswith("\ufeffPlan,Ref,Kind,Recommendation,Action,Lead,")
    table = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(table) == 2
    row = dict(zip(table[0], table[1], strict=True))
    assert row["Ref"] == "alpha:1"
    assert row["Lead"] == "ICB; Education"
    assert row["Latest progress"] == "Half the sample audited: early findings shared [DART]."


def test_list_markdown_escapes_cells(run, write):
    plan = write("title: x\nrecommendations:\n  - id: 1\n    recommendation: 'a | b *c* <d>'\n")
    out = ok(run("list", plan, "-f", "markdown"))
    assert out == (
        "| Ref | Recommendation / action | Lead | Target | RAG | Overdue | Updated | Stale |\n"
        "|---|---|---|---|---|---:|---|---|\n"
        "| plan:1 | a \\| b \\*c\\* \\<d\\> | — | — | not rated |  | none | yes |\n"
    )


def test_list_table_plain(run):
    assert (
        ok(run("list", BOARD, *AS_OF, "--overdue"))
        == """\
Ref        Recommendation / action                                         Lead               Target      RAG     Overdue  Updated     Stale
---------  --------------------------------------------------------------  -----------------  ----------  -----  --------  ----------  -----
alpha:2    Refresh the escalation policy.                                  Business unit      Immediate   green   actions  none        yes
alpha:2.2  Brief every agency's safeguarding lead.                         Police, ICB        2023-12     green   15 days  none        yes
alpha:3    Police to attend every strategy meeting in person or by video.  Northshire Police  2023-06-30  red    199 days  2023-10-02  yes
beta:1     Review the self-neglect protocol.                               Adult Social Care  2023-05-31  amber  229 days  none        yes
"""
    )


def test_list_nothing_matches(run):
    assert ok(run("list", BOARD, "--lead", "nobody")) == "No items match.\n"
    assert ok(run("list", BOARD, "--lead", "nobody", "-f", "json")) == "[]\n"


def test_list_output_file_takes_the_format_from_its_extension(run, tmp_path):
    target = tmp_path / "out.csv"
    result = run("list", ALPHA, "-o", target, *AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_bytes().startswith("\ufeffPlan,Ref".encode())
    assert b"\r\n" in target.read_bytes()


def test_list_bad_rag_is_a_usage_error(run):
    result = run("list", BOARD, "--rag", "purple")
    assert result.exit_code == 2


# --- show --------------------------------------------------------------------------------------


def test_show_plain(run):
    assert (
        ok(run("show", f"{ALPHA}:1", *AS_OF))
        == f"""\
alpha:1  recommendation

Plan:           Child A LCSPR action plan ({ALPHA})
Learning:       Health visitors did not share concerns with the school.
Recommendation: Seek assurance that health and education share information when a child moves
                school.
Lead:           ICB, Education
Target:         2024-03
RAG:            amber: Needs monitoring to stay on track
Stage:          open
Evidence:       —
Completed:      —

Progress (2 entries, oldest first)

2023-09-01, ICB: Audit of transfer records started.
2023-11-20, ICB: Half the sample audited: early findings shared [DART].
"""
    )


def test_show_recommendation_with_actions(run, in_board):
    out = ok(run("show", "alpha:2", *AS_OF))
    assert "RAG:            green: On track (from its actions)\n" in out
    assert "Actions (2)\n" in out
    assert "alpha:2.1  Draft the revised policy." in out


def test_show_action_names_its_recommendation(run, in_board):
    out = ok(run("show", "alpha:2.2", *AS_OF))
    assert out.startswith("alpha:2.2  action\n")
    assert "Recommendation: 2: Refresh the escalation policy.\n" in out
    assert "Target:         2023-12 (overdue by 15 days on 2024-01-15)\n" in out


def test_show_json(run, in_board):
    record = json.loads(ok(run("show", "alpha:1", "-f", "json", *AS_OF)))
    assert record["ref"] == "alpha:1"
    assert [p["date"] for p in record["progress"]] == ["2023-09-01", "2023-11-20"]
    assert record["actions"] == []


# --- references --------------------------------------------------------------------------------


def test_bare_id_with_one_plan_under_plans(run, tmp_path, monkeypatch):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "alpha.yaml").write_bytes(ALPHA.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert ok(run("show", "3", "-f", "json"))


def test_bare_id_with_several_plans_lists_the_candidates(run, in_board):
    result = run("show", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "scrplan: 1 is in 2 plans: name the plan, e.g. alpha:1, beta:1; "
        "or give --plan PATH, or set SCRPLAN_PLAN\n"
    )


def test_bare_id_names_only_the_plans_that_have_it(run, in_board):
    result = run("show", "5")
    assert (result.exit_code, result.stderr) == (
        1,
        "scrplan: 5 needs its plan's name, as there are 2 plans: write alpha:5; or give "
        "--plan PATH, or set SCRPLAN_PLAN\n",
    )
    result = run("show", "9")
    assert result.stderr == "scrplan: no plan has an item 9 (the plans are: alpha, beta)\n"


def test_references_that_name_no_plan(run, in_board, monkeypatch):
    assert run("show", ":1").stderr == (
        "scrplan: ':1' is not a reference: write an id such as 7, or child-m:7\n"
    )
    assert run("show", "gone.yaml:1").stderr == "scrplan: gone.yaml:1: there is no file gone.yaml\n"
    monkeypatch.setenv("SCRPLAN_PLAN", "plans/nope.yaml")
    assert run("show", "1").stderr == (
        "scrplan: plans/nope.yaml (given with SCRPLAN_PLAN): no such file or folder\n"
    )


def test_a_plan_with_no_recommendations_yet(run, write):
    path = write("title: New plan\n")
    assert run("show", f"{path}:1").stderr == (
        "scrplan: plan has no item 1: it has no recommendations yet\n"
    )


def test_plan_option_and_environment(run, in_board, monkeypatch):
    assert (
        json.loads(ok(run("show", "1", "--plan", "plans/beta.yaml", "-f", "json")))["plan"]
        == "beta"
    )
    monkeypatch.setenv("SCRPLAN_PLAN", "plans/alpha.yaml")
    assert json.loads(ok(run("show", "1", "-f", "json")))["plan"] == "alpha"


def test_unknown_plan_and_unknown_id(run, in_board):
    result = run("show", "gamma:1")
    assert (result.exit_code, result.stderr) == (
        1,
        "scrplan: there is no plan called gamma; the plans are: alpha, beta\n",
    )
    result = run("show", "beta:9")
    assert (result.exit_code, result.stderr) == (
        1,
        "scrplan: beta has no item 9; its ids are: 1, 2\n",
    )


def test_same_plan_name_in_two_folders(run, in_board):
    (in_board / "plans" / "2023").mkdir()
    (in_board / "plans" / "2023" / "beta.yaml").write_bytes((BOARD / "beta.yaml").read_bytes())
    result = run("show", "beta:1")
    assert result.exit_code == 1
    assert "2 plans are called beta" in result.stderr


def test_show_of_an_invalid_plan_gives_its_problems(run, write):
    path = write("title: x\nrecommendations:\n  - id: 1\n    recommendatoin: y\n")
    result = run("show", f"{path}:1")
    assert result.exit_code == 1
    assert f"{path}:4:5: error: recommendation 1: `recommendatoin` is not a field" in (
        result.stderr
    )


def test_child_m_status_is_the_readme_command(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = ok(run("status", "plans/child-m.yaml", "--as-of", "2017-03-31"))
    assert "11 recommendations: 11 outstanding, 0 overdue, 11 with no update in 3 months;" in out
    assert "child-m:7   DSCB should promote a 'Think Family'" in out


def test_markdown_keeps_whole_texts(run):
    out = ok(run("list", ALPHA, "-f", "markdown", *AS_OF, "--rag", "amber"))
    assert (
        "| alpha:1 | Seek assurance that health and education share information when a child "
        "moves school. | ICB, Education |"
    ) in out
    assert "…" not in out


def test_date_options_take_months_and_name_themselves(run):
    assert refs(run, "--due-before", "2023-12") == ["alpha:3", "beta:1"]
    result = run("list", BOARD, "--due-before", "2023-02-30")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--due-before': 2023-02-30 is not a real date: February 2023 has 28 days"
        in result.output
    )
