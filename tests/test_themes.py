"""Themes: `themes:` on recommendations, the list of themes (national and the partnership's own),
the `unknown-theme` warning, `scrplan themes`, `scrplan suggest-themes` and the board report's
themes section."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import jsonschema
import pytest
import yaml

from conftest import ROOT
from scrplan.plan.load import load_plan, load_plans, require_all
from scrplan.plan.themes import NATIONAL_THEMES, keyword_matches, theme_overview, vocabulary
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
    assert keyword_matches(keyword, text) == [found]


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
    assert keyword_matches(keyword, text) == []


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


# --- scrplan themes ----------------------------------------------------------------------------------

THEMES_TEXT = """\
Themes across reviews

4 of 5 recommendations in 2 plans have themes, naming 4 themes; 1 has none.

Theme                                     Reviews  Recommendations  Outstanding  Overdue  Since
----------------------------------------  -------  ---------------  -----------  -------  ----------
strategy meetings                               2                2            2        1  2016-03
information sharing                             1                1            1        1  2016-03
county lines (not in the list of themes)        1                1            1        0  2019-05-01
supervision and management oversight            1                1            0        0  2016-03

Recommendations by theme

Theme                                     Ref      Review      RAG        Stage          Recommendation
----------------------------------------  -------  ----------  ---------  -------------  --------------------------------------------------------
strategy meetings                         alpha:1  2016-03     amber      open, overdue  Strategy meetings, not phone calls, with health invited.
                                          beta:1   2019-05-01  not rated  open           Hold strategy meetings in person.
