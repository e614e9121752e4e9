"""PlanEditor: byte-exact results on awkward files; everything outside the edit stays."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT
from scrplan.edit.splice import PlanEditor
from scrplan.errors import EditError

AWKWARD = (FIXTURES / "edit" / "awkward.yaml").read_text(encoding="utf-8")

EDITED = """\
# A plan written by hand, with everything an edit must leave alone.
title: "Child Q: revised action plan"  # quoted because of the colon
partnership: Northshire Safeguarding Children Partnership
recommendations:
# dashes flush with their key, unlike the house layout
- id: 1
  recommendation: 'Seek assurance on strategy meetings'
  lead: [Police, ICB]                 # flow list
  rag: red        # written in capitals
  progress:
  - note: First update.
    date: 2024-01-10
  - note: "Second update: attendance at 90%"
    date: 2024-03-01
    by: Police

  # end of notes for 1
- id: 2
  recommendation: >-
    Refresh the escalation policy
    and brief every agency.
  lead: Business unit
  progress:
  - note: First note for two
    date: 2024-03-02
  target_date: 2024-06
- id: "3"
  recommendation: Publish a briefing.
  progress: [{note: Drafted., date: 2024-02-01}, {note: Published, date: 2024-03-03}]
  evidence: "Briefing published; 400 downloads"
