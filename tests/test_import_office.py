"""Importing Word, Excel and CSV plans, each file built in the test with python-docx/openpyxl."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from office import docx_file, xlsx_file
from scrplan.importer import import_plan

WORD_HEAD = ["Recommendation", "Action(s)", "Lead", "When", "Progress/Comment", "RAG Status"]


@pytest.fixture
def word_plan(tmp_path):
    """Merged recommendation cells, shaded RAG cells, a table split in two (the header
    repeated) and a third table that carries on a row split by a page break, a heading row
    merged across the table, free-text dates."""
    return docx_file(
        tmp_path / "child-q.docx",
        [
            "Northshire Safeguarding Children Partnership",
            "Review: Child Q Serious Case Review",
            "The board agreed this plan in July 2017.",
            [
                WORD_HEAD,
                [
                    {
                        "text": "1. Seek assurance that health and education share information.",
                        "merge": "down",
                    },
                    "1.1 Audit transfer records",
                    "ICB",
                    "31st March 2017",
                    "12/01/2017 - Audit started.\nHalf the sample audited.",
                    {"text": "", "fill": "FFC000"},
                ],
                [
                    "",
                    "1.2 Brief school safeguarding leads",
                    "Education\nICB",
                    "Jan 08",
                    "",
                    {"text": "", "fill": "00B050"},
                ],
                [
                    "2. Refresh the escalation policy.",
                    "Draft the revised policy",
                    "Business unit",
                    "Immediate",
                    "",
                    {"text": "Red", "fill": "00B050"},
                ],
            ],
            [
                WORD_HEAD,
                [
                    "3. Police attend every strategy meeting.",
                    "Attend in person or by video",
                    "Police",
                    "March 2017 (revised from January)",
                    "Attendance audited in",
                    "",
                ],
            ],
            [
                ["", "", "", "", "February: 80% of meetings.", ""],
                [{"text": "Health", "merge": "across"}, "", "", "", "", ""],
                [
                    "4. Train GP practice staff.",
                    "Deliver training",
                    "ICB",
                    "Ongoing",
                    "",
                    {"text": "", "fill": "7030A0"},
                ],
            ],
        ],
    )


def test_word_plan(run, word_plan, tmp_path):
    out = tmp_path / "plans" / "child-q.yaml"
    result = run("import", word_plan, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (
        out.read_text(encoding="utf-8")
        == """\
# yaml-language-server: $schema=../schemas/action-plan.schema.json
#
# Imported by scrplan from child-q.docx. Compare it with the source, then delete each
# "Check:" comment once it is dealt with.

# Check: title and partnership read from the text above the table; review and subject
# worked out from the title: check them
title: Child Q Serious Case Review
partnership: Northshire Safeguarding Children Partnership
review: Serious Case Review
subject: Child Q
summary: >
  The board agreed this plan in July 2017.

recommendations:
  - id: 1
    recommendation: >
      Seek assurance that health and education share information.
    actions:
      - id: "1.1"
        action: >
          Audit transfer records
        lead: ICB
        target_date: 2017-03-31
        rag: amber
        progress:
          - note: >
              Audit started.
            date: 2017-01-12
          - note: >
              Half the sample audited.
      - id: "1.2"
        action: >
          Brief school safeguarding leads
        lead: [Education, ICB]
        target_date: 2008-01
        rag: green

  - id: 2
    recommendation: >
      Refresh the escalation policy.
    actions:
      - id: "2.1"
        action: >
          Draft the revised policy
        lead: Business unit
        timescale: Immediate
        # Check: the RAG cell says red but is coloured green (#00B050); the text was used
        # (source: table 1, row 4)
        rag: red

  - id: 3
    recommendation: >
      Police attend every strategy meeting.
    actions:
      - id: "3.1"
        action: >
          Attend in person or by video
        lead: Police
        # Check: the target "March 2017 (revised from January)" holds a date among other
        # words, so it is kept as the timescale: put the date in target_date (YYYY-MM-DD)
        # if it is the target (source: table 2, row 2, continued at table 3, row 1)
        timescale: March 2017 (revised from January)
        progress:
          - note: >
              Attendance audited in February: 80% of meetings.

  - id: 4
    recommendation: >
      Train GP practice staff.
    other_columns:
      Section: Health
    actions:
      # Check: the RAG cell's colour (#7030A0) is not red, amber, green or blue: set rag
      # by hand (source: table 3, row 3)
      - id: "4.1"
        action: >
          Deliver training
        lead: ICB
        timescale: Ongoing
