"""`scrplan annual-report`: the yearly report's part about reviews, from git history with fixed
dates, in Markdown, HTML and Word."""

from __future__ import annotations

import pytest

from gitrepo import make_repo

P = "plans/child-t.yaml"

START = """\
    title: Child T action plan
    review: Child Safeguarding Practice Review
    subject: Child T
    report_date: 2023-02-10
    plan_date: 2023-03-01
    recommendations:
      - id: 1
        recommendation: Health visitors see every child at home before a transfer.
        lead: ICB
        target_date: 2023-12-31
        rag: amber
        impact:
          measure: Re-audit of 20 transfers
      - id: 2
        recommendation: Schools record every missed day against a named lead.
        lead: Education
        target_date: 2023-09-30
        rag: blue
        evidence: The new register went live in every school.
        completed: 2023-03-20
      - id: 3
        recommendation: A second multi-agency panel for the west of the county.
        lead: Business unit
        target_date: 2023-10-31
        rag: amber
      - id: 4
        recommendation: Police share every domestic abuse notification within a day.
        lead: Police
        target_date: 2023-11-30
        rag: red
        progress:
          - note: Pilot in one district.
            date: 2023-05-02
            by: Police
      - id: 5
        recommendation: Train every GP practice on neglect.
        lead: ICB
        target_date: 2024-01-31
        rag: green
      - id: 6
        recommendation: Publish the learning brief.
        lead: Business unit
        target_date: 2022-12-31
        rag: blue
        evidence: Brief published and sent to every agency.
        completed: 2022-12-15
    """


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return build_repo(tmp_path, monkeypatch)


def build_repo(tmp_path, monkeypatch):
    """The plan agreed before the year; item 5 done (undated) and item 3 closed in the autumn;
    item 1 done and signed off, item 2's impact evidenced in February; item 4 done after the
    year ended."""
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(P, START)
    repo.commit("Child T plan agreed", day="2023-03-15")
    repo.edit(
        P,
        "    target_date: 2024-01-31\n    rag: green\n",
        "    target_date: 2024-01-31\n    rag: blue\n    evidence: 48 of 50 practices trained; the rest booked.\n",
    )
    repo.edit(
        P,
        "    target_date: 2023-10-31\n    rag: amber\n",
        "    target_date: 2023-10-31\n    rag: amber\n    closed:\n"
        "      reason: Superseded by the regional panel the ICB set up in September.\n"
        "      by: Board, 3 October\n      date: 2023-10-03\n",
    )
    repo.commit("Child T: 5 done, 3 closed", day="2023-10-05")
    repo.edit(
        P,
        "    target_date: 2023-12-31\n    rag: amber\n    impact:\n      measure: Re-audit of 20 transfers\n",
        "    target_date: 2023-12-31\n    rag: blue\n    evidence: Home visits before transfer in the new procedure.\n"
        "    completed: 2023-11-02\n    verified:\n      by: QA sub-group\n      date: 2023-12-01\n"
        "      note: Procedure and 10 case files checked.\n    impact:\n      measure: Re-audit of 20 transfers\n",
    )
    repo.edit(
        P,
        "    completed: 2023-03-20\n",
        "    completed: 2023-03-20\n    impact:\n      measure: Attendance of children known to social care\n"
        "      evidence: Attendance of children known to social care rose from 81% to 90%.\n"
        "      date: 2024-02-10\n",
    )
    repo.commit("Child T: 1 done and signed off; 2's impact", day="2024-02-15")
    repo.edit(
        P,
        "    target_date: 2023-11-30\n    rag: red\n",
        "    target_date: 2023-11-30\n    rag: blue\n    evidence: Notifications shared the same day in 98% of cases.\n"
        "    completed: 2024-04-20\n",
    )
    repo.commit("Child T: 4 done", day="2024-05-01")
    return repo


YEAR = ("annual-report", "plans", "--from", "2023-04-01", "--to", "2024-03-31")


