"""Plain text of a plan: copied from a PDF or a web page, or extracted by a PDF-to-text tool.

Three shapes are read, whichever the file has:

- **Tabs between cells**, one table row per line, paragraphs inside a cell marked
  ``<p>...</p>`` (as some extraction tools write).
- **Cells flattened** onto one line with ``|`` or `` / `` between them (a table copied from a
  web page or a PDF viewer, or a Markdown table).
- **Columns lined up with spaces** (a PDF-to-text tool's layout, ``pdftotext -layout``): the
  header row gives where each column starts; a cell's text wraps over several lines, and a row
  starts where its number or first words are.

A blank line or a form feed is where a page break may fall: there the header row is usually
repeated and a long row may be split in two. Rows are handed on with ``break_before`` set
there, and :mod:`scrplan.importer.build` drops the repeats and rejoins the halves. Text before
the table and after it is kept for the plan's details and the checks.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

from scrplan.importer import values
from scrplan.importer.columns import best_field, is_header, map_columns
from scrplan.importer.table import SourceCell, SourceFile, SourceRow, clean, paragraphs

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?p>", re.IGNORECASE)
_PAGE_LINE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d+)\s*$", re.IGNORECASE)
_GAP = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more spaces
_RULE = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")  # a Markdown or ASCII table's rule line
_SHORT_WORDS = frozenset("a an and are as at be by for in is it of on or the to with".split())
_NEW_PARAGRAPH = re.compile(r"^(?:[\u2022\u25cf\u25aa\u2013*\-]\s|\(?[a-z0-9]{1,3}[.)]\s|\d+\.\d)")


def decode(data: bytes) -> str:
    """Text from a file saved by Notepad, Word or Excel: UTF-8 (with or without a byte order
    mark), UTF-16 with a byte order mark, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def cell(text: str) -> SourceCell:
    """A cell's text: each ``<p>`` is a paragraph; text outside them is one more."""
    if not _TAG.search(text):
        return SourceCell(paragraphs(text))
    parts = [clean(html.unescape(p)) for p in _PARAGRAPH.findall(text)]
    outside = clean(html.unescape(_TAG.sub(" ", _PARAGRAPH.sub(" ", text))))
    return SourceCell([p for p in [*parts, outside] if p])


@dataclass
class _TextLine:
    number: int  # 1-based, for messages
    text: str
    page_break: bool  # a form feed came before it


def _lines(text: str) -> list[_TextLine]:
    out = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        page_break = "\f" in raw
        out.append(_TextLine(number + 1, raw.replace("\f", "").rstrip(), page_break))
    return out


def _plain(lines: list[_TextLine]) -> list[str]:
    return [p for line in lines if (p := clean(_TAG.sub(" ", line.text)))]


def read_text(data: bytes, name: str) -> SourceFile:
    """Read a plan's text into a document (see the module's description for the shapes)."""
    lines = _lines(decode(data))
    if any("\t" in line.text for line in lines):
        return _tabbed(lines, name)
    for separator in ("|", " / "):
        doc = _flattened(lines, name, separator)
        if doc is not None:
            return doc
    doc = _aligned(lines, name)
    if doc is not None:
        return doc
    return SourceFile(name, preamble=_plain(lines))


def _tabbed(lines: list[_TextLine], name: str) -> SourceFile:
    tabbed = [n for n, line in enumerate(lines) if "\t" in line.text]
    first, last = tabbed[0], tabbed[-1]
    doc = SourceFile(name, tables=1)
    doc.preamble = _plain(lines[:first])
    doc.postscript = _plain(lines[last + 1 :])
    pending_break = True
    for line in lines[first : last + 1]:
        if not line.text.strip():
            pending_break = True
            continue
        cells = [cell(text) for text in line.text.split("\t")]
        doc.add(SourceRow(cells, f"line {line.number}", break_before=pending_break))
        pending_break = False
    return doc


# --- cells flattened with a separator ---------------------------------------------------------


def _split(text: str, separator: str, outer: bool) -> list[str]:
    text += " "  # the line's trailing spaces were taken off: "... / 2017 /  /" ends in cells
    if outer:
        text = text.strip()
        text = text[1:] if text.startswith("|") else text
        text = text[:-1] if text.endswith("|") else text
    return text.split(separator)


