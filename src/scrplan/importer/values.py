"""Reading the values in a plan's cells: item numbers, dates, RAG colours, and damaged text.

Each function takes text as the source wrote it and returns what scrplan stores, or None when
it cannot tell; the caller decides what to do with text it could not read (keep it, and say so).
"""

from __future__ import annotations

import calendar
import colorsys
import datetime as dt
import re

# --- item numbers: 7, 7.1, 10.1.2, 7a ----------------------------------------------------------

_NUMBER = r"(\d+(?:\.\d+)*[a-z]?)"
_SHORT = r"(\d{1,3}(?:\.\d+)*[a-z]?)"
# At the start of a cell: "7.", "7.1 ", "(3)", "Recommendation 3:", "1024.", with text after
# it. A number of four digits or more followed by a space alone is a year ("2005 records").
_LEADING = re.compile(
    rf"^\(?(?:(?:recommendation|rec|action|point|no)\.?\s*{_NUMBER}(?:\.?\)|[.:]|\s)"
    rf"|{_SHORT}\s|{_NUMBER}(?:\.?\)|[.:]))\s*(?=\S)",
    re.IGNORECASE,
)
_WHOLE = re.compile(rf"^(?:(?:recommendation|rec|action|r|no)\.?\s*)?{_NUMBER}\.?$", re.IGNORECASE)


def leading_number(text: str) -> tuple[str, str] | None:
    """The item number a cell's text starts with, and the text after it.

    >>> leading_number("7.1 Draft the policy")
    ('7.1', 'Draft the policy')
    """
    match = _LEADING.match(text)
    if match is None:
        return None
    number = match[1] or match[2] or match[3]
    return number.lower(), text[match.end() :]


def whole_number(text: str) -> str | None:
    """The item number in a cell that holds only a number (``7``, ``7.1.``, ``Rec 3``)."""
    match = _WHOLE.match(text.strip())
    return match[1].lower() if match else None


def parent_numbers(number: str) -> list[str]:
    """The numbers an item could sit under, nearest first: ``10.1.2`` → ``10.1``, ``10``."""
    out: list[str] = []
    while True:
        if number[-1:].isalpha() and number[:-1]:
            number = number[:-1].rstrip(".")
        elif "." in number:
            number = number.rsplit(".", 1)[0]
        else:
            return out
        out.append(number)


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"([a-z]{3,9})\.?"
_YEAR = r"'?(\d{4}|\d{2})"
_DATE_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"), "dmy"),
    (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?{_MONTH},?[\s\-]+{_YEAR}"), "dMy"),
    (re.compile(rf"{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{{4}})"), "Mdy"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})/(\d{4})"), "my"),
    (re.compile(rf"{_MONTH},?[\s\-/]+{_YEAR}"), "My"),
]
# Words around a date that do not change it: "by 31 March 2017", "end of March 2017".
_AROUND = re.compile(r"^(?:(?:by|the|end|of|due|on|in|at|target|date)\s+)*(.*?)[.\s]*$")


def _year(text: str) -> int:
    # Two-digit years are this century: plans that follow reviews began in the 2000s.
    return int(text) + 2000 if len(text) == 2 else int(text)


def _date_at(text: str, pos: int = 0, *, whole: bool = False) -> tuple[str, int] | None:
    """The date written at ``pos`` of ``text`` (lower case) as ISO text, and where it ends."""
    for pattern, form in _DATE_FORMS:
        match = pattern.fullmatch(text, pos) if whole else pattern.match(text, pos)
        if match is None:
            continue
        if not whole and match.end() < len(text) and text[match.end()].isalnum():
            continue
        groups = match.groups()
        if form in ("ymd", "dmy", "dMy", "Mdy"):
            if form == "ymd":
                year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
            elif form == "dmy":
                day, month, year = int(groups[0]), int(groups[1]), _year(groups[2])
            elif form == "dMy":
                day, month, year = int(groups[0]), _MONTHS.get(groups[1], 0), _year(groups[2])
            else:
                month, day, year = _MONTHS.get(groups[0], 0), int(groups[1]), int(groups[2])
            try:
                return dt.date(year, month, day).isoformat(), match.end()
            except ValueError:
                continue
        if form == "ym":
            year, month = int(groups[0]), int(groups[1])
        elif form == "my":
            month, year = int(groups[0]), int(groups[1])
        else:
            month, year = _MONTHS.get(groups[0], 0), _year(groups[1])
        if 1 <= month <= 12 and 1990 <= year <= 2100:
            return f"{year:04d}-{month:02d}", match.end()
    return None


