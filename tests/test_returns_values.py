"""Values as people type them into a return: dates, levels, text."""

from __future__ import annotations

import datetime as dt

import pytest

from returns_helpers import RETURNS
from scrplan.plan.dates import MonthDate
from scrplan.plan.load import load_plan
from scrplan.returns.values import Unusable, clean, dated_note, read_date, read_level


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("31/03/17", dt.date(2017, 3, 31)),
        ("31/03/2017", dt.date(2017, 3, 31)),
        ("31.3.2017", dt.date(2017, 3, 31)),
        (" 2017-03-31 ", dt.date(2017, 3, 31)),
        ("31 March 2017", dt.date(2017, 3, 31)),
        ("31st March 2017", dt.date(2017, 3, 31)),
        ("31-Mar-17", dt.date(2017, 3, 31)),
        ("March 31, 2017", dt.date(2017, 3, 31)),
        ("by 31 March 2017", dt.date(2017, 3, 31)),
        (dt.datetime(2017, 3, 31, 0, 0), dt.date(2017, 3, 31)),
        (dt.date(2017, 3, 31), dt.date(2017, 3, 31)),
        (42825, dt.date(2017, 3, 31)),  # an Excel date number
        (42825.0, dt.date(2017, 3, 31)),
    ],
)
def test_dates_as_people_type_them(typed, read):
    assert read_date(typed) == read


@pytest.mark.parametrize("typed", ["March 2017", "Mar 17", "mar-2017", "03/2017", "2017-03"])
def test_a_month_means_its_last_day_and_stays_a_month(typed):
    found = read_date(typed)
    assert isinstance(found, MonthDate)
    assert found == dt.date(2017, 3, 31)
    assert found.isoformat() == "2017-03"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2017", '"31/02/2017" is not a real date: February 2017 has 28 days'),
        (
            "12/31/2017",
            '"12/31/2017" reads as month/day/year; scrplan reads dates day first: write 31/12/2017',
        ),
        (
            "soon",
            '"soon" is not a date scrplan can read: write it as 31/03/2024 (day, month, '
            "year), or March 2024 for the end of a month",
        ),
        (12, "12 is not a date: write it as 31/03/2024"),
    ],
)
def test_dates_that_cannot_be_used_say_how_to_write_them(typed, message):
    with pytest.raises(Unusable) as caught:
        read_date(typed)
    assert str(caught.value) == message


def test_levels_by_name_letter_or_label_in_the_plans_own_key():
    child_q = load_plan(RETURNS / "child-q.yaml").require("")
    child_r = load_plan(RETURNS / "child-r.yaml").require("")
    for typed in ("Green", "G", "green ", "g", " GREEN"):
        assert read_level(typed, child_q).name == "green"
    assert read_level("Complete and evidenced", child_q).name == "blue"
    for typed in (3, 3.0, "3", "Slipped", "slipped "):
        assert read_level(typed, child_r).name == "3"
    with pytest.raises(Unusable, match="did you mean amber"):
        read_level("ambre", child_q)
    with pytest.raises(Unusable, match=r"choose one from the list: 1, 2, 3, 4$"):
        read_level("G", child_r)  # a letter means a colour only in a key of colours


def test_text_loses_control_and_direction_characters():
    assert clean("a\u202eb\u200bc\x07d\tE\r\n\r\n  second  line ") == "abcd E\nsecond line"
    assert clean("_x001B_[31mred") == "[31mred"


@pytest.mark.parametrize(
    ("note", "day", "rest"),
    [
        ("12/05/2024: audit done", dt.date(2024, 5, 12), "audit done"),
        ("12 May 2024 - audit done", dt.date(2024, 5, 12), "audit done"),
        ("2024-05-12 – audit done", dt.date(2024, 5, 12), "audit done"),  # noqa: RUF001
        ("May 2024: audit done", None, "May 2024: audit done"),
        ("7 of 10 meetings: attended", None, "7 of 10 meetings: attended"),
    ],
)
def test_a_note_that_starts_with_a_date_is_dated_that_day(note, day, rest):
    assert dated_note(note) == (day, rest)
