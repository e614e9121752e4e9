"""The board's view over time: `changes --since`, `trend`, and the facts they count, in real git
repositories with fixed dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gitrepo import WMP, make_repo

Q = "plans/child-q.yaml"
Q2 = "plans/child-q-2023.yaml"
R = "plans/child-r.yaml"
S = "plans/child-s.yaml"

CHILD_Q = """\
    title: Child Q action plan
    plan_date: 2023-12-01
    recommendations:
      - id: 1
        recommendation: Share information when a child moves school.
        lead: ICB
        target_date: 2024-03
        rag: amber
        progress:
          - note: Audit of transfer records started.
            date: 2024-01-02
            by: ICB

      - id: 2
        recommendation: Refresh the escalation policy.
        lead: Business unit
        actions:
          - id: "2.1"
            action: Draft the revised policy.
            target_date: 2024-02-15
            rag: amber
          - id: "2.2"
            action: Brief every agency's safeguarding lead.
            target_date: 2024-06-30
            rag: green

      - id: 3
        recommendation: Police attend every strategy meeting.
        lead: WMP
        target_date: 2024-06-30
        rag: red
    """

CHILD_R = """\
    title: Child R action plan
    recommendations:
      - id: 1
        recommendation: Train GP practice staff.
        lead: ICB
        target_date: 2024-04-30
        rag: green
    """

CHILD_S = """\
    title: Child S action plan
    recommendations:
      - id: 1
        recommendation: Review the neglect strategy.
        lead: Local authority
        target_date: 2024-09-30
        rag: green
    """


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return build_repo(tmp_path, monkeypatch)


def build_repo(tmp_path, monkeypatch):
    """Five commits through the spring of 2024: item 1's target moves three times, the plan is
    renamed, item 3 is completed then reopened, Child R is removed and Child S added."""
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(Q, CHILD_Q)
    repo.write(R, CHILD_R)
    repo.commit("Add the Child Q and Child R plans", day="2024-01-05")
    repo.edit(Q, "target_date: 2024-03\n    rag: amber", "target_date: 2024-06\n    rag: red")
    repo.commit("ICB update: audit paused", author=WMP, day="2024-02-01")
    repo.git("mv", Q, Q2)
    repo.edit(Q2, "target_date: 2024-06\n", "target_date: 2024-09\n")
    repo.commit("File Child Q by year; move its first target", day="2024-03-01")
    repo.edit(
        Q2,
        "target_date: 2024-06-30\n    rag: red\n",
        "target_date: 2024-06-30\n    rag: blue\n    evidence: Attendance audit, 20 of 20.\n",
    )
    repo.git("rm", "-q", R)
    repo.write(S, CHILD_S)
    repo.commit("Child Q 3 complete; Child R closed down; Child S added", day="2024-04-01")
    repo.edit(Q2, "target_date: 2024-09\n", "target_date: 2024-12\n")
    repo.edit(
        Q2,
        "    rag: blue\n    evidence: Attendance audit, 20 of 20.\n",
        "    rag: red\n    progress:\n      - note: Re-audit found gaps.\n        date: 2024-04-20\n        by: WMP\n",
    )
    repo.commit("Child Q 3 reopened; target moved again", day="2024-05-01")
    return repo


def ok(result, code=0):
    assert result.exit_code == code, result.output
    assert "\x1b[" not in result.stdout
    return result.stdout


# --- scrplan changes ---------------------------------------------------------------------------


def test_changes_follow_a_rename_and_plans_added_and_removed(repo, run):
    result = run("changes", "--since", "2024-01-20", "--as-of", "2024-05-15")
    assert ok(result) == CHANGES_SINCE_JANUARY
    assert result.stderr == ""


CHANGES_SINCE_JANUARY = """\
Changes since 2024-01-20

Compares the plans as they stood on 2024-01-20 (commit 18fb5bc of 2024-01-05) with the plans now
(the working tree), counted as of 2024-05-15.

3 plans (1 renamed, 1 new, 1 removed): 1 level worse, 2 newly overdue, 1 target moved later, 4 with
no update since 2024-01-20.

