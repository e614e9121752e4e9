"""Themes: `themes:` on recommendations, the list of themes (national and the partnership's own)
and the `unknown-theme` warning."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest
import yaml

from conftest import ROOT
from scrplan.plan.load import load_plan
from scrplan.plan.themes import NATIONAL_THEMES, keyword_pattern, vocabulary
from scrplan.plan.yamltree import PlanLoader

CHILD_M = ROOT / "plans" / "child-m.yaml"
CHILD_T = ROOT / "docs" / "examples" / "child-t.yaml"

# The other quality checks off, so that what a test sees is about themes.
QUIET = (
    "quality_checks:\n"
    "  no-lead: false\n"
    "  no-target: false\n"
    "  no-impact-measure: false\n"
    "  thin-evidence: false\n"
)

ALPHA = """\
title: Alpha review
report_date: 2016-03
recommendations:
  - id: 1
    recommendation: Strategy meetings, not phone calls, with health invited.
    themes: [strategy meetings, information sharing]
    target_date: 2017-01
    rag: amber
  - id: 2
    recommendation: Audit supervision in children's social care.
    themes: supervision
    rag: blue
    evidence: Audit report to the board, May 2017.
  - id: 3
    recommendation: Promote private fostering in schools.
"""

BETA = """\
title: Beta review
plan_date: 2019-05-01
recommendations:
  - id: 1
    recommendation: Hold strategy meetings in person.
    themes: [Strategy Meetings]
    target_date: 2020-06
  - id: 2
    recommendation: Brief schools on county lines.
    themes: [county lines]
"""


@pytest.fixture
def board(tmp_path, monkeypatch):
    """Two plans with themes in tmp_path/plans, the quality checks but unknown-theme off."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "partnership.yaml").write_text(QUIET, encoding="utf-8")
    (folder / "alpha.yaml").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.yaml").write_text(BETA, encoding="utf-8")
    return folder


def problems_of(path):
    return [
        (p.location.line, p.location.col, p.severity, p.code, p.message)
        for p in load_plan(path).problems
    ]


# --- the field and the warning -------------------------------------------------------------------


def test_a_theme_outside_the_list_is_a_located_warning_with_did_you_mean(run, write):
    write(QUIET, "partnership.yaml")
    plan = write(
        """\
        title: T
        recommendations:
          - id: 1
            recommendation: Strategy meetings in person.
            themes: [strategy meeting, Information-Sharing, supervision, bananas]
          - id: 2
            recommendation: Look for neglect.
            themes: neglects
        """
    )
    assert problems_of(plan) == [
        (
            5,
            14,
            "warning",
            "unknown-theme",
            'recommendation 1: theme "strategy meeting" is not in the list of themes: did you '
            "mean strategy meetings? (scrplan themes --all lists them; a partnership adds its "
            "own under `themes` in partnership.yaml)",
        ),
        (
            5,
            66,
            "warning",
            "unknown-theme",
            'recommendation 1: theme "bananas" is not in the list of themes (scrplan themes '
            "--all lists them; a partnership adds its own under `themes` in partnership.yaml)",
        ),
        (
            8,
            13,
            "warning",
            "unknown-theme",
            'recommendation 2: theme "neglects" is not in the list of themes: did you mean '
            "neglect? (scrplan themes --all lists them; a partnership adds its own under "
            "`themes` in partnership.yaml)",
        ),
    ]
    result = run("validate", plan)
    assert result.exit_code == 0  # a warning does not make a plan invalid
    assert result.stdout.endswith("Checked 1 plan file: 3 warnings in 1 file.\n")
    assert run("status", plan).exit_code == 0


def test_a_keyword_written_as_a_theme_suggests_its_theme(write):
    write(QUIET, "partnership.yaml")
    plan = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n"
        "    themes: [county lines, bruises]\n"
    )
    messages = [m for *_, m in problems_of(plan)]
    assert "did you mean exploitation?" in messages[0]
    assert "did you mean non-accidental injury?" in messages[1]


def test_names_aliases_any_case_and_hyphens_are_the_list(write):
    write(QUIET, "partnership.yaml")
    plan = write(
        """\
        title: T
        recommendations:
          - id: 1
            recommendation: R.
            themes:
              - Think Family
              - multi agency working
              - SUDI
              - "domestic   violence"
        """
    )
    assert problems_of(plan) == []
    [rec] = load_plan(plan).plan.recommendations
    assert rec.themes == ["Think Family", "multi agency working", "SUDI", "domestic violence"]


def test_old_plans_without_themes_are_unchanged(write):
    plan = write("title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n")
    assert load_plan(plan).plan.recommendations[0].themes == []


def test_themes_are_names_not_numbers_or_sets_of_fields(write):
    write(QUIET, "partnership.yaml")
    plan = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n"
        "    themes: {neglect: yes}\n"
    )
    [problem] = load_plan(plan).problems
    assert (problem.severity, problem.location.line) == ("error", 5)


def test_the_warning_can_be_switched_off(write):
    write(QUIET + "  unknown-theme: false\n", "partnership.yaml")
    plan = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n    themes: [bananas]\n"
    )
    assert problems_of(plan) == []


# --- the partnership's own themes -------------------------------------------------------------------


def test_the_partnerships_themes_join_the_national_list(write):
    write(
        QUIET
        + textwrap.dedent(
            """\
            themes:
              - county lines
              - name: Neglect
                keywords: [poor hygiene]
                aliases: [poor care]
            """
        ),
        "partnership.yaml",
    )
    plan = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: Poor hygiene in county"
        " lines cases.\n    themes: [County Lines, poor care, voice of the child]\n"
    )
    loaded = load_plan(plan)
    assert loaded.problems == []
    words = loaded.plan.context.vocabulary()
    names = [t.name for t in words.themes]
    # Neglect takes the national theme's place, with its own keywords; county lines comes last.
    assert names.index("Neglect") == [t.name for t in NATIONAL_THEMES].index("neglect")
    assert names[-1] == "county lines"
    assert len(names) == len(NATIONAL_THEMES) + 1
    assert [f.theme for f in words.suggest("Neglect seen as poor hygiene.")] == ["Neglect"]