information sharing                       alpha:1  2016-03     amber      open, overdue  Strategy meetings, not phone calls, with health invited.
county lines (not in the list of themes)  beta:2   2019-05-01  not rated  open           Brief schools on county lines.
supervision and management oversight      alpha:2  2016-03     blue       complete       Audit supervision in children's social care.
"""


def test_themes_as_text(run, board):
    result = run("themes", "--as-of", "2020-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == THEMES_TEXT
    assert result.stderr == ""


def test_themes_as_markdown(run, board):
    result = run("themes", "--as-of", "2020-01-01", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# Themes across reviews\n"
        "\n"
        "4 of 5 recommendations in 2 plans have themes, naming 4 themes; 1 has none.\n"
        "\n"
        "| Theme | Reviews | Recommendations | Outstanding | Overdue | Since |\n"
        "|---|---:|---:|---:|---:|---|\n"
        "| strategy meetings | 2 | 2 | **2** | **1** | 2016-03 |\n"
        "| information sharing | 1 | 1 | **1** | **1** | 2016-03 |\n"
        "| county lines (not in the list of themes) | 1 | 1 | **1** | 0 | 2019-05-01 |\n"
        "| supervision and management oversight | 1 | 1 | 0 | 0 | 2016-03 |\n"
        "\n"
        "## Recommendations by theme\n"
        "\n"
        "| Theme | Ref | Review | RAG | Stage | Recommendation |\n"
        "|---|---|---|---|---|---|\n"
        "| strategy meetings | **alpha:1** | 2016-03 | amber | **open, overdue** | Strategy "
        "meetings, not phone calls, with health invited. |\n"
        "|  | beta:1 | 2019-05-01 | not rated | open | Hold strategy meetings in person. |\n"
        "| information sharing | **alpha:1** | 2016-03 | amber | **open, overdue** | Strategy "
        "meetings, not phone calls, with health invited. |\n"
        "| county lines (not in the list of themes) | beta:2 | 2019-05-01 | not rated | open | "
        "Brief schools on county lines. |\n"
        "| supervision and management oversight | alpha:2 | 2016-03 | blue | complete | Audit "
        "supervision in children's social care. |\n"
    )


def test_themes_as_json(run, board):
    result = run("themes", "--as-of", "2020-01-01", "-f", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["as_of"] == "2020-01-01"
    assert [p["plan"] for p in record["plans"]] == ["alpha", "beta"]
    assert record["plans"][1] == {
        "plan": "beta",
        "title": "Beta review",
        "file": "plans/beta.yaml",
        "date": "2019-05-01",
    }
    assert (record["recommendations"], record["with_themes"]) == (5, 4)
    assert record["without_themes"] == ["alpha:3"]
    first = record["themes"][0]
    assert {k: v for k, v in first.items() if k != "items"} == {
        "theme": "strategy meetings",
        "listed": True,
        "reviews": 2,
        "recommendations": 2,
        "outstanding": 2,
        "overdue": 1,
        "since": "2016-03",
        "plans": ["alpha", "beta"],
    }
    assert first["items"][0] == {
        "ref": "alpha:1",
        "plan": "alpha",
        "id": "1",
        "rag": "amber",
        "stage": "open",
        "outstanding": True,
        "overdue": True,
        "target_date": "2017-01",
        "recommendation": "Strategy meetings, not phone calls, with health invited.",
    }
    assert [(t["theme"], t["listed"]) for t in record["themes"]][2:] == [
        ("county lines", False),
        ("supervision and management oversight", True),
    ]


def test_themes_as_csv_for_excel(run, board, tmp_path):
    out = tmp_path / "themes.csv"
    result = run("themes", "--as-of", "2020-01-01", "-o", out)
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", f"wrote {out}\n")
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table == [
        [
            "Theme",
            "In the list of themes",
            "Ref",
            "Plan",
            "Review date",
            "RAG",
            "Stage",
            "Overdue",
            "Target date",
            "Recommendation",
        ],
        [
            "strategy meetings",
            "yes",
            "alpha:1",
            "Alpha review",
            "2016-03",
            "amber",
            "open",
            "yes",
            "2017-01",
            "Strategy meetings, not phone calls, with health invited.",
        ],
        [
            "strategy meetings",
            "yes",
            "beta:1",
            "Beta review",
            "2019-05-01",
            "not rated",
            "open",
            "no",
            "2020-06",
            "Hold strategy meetings in person.",
        ],
        [
            "information sharing",
            "yes",
            "alpha:1",
            "Alpha review",
            "2016-03",
            "amber",
            "open",
            "yes",
            "2017-01",
            "Strategy meetings, not phone calls, with health invited.",
        ],
        [
            "county lines",
            "no",
            "beta:2",
            "Beta review",
            "2019-05-01",
            "not rated",
            "open",
            "no",
            "",
            "Brief schools on county lines.",
        ],
        [
            "supervision and management oversight",
            "yes",
            "alpha:2",
            "Alpha review",
            "2016-03",
            "blue",
            "complete",
            "no",
            "",
            "Audit supervision in children's social care.",
        ],
    ]


def test_on_a_terminal_theme_names_are_whole(run, tmp_path, monkeypatch, capsys):
    from scrplan.output import formats

    for name in ("child-m.yaml", "partnership.yaml"):
        (tmp_path / name).write_bytes((ROOT / "plans" / name).read_bytes())
    (tmp_path / "child-t.yaml").write_bytes(CHILD_T.read_bytes())
    assert run("suggest-themes", tmp_path / "child-m.yaml", "--apply").exit_code == 0
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(formats, "on_terminal", lambda: True)
    result = run("themes", tmp_path / "child-m.yaml", tmp_path / "child-t.yaml")
    assert result.exit_code == 0, result.output
    shown = result.stdout + capsys.readouterr().out
    # The recommendations are cut to fit the window, never the themes.
    assert "\ninformation sharing  " in shown
    assert "\nsupervision and management oversight  child-m:3 " in shown
    assert "…" in shown


def test_themes_all_lists_every_theme_of_the_list(run, board):
    result = run("themes", "--all", "--as-of", "2020-01-01", "-f", "json")
    assert result.exit_code == 0, result.output
    themes = json.loads(result.stdout)["themes"]
    assert len(themes) == len(NATIONAL_THEMES) + 1  # and county lines, which is not in it
    unused = [t["theme"] for t in themes if not t["recommendations"]]
    # The unused ones follow, in the list's order.
    listed = [t.name for t in NATIONAL_THEMES]
    assert unused == [n for n in listed if n not in {t["theme"] for t in themes[:4]}]
    text = run("themes", "--all", "--as-of", "2020-01-01").stdout
    assert (
        "\nvoice of the child                              0                0            0" in text
    )


def test_overdue_counts_from_the_as_of_date(run, board):
    later = json.loads(run("themes", "--as-of", "2021-01-01", "-f", "json").stdout)["themes"]
    assert (later[0]["theme"], later[0]["overdue"]) == ("strategy meetings", 2)


def test_themes_of_plans_without_any(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("title: T\nrecommendations:\n  - id: 1\n    recommendation: R.\n")
    result = run("themes", plan)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Themes across reviews\n"
        "\n"
        "0 of 1 recommendation in 1 plan have themes, naming 0 themes; 1 has none.\n"
        "\n"
        "No recommendation has a theme yet: give each its themes, `themes: [neglect, information "
        "sharing]`,\nor let scrplan suggest-themes propose them.\n"
    )


def test_themes_refuses_invalid_plans_and_bad_options(run, board):
    (board / "beta.yaml").write_text(BETA.replace("plan_date: 2019-05-01", "plan_date: May"))
    result = run("themes")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "plans/beta.yaml:2:12: error:" in result.stderr
    assert run("themes", "plans/alpha.yaml", "-f", "docx").exit_code == 2
    assert run("themes", "plans/alpha.yaml", "-o", "themes.pdf").exit_code == 2


def test_theme_overview_for_the_site(board):
    plans = require_all(load_plans([board / "alpha.yaml", board / "beta.yaml"]), "nothing")
    import datetime as dt

    overview = theme_overview(plans, dt.date(2020, 1, 1))
    first = overview.groups[0]
    assert first.name == "strategy meetings"
    assert [r.ref for r in first.rows] == ["alpha:1", "beta:1"]
    assert first.summary == "2 recommendations in 2 reviews since 2016; 2 outstanding, 1 overdue"
    assert [p.name for p in first.plans] == ["alpha", "beta"]
    assert [r.ref for r in overview.without] == ["alpha:3"]


# --- scrplan suggest-themes ---------------------------------------------------------------------------

PLAIN = """\
title: Child A
recommendations:
  - id: 1
    learning: Information held by health was not shared with the school.
    recommendation: Audit strategy meetings.
    lead: DSCB
  - id: 2
    recommendation: >
      Train GPs to recognise bruising in babies.  # not a comment: inside the block
    progress:
      - note: Planned.
  - id: 3
    recommendation: Review the business plan.
  - id: 4
    recommendation: Promote Think Family.
    themes: []
  - id: 5
    recommendation: Keep the voice of the child.
    themes: [think family]
