"""`scrplan site`: the pages (golden), their addresses and links, escaping, accessibility, the
public edition, and writing the folder. The browser tests are in test_site_browser.py."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan.load import load_plan
from scrplan.plan.query import summarise
from scrplan.report.model import RAG_FILL, RAG_INK
from scrplan.site import make_site
from scrplan.site.assets import stylesheet
from scrplan.site.build import MARKER
from scrplan.site.model import build
from scrplan.site.pages import index_page, trend_cell
from scrplan.site.trend import PlanTrend, TrendPoint, plan_trends
from test_report import HOSTILE

BOARD = FIXTURES / "board"
GOLDEN = FIXTURES / "site"
AS_OF = "2024-01-15"

SETTINGS = """\
partnership: Northshire Safeguarding Children Partnership
agencies:
  - name: Northshire Police
    short: NP
    aliases: [Police]
    contact: DI Jane Example, Public Protection
    email: jane.example@police.example
  - name: Northshire ICB
    short: ICB
    aliases: [Health]
    contact: Designated Nurse
{publish}"""

PLAN = """\
title: Child Q action plan
partnership: Northshire Safeguarding Children Partnership
review: Child Safeguarding Practice Review
plan_date: 2023-06-01
summary: Background that the board keeps to itself.
recommendations:
  - id: 1
    recommendation: Strategy meetings in person.
    lead: Police
    target_date: 2023-09-30
    rag: red
    progress:
      - note: Pilot in the east of the county.
        date: 2023-11-02
        by: DS Sam Officer
    other_columns:
      Internal notes: Sam is off sick until March.
      Success measure: Attendance above 90%.
  - id: 2
    recommendation: Health visitors share concerns with schools.
    lead: [ICB, Education]
    target_date: 2024-06-30
    rag: blue
    evidence: Audit of 20 transfers, all shared.
    completed: 2023-12-01
    verified:
      by: Pat Reviewer, QA sub-group chair
      date: 2023-12-20
      note: Checked five case files.
  - id: 3
    recommendation: Superseded by national guidance.
    lead: Education
    closed:
      reason: The national guidance replaced it.
      by: Board meeting, Chris Chair
      date: 2023-10-10
"""


class Parsed(HTMLParser):
    """What the tests look at in a page: tags with their attributes, text, headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((int(tag[1]), "".join(self._heading[1:]).strip()))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def parse(data: bytes) -> Parsed:
    page = Parsed()
    page.feed(data.decode("utf-8"))
    page.close()
    return page


def board_site(public=False):
    plans = [load_plan(BOARD / name).require("x") for name in ("alpha.yaml", "beta.yaml")]
    files, _ = make_site(plans, dt.date(2024, 1, 15), public=public)
    return files


