"""`scrplan import` on the layouts real boards publish: the lines above the table, text copied
from PDFs, headings, group rows, numbering, status keys."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import FIXTURES
from office import docx_file, xlsx_file
from scrplan.importer import import_plan


def data_of(path, **options):
    return import_plan(path, "plans/out.yaml", **options).built.data


# --- the lines above the table ----------------------------------------------------------------


def test_a_board_heading_with_no_title_names_the_plan_after_the_file(tmp_path):
    path = tmp_path / "megan-action-plan.csv"
    path.write_text(
        "Thurrock Local Safeguarding Children Board\nRecommendation,Lead\nRefresh the policy.,LSCB\n",
        encoding="utf-8",
    )
    data = data_of(path)
    assert data["partnership"] == "Thurrock Local Safeguarding Children Board"
    assert data["title"] == "megan action plan"


def test_the_title_can_follow_the_boards_heading(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Thurrock Local Safeguarding Children Board\n"
        "Child Q Serious Case Review action plan\n"
        "Recommendation,Lead\nRefresh the policy.,LSCB\n",
        encoding="utf-8",
    )
    data = data_of(path)
    assert data["partnership"] == "Thurrock Local Safeguarding Children Board"
    assert data["title"] == "Child Q Serious Case Review action plan"
    assert data["subject"] == "Child Q"
    assert data["review"] == "Serious Case Review"


# --- the fixtures: each layout against the plan made from it by hand --------------------------

LAYOUTS = FIXTURES / "import"


def expected_plan(name):
    return yaml.safe_load((LAYOUTS / f"{name}.expected.yaml").read_text(encoding="utf-8"))


def comparable(data):
    """A plan's data as plain values: text folded, dates as text, ids as text."""

    def tidy(value):
        if isinstance(value, str):
            return " ".join(value.split())
        if isinstance(value, dict):
            return {k: tidy(v) for k, v in value.items()}
        if isinstance(value, list):
            return [tidy(v) for v in value]
        return str(value)

    return [tidy(rec) for rec in data["recommendations"]]


def outline(data):
    """Each item's id, main text and RAG."""
    return [
        (
            str(item["id"]),
            " ".join((item.get("action") or item["recommendation"]).split()),
            item.get("rag"),
        )
        for rec in data["recommendations"]
        for item in [rec, *rec.get("actions", [])]
    ]


@pytest.mark.parametrize(
    "name",
    [
        "thurrock.docx",
        "dhr.docx",
        "dhr.xlsx",
        "bristol.docx",
        "bournemouth.xlsx",
        "stockton.docx",
        "stockton.xlsx",
        "stockton.txt",
    ],
)
def test_office_layouts_give_the_hand_made_plan(name):
    path = LAYOUTS / name
    data = data_of(path)
    assert comparable(data) == comparable(expected_plan(path.stem))
    want = expected_plan(path.stem)
    for field in ("title", "partnership", "review", "subject", "rag_key"):
        assert data.get(field) == want.get(field), field


@pytest.mark.parametrize(
    "name",
    [
        "thurrock.txt",
        "bristol.txt",
        "dhr.txt",
        "thurrock-layout.txt",
        "dhr-layout.txt",
        "stockton-layout.txt",
    ],
)
def test_text_copied_from_pdfs_gives_every_item(name):
    path = LAYOUTS / name
    data = data_of(path)
    got, want = outline(data), outline(expected_plan(path.stem.split("-")[0]))
    if name.startswith("dhr"):  # a RAG given only as a cell's colour is not in the text
        want = [(i, t, None if i == "3.1" else r) for i, t, r in want]
    assert got == want


# --- the shapes of text copied from a PDF -----------------------------------------------------


def test_columns_lined_up_with_spaces_and_cells_wrapping(write):
    path = write(
        "No.  Recommendation                    Lead            RAG\n"
        "1    Refresh the escalation policy     Business unit   Green\n"
        "     and share it with every agency.\n"
        "2    Train GP practice staff on        ICB;            Amber\n"
        "     information-                      Police\n"
        "     sharing.\n",
        "plan.txt",
    )
    recs = data_of(path)["recommendations"]
    assert [(r["id"], r["recommendation"], r.get("lead"), r.get("rag")) for r in recs] == [
        (
            1,
            "Refresh the escalation policy and share it with every agency.\n",
            "Business unit",
            "green",
        ),
        (2, "Train GP practice staff on information-sharing.\n", ["ICB", "Police"], "amber"),
    ]


