"""The import's small readers: column headings, dates, RAG, numbers, damaged text, cells."""

from __future__ import annotations

import pytest

from scrplan.importer import values
from scrplan.importer.build import _join
from scrplan.importer.columns import field_for, is_header, map_columns
from scrplan.importer.read_text import cell, read_text
from scrplan.importer.table import SourceCell as Cell


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Learning or Improvement Point", "learning"),
        ("Learning/Improvement Point", "learning"),
        ("Lessons learned", "learning"),
        ("Recommendation", "recommendation"),
        ("Recommendations", "recommendation"),
        ("SCR Recommendation", "recommendation"),
        ("Action(s)", "action"),
        ("Action to be taken", "action"),
        ("Actions", "action"),
        ("Lead", "lead"),
        ("Lead Agency", "lead"),
        ("Agency Lead Person", "lead"),
        ("Lead Person(s)", "lead"),
        ("Responsibility", "lead"),
        ("Agency", "lead"),
        ("Target Date", "target"),
        ("When", "target"),
        ("Timescale", "target"),
        ("Date", "target"),
        ("Target completion date", "target"),
        ("Progress/Comment", "progress"),
        ("Progress", "progress"),
        ("Agency response", "progress"),
        ("Update on progress", "progress"),
        ("Evidence/Outcome", "evidence"),
        ("Outcome", "evidence"),
        ("Evidence of impact", "evidence"),
        ("Date of completion and outcome", "completion"),
        ("Date completed", "completed"),
        ("RAG Status", "rag"),
        ("RAG", "rag"),
        ("BRAG rating", "rag"),
        ("Progress indicator", "rag"),
        ("Progress indicator (R/A/G)", "rag"),
        ("Status", "rag"),
        ("No.", "number"),
        ("Ref", "number"),
        ("Rec No", "number"),
        ("#", "number"),
        ("Scope (local/regional/national)", None),
        ("Key milestones", None),
        # Numeric status categories are the plan's RAG (their key says what each means).
        ("Assessment 1-4", "rag"),
        ("Assessment of progress Categories 1 - 4", "rag"),
        ("Progress assessment", "rag"),
        # The main word decides, not the first field word in it.
        ("Agency response to recommendations", "progress"),
        ("Progress against actions", "progress"),
        ("Lead for each action", "lead"),
        ("", None),
    ],
)
def test_headings(heading, field):
    assert field_for(heading)[0] == field


def test_each_field_gets_one_column_the_rest_are_kept():
    columns = map_columns(["Lead Agency", "Recommendation", "Agency Lead Person", "Scope", ""])
    assert columns.fields == {0: "lead", 1: "recommendation"}
    assert columns.doubles == {2: "lead"}
    assert columns.others == {2: "Agency Lead Person", 3: "Scope", 4: "Column 5"}


def test_an_exact_heading_beats_a_word_in_another():
    columns = map_columns(["Progress reported by agencies", "Progress", "Recommendation"])
    assert columns.fields == {1: "progress", 2: "recommendation"}
    assert columns.doubles == {0: "progress"}