@pytest.fixture
def partnership(tmp_path, monkeypatch):
    """A folder with Child Q's plan and the partnership's settings; `publish` is spliced in."""

    def make(publish=""):
        (tmp_path / "plans").mkdir(exist_ok=True)
        (tmp_path / "plans" / "partnership.yaml").write_text(
            SETTINGS.format(publish=publish), encoding="utf-8"
        )
        (tmp_path / "plans" / "child-q.yaml").write_text(PLAN, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        return tmp_path / "plans"

    return make


def read_site(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


# --- the command ------------------------------------------------------------------------------


def test_site_writes_every_page_and_says_where(run, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "site"
    result = run("site", BOARD, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}: 14 files; open {out / 'index.html'}\n"
    assert sorted(read_site(out)) == [
        "agencies/adult-social-care.html",
        "agencies/business-unit.html",
        "agencies/education.html",
        "agencies/icb.html",
        "agencies/index.html",
        "agencies/northshire-police.html",
        "agencies/police.html",
        "index.html",
        "plans/alpha.html",
        "plans/beta.html",
        "search-data.js",
        "search.html",
        "site.css",
        "site.js",
    ]
    assert (out / MARKER).is_file()


@pytest.mark.parametrize("page", ["index.html", "plans/alpha.html", "agencies/police.html"])
def test_golden_pages(run, tmp_path, monkeypatch, page):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "site"
    result = run("site", "tests/fixtures/board", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert (out / page).read_bytes() == (GOLDEN / page.replace("/", "-")).read_bytes()


def test_the_site_is_made_again_the_same(tmp_path):
    assert board_site() == board_site()


def test_refuses_invalid_plans_and_writes_nothing(run, write, tmp_path):
    plan = write("title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    rag: purple\n")
    out = tmp_path / "site"
    result = run("site", plan, "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert '`rag` "purple" is not a RAG colour' in result.stderr
    assert "scrplan: nothing shown" in result.stderr
    assert not out.exists()


def test_output_folder_is_required(run):
    result = run("site", BOARD)
    assert result.exit_code == 2
    assert "Missing option '--output'" in result.stderr


# --- writing the folder -----------------------------------------------------------------------


def test_replaces_a_site_it_made_before(run, tmp_path):
    out = tmp_path / "site"
    assert run("site", BOARD / "alpha.yaml", "-o", out).exit_code == 0
    assert (out / "plans" / "alpha.html").is_file()
    result = run("site", BOARD / "beta.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert not (out / "plans" / "alpha.html").exists()  # replaced whole: nothing stale left
    assert (out / "plans" / "beta.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


def test_never_replaces_a_folder_it_did_not_make(run, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "minutes.docx").write_bytes(b"the board's minutes")
    result = run("site", BOARD, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"scrplan: cannot write the site to {out}: the folder holds files that are not a site "
        "scrplan made, and they would be replaced; give a new or empty folder\n"
    )
    assert [p.name for p in out.iterdir()] == ["minutes.docx"]
    assert [p.name for p in tmp_path.iterdir()] == ["documents"]


def test_writes_into_an_empty_folder_and_refuses_a_file(run, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("site", BOARD, "-o", empty).exit_code == 0
    assert (empty / "index.html").is_file()
    afile = tmp_path / "site.txt"
    afile.write_text("x")
    result = run("site", BOARD, "-o", afile)
    assert result.exit_code == 1
    assert "it is a file; give a folder" in result.stderr


# --- addresses and links ----------------------------------------------------------------------


def test_every_item_has_a_fixed_address():
    files = board_site()
    for name in ("alpha", "beta"):
        plan = load_plan(BOARD / f"{name}.yaml").require("x")
        page = parse(files[f"plans/{name}.html"])
        rows = [a["id"] for a in page.all("tr") if a.get("id")]
        assert rows == [item.id for item in plan.items()]
    assert b'<tr id="2.2" class="action overdue"' in files["plans/alpha.html"]


def test_every_link_stays_inside_the_site_and_finds_its_target():
    files = board_site()
    ids = {
        name: {a["id"] for _, a in parse(data).tags if a.get("id")}
        for name, data in files.items()
        if name.endswith(".html")
    }
    checked = 0
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        for tag, attrs in parse(data).tags:
            for attr in ("href", "src", "action"):
                link = attrs.get(attr)
                if link is None or (tag == "link" and link == "data:,"):
                    continue
                parts = urlsplit(link)
                assert not parts.scheme and not parts.netloc, f"{name}: {link}"
                target = (
                    (Path(name).parent / unquote(parts.path)).as_posix() if parts.path else name
                )
                target = re.sub(r"[^/]+/\.\./", "", target)
                assert target in files, f"{name}: {link}"
                if parts.fragment:
                    assert unquote(parts.fragment) in ids[target], f"{name}: {link}"
                checked += 1
    assert checked > 150


def test_pages_load_nothing_from_elsewhere():
    for name, data in board_site().items():
        text = data.decode("utf-8")
        if name.endswith(".html"):
            policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
            assert policy and "default-src 'none'" in policy.group(1), name
            assert "'unsafe-inline'" not in policy.group(1)
            scripts = [a for t, a in parse(data).tags if t == "script"]
            assert all(a.get("src") for a in scripts), f"{name}: an inline script"
            assert " style=" not in text, name
        assert "http://" not in text and "https://" not in text, name
        assert "@import" not in text and "url(" not in text, name


# --- untrusted text ---------------------------------------------------------------------------


HOSTILE_ID = """\
  - id: "77"
    recommendation: <img src=x onerror=alert(2)>
    lead: ['<a href="javascript:alert(3)">x</a>', 'Police" onmouseover="alert(4)']
    other_columns:
      '<b>Column</b>': '</script><script>alert(5)</script>'
"""


def test_every_piece_of_plan_text_is_escaped(write, tmp_path):
    path = write(HOSTILE + HOSTILE_ID, "<x>&amp;.yaml")
    plan = load_plan(path).require("x")
    files, _ = make_site([plan], dt.date(2024, 1, 15))
    assert sorted(f for f in files if f.startswith("plans/")) == ["plans/x-amp.html"]
    for name, data in files.items():
        text = data.decode("utf-8")
        if name.endswith(".html"):
            page = parse(data)
            scripts = [a.get("src") for t, a in page.tags if t == "script"]
            assert all(s and s.endswith(("site.js", "search-data.js")) for s in scripts), name
            assert not [t for t, _ in page.tags if t in ("img", "b", "iframe", "object")], name
            for tag, attrs in page.tags:
                assert not [a for a in attrs if a.startswith("on")], (name, tag, attrs)
                for value in attrs.values():
                    assert "javascript:" not in (value or ""), (name, tag, attrs)
        else:
            assert "</script>" not in text, name
    plan_page = files["plans/x-amp.html"].decode("utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in plan_page
    # An id that could break out of an attribute or an address never reaches a page: a plan
    # may not hold one.
    bad = write(HOSTILE + HOSTILE_ID.replace('"77"', "'7\"><script>alert(1)</script>'"), "ids.yaml")
    assert "bad-id" in {p.code for p in load_plan(bad).problems}


# --- what the pages say -----------------------------------------------------------------------


def test_index_counts_what_status_counts():
    files = board_site()
    page = files["index.html"].decode("utf-8")
    day = dt.date(2024, 1, 15)
    for name in ("alpha", "beta"):
        plan = load_plan(BOARD / f"{name}.yaml").require("x")
        s = summarise(plan, day)
        row = re.search(rf'<tr [^>]*><th scope="row"><a href="plans/{name}.html">.*?</tr>', page)
        assert row, name
        numbers = re.findall(r'<td class="num[^"]*">(\d+)</td>', row.group(0))
        assert numbers == [
            str(n) for n in (s.total, s.outstanding, s.overdue, s.stale, s.awaiting, s.complete)
        ]


def test_agency_pages_show_what_each_leads_and_owes(partnership, run, tmp_path):
    plans = partnership()
    out = tmp_path / "site"
    result = run("site", plans, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    police = (out / "agencies" / "northshire-police.html").read_text(encoding="utf-8")
    assert "<h1>Northshire Police (NP)</h1>" in police
    assert "<dd>DI Jane Example, Public Protection</dd>" in police
    assert 'href="mailto:jane.example@police.example"' in police
    assert (
        "Leads 1 item in 1 plan: 1 outstanding, 1 overdue, 0 with no update in 3 months, 0 "
        "awaiting sign-off." in police
    )
    owed = police.split("<h2>What it owes</h2>")[1].split('<h2 id="s:led-heading">')[0]
    assert '<a href="../plans/child-q.html#1">child-q:1</a>' in owed.split("<h3")[1]  # overdue
    assert "<h3>No update in 3 months</h3><p>None.</p>" in owed
    education = (out / "agencies" / "education.html").read_text(encoding="utf-8")
    assert "do not list this agency" in education
    assert "child-q:3" in education  # closed items are still its own
    listing = (out / "agencies" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([a-z-]+)\.html">', listing) == [
        "education",
        "northshire-icb",
        "northshire-police",
    ]


def test_names_of_pages_never_clash(write):
    text = "title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    lead: [{}]\n"
    first = load_plan(write(text.format("Index, INDEX!, ..."), "a.yaml")).require("x")
    second = load_plan(write(text.format("Index"), "A!.yaml")).require("x")
    files, _ = make_site([first, second], dt.date(2024, 1, 15))
    assert sorted(files) == [
        "agencies/agency.html",
        "agencies/index-2.html",
        "agencies/index-3.html",
        "agencies/index.html",
        "index.html",
        "plans/a-2.html",
        "plans/a.html",
        "search-data.js",
        "search.html",
        "site.css",
        "site.js",
    ]
    assert b"Agencies</h1>" in files["agencies/index.html"]


def test_plan_page_filters_offer_what_the_plan_has():
    page = board_site()["plans/alpha.html"].decode("utf-8")
    form = page.split('<form class="filters"')[1].split("</form>")[0]
    levels = re.findall(r'<select id="s:items-level".*?</select>', form)[0]
    assert re.findall(r'<option value="([^"]*)">([^<]*)', levels) == [
        ("", "Any level"),
        ("red", "Red"),
        ("amber", "Amber"),
        ("green", "Green"),
        ("blue", "Blue"),
        ("none", "Not rated"),
    ]
    leads = re.findall(r'<select id="s:items-lead".*?</select>', form)[0]
    assert re.findall(r'<option value="([^"]*)"', leads) == [
        "",
        "business-unit",
        "education",
        "icb",
        "northshire-police",
        "police",
    ]
    row = re.search(r'<tr id="2.2"[^>]*>', page).group(0)
    assert 'data-level="green"' in row
    assert 'data-lead="police icb"' in row
    assert 'data-stage="open"' in row
    assert 'data-overdue="1"' in row


def test_no_trend_without_history_and_the_trend_when_given():
    plans = [load_plan(BOARD / "alpha.yaml").require("x")]
    day = dt.date(2024, 1, 15)
    assert plan_trends(plans, day) is None
    site = build(plans, day)
    assert not site.has_trend
    assert "Trend" not in index_page(site)
    trend = PlanTrend(
        "month",
        [TrendPoint(dt.date(2023, 11, 30), 5, 1), TrendPoint(dt.date(2023, 12, 31), 4, 2)],
    )
    page = site.pages[0]._replace(trend=trend)
    shown = site._replace(pages=[page])
    assert shown.has_trend
    assert '<th scope="col">Trend</th>' in index_page(shown)
    assert trend_cell(page) == (
        '<svg class="trend" viewBox="0 0 100 20" role="img" aria-label="Outstanding 5 at the end '
        'of 30 Nov 2023, 4 at the end of 31 Dec 2023; overdue 1 then 2">'
        '<polyline points="0,2 100,6"></polyline></svg><span class="trend-words">5 → 4</span>'
    )


def test_the_index_stays_small_for_many_plans(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench
    finally:
        sys.path.pop(0)
    folder = bench.write_plans(tmp_path / "plans", 40)
    plans = [load_plan(p).require("x") for p in sorted(folder.glob("*.yaml"))]
    files, _ = make_site(plans, dt.date(2017, 6, 1))
    one = len(make_site(plans[:1], dt.date(2017, 6, 1))[0]["index.html"])
    per_plan = (len(files["index.html"]) - one) / 39
    # 1,000 plans must stay under 1 MB: each row well under a kilobyte.
    assert per_plan < 800, per_plan
    assert one + 999 * per_plan < 1_000_000


# --- accessibility, checked on the markup ---------------------------------------------------


def contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", sorted(n for n in board_site() if n.endswith(".html")))
def test_pages_are_accessible(name):
    data = board_site()[name]
    page = parse(data)
    text = data.decode("utf-8")
    assert '<html lang="en-GB">' in text
    assert [level for level, _ in page.headings].count(1) == 1, page.headings
    levels = [level for level, _ in page.headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), page.headings  # none skipped
    assert page.all("main") and page.all("nav")
    assert page.all("a")[0] == {"class": "skip", "href": "#s:main"}
    for table in re.findall(r"<table.*?</table>", text, re.S):
        assert "<caption>" in table
        assert all(
            re.search(r'scope="(col|row)"', th) for th in re.findall(r"<th(?:\s[^>]*)?>", table)
        )
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    labels = {a["for"] for a in page.all("label")}
    for tag in ("input", "select"):
        for attrs in page.all(tag):
            assert attrs["id"] in labels, (tag, attrs)
    for attrs in page.all("span") + page.all("svg"):
        if attrs.get("role") == "img":
            assert attrs.get("aria-label"), attrs
    # A RAG cell says its level in words: colour is never the only signal.
    for cell in re.findall(r'<td class="rag rag-[a-z]+"[^>]*>([^<]*)', text):
        assert cell.strip(), name


def test_colours_have_enough_contrast():
    css = stylesheet()
    for name, fill in RAG_FILL.items():
        assert f".rag-{name} {{ background: #{fill}; color: #{RAG_INK[name]}; }}" in css
        assert contrast(fill, RAG_INK[name]) >= 4.5, name
    pairs = [
        ("1a1a1a", "ffffff"),  # text
        ("0b4f9c", "ffffff"),  # links
        ("5b2a86", "ffffff"),  # visited links
        ("a00000", "ffffff"),  # overdue
        ("3d3d3d", "ffffff"),  # footer
        ("ffffff", "1f2a44"),  # header
        ("1a1a1a", "f3f2f1"),  # filters
        ("1a1a1a", "fff3b0"),  # the item an address points to
        ("1a1a1a", "eef3fa"),  # the public edition's note
    ]
    for ink, paper in pairs:
        assert f"#{ink}" in css.lower() and f"#{paper}" in css.lower(), (ink, paper)
        assert contrast(ink, paper) >= 4.5, (ink, paper)
    assert contrast("595959", "ffffff") >= 3  # borders of controls: 3:1 for non-text
    assert contrast("ffdd00", "1f2a44") >= 3  # focus ring on the header
    assert contrast("0b4f9c", "ffffff") >= 3  # focus ring


def test_prints_without_the_controls():
    css = stylesheet()
    printed = css.split("@media print {")[1]
    assert "form.filters" in printed and "display: none" in printed
    assert "thead { display: table-header-group; }" in printed
    assert "@page { size: A4 landscape;" in printed


# --- the public edition -----------------------------------------------------------------------


NAMES = ("DS Sam Officer", "Pat Reviewer", "Chris Chair", "DI Jane Example", "jane.example@")


def test_the_full_edition_shows_everything(partnership, run, tmp_path):
    out = tmp_path / "site"
    result = run("site", partnership(), "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = b"".join(read_site(out).values()).decode("utf-8")
    for name in (*NAMES, "Sam is off sick", "Background that the board keeps"):
        assert name in text, name
    assert "public edition" not in result.stderr


def test_public_edition_leaves_out_the_names_of_people_by_default(partnership, run, tmp_path):
    out = tmp_path / "site"
    result = run("site", partnership(), "-o", out, "--as-of", AS_OF, "--public")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "public edition: left out who gave each progress note (progress.by: 1); who signed "
        "each item off (verified.by: 1); who agreed to close each item (closed.by: 1); the "
        "agencies' contacts and email addresses (contacts: 2)"
    )
    files = read_site(out)
    text = b"".join(files.values()).decode("utf-8")
    for name in NAMES:
        assert name not in text, name
    assert "Signed off by the partnership on 20 Dec 2023: Checked five case files." in text
    assert "Sam is off sick" in text  # the settings did not mark the column
    index = files["index.html"].decode("utf-8")
    assert (
        '<div class="note"><p>This is the public edition of the plans. It leaves out:</p><ul>'
        "<li>who gave each progress note</li><li>who signed each item off</li><li>who agreed to "
        "close each item</li><li>the agencies&#x27; contacts and email addresses</li></ul></div>"
    ) in index
    assert "Public edition: some details are left out." in index
    # The counts are those of the full plan.
    full = tmp_path / "full"
    assert run("site", partnership(), "-o", full, "--as-of", AS_OF).exit_code == 0
    counted = re.compile(r'<td class="num[^"]*">\d+</td>')
    assert counted.findall(index) == counted.findall((full / "index.html").read_text())


def test_public_edition_leaves_out_what_the_settings_say(partnership, run, tmp_path):
    publish = (
        "publish:\n  public:\n    hide: [progress.by, evidence, summary, "
        "other_columns.internal NOTES, verified.note]\n"
    )
    out = tmp_path / "site"
    result = run("site", partnership(publish), "-o", out, "--as-of", AS_OF, "--public")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "public edition: left out who gave each progress note (progress.by: 1); the evidence "
        "that items are complete (evidence: 1); the plans' background summaries (summary: 1); "
        "the column “internal NOTES” of imported plans (other_columns.internal NOTES: 1); what "
        "each sign-off found (verified.note: 1)"
    )
    text = b"".join(read_site(out).values()).decode("utf-8")
    for gone in (
        "DS Sam Officer",
        "Audit of 20 transfers",
        "Background that the board",
        "Sam is off sick",
        "Checked five case files",
    ):
        assert gone not in text, gone
    for kept in ("Pat Reviewer", "Chris Chair", "DI Jane Example", "Attendance above 90%"):
        assert kept in text, kept


def test_public_edition_can_leave_nothing_out(partnership, run, tmp_path):
    out = tmp_path / "site"
    plans = partnership("publish:\n  public:\n    hide: []\n")
    result = run("site", plans, "-o", out, "--as-of", AS_OF, "--public")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "public edition: these plans hold nothing it leaves out (nothing)"
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "the partnership chose to leave nothing out" in index


def test_a_setting_it_does_not_know_is_a_located_error(partnership, run, tmp_path):
    plans = partnership("publish:\n  public:\n    hide: [progress.by, officers]\n")
    result = run("site", plans.name, "-o", tmp_path / "site", "--public")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{plans.resolve() / 'partnership.yaml'}:14:25: error: `publish` lists 'officers', which "
        "is not something a public edition can leave out: use progress.by, verified.by, "
        "verified.note, closed.by, evidence, summary, other_columns, contacts, or "
        "other_columns.NAME for one column of an imported plan [publish-part]\n"
    )
    assert not (tmp_path / "site").exists()


def test_the_index_draws_each_plans_trend_from_git(run, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    assert run("init", "--example", tmp_path / "example").exit_code == 0
    monkeypatch.chdir(tmp_path / "example")
    result = run("site", "-o", tmp_path / "site", "--as-of", "2017-03-31")
    assert result.exit_code == 0, result.output
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    # Committed in November 2016, leads agreed in January, point 10 overdue by March.
    assert (
        'aria-label="Outstanding 11 at the end of 30 Nov 2016, 10 at the end of 31 Mar 2017; '
        'overdue 0 then 1"'
    ) in index
    assert '<span class="trend-words">11 → 10</span>' in index


def test_a_themes_page_when_recommendations_have_themes(run, tmp_path, monkeypatch):
    from scrplan.plan.themes import theme_overview

    monkeypatch.chdir(ROOT)
    example = "docs/examples/child-t.yaml"
    result = run("site", "plans/child-m.yaml", example, "-o", tmp_path / "s", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "s" / "themes.html").read_text(encoding="utf-8")
    assert '<a href="themes.html" aria-current="page">Themes</a>' in page
    plans = [load_plan(ROOT / p).require("x") for p in ("plans/child-m.yaml", example)]
    overview = theme_overview(plans, dt.date.fromisoformat(AS_OF))
    for group in (g for g in overview.groups if g.rows):
        numbers = (group.reviews, len(group.rows), group.outstanding, group.overdue)
        cells = "".join(f'<td class="num">{n}</td>' for n in numbers)
        assert f"{html.escape(group.name)}</a></th>{cells}" in page, group.name
    assert '<a href="plans/child-t.html#1">child-t:1</a>' in page
    # Without themes there is no page, and no link to one.
    assert not (tmp_path / "board").exists()
    assert run("site", "tests/fixtures/board", "-o", tmp_path / "board").exit_code == 0
    assert not (tmp_path / "board" / "themes.html").exists()
    assert "themes.html" not in (tmp_path / "board" / "index.html").read_text(encoding="utf-8")


def test_a_theme_name_is_text_on_the_themes_page(write, tmp_path):
    path = write(
        "title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n"
        "    themes: ['<script>alert(1)</script>']\n"
    )
    files, _ = make_site([load_plan(path).require("x")], dt.date(2024, 1, 15))
    page = files["themes.html"].decode("utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