def test_a_markdown_table_and_a_repeated_header_after_a_form_feed(write):
    path = write(
        "| Ref | Recommendation | Lead |\n"
        "|-----|----------------|------|\n"
        "| 1 | Refresh the policy. | ICB |\n"
        "\f| Ref | Recommendation | Lead |\n"
        "| 2 | Train staff. | Police |\n",
        "plan.txt",
    )
    imported = import_plan(path, "plans/out.yaml")
    assert [(r["id"], r["lead"]) for r in imported.built.data["recommendations"]] == [
        (1, "ICB"),
        (2, "Police"),
    ]
    assert imported.built.repeated_headers == 1


def test_cells_flattened_with_slashes_keep_dates_whole(write):
    path = write(
        "No. / Recommendation / Date / Progress\n"
        "1 / Refresh the policy. / 31/03/2017 / Draft agreed.\n"
        "2 / Train staff. / June 2017 /\n",
        "plan.txt",
    )
    recs = data_of(path)["recommendations"]
    assert [(r["id"], r.get("target_date")) for r in recs] == [(1, "2017-03-31"), (2, "2017-06")]


# --- headers, headings, numbering -------------------------------------------------------------


def test_a_second_header_row_that_explains_the_columns_is_not_an_item(write):
    path = write(
        "Recommendation,Lead Agency,RAG\n"
        "What is the recommendation?,Which agency is responsible?,Red / Amber / Green\n"
        "Share risk information.,Police,Red\n",
        "plan.csv",
    )
    imported = import_plan(path, "plans/out.yaml")
    assert [r["recommendation"] for r in imported.built.data["recommendations"]] == [
        "Share risk information.\n"
    ]
    assert imported.built.explained == 1


def test_numbered_group_headings_are_sections_not_recommendations(tmp_path):
    path = docx_file(
        tmp_path / "plan.docx",
        [
            [
                ["Recommendation", "Lead", "When"],
                [{"text": "10.2 Health", "merge": "across"}, "", ""],
                ["10.2.1 GPs should record the household.", "Named GP, Bristol PCT", "Dec 07"],
                ["10.2.2 Health visitors should see fathers.", "Health visiting", "Jan 08"],
            ]
        ],
    )
    recs = data_of(path)["recommendations"]
    assert [(r["id"], r["other_columns"]) for r in recs] == [
        ("10.2.1", {"Section": "10.2 Health"}),
        ("10.2.2", {"Section": "10.2 Health"}),
    ]
    assert recs[0]["lead"] == "Named GP, Bristol PCT"  # one lead: a name and its organisation


def test_an_agency_heading_over_a_table_with_no_lead_column_is_the_lead(write):
    path = write(
        "No\tRecommendation\tTarget\nEssex Police\n1\tBrief officers.\tApril 2016\n"
        "2\tUpdate the training.\tMay 2016\nHealth\n3\tAudit assessments.\tJune 2016\n",
        "plan.txt",
    )
    recs = data_of(path)["recommendations"]
    assert [(r["id"], r["lead"]) for r in recs] == [
        (1, "Essex Police"),
        (2, "Essex Police"),
        (3, "Health"),
    ]


def test_several_actions_in_one_cell_become_separate_actions(write):
    path = write(
        "Recommendation\tAction\tLead\tTarget Date\n"
        "1. Escalate concerns.\t<p>a) Re-issue the procedure.</p><p>b) Add it to induction"
        " training.</p>\tSue Black, Bournemouth Borough Council, Tom Grey, Poole Borough"
        " Council\tImmediate\n",
        "plan.txt",
    )
    rec = data_of(path)["recommendations"][0]
    assert [(a["id"], a["action"], a["lead"], a["timescale"]) for a in rec["actions"]] == [
        ("1.1", "Re-issue the procedure.\n", LEADS, "Immediate"),
        ("1.2", "Add it to induction training.\n", LEADS, "Immediate"),
    ]