Across the plans
What                           Items
-----------------------------  -----
Completed                          0
Signed off                         0
Impact evidenced                   0
Reopened                           0
Closed without implementation      0
Level better                       0
Level worse                        1
Newly overdue                      2
Target moved later                 1
New                                0
Removed                            0
No update since 2024-01-20         4

child-q-2023: Child Q action plan

Renamed from plans/child-q.yaml to plans/child-q-2023.yaml.

1 level worse, 2 newly overdue, 1 target moved later, 4 with no update since 2024-01-20.

Ref               Item                                          What changed                                               Target moved later
----------------  --------------------------------------------  ---------------------------------------------------------  ------------------
child-q-2023:1    Share information when a child moves school.  worse: amber → red; target moved later: 2024-03 → 2024-12             3 times
child-q-2023:2    Refresh the escalation policy.                newly overdue
child-q-2023:2.1  Draft the revised policy.                     newly overdue

No update since 2024-01-20
Ref               Item                                          Last update
----------------  --------------------------------------------  -----------
child-q-2023:1    Share information when a child moves school.  2024-01-02
child-q-2023:2    Refresh the escalation policy.                2023-12-01
child-q-2023:2.1  Draft the revised policy.                     2023-12-01
child-q-2023:2.2  Brief every agency's safeguarding lead.       2023-12-01

child-r: Child R action plan

Removed since then: plans/child-r.yaml (1 recommendation).

child-s: Child S action plan

New plan since then: plans/child-s.yaml, 1 recommendation.
"""


def record(run, *args):
    result = run("changes", *args, "--as-of", "2024-05-15", "--format", "json")
    return json.loads(ok(result))


def items(found, plan):
    [entry] = [p for p in found["plans"] if p["plan"] == plan]
    return {i["ref"]: [c["kind"] for c in i["changes"]] for i in entry["items"]}, entry


def test_a_target_moved_three_times_is_counted_across_the_rename(repo, run):
    found = record(run, "--since", "2024-04-15")
    [item] = [i for p in found["plans"] for i in p["items"] if i["ref"] == "child-q-2023:1"]
    assert item["target_moves"] == 3
    assert item["changes"][0] == {"kind": "slipped", "old": "2024-09", "new": "2024-12"}


def test_a_reopened_item(repo, run):
    found = record(run, "--since", "2024-04-15")
    moved, entry = items(found, "child-q-2023")
    assert moved["child-q-2023:3"] == ["reopened"]
    assert entry["status"] == "changed"
    assert found["base"]["date"] == "2024-04-01"
    assert found["totals"]["reopened"] == 1


def test_completed_then_counted_from_a_revision(repo, run):
    found = record(run, "--since", "HEAD~2")  # the plans of 1 March, before item 3 was done
    moved, _ = items(found, "child-q-2023")
    assert "completed" not in moved.get("child-q-2023:3", [])  # done, then reopened: no change
    found = json.loads(
        ok(run("changes", "--since", "HEAD~2", "--as-of", "2024-04-15", "--format", "json"))
    )
    assert found["since"] == "HEAD~2"
    assert found["since_date"] == "2024-03-01"


def test_changes_in_the_working_tree_count_too(repo, run):
    repo.edit(Q2, "target_date: 2024-12\n", "target_date: 2025-03\n")
    # Moved by hand, not with git mv: the plan is still followed, by its title.
    (repo.path / Q2).rename(repo.path / "plans/child-q-2024.yaml")
    found = record(run, "--since", "2024-01-20")
    _, entry = items(found, "child-q-2024")
    assert entry["status"] == "renamed"
    assert entry["file_then"] == Q
    [item] = [i for i in entry["items"] if i["ref"] == "child-q-2024:1"]
    assert item["target_moves"] == 4


def test_new_and_removed_items(repo, run):
    repo.edit(Q2, "  - id: 3\n", "  - id: 4\n")
    found = record(run, "--since", "2024-04-15")
    moved, _ = items(found, "child-q-2023")
    assert moved["child-q-2023:4"] == ["added"]
    assert moved["child-q-2023:3"] == ["removed"]


def test_a_date_before_the_first_commit_is_a_plain_error(repo, run):
    result = run("changes", "--since", "2023-12-31")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "scrplan: there is no version of these plans on or before 2023-12-31: their history in "
        "git starts on 2024-01-05 (commit 18fb5bc); give that date or a later one\n"
    )


def test_an_unknown_revision_is_a_plain_error(repo, run):
    result = run("changes", "--since", "no-such-branch")
    assert result.exit_code == 3
    assert "unknown revision 'no-such-branch'" in result.stderr


def test_changes_outside_git(tmp_path, monkeypatch, run):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text("title: A\nrecommendations: []\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("changes", "--since", "2024-01-01")
    assert result.exit_code == 3
    assert "not in a git repository" in result.stderr


def test_a_version_that_cannot_be_read_is_noted_and_an_earlier_one_used(repo, run):
    repo.edit(Q2, "rag: amber\n", "rag: [amber\n")
    repo.commit("Broken", day="2024-05-02")
    repo.edit(Q2, "rag: [amber\n", "rag: amber\n")
    found = record(run, "--since", "2024-05-03")
    _, entry = items(found, "child-q-2023")
    assert entry["notes"] == [
        "plans/child-q-2023.yaml could not be read as it stood in commit "
        f"{repo.git('rev-parse', '--short', 'HEAD').strip()}; its version of commit "
        f"{repo.git('rev-parse', '--short', 'HEAD~1').strip()} (2024-05-01) is used"
    ]


# --- scrplan trend -----------------------------------------------------------------------------


def test_trend_by_quarter(repo, run):
    result = run("trend", "--as-of", "2024-05-15", "--by", "quarter")
    assert ok(result) == TREND_BY_QUARTER


TREND_BY_QUARTER = """\
Recommendations at the end of each quarter

