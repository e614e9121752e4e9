"""`scrplan repeats`: recommendations made again in other reviews, and the `diff` warning.

Every test here loads scikit-learn (about 2 seconds the first time), so they are marked slow.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from conftest import ROOT
from gitrepo import make_repo
from scrplan.learning.repeats import find_repeats, similar_pairs, vectors
from scrplan.plan.load import load_plans, require_all

pytestmark = pytest.mark.slow

CHILD_M = ROOT / "plans" / "child-m.yaml"
CHILD_T = ROOT / "docs" / "examples" / "child-t.yaml"


def plans_of(*paths):
    return require_all(load_plans(paths), "nothing")


def test_a_reworded_recommendation_is_found_and_the_shared_opening_is_not(write):
    write(
        """\
        title: Alpha
        report_date: 2016-03
        recommendations:
          - id: 1
            recommendation: LSCB should seek assurance that strategy meetings, not phone calls, include health.
          - id: 2
            recommendation: LSCB should seek assurance that private fostering is promoted in schools.
          - id: 3
            recommendation: LSCB should seek assurance that dental neglect is recognised by nurseries.
        """,
        "alpha.yaml",
    )
    beta = write(
        """\
        title: Beta
        plan_date: 2019-05-01
        recommendations:
          - id: 4
            recommendation: LSCB should seek assurance that health are included in strategy meetings rather than phone calls.
            rag: blue
            evidence: Audit.
          - id: 5
            recommendation: LSCB should seek assurance that housing officers attend child protection conferences.
        """,
        "beta.yaml",
    )
    [repeat] = find_repeats(plans_of(beta.parent / "alpha.yaml", beta))
    assert [s.ref for s in repeat.items] == ["alpha:1", "beta:4"]
    assert [s.outstanding for s in repeat.items] == [True, False]
    assert repeat.summary == "made in 2 reviews since 2016; 1 still outstanding"
    assert 0.5 <= repeat.similarity <= 1
    assert repeat.scores == [repeat.similarity, repeat.similarity]


def test_recommendations_of_one_plan_are_not_grouped_with_each_other(write):
    text = "Strategy meetings should include health, education and probation."
    one = write(
        f"title: One\nrecommendations:\n  - id: 1\n    recommendation: {text}\n"
        f"  - id: 2\n    recommendation: {text}\n",
        "one.yaml",
    )
    assert find_repeats(plans_of(one)) == []
    two = write(
        f"title: Two\nrecommendations:\n  - id: 1\n    recommendation: {text}\n", "two.yaml"
    )
    [repeat] = find_repeats(plans_of(one, two), 0.9)
    # One recommendation per plan: the first of the plan's two joins, the second cannot.
    assert [s.ref for s in repeat.items] == ["one:1", "two:1"]
    assert repeat.summary == "made in 2 reviews; 2 still outstanding"


def test_text_with_no_word_worth_weighing_is_no_repeat(write):
    a = write("title: A\nrecommendations:\n  - id: 1\n    recommendation: It is.\n", "a.yaml")
    b = write("title: B\nrecommendations:\n  - id: 1\n    recommendation: It is.\n", "b.yaml")
    assert find_repeats(plans_of(a, b)) == []


@pytest.mark.parametrize("threshold", [0.3, 0.45, 0.6, 0.8])
def test_the_split_product_finds_exactly_the_pairs_of_the_full_one(threshold):
    # A corpus where a few words are in most texts (so the common part is large) and the
    # rest are rare: the split must give the same pairs and similarities as every pair.
    rng = random.Random(7)
    common = "should ensure that agencies staff children safeguarding partnership".split()
    rare = [f"w{n}" for n in range(300)]
    texts = [
        " ".join(rng.sample(common, rng.randint(2, 7)) + rng.sample(rare, rng.randint(0, 5)))
        for _ in range(600)
    ]
    owners = np.array([n // 10 for n in range(len(texts))], np.int64)
    matrix = vectors(texts)
    full = (matrix @ matrix.T).toarray()
    expected = {
        (a, b)
        for a in range(len(texts))
        for b in range(a + 1, len(texts))
        if owners[a] != owners[b] and full[a, b] >= threshold - 1e-6
    }
    first, second, sims = similar_pairs(matrix, owners, threshold)
    assert set(zip(first.tolist(), second.tolist(), strict=True)) == expected
    assert len(first) == len(expected)
    assert np.allclose(sims, full[first, second], atol=1e-5)


# --- the command --------------------------------------------------------------------------------

DEFAULT_TEXT = """\
Recommendations made again

