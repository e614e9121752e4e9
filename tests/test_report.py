"""`scrplan report`: the report model, Markdown and CSV (golden), the command line, escaping."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan.dates import MonthDate
from scrplan.plan.load import load_plan
from scrplan.plan.model import ProgressEntry
from scrplan.plan.query import Filter, newest_first
from scrplan.report import render
from scrplan.report.model import (
    RAG_FILL,
    RAG_INK,
    build,
    describe,
    long_date,
    short_date,
)

BOARD = FIXTURES / "board"
ALPHA = BOARD / "alpha.yaml"
CHILD_M = ROOT / "plans" / "child-m.yaml"
GOLDEN = FIXTURES / "report"

HOSTILE = (
    "title: 'Plan <b>bold</b> & \"quoted\"'\n"
    "recommendations:\n"
    "  - id: 1\n"
    "    learning: \"<script>alert('x')</script>\"\n"
    "    recommendation: 'a | b *c* [link](http://example.org) `code` <img src=x> &lt;b&gt;'\n"
    "    lead: ['Police | CID', 'O''Brien & Co']\n"
    "    target_date: 2023-01-31\n"
    "    rag: red\n"
    "    progress:\n"
    "      - note: |\n"
    '          first line, "quoted"\n'
    "          second line | piped\n"
    "        date: 2023-06-01\n"
    "        by: '=HYPERLINK(\"x\")'\n"
)
HOSTILE_NOTE = 'first line, "quoted"\nsecond line | piped'
ALPHA_KEY = [
    ["RAG", "Meaning", "Recommendations"],
    ["Red", "Not on track: remedial action needed", "1"],
    ["Amber", "Needs monitoring to stay on track", "1"],
    ["Green", "On track", "1"],
    ["Blue", "Complete and evidenced", "1"],
    ["Not rated", "Not yet rated", "1"],
    ["Total", "", "5"],
]
"""The key and summary table of the alpha fixture, in every format."""


def plan(path):
    loaded = load_plan(path)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


def ok(result):
    assert result.exit_code == 0, result.output
    return result


# --- golden outputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("golden", "args"),
    [
        ("board.md", [BOARD, "--as-of", "2024-01-15", "--since", "2023-08-01", "--all"]),
        ("board.csv", [BOARD, "--as-of", "2024-01-15", "--all"]),
        ("child-m.md", [CHILD_M, "--as-of", "2017-03-31"]),
        ("child-m.csv", [CHILD_M, "--as-of", "2017-03-31"]),
    ],
)
def test_golden_outputs(run, tmp_path, golden, args):
    target = tmp_path / golden
    result = ok(run("report", *args, "-o", target))
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_bytes() == (GOLDEN / golden).read_bytes()


def test_markdown_to_standard_output(run):
    result = ok(run("report", ALPHA, "-o", "-", "--as-of", "2024-01-15"))
    assert result.stderr == ""
    assert result.stdout.startswith("# Child A LCSPR action plan\n\n- **Partnership:** Northshire")
    assert (
        "| **↳ 2.2** |  | Brief every agency's safeguarding lead. | Police, ICB | "
        "**Dec 2023<br>Overdue by 15 days<br>No dated update** | No progress recorded. | 🟩 Green |\n"
    ) in result.stdout


def test_one_plan_markdown_golden_inline(run):
    out = ok(run("report", ALPHA, "-o", "-", "--as-of", "2024-01-15", "--rag", "red")).stdout
    assert out == (
        "# Child A LCSPR action plan\n"
        "\n"
        "- **Partnership:** Northshire Safeguarding Children Partnership\n"
        "- **Review:** Local Child Safeguarding Practice Review\n"
        "- **Subject:** Child A\n"
        "- **As at:** 15 January 2024\n"
        "- **Items shown:** Outstanding items; RAG red\n"
        "\n"
        "## RAG key and summary\n"
        "\n"
        "| RAG | Meaning | Recommendations |\n"
        "|---|---|---:|\n"
        "| 🟥 Red | Not on track: remedial action needed | 1 |\n"
        "| 🟧 Amber | Needs monitoring to stay on track | 1 |\n"
        "| 🟩 Green | On track | 1 |\n"
        "| 🟦 Blue | Complete and evidenced | 1 |\n"
        "| ⬜ Not rated | Not yet rated | 1 |\n"
        "| **Total** |  | **5** |\n"
        "\n"
        "5 recommendations: 4 outstanding, 2 overdue, 3 with no recent update, 0 awaiting sign-off, "
        "1 complete (0 verified), 0 closed without implementation.\n"
        "\n"
        "## Recommendations and actions\n"
        "\n"
        "| Ref | Learning or Improvement Point | Recommendation | Lead | Target date "
        "| Progress/Comment | RAG |\n"
        "|---|---|---|---|---|---|---|\n"
        "| **3** | — | Police to attend every strategy meeting in person or by video. "
        "| Northshire Police | **30 Jun 2023<br>Overdue by 199 days<br>No update since 2 Oct 2023** "
        "| 2 Oct 2023, Police: Attendance at 60% in the last quarter. | 🟥 Red |\n"
    )


# --- the model ---------------------------------------------------------------------------------


def test_actions_sit_beneath_their_recommendation_in_file_order():
    report = build([plan(ALPHA)], dt.date(2024, 1, 15), Filter(include_complete=True))
    assert [(line.ref, line.is_action) for line in report.lines] == [
        ("1", False),
        ("2", False),
        ("2.1", True),
        ("2.2", True),
        ("3", False),
        ("4", False),
        ("5", False),
    ]
    two = report.lines[1]
    assert (two.target, two.overdue, two.rag) == ("Immediate", "Actions overdue", "green")
    done = report.lines[2]
    assert done.evidence == (
        "Completed 28 Sep 2023. Evidence: Policy v3 approved by the executive on 2023-09-28."
    )
    assert report.lines[6].rag == "none" and report.lines[6].rag_word == "Not rated"


def test_summary_counts_the_whole_plan_whatever_the_filter():
    alpha = plan(ALPHA)
    narrow = build([alpha], dt.date(2024, 1, 15), Filter(lead="nobody"))
    section = narrow.sections[0]
    assert section.lines == []
    assert section.totals == (
        "5 recommendations: 4 outstanding, 2 overdue, 3 with no recent update, 0 awaiting "
        "sign-off, 1 complete (0 verified), 0 closed without implementation."
    )
    assert [(k.colour, k.recommendations) for k in section.key] == [
        ("red", 1),
        ("amber", 1),
        ("green", 1),
        ("blue", 1),
        ("none", 1),
    ]


def test_completed_since_counts_items_by_their_completed_date():
    alpha = plan(ALPHA)  # 2.1 completed 2023-09-28, 4 completed 2023-08-15

    def done(since, as_of="2024-01-15"):
        report = build(
            [alpha], dt.date.fromisoformat(as_of), Filter(), since=dt.date.fromisoformat(since)
        )
        return report.sections[0].completed_since

    assert done("2023-08-01") == 2
    assert done("2023-09-01") == 1
    assert done("2023-09-28") == 1  # on the day counts
    assert done("2023-10-01") == 0
    assert done("2023-08-01", as_of="2023-09-01") == 1  # not after the as-at date


def test_several_plans_have_an_overall_summary_and_keys_of_their_own():
    plans = [plan(ALPHA), plan(BOARD / "beta.yaml")]
    report = build(plans, dt.date(2024, 1, 15), Filter(), since=dt.date(2023, 8, 1))
    assert report.title == "Progress of 2 action plans"
    assert [s.title for s, _ in report.overall] == [
        "Child A LCSPR action plan",
        "Adult B SAR action plan",
        "2 plans",
    ]
    assert [n for _, n in report.overall] == [2, 0, 2]
    beta = report.sections[1]
    assert [(k.colour, k.meaning) for k in beta.key] == [
        ("red", "Not achieved"),
        ("amber", "Slipped"),
        ("green", "Achieved"),
    ]


def test_progress_is_newest_first_undated_last_in_the_order_written():
    entries = [
        ProgressEntry(note="a", date=dt.date(2023, 1, 1)),
        ProgressEntry(note="b"),
        ProgressEntry(note="c", date=dt.date(2023, 3, 1)),
        ProgressEntry(note="d"),
        ProgressEntry(note="e", date=dt.date(2023, 1, 1)),
    ]
    assert [e.note for e in newest_first(entries)] == ["c", "e", "a", "b", "d"]


def test_dates_for_people():
    assert short_date(dt.date(2023, 6, 30)) == "30 Jun 2023"
    assert short_date(MonthDate.end_of(2024, 3)) == "Mar 2024"
    assert long_date(dt.date(2024, 1, 5)) == "5 January 2024"


def test_filters_in_words():
    assert describe(Filter()) == "Outstanding items"
    assert describe(
        Filter(
            rags=["red", "none"],
            lead="ICB",
            overdue=True,
            due_before=dt.date(2024, 1, 1),
            search="audit",
            include_complete=True,
        )
    ) == (
        "All items, complete ones too; RAG red or not rated; lead includes “ICB”; "
        "overdue only; due before 1 Jan 2024; mentioning “audit”"
    )


# --- colours -----------------------------------------------------------------------------------


def luminance(hex_colour):
    """WCAG 2 relative luminance of an sRGB colour."""
    channels = []
    for i in (0, 2, 4):
        c = int(hex_colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", sorted(RAG_FILL))
def test_rag_cells_pass_wcag_aa_contrast(colour):
    assert contrast(RAG_FILL[colour], RAG_INK[colour]) >= 4.5


def test_other_text_colours_pass_wcag_aa_contrast():
    assert contrast("C00000", "FFFFFF") >= 4.5  # "Overdue by ..." on white
    assert contrast("595959", "FFFFFF") >= 4.5  # muted text
    assert contrast("000000", "D9D9D9") >= 4.5  # table headers


# --- escaping ----------------------------------------------------------------------------------


def test_markdown_escapes_hostile_text(run, write):
    path = write(HOSTILE, "hostile.yaml")
    out = ok(run("report", path, "-o", "-", "--as-of", "2024-01-15")).stdout
    assert out.startswith('# Plan \\<b\\>bold\\</b\\> \\& "quoted"\n')
    # Every < is escaped, except the line breaks scrplan writes itself.
    assert re.findall(r"(?<!\\)<(?!br>)", out) == []
    row = next(line for line in out.splitlines() if line.startswith("| **1**"))
    # Seven cells: every pipe inside a cell is escaped, and the cell stays on one line.
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == 8
    assert "\\<script\\>alert('x')\\</script\\>" in row
    assert (
        "a \\| b \\*c\\* \\[link\\](http://example.org) \\`code\\` \\<img src=x\\> \\&lt;b\\&gt;"
    ) in row
    assert "Police \\| CID, O'Brien \\& Co" in row
    assert 'first line, "quoted"<br>second line \\| piped' in row


def test_csv_quotes_hostile_text(run, write):
    path = write(HOSTILE, "hostile.yaml")
    out = ok(run("report", path, "-o", "-", "-f", "csv", "--as-of", "2024-01-15")).stdout
    assert out.startswith("\ufeffPlan,Ref,")
    table = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    record = dict(zip(table[0], table[1], strict=True))
    assert len(table) == 2
    assert record["Recommendation"] == (
        "a | b *c* [link](http://example.org) `code` <img src=x> &lt;b&gt;"
    )
    assert record["Learning"] == "<script>alert('x')</script>"
    assert record["Lead"] == "Police | CID; O'Brien & Co"
    assert record["Latest progress"] == HOSTILE_NOTE


# --- the command line --------------------------------------------------------------------------


def test_readme_command_writes_a_word_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "child-m.yaml").write_bytes(CHILD_M.read_bytes())
    result = ok(run("report", "plans/child-m.yaml", "-o", "child-m.docx"))
    assert (result.stdout, result.stderr) == ("", "wrote child-m.docx\n")
    data = (tmp_path / "child-m.docx").read_bytes()
    assert data.startswith(b"PK")  # a zip, as every .docx is
    import docx

    document = docx.Document(str(tmp_path / "child-m.docx"))
    assert document.paragraphs[0].text == "Child M SCR - SILP"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("r.docx", b"PK\x03\x04"),
        ("r.html", b"<!DOCTYPE html>"),
        ("r.htm", b"<!DOCTYPE html>"),
        ("r.md", b"# Child A"),
        ("R.MD", b"# Child A"),
        ("r.csv", b"\xef\xbb\xbfPlan,Ref,"),
    ],
)
def test_format_follows_the_extension(run, tmp_path, name, start):
    target = tmp_path / name
    ok(run("report", ALPHA, "-o", target))
    assert target.read_bytes().startswith(start)


def test_format_option_wins_for_a_name_without_a_known_extension(run, tmp_path):
    target = tmp_path / "paper.txt"
    ok(run("report", ALPHA, "-o", target, "--format", "markdown"))
    assert target.read_text(encoding="utf-8").startswith("# Child A")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "paper.pdf"], "scrplan cannot tell the format from the name 'paper.pdf'"),
        (["-o", "-", "-f", "docx"], "a Word file cannot be written to standard output"),
        (["-o", "paper.docx", "-f", "html"], "the name paper.docx says docx but --format says"),
        (
            ["-o", "x.md", "--since", "1/1/2024"],
            "--since': 1/1/2024 is not in the form scrplan reads: write it as 2024-01-01",
        ),
        (["-o", "x.md", "--rag", "purple"], "'purple' is not a level of these plans' keys"),
        ([], "Missing option '--output'"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(run, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run("report", ALPHA, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused_in_plain_words(run, tmp_path):
    target = tmp_path / "reports" / "q1.md"
    result = run("report", ALPHA, "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"scrplan: cannot write {target}: there is no folder {target.parent}; create it first, "
        "or give another file name with -o\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_plan_is_refused_and_the_old_report_kept(run, write, tmp_path):
    bad = write("title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    rag: pink\n")
    target = tmp_path / "report.html"
    target.write_text("last quarter's report", encoding="utf-8")
    result = run("report", bad, "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:5:10: error: recommendation 1: `rag`")
    assert target.read_text(encoding="utf-8") == "last quarter's report"


def test_a_report_replaces_the_old_one_and_keeps_its_permissions(run, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    ok(run("report", ALPHA, "-o", target))
    assert target.read_text(encoding="utf-8").startswith("# Child A")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_report_is_readable_by_others(run, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        ok(run("report", ALPHA, "-o", tmp_path / "new.md"))
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


FILTERS = [
    [],
    ["--all"],
    ["--rag", "red", "--rag", "amber"],
    ["--rag", "none"],
    ["--lead", "police"],
    ["--overdue"],
    ["--due-before", "2024-01-01"],
    ["--search", "audit", "--all"],
    ["--overdue", "--lead", "ICB"],
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: " ".join(f) or "default")
def test_filters_select_what_list_selects(run, filters):
    """The same options through the same code: the report holds exactly list's items."""
    as_of = ["--as-of", "2024-01-15"]
    listed = json.loads(ok(run("list", BOARD, "-f", "json", *as_of, *filters)).stdout)
    out = ok(run("report", BOARD, "-o", "-", "-f", "csv", *as_of, *filters)).stdout
    reported = [r["Ref"] for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))]
    assert sorted(reported) == sorted(item["ref"] for item in listed)


def test_render_refuses_an_unknown_format():
    report = build([plan(ALPHA)], dt.date(2024, 1, 15), Filter())
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(report, "pdf")


def console_commands(path):
    """The ``scrplan report`` commands in the documentation's console blocks."""
    blocks = re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    lines = [line.split("#")[0].split() for block in blocks for line in block.splitlines()]
    return [line[line.index("report") :] for line in lines if "report" in line[:4]]


@pytest.mark.parametrize(
    "command",
    console_commands(ROOT / "docs" / "report.md") + console_commands(ROOT / "README.md"),
    ids=" ".join,
)
def test_documented_commands_work(run, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "child-m.yaml").write_bytes(CHILD_M.read_bytes())
    result = ok(run(*command))
    output = command[command.index("-o") + 1]
    if output == "-":
        assert result.stdout.startswith("# Child M SCR - SILP\n")
    else:
        assert (tmp_path / output).stat().st_size > 0
