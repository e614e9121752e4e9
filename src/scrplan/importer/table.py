"""The one shape every reader produces: rows of cells, each cell a list of paragraphs.

Word, Excel, CSV and extracted text all become a :class:`SourceFile`, so that finding the header,
rejoining rows split by page breaks and mapping columns (:mod:`scrplan.importer.build`) are
written once, whatever the file was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrplan.errors import ScrplanError

# The most table rows an import reads: far above any real plan, and a bound on the work
# (see scrplan.importer.limits).
MAX_ROWS = 10_000


class Unreadable(ScrplanError):
    """The file cannot be read as a plan; the message says why and what to do."""


def too_many_rows(name: str) -> Unreadable:
    """The refusal for a file with more table rows than :data:`MAX_ROWS`."""
    return Unreadable(
        f"{name}: this file has more than {MAX_ROWS:,} table rows; scrplan imports at most "
        f"{MAX_ROWS:,} (a real action plan is far smaller). Copy the plan's table into a new "
        "file, and import that"
    )


# Soft hyphens, zero-width characters, control characters and bidi controls: invisible debris
# from Word and PDF extraction, and from text decoded in the wrong encoding. A plan may not
# hold the controls (scrplan.words.UNSAFE), so an import never writes them.
_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    "\u202a-\u202e\u2066-\u2069]"
)
# Line and paragraph separators inside one paragraph are spaces; paragraphs() splits on them.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """One paragraph's text: invisible characters removed, runs of spaces made one."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def paragraphs(text: str) -> list[str]:
    """Text with line breaks as a list of cleaned, non-empty paragraphs."""
    lines = (clean(line) for line in re.split("\r\n|[\r\n\u2028\u2029]", text))
    return [line for line in lines if line]


@dataclass
class ImportCheck:
    """Something a person should look at, in words that say where it is in the source.

    ``path`` is where it belongs in the plan data (``()`` for the plan as a whole); the import
    marks it there with a ``# Check:`` comment.
    """

    message: str
    path: tuple[str | int, ...] = ()


@dataclass
class SourceCell:
    """One table cell.

    Attributes:
        paragraphs: the cell's text, one entry per paragraph, each cleaned and non-empty.
        fill: the cell's background colour as ``RRGGBB``, ``theme`` for a colour that cannot be
            read as one (an Office theme colour), or None when it has none.
    """

    paragraphs: list[str] = field(default_factory=list)
    fill: str | None = None

    @property
    def text(self) -> str:
        """The cell's paragraphs on one line."""
        return " ".join(self.paragraphs)


@dataclass
class SourceRow:
    """One table row, with where it came from for messages (``line 18``, ``table 2, row 5``).

    ``break_before`` is true for the first row of a table and the first row after a page
    break: the places where a row may have been split in two. ``new_table`` is true for the
    first row of a separate table (a Word table, a worksheet), which may be a different table
    altogether.
    """

    cells: list[SourceCell]
    where: str
    break_before: bool = False
    new_table: bool = False

    @property
    def texts(self) -> list[str]:
        """Each cell's text on one line."""
        return [cell.text for cell in self.cells]


@dataclass
class SourceFile:
    """What a reader found in a file.

    Attributes:
        name: the file's path as the user gave it, for messages.
        preamble: paragraphs before the first table (headings, background).
        rows: every table row, in order, across all the tables.
        postscript: paragraphs after the last table.
        tables: how many tables (or worksheets) held rows.
        skipped: parts of the file the reader left out (a hidden worksheet), for the checks.
    """

    name: str
    preamble: list[str] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    postscript: list[str] = field(default_factory=list)
    tables: int = 0
    table_word: str = "table"  # what the file calls a table: "worksheet" in Excel
    skipped: list[str] = field(default_factory=list)  # what the reader did not read, and why

    def add(self, row: SourceRow) -> None:
        """Add a table row; refuse the file once it has more than :data:`MAX_ROWS`."""
        if len(self.rows) >= MAX_ROWS:
            raise too_many_rows(self.name)
        self.rows.append(row)