Each row counts the plans as they stood at the end of the period (the last commit made on or before
the day counted); the last row, up to the as-of day.

Period           Counted on  Plans  Red  Amber  Green  Blue  Not rated  Outstanding  Overdue  No update  Awaiting sign-off
---------------  ----------  -----  ---  -----  -----  ----  ---------  -----------  -------  ---------  -----------------
Jan to Mar 2024  2024-03-31      2    2      1      1     0          0            4        1          3                  0
Apr to Jun 2024  2024-05-15      2    2      1      1     0          0            4        1          3                  0
"""


def test_trend_as_csv_for_excel(repo, run):
    result = run("trend", "--as-of", "2024-05-15", "--format", "csv")
    assert ok(result) == (
        "period,start,end,partial,commit,plans,red,amber,green,blue,none,total,outstanding,overdue,stale,awaiting,complete,closed\n"
        "2024-01,2024-01-01,2024-01-31,no,18fb5bc1d8f5b3047aee279300ebac88e75c69b1,2,1,2,1,0,0,4,4,0,1,0,0,0\n"
        "2024-02,2024-02-01,2024-02-29,no,84ef730e28096b8b205cb12423fdace61a7f9df9,2,2,1,1,0,0,4,4,1,1,0,0,0\n"
        "2024-03,2024-03-01,2024-03-31,no,7f373e4c64676c4829beffc236c7570dccfc70cc,2,2,1,1,0,0,4,4,1,3,0,0,0\n"
        "2024-04,2024-04-01,2024-04-30,no,f72bfb58cbae854e0fc5c872ba9bf2a3109747ba,2,1,1,1,1,0,4,3,1,3,0,1,0\n"
        "2024-05,2024-05-01,2024-05-15,yes,d490fb01380034693f7827124d9d3ee4f06f7711,2,2,1,1,0,0,4,4,1,3,0,0,0\n"
    ).replace("period,", "\ufeffperiod,", 1)


def test_trend_json_and_a_start_before_the_history(repo, run):
    result = run("trend", "--as-of", "2024-05-15", "--from", "2023-06-01", "--format", "json")
    found = json.loads(ok(result))
    assert [p["period"] for p in found["periods"]] == [
        "2024-01", "2024-02", "2024-03", "2024-04", "2024-05",
    ]  # fmt: skip
    april = found["periods"][3]
    assert april["levels"] == {"red": 1, "amber": 1, "green": 1, "blue": 1, "none": 0}
    assert (april["outstanding"], april["overdue"], april["complete"]) == (3, 1, 1)
    assert found["periods"][-1]["partial"] is True


def test_trend_of_today_counts_the_working_tree(repo, run):
    repo.edit(
        Q2,
        "    rag: red\n    progress:\n      - note: Re-audit",
        "    rag: green\n    progress:\n      - note: Re-audit",
    )
    found = json.loads(ok(run("trend", "--format", "json")))
    now = found["periods"][-1]
    assert now["commit"] is None
    assert now["levels"]["green"] == 2


# --- the facts counted, and the versions kept by blob id -------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "plans/child-m.yaml",
        "tests/fixtures/board/alpha.yaml",
        "tests/fixtures/board/beta.yaml",
        "tests/fixtures/stockton/stockton.yaml",
    ],
)
def test_the_facts_count_as_status_counts(path):
    from conftest import ROOT
    from scrplan.history.facts import columns, count, plan_facts
    from scrplan.plan.load import load_plan
    from scrplan.plan.query import summarise

    plan = load_plan(ROOT / path).require("nothing")
    facts = plan_facts(plan)
    cols, by_meaning = columns([facts])
    assert not by_meaning
    for day in (
        dt.date(2016, 1, 1),
        dt.date(2017, 3, 31),
        dt.date(2023, 10, 1),
        dt.date(2026, 1, 1),
    ):
        s = summarise(plan, day)
        c = count([facts], day, cols, by_meaning)
        assert dict(zip([col.name for col in cols], c.levels, strict=True)) == s.counts
        assert (c.total, c.outstanding, c.overdue, c.stale, c.awaiting, c.complete, c.closed) == (
            s.total, s.outstanding, s.overdue, s.stale, s.awaiting, s.complete, s.closed,
        )  # fmt: skip


def test_plans_with_other_keys_are_counted_by_meaning():
    from conftest import ROOT
    from scrplan.history.facts import columns, count, plan_facts
    from scrplan.plan.load import load_plan
    from scrplan.plan.query import by_meaning, summarise, total

    plans = [
        load_plan(ROOT / p).require("nothing")
        for p in ("tests/fixtures/board/alpha.yaml", "tests/fixtures/stockton/stockton.yaml")
    ]
    day = dt.date(2024, 1, 15)
    cols, meaning = columns([plan_facts(p) for p in plans])
    assert meaning
    c = count([plan_facts(p) for p in plans], day, cols, meaning)
    whole = total([by_meaning(p, summarise(p, day)) for p in plans], plans)
    assert {k: v for k, v in whole.counts.items() if v} == {
        col.name: n for col, n in zip(cols, c.levels, strict=True) if n
    }


def test_an_unchanged_version_is_never_parsed_twice(repo, run, monkeypatch):
    from scrplan.history import blobcache
    from scrplan.plan import load

    parsed = []
    real = load.load_bytes

    def counted(data, name, **kwargs):
        parsed.append(name)
        return real(data, name, **kwargs)

    monkeypatch.setattr(load, "load_bytes", counted)
    first = ok(run("changes", "--since", "2024-01-20", "--as-of", "2024-05-15"))
    # Seven versions in git; the two plans now are the same bytes as in the last commit.
    assert len(parsed) == len(set(parsed)) == 7
    blobcache.forget()  # as a new command would start
    parsed.clear()
    assert ok(run("changes", "--since", "2024-01-20", "--as-of", "2024-05-15")) == first
    ok(run("trend", "--as-of", "2024-05-15"))
    assert parsed == []


def test_a_version_kept_by_other_code_is_read_again(repo, run, monkeypatch, private_cache):
    from scrplan.history import blobcache

    ok(run("trend", "--as-of", "2024-05-15"))
    entries = sorted((private_cache / "blobs").rglob("*.json"))
    assert entries
    for entry in entries:
        record = json.loads(entry.read_text())
        record["code"] = "older code"
        record["facts"]["recs"] = []  # what a stale entry would wrongly say
        entry.write_text(json.dumps(record))
    blobcache.forget()
    found = json.loads(ok(run("trend", "--as-of", "2024-05-15", "--format", "json")))
    assert found["periods"][0]["total"] == 4


def test_a_version_that_cannot_be_read_is_kept_as_unreadable(repo, run, private_cache):
    from scrplan.history import blobcache

    repo.edit(Q2, "rag: amber\n", "rag: [amber\n")
    repo.commit("Broken", day="2024-05-02")
    blob = repo.git("rev-parse", f"HEAD:{Q2}").strip()
    checked = blobcache.check_versions([blobcache.Wanted(blob, Q2, "x")], str(repo.path))
    assert checked[blob].facts is None
    assert checked[blob].errors[0].location.path == "x"
    blobcache.forget()
    again = blobcache.check_versions([blobcache.Wanted(blob, Q2, "y")], str(repo.path))
    assert again[blob].facts is None
    assert again[blob].plan("y", None) is None  # type: ignore[arg-type]
    assert [e.location.path for e in again[blob].errors] == ["y"]


# --- the board report's "Since the last meeting" -------------------------------------------

REPORT = ("report", "plans", "--since", "2024-02-15", "--as-of", "2024-05-15")


def test_report_since_has_what_moved_and_the_trend(repo, run):
    text = ok(run(*REPORT, "-o", "-"))
    start = text.index("## Since the last meeting")
    section = text[start : text.index("## Child Q action plan")]
    assert section == SINCE_SECTION


SINCE_SECTION = """\
## Since the last meeting