"""
    )
    assert result.stderr == (
        "Read 5 rows from 3 tables; dropped 1 repeated header row; rejoined 1 row split by page "
        "breaks; read 2 RAG colours from cell shading.\n"
        "Columns:\n"
        "  Recommendation     recommendation\n"
        "  Action(s)          action\n"
        "  Lead               lead\n"
        "  When               target_date, or timescale when it is not a date\n"
        "  Progress/Comment   progress (a note for each paragraph)\n"
        "  RAG Status         rag (from the text, or the cell's colour)\n"
        f"Wrote {out}: 4 recommendations, 5 actions, 3 progress notes.\n"
        "4 things to check, marked # Check: in the plan:\n"
        f"  {out}:8: title and partnership read from the text above the table; review and "
        "subject worked out from the title: check them\n"
        f"  {out}:50: the RAG cell says red but is coloured green (#00B050); the text was used "
        "(source: table 1, row 4)\n"
        f'  {out}:63: the target "March 2017 (revised from January)" holds a date among other '
        "words, so it is kept as the timescale: put the date in target_date (YYYY-MM-DD) if it "
        "is the target (source: table 2, row 2, continued at table 3, row 1)\n"
        f"  {out}:76: the RAG cell's colour (#7030A0) is not red, amber, green or blue: set rag "
        "by hand (source: table 3, row 3)\n"
        "3 of 9 items are doubtful: 2 with a RAG that could not be read for certain; 1 with a "
        "target that is not a plain date.\n"
    )
    assert run("validate", out).exit_code == 0


def data_of(path, **options):
    return import_plan(path, "plans/out.yaml", **options).built.data


ORDERED = [
    ["Ref", "Recommendation", "Lead Agency", "Target Date", "Progress", "RAG"],
    [
        "1",
        "Refresh the escalation policy.",
        "Business unit",
        "31/03/2017",
        "Draft agreed.",
        "Green",
    ],
    ["1.1", "Draft the policy.", "Policy lead", "Jan 17", "", "Amber"],
    ["2", "Train GP practice staff.", "ICB", "Ongoing", "Sessions booked.", ""],
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(6)))[::97])
def test_column_order_does_not_matter(tmp_path, order):
    rows = [[row[i] for i in order] for row in ORDERED]
    data = data_of(docx_file(tmp_path / "plan.docx", [rows]))
    assert data["recommendations"] == [
        {
            "id": 1,
            "recommendation": "Refresh the escalation policy.\n",
            "lead": "Business unit",
            "target_date": "2017-03-31",
            "progress": [{"note": "Draft agreed.\n"}],
            "actions": [
                {
                    "id": "1.1",
                    "action": "Draft the policy.\n",
                    "lead": "Policy lead",
                    "target_date": "2017-01",
                    "rag": "amber",
                }
            ],
        },
        {
            "id": 2,
            "recommendation": "Train GP practice staff.\n",
            "lead": "ICB",
            "timescale": "Ongoing",
            "progress": [{"note": "Sessions booked.\n"}],
        },
    ]


def test_recommendations_rag_comes_from_its_actions(tmp_path):
    result = import_plan(docx_file(tmp_path / "plan.docx", [ORDERED]), "plans/out.yaml")
    # The source rated recommendation 1 green; its only action is amber.
    assert "# Check: the source rates this recommendation green; scrplan takes its RAG" in (
        result.text
    )


@pytest.fixture
def numbered_workbook(tmp_path):
    """A title row merged across the sheet, columns in another order and wording, numbered
    sub-rows (7.1, 10.1.2), a lead merged down two rows, RAG as fills (solid, indexed and
    theme colours), real Excel dates (one shown as a month), and a notes sheet."""
    return xlsx_file(
        tmp_path / "child-q.xlsx",
        {
            "Plan": [
                ["Child Q SCR action plan"],
                [],
                [
                    "RAG",
                    "No.",
                    "Recommendation",
                    "Responsibility",
                    "Timescale",
                    "Agency response",
                    "Evidence/Outcome",
                    "Key milestones",
                ],
                [None, 7, "Refresh the escalation policy", "Business unit", "Immediate"],
                [
                    {"value": None, "fill": "92D050"},
                    7.1,
                    "Draft the policy",
                    "Policy lead",
                    dt.date(2017, 3, 31),
                    "Draft circulated 1/2/17",
                    None,
                    "Draft by March",
                ],
                [
                    {"value": "Blue", "fill": "0070C0"},
                    "7.2",
                    "Brief agencies",
                    None,
                    {"value": dt.date(2008, 1, 1), "format": "mmm-yy"},
                    None,
                    "Briefing notes and attendance list",
                ],
                [
                    {"value": None, "theme": 5},
                    8,
                    "Train GP staff",
                    "ICB",
                    "Ongoing",
                    "Training plan agreed.\nFirst sessions booked.",
                ],
                [{"value": None, "indexed": 10}, "10.1.2", "Audit CP procedures", "CSC", "Q3 2017"],
            ],
            "Notes": [["Colours: red = off track"], ["Updated monthly"]],
        },
        merge=[("Plan", "A1:H1"), ("Plan", "D5:D6")],
    )


def test_excel_plan_with_numbered_sub_rows(run, numbered_workbook):
    result = run("import", numbered_workbook, "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == """\