def read_date(text: str) -> str | None:
    """A cell that holds one date, as ``YYYY-MM-DD`` (or ``YYYY-MM`` for a month), else None.

    Reads 31/03/2017 (day first, as in the UK), 31.03.17, 31st March 2017, March 31, 2017,
    March 2017, Jan 08, Jan-08, 2017-03-31 and 03/2017, with words such as "by" or "end of"
    around them. "Immediate", "Ongoing", "Q1 2017" and "2017/18" are not dates.
    """
    match = _AROUND.match(text.strip().lower())
    core = match[1] if match else ""
    found = _date_at(core, whole=True) if core else None
    return found[0] if found else None


_DATE_SHAPE = re.compile(r"\s*\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\s*")


def shaped_like_a_date(text: str) -> bool:
    """True when ``text`` is written like a date (``02/30/2024``, ``2024-13``), real or not."""
    return _DATE_SHAPE.fullmatch(text) is not None


def holds_a_date(text: str) -> bool:
    """True when a date can be read anywhere in ``text``."""
    lower = text.lower()
    return any(
        (pos == 0 or not lower[pos - 1].isalnum()) and _date_at(lower, pos) is not None
        for pos in range(len(lower))
        if lower[pos].isalnum()
    )


_AFTER_DATE = re.compile(r"\s*(?:[:\-\u2013\u2014)]\s*|\s(?=\S))")


def leading_date(paragraph: str) -> tuple[str, str] | None:
    """A progress paragraph that starts with its date: ``12/01/2017 - Audit started`` gives
    ``("2017-01-12", "Audit started")``. Month-only dates need a separator (``March 2017:``)."""
    lower = paragraph.lower()
    found = _date_at(lower)
    if found is None:
        return None
    iso, end = found
    after = _AFTER_DATE.match(lower, end)
    if after is None or (len(iso) == 7 and not lower[end : after.end()].strip()):
        return None
    rest = paragraph[after.end() :].strip()
    return (iso, rest) if rest else None


# --- RAG ---------------------------------------------------------------------------------------

_RAG_WORDS = {
    "r": "red",
    "red": "red",
    "a": "amber",
    "amber": "amber",
    "orange": "amber",
    "yellow": "amber",
    "g": "green",
    "green": "green",
    "b": "blue",
    "blue": "blue",
    "complete": "blue",
    "completed": "blue",
}
_RAG_START = re.compile(r"^(red|amber|green|blue)\b(?![\s]*[/&+]|\s*-\s*(?:red|amber|green|blue))")


def rag_from_text(text: str) -> str | None:
    """The RAG colour a cell's text names (``Red``, ``A``, ``Green - on track``), or None."""
    lower = re.sub(r"^(?:rag|status)\s*:\s*", "", text.strip().lower()).strip(" .")
    if lower in _RAG_WORDS:
        return _RAG_WORDS[lower]
    match = _RAG_START.match(lower)
    return match[1] if match else None


def rag_from_fill(fill: str) -> str | None:
    """The RAG colour nearest a cell's fill (``RRGGBB``), or None for white, grey, black or a
    colour that is none of red, amber, green or blue (purple, pink)."""
    try:
        red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except (ValueError, IndexError):
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.15 or value < 0.25:
        return None
    degrees = hue * 360
    if degrees < 18 or degrees >= 340:
        return "red"
    if degrees < 70:
        return "amber"
    if degrees < 170:
        return "green"
    if degrees < 260:
        return "blue"
    return None


def is_blank_fill(fill: str) -> bool:
    """True for a fill that is white, grey or black: no colour meant."""
    try:
        red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except (ValueError, IndexError):
        return False
    _, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    return saturation < 0.15 or value < 0.25


# --- damaged text ---------------------------------------------------------------------------

_MIN_REPEAT = 12  # words: shorter repeats happen in real prose ("and the ... and the")


