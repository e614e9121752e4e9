"""A plan published as a PDF: its tables, read with pdfplumber, and the text around them.

pdfplumber finds each table from its ruling lines and gives each cell's place on the page; the
words in a cell are put back into lines and paragraphs here. A line break where the next word
would have fitted on the line is the author's (a new paragraph); any other is the PDF's
wrapping, and the lines are joined (a word too long for its column, split without a hyphen,
is made whole). A cell merged down or across is read into each place it covers, as in Word.
A cell's fill is kept for its RAG colour.

Rows are handed on page by page: the first row of each page has ``break_before`` set, so that
a header repeated there is dropped and a row that the page break split is joined again
(:mod:`scrplan.importer.build`). Lines repeated on several pages (a running title, "Page 2 of
5") are left out. A PDF whose tables have no ruling lines is read as laid-out text instead
(:mod:`scrplan.importer.read_text`).
"""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

from scrplan.importer import limits
from scrplan.importer.table import SourceCell, SourceFile, SourceRow, Unreadable, clean

_DAMAGED = (
    "it may be damaged or protected by a password. Open it, copy the plan's table into a Word "
    "document or a .txt file, and import that"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-?\s*\d+\s*-?)\s*$", re.IGNORECASE)
_NEW_PARAGRAPH = re.compile(r"^(?:[\u2022\u25cf\u25aa\u2013*\-]\s|\(?[a-z0-9]{1,3}[.)]\s|\d+\.\d)")
_STREAM = re.compile(rb"stream\r?\n")
# Short words that begin a line after a long one more often than they end a split word.
_WORDS = frozenset("a an and are as at be by for in is it of on or the to with".split())


def check_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams unpack to more than the limit: pdfminer unpacks
    each stream whole, with no bound of its own."""
    total = 0
    position = 0
    while (found := _STREAM.search(data, position)) is not None:
        start = found.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        position = end + 9
        unpack = zlib.decompressobj()
        chunk = data[start:end]
        try:
            while chunk and total <= limits.MAX_PDF_UNPACKED_BYTES:
                total += len(unpack.decompress(chunk, 2**20))
                chunk = unpack.unconsumed_tail
        except zlib.error:
            continue  # not Flate (a picture, say): pdfminer leaves it packed
        if total > limits.MAX_PDF_UNPACKED_BYTES:
            raise Unreadable(
                f"{name}: its contents unpack to more than "
                f"{limits.MAX_PDF_UNPACKED_BYTES // 2**20:,} MB; scrplan reads PDFs that unpack "
                "to less (a real action plan is far smaller). The file is damaged or was made "
                "to harm: open it, copy the plan's table into a Word document, and import that"
            )


def read_pdf(data: bytes, name: str) -> SourceFile:
    """Read a PDF's tables into a document."""
    check_streams(data, name)
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception:  # pdfminer raises many kinds for a damaged file
        raise Unreadable(f"{name}: this is not a PDF scrplan can read: {_DAMAGED}") from None
    with pdf:
        if len(pages) > limits.MAX_PAGES:
            raise Unreadable(
                f"{name}: this PDF has {len(pages):,} pages; scrplan reads PDFs of up to "
                f"{limits.MAX_PAGES:,} pages (a real action plan is far shorter). Save the pages "
                "with the plan's table as a PDF of their own, and import that"
            )
        try:
            return _Reader(name).read(pages)
        except Unreadable:
            raise
        except Exception:
            raise Unreadable(f"{name}: this is not a PDF scrplan can read: {_DAMAGED}") from None