"""

PLAIN_APPLIED = """\
title: Child A
recommendations:
  - id: 1
    learning: Information held by health was not shared with the school.
    recommendation: Audit strategy meetings.
    themes: [strategy meetings]
    lead: DSCB
  - id: 2
    recommendation: >
      Train GPs to recognise bruising in babies.  # not a comment: inside the block
    themes: [training and awareness, non-accidental injury]
    progress:
      - note: Planned.
  - id: 3
    recommendation: Review the business plan.
  - id: 4
    recommendation: Promote Think Family.
    themes: [think family]
  - id: 5
    recommendation: Keep the voice of the child.
    themes: [think family]
"""

SUGGESTED = """\
Themes proposed for recommendations that have none

3 of 4 recommendations with no themes in 1 plan have themes to propose, from the keywords of the
list of themes. Nothing was written: check them, then run scrplan suggest-themes --apply to write
them.

Ref        Theme                   Found in the text
---------  ----------------------  -----------------
child-a:1  strategy meetings       strategy meetings
child-a:2  training and awareness  Train
           non-accidental injury   bruising
child-a:4  think family            Think Family

No theme to propose for 1 recommendation: child-a:3. Write their themes by hand, `themes: [...]`.
"""


@pytest.fixture
def child_a(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "partnership.yaml").write_text(QUIET, encoding="utf-8")
    path = tmp_path / "plans" / "child-a.yaml"
    path.write_bytes(PLAIN.encode())
    return path


def test_suggestions_are_shown_and_nothing_is_written(run, child_a):
    result = run("suggest-themes")
    assert result.exit_code == 0, result.output
    assert result.stdout == SUGGESTED
    assert result.stderr == ""
    assert child_a.read_bytes() == PLAIN.encode()


def test_suggestions_as_json(run, child_a):
    result = run("suggest-themes", child_a, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["plans"], record["applied"], record["none_found"]) == (1, False, ["child-a:3"])
    assert record["proposals"][1] == {
        "ref": "child-a:2",
        "plan": "child-a",
        "file": str(child_a),
        "id": "2",
        "themes": ["training and awareness", "non-accidental injury"],
        "found": {"training and awareness": ["Train"], "non-accidental injury": ["bruising"]},
    }
    assert child_a.read_bytes() == PLAIN.encode()


def test_apply_writes_one_line_per_recommendation_and_nothing_else(run, child_a):
    result = run("suggest-themes", "--apply")
    assert result.exit_code == 0, result.output
    assert result.stdout == SUGGESTED.replace(
        " Nothing was written: check them, then run scrplan suggest-themes --apply to write\n"
        "them.\n",
        " They were written to the plans.\n",
    )
    assert result.stderr == (
        "child-a:1  themes: strategy meetings\n"
        "child-a:2  themes: training and awareness, non-accidental injury\n"
        "child-a:4  themes: think family\n"
    )
    assert child_a.read_bytes() == PLAIN_APPLIED.encode()
    assert load_plan(child_a).problems == []
    again = run("suggest-themes", "--apply")  # nothing more to propose, nothing written
    assert again.exit_code == 0 and again.stderr == ""
    assert child_a.read_bytes() == PLAIN_APPLIED.encode()


def test_apply_keeps_crlf_and_a_missing_final_newline(run, child_a):
    crlf = PLAIN.replace("\n", "\r\n").rstrip("\r\n")
    child_a.write_bytes(crlf.encode())
    result = run("suggest-themes", "--apply")
    assert result.exit_code == 0, result.output
    assert child_a.read_bytes() == PLAIN_APPLIED.replace("\n", "\r\n").rstrip("\r\n").encode()


# Where Child M's recommendations get their themes: after the last line of each recommendation.
CHILD_M_THEMES = [
    (
        "      timescales for Strategy Meetings and assessments, are adhered to.\n",
        "    themes: [multi-agency working, strategy meetings, assessment, information sharing]\n",
    ),
    (
        "      education and Probation, are invited and full information shared.\n",
        "    themes: [strategy meetings, information sharing]\n",
    ),
    ("      this is adhered to.\n", "    themes: [supervision and management oversight]\n"),
    (
        "      information following Domestic Abuse Referral Team (DART) meetings.\n",
        "    themes: [domestic abuse]\n",
    ),
    ("      health agencies, should be increased.\n", "    themes: [training and awareness]\n"),
    (
        "      Safeguarding Leads should play a key role in this promotion.\n",
        "    themes: [think family]\n",
    ),
    (
        "      there are safeguarding concerns is being implemented across Practices.\n",
        "    themes: [record keeping]\n",
    ),
    (
        "      about the risk posed by adults living with children.\n",
        "    themes: [learning from reviews, parental mental health, training and awareness, "
        "think family]\n",
    ),
    (
        "      undertake a Serious Case Review or Case Review.\n",
        "    themes: [information sharing, learning from reviews]\n",
    ),
]


def child_m_with_themes(newline: str = "\n") -> bytes:
    text = CHILD_M.read_text(encoding="utf-8")
    for after, line in CHILD_M_THEMES:
        assert text.count(after) == 1, after
        text = text.replace(after, after + line)
    return text.replace("\n", newline).encode("utf-8")


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_child_m_gets_its_themes_and_keeps_every_other_byte(run, tmp_path, newline):
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "child-m.yaml"
    path.write_bytes(CHILD_M.read_bytes().replace(b"\n", newline.encode()))
    (tmp_path / "plans" / "partnership.yaml").write_bytes(
        (ROOT / "plans" / "partnership.yaml").read_bytes()
    )
    result = run("suggest-themes", path, "--apply")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        "child-m:11  themes: information sharing, learning from reviews"
    )
    assert path.read_bytes() == child_m_with_themes(newline)
    assert load_plan(path).problems == []


def test_set_gives_a_recommendation_its_themes(run, child_a):
    result = run("set", "child-a:3", "themes", "early help", "bananas")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "child-a:3  themes: (none) → early help, bananas"
    assert 'theme "bananas" is not in the list of themes' in result.stderr  # a warning
    assert (
        child_a.read_bytes()
        == PLAIN.replace(
            "    recommendation: Review the business plan.\n",
            "    recommendation: Review the business plan.\n    themes: [early help, bananas]\n",
        ).encode()
    )
    again = run("set", "child-a:3", "themes", "neglect")
    assert again.exit_code == 0, again.output
    assert "    themes: [neglect]\n" in child_a.read_text(encoding="utf-8")
    cleared = run("set", "child-a:3", "themes", "--clear")
    assert cleared.exit_code == 0, cleared.output
    assert child_a.read_bytes() == PLAIN.encode()


def test_set_refuses_themes_on_an_action(run, child_a):
    child_a.write_text(
        PLAIN.replace("    lead: DSCB\n", '    actions:\n      - id: "1.1"\n        action: A.\n'),
        encoding="utf-8",
    )
    before = child_a.read_bytes()
    result = run("set", "child-a:1.1", "themes", "neglect")
    assert result.exit_code == 1
    assert result.stderr == (
        "scrplan: child-a:1.1 is an action; themes are a recommendation's: set them on child-a:1\n"
    )
    assert child_a.read_bytes() == before


def test_suggest_refuses_an_invalid_plan_and_writes_nothing(run, child_a):
    broken = PLAIN.replace("  - id: 3\n", "  - id: 3\n    rag: purple\n")
    child_a.write_bytes(broken.encode())
    result = run("suggest-themes", "--apply")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "bad-rag" in result.stderr
    assert child_a.read_bytes() == broken.encode()


# --- elsewhere: show, list, board reports --------------------------------------------------------------


def test_show_and_list_give_a_recommendations_themes(run, board):
    assert (
        "\nThemes:         strategy meetings, information sharing\n"
        in run("show", "alpha:1").stdout
    )
    items = json.loads(run("list", "plans/alpha.yaml", "-f", "json", "--all").stdout)
    assert [i["themes"] for i in items] == [
        ["strategy meetings", "information sharing"],
        ["supervision"],
        [],
    ]
    table = list(csv.reader(io.StringIO(run("list", "-f", "csv", "--all").stdout.lstrip("\ufeff"))))
    assert table[0][-1] == "Themes"
    assert [row[-1] for row in table[1:]] == [
        "strategy meetings; information sharing",
        "supervision",
        "",
        "Strategy Meetings",  # as written: list shows the plan as it is
        "county lines",
    ]


def test_a_list_without_themes_has_no_themes_column(run):
    out = run("list", CHILD_M, "-f", "csv").stdout
    assert "Themes" not in out.splitlines()[0]


REPORT_THEMES = """\
## Themes

