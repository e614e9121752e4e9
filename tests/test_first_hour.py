"""What a board manager meets in the first hour: files that hold the whole data, board papers
with a title, meeting and marking, help in plain words, and a Windows console's encoding."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

ALPHA = FIXTURES / "board" / "alpha.yaml"
CHILD_M = ROOT / "plans" / "child-m.yaml"
SCRIPT = Path(sys.executable).parent / "scrplan"
LONG = "Seek assurance that health and education share information when a child moves school."


def test_list_to_xlsx_is_a_real_workbook_with_every_word(run, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "chase.xlsx"
    result = run("list", ALPHA, "--all", "--as-of", "2024-01-15", "-o", out)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Plan", "Ref", "Kind", "Recommendation"]  # the CSV's columns
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    texts = [row[3] for row in rows[1:]]
    assert LONG in texts  # not cut to a column's width
    assert not any(isinstance(t, str) and t.endswith("…") for t in texts)


def test_text_written_to_a_file_is_never_cut(run, tmp_path):
    out = tmp_path / "list.txt"
    assert run("list", ALPHA, "--all", "--as-of", "2024-01-15", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert LONG in text
    assert "…" not in text


def test_an_extension_with_no_format_is_refused_and_nothing_written(run, tmp_path):
    out = tmp_path / "list.pdf"
    result = run("list", ALPHA, "-o", out)
    assert result.exit_code == 2
    assert "list.pdf" in result.stderr
    assert not out.exists()


def test_a_board_paper_has_its_title_meeting_and_marking(run, tmp_path):
    from docx import Document

    args = ["--title", "Action plans: March board", "--meeting", "2017-03-14"]
    args += ["--marking", "OFFICIAL-SENSITIVE", "--as-of", "2017-03-31"]
    for suffix in ("docx", "md", "html"):
        result = run("report", CHILD_M, "-o", tmp_path / f"board.{suffix}", *args)
        assert result.exit_code == 0, result.output
    document = Document(str(tmp_path / "board.docx"))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL-SENSITIVE"]
    assert section.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"
    assert document.paragraphs[0].text == "Action plans: March board"
    assert "For the meeting of: 14 March 2017" in [p.text for p in document.paragraphs[:10]]
    markdown = (tmp_path / "board.md").read_text(encoding="utf-8").splitlines()
    assert markdown[0] == "OFFICIAL-SENSITIVE"
    assert markdown[-1] == "OFFICIAL-SENSITIVE"
    assert "# Action plans: March board" in markdown
    html = (tmp_path / "board.html").read_text(encoding="utf-8")
    assert html.count(">OFFICIAL-SENSITIVE</p>") == 2  # top and foot of every printed page


def test_help_is_in_plain_words(run):
    from scrplan.cli import app

    app.info.name = "scrplan"  # as the installed command is called
    for command in ("set", "note", "list", "report", "add", "status"):
        text = run(command, "--help").stdout
        assert "{" not in text.split("\n", 1)[0], command  # no {REF} in the usage line
        assert "<list" not in text and "list[" not in text, command
    usage = run("set", "--help").stdout.splitlines()[0]
    assert usage == "Usage: scrplan set [OPTIONS] REF FIELD [VALUE...]"
    listing = run("--help").stdout
    commands = listing[listing.index("Commands:") :].splitlines()[1:]
    described = [line for line in commands if line.strip()]
    assert len(described) >= 20
    # One line each, whole: a description cut with "..." or wrapped onto a second line is not.
    assert all(line[2] != " " for line in described), described
    assert not any(line.rstrip().endswith("...") for line in described), described


@pytest.mark.skipif(not SCRIPT.exists(), reason="the scrplan script is not installed")
def test_a_console_that_cannot_show_arrows_gets_plain_ones(tmp_path):
    # A Windows console in its legacy code page cannot show → or ↳.
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(CHILD_M.read_bytes())
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    done = subprocess.run(
        [str(SCRIPT), "set-rag", "7", "amber", "--plan", str(plan), "--dry-run"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    said = done.stderr.decode("cp1252")
    assert "child-m:7  RAG: not rated -> amber" in said.replace("plan:7", "child-m:7")
    assert "?" not in said