def _flattened(lines: list[_TextLine], name: str, separator: str) -> SourceFile | None:
    """A table whose cells are run together on one line with ``separator`` between them."""
    header = None
    for n, line in enumerate(lines):
        if separator not in line.text:
            continue
        outer = separator == "|" and line.text.strip().startswith("|")
        if is_header([t.strip() for t in _split(line.text, separator, outer)]):
            header = n
            break
    if header is None:
        return None
    with_separator = [n for n, line in enumerate(lines) if separator in line.text and n >= header]
    last = with_separator[-1]
    doc = SourceFile(name, tables=1)
    doc.preamble = _plain(lines[:header])
    doc.postscript = _plain(lines[last + 1 :])
    pending_break = True
    for line in lines[header : last + 1]:
        if not line.text.strip() or _PAGE_LINE.match(line.text):
            pending_break = True
            continue
        if _RULE.match(line.text):
            continue
        if separator in line.text:
            cells = [cell(t) for t in _split(line.text, separator, outer)]
        else:  # a line of its own inside the table: a heading, or the title of a key
            cells = [cell(line.text)]
        doc.add(SourceRow(cells, f"line {line.number}", break_before=pending_break))
        pending_break = False
    return doc


# --- columns lined up with spaces -------------------------------------------------------------


def _chunks(text: str) -> list[tuple[int, str]]:
    """The pieces of a line between runs of two or more spaces, with where each starts."""
    return [(m.start(), m.group()) for m in _GAP.finditer(text)]


def _aligned(lines: list[_TextLine], name: str) -> SourceFile | None:
    """A table laid out in columns with spaces, its cells wrapping over several lines."""
    header = None
    for n, line in enumerate(lines):
        found = _chunks(line.text)
        if len(found) >= 2 and is_header([t for _, t in found]):
            header = n
            break
    if header is None:
        return None
    heads = _chunks(lines[header].text)
    starts = [start for start, _ in heads]
    headings = [text for _, text in heads]
    body = lines[header + 1 :]
    # A column of numbers with no heading, left of the first heading.
    if starts[0] > 0 and any(
        (p := _chunks(line.text)) and p[0][0] < starts[0] - 1 and values.whole_number(p[0][1])
        for line in body
    ):
        starts.insert(0, 0)
        headings.insert(0, "")
    first_line = [h.lower() for h in headings]
    headings, wrapped = _wrapped_header(lines[header + 1 :], starts, headings)
    body = lines[header + 1 + wrapped :]
    columns = map_columns(headings)
    # Where a new row shows: its number, else its recommendation or action (either may be
    # blank beside a merged cell).
    number = columns.index("number")
    mains = [
        i for n in ("recommendation", "action", "learning") if (i := columns.index(n)) is not None
    ]
    anchors = [number] if number is not None else mains[:2] or [0]
    last = max((n for n, line in enumerate(body) if len(_chunks(line.text)) >= 2), default=-1)
    while last + 1 < len(body) and body[last + 1].text.strip():  # the last row's wrapped lines
        last += 1
    doc = SourceFile(name, tables=1)
    doc.preamble = _plain(lines[:header])
    doc.postscript = _plain(body[last + 1 :])
    heading_key = first_line
    head_cells = [SourceCell([h]) if h else SourceCell() for h in headings]
    doc.add(SourceRow(head_cells, f"line {lines[header].number}", break_before=True))
    rows: list[tuple[_TextLine, list[list[str]], bool]] = []  # first line, lines per cell, break
    pending_break = False
    ended = False  # the line before ended a row (a blank line, a page break)
    skip = 0
    for n, line in enumerate(body[: last + 1]):
        if skip:
            skip -= 1
            continue
        if line.page_break or not line.text.strip():
            pending_break = True  # where a page may have broken, as in the other shapes
        if not line.text.strip() or _PAGE_LINE.match(line.text):
            ended = True
            continue
        pieces = _cells_of(line.text, starts)
        if [p.lower() for p in pieces if p] == [h for h in heading_key if h]:  # header repeated
            again, skip = _wrapped_header(body[n + 1 : last + 1], starts, pieces)
            rows.append((line, [[p] if p else [] for p in again], True))
            ended = True
            pending_break = False
            continue
        spans = _spans_columns(line.text, starts)
        filled = [i for i, p in enumerate(pieces) if p]
        current = rows[-1] if rows else None
        starts_row = (
            current is None
            or ended
            or spans
            or any(_starts_item(pieces, a, current[1], filled) for a in anchors)
        )
        if starts_row:
            cells: list[list[str]] = [[] for _ in starts]
            rows.append((line, cells, pending_break))
            pending_break = False
        cells = rows[-1][1]
        if spans:
            cells[0] = [clean(line.text)]
            ended = True
            continue
        for i, piece in enumerate(pieces):
            if piece:
                cells[i].append(piece)
        ended = False
    for first, cells, page_break in rows:
        made = [SourceCell(_rejoin(parts)) for parts in cells]
        if len(cells[0]) == 1 and not any(cells[1:]) and _heading_like(cells[0][0]):
            made = made[:1]  # a heading across the table ("10.2 Health"): a row of one cell
        doc.add(SourceRow(made, f"line {first.number}", break_before=page_break))
    return doc