# yaml-language-server: $schema=../schemas/action-plan.schema.json
#
# Imported by scrplan from child-q.xlsx. Compare it with the source, then delete each
# "Check:" comment once it is dealt with.
# Check: 2 rows from sheet 'Notes', row 1 on were not imported: they are not part of the
# table (they do not have its columns), and begin 'Colours: red = off track'. Copy
# anything that belongs in the plan by hand

# Check: title read from the text above the table; review and subject worked out from the
# title: check them
title: Child Q SCR action plan
review: Serious Case Review
subject: Child Q

recommendations:
  - id: 7
    recommendation: >
      Refresh the escalation policy
    lead: Business unit
    timescale: Immediate
    actions:
      - id: "7.1"
        action: >
          Draft the policy
        lead: Policy lead
        target_date: 2017-03-31
        rag: green
        progress:
          - note: >
              Draft circulated 1/2/17
        other_columns:
          Key milestones: Draft by March
      - id: "7.2"
        action: >
          Brief agencies
        lead: Policy lead
        target_date: 2008-01
        rag: blue
        evidence: >
          Briefing notes and attendance list

  # Check: the RAG cell is shaded with a theme colour scrplan cannot read: set rag by hand
  # (source: sheet 'Plan', row 7)
  - id: 8
    recommendation: >
      Train GP staff
    lead: ICB
    timescale: Ongoing
    progress:
      - note: >
          Training plan agreed.
      - note: >
          First sessions booked.

  - id: "10.1.2"
    recommendation: >
      Audit CP procedures
    lead: CSC
    timescale: Q3 2017
    rag: red