@pytest.mark.parametrize(
    ("texts", "header"),
    [
        (
            ["Learning or Improvement Point", "Recommendation", "Progress/Comment", "RAG Status"],
            True,
        ),
        (["No.", "Action", "Lead"], True),
        (["Recommendation", ""], False),  # one heading is not a header row
        (["Lead", "Target date"], False),  # no recommendation or action column
        (["1", "Refresh the escalation policy.", "Police", "Red"], False),
        (["Recommendation", "Progress: " + "the audit has started and " * 4], False),
    ],
)
def test_header_rows(texts, header):
    assert is_header(texts) is header


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31/03/2017", "2017-03-31"),
        ("31.03.17", "2017-03-31"),
        ("1/4/2017", "2017-04-01"),
        ("2017-03-31", "2017-03-31"),
        ("31st March 2017", "2017-03-31"),
        ("31 Mar 2017", "2017-03-31"),
        ("March 31, 2017", "2017-03-31"),
        ("March 2017", "2017-03"),
        ("Jan 08", "2008-01"),
        ("Jan-08", "2008-01"),
        ("Sept 2016", "2016-09"),
        ("03/2017", "2017-03"),
        ("2017-03", "2017-03"),
        ("by 31st March 2017", "2017-03-31"),
        ("End of March 2017.", "2017-03"),
        ("Immediate", None),
        ("Ongoing", None),
        ("Q1 2017", None),
        ("2017/18", None),
        ("2017", None),
        ("31/02/2017", None),  # no such day
        ("May 2016 (revised)", None),
        ("Marching 2017", None),
        ("", None),
    ],
)
def test_read_date(text, date):
    assert values.read_date(text) == date


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("12/01/2017 - Audit started.", ("2017-01-12", "Audit started.")),
        ("12/01/2017 Audit started.", ("2017-01-12", "Audit started.")),
        ("March 2017: half the sample audited.", ("2017-03", "half the sample audited.")),
        ("28.02.17 \u2013 case study used", ("2017-02-28", "case study used")),
        ("March 2017 saw the audit start.", None),  # a month needs a separator
        ("The SCR was used on 28.02.17.", None),
        ("12/01/2017", None),  # a date with no note
    ],
)
def test_leading_date(text, found):
    assert values.leading_date(text) == found


def test_holds_a_date():
    assert values.holds_a_date("March 2017 (revised from January)")
    assert values.holds_a_date("by 31/03/2017 or sooner")
    assert not values.holds_a_date("Ongoing, reviewed quarterly")


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("Red", "red"),
        ("R", "red"),
        ("AMBER", "amber"),
        ("a", "amber"),
        ("Green - on track", "green"),
        ("G.", "green"),
        ("Blue", "blue"),
        ("Completed", "blue"),
        ("RAG: Red", "red"),
        ("Amber/Green", None),
        ("Red-Amber", None),
        ("Not started", None),
        ("Greenwich", None),
    ],
)
def test_rag_from_text(text, colour):
    assert values.rag_from_text(text) == colour


@pytest.mark.parametrize(
    ("fill", "colour"),
    [
        ("FF0000", "red"),
        ("C00000", "red"),
        ("FFC7CE", "red"),  # Excel's light red "Bad" style
        ("FFC000", "amber"),
        ("FFFF00", "amber"),
        ("FFEB9C", "amber"),
        ("92D050", "green"),
        ("00B050", "green"),
        ("C6EFCE", "green"),
        ("00B0F0", "blue"),
        ("0070C0", "blue"),
        ("FFFFFF", None),
        ("D9D9D9", None),
        ("000000", None),
        ("7030A0", None),  # purple: no RAG colour
        ("zzzzzz", None),
    ],
)
def test_rag_from_fill(fill, colour):
    assert values.rag_from_fill(fill) == colour


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("1. Ensure that all", ("1", "Ensure that all")),
        ("7.1 Draft the policy", ("7.1", "Draft the policy")),
        ("10.1.2. Audit", ("10.1.2", "Audit")),
        ("7a) Brief leads", ("7a", "Brief leads")),
        ("(3) Train staff", ("3", "Train staff")),
        ("Recommendation 3: Train staff", ("3", "Train staff")),
        ("2005 records were reviewed", None),
        ("No one was told", None),
        ("Ensure that all", None),
    ],
)
def test_leading_number(text, found):
    assert values.leading_number(text) == found


def test_whole_number_and_parents():
    assert [values.whole_number(t) for t in ["7", "7.1.", "Rec 3", "R1", "N/A"]] == [
        "7",
        "7.1",
        "3",
        "1",
        None,
    ]
    assert values.parent_numbers("10.1.2") == ["10.1", "10"]
    assert values.parent_numbers("7a") == ["7"]
    assert values.parent_numbers("7") == []


