"""The YAML writer: the house layout, byte for byte, and text that always reads back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from scrplan.edit.writer import plan_yaml
from scrplan.plan.load import load_bytes as load_plan_bytes
from scrplan.plan.settings import QUALITY_CHECKS
from scrplan.plan.yamltree import PlanText, load_plan_text, parse_plan_text
from scrplan.words import unsafe_character


def read_back(text: str):
    """The data ``text`` reads back as. A character no output may show (an escape, a bidi
    override) reads back too, but the loader refuses it as a plan's text: that and nothing else."""
    source = PlanText("written.yaml", text)
    problems = parse_plan_text(source)
    assert [p.code for p in problems if p.code != "bad-character"] == [], text
    assert bool(problems) == any(unsafe_character(t) for t in strings(source.data)), text
    return source.data


def strings(data):
    """Every text in ``data``, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def test_house_layout():
    data = {
        "title": "Child Q SCR action plan",
        "partnership": "Example Safeguarding Children Partnership",
        "report_date": "2023-06",
        "summary": (
            "Background for the board: why the review was held and how the plan was agreed, "
            "written at enough length to need wrapping.\nA second paragraph.\n"
        ),
        "recommendations": [
            {
                "id": 1,
                "learning": "Information was not shared with the school.\n",
                "recommendation": "Seek assurance that health and education share information.\n",
                "lead": ["ICB", "Education"],
                "target_date": "2024-03",
                "progress": [
                    {"note": "Audit started.\n", "date": "2023-09-01"},
                    {"note": "Half the sample audited.\n"},
                ],
            },
            {
                "id": 2,
                "recommendation": "Refresh the escalation policy.\n",
                "timescale": "Immediate",
                "actions": [
                    {"id": "2.1", "action": "Draft the policy.\n", "rag": "green"},
                ],
                "other_columns": {"Scope (local/regional)": "Local", "Key milestones": "yes"},
            },
        ],
    }
    text = plan_yaml(
        data,
        header=["Imported from child-q.docx."],
        comments={
            ("recommendations", 0, "progress", 1): ["Check: this note had no date."],
            ("recommendations", 1, "actions", 0, "rag"): ["Check: read from the cell's colour."],
        },
    )
    assert (
        text
        == """\
# yaml-language-server: $schema=../schemas/action-plan.schema.json
#
# Imported from child-q.docx.

title: Child Q SCR action plan
partnership: Example Safeguarding Children Partnership
report_date: 2023-06
summary: >
  Background for the board: why the review was held and how the plan was agreed, written
  at enough length to need wrapping.

  A second paragraph.

recommendations:
  - id: 1
    learning: >
      Information was not shared with the school.
    recommendation: >
      Seek assurance that health and education share information.
    lead: [ICB, Education]
    target_date: 2024-03
    progress:
      - note: >
          Audit started.
        date: 2023-09-01
      # Check: this note had no date.
      - note: >
          Half the sample audited.

  - id: 2
    recommendation: >
      Refresh the escalation policy.
    timescale: Immediate
    actions:
      - id: "2.1"
        action: >
          Draft the policy.
        # Check: read from the cell's colour.
        rag: green
    other_columns:
      Scope (local/regional): Local
      Key milestones: "yes"
"""
    )
    assert read_back(text) == data
    loaded = load_plan_bytes(text.encode(), "plans/child-q.yaml")
    # Valid, and nothing to warn of but the quality checks' gaps (no impact measure...).
    assert [p for p in loaded.problems if p.code not in QUALITY_CHECKS] == []


def test_long_lines_wrap_at_ninety_columns_and_long_words_stay_whole():
    word = "https://example.org/" + "x" * 100
    note = ("Sentence of ordinary words. " * 12 + word + " end.").strip() + "\n"
    text = plan_yaml({"title": "t", "recommendations": [{"id": 1, "recommendation": note}]})
    lines = text.splitlines()
    assert max(len(line) for line in lines if word not in line) <= 90
    assert f"      {word}" in lines  # a word longer than the line is not broken
    assert read_back(text)["recommendations"][0]["recommendation"] == note


AWKWARD = [
    "Update: audit done",
    "ends with a colon:",
    "# not a comment",
    "a #hash inside",
    "a#b",
    "'single quoted'",
    '"double quoted"',
    "it's",
    'She said "no" and it\'s done',
    "- a dash",
    "-5",
    "* star",
    "& anchor",
    "*alias",
    "!tag",
    "%percent",
    "@at",
    "`tick",
    "| pipe",
    "> fold",
    "? question",
    "[list]",
    "{map}",
    "a, b",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "null",
    "~",
    "=",
    "<<",
    "7",
    "7.1",
    "1.10",
    "1e3",
    "0x1F",
    "017",
    "1_000",
    ".inf",
    "2017-03-31",
    "2017-03",
    "31/03/2017",
    "",
    " ",
    " leading space",
    "trailing space ",
    "two  spaces",
    "tab\there",
    "line\nbreak",
    "ends with newline\n",
    "two newlines\n\n",
    "\nstarts with newline",
    "Children\u2019s Services \u2014 \u201cquoted\u201d",
    "naïve café 日本語 🙂",
    "\u00a0no-break\u00a0",
    "control \x07 bell",
    "nel \x85 ls \u2028 ps \u2029",
    "bom \ufeff inside",
    "back\\slash",
    "...",
    "--- dashes",
    "x" * 300,
    "word " * 60 + "\n",
    ("para one " * 20).strip() + "\n" + ("para two " * 20).strip() + "\n",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_reads_back_exactly(text):
    data = {
        "title": text,
        "recommendations": [
            {
                "id": 1,
                "recommendation": text,
                "lead": [text, "Police"],
                "progress": [{"note": text}],
                "other_columns": {text: text},
            }
        ],
    }
    assert read_back(plan_yaml(data)) == data


def test_other_scalars_read_back():
    data = {
        "a": 7,
        "b": -3,
        "c": 1.5,
        "d": 1e20,
        "e": True,
        "f": None,
        "g": [],
        "h": {},
        "i": [1, "two", None],
    }
    assert read_back(plan_yaml(data)) == data


def test_the_child_m_plan_reads_back_exactly():
    source, problems = load_plan_text(ROOT / "plans" / "child-m.yaml")
    assert problems == [] and source is not None
    assert read_back(plan_yaml(source.data)) == source.data


scalars = st.one_of(st.text(max_size=120), st.integers(), st.booleans(), st.none())
keys = st.text(max_size=60)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_any_data_reads_back_exactly(data):
    assert read_back(plan_yaml(data)) == data


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_prose_reads_back_exactly(text):
    data = {"summary": text + "\n", "note": text}
    assert read_back(plan_yaml(data)) == data


def test_comments_with_characters_yaml_does_not_allow_are_escaped():
    text = plan_yaml(
        {"title": "t"},
        header=["bell \x07 and \x80 here"],
        comments={("title",): ["line\u2028separator and tab\t"]},
    )
    assert "# bell \\x07 and \\x80 here\n" in text
    assert "# line\\Lseparator and tab\n" in text
    assert read_back(text) == {"title": "t"}