def remove_repeat(paragraph: str) -> tuple[str, str] | None:
    """Find a passage of twelve words or more that is written twice in a row (as PDF
    extraction does) and drop the second copy.

    Returns:
        The paragraph without the repeat and the repeated passage, or None if there is none.
    """
    text, passages = remove_repeats(paragraph)
    return (text, passages[0]) if passages else None


def remove_repeats(paragraph: str) -> tuple[str, list[str]]:
    """The paragraph with every passage of twelve words or more that follows a copy of itself
    left out, and the passages left out, in one pass over the words.

    Each word is compared with the most recent passages that end just before it, so a cell of
    one passage written thousands of times costs thousands of steps, not their square.
    """
    words = paragraph.split(" ")
    kept: list[str] = []
    starts: dict[tuple[str, ...], list[int]] = {}  # twelve words → where they start in kept
    passages: list[str] = []
    j = 0
    while j < len(words):
        size = _copy_before(words, j, kept, starts)
        if size:
            passages.append(" ".join(kept[len(kept) - size :]))
            j += size
            continue
        kept.append(words[j])
        if len(kept) >= _MIN_REPEAT:
            starts.setdefault(tuple(kept[-_MIN_REPEAT:]), []).append(len(kept) - _MIN_REPEAT)
        j += 1
    return " ".join(kept), passages


def _copy_before(
    words: list[str], j: int, kept: list[str], starts: dict[tuple[str, ...], list[int]]
) -> int:
    """The length of a passage that ends the kept words and starts again at ``words[j]``,
    or 0; only the four latest places the next twelve words were seen are tried."""
    gram = tuple(words[j : j + _MIN_REPEAT])
    if len(gram) < _MIN_REPEAT:
        return 0
    tried = 0
    for i in reversed(starts.get(gram, ())):
        size = len(kept) - i
        if size < _MIN_REPEAT:
            continue
        if j + size <= len(words) and all(kept[i + k] == words[j + k] for k in range(size)):
            return size
        tried += 1
        if tried == 4:
            break
    return 0


_DANGLING = frozenset(
    "and or but the a an of to with for in on by from that which at as is are was were".split()
)


def cut_off(text: str) -> str | None:
    """The last words of ``text`` when it seems to stop mid-sentence (it ends with a comma or
    a word such as "and" or "the"), for a message; else None."""
    stripped = text.rstrip()
    last = stripped.rsplit(" ", 1)[-1].lower()
    if stripped.endswith(",") or last in _DANGLING:
        tail = stripped[-40:]
        return ("..." + tail.split(" ", 1)[-1]) if len(stripped) > 40 else tail
    return None


# --- status words and keys ----------------------------------------------------------------

# Words plans use for a status instead of a colour, and the colour each plainly means.
_STATUS_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:not achieved|not on track|off track|not met|not started)\b"), "red"),
    (
        re.compile(
            r"^(?:fully achieved|achieved|action completed and evidenced|completed and "
            r"evidenced|complete and evidenced|fully implemented|implemented)\b"
        ),
        "blue",
    ),
    (re.compile(r"^(?:on track|on target|in progress and on track)\b"), "green"),
    (re.compile(r"^(?:slipped|slipping|delayed|behind)\b"), "amber"),
]


def status_colour(text: str) -> str | None:
    """The colour a status word plainly means (``Fully achieved`` → blue, ``On track`` →
    green, ``Slipped`` → amber, ``Not achieved`` → red), or None."""
    lower = " ".join(text.lower().replace("\u2013", "-").split()).strip(" .")
    for pattern, colour in _STATUS_WORDS:
        if pattern.match(lower):
            return colour
    return None


