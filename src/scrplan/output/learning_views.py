"""What ``scrplan repeats`` shows: recommendations made again in other reviews, as a page for
people, a JSON record and CSV.

Each group is headed by what a board asks first ("made in 3 reviews since 2016; 2 still
outstanding"), then one row per review: the reference, the review's date, the RAG and state
now, how alike it is to the others, and the recommendation as that plan words it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from scrplan.learning.repeats import Repeat, Said
from scrplan.output.blocks import EMPTY, Cell, Column, Heading, Page, Para, Table
from scrplan.output.problems import JSON_VERSION
from scrplan.output.spreadsheet import csv_text
from scrplan.words import plural, shorten

TEXT_WIDTH = 70


def percent(similarity: float) -> str:
    """``84%``: how alike, as people say it; rounded down, so that 0.497 (below a threshold of
    0.5) is not shown as 50%."""
    return f"{math.floor(similarity * 100 + 1e-6)}%"


def repeats_summary(repeats: Sequence[Repeat], plans: int, min_similarity: float) -> str:
    """One line: how many recommendations were made again, in how many plans compared."""
    across = f"across {plural(plans, 'plan')} (at least {percent(min_similarity)} alike)"
    if not repeats:
        return f"No recommendation was made in more than one review {across}."
    outstanding = sum(1 for r in repeats if r.outstanding)
    made = "was" if len(repeats) == 1 else "were"
    return (
        f"{plural(len(repeats), 'recommendation')} {made} made in more than one review "
        f"{across}; {outstanding} of them still outstanding somewhere."
    )


def _date(said: Said) -> str:
    return said.date.isoformat() if said.date is not None else EMPTY


def _rag(said: Said) -> Cell:
    rag = said.plan.rag(said.item)
    return Cell(rag or "not rated", rag=rag or "none")


def repeats_page(
    repeats: Sequence[Repeat], plans: int, min_similarity: float, *, full: bool = False
) -> Page:
    """Every group of repeated recommendations, most reviews first. ``full``: whole texts (for
    Markdown and files), not shortened to fit a screen."""
    doc: Page = [
        Heading("Recommendations made again"),
        Para(repeats_summary(repeats, plans, min_similarity)),
    ]
    for number, repeat in enumerate(repeats, 1):
        doc.append(Heading(f"{number}. {repeat.summary[0].upper()}{repeat.summary[1:]}", 3))
        table = Table(
            [
                Column("Ref"),
                Column("Date"),
                Column("RAG"),
                Column("State"),
                Column("Alike", justify="right"),
                Column("Recommendation", wrap=True, min_width=20),
            ]
        )
        for said, score in zip(repeat.items, repeat.scores, strict=True):
            text = " ".join(said.item.text.split())
            table.add(
                said.ref,
                _date(said),
                _rag(said),
                Cell("outstanding", strong=True) if said.outstanding else "complete",
                percent(score),
                text if full else shorten(text, TEXT_WIDTH),
            )
        doc.append(table)
    return doc


def _item_record(said: Said, score: float) -> dict[str, Any]:
    return {
        "ref": said.ref,
        "plan": said.plan.name,
        "title": said.plan.title,
        "file": said.plan.file,
        "date": said.date.isoformat() if said.date is not None else None,
        "rag": said.plan.rag(said.item),
        "outstanding": said.outstanding,
        "similarity": score,
        "recommendation": said.item.text,
    }


def repeats_record(repeats: Sequence[Repeat], plans: int, min_similarity: float) -> dict[str, Any]:
    """The groups as JSON: each with its summary, counts and recommendations."""
    return {
        "version": JSON_VERSION,
        "min_similarity": min_similarity,
        "plans": plans,
        "repeats": [
            {
                "summary": r.summary,
                "reviews": len(r.items),
                "outstanding": r.outstanding,
                "since": r.since.isoformat() if r.since is not None else None,
                "similarity": r.similarity,
                "items": [_item_record(s, v) for s, v in zip(r.items, r.scores, strict=True)],
            }
            for r in repeats
        ],
    }


CSV_HEADERS = (
    "Repeat",
    "Summary",
    "Ref",
    "Plan",
    "Date",
    "RAG",
    "State",
    "Alike",
    "Recommendation",
)


def repeats_csv(repeats: Sequence[Repeat]) -> str:
    """One row per recommendation, numbered by its group, for Excel."""
    rows = [
        (
            number,
            r.summary,
            said.ref,
            said.plan.title,
            _date(said) if said.date is not None else "",
            said.plan.rag(said.item) or "",
            "outstanding" if said.outstanding else "complete",
            percent(score),
            said.item.text,
        )
        for number, r in enumerate(repeats, 1)
        for said, score in zip(r.items, r.scores, strict=True)
    ]
    return csv_text(CSV_HEADERS, rows)