"""
    )
    assert result.stderr.startswith(
        "Read 5 rows from 2 worksheets; read 2 RAG colours from cell shading.\n"
        "Columns:\n"
        "  RAG                rag (from the text, or the cell's colour)\n"
        "  No.                the item's number\n"
        "  Recommendation     recommendation\n"
        "  Responsibility     lead\n"
        "  Timescale          target_date, or timescale when it is not a date\n"
        "  Agency response    progress (a note for each paragraph)\n"
        "  Evidence/Outcome   evidence\n"
        "  Key milestones     other_columns (no field matches this heading; kept word for word)\n"
        "The plan has: 3 recommendations, 2 actions, 3 progress notes.\n"
        "3 things to check, marked # Check: in the plan:\n"
        "  at the top: 2 rows from sheet 'Notes', row 1 on were not imported"
    )


def test_excel_recommendation_merged_over_its_actions(tmp_path):
    """The DHR layout: each recommendation merged down beside its actions; a second lead
    column; completion dates and outcomes in one column; R/A/G as letters."""
    head = [
        "Recommendation",
        "Scope (local/regional/national)",
        "Action to be taken",
        "Lead Agency",
        "Agency Lead Person",
        "Target date",
        "Progress indicator (R/A/G)",
        "Agency response",
        "Date of completion and outcome",
    ]
    path = xlsx_file(
        tmp_path / "dhr.xlsx",
        {
            "DHR": [
                head,
                [
                    "Agencies should share risk information at MARAC.",
                    "Local",
                    "Refresh MARAC guidance",
                    "Community Safety Partnership",
                    "MARAC chair",
                    dt.date(2017, 6, 30),
                    "B",
                    "Guidance refreshed.",
                    "12/03/2017 Guidance published and briefed to 300 staff",
                ],
                [
                    None,
                    "Local",
                    "Audit MARAC referrals",
                    "Police",
                    "DI Smith",
                    "September 2017",
                    "A",
                ],
                [
                    None,
                    "Local",
                    "Report to the board",
                    "CSP",
                    None,
                    "Dec-17",
                    "G",
                    None,
                    "Completed 01/12/2017",
                ],
                [
                    "GPs should ask about domestic abuse.",
                    "National",
                    "Write to NHS England",
                    "CCG",
                    None,
                    "Immediate",
                    "Red",
                ],
            ]
        },
        merge=[("DHR", "A2:A4")],
    )
    result = import_plan(path, "plans/dhr.yaml")
    recs = result.built.data["recommendations"]
    assert [(r["id"], [a["id"] for a in r["actions"]]) for r in recs] == [
        (1, ["1.1", "1.2", "1.3"]),
        (2, ["2.1"]),
    ]
    first = recs[0]["actions"][0]
    assert first["rag"] == "blue"
    assert first["completed"] == "2017-03-12"
    assert first["evidence"] == "Guidance published and briefed to 300 staff\n"
    assert first["other_columns"] == {
        "Scope (local/regional/national)": "Local",
        "Agency Lead Person": "MARAC chair",
    }
    assert [a.get("rag") for a in recs[0]["actions"]] == ["blue", "amber", "green"]
    assert recs[0]["actions"][2]["completed"] == "2017-12-01"
    # Completed but green: validate warns, so the import marks it.
    assert "# Check: action 1.3 has a `completed` date but its RAG is green" in result.text
    report = result.report("plans/dhr.yaml")
    assert (
        "  Agency Lead Person                other_columns (it looks like lead too, but an "
        "earlier column is used for that)\n" in report
    )


def test_csv_from_excel_in_windows_encoding(tmp_path):
    """Semicolons between cells, Windows-1252 text, a row without a number in a numbered
    table, and a RAG that is not one colour."""
    path = tmp_path / "plan.csv"
    path.write_bytes(
        "Learning point;Recommendation;Lead;Target Date;RAG Status\r\n"
        "1. Practitioners need supervision;Seek assurance on supervision;CSC;Mar-17;Amber/Green\r\n"
        ";Review the supervision policy \u2014 caf\xe9 sessions;CSC;;\r\n"
        "2. Schools were not told;Tell schools after DART meetings;Police;Jan 08;Green\r\n".encode(
            "cp1252"
        )
    )
    result = import_plan(path, "plans/plan.yaml")
    recs = result.built.data["recommendations"]
    assert [r["id"] for r in recs] == [1, "1a", 2]
    assert recs[0]["target_date"] == "2017-03"
    assert "rag" not in recs[0]
    assert recs[0]["other_columns"] == {"RAG Status": "Amber/Green"}
    assert recs[1]["recommendation"] == "Review the supervision policy \u2014 caf\xe9 sessions\n"
    assert recs[2] == {
        "id": 2,
        "learning": "Schools were not told\n",
        "recommendation": "Tell schools after DART meetings\n",
        "lead": "Police",
        "target_date": "2008-01",
        "rag": "green",
    }
    messages = [check.message for _, check in result.checks]
    assert messages[1:] == [
        'the RAG cell says "Amber/Green", which is not red, amber, green or blue; it is kept '
        'under "RAG Status": set rag by hand (source: line 2)',
        "this row has no number in the source; it is numbered 1a here (source: line 3)",
    ]


def test_a_table_without_numbers_is_numbered_in_order(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text(
        "Recommendation\tLead\tProgress\n"
        "Refresh the policy.\tBusiness unit\tDraft agreed.\n"
        "Train GP staff.\tICB\t\n"
        "Audit referrals.\tPolice\t\n",
        encoding="utf-8",
    )
    result = import_plan(path, "plans/plan.yaml")
    assert [r["id"] for r in result.built.data["recommendations"]] == [1, 2, 3]
    assert [c.message for _, c in result.checks] == [
        "no title was found in the file, so the plan is named after the file: give it a title"
    ]


def test_complete_without_evidence_is_not_rated_and_marked(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("No,Recommendation,RAG\n1,Refresh the policy.,Blue\n", encoding="utf-8")
    result = import_plan(path, "plans/plan.yaml")
    assert "rag" not in result.built.data["recommendations"][0]
    assert (
        "  # Check: the source marks this complete (blue) but gives no evidence, and scrplan needs\n"
        "  # evidence for anything complete: add `evidence:`, then `rag: blue` (source: line 2)\n"
        "  - id: 1\n"
    ) in result.text


def test_a_row_with_no_text_of_its_own_is_added_to_the_item_above(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "No,Recommendation,Progress,Evidence\n"
        "1,Refresh the policy.,Draft agreed.,\n"
        ",,Approved by the board.,Minutes of 3 May\n"
        "Health,Health,Health,Health\n",
        encoding="utf-8",
    )
    result = import_plan(path, "plans/plan.yaml")
    assert result.built.data["recommendations"] == [
        {
            "id": 1,
            "recommendation": "Refresh the policy.\n",
            "progress": [{"note": "Draft agreed.\n"}, {"note": "Approved by the board.\n"}],
            "evidence": "Minutes of 3 May\n",
        }
    ]
    assert [c.message for _, c in result.checks] == [
        "the row 'Health' (line 4) has no rows under it and was not imported",
        "no title was found in the file, so the plan is named after the file: give it a title",
        "a row with no text of its own (line 3) was added to this item (source: line 2)",
    ]


def test_a_hidden_worksheet_is_not_read_and_is_listed(tmp_path):
    import openpyxl

    path = xlsx_file(
        tmp_path / "plan.xlsx",
        {
            "Plan": [["Recommendation", "Lead"], ["Refresh the policy.", "ICB"]],
            "Old": [["Recommendation", "Lead"], ["Superseded.", "ICB"]],
        },
    )
    book = openpyxl.load_workbook(path)
    book["Old"].sheet_state = "hidden"
    book.save(path)
    result = import_plan(path, "plans/plan.yaml")
    assert len(result.built.data["recommendations"]) == 1
    assert result.checks[0][1].message == "the hidden worksheet 'Old' was not read"
    assert "# Check: the hidden worksheet 'Old' was not read\n" in result.text
