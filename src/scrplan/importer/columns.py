"""Which column holds what: a plan's column headings matched to scrplan's fields.

Real plans word their headings in many ways ("Lead Agency", "Agency Lead Person",
"Responsibility"); the table below holds the wordings found in published plans. A heading is
matched exactly first, then by a phrase it holds, then by its main word; each field takes the
column that names it best. Columns that match nothing, and a second
column for a field that already has one, are kept word for word in ``other_columns``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What each field means, for the import report.
FIELDS = {
    "number": "the item's number",
    "learning": "learning",
    "recommendation": "recommendation",
    "action": "action",
    "lead": "lead",
    "target": "target_date, or timescale when it is not a date",
    "progress": "progress (a note for each paragraph)",
    "evidence": "evidence",
    "completion": "completed (its date) and evidence (the rest)",
    "completed": "completed",
    "rag": "rag (from the text, or the cell's colour)",
}
MAIN = ("recommendation", "action")

_EXACT: dict[str, str] = {}
for _field, _words in {
    "number": "no|no.|number|ref|ref no|reference|item|id|rec no|recommendation no|"
    "recommendation number|recommendation ref|action no|action number|para|paragraph|#",
    "learning": "learning or improvement point|learning improvement point|learning point|"
    "learning|learning points|improvement point|key learning|lesson|lessons|lessons learned|"
    "lessons learnt|finding|findings|issue|issues|key issue|learning from the review",
    "recommendation": "recommendation|recommendations|rec|review recommendation|"
    "scr recommendation|recommendation from the review",
    "action": "action|actions|action to be taken|actions to be taken|action required|"
    "actions required|agreed action|agreed actions|proposed action|what will be done|"
    "action taken|actions taken",
    "lead": "lead|leads|lead agency|lead agencies|agency|agencies|agency lead|"
    "agency lead person|lead person|lead persons|lead officer|lead officers|"
    "responsibility|responsible|responsible agency|responsible officer|responsible person|"
    "owner|owners|who|by whom|accountable|accountable officer",
    "target": "target date|target|when|timescale|timescales|time scale|date|due|due date|"
    "deadline|by when|target completion date|completion date|target timescale",
    "progress": "progress|progress comment|progress comments|progress update|"
    "progress updates|progress to date|update|updates|comment|comments|agency response|"
    "response|notes|note|progress notes|current position|status update",
    "evidence": "evidence|evidence outcome|evidence and outcome|outcome|outcomes|"
    "evidence of impact|impact|evidence of completion|success measure|success measures|"
    "measure of success|measures of success|outcome evidence",
    "completion": "date of completion and outcome|date completed and outcome|"
    "completion date and outcome|completion and outcome",
    "completed": "date completed|completed|date of completion|completed date|"
    "date closed|closed|date achieved",
    "rag": "rag|rag status|rag rating|rag rated|status|progress indicator|brag|"
    "brag status|rating|red amber green|r a g|progress indicator r a g|rag ragb|"
    "assessment|assessment of progress|progress assessment|progress rating|category|"
    "assessment 1 4|assessment of progress categories 1 4",
}.items():
    for _word in _words.split("|"):
        _EXACT[_word] = _field

# Phrases that decide a heading whatever else it says.
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bb?rag\b|\br a g\b|progress indicator|red amber green"), "rag"),
    (
        re.compile(r"\bcomplet\w*\b.*\b(outcome|evidence)\b|\b(outcome|evidence)\b.*\bcomplet"),
        "completion",
    ),
    (re.compile(r"\bcomplet\w*\b.*\bdate\b|\bdate\b.*\bcomplet"), "completed"),
    (re.compile(r"\b(recommendation|rec|action|item)s? (no|number|ref)\b"), "number"),
]
# Words that name a field wherever they are in a heading.
_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(target|timescales?|deadline|due)\b"), "target"),
    (re.compile(r"\blearning\b|\blessons?\b|\bfindings?\b"), "learning"),
    (re.compile(r"\brecommendations?\b"), "recommendation"),
    (re.compile(r"\bactions?\b"), "action"),
    (re.compile(r"\blead\b|\bresponsib\w*|\bowners?\b|\baccountable\b"), "lead"),
    (re.compile(r"\bprogress\b|\bupdates?\b|\bresponses?\b|\bcomments?\b"), "progress"),
    (re.compile(r"\bevidence\b|\boutcomes?\b|\bimpact\b"), "evidence"),
    (re.compile(r"\bassessments?\b|\bcategor(y|ies)\b|\bstatus\b"), "rag"),
]
# "Agency response to recommendations" is a response: the words after "to", "of", "on"...
# only say what it is about.
_LINK = re.compile(r"\b(?:to|for|of|on|against|from|by|in|with|about)\b")
_EXACT_SCORE = 100


def normalise(heading: str) -> str:
    """A heading in lower case with punctuation as spaces: ``Action(s)`` → ``actions``."""
    text = heading.lower().replace("(s)", "s").replace("&", " and ")
    return " ".join(re.sub(r"[^\w#]+", " ", text).split())


def field_for(heading: str) -> tuple[str | None, bool]:
    """The field a heading names, and whether it matched exactly (not just by a word in it)."""
    name, score = best_field(heading)
    return name, score >= _EXACT_SCORE


def best_field(heading: str) -> tuple[str | None, int]:
    """The field a heading names best, and how well (100 for a wording scrplan knows whole).

    A known phrase decides; otherwise the main word does: the last field word before any
    "to", "of", "on"... ("Progress assessment" is an assessment; "Agency response to
    recommendations" a response), and a word after one counts for little.
    """
    words = normalise(heading)
    if words in _EXACT:
        return _EXACT[words], _EXACT_SCORE
    for pattern, name in _PHRASES:
        if pattern.search(words):
            return name, 80
    link = _LINK.search(words)
    cut = link.start() if link else len(words)
    found: list[tuple[int, str]] = []
    for pattern, name in _WORDS:
        found += [(match.start(), name) for match in pattern.finditer(words)]
    if not found:
        return None, 0
    before = [f for f in found if f[0] < cut]
    if before:
        return max(before)[1], 50
    return min(found)[1], 10


@dataclass
class Columns:
    """How a table's columns map to fields.

    Attributes:
        headings: the header row's text, one per column.
        fields: column index → field name, for the columns that were mapped.
        others: column index → the name it keeps in ``other_columns``.
        doubles: column index → the field it also looked like, for columns not used for that
            field because an earlier or better-matching column was.
    """

    headings: list[str]
    fields: dict[int, str] = field(default_factory=dict)
    others: dict[int, str] = field(default_factory=dict)
    doubles: dict[int, str] = field(default_factory=dict)

    def index(self, name: str) -> int | None:
        """The column mapped to field ``name``, if any."""
        return next((i for i, f in self.fields.items() if f == name), None)

    @property
    def key(self) -> tuple[str, ...]:
        """What identifies this header row when a page break repeats it."""
        return tuple(normalise(h) for h in self.headings)


def map_columns(headings: list[str]) -> Columns:
    """Map a header row's headings to fields.

    Each field gets one column: the best match (see :func:`best_field`), then the leftmost.
    """
    columns = Columns(headings)
    candidates: dict[str, list[tuple[int, int]]] = {}
    for index, heading in enumerate(headings):
        name, score = best_field(heading)
        if name is not None:
            candidates.setdefault(name, []).append((-score, index))
    for name, found in candidates.items():
        best = min(found)[1]
        columns.fields[best] = name
        for _, index in found:
            if index != best:
                columns.doubles[index] = name
    used: set[str] = set()
    for index, heading in enumerate(headings):
        if index in columns.fields:
            continue
        base = heading.strip() or f"Column {index + 1}"
        name, number = base, 2
        while name in used:
            name, number = f"{base} ({number})", number + 1
        used.add(name)
        columns.others[index] = name
    columns.fields = dict(sorted(columns.fields.items()))
    return columns


def is_header(texts: list[str]) -> bool:
    """True when a row reads as a header row: at least two headings scrplan knows, one of them
    the recommendation or action column, and nothing as long as a cell of prose."""
    filled = [t for t in texts if t.strip()]
    if len(filled) < 2 or any(len(t) > 80 for t in filled):
        return False
    names = [field_for(t)[0] for t in filled]
    known = [n for n in names if n is not None]
    return len(known) >= 2 and any(n in MAIN for n in known) and len(set(known)) >= 2