def _wrapped_header(
    after: list[_TextLine], starts: list[int], headings: list[str]
) -> tuple[list[str], int]:
    """A header whose headings wrap over the lines below it ("Target" / "date", "Recommendatio"
    / "n"): the headings made whole, and how many lines they took. A line is part of the header
    while adding it names no column worse and either names one better or only carries words on
    (every piece starts in lower case or with a bracket)."""
    taken = 0
    for line in after:
        if not line.text.strip() or line.page_break:
            break
        pieces = _cells_of(line.text, starts)
        if any(values.whole_number(p) or values.read_date(p) for p in pieces if p):
            break
        merged = [_join_heading(h, p) for h, p in zip(headings, pieces, strict=True)]
        pairs = [(best_field(h), best_field(m)) for h, m in zip(headings, merged, strict=True)]
        worse = any(old[0] is not None and new[0] is None for old, new in pairs)
        better = any(new[0] is not None and new[1] > old[1] for old, new in pairs)
        carried = all(p[:1].islower() or p[:1] in "()" for p in pieces if p)
        if worse or not (better or carried):
            break
        headings = merged
        taken += 1
    return headings, taken


def _join_heading(heading: str, piece: str) -> str:
    """A heading and the next line's piece of it: a word broken at the edge of a narrow
    column ("Recommendatio" / "n") is joined whole when that names the column better."""
    if not piece:
        return heading
    if not heading:
        return piece
    spaced, whole = f"{heading} {piece}", heading + piece
    last, next_word = heading.split()[-1], piece.split()[0]
    broken = heading[-1:].isalpha() and piece[:1].islower() and next_word not in _SHORT_WORDS
    if broken and (
        best_field(whole)[1] > best_field(spaced)[1]
        or last.count("(") > last.count(")")  # "(local/regional/n" / "ational)"
        or (len(next_word) <= 2 and len(last) >= 6)  # "recommendation" / "s"
    ):
        return whole
    return spaced


def _cells_of(text: str, starts: list[int]) -> list[str]:
    """A line's text by column: each piece goes to the column it starts in (a piece that runs
    over the start of the next column, with one space before it, is split there)."""
    out = [""] * len(starts)
    for start, piece in _chunks(text):
        end = start + len(piece)
        cuts = [s for s in starts if start < s < end and text[s - 1] == " " and text[s] != " "]
        bounds = [start, *cuts, end]
        for a, b in itertools.pairwise(bounds):
            part = text[a:b].strip()
            column = max((i for i, s in enumerate(starts) if s <= a + 2), default=0)
            out[column] = f"{out[column]} {part}".strip()
    return out


def _spans_columns(text: str, starts: list[int]) -> bool:
    """True for a line of one piece that runs across two or more columns: a heading row."""
    pieces = _chunks(text)
    if len(pieces) != 1 or len(starts) < 2:
        return False
    start, piece = pieces[0]
    return start < starts[1] and start + len(piece) > starts[1] + 1


def _starts_item(pieces: list[str], anchor: int, cells: list[list[str]], filled: list[int]) -> bool:
    """True when a line of a laid-out table begins a new row rather than carrying on the
    cells of the row above: its number (or main) column starts with an item number, or, in a
    table without numbers, a capital after a finished sentence, with other columns filled."""
    text = pieces[anchor] if anchor < len(pieces) else ""
    if not text:
        # A heading written in the first column alone ("10.2 Health").
        first = pieces[0]
        return (
            filled == [0]
            and anchor != 0
            and values.leading_number(first + " x") is not None
            and not cells[0]
        )
    numbered = values.whole_number(text) is not None or values.leading_number(text) is not None
    before = cells[anchor][-1] if cells[anchor] else ""
    if len(filled) < 2:
        return filled == [0] == [anchor] and numbered and _heading_like(text)
    if numbered:
        return True
    return text[:1].isupper() and (not before or before.rstrip().endswith((".", "?", "!")))


def _heading_like(text: str) -> bool:
    return len(text.split()) <= 8 and not text.rstrip().endswith(".")


def _rejoin(parts: list[str]) -> list[str]:
    """A cell's lines as paragraphs: a wrapped line joins the one above (a word broken at a
    hyphen is made whole); a line that starts with a bullet or a number starts a paragraph."""
    out: list[str] = []
    for part in parts:
        if not out or _NEW_PARAGRAPH.match(part) or values.leading_date(part) is not None:
            out.append(part)
        elif out[-1].endswith("-") and out[-1][-2:-1].isalpha() and part[:1].islower():
            out[-1] += part
        else:
            out[-1] = f"{out[-1]} {part}"
    return [clean(p) for p in out if clean(p)]