LEADS = ["Sue Black, Bournemouth Borough Council", "Tom Grey, Poole Borough Council"]


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        ("Sue Black, Bournemouth Borough Council, Tom Grey, Poole Borough Council", LEADS),
        ("Named GP, Bristol PCT", "Named GP, Bristol PCT"),
        ("Police, Health, Education", ["Police", "Health", "Education"]),
        (
            "Head of Education Safeguarding, Thurrock Council",
            "Head of Education Safeguarding, Thurrock Council",
        ),
        ("Smith, Jane", "Smith, Jane"),
    ],
)
def test_lead_cells_give_one_lead_per_name_and_organisation(write, cell, leads):
    path = write(f'Recommendation,Lead\nRefresh the policy.,"{cell}"\n', "plan.csv")
    assert data_of(path)["recommendations"][0]["lead"] == leads


# --- status keys --------------------------------------------------------------------------------


def test_numeric_categories_are_read_by_the_key_below_the_table():
    imported = import_plan(LAYOUTS / "stockton.xlsx", "plans/s.yaml")
    built = imported.built
    assert built.key == [
        ("1", "Achieved", "evidence shows full implementation", "blue"),
        ("2", "On track", "", "green"),
        ("3", "Slipped", "new date and reason required", "amber"),
        ("4", "Not achieved", "", "red"),
    ]
    assert built.levels == 4
    # The key is the plan's own, and each item's level is the one its cell writes.
    assert built.data["rag_key"]["levels"][0] == {
        "name": 1,
        "label": "Achieved: evidence shows full implementation",
        "colour": "blue",
        "means": "complete",
    }
    assert [lv["means"] for lv in built.data["rag_key"]["levels"][1:]] == [
        "on track",
        "needs monitoring",
        "off track",
    ]
    first = built.data["recommendations"][0]
    assert first["rag"] == 1
    assert "other_columns" not in first
    # No evidence column: the progress of an achieved item is its evidence, marked to check.
    assert "progress" not in first
    assert first["evidence"].startswith("Toolkit audit completed")
    assert "# Check: the source marks this complete and has no evidence column" in imported.text
    messages = [c.message for _, c in imported.checks]
    assert any(
        m.startswith("the plan's own key (sheet 'Plan', rows 11 to 15) was read") for m in messages
    )


def test_without_a_key_a_number_is_not_guessed(write):
    path = write("No,Recommendation,Assessment 1-4\n1,Refresh the policy.,2\n", "plan.csv")
    rec = data_of(path)["recommendations"][0]
    assert "rag" not in rec
    assert rec["other_columns"] == {"Assessment 1-4": "2"}


@pytest.mark.parametrize(
    ("status", "rag"),
    [
        ("On track", "green"),
        ("Slipped", "amber"),
        ("Not achieved", "red"),
        ("Fully achieved", "blue"),
    ],
)
def test_status_words_are_read_and_kept(write, status, rag):
    path = write(
        f"No,Recommendation,Status,Evidence\n1,Refresh the policy.,{status},Minutes\n", "plan.csv"
    )
    rec = data_of(path)["recommendations"][0]
    assert rec["rag"] == rag
    assert rec["other_columns"] == {"Status": status}


def test_a_colour_key_above_the_table_is_not_the_summary():
    built = import_plan(LAYOUTS / "thurrock.txt", "plans/t.yaml").built
    assert "summary" not in built.data
    assert [level.colour for level in built.key] == ["red", "amber", "green", "blue"]
    assert built.key[0].meaning == "Progress not on track - remedial action required"


def test_an_old_excel_workbook():
    """bournemouth.xls was saved by LibreOffice from bournemouth.xlsx (see make.py)."""
    old = data_of(LAYOUTS / "bournemouth.xls")
    assert comparable(old) == comparable(expected_plan("bournemouth"))
    assert comparable(old) == comparable(data_of(LAYOUTS / "bournemouth.xlsx"))


# --- the account of every cell ----------------------------------------------------------------