The themes of the recommendations, across every plan in this paper: a recommendation with several themes counts under each. 4 of 5 recommendations in 2 plans have themes, naming 4 themes; 1 has none.

| Theme | Reviews | Recommendations | Outstanding | Overdue | Refs |
|---|---:|---:|---:|---:|---|
| strategy meetings | 2 | 2 | 2 | 1 | alpha:1, beta:1 |
| information sharing | 1 | 1 | 1 | 1 | alpha:1 |
| county lines (not in the list of themes) | 1 | 1 | 1 | 0 | beta:2 |
| supervision and management oversight | 1 | 1 | 0 | 0 | alpha:2 |

## Alpha review
"""


def test_a_board_report_of_several_plans_has_a_themes_section(run, board):
    result = run("report", "-o", "-", "--as-of", "2020-01-01")
    assert result.exit_code == 0, result.output
    text = result.stdout
    # After the overall summary, before the first plan.
    assert text.index("## Overall summary") < text.index("## Themes\n")
    assert REPORT_THEMES in text


def test_a_board_report_of_one_plan_ends_with_its_themes(run, board):
    text = run("report", "plans/alpha.yaml", "-o", "-", "--as-of", "2020-01-01").stdout
    assert text.endswith(
        "## Themes\n"
        "\n"
        "The themes of the recommendations, across every plan in this paper: a recommendation "
        "with several themes counts under each. 2 of 3 recommendations in 1 plan have themes, "
        "naming 3 themes; 1 has none.\n"
        "\n"
        "| Theme | Recommendations | Outstanding | Overdue | Refs |\n"
        "|---|---:|---:|---:|---|\n"
        "| information sharing | 1 | 1 | 1 | 1 |\n"
        "| strategy meetings | 1 | 1 | 1 | 1 |\n"
        "| supervision and management oversight | 1 | 0 | 0 | 2 |\n"
    )


def test_the_html_and_word_reports_have_the_themes_table(run, board, tmp_path):
    import docx

    html = tmp_path / "board.html"
    assert run("report", "-o", html, "--as-of", "2020-01-01").exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert '<h2 id="themes">Themes</h2>' in page
    assert (
        '<tr><th scope="row">strategy meetings</th><td class="num">2</td><td class="num">2</td>'
        '<td class="num">2</td><td class="num">1</td><td>alpha:1, beta:1</td></tr>'
    ) in page
    assert page.index('id="overall"') < page.index('id="themes"') < page.index('id="plan-1"')
    word = tmp_path / "board.docx"
    assert run("report", "-o", word, "--as-of", "2020-01-01").exit_code == 0
    document = docx.Document(str(word))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Overall summary", "Themes", "Alpha review"]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Theme")
    assert [c.text for c in table.rows[1].cells] == [
        "strategy meetings",
        "2",
        "2",
        "2",
        "1",
        "alpha:1, beta:1",
    ]
    assert len(table.rows) == 5


def test_a_report_csv_gives_each_item_its_recommendations_themes(run, board):
    text = run("report", "plans/alpha.yaml", "-o", "-", "-f", "csv", "--all").stdout
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0][-2:] == ["Themes", "Progress (every note, newest first)"]
    assert [row[-2] for row in table[1:]] == [
        "strategy meetings; information sharing",
        "supervision",
        "",
    ]


def test_a_report_of_plans_without_themes_has_no_themes_section(run):
    text = run("report", CHILD_M, "-o", "-", "--as-of", "2017-03-31").stdout
    assert "Themes" not in text


# --- the documentation's examples ---------------------------------------------------------------------


def shown_after(path, command):
    text = path.read_text(encoding="utf-8")
    start = text.index(f"$ {command}\n") + len(command) + 3
    return text[start:].split("```", 1)[0]


def test_the_suggestions_in_the_docs_are_real(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = "scrplan suggest-themes plans/child-m.yaml"
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown_after(ROOT / "docs" / "learning.md", command)


def test_the_themes_in_the_docs_are_real(run, tmp_path, monkeypatch):
    """After `suggest-themes plans/child-m.yaml --apply`, as the docs say."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "docs" / "examples").mkdir(parents=True)
    for name in ("plans/child-m.yaml", "plans/partnership.yaml", "docs/examples/child-t.yaml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    assert run("suggest-themes", "plans/child-m.yaml", "--apply").exit_code == 0
    docs = ROOT / "docs" / "learning.md"
    assert "    themes: [strategy meetings, information sharing]\n" in docs.read_text("utf-8")
    command = "scrplan themes plans/child-m.yaml docs/examples/child-t.yaml"
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown_after(docs, command)


def test_the_default_list_in_the_format_docs_is_the_list(run):
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for theme in NATIONAL_THEMES:
        row = next(line for line in text.splitlines() if line.startswith(f"| {theme.name} |"))
        for keyword in theme.keywords:
            assert keyword in row, (theme.name, keyword)
