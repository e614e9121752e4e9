"""`scrplan import` on the layouts real boards publish: the lines above the table, text copied
from PDFs, headings, group rows, numbering, status keys."""

from __future__ import annotations

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
