"""Importing published PDFs: each PDF is made here, with reportlab (or, where LibreOffice is
installed, from a Word plan), and read back with pdfplumber."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import FIXTURES
from scrplan.importer import import_plan

HEAD = ["Ref", "Recommendation", "Lead", "Target Date", "RAG"]


def pdf_plan(path, rows, *, title="Child Q Serious Case Review action plan", fills=(), above=()):
    """A PDF with a title, a ruled table whose header repeats on each page, and cells filled
    with colour: ``fills`` lists (row, column, colour) with rows counted from the header."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story = [Paragraph(title, styles["Title"]), *[Paragraph(t, body) for t in above]]
    data = [[Paragraph(str(c), body) for c in row] for row in [HEAD, *rows]]
    table = Table(data, colWidths=[40, 330, 120, 90, 60], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("BACKGROUND", (c, r), (c, r), colors.HexColor(f"#{fill}")) for r, c, fill in fills]
    table.setStyle(TableStyle(style))
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


@pytest.mark.slow
def test_a_pdf_table_over_several_pages(tmp_path):
    rows = [
        [
            n,
            f"Recommendation {n}: Agencies should act on the learning of this review.",
            "ICB",
            "31/03/2025",
            "",
        ]
        for n in range(1, 41)
    ]
    rows[0][4] = "Red"
    path = pdf_plan(
        tmp_path / "plan.pdf", rows, fills=[(2, 4, "00B050")], above=["Agreed by the board in May."]
    )
    imported = import_plan(path, "plans/q.yaml")
    built = imported.built
    recs = built.data["recommendations"]
    assert [r["id"] for r in recs] == list(range(1, 41))
    assert recs[0]["recommendation"] == "Agencies should act on the learning of this review.\n"
    assert recs[0]["rag"] == "red"
    assert recs[1]["rag"] == "green"  # the cell's colour, with no text
    assert built.repeated_headers >= 1  # the header repeated on each page was dropped
    assert built.data["title"] == "Child Q Serious Case Review action plan"
    assert built.data["summary"] == "Agreed by the board in May.\n"
    assert imported.report("plans/q.yaml").startswith(
        f"Read 40 rows; dropped {built.repeated_headers} repeated header row"
    )


def test_wrapped_lines_are_joined_and_the_authors_line_breaks_kept(tmp_path):
    long = "Agencies should share " + "domestic abuse risk information at every meeting " * 3
    path = pdf_plan(
        tmp_path / "plan.pdf", [["1", long.strip(), "Board manager<br/>Police", "Jan 08", "Amber"]]
    )
    rec = import_plan(path, "plans/q.yaml").built.data["recommendations"][0]
    assert rec["recommendation"] == " ".join(long.split()) + "\n"
    assert rec["lead"] == ["Board manager", "Police"]


def test_a_pdf_that_is_not_a_pdf(run, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 not really")
    result = run("import", path, "--dry-run")
    assert result.exit_code == 1
    assert result.stderr == (
        f"scrplan: {path}: this is not a PDF scrplan can read: it may be damaged or protected "
        "by a password. Open it, copy the plan's table into a Word document or a .txt file, "
        "and import that\n"
    )


@pytest.mark.slow
def test_a_pdf_whose_contents_unpack_to_too_much_is_refused(run, tmp_path):
    """A page whose content stream unpacks to 250 MB of spaces, from a quarter of a MB."""
    import zlib

    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(b" " * 2**20) for _ in range(250)) + packer.flush()
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(stream)}/Filter/FlateDecode>>stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(body)
    assert path.stat().st_size < 400_000
    result = run("import", path, "--dry-run")
    assert result.exit_code == 1
    assert "its contents unpack to more than 200 MB" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_a_word_plan_saved_as_pdf_by_libreoffice(tmp_path):
    source = tmp_path / "thurrock.docx"
    shutil.copy(FIXTURES / "import" / "thurrock.docx", source)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = import_plan(tmp_path / "thurrock.pdf", "plans/t.yaml").built.data
    want = yaml.safe_load(
        (FIXTURES / "import" / "thurrock.expected.yaml").read_text(encoding="utf-8")
    )
    assert [(r["id"], r.get("rag"), r["lead"]) for r in data["recommendations"]] == [
        (r["id"], r.get("rag"), r["lead"]) for r in want["recommendations"]
    ]


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_a_row_that_runs_over_two_page_breaks_is_one_item_again(tmp_path):
    """A Word plan whose fifth row is long enough to run over three pages, saved as PDF by
    LibreOffice: the header repeats on each page and the row is cut twice."""
    import sys

    sys.path.insert(0, str(FIXTURES / "import"))
    from make import word

    updates = [
        f"Update {k}: the audit went on through the month and found more cases."
        for k in range(1, 60)
    ]
    rows = [["Ref", "Recommendation", "Lead", "Progress", "RAG"]]
    rows += [
        [
            str(n),
            f"Recommendation {n} text.",
            "ICB",
            "Short." if n != 5 else " ".join(updates),
            "Green",
        ]
        for n in range(1, 9)
    ]
    word(tmp_path / "long.docx", ["Child Q Serious Case Review action plan", rows])
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "long.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    built = import_plan(tmp_path / "long.pdf", "plans/q.yaml").built
    recs = built.data["recommendations"]
    assert [r["id"] for r in recs] == list(range(1, 9))
    assert built.repeated_headers == 2
    assert built.rejoined == 2
    # Cut where a sentence ended, the cell's halves may stay two notes; none of it is lost.
    notes = " ".join(p["note"] for p in recs[4]["progress"])
    assert " ".join(notes.split()) == " ".join(updates)
