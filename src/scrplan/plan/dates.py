"""Dates as plans write them: ``YYYY-MM-DD``, or ``YYYY-MM`` for the end of a month.

Other common forms (``31/03/2017``, ``March 2017``) are refused with the spelling to use, in a
pydantic error the loader can place on its line. The command line reads date options here too,
so an option and a plan read dates the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError


class MonthDate(dt.date):
    """A date written as ``YYYY-MM``: the last day of that month, shown as it was written."""

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MonthDate({self.isoformat()!r})"

    @classmethod
    def end_of(cls, year: int, month: int) -> MonthDate:
        """The last day of ``month`` in ``year``."""
        return cls(year, month, calendar.monthrange(year, month)[1])


_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_UK_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_WORDS_MONTH = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{2}|\d{4})")
DATE_PATTERN = r"^\d{4}-\d{1,2}(-\d{1,2})?$"


def quoted(value: Any) -> str:
    """A user's value for a message: text in double quotes, anything else as YAML shows it."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return "nothing" if value is None else str(value)


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _real_date(year: int, month: int, day: int, written: str) -> dt.date:
    if not 1 <= month <= 12:
        raise PydanticCustomError(
            "date_invalid",
            "{written} is not a real date: there is no month {month}. Dates are written "
            "year-month-day, as YYYY-MM-DD",
            {"written": written, "month": month},
        )
    if year < dt.MINYEAR:
        raise PydanticCustomError(
            "date_invalid",
            "{written} is not a real date: there is no year 0; check the year, and write "
            "dates as YYYY-MM-DD",
            {"written": written},
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date_invalid",
            "{written} is not a real date: {month_name} {year} has {days} days",
            {
                "written": written,
                "month_name": calendar.month_name[month],
                "year": year,
                "days": calendar.monthrange(year, month)[1],
            },
        ) from None


def parse_plan_date(value: Any) -> dt.date:
    """Read a date as plans write it: ``YYYY-MM-DD``, or ``YYYY-MM`` for the end of a month.

    Other common forms (``31/03/2017``, ``March 2017``) are refused with the ISO spelling to use
    instead, because a file that mixes forms cannot be sorted or compared reliably.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "date_type",
            "{value} is not a date: write dates as YYYY-MM-DD, e.g. 2017-03-31",
            {"value": quoted(value)},
        )
    text = value.strip()
    if m := _ISO_DAY.fullmatch(text):
        return _real_date(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _ISO_MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        _real_date(year, month, 1, text)
        return MonthDate.end_of(year, month)
    if m := _UK_DAY.fullmatch(text):
        day, month, year = int(m[1]), int(m[2]), _full_year(m[3])
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        _real_date(year, month, day, text)
        raise PydanticCustomError(
            "date_format",
            "{written} is not in the form scrplan reads: write it as {iso} (YYYY-MM-DD, "
            "read here as day/month/year)",
            {"written": text, "iso": iso},
        )
    if (m := _WORDS_MONTH.fullmatch(text)) and m[1].lower() in _MONTH_NAMES:
        month, year = _MONTH_NAMES[m[1].lower()], _full_year(m[2])
        raise PydanticCustomError(
            "date_format",
            "{written} is not in the form scrplan reads: write {iso} for the end of that "
            "month, or a full date as YYYY-MM-DD",
            {"written": text, "iso": f"{year:04d}-{month:02d}"},
        )
    raise PydanticCustomError(
        "date_format",
        "{written} is not a date: write dates as YYYY-MM-DD (or YYYY-MM for the end of a month)",
        {"written": quoted(text)},
    )


PlanDate = Annotated[
    dt.date,
    BeforeValidator(parse_plan_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "A date as YYYY-MM-DD, or YYYY-MM meaning the last day of that month.",
        }
    ),
]


# --- intervals: how often an update is due ---------------------------------------------------

_INTERVAL = re.compile(r"(\d+)\s*(day|week|month|year)s?", re.IGNORECASE)


class Interval(NamedTuple):
    """A length of time written in words: ``3 months``, ``6 weeks``, ``90 days``."""

    amount: int
    unit: str
    """``day``, ``week``, ``month`` or ``year``."""

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"

    def before(self, day: dt.date) -> dt.date:
        """The date this long before ``day`` (a month before 31 March is 28 or 29 February)."""
        if self.unit == "day":
            return day - dt.timedelta(days=self.amount)
        if self.unit == "week":
            return day - dt.timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "year" else 1)
        year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
        month += 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


DEFAULT_INTERVAL = Interval(3, "month")


def parse_interval(value: Any) -> Interval:
    """Read an interval as plans write it: ``3 months``, ``6 weeks``, ``90 days``, ``1 year``."""
    if isinstance(value, Interval):
        return value
    text = value.strip() if isinstance(value, str) else ""
    m = _INTERVAL.fullmatch(text)
    if not m or int(m[1]) == 0:
        raise PydanticCustomError(
            "interval_format",
            "{value} is not a length of time scrplan reads: write a number and days, weeks, "
            "months or years, e.g. `3 months` or `6 weeks`",
            {"value": quoted(value)},
        )
    return Interval(int(m[1]), m[2].lower())


IntervalText = Annotated[
    Interval,
    BeforeValidator(parse_interval),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d+\s*([Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear)s?$",
            "description": "A length of time: 3 months, 6 weeks, 90 days, 1 year.",
        }
    ),
]
