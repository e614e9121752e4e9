"""Dates, ids, colours and the RAG a recommendation takes from its actions."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from scrplan.plan.dates import MonthDate, parse_plan_date
from scrplan.plan.model import Plan


def test_month_dates_mean_the_end_of_the_month_and_print_as_written():
    d = parse_plan_date("2016-02")
    assert d == dt.date(2016, 2, 29)
    assert isinstance(d, MonthDate)
    assert d.isoformat() == "2016-02" and str(d) == "2016-02"
    assert parse_plan_date("2017-03-31") == dt.date(2017, 3, 31)
    assert parse_plan_date(" 2017-3-1 ") == dt.date(2017, 3, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-02-30", "2017-02-30 is not a real date: February 2017 has 28 days"),
        ("2017-13", "2017-13 is not a real date: there is no month 13."),
        ("31/03/2017", "write it as 2017-03-31"),
        ("31.03.17", "write it as 2017-03-31"),
        ("March 2017", "write 2017-03 for the end of that month"),
        ("Immediate", '"Immediate" is not a date'),
    ],
)
def test_dates_scrplan_cannot_read(text, message):
    with pytest.raises(ValueError) as info:
        parse_plan_date(text)
    assert message in str(info.value)


def plan(**rec):
    return Plan.model_validate(
        {"title": "t", "recommendations": [{"id": 1, "recommendation": "r", **rec}]}
    )


def test_ids_are_text_and_integers_are_accepted():
    assert plan().recommendations[0].id == "1"
    assert plan(id="10.1.2").recommendations[0].id == "10.1.2"
    for bad in (1.1, "7 1", "a:b", True, None):
        with pytest.raises(ValidationError):
            plan(id=bad)


def test_rag_any_case_and_leads_as_text_or_list():
    rec = plan(rag=" Amber ", lead="WMP").recommendations[0]
    assert rec.rag == "amber" and rec.lead == ["WMP"]
    assert plan(lead=["WMP", "CCG"]).recommendations[0].lead == ["WMP", "CCG"]
    assert plan(lead=None, progress=None).recommendations[0].progress == []


def test_recommendation_takes_the_most_urgent_open_action_colour():
    def rag_of(*colours):
        actions = [
            {"id": f"1.{n}", "action": "a", "rag": c, "evidence": "e"}
            for n, c in enumerate(colours)
        ]
        p = plan(actions=actions)
        return p.rag(p.recommendations[0])

    assert rag_of("green", "red", "amber") == "red"
    assert rag_of("green", None, "blue") is None
    assert rag_of("green", "blue") == "green"
    assert rag_of("blue", "blue") == "blue"


def test_overdue_is_by_date_whatever_the_colour():
    p = plan(target_date="2017-03", rag="green")
    rec = p.recommendations[0]
    assert p.is_overdue(rec, dt.date(2017, 4, 1))
    assert not p.is_overdue(rec, dt.date(2017, 3, 31))
    done = plan(target_date="2017-03", rag="blue", evidence="Audit")
    assert not done.is_overdue(done.recommendations[0], dt.date(2018, 1, 1))


def test_items_know_their_place_in_the_file():
    p = plan(actions=[{"id": "1.1", "action": "a"}])
    assert [i.path for i in p.items()] == [
        ("recommendations", 0),
        ("recommendations", 0, "actions", 0),
    ]
    assert p.find("1.1").text == "a"
    assert p.parent_of(p.find("1.1")).id == "1"


def test_rag_key_defaults_and_custom():
    assert Plan.model_validate({"title": "t"}).key.colours == ("red", "amber", "green", "blue")
    key = Plan.model_validate(
        {"title": "t", "rag_key": {"red": "Late", "green": "Done", "complete": "green"}}
    ).rag_key
    assert key.colours == ("red", "green") and key.meaning("green") == "Done"
    assert key.meaning(None) == "Not yet rated"


def test_latest_progress_is_the_last_written_of_the_latest_date():
    p = plan(
        progress=[
            {"note": "Morning update", "date": "2024-03-01"},
            {"note": "Older", "date": "2024-02-01"},
            {"note": "Afternoon correction", "date": "2024-03-01"},
            {"note": "Undated"},
        ]
    )
    assert p.recommendations[0].latest_progress().note == "Afternoon correction"