"""


def edit_awkward(text: str) -> str:
    editor = PlanEditor(text)
    editor.set(("recommendations", 0, "rag"), "red")
    editor.append(
        ("recommendations", 0, "progress"),
        {"note": "Second update: attendance at 90%", "date": "2024-03-01", "by": "Police"},
    )
    editor.append(
        ("recommendations", 1, "progress"), {"note": "First note for two", "date": "2024-03-02"}
    )
    editor.append(("recommendations", 2, "progress"), {"note": "Published", "date": "2024-03-03"})
    editor.set(("recommendations", 1, "lead"), "Business unit")
    editor.set(("recommendations", 0, "lead"), ["Police", "ICB"])
    editor.set(("recommendations", 2, "evidence"), "Briefing published; 400 downloads")
    editor.set(("title",), "Child Q: revised action plan")
    return editor.text


def test_hand_written_plan_keeps_comments_quotes_flush_dashes_and_flow_lists():
    assert edit_awkward(AWKWARD) == EDITED


def test_crlf_file_stays_crlf():
    crlf = AWKWARD.replace("\n", "\r\n")
    result = edit_awkward(crlf)
    assert result == EDITED.replace("\n", "\r\n")
    assert "\n" not in result.replace("\r\n", "")


def test_no_final_newline_stays_without_one():
    text = "title: x\nrecommendations:\n  - id: 1\n    recommendation: y"
    editor = PlanEditor(text)
    editor.append(("recommendations", 0, "progress"), {"note": "n", "date": "2024-01-01"})
    editor.set(("recommendations", 0, "rag"), "amber")
    assert editor.text == (
        "title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    rag: amber\n"
        "    progress:\n      - note: n\n        date: 2024-01-01"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("progress:\n", "progress:\n      - note: n\n"),
        ("progress: ~\n", "progress:\n      - note: n\n"),
        ("progress: []\n", "progress:\n      - note: n\n"),
        ("progress:   # none yet\n", "progress:   # none yet\n      - note: n\n"),
    ],
)
def test_empty_progress_becomes_a_list(value, expected):
    head = "title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    "
    tail = "    evidence: e\n"
    editor = PlanEditor(head + value + tail)
    editor.append(("recommendations", 0, "progress"), {"note": "n"})
    assert editor.text == head + expected + tail


def test_new_key_goes_where_the_house_layout_puts_it_past_the_progress_list():
    text = (ROOT / "plans" / "child-m.yaml").read_text(encoding="utf-8")
    editor = PlanEditor(text)
    editor.set(("recommendations", 0, "evidence"), "Ofsted monitoring letter, March 2017")
    editor.set(("recommendations", 0, "lead"), "DSCB")
    added = [line for line in editor.text.splitlines() if line not in text.splitlines()]
    assert added == ["    lead: DSCB", "    evidence: Ofsted monitoring letter, March 2017"]
    lines = editor.text.splitlines()
    lead = lines.index("    lead: DSCB")
    assert (
        lines[lead - 1] == "      timescales for Strategy Meetings and assessments, are adhered to."
    )
    evidence = lines.index("    evidence: Ofsted monitoring letter, March 2017")
    assert lines[evidence - 1] == "          the Improvement Board (IB),"
    assert lines[evidence + 1] == ""


def test_long_text_is_written_as_a_folded_block_that_reads_back_exactly():
    note = (
        "Audit of 40 strategy meetings between January and March: health attended 36, "
        "education 31 and probation 12; the gaps are being followed up with each agency."
    )
    editor = PlanEditor("title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n")
    editor.append(("recommendations", 0, "progress"), {"note": note, "date": "2024-04-01"})
    assert editor.text.endswith(
        "    progress:\n"
        "      - note: >\n"
        "          Audit of 40 strategy meetings between January and March: health attended 36,\n"
        "          education 31 and probation 12; the gaps are being followed up with each agency.\n"
        "        date: 2024-04-01\n"
    )
    assert editor.expected["recommendations"][0]["progress"][0]["note"] == note + "\n"


def test_replacing_a_block_scalar_keeps_its_style():
    editor = PlanEditor(AWKWARD)
    editor.set(("recommendations", 1, "recommendation"), "Refresh the policy.")
    assert "  recommendation: >-\n    Refresh the policy.\n  progress:\n" in editor.text


def test_a_comment_after_a_value_that_becomes_a_block_moves_to_its_first_line():
    editor = PlanEditor("title: x\nsummary: short  # keep me\nrecommendations: []\n")
    editor.set(("summary",), "word " * 20 + "end")
    assert editor.text.startswith("title: x\nsummary: >  # keep me\n  word word")
    assert editor.text.endswith("end\nrecommendations: []\n")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("yes", '"yes"'),
        ("2017", '"2017"'),
        ("- a dash", '"- a dash"'),
        ("a#hash", "a#hash"),
        ("a # comment-like", '"a # comment-like"'),
        ("it's", "it's"),
        ("'quoted' start", "\"'quoted' start\""),
        ("both ' and \"", "both ' and \""),
        ("café ✓", "café ✓"),
        ("tab\there", '"tab\\there"'),
        ("ends with colon:", '"ends with colon:"'),
        ('say "no"', 'say "no"'),
        ('"quoted": here', "'\"quoted\": here'"),
        ("C:\\plans\\q.yaml", "C:\\plans\\q.yaml"),
        ('C:\\plans: "q"', '"C:\\\\plans: \\"q\\""'),
    ],
)
def test_awkward_text_is_quoted_only_as_much_as_needed(value, written):
    editor = PlanEditor("title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n")
    editor.set(("recommendations", 0, "timescale"), value)
    assert f"    timescale: {written}\n" in editor.text
    assert editor.expected["recommendations"][0]["timescale"] == value


def test_setting_every_value_to_itself_changes_no_byte():
    for text in (AWKWARD, (ROOT / "plans" / "child-m.yaml").read_text(encoding="utf-8")):
        editor = PlanEditor(text)
        settable = list(values(editor.expected))
        assert len(settable) > 12
        for path, value in settable:
            assert editor.set(path, value) is False
        assert editor.text == text


def values(data, path=()):
    """Every key whose value `set` takes (text, or a list of text), with that value."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value) and value
            ):
                yield (*path, key), value
            else:
                yield from values(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from values(value, (*path, i))


def test_remove_takes_whole_lines():
    editor = PlanEditor(AWKWARD)
    editor.remove(("recommendations", 2, "evidence"))
    assert editor.text == AWKWARD.replace('  evidence: "Published: see the website"\n', "")


def test_edits_of_missing_places_are_refused():
    editor = PlanEditor(AWKWARD)
    with pytest.raises(EditError, match=r"no set of fields at recommendations\.9"):
        editor.set(("recommendations", 9, "rag"), "red")
    with pytest.raises(EditError, match="is not a list"):
        editor.append(("recommendations", 0, "rag"), {"note": "x"})
    assert editor.text == AWKWARD


def test_comments_that_belong_to_the_last_item_stay_with_it():
    text = (
        "title: x\n"
        "recommendations:\n"
        "  - id: 1\n"
        "    recommendation: y\n"
        "    progress:\n"
        "      - note: First.\n"
        "        # confirmed at the March board\n"
        "    # comment about the evidence below\n"
        "    evidence: e\n"
    )
    editor = PlanEditor(text)
    editor.append(("recommendations", 0, "progress"), {"note": "Second."})
    editor.set(("recommendations", 0, "timescale"), "Ongoing")
    assert editor.text == (
        "title: x\n"
        "recommendations:\n"
        "  - id: 1\n"
        "    recommendation: y\n"
        "    timescale: Ongoing\n"
        "    progress:\n"
        "      - note: First.\n"
        "        # confirmed at the March board\n"
        "      - note: Second.\n"
        "    # comment about the evidence below\n"
        "    evidence: e\n"
    )


@pytest.mark.parametrize("empty", ["", " ~", " null", "   # not rated yet"])
def test_an_empty_value_is_filled_in(empty):
    text = f"title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    rag:{empty}\n    lead:\n"
    editor = PlanEditor(text)
    editor.set(("recommendations", 0, "rag"), "red")
    editor.set(("recommendations", 0, "lead"), "WMP")
    rag = {
        "": " red",
        " ~": " red",
        " null": " red",
        "   # not rated yet": " red  # not rated yet",
    }
    assert editor.text == (
        f"title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    rag:{rag[empty]}\n"
        "    lead: WMP\n"
    )


def test_long_text_at_the_end_of_a_file_without_a_final_newline():
    text = "title: x\nrecommendations:\n  - id: 1\n    recommendation: y"
    long = "Evidence that runs on long enough to be written as a folded block of text, here."
    editor = PlanEditor(text)
    editor.set(("recommendations", 0, "evidence"), long)
    assert editor.text == text + "\n    evidence: >-\n      " + long
    assert editor.expected["recommendations"][0]["evidence"] == long


def test_a_block_keeps_the_comment_on_its_first_line():
    text = "title: x\nsummary: >-  # from the March minutes\n  Old text.\nrecommendations: []\n"
    editor = PlanEditor(text)
    editor.set(("summary",), "New text.")
    assert (
        editor.text
        == "title: x\nsummary: >-  # from the March minutes\n  New text.\nrecommendations: []\n"
    )


def test_a_block_list_with_comments_between_items_is_not_replaced():
    text = "title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    lead:\n      - WMP\n      # the named officer\n      - CCG\n"
    editor = PlanEditor(text)
    with pytest.raises(EditError, match="comments between its items"):
        editor.set(("recommendations", 0, "lead"), ["WMP"])
    assert editor.text == text


def test_setting_a_block_to_its_own_text_is_a_no_op():
    editor = PlanEditor(AWKWARD)
    assert (
        editor.set(
            ("recommendations", 1, "recommendation"),
            "Refresh the escalation policy and brief every agency.",
        )
        is False
    )
    text = (ROOT / "plans" / "child-m.yaml").read_text(encoding="utf-8")
    editor = PlanEditor(text)
    current = editor.expected["recommendations"][6]["recommendation"]
    assert current.endswith("\n")
    assert editor.set(("recommendations", 6, "recommendation"), current[:-1]) is False
    assert editor.text == text


SEQUENCES = [
    [
        ("set", "rag", "red"),
        ("set", "evidence", "A long piece of evidence " * 4),
        ("append", "progress", {"note": "n", "date": "2024-01-01"}),
        ("set", "completed", "2024-02-01"),
    ],
    [
        ("append", "progress", {"note": "first", "date": "2024-01-01"}),
        ("set", "lead", ["Police", "ICB"]),
        ("set", "timescale", "Ongoing"),
        ("remove", "rag", None),
    ],
    [
        ("set", "recommendation", "Short now."),
        ("set", "verified", {"by": "Board", "date": "2024-03-01"}),
        ("set", "target_date", "2025-01"),
    ],
    [
        ("remove", "progress", None),
        ("set", "evidence", "Audit"),
        (
            "set",
            "verified",
            {"by": "QA sub-group", "date": "2024-04-01", "note": "Checked the audit"},
        ),
    ],
]


@pytest.mark.parametrize(
    "text",
    [
        AWKWARD,
        (ROOT / "plans" / "child-m.yaml").read_text(encoding="utf-8"),
        AWKWARD.replace("\n", "\r\n"),
    ],
    ids=["awkward", "child-m", "crlf"],
)
@pytest.mark.parametrize("sequence", SEQUENCES)
def test_several_edits_need_no_parse_between_them_and_give_the_careful_result(text, sequence):
    """Splices move the positions of the nodes after them, so a command's edits are checked by
    one parse at the end; the text is exactly what parsing after each one gives."""
    quick, careful = PlanEditor(text), PlanEditor(text)
    careful.careful = True
    for editor in (quick, careful):
        for number in range(len(editor.expected["recommendations"])):
            item = ("recommendations", number)
            for method, key, value in sequence:
                here = editor.expected["recommendations"][number]
                if method == "remove":
                    if key in here and len(here) > 2 and next(iter(here)) != key:
                        editor.remove((*item, key))
                elif method == "append":
                    editor.append((*item, key), value)
                elif key not in ("recommendation",) or key in here:
                    editor.set((*item, key), value)
    assert quick.text == careful.text
    assert not quick.redone