def test_markdown_to_paste(repo, run):
    result = run(*YEAR, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == CHILD_T_YEAR


CHILD_T_YEAR = """\
# Learning from reviews: 1 April 2023 to 31 March 2024

This part of the annual report sets out the decisions and actions taken in the year to implement the recommendations of local and national reviews, including any resulting improvements, and the reasons for any recommendation not implemented. It covers 1 review whose action plan the partnership monitors.

## Child T action plan

Child Safeguarding Practice Review, about Child T, reported 10 February 2023, plan agreed 1 March 2023.

### Decisions and actions taken to implement the recommendations

From 1 April 2023 to 31 March 2024, 2 recommendations and actions of this plan were completed, and the partnership signed off 1 as evidenced. Agencies gave 1 dated progress update in the year. The plan has 6 recommendations.

| Ref | Recommendation / action | Lead | Completed | Evidence |
|---|---|---|---|---|
| 1 | Health visitors see every child at home before a transfer. | ICB | 2 Nov 2023 | Home visits before transfer in the new procedure. |
| 5 | Train every GP practice on neglect. | ICB | Not dated (in the year, by the plan's history) | 48 of 50 practices trained; the rest booked. |

**Signed off by the partnership**

| Ref | Recommendation / action | Signed off by | Date | What was checked |
|---|---|---|---|---|
| 1 | Health visitors see every child at home before a transfer. | QA sub-group | 1 Dec 2023 | Procedure and 10 case files checked. |

### Resulting improvements

The impact of 1 recommendation or action was evidenced in the year: evidence that practice changed, not only that the work was done.

| Ref | Recommendation / action | Impact measure | Evidence of impact | Assessed |
|---|---|---|---|---|
| 2 | Schools record every missed day against a named lead. | Attendance of children known to social care | Attendance of children known to social care rose from 81% to 90%. | 10 Feb 2024 |

### Recommendations not implemented, and the reasons

1 recommendation or action was closed without being implemented in the year, for the reasons below.

| Ref | Recommendation / action | Reason | Agreed by | Date |
|---|---|---|---|---|
| 3 | A second multi-agency panel for the west of the county. | Superseded by the regional panel the ICB set up in September. | Board, 3 October | 3 Oct 2023 |

### Still outstanding at 31 March 2024

At 31 March 2024, 1 of the plan's 6 recommendations was still outstanding, 1 of them overdue.

| Ref | Recommendation / action | Lead | Target date | Status |
|---|---|---|---|---|
| 4 | Police share every domestic abuse notification within a day. | Police | 30 Nov 2023 | Overdue by 122 days |

## Across all reviews

Across 1 review, 2 recommendations and actions were completed in the year and 1 signed off by the partnership; the impact of 1 was evidenced; 1 was closed without implementation, with the reasons given above. At 31 March 2024, 1 of 6 recommendations was still outstanding, 1 of them overdue.

| Review | Recommendations | Completed in the year | Signed off in the year | Impact evidenced in the year | Closed without implementation in the year | Outstanding at 31 Mar 2024 | Overdue at 31 Mar 2024 |
|---|---:|---:|---:|---:|---:|---:|---:|
| Child T action plan | 6 | 2 | 1 | 1 | 1 | 1 | 1 |
| Total | 6 | 2 | 1 | 1 | 1 | 1 | 1 |
"""


def test_the_plans_are_read_as_they_stood_at_the_year_end(repo, run):
    # Item 4 was done after the year ended: it is still outstanding in this year's report.
    text = run(*YEAR, "-o", "-").stdout
    outstanding = text[text.index("### Still outstanding") : text.index("## Across all reviews")]
    assert "| 4 | Police share every domestic abuse notification within a day." in outstanding
    # The next year counts it as done, by its own date.
    text = run(
        "annual-report", "plans", "--from", "2024-04-01", "--to", "2025-03-31", "-o", "-"
    ).stdout
    assert (
        "| 4 | Police share every domestic abuse notification within a day. | Police | 20 Apr 2024 |"
        in text
    )


def test_html_is_one_self_contained_page(repo, run, tmp_path):
    target = tmp_path / "reviews.html"
    result = run(*YEAR, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<h1>Learning from reviews: 1 April 2023 to 31 March 2024</h1>" in page
    assert "<h3>Recommendations not implemented, and the reasons</h3>" in page
    assert (
        '<tr><th scope="row">3</th><td>A second multi-agency panel for the west of the county.'
        "</td><td>Superseded by the regional panel the ICB set up in September.</td>"
    ) in page
    assert '<td class="num">6</td>' in page
    assert "<script" not in page and "http" not in page.split("<body>")[1]


def test_word_document_reads_back(repo, run, tmp_path):
    import docx

    target = tmp_path / "reviews.docx"
    result = run(*YEAR, "-o", target)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Learning from reviews: 1 April 2023 to 31 March 2024"),
        ("Heading 2", "Child T action plan"),
        ("Heading 3", "Decisions and actions taken to implement the recommendations"),
        ("Heading 3", "Resulting improvements"),
        ("Heading 3", "Recommendations not implemented, and the reasons"),
        ("Heading 3", "Still outstanding at 31 March 2024"),
        ("Heading 2", "Across all reviews"),
    ]
    totals = document.tables[-1]
    assert [c.text for c in totals.rows[-1].cells] == ["Total", "6", "2", "1", "1", "1", "1", "1"]
    assert document.core_properties.title == "Learning from reviews: 1 April 2023 to 31 March 2024"


def test_without_git_the_plans_are_read_as_they_are_now(tmp_path, monkeypatch, run):
    import textwrap

    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "child-t.yaml").write_text(textwrap.dedent(START), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run(*YEAR, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "scrplan: these plans are not in git, so they are read as they are now, not as they "
        "stood on 2024-03-31; items are placed in the year by their own dates\n"
    )
    # Item 2 was completed before the year, by its own date: not counted in it.
    assert "| 2 | Schools record" not in result.stdout.split("### Resulting")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-04-01", "--to", "2024-03-31", "-o", "x.md"], "--to is before --from"),
        (["--from", "2023-04-01", "--to", "2024-03-31", "-o", "x.pdf"], "cannot tell the format"),
        (["--from", "1/4/2023", "--to", "2024-03-31", "-o", "x.md"], "write it as 2023-04-01"),
    ],
)
def test_usage_errors_exit_2(repo, run, args, message):
    result = run("annual-report", "plans", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_year_that_ends_before_the_history_is_a_plain_error(repo, run):
    result = run("annual-report", "plans", "--from", "2022-04-01", "--to", "2023-03-01", "-o", "-")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "history in git starts on 2023-03-15" in result.stderr
