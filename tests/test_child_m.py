"""plans/child-m.yaml is a faithful transcription of the published Child M action plan."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan.load import load_plan

SOURCE = FIXTURES / "source" / "child-m-action-plan.txt"  # as published; a copy of the text
# in ../shared/source, kept here so that the tests stand on their own


def words(text: str) -> str:
    return " ".join(re.sub(r"</?p>", " ", text).split())


@pytest.fixture(scope="module")
def plan():
    loaded = load_plan(ROOT / "plans" / "child-m.yaml")
    assert loaded.problems == []
    return loaded.plan


def test_all_eleven_points_in_order(plan):
    assert [r.id for r in plan.recommendations] == [str(n) for n in range(1, 12)]
    assert [len(r.progress) for r in plan.recommendations] == [1, 2, 4, 2, 4, 5, 4, 3, 4, 1, 3]


def test_plan_details(plan):
    assert plan.title == "Child M SCR - SILP"
    assert plan.partnership == "Dudley Safeguarding Children Board"
    assert plan.subject == "Child M"
    assert plan.summary.startswith("Child M, who is the subject of this SCR")
    assert plan.summary.count("\n") == 2  # folded: a blank line is one line break


def test_only_what_the_text_states(plan):
    # The source's RAG column is empty, and so is every RAG here: the one note that names a
    # target and a RAG ("current target date May 2016 rag-rated red", point 7) most likely
    # gives the status of the framework it follows, which the plan's comment explains.
    assert not any(r.rag or r.target_date for r in plan.recommendations)
    assert "most likely gives that framework's status" in (
        ROOT / "plans" / "child-m.yaml"
    ).read_text(encoding="utf-8")
    assert not any(r.lead or r.evidence or r.completed for r in plan.recommendations)
    assert not any(p.date or p.by for r in plan.recommendations for p in r.progress)


def test_every_text_is_in_the_source_and_nothing_is_left_out(plan):
    source = words(SOURCE.read_text(encoding="utf-8"))
    # Rows split across pages are rejoined, so compare with page-break debris taken out.
    source = re.sub(
        r" Learning or Improvement Point Recommendation Progress/Comment RAG Status ", " ", source
    )
    texts = [plan.summary]
    for rec in plan.recommendations:
        texts += [rec.learning, rec.recommendation, *(p.note for p in rec.progress)]

    def in_source(sentence: str) -> bool:
        if sentence in source:
            return True
        # A sentence that a page break split: two pieces, each in the source.
        cuts = [i for i, ch in enumerate(sentence) if ch == " "]
        return any(sentence[:i] in source and sentence[i + 1 :] in source for i in cuts)

    for text in texts:
        for sentence in re.split(r"(?<=[.;)]) ", words(text)):
            assert in_source(sentence), sentence


def test_no_extraction_debris(plan):
    for rec in plan.recommendations:
        for text in (rec.learning, rec.recommendation, *(p.note for p in rec.progress)):
            assert "<p>" not in text and "\t" not in text
    first_note = plan.recommendations[3].progress[0].note
    assert first_note.count("All front line officers have received DA training") == 1
