"""Comparing two versions of a plan: the changes and the warnings, without git."""

from __future__ import annotations

import textwrap

from scrplan.history.compare import compare_plans
from scrplan.history.diff import load_version

BEFORE = textwrap.dedent(
    """\
    title: Child Q action plan
    next_review: 2024-01-15
    recommendations:
      - id: 1
        recommendation: Share information.
        lead: ICB
        target_date: 2024-03
        rag: red
        progress:
          - note: First.
            date: 2023-09-01
          - note: Third.
            date: 2023-11-01
      - id: 2
        recommendation: Refresh the policy.
        actions:
          - id: "2.1"
            action: Draft it.
            rag: amber
      - id: 3
        recommendation: Train staff.
"""
)


def plan(text):
    version = load_version(textwrap.dedent(text).encode(), "p.yaml", "p.yaml")
    assert version.plan is not None, version.problems
    return version.plan


def compare(after):
    return compare_plans(plan(BEFORE), plan(after), "child-q")


def edited(*pairs):
    text = BEFORE
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_same_plan_no_changes():
    assert compare(BEFORE) == ([], [])


def test_plan_fields_and_rag_key():
    changes, warnings = compare(
        edited(
            (
                "next_review: 2024-01-15",
                "next_review: 2024-04-15\nrag_key: {red: Late, complete: red}",
            ),
        )
    )
    assert [(c.kind, c.ref, c.field) for c in changes] == [
        ("plan-field", None, "next_review"),
        ("plan-field", None, "rag_key"),
    ]
    assert (changes[0].old, changes[0].new) == ("2024-01-15", "2024-04-15")
    # Red now means complete, so red item 1 became complete without evidence (and nobody has
    # signed it off).
    assert [(w.code, w.ref, w.level) for w in warnings] == [
        ("complete-without-evidence", "child-q:1", "warning"),
        ("complete-not-verified", "child-q:1", "information"),
    ]


def test_action_moved_to_another_recommendation():
    text = edited(
        ('    actions:\n      - id: "2.1"\n        action: Draft it.\n        rag: amber\n', ""),
        (
            "    recommendation: Train staff.\n",
            "    recommendation: Train staff.\n    actions:\n"
            '      - id: "2.1"\n        action: Draft it.\n        rag: amber\n',
        ),
    )
    changes, _ = compare(text)
    moved = [c for c in changes if c.kind == "item-moved"]
    assert [(c.ref, c.old, c.new) for c in moved] == [("child-q:2.1", "2", "3")]


def test_lead_and_target_removed_is_slippage():
    changes, warnings = compare(
        edited(("    lead: ICB\n    target_date: 2024-03\n", "    lead: [ICB, Police]\n"))
    )
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("lead", ["ICB"], ["ICB", "Police"]),
        ("target_date", "2024-03", None),
    ]
    assert [(w.code, w.message) for w in warnings] == [
        (
            "target-slipped",
            "target date 2024-03 removed: the item no longer has a date to be held to",
        )
    ]


def test_target_moved_earlier_is_not_slippage():
    _, warnings = compare(edited(("target_date: 2024-03", "target_date: 2024-02-15")))
    assert warnings == []


def test_a_note_written_in_between_is_growth_not_an_edit():
    changes, warnings = compare(
        edited(
            (
                "      - note: Third.\n",
                "      - note: Second.\n        date: 2023-10-01\n      - note: Third.\n",
            )
        )
    )
    assert [(c.kind, c.new["note"]) for c in changes] == [("progress-added", "Second.")]
    assert warnings == []


def test_red_straight_to_the_complete_colour():
    _, warnings = compare(edited(("rag: red", "rag: blue\n    evidence: Audit shows it works.")))
    assert [w.code for w in warnings] == ["red-to-green", "complete-not-verified"]
    assert warnings[0].message == (
        "RAG went from red to blue in one step: check the progress notes show what changed"
    )


def test_new_item_added_complete_without_evidence():
    after = BEFORE + "  - id: 4\n    recommendation: New.\n    rag: blue\n"
    version = load_version(textwrap.dedent(after).encode(), "p.yaml", "p.yaml")
    assert version.plan is not None  # compared, although the checks refuse it
    assert [p.code for p in version.problems if p.is_error] == ["complete-without-evidence"]
    _, warnings = compare_plans(plan(BEFORE), version.plan, "child-q")
    assert [(w.code, w.ref) for w in warnings] == [
        ("complete-without-evidence", "child-q:4"),
        ("complete-not-verified", "child-q:4"),
    ]


def test_a_plan_that_cannot_be_read_has_no_model():
    version = load_version(b"title: [unclosed\n", "p.yaml", "HEAD:p.yaml")
    assert version.plan is None
    assert str(version.problems[0].location).startswith("HEAD:p.yaml:")