Since 15 Feb 2024: 2 newly overdue, 1 target moved later, 4 with no update since 15 Feb 2024, 1 new plan, 1 plan removed. Compared with the plans as they stood on 15 Feb 2024 (the last change before it was made on 1 Feb 2024, commit 84ef730).

**What moved since 15 Feb 2024**

| Ref | Recommendation / action | What changed | Target moved later |
|---|---|---|---|
| child-q-2023:1 | Share information when a child moves school. | target moved later: Jun 2024 → Dec 2024 | 3 times |
| child-q-2023:2 | Refresh the escalation policy. | newly overdue | — |
| child-q-2023:2.1 | Draft the revised policy. | newly overdue | — |

**Recommendations at the end of each month**

| Period | Counted on | Plans | Red | Amber | Green | Blue | Not rated | Outstanding | Overdue | No update | Awaiting sign-off |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| Jan 2024 | 2024-01-31 | 2 | 1 | 2 | 1 | 0 | 0 | 4 | 0 | 1 | 0 |
| Feb 2024 | 2024-02-29 | 2 | 2 | 1 | 1 | 0 | 0 | 4 | 1 | 1 | 0 |
| Mar 2024 | 2024-03-31 | 2 | 2 | 1 | 1 | 0 | 0 | 4 | 1 | 3 | 0 |
| Apr 2024 | 2024-04-30 | 2 | 1 | 1 | 1 | 1 | 0 | 3 | 1 | 3 | 0 |
| May 2024 | 2024-05-15 | 2 | 2 | 1 | 1 | 0 | 0 | 4 | 1 | 3 | 0 |

