"""How much an import will read, and the checks made before reading.

A file to import may come from anyone (a workbook returned by an agency, a PDF from a website),
and a small file can hold a great deal of work: a zip that unpacks to gigabytes, one merged
range over a whole worksheet, a million rows. Each limit below is far above any real action
plan (which has tens or hundreds of rows), and is checked from what the file declares, before
the file is read, so that scrplan refuses in plain words instead of running out of time or
memory. docs/import.md lists them.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator

from scrplan.importer.table import MAX_ROWS, Unreadable, too_many_rows

MAX_FILE_BYTES = 100 * 2**20  # any file to import
MAX_TEXT_BYTES = 20 * 2**20  # a CSV or text file
MAX_PART_BYTES = 25 * 2**20  # one XML part of a Word, Excel or OpenDocument file, unpacked
MAX_UNPACKED_BYTES = 300 * 2**20  # all the parts together (pictures too), unpacked
MAX_CELLS = 500_000  # cells a worksheet's used range or a document's tables cover
MAX_MERGED_CELLS = 1_000_000  # cells covered by a worksheet's merged ranges
MAX_COLUMNS = 1_000  # cells across one row of a Word table (Word itself allows 63)
MAX_PAGES = 1_000  # pages of a PDF
MAX_PDF_UNPACKED_BYTES = 200 * 2**20  # a PDF's compressed streams, unpacked

_BIG = "a real action plan is far smaller"


def _count(number: int) -> str:
    return f"{number:,}"


def _size(number: int) -> str:
    return f"{number / 2**20:,.0f} MB" if number >= 2**20 else f"{number / 1024:,.0f} KB"


def check_size(name: str, size: int, *, text: bool) -> None:
    """Refuse a file larger than the limit for its kind."""
    limit = MAX_TEXT_BYTES if text else MAX_FILE_BYTES
    if size > limit:
        raise Unreadable(
            f"{name}: this file is {_size(size)}; scrplan imports files of up to {_size(limit)} "
            f"({_BIG}). Copy the plan's table into a new file, and import that"
        )


def open_zip(data: bytes, name: str, kind: str, advice: str) -> zipfile.ZipFile:
    """Open a Word, Excel or OpenDocument file as the zip it is, refusing one whose parts
    declare more than the limits unpacked.

    zipfile never gives more bytes of a part than its declared size, so checking the declared
    sizes bounds what any reader can unpack.

    Args:
        data: the file's bytes.
        name: the file's name, for messages.
        kind: what the file should be, for messages ("a Word document").
        advice: what to do when it is not one.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Unreadable(f"{name}: this is not {kind} scrplan can read: {advice}") from None
    total = 0
    for info in infos:
        total += info.file_size
        # Pictures are only carried, never parsed: the limit is on the XML that is.
        if info.file_size > MAX_PART_BYTES and info.filename.endswith((".xml", ".rels")):
            raise Unreadable(
                f"{name}: its part {info.filename} unpacks to {_size(info.file_size)} (from "
                f"{_size(info.compress_size)} in the file); scrplan reads parts of up to "
                f"{_size(MAX_PART_BYTES)} ({_BIG}). If the file is a real plan, open it, copy "
                "the plan's table into a new file, and import that"
            )
    if total > MAX_UNPACKED_BYTES:
        raise Unreadable(
            f"{name}: it unpacks to {_size(total)} (from {_size(len(data))}); scrplan reads files "
            f"that unpack to at most {_size(MAX_UNPACKED_BYTES)} ({_BIG}). Remove large pictures, "
            "or copy the plan's table into a new file, and import that"
        )
    return archive


# --- worksheets ---------------------------------------------------------------------------

