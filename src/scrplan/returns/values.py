"""The values people type into a return, read as a plan holds them.

``Green``, ``G``, ``green `` and a level's label; ``31/03/17``, ``31 March 2017``, ``March
2017``, an Excel date or date number; an empty cell, which changes nothing. Each reader takes
what the spreadsheet or document gave (text, a number, a date) and returns the plan's value,
or raises :class:`Unusable` with what is wrong and how to write it instead.

Text from a return is untrusted: :func:`clean` removes control and direction-changing
characters before any of it can reach a plan.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

from scrplan.plan.dates import MonthDate
from scrplan.plan.levels import Level
from scrplan.plan.model import Plan


class Unusable(ValueError):
    """A value that cannot be used; the message says what to write instead."""


# --- text --------------------------------------------------------------------------------

# Characters that change the direction of the text around them, or are invisible: they can
# make a note read differently from what it holds.
_INVISIBLE = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u2060"
)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LINE_BREAKS = {
    "\r\n": "\n",
    "\r": "\n",
    "\x0b": "\n",
    "\x85": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
}


def clean(text: str) -> str:
    """``text`` as a plan may hold it: line breaks as ``\\n``, tabs as spaces, each line
    trimmed, blank lines dropped, and no control, invisible or direction-changing
    characters."""
    # Excel stores characters XML cannot hold as _x001B_; they are control characters too.
    text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    kept = []
    for ch in text.replace("\t", " "):
        if ch == "\n":
            kept.append(ch)
        elif ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs", "Cn"):
            continue
        else:
            kept.append(ch)
    lines = ("".join(kept)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def as_text(value: Any) -> str:
    """A cell's value as clean text ("" for an empty cell): a whole number without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean(str(value))


def is_empty(value: Any) -> bool:
    """True for a cell that says nothing: no value, or only spaces."""
    return value is None or (isinstance(value, str) and not clean(value))


# --- dates -------------------------------------------------------------------------------

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_DAY_MONTH = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/]+([a-z]+)\.?,?[\s\-/]+(\d{4}|\d{2})"
)
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?,?[\s\-/]+(\d{4}|\d{2})")
_NUMBER_MONTH = re.compile(r"(\d{1,2})\s*/\s*(\d{4})")

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel's date numbers (it counts 1900 as a leap year, so day 60 is the shift)."""


def _year(text: str) -> int:
    # Plans that follow reviews began in the 2000s: 17 is 2017.
    return int(text) + 2000 if len(text) == 2 else int(text)


def _day(year: int, month: int, day: int, written: str) -> dt.date:
    if not 1 <= month <= 12:
        raise Unusable(f'"{written}" is not a real date: there is no month {month}')
    try:
        return dt.date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        raise Unusable(
            f'"{written}" is not a real date: {calendar.month_name[month]} {year} has {days} days'
        ) from None


def read_date(value: Any) -> dt.date:
    """A date as people write one: an Excel date or date number, ``31/03/2017`` or
    ``31/03/17`` (day first), ``2017-03-31``, ``31 March 2017``, ``March 31, 2017``; or a
    month (``March 2017``, ``03/2017``, ``2017-03``), meaning its last day, kept as a month.

    Raises:
        Unusable: it is not a date, or not a real one, with how to write it.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date number: Excel shows 45473 as 30/06/2024 in a cell formatted as a date.
        if 20000 <= value < 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise Unusable(f"{as_text(value)} is not a date: write it as 31/03/2024")
    written = as_text(value)
    text = written.lower().strip(" .")
    for words in ("by ", "end of ", "the ", "due "):
        text = text.removeprefix(words)
    if m := _ISO.fullmatch(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), written)
    if m := _NUMERIC.fullmatch(text):
        day, month, year = int(m[1]), int(m[2]), _year(m[3])
        if month > 12 and day <= 12:
            raise Unusable(
                f'"{written}" reads as month/day/year; scrplan reads dates day first: write '
                f"{month:02d}/{day:02d}/{year}"
            )
        return _day(year, month, day, written)
    if (m := _DAY_MONTH.fullmatch(text)) and m[2] in _MONTHS:
        return _day(_year(m[3]), _MONTHS[m[2]], int(m[1]), written)
    if (m := _MONTH_DAY.fullmatch(text)) and m[1] in _MONTHS:
        return _day(int(m[3]), _MONTHS[m[1]], int(m[2]), written)
    month_year = None
    if m := _ISO_MONTH.fullmatch(text):
        month_year = (int(m[2]), int(m[1]))
    elif m := _NUMBER_MONTH.fullmatch(text):
        month_year = (int(m[1]), int(m[2]))
    elif (m := _MONTH_YEAR.fullmatch(text)) and m[1] in _MONTHS:
        month_year = (_MONTHS[m[1]], _year(m[2]))
    if month_year is not None:
        month, year = month_year
        _day(year, month, 1, written)
        return MonthDate.end_of(year, month)
    raise Unusable(
        f'"{written}" is not a date scrplan can read: write it as 31/03/2024 (day, month, '
        "year), or March 2024 for the end of a month"
    )


def plan_date(day: dt.date) -> str:
    """A date as the plan writes it: ``2017-03-31``, or ``2017-03`` for a month."""
    return day.isoformat()


def shown_date(day: dt.date | None) -> str:
    """A date as a return shows it: ``31 Mar 2017``, or ``Mar 2017`` for a month."""
    if day is None:
        return ""
    if isinstance(day, MonthDate):
        return f"{calendar.month_abbr[day.month]} {day.year}"
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


_NOTE_DATE = re.compile(r"\s*([0-9][0-9a-z /.\-,]{5,20}?)\s*[:\-–—]\s+(\S.*)", re.S | re.I)  # noqa: RUF001


def dated_note(text: str) -> tuple[dt.date | None, str]:
    """A note that starts with the day it happened (``12/05/2024: audit done``, ``12 May 2024
    - audit done``): the date and the rest; otherwise no date and the note as it is."""
    m = _NOTE_DATE.match(text)
    if m is None:
        return None, text
    try:
        day = read_date(m[1])
    except Unusable:
        return None, text
    if isinstance(day, MonthDate):  # "March 2024 - ..." says when, not which day
        return None, text
    return day, m[2]


# --- levels ------------------------------------------------------------------------------


def read_level(value: Any, plan: Plan) -> Level:
    """The level of ``plan``'s key a cell names: its name in any case (``Green``, ``green
    ``, ``2``), a colour's first letter for a colour key (``G``), or the level's label
    (``On track``).

    Raises:
        Unusable: the key has no such level, with the closest one and the levels it has.
    """
    key = plan.key
    text = as_text(value)
    level = key.level(text)
    if level is None and key.is_colours and len(text) == 1:
        level = next((lv for lv in key.all_levels if lv.name[0] == text.lower()), None)
    if level is None:
        folded = text.casefold()
        level = next((lv for lv in key.all_levels if lv.label.casefold() == folded), None)
    if level is not None:
        return level
    names = list(key.colours)
    close = difflib.get_close_matches(text.lower(), [n.lower() for n in names], n=1, cutoff=0.6)
    hint = f"did you mean {next(n for n in names if n.lower() == close[0])}? " if close else ""
    raise Unusable(
        f'"{text}" is not a level of {plan.name}\'s key; {hint}choose one from the list: '
        + ", ".join(names)
    )


def written_level(level: Level) -> str | int:
    """A level's name as the plan writes it: a number plain (``rag: 2``), text as text."""
    name = level.name
    return int(name) if name.isdigit() and name == str(int(name)) else name
