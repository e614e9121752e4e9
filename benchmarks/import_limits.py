"""Time and peak memory of `scrplan import` on hostile files: zip bombs, huge merged ranges,
tables of many rows.

Usage (from the project root):

    uv run python benchmarks/import_limits.py                 # every payload
    uv run python benchmarks/import_limits.py merged ids      # payloads whose name has a word
    uv run python benchmarks/import_limits.py --src OTHER/src # another copy of scrplan's code

Each payload is made in a temporary folder and imported once with `--dry-run`, in a child
process limited to --timeout seconds and --memory GB (so that a payload that would run away
is stopped, and reported as such). The table gives the file's size, the exit code, the wall
time and the child's peak resident memory, and the first line of what scrplan said. Compare
the numbers of two runs made one after the other (this code, and the code before a change
with --src), not with numbers from another day: the machine is noisy.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A minimal workbook of one sheet whose XML is ``sheet_xml``, written by hand so that
    nothing (openpyxl included) builds the payload's cells on the way."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml, compresslevel=9)
    return out.getvalue()


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def merged_bomb(folder: Path) -> Path:
    """A 2 KB workbook: a header row, one item, and one merged range over the whole sheet."""
    sheet = (
        _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Recommendation</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Lead</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Refresh the policy.</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>ICB</t></is></c></row>'
        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        b"</worksheet>"
    )
    path = folder / "merged.xlsx"
    path.write_bytes(_xlsx_with_sheet(sheet))
    return path


def cells_bomb(folder: Path, rows: int = 1_000_000) -> Path:
    """A workbook of ``rows`` short rows: a few MB that openpyxl holds as millions of cells."""
    body = io.BytesIO()
    body.write(_SHEET_HEAD)
    body.write(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Recommendation</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Lead</t></is></c></row>'
    )
    for r in range(2, rows + 2):
        body.write(
            b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>1</v></c></row>' % (r, r, r, r)
        )
    body.write(b"</sheetData></worksheet>")
    path = folder / "cells.xlsx"
    path.write_bytes(_xlsx_with_sheet(body.getvalue()))
    return path


def docx_bomb(folder: Path, megabytes: int = 3000) -> Path:
    """A Word document whose text unpacks to ``megabytes`` MB of spaces from a few MB."""
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    for c, text in enumerate(["Recommendation", "Lead"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "PAYLOAD"
    table.cell(1, 1).text = "ICB"
    plain = io.BytesIO()
    doc.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "word/document.xml":
                archive.writestr(info, data)
                continue
            head, tail = data.split(b"PAYLOAD")
            with archive.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                chunk = b" " * 2**20
                for _ in range(megabytes):
                    part.write(chunk)
                part.write(b"x" + tail)
    path = folder / "bomb.docx"
    path.write_bytes(out.getvalue())
    return path


def numbered_csv(folder: Path, rows: int = 16_000) -> Path:
    """A CSV of ``rows`` recommendations numbered 1, 2, 3...: ids of four digits and more."""
    lines = ["Ref,Recommendation,Lead"]
    lines += [f"{n},Recommendation number {n}.,ICB" for n in range(1, rows + 1)]
    path = folder / f"rows-{rows}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def unnumbered_csv(folder: Path, rows: int = 16_000) -> Path:
    """One numbered row, then ``rows`` rows with no number: each needs a made-up id."""
    lines = ["Ref,Recommendation,Lead", "1,The first recommendation.,ICB"]
    lines += [f",Recommendation without a number {n}.,ICB" for n in range(rows)]
    path = folder / f"unnumbered-{rows}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def repeated_cell(folder: Path, words: int = 100_000) -> Path:
    """One cell of the same word ``words`` times: a passage written again and again."""
    path = folder / "repeated.txt"
    path.write_text("Recommendation\tLead\n" + "word " * words + "\tICB\n", encoding="utf-8")
    return path


PAYLOADS: dict[str, Callable[[Path], Path]] = {
    "merged range A1:XFD1048576 (xlsx)": merged_bomb,
    "1,000,000 rows of cells (xlsx)": cells_bomb,
    "240,000 rows of cells, under the cell limit (xlsx)": lambda folder: cells_bomb(
        folder, 240_000
    ),
    "docx unpacking to 3 GB": docx_bomb,
    "docx unpacking to 300 MB": lambda folder: docx_bomb(folder, 300),
    "16,000 numbered rows, ids (csv)": numbered_csv,
    "200,000 numbered rows, ids (csv)": lambda folder: numbered_csv(folder, 200_000),
    "16,000 rows with no number, ids (csv)": unnumbered_csv,
    "9,999 numbered rows, ids (csv)": lambda folder: numbered_csv(folder, 9_999),
    "9,999 rows with no number, ids (csv)": lambda folder: unnumbered_csv(folder, 9_998),
    "a cell of one word 100,000 times (txt)": repeated_cell,
}


def run(path: Path, src: Path, timeout: float, memory_gb: float) -> tuple[str, float, float, str]:
    """Import ``path`` in a child process; its exit, seconds, peak MB and first line said."""
    limit = int(memory_gb * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "scrplan", "import", str(path), "--dry-run"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=cap,
            env=env,
            cwd=path.parent,
        )
        code = "stopped"
        while True:
            # wait4, not wait: it gives this one child's peak memory.
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = str(os.waitstatus_to_exitcode(status))
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = 0  # reaped above; keep Popen from waiting again
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss / 1024  # KB on Linux
    said = text.strip().splitlines()
    first = said[0] if said else ""
    if "MemoryError" in text:
        first = "MemoryError; " + first
    return code, seconds, peak, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", nargs="*", help="run only payloads whose name has a word")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="scrplan's code to run")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before stopping")
    parser.add_argument("--memory", type=float, default=8.0, help="GB the child may use")
    args = parser.parse_args()
    chosen = {
        name: make
        for name, make in PAYLOADS.items()
        if not args.words or any(word in name for word in args.words)
    }
    print(f"scrplan from {args.src}; stop after {args.timeout:.0f} s or {args.memory:.1f} GB")
    print(f"{'payload':<40} {'size':>9} {'exit':>7} {'seconds':>8} {'peak MB':>8}  said")
    for name, make in chosen.items():
        with tempfile.TemporaryDirectory() as folder:
            path = make(Path(folder))
            size = path.stat().st_size
            code, seconds, peak, said = run(path, args.src, args.timeout, args.memory)
        shown = f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"
        print(f"{name:<40} {shown:>9} {code:>7} {seconds:>8.1f} {peak:>8.0f}  {said[:110]}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
