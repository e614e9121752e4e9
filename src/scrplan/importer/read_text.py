"""Plain text extracted from a PDF or Word plan: one table row per line, cells split by tabs.

Extraction tools mark paragraphs inside a cell with ``<p>...</p>`` and leave a blank line at a
page break, where the header row is usually repeated and a long row may be split in two; the
rows are handed on as they are, with ``break_before`` set where a page break fell, and
:mod:`scrplan.importer.build` rejoins them. Lines without a tab before the first row and after
the last one are the text around the table.
"""

from __future__ import annotations

import html
import re

from scrplan.importer.table import SourceCell, SourceFile, SourceRow, clean, paragraphs

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?p>", re.IGNORECASE)


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


def read_text(data: bytes, name: str) -> SourceFile:
    """Read extracted text into a document."""
    lines = decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tabbed = [number for number, line in enumerate(lines) if "\t" in line]
    doc = SourceFile(name)
    if not tabbed:
        doc.preamble = [p for line in lines if (p := clean(_TAG.sub(" ", line)))]
        return doc
    first, last = tabbed[0], tabbed[-1]
    doc.preamble = [p for line in lines[:first] if (p := clean(_TAG.sub(" ", line)))]
    doc.postscript = [p for line in lines[last + 1 :] if (p := clean(_TAG.sub(" ", line)))]
    doc.tables = 1
    pending_break = True
    for number in range(first, last + 1):
        line = lines[number]
        if not line.strip():
            pending_break = True
            continue
        cells = [cell(text) for text in line.split("\t")]
        doc.add(SourceRow(cells, f"line {number + 1}", break_before=pending_break))
        pending_break = False
    return doc