Outstanding recommendations went from 4 at the end of Jan 2024 to 4 on 15 May 2024; overdue from 0 to 1.

"""


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_since_of_several_plans_is_the_report_built_whole(repo, run, tmp_path, fmt):
    """Several plans are written a plan at a time; the section on what moved is the same."""
    from scrplan import report as board
    from scrplan.plan.discover import find_plan_files
    from scrplan.plan.load import load_plan
    from scrplan.plan.query import Filter
    from scrplan.report.meeting import meeting
    from scrplan.report.model import build

    target = tmp_path / f"board.{'md' if fmt == 'markdown' else fmt}"
    ok(run(*REPORT, "-o", target))
    since, day = dt.date(2024, 2, 15), dt.date(2024, 5, 15)
    files = find_plan_files([Path("plans")])
    assert len(files) == 2
    whole = build([load_plan(f).plan for f in files], day, Filter(), since=since)
    whole = whole._replace(meeting=meeting([Path("plans")], since, day))
    assert whole.meeting is not None
    assert target.read_text(encoding="utf-8") == board.render(whole, fmt)


def test_report_since_draws_the_trend_in_html(repo, run, tmp_path):
    target = tmp_path / "board.html"
    result = run(*REPORT, "-o", target)
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    meeting = page.index('<h2 id="meeting">Since the last meeting</h2>')
    assert page.index('<h2 id="overall">') < meeting < page.index('<h2 id="plan-1">')
    assert (
        '<svg class="trend" role="img" aria-label="Outstanding recommendations went from 4 at '
        'the end of Jan 2024 to 4 on 15 May 2024; overdue from 0 to 1."'
    ) in page
    # Five stacked columns: Jan has red 1, amber 2, green 1; and the overdue line's points.
    assert page.count("<title>Jan 2024: ") == 4
    assert page.count("<circle ") == 5
    assert '<th scope="row">child-q-2023:1</th><td>Share information' in page
    assert "<script" not in page and "http" not in page.split("<body>")[1]


@pytest.mark.slow  # matplotlib's first import
def test_report_since_pictures_the_trend_in_word(repo, run, tmp_path):
    import docx

    target = tmp_path / "board.docx"
    result = run(*REPORT, "-o", target)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [
        "Overall summary",
        "Since the last meeting",
        "What moved since 15 Feb 2024",
        "Recommendations at the end of each month",
    ]
    [picture] = document.inline_shapes
    assert picture._inline.docPr.get("descr").startswith("Outstanding recommendations went")
    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    png = document.part.related_parts[blip.embed].blob
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    moved = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Ref" and len(t.columns) == 4
    )
    assert [c.text for c in moved.rows[1].cells] == [
        "child-q-2023:1",
        "Share information when a child moves school.",
        "target moved later: Jun 2024 → Dec 2024",
        "3 times",
    ]


def test_report_since_without_git_is_as_before(tmp_path, monkeypatch, run):
    from conftest import FIXTURES

    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "alpha.yaml").write_bytes(
        (FIXTURES / "board" / "alpha.yaml").read_bytes()
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("report", "plans", "--since", "2023-08-01", "--as-of", "2024-01-15", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Since the last meeting" not in result.stdout
    assert "Completed since 1 Aug 2023: " in result.stdout


def test_report_since_a_date_before_the_history_leaves_the_section_out(repo, run):
    result = run("report", "plans", "--since", "2023-06-01", "--as-of", "2024-05-15", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Since the last meeting" not in result.stdout


def test_a_merged_branch_counts_as_the_branch_stood(repo, run):
    repo.git("checkout", "-q", "-b", "la-update")
    repo.edit(S, "target_date: 2024-09-30", "target_date: 2024-10-31")
    repo.commit("The local authority's update, on its own branch", day="2024-05-02")
    repo.git("checkout", "-q", "main")
    when = "2024-05-03T10:00:00+00:00"
    repo.git(
        "-c", "user.name=Ann", "-c", "user.email=a@example.org", "merge", "-q", "--no-ff",
        "-m", "Merge the local authority's update", "la-update",
        env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )  # fmt: skip
    found = json.loads(ok(run("trend", "--as-of", "2024-05-15", "--format", "json")))
    assert found["periods"][-1]["commit"] == repo.git("rev-parse", "HEAD").strip()
    # The branch's own commit of 2 May is not a point of main's history: "as they stood on
    # 2 May" is main on 1 May, so the merged change shows as moved since then.
    moved = record(run, "--since", "2024-05-02")
    assert moved["base"]["commit"] == repo.git("rev-parse", "HEAD^1").strip()
    [item] = [i for p in moved["plans"] for i in p["items"] if i["ref"] == "child-s:1"]
    assert item["changes"][0] == {"kind": "slipped", "old": "2024-09-30", "new": "2024-10-31"}
    assert item["target_moves"] == 1


def test_trend_outside_git_is_a_plain_error(tmp_path, monkeypatch, run):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text("title: A\nrecommendations: []\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("trend")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "not in a git repository" in result.stderr