def test_without_the_national_list_only_the_partnerships_themes_count(write):
    write(QUIET + "national_themes: false\nthemes: [county lines]\n", "partnership.yaml")
    plan = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n"
        "    themes: [county lines, neglect]\n"
    )
    [(line, col, _, code, message)] = problems_of(plan)
    assert (line, col, code) == (5, 28, "unknown-theme")
    assert message.startswith('recommendation 1: theme "neglect" is not in the list of themes (')


def test_a_name_for_two_themes_is_a_located_settings_error(run, write):
    settings = write(
        "themes:\n  - county lines\n  - name: exploitation in gangs\n"
        "    aliases: [gangs, County Lines]\n",
        "partnership.yaml",
    )
    plan = write("title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n")
    result = run("validate", plan)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f'{settings}:4:22: error: "County Lines" names two themes (county lines and '
        "exploitation in gangs): give each theme names of its own [duplicate-theme]\n"
    )


def test_the_settings_with_themes_satisfy_their_schema(write):
    schema = json.loads((ROOT / "schemas" / "partnership.schema.json").read_text("utf-8"))
    text = (
        "themes:\n  - county lines\n  - name: gangs\n    keywords: [gang]\nnational_themes: true\n"
    )
    jsonschema.Draft202012Validator(schema).validate(yaml.load(text, Loader=PlanLoader))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({"themes": [{"keywords": ["x"]}]})


def test_a_plan_with_themes_satisfies_the_plan_schema():
    schema = json.loads((ROOT / "schemas" / "action-plan.schema.json").read_text("utf-8"))
    for text in (ALPHA, BETA):
        jsonschema.Draft202012Validator(schema).validate(yaml.load(text, Loader=PlanLoader))
    bad = yaml.load(ALPHA.replace("themes: supervision", "themes: [1, 2]"), Loader=PlanLoader)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)


def test_themes_and_the_partnerships_list_come_back_from_the_cache(write):
    from scrplan.plan import cache
    from scrplan.plan.settings import forget_settings, settings_for

    write(QUIET + "themes: [county lines]\n", "partnership.yaml")
    plan = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n"
        "    themes: [county lines, bananas]\n"
    )
    first = load_plan(plan)
    forget_settings()  # as the next command would: both files are read from the cache
    settings = settings_for(plan)
    assert cache.lookup(plan, plan.read_bytes(), settings.digest) is not None
    assert cache.lookup(settings.path, settings.path.read_bytes()) is not None
    again = load_plan(plan)
    assert again.plan.recommendations[0].themes == ["county lines", "bananas"]
    assert again.plan.context.vocabulary().find("County Lines") is not None
    assert [p.message for p in again.problems] == [p.message for p in first.problems]
    assert [p.code for p in again.problems] == ["unknown-theme"]


# --- keywords --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [
        ("strategy meeting", "hold Strategy Meetings in person", "Strategy Meetings"),
        ("strategy meeting", "strategies meeting", "strategies meeting"),
        ("multi-agency", "a multi agency audit", "multi agency"),
        ("multi-agency", "multiagency working", "multiagency"),
        ("voice of the child", "the voices of the children", "voices of the children"),
        ("child's voice", "the child\u2019s voice", "child\u2019s voice"),
        ("neglect", "self-neglect", "neglect"),
        ("SEND", "pupils with SEND", "SEND"),
    ],
)
def test_a_keyword_finds_its_words(keyword, text, found):
    import re

    match = re.search(keyword_pattern(keyword), text, re.I)
    assert match is not None and match.group() == found


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("SEND", "send the minutes"),  # an abbreviation only as written
        ("record", "recordings"),  # whole words
        ("father", "grandfather"),
        ("drug", "drugstore"),
        ("strategy meeting", "strategy for meetings"),
    ],
)
def test_a_keyword_does_not_find_other_words(keyword, text):
    import re

    assert re.search(keyword_pattern(keyword), text, re.I) is None


def test_the_longer_keyword_wins_where_two_themes_overlap():
    words = vocabulary()
    assert [f.theme for f in words.suggest("Hoarding and self-neglect.")] == ["self-neglect"]
    assert [f.theme for f in words.suggest("Neglect at home.")] == ["neglect"]
    found = words.suggest("Parenting capacity and a capacity assessment were missed.")
    assert [(f.theme, f.words) for f in found] == [
        ("think family", ("Parenting capacity",)),
        ("mental capacity", ("capacity assessment",)),
    ]


def test_every_national_theme_has_keywords_and_its_own_names():
    names = [n for t in NATIONAL_THEMES for n in (t.name, *t.aliases)]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(t.keywords for t in NATIONAL_THEMES)
    for theme in NATIONAL_THEMES:  # each theme's keywords suggest that theme alone
        for keyword in theme.keywords:
            found = [f.theme for f in vocabulary().suggest(keyword)]
            assert theme.name in found, (theme.name, keyword, found)


# --- the documentation ----------------------------------------------------------------------------


def test_the_default_list_in_the_format_docs_is_the_list(run):
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for theme in NATIONAL_THEMES:
        row = next(line for line in text.splitlines() if line.startswith(f"| {theme.name} |"))
        for keyword in theme.keywords:
            assert keyword in row, (theme.name, keyword)