_LEVEL = re.compile(
    r"^\s*(red|amber|green|blue|r|a|g|b|\d{1,2})\b\s*(?:[:=\-\u2013\u2014]\s*|\s+)(\S.*)$",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s+[-\u2013\u2014:]\s+|\s*[:=]\s+")
_LETTERS = {"r": "red", "a": "amber", "g": "green", "b": "blue"}


def key_level(cells: list[str]) -> tuple[str, str, str, str | None] | None:
    """A line of a status key: ``["1", "Achieved - evidence shows full implementation"]`` or
    ``Red - Progress not on track`` as (name, label, meaning, colour), or None.

    ``name`` is the level as the plan's cells write it (``1``, ``red``); ``label`` its short
    name (``Achieved``, ``Red``); ``meaning`` the rest; ``colour`` the RAG colour it stands for,
    when that is plain from the words (None when it is not).
    """
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) == 2 and len(filled[0]) <= 12:
        level, text = filled
    elif len(filled) == 1 and (match := _LEVEL.match(filled[0])):
        level, text = match[1], match[2]
    else:
        return None
    token = level.strip().rstrip(".:").lower()
    colour = _RAG_WORDS.get(token) if not token.isdigit() else None
    if colour is None and not (token.isdigit() and len(token) <= 2):
        return None
    parts = _DASH.split(text, maxsplit=1)
    if colour is not None:
        label, meaning = level.strip().rstrip(".:"), text
    elif len(parts) == 2:
        label, meaning = parts[0], parts[1]
    else:
        label, meaning = text, ""
    if colour is None:
        colour = status_colour(label) or status_colour(text)
    return token, label.strip(), meaning.strip(), colour


_KEY_TITLE = re.compile(
    r"\b(?:key|legend|rag rating|rating|categor(?:y|ies)|what (?:it|each) means)\b", re.IGNORECASE
)


def is_key_title(text: str) -> bool:
    """True for the heading of a status key (``RAG key``, ``Assessment of progress Categories
    1 - 4``, ``RAG rating   What it means``)."""
    return len(text) <= 80 and _KEY_TITLE.search(text) is not None


# --- several items in one cell --------------------------------------------------------------

_MARKER = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u2023\u2043\u25e6*\-\u2013]\s*|\(?[a-z]\)\s*|\(?[ivx]{1,4}\)\s*)(?=\S)",
    re.IGNORECASE,
)


def list_marker(paragraph: str) -> tuple[str, str] | None:
    """The marker a list item starts with (``a)``, ``•``, ``(ii)``), and the text after it."""
    match = _MARKER.match(paragraph)
    if match is None:
        return None
    return match.group().strip(), paragraph[match.end() :]


# --- leads ------------------------------------------------------------------------------------

_ORGANISATION = re.compile(
    r"\b(?:police|constabulary|council|nhs|trust|ccg|icb|pct|services?|care|health|education|"
    r"probation|partnership|board|lscb|lsab|scb|school|schools|authority|csc|hospital|"
    r"foundation|agency|department|unit|team|crc|nps|cafcass|ambulance|fire|housing|"
    r"practices?|safeguarding|social|children'?s|adults'?|ofsted|england|office|college|"
    r"university|group|commissioning|community|borough|county|city)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"^(?:di|ds|dci|dcs|dsupt|supt|pc|ps|dr|mr|mrs|ms|miss|mx|cllr|prof)\.?\s|"
    r"\b(?:head|director|manager|officer|lead|chair|nurse|doctor|gp|inspector|named|"
    r"designated|coordinator|co-ordinator|adviser|advisor|principal|chief|deputy|assistant|"
    r"superintendent|sergeant|constable|midwife|consultant|worker)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z&]{2,6}$")


def _is_person(part: str) -> bool:
    if _PERSON.search(part):
        return True
    words = part.split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not _ORGANISATION.search(part)
    )


def split_leads(text: str) -> list[str]:
    """The leads in one line of a lead cell: ``Sue Black, Bournemouth Borough Council, Tom
    Grey, Poole Borough Council`` gives two ("name, organisation" pairs stay together);
    ``Police, Health, Education`` three; a line with no organisation in it stays whole."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) < 2:
        return [text.strip()] if text.strip() else []
    kinds = ["person" if _is_person(p) else "org" for p in parts]
    if "org" not in kinds or not all(
        k == "person" or _ORGANISATION.search(p) or _ACRONYM.match(p)
        for p, k in zip(parts, kinds, strict=True)
    ):
        return [text.strip()]
    leads: list[str] = []
    person: str | None = None
    for part, kind in zip(parts, kinds, strict=True):
        if kind == "person":
            if person is not None:
                leads.append(person)
            person = part
        else:
            leads.append(f"{person}, {part}" if person is not None else part)
            person = None
    if person is not None:
        leads.append(person)
    return leads