def test_a_passage_written_twice_is_written_once():
    once = "All front line officers have received DA training as part of Operation Sentinel."
    text = f"{once} Locally, officers {once} Locally, officers and BST attend."
    assert values.remove_repeat(text) == (
        f"{once} Locally, officers and BST attend.",
        f"{once} Locally, officers",
    )
    # Short repeats are ordinary prose.
    assert values.remove_repeat("the audit and the audit and the audit found gaps") is None


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        (
            "Timescales are monitored via reporting to the Improvement Board (IB),",
            "...to the Improvement Board (IB),",
        ),
        (
            "Health practitioners should understand their role and",
            "...should understand their role and",
        ),
        ("The policy was agreed.", None),
        ("Training delivered", None),
    ],
)
def test_cut_off(text, tail):
    assert values.cut_off(text) == tail


# --- cells and rows -----------------------------------------------------------------------------


def test_text_cells():
    assert cell("<p>One &amp; two.</p> <p>Three.</p>").paragraphs == ["One & two.", "Three."]
    assert cell("plain  text\u00a0here ").paragraphs == ["plain text here"]
    assert cell("<p>in</p> and out").paragraphs == ["in", "and out"]
    assert cell("").paragraphs == []


def test_text_reader_marks_page_breaks():
    text = (
        "Heading\r\n\r\nNo\tRecommendation\r\n1\tFirst\r\n\r\nNo\tRecommendation\r\n\tmore\r\n"
        "Signed"
    )
    doc = read_text(text.encode("utf-16"), "plan.txt")
    assert doc.preamble == ["Heading"]
    assert doc.postscript == ["Signed"]
    assert [(r.texts, r.where, r.break_before) for r in doc.rows] == [
        (["No", "Recommendation"], "line 3", True),
        (["1", "First"], "line 4", False),
        (["No", "Recommendation"], "line 6", True),
        (["", "more"], "line 7", False),
    ]


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        (
            ["strategy meetings were taking place"],
            ["'face to face' although"],
            ["strategy meetings were taking place 'face to face' although"],
        ),
        (
            ["monthly leadership meetings"],
            ["and quarterly meetings."],
            ["monthly leadership meetings and quarterly meetings."],
        ),
        (
            ["Mental Health"],
            ["Services, and GMC's guidance"],
            ["Mental Health Services, and GMC's guidance"],
        ),
        (
            ["A, B.", "lessons learned."],
            ["GMC guidance was sent.", "Training"],
            ["A, B.", "lessons learned.", "GMC guidance was sent.", "Training"],
        ),
        ([], ["Abuse Referral Team"], ["Abuse Referral Team"]),
        (["Whole."], [], ["Whole."]),
    ],
)
def test_halves_of_a_split_cell(before, after, joined):
    assert _join(Cell(before), Cell(after)).paragraphs == joined


# --- any table: a plan that validates, or a plain refusal; never a crash ------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scrplan.importer import Unreadable, import_plan  # noqa: E402

HEADINGS = [
    "Recommendation",
    "Action(s)",
    "Lead",
    "Lead Agency",
    "Target date",
    "Progress",
    "RAG",
    "No.",
    "Learning point",
    "Evidence/Outcome",
    "Date completed",
    "Scope",
    "Date of completion and outcome",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            *HEADINGS,
            "Health",
            "1",
            "1.1",
            "2",
            "7.1",
            "10.1.2",
            "1. Do this.",
            "2.1 Do that",
            "Red",
            "Blue",
            "Amber/Green",
            "31/03/2017",
            "Jan 08",
            "Immediate",
            "Completed 01/12/2017",
            "12/01/2017 - Audit started.",
            "and the rest",
            "Police; ICB",
            "",
            "",
            "",
        ]
    ),
    st.text(max_size=30),
)
TABLES = st.tuples(
    st.sampled_from(["Recommendation", "Action(s)"]),
    st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=5, unique=True),
    st.lists(st.lists(CELLS, min_size=1, max_size=7), min_size=0, max_size=8),
).map(lambda t: [[t[0], *t[1]], *t[2]])
imported_count = []


@pytest.mark.slow
@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TABLES)
def test_any_table_imports_as_a_valid_plan_or_is_refused(tmp_path, rows):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "any.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        imported = import_plan(path, "plans/any.yaml")
    except Unreadable:
        return
    imported_count.append(1)
    assert imported.text.startswith("# yaml-language-server:")  # and it passed validation