class _Reader:
    def __init__(self, name: str) -> None:
        self.doc = SourceFile(name)
        self.columns: int | None = None  # the last table's width, to tell a table go on
        self.words: list[dict[str, Any]] = []  # the words of the page being read

    def read(self, pages: list[Any]) -> SourceFile:
        found = [(page, page.find_tables()) for page in pages]
        if not any(tables for _, tables in found):
            return self.as_text(pages)
        outside = [self.outside(page, tables) for page, tables in found]
        furniture = _repeated([text for lines in outside for _, text in lines])
        tail: list[str] = []
        for number, ((page, tables), lines) in enumerate(zip(found, outside, strict=True), 1):
            lines = [
                (top, t) for top, t in lines if t not in furniture and not _PAGE_NUMBER.match(t)
            ]
            for index, table in enumerate(sorted(tables, key=lambda t: t.bbox[1])):
                above = [t for top, t in lines if top < table.bbox[1]]
                lines = [(top, t) for top, t in lines if top >= table.bbox[1]]
                self.text_rows(tail + above, number)
                tail = []
                where = f"page {number}" + (f", table {index + 1}" if len(tables) > 1 else "")
                self.table(page, table, where)
            tail += [t for _, t in lines]
        self.doc.postscript = tail
        return self.doc

    def text_rows(self, texts: list[str], page: int) -> None:
        """Text between tables: before the first, the plan's details; later, a row of its own
        (a heading such as "Health", as Word's text between tables is)."""
        for text in texts:
            if not self.doc.rows:
                self.doc.preamble.append(text)
            else:
                self.doc.add(SourceRow([SourceCell([text])], f"page {page}", break_before=True))

    def outside(self, page: Any, tables: list[Any]) -> list[tuple[float, str]]:
        """The lines of text on the page outside its tables, with where each is."""
        boxes = [t.bbox for t in tables]

        def keep(obj: Any) -> bool:
            if obj.get("object_type") != "char":
                return True
            x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

        lines = page.filter(keep).extract_text_lines()
        return [(line["top"], text) for line in lines if (text := clean(line["text"]))]

    def table(self, page: Any, table: Any, where: str) -> None:
        rows = table.rows
        width = max((len(r.cells) for r in rows), default=0)
        fills = _fills(page)
        self.words = page.extract_words()
        right = self.column_edges(rows, width)
        above: list[tuple[SourceCell, tuple[float, ...]] | None] = [None] * width
        for number, row in enumerate(rows, start=1):
            cells: list[SourceCell] = []
            boxes = list(row.cells) + [None] * (width - len(row.cells))
            top = row.bbox[1]
            for column, box in enumerate(boxes):
                if box is None:
                    covering = above[column]
                    if covering is not None and covering[1][3] > top + 1:
                        cells.append(covering[0])  # merged down from the cell above
                    elif cells:
                        cells.append(cells[-1])  # merged across from the cell on the left
                    else:
                        cells.append(SourceCell())
                    continue
                cell = SourceCell(self.paragraphs(box, right[column]), _fill_of(box, fills))
                above[column] = (cell, box)
                cells.append(cell)
            first = number == 1
            self.doc.add(
                SourceRow(
                    cells,
                    f"{where}, row {number}",
                    break_before=first,
                    new_table=first and self.columns != width,
                )
            )
        if rows:
            self.doc.tables += self.columns != width
            self.columns = width

    def within(self, box: tuple[float, ...]) -> list[dict[str, Any]]:
        """The words whose middle is inside ``box`` (a word may stick out of its cell)."""
        x0, top, x1, bottom = box[:4]
        return [
            w
            for w in self.words
            if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
        ]

    def column_edges(self, rows: list[Any], width: int) -> list[float]:
        """Where text ends on the right in each column: the edge a wrapped line reaches."""
        edges = [0.0] * width
        for row in rows:
            for column, box in enumerate(row.cells):
                if box is None:
                    continue
                words = self.within(box)
                if words:
                    edges[column] = max(edges[column], max(w["x1"] for w in words))
        return edges

    def paragraphs(self, box: tuple[float, ...], right: float) -> list[str]:
        words = self.within(box)
        if words:
            # The cell's right margin is taken to be its left one: where a line could end.
            margin = max(0.0, min(w["x0"] for w in words) - box[0])
            right = max(right, box[2] - margin)
        lines: list[list[dict[str, Any]]] = []
        for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
            if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2:
                lines[-1].append(word)
            else:
                lines.append([word])
        out: list[str] = []
        previous: list[dict[str, Any]] | None = None
        for line in lines:
            text = " ".join(w["text"] for w in line)
            if previous is None or out == [] or _NEW_PARAGRAPH.match(text):
                out.append(text)
            else:
                last, first = previous[-1], line[0]
                size = float(first.get("bottom", 0) - first.get("top", 0)) or 8.0
                space = size * 0.3
                room = right - last["x1"]
                fits = first["x1"] - first["x0"] + space < room - 0.5
                # A word too long for its column fills a line alone, to the edge.
                split = len(previous) == 1 and room < size * 0.6 and line[0]["text"] not in _WORDS
                if fits:
                    out.append(text)  # the author's line break
                elif split and out[-1][-1:].isalpha() and text[:1].islower():
                    out[-1] += text  # a word too long for the column, split by the PDF
                elif text[:1] in "?!.,;:)":
                    out[-1] += text
                elif out[-1].endswith("-") and out[-1][-2:-1].isalpha() and text[:1].islower():
                    out[-1] += text  # "information-" / "sharing"
                else:
                    out[-1] = f"{out[-1]} {text}"
            previous = line
        return [p for p in (clean(t) for t in out) if p]

    def as_text(self, pages: list[Any]) -> SourceFile:
        """A PDF whose tables have no ruling lines: its text as laid out on the page."""
        from scrplan.importer.read_text import read_text

        text = "\n\f".join(page.extract_text(layout=True) or "" for page in pages)
        doc = read_text(text.encode("utf-8"), self.doc.name)
        for row in doc.rows:
            row.where = row.where.replace("line", "text line")
        return doc


def _repeated(texts: list[str]) -> set[str]:
    """Lines that appear on more than one page: a running title or footer."""
    seen: dict[str, int] = {}
    for text in texts:
        seen[text] = seen.get(text, 0) + 1
    return {text for text, count in seen.items() if count > 1}


def _fills(page: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    out = []
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        colour = _hex(rect.get("non_stroking_color"))
        if colour is not None:
            out.append(((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), colour))
    return out


def _hex(colour: Any) -> str | None:
    """A PDF colour (grey, RGB or CMYK, each 0 to 1) as RRGGBB."""
    if not isinstance(colour, tuple | list) or not all(isinstance(c, int | float) for c in colour):
        return None
    if len(colour) == 1:
        red = green = blue = float(colour[0])
    elif len(colour) == 3:
        red, green, blue = (float(c) for c in colour)
    elif len(colour) == 4:
        c, m, y, k = (float(v) for v in colour)
        red, green, blue = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in (red, green, blue))


def _fill_of(
    box: tuple[float, ...], fills: list[tuple[tuple[float, float, float, float], str]]
) -> str | None:
    """The colour of a filled shape covering most of the cell, if any."""
    x0, top, x1, bottom = box[:4]
    area = max((x1 - x0) * (bottom - top), 1.0)
    best = None
    for (a, b, c, d), colour in fills:
        overlap = max(0.0, min(x1, c) - max(x0, a)) * max(0.0, min(bottom, d) - max(top, b))
        if overlap >= 0.6 * area:
            best = colour
    return best