2 recommendations were made in more than one review across 2 plans (at least 60% alike); 2 of them
still outstanding somewhere.

1. Made in 2 reviews since 2016; 2 still outstanding

Ref        Date     RAG        State        Alike  Recommendation
---------  -------  ---------  -----------  -----  ---------------------------------------------------------------------
child-m:2  2016-10  not rated  outstanding    69%  Consideration should be given to arranging Strategy Meetings, rather…
child-t:1  2019-06  amber      outstanding    69%  DSCP should seek assurance that strategy meetings, not telephone…

2. Made in 2 reviews since 2016; 2 still outstanding

Ref        Date     RAG        State        Alike  Recommendation
---------  -------  ---------  -----------  -----  --------------------------------------------------------------------
child-m:8  2016-10  not rated  outstanding    63%  DSCB should seek assurance that the system for GPs to 'flag' adults…
child-t:5  2019-06  not rated  outstanding    63%  DSCP should seek assurance that GP practices flag the records of…
"""


def test_repeats_as_text(run):
    result = run("repeats", CHILD_M, CHILD_T)
    assert result.exit_code == 0, result.output
    assert result.stdout == DEFAULT_TEXT
    assert result.stderr == ""


def test_the_example_in_the_docs_is_real(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = "scrplan repeats plans/child-m.yaml docs/examples/child-t.yaml"
    text = (ROOT / "docs" / "learning.md").read_text(encoding="utf-8")
    shown = text[text.index(f"$ {command}\n") + len(command) + 3 :].split("```", 1)[0]
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown == DEFAULT_TEXT


def test_a_lower_similarity_finds_more_rewordings(run):
    result = run("repeats", CHILD_M, CHILD_T, "--min-similarity", "40%", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["min_similarity"] == 0.4
    assert [[i["ref"] for i in r["items"]] for r in record["repeats"]] == [
        ["child-m:2", "child-t:1"],
        ["child-m:3", "child-t:2"],
        ["child-m:4", "child-t:4"],
        ["child-m:7", "child-t:3"],
        ["child-m:8", "child-t:5"],
    ]
    second = record["repeats"][1]
    assert second["summary"] == "made in 2 reviews since 2016; 1 still outstanding"
    assert (second["reviews"], second["outstanding"], second["since"]) == (2, 1, "2016-10")
    assert second["items"][1] == {
        "ref": "child-t:2",
        "plan": "child-t",
        "title": "Child T Rapid Review",
        "file": str(CHILD_T),
        "date": "2019-06",
        "rag": "blue",
        "outstanding": False,
        "similarity": second["similarity"],
        "recommendation": "DSCP should seek assurance that children's social care has a robust "
        "supervision policy and that it is followed.",
    }
    assert 0.4 <= second["similarity"] < 0.5


def test_repeats_as_csv_for_excel(run, tmp_path):
    out = tmp_path / "repeats.csv"
    result = run("repeats", CHILD_M, CHILD_T, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffRepeat,Summary,Ref,Plan,Date,RAG,State,Alike,Recommendation\r\n")
    lines = text.splitlines()
    assert lines[1].startswith(
        "1,made in 2 reviews since 2016; 2 still outstanding,child-m:2,Child M SCR - SILP,"
        '2016-10,,outstanding,69%,"Consideration should be given'
    )
    assert len(lines) == 5


def test_repeats_as_markdown_has_whole_texts(run):
    result = run("repeats", CHILD_M, CHILD_T, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "### 1. Made in 2 reviews since 2016; 2 still outstanding\n" in result.stdout
    assert (
        "| child-t:5 | 2019-06 | not rated | **outstanding** | 63% | DSCP should seek assurance "
        "that GP practices flag the records of children and adults where there are "
        "safeguarding concerns. |\n"
    ) in result.stdout


def test_no_repeats_says_so(run):
    result = run("repeats", CHILD_M)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Recommendations made again\n\n"
        "No recommendation was made in more than one review across 1 plan (at least 60% alike).\n"
    )


@pytest.mark.parametrize("value", ["2", "0.1", "often", "-5%"])
def test_a_similarity_out_of_range_is_a_usage_error(run, value):
    result = run("repeats", CHILD_M, "--min-similarity", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        f"'{value}' is not a similarity scrplan can use: give a number from 0.3 (loosely "
        "alike) to 1 (the same words), e.g. 0.6"
    ) in " ".join(result.stderr.split())


def test_an_invalid_plan_is_refused(run, write):
    bad = write("title: Bad\nrecommendations:\n  - id: 1\n    rag: purple\n", "bad.yaml")
    result = run("repeats", CHILD_M, bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{bad}:3:5: error: recommendation 1:" in result.stderr
    assert result.stderr.rstrip().endswith("or name only the plans to show")


# --- scrplan diff ---------------------------------------------------------------------------------

WARNING_1 = (
    "repeats child-m:2 (Child M SCR - SILP, 2016-10; still outstanding), 69% alike: ask what "
    "became of it, and say in the plan why it is made again"
)
WARNING_5 = (
    "repeats child-m:8 (Child M SCR - SILP, 2016-10; still outstanding), 63% alike: ask what "
    "became of it, and say in the plan why it is made again"
)


def repeat_warnings(stdout: str) -> list[tuple[str, str]]:
    record = json.loads(stdout)
    return [(w["ref"], w["message"]) for w in record["warnings"] if w["code"] == "repeats-earlier"]


def test_diff_warns_when_a_new_plan_repeats_an_earlier_one(run, tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/child-m.yaml", CHILD_M.read_text(encoding="utf-8"))
    repo.commit("Child M plan")
    repo.write("plans/child-t.yaml", CHILD_T.read_text(encoding="utf-8"))
    result = run("diff", "--format", "json")  # the working tree
    assert result.exit_code == 0, result.output
    assert repeat_warnings(result.stdout) == [("child-t:1", WARNING_1), ("child-t:5", WARNING_5)]
    repo.git("checkout", "-qb", "child-t")
    repo.commit("Child T plan")
    repo.git("checkout", "-q", "main")
    result = run("diff", "main...child-t", "--format", "json")  # a commit, not the files here
    assert result.exit_code == 0, result.output
    assert repeat_warnings(result.stdout) == [("child-t:1", WARNING_1), ("child-t:5", WARNING_5)]


def test_diff_warns_of_a_new_recommendation_only(run, tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/child-m.yaml", CHILD_M.read_text(encoding="utf-8"))
    text = CHILD_T.read_text(encoding="utf-8")
    before, _, _ = text.partition("  - id: 5\n")
    repo.write("plans/child-t.yaml", before)
    repo.commit("Child M and Child T")
    repo.write("plans/child-t.yaml", text)  # adds 5, 6 and 7
    result = run("diff", "--format", "json")
    assert result.exit_code == 0, result.output
    # child-t:1 repeats child-m:2 too, but it was there before: it is not this change. The
    # words are weighed across child-m and the three new recommendations, so 62%, not 63%.
    warning = WARNING_5.replace("63%", "62%")
    assert repeat_warnings(result.stdout) == [("child-t:5", warning)]
    result = run("diff")
    assert f"child-t:5  {warning}\n" in result.stdout
    assert "1 plan changed: 3 items added; 1 warning for the reviewer." in result.stdout
