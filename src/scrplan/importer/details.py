"""The plan's details (title, partnership, review, subject, summary) from the text above the
table: a heading, labelled lines such as ``Action Plan regarding: Child M SCR - SILP``, and
paragraphs of background."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from scrplan.importer import values
from scrplan.importer.columns import normalise
from scrplan.importer.table import ImportCheck

_SEPARATOR = re.compile(r"^[-_=.\s]*$")

_LABELS = {
    "title": "title|plan title|action plan|action plan regarding|action plan for|plan|case|"
    "review title|review name|name of review|re|regarding",
    "partnership": "partnership|board|lscb|safeguarding partnership|safeguarding board|"
    "organisation",
    "review": "review|type of review|review type|kind of review",
    "subject": "subject|subject of the review",
    "report_date": "report date|date of report|report published|date published|publication date",
    "plan_date": "plan date|date of plan|date agreed|agreed|date plan agreed",
    "next_review": "next review|next review date|review date|date of next review",
}
_LABEL_FIELD = {word: name for name, words in _LABELS.items() for word in words.split("|")}
_DATE_FIELDS = ("report_date", "plan_date", "next_review")
_PARTNERSHIP = re.compile(
    r"((?:[A-Z][\w'\u2019&-]*\s+(?:(?:and|&|of|upon)\s+)?)*?(?:(?:Local\s+)?Safeguarding(?:\s+(?:Children|Adults|"
    r"Children's|Adult))?\s+(?:Board|Partnership)|Community\s+Safety\s+Partnership))"
)
_REVIEWS = [
    (
        re.compile(r"\bLocal Child Safeguarding Practice Review\b|\bLCSPR\b"),
        "Local Child Safeguarding Practice Review",
    ),
    (
        re.compile(r"\bChild Safeguarding Practice Review\b|\bCSPR\b"),
        "Child Safeguarding Practice Review",
    ),
    (re.compile(r"\bSerious Case Review\b|\bSCR\b"), "Serious Case Review"),
    (re.compile(r"\bSafeguarding Adults? Review\b|\bSAR\b"), "Safeguarding Adults Review"),
    (re.compile(r"\bDomestic Homicide Review\b|\bDHR\b"), "Domestic Homicide Review"),
    (re.compile(r"\bRapid Review\b"), "Rapid Review"),
]
_SUBJECT = re.compile(r"\b((?:Child|Adult|Baby|Young Person|Family|Sibling Group)\s+[A-Z]{1,3})\b")


def plan_details(
    preamble: list[list[str]], name: str, title: str | None, checks: list[ImportCheck]
) -> dict[str, Any]:
    """Title, partnership, review, subject, dates and summary from the text above the table.

    Labelled lines (``Action Plan regarding: Child M SCR``, ``Review: SCR``) give fields;
    a first short line that names a safeguarding board or partnership, or a kind of review,
    gives those; a first short line that does neither is the title. The rest is the summary.
    """
    found, summary = _labelled(preamble)
    read = list(found)
    # The short lines at the top: a board's heading, then perhaps the plan's own title.
    while summary and len(summary[0]) <= 120 and not summary[0].endswith("."):
        heading = summary[0]
        partnership = _PARTNERSHIP.search(heading)
        review = _review_kind(heading)
        if partnership and "partnership" not in found:
            # "Dudley Safeguarding Children Board Serious Case Review Action Plan"
            for key, value in (("partnership", partnership[1]), ("review", review)):
                if value and key not in found:
                    found[key] = value
                    read.append(key)
            summary.pop(0)
        elif "title" not in found and not title:  # "Child Q SCR action plan"
            found["title"] = summary.pop(0)
            read.append("title")
            break
        elif review and "review" not in found:  # "Serious Case Review action plan"
            found["review"] = review
            read.append("review")
            summary.pop(0)
        else:
            break
    if title:
        found["title"] = title
        read = [name for name in read if name != "title"]
    if "title" not in found:
        stem = PurePath(name).stem
        found["title"] = " ".join(re.split(r"[-_\s]+", stem)).strip() or "Imported action plan"
        checks.append(
            ImportCheck(
                "no title was found in the file, so the plan is named after the file: give "
                "it a title",
                path=("title",),
            )
        )
    derived = []
    if "review" not in found and (review := _review_kind(found["title"])):
        found["review"] = review
        derived.append("review")
    if "review" in found and "SILP" in " ".join([found["title"], *summary[:1]]):
        found["review"] += " (SILP)"  # the review method, as in "Serious Case Review (SILP)"
    if "subject" not in found and (subject := _SUBJECT.search(found["title"])):
        found["subject"] = subject[1]
        derived.append("subject")
    said = []
    if read:
        said.append(f"{_listed(read)} read from the text above the table")
    if derived:
        said.append(f"{_listed(derived)} worked out from the title")
    if said:
        them = "them" if len(set(read + derived)) > 1 else "it"
        checks.append(ImportCheck(f"{'; '.join(said)}: check {them}", path=("title",)))
    data: dict[str, Any] = {"title": found["title"]}
    for name in ("partnership", "review", "subject", *_DATE_FIELDS):
        if name in found:
            data[name] = found[name]
    if summary:
        data["summary"] = "\n".join(summary) + "\n"
    return data


def _labelled(preamble: list[list[str]]) -> tuple[dict[str, str], list[str]]:
    """The plan fields that labelled lines give, and the other lines of text."""
    found: dict[str, str] = {}
    rest: list[str] = []
    for row in preamble:
        cells = [c for c in row if not _SEPARATOR.match(c)]
        if not cells:
            continue
        label, value = _label(cells)
        name = _LABEL_FIELD.get(normalise(label)) if label else None
        if name == "review" and value and not _review_kind(value, whole=True):
            name = "title"  # "Review: Child Q LCSPR" names the review, not its kind
        if name in _DATE_FIELDS and value:
            value = values.read_date(value)
        if name and value and name not in found:
            found[name] = value
        else:
            rest.append(" ".join(cells))
    return found, rest


def _review_kind(text: str, *, whole: bool = False) -> str | None:
    """The kind of review ``text`` names (``SCR`` → ``Serious Case Review``), if any; with
    ``whole``, only when that is all it says."""
    for pattern, name in _REVIEWS:
        if pattern.fullmatch(text.strip()) if whole else pattern.search(text):
            return name
    return None


def _listed(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _label(cells: list[str]) -> tuple[str | None, str | None]:
    """``("Review", "SCR Child Q")`` from a two-cell row or a ``Review: SCR Child Q`` line."""
    if len(cells) == 2 and len(cells[0]) <= 40:
        return cells[0].rstrip(": "), cells[1]
    if len(cells) == 1:
        label, sep, value = cells[0].partition(":")
        if sep and value.strip() and len(label) <= 40:
            return label, value.strip()
    return None, None