def test_json_accounts_for_every_row_and_the_text_not_placed(run, write):
    path = write(
        "Child Q action plan\n"
        "Recommendation,Lead,RAG\n"
        "Refresh the policy.,ICB,Amber/Green\n"
        ",,\n"
        "Health\n"
        "Notes,for the chair\n",
        "plan.csv",
    )
    result = run("import", path, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    account = json.loads(result.stdout)
    assert account["written"] is None
    assert account["plan"].startswith("# yaml-language-server:")
    assert account["items"] == [
        {
            "ref": "1",
            "kind": "recommendation",
            "path": ["recommendations", 0],
            "source": ["line 3"],
            "checks": [
                'the RAG cell says "Amber/Green", which is not red, amber, green or blue; it is '
                'kept under "RAG": set rag by hand (source: line 3)'
            ],
        },
        {
            "ref": "2",
            "kind": "recommendation",
            "path": ["recommendations", 1],
            "source": ["line 6"],
        },
    ]
    assert account["rows"] == [
        {"where": "line 2", "became": "the header row"},
        {"where": "line 3", "became": "recommendation 1"},
        {"where": "line 5", "became": "a heading: kept as the section of the rows under it"},
        {"where": "line 6", "became": "recommendation 2"},
    ]
    assert account["summary"] == {
        "items": 2,
        "doubtful": 1,
        "reasons": {"with a RAG that could not be read for certain": 1},
    }
    assert [c["line"] for c in account["checks"]][-1] is not None


def test_json_lists_a_table_that_is_not_the_plan_as_not_placed(tmp_path):
    path = docx_file(
        tmp_path / "plan.docx",
        [
            [["Recommendation", "Lead"], ["Refresh the policy.", "ICB"]],
            [["Signed", "Chair", "Date"], ["J Smith", "Board chair", "1 May"]],
        ],
    )
    account = import_plan(path, "plans/out.yaml").account()
    assert account["not_placed"][:2] == [
        {
            "where": "table 2, row 1",
            "column": "column 1",
            "text": "Signed",
            "why": "a row of another table",
        },
        {
            "where": "table 2, row 1",
            "column": "column 2",
            "text": "Chair",
            "why": "a row of another table",
        },
    ]
    assert len(account["not_placed"]) == 6


def test_json_writes_the_plan_when_asked(run, csv_file, tmp_path):
    out = tmp_path / "plans" / "q.yaml"
    result = run("import", csv_file, "-o", out, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["written"] == str(out)
    assert out.read_text(encoding="utf-8") == json.loads(result.stdout)["plan"]


@pytest.fixture
def csv_file(write):
    return write("Recommendation,Lead\nRefresh the policy.,ICB\n", "plan.csv")


def test_a_number_column_with_no_heading(tmp_path):
    path = xlsx_file(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                [None, "Recommendation", "Lead"],
                [7, "Refresh the policy.", "ICB"],
                [8, "Train staff.", "Police"],
            ]
        },
    )
    assert [r["id"] for r in data_of(path)["recommendations"]] == [7, 8]


def test_a_sign_off_row_is_flagged_not_an_item(write):
    path = write(
        "Recommendation,Lead\nRefresh the policy.,ICB\nSigned: Chair of the board,12/05/2017\n",
        "plan.csv",
    )
    imported = import_plan(path, "plans/out.yaml")
    assert len(imported.built.data["recommendations"]) == 1
    assert imported.checks[0][1].message == (
        "the row 'Signed: Chair of the board 12/05/2017' (line 3) looks like a sign-off, not an "
        "item, and was not imported: copy it into the summary if it matters"
    )
    assert imported.account()["not_placed"][0] == {
        "where": "line 3",
        "column": "column 1",
        "text": "Signed: Chair of the board",
        "why": "a sign-off row",
    }


def test_several_actions_in_the_cell_of_a_numbered_row_are_numbered_under_it(write):
    path = write(
        "No\tAction\tLead\n1\tRefresh the policy.\tICB\n"
        "2\t<p>1. Brief officers.</p><p>2. Train staff.</p>\tPolice\n",
        "plan.txt",
    )
    recs = data_of(path)["recommendations"]
    assert [(r["id"], r["recommendation"], r["lead"]) for r in recs] == [
        (1, "Refresh the policy.\n", "ICB"),
        ("2.1", "Brief officers.\n", "Police"),
        ("2.2", "Train staff.\n", "Police"),
    ]