_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+)(\d+)\"")
_ROW_BODY = re.compile(rb"<(?:\w+:)?row\b[^>]*>(.*?)</(?:\w+:)?row>", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def column_number(letters: bytes | str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number


_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
_TARGET = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")


def _sheets(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    """Each worksheet's name as the workbook shows it (``'Plan'``), and its XML."""
    names: dict[str, str] = {}
    try:
        ids = dict(_TARGET.findall(archive.read("xl/_rels/workbook.xml.rels")))
        for sheet, rel in _SHEET_NAME.findall(archive.read("xl/workbook.xml")):
            target = ids.get(rel, b"").decode("utf-8", "replace").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            names[part] = repr(html.unescape(sheet.decode("utf-8", "replace")))
    except KeyError:
        pass  # openpyxl says what is wrong with the file
    for info in archive.infolist():
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            shown = names.get(info.filename, info.filename.rsplit("/", 1)[-1][:-4])
            yield shown, archive.read(info)


def check_workbook(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook whose worksheets cover more cells, or more merged cells, than the
    limits: openpyxl makes an object for every cell of the used range and of each merged
    range, whatever they hold."""
    valued = 0
    for sheet, xml in _sheets(archive):
        numbers = _ROW.findall(xml)
        if len(numbers) > MAX_ROWS:  # rows that hold a value, not only a format, count
            valued += sum(1 for row in _ROW_BODY.finditer(xml) if _VALUE.search(row[1]))
            if valued > MAX_ROWS:
                raise too_many_rows(name)
        rows = max((int(r) for r in numbers), default=0)
        width = 0
        for letters, row in _CELL.findall(xml):
            width = max(width, column_number(letters))
            rows = max(rows, int(row))
        if rows * max(width, 1) > MAX_CELLS:
            raise Unreadable(
                f"{name}: the worksheet {sheet} spans {_count(rows)} rows by {_count(width)} "
                f"columns ({_count(rows * width)} cells); scrplan reads worksheets of up to "
                f"{_count(MAX_CELLS)} cells ({_BIG}). Delete the rows and columns past the "
                "plan's table (or copy the table into a new workbook), and import that"
            )
        merged = 0
        for first_col, first_row, last_col, last_row in _MERGE.findall(xml):
            if not last_col:
                continue
            span = (abs(int(last_row) - int(first_row)) + 1) * (
                abs(column_number(last_col) - column_number(first_col)) + 1
            )
            merged += span
            if merged > MAX_MERGED_CELLS:
                ref = b"%s%s:%s%s" % (first_col, first_row, last_col, last_row)
                raise Unreadable(
                    f"{name}: the worksheet {sheet} has merged cells over {_count(merged)} "
                    f"cells (the range {ref.decode()} alone covers {_count(span)}); "
                    f"scrplan reads worksheets whose merged cells cover at most "
                    f"{_count(MAX_MERGED_CELLS)} ({_BIG}). Unmerge the cells (Home, Merge & "
                    "Center, Unmerge Cells), save, and import again"
                )


# --- Word documents -----------------------------------------------------------------------

_TABLE_ROW = re.compile(rb"<w:tr\b")
_TABLE_CELL = re.compile(rb"<w:tc\b")
_SPAN = re.compile(rb"<w:gridSpan\b[^>]*?\bw:val=\"(\d+)\"")


def check_document(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a Word document whose tables hold more rows or cells than the limits, or a
    cell that spans more columns than a table can have."""
    try:
        xml = archive.read("word/document.xml")
    except KeyError:
        return  # python-docx says what is wrong with the file
    rows = len(_TABLE_ROW.findall(xml))
    if rows > MAX_ROWS:
        raise too_many_rows(name)
    cells = len(_TABLE_CELL.findall(xml))
    for span in _SPAN.findall(xml):
        wide = int(span)
        if wide > MAX_COLUMNS:
            raise Unreadable(
                f"{name}: a table cell spans {_count(wide)} columns; scrplan reads tables of up "
                f"to {_count(MAX_COLUMNS)} columns (Word allows 63). The file is damaged or "
                "was made to harm: open it in Word, save it again, and import that"
            )
        cells += wide - 1
    if cells > MAX_CELLS:
        raise Unreadable(
            f"{name}: its tables have {_count(cells)} cells; scrplan reads at most "
            f"{_count(MAX_CELLS)} ({_BIG}). Copy the plan's table into a new document, and "
            "import that"
        )
