"""`scrplan report` as HTML: parsed back, checked for rows, colours, accessibility and
self-containment, and rendered in headless Chromium when it is installed."""

from __future__ import annotations

import datetime as dt
import re
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan.load import load_plan
from scrplan.plan.query import Filter
from scrplan.report.html_page import render_html
from scrplan.report.model import COLUMNS, RAG_FILL, RAG_INK, build
from test_report import ALPHA_KEY, HOSTILE, HOSTILE_NOTE

BOARD = FIXTURES / "board"
ALPHA = BOARD / "alpha.yaml"
AS_OF = dt.date(2024, 1, 15)
CHROMIUM = Path("/usr/bin/chromium")


class Page(HTMLParser):
    """The parts of a page the tests look at: tables as rows of (tag, attrs, text) cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[dict] = []
        self._cell: list | None = None
        self._in_caption = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self.tables.append({"attrs": attributes, "caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append({"attrs": attributes, "cells": []})
        elif tag in ("td", "th") and self.tables:
            self._cell = [tag, attributes, ""]
            self.tables[-1]["rows"][-1]["cells"].append(self._cell)
        elif tag == "br" and self._cell is not None:
            self._cell[2] += "\n"
        elif tag == "p" and self._cell is not None and self._cell[2]:
            self._cell[2] += "\n\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell[2] += data
        elif self._in_caption:
            self.tables[-1]["caption"] += data

    def table(self, css_class):
        return next(t for t in self.tables if t["attrs"].get("class") == css_class)


def page(text):
    parser = Page()
    parser.feed(text)
    parser.close()
    return parser


def report_html(*paths, keep=None, since=None):
    plans = [load_plan(p).plan for p in paths]
    return render_html(build(plans, AS_OF, keep or Filter(include_complete=True), since=since))


def style_colours(style):
    found = dict(re.findall(r"(background|color):#([0-9A-F]{6})", style or ""))
    return found.get("background"), found.get("color")


def test_action_table_rows_cells_and_colours():
    html = report_html(ALPHA)
    actions = page(html).table("actions")
    assert actions["caption"] == "Child A LCSPR action plan: recommendations and actions"
    header, *body = actions["rows"]
    assert [(c[0], c[1].get("scope"), c[2]) for c in header["cells"]] == [
        ("th", "col", name) for name in COLUMNS
    ]
    assert [(r["attrs"]["class"], r["cells"][0][2]) for r in body] == [
        ("recommendation", "1"),
        ("recommendation overdue", "2"),
        ("action", "2.1"),
        ("action overdue", "2.2"),
        ("recommendation overdue", "3"),
        ("recommendation", "4"),
        ("recommendation", "5"),
    ]
    assert all(r["cells"][0][:2] == ["th", {"scope": "row"}] for r in body)
    rag = [(r["cells"][6][2], style_colours(r["cells"][6][1]["style"])) for r in body]
    assert rag == [
        ("Amber", ("FFC000", "000000")),
        ("Green", ("00B050", "000000")),
        ("Blue", ("0070C0", "FFFFFF")),
        ("Green", ("00B050", "000000")),
        ("Red", ("C00000", "FFFFFF")),
        ("Blue", ("0070C0", "FFFFFF")),
        ("Not rated", ("F2F2F2", "000000")),
    ]
    one = [c[2] for c in body[0]["cells"]]
    assert one == [
        "1",
        "Health visitors did not share concerns with the school.",
        "Seek assurance that health and education share information when a child moves school.",
        "ICB, Education",
        "Mar 2024",
        "20 Nov 2023, ICB: Half the sample audited: early findings shared [DART]."
        "\n\n1 Sep 2023, ICB: Audit of transfer records started.",
        "Amber",
    ]
    assert body[4]["cells"][4][2] == "30 Jun 2023\nOverdue by 199 days\nNo update since 2 Oct 2023"


def test_key_table_and_chart():
    parsed = page(report_html(ALPHA))
    key = parsed.table("key")
    assert [[c[2] for c in r["cells"]] for r in key["rows"]] == ALPHA_KEY
    svgs = [a for tag, a in parsed.tags if tag == "svg"]
    assert [a["aria-label"] for a in svgs] == [
        "Child A LCSPR action plan: recommendations by RAG colour: "
        "red 1, amber 1, green 1, blue 1, not rated 1"
    ]
    assert svgs[0]["role"] == "img"
    fills = [a["fill"] for tag, a in parsed.tags if tag == "rect"]
    assert fills == ["#" + RAG_FILL[c] for c in ("red", "amber", "green", "blue", "none")]


def test_several_plans_have_an_overall_table_and_a_bar_each():
    parsed = page(report_html(ALPHA, BOARD / "beta.yaml", since=dt.date(2023, 8, 1)))
    overall = parsed.table("overall")
    rows = [[c[2] for c in r["cells"]] for r in overall["rows"]]
    # The two plans' keys differ (green means complete in beta), so the plans are counted by
    # what their levels mean.
    assert rows[0] == [
        "Plan",
        "Off track",
        "Needs monitoring",
        "On track",
        "Marked complete",
        "Not rated",
        "Outstanding",
        "Overdue",
        "Awaiting sign-off",
        "Complete",
        "Closed",
        "Completed since 1 Aug 2023",
    ]
    assert rows[1:] == [
        ["Child A LCSPR action plan", "1", "1", "1", "1", "1", "4", "2", "0", "1", "0", "2"],
        ["Adult B SAR action plan", "0", "1", "0", "1", "0", "1", "1", "0", "1", "0", "0"],
        ["Total", "1", "2", "1", "2", "1", "5", "3", "0", "2", "0", "2"],
    ]
    red_header = overall["rows"][0]["cells"][1]
    assert style_colours(red_header[1]["style"]) == (RAG_FILL["red"], RAG_INK["red"])
    assert sum(tag == "svg" for tag, _ in parsed.tags) == 3 + 2  # per plan, all, each section
    assert [h for h in parsed.tags if h[0] == "h2"] == [
        ("h2", {"id": "overall"}),
        ("h2", {"id": "plan-1"}),
        ("h2", {"id": "plan-2"}),
    ]


def test_self_contained_and_accessible():
    html = report_html(ALPHA, BOARD / "beta.yaml")
    lowered = html.lower()
    for external in ("http", "src=", "<link", "<script", "url(", "@import", "<iframe"):
        assert external not in lowered
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">')
    parsed = page(html)
    assert all(t["caption"] for t in parsed.tables)
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in parsed.tags if tag == "th")
    assert "@page { size: A4 landscape;" in html
    assert "thead { display: table-header-group; }" in html
    assert "print-color-adjust: exact" in html


def test_hostile_text_is_escaped(write):
    path = write(HOSTILE, "hostile.yaml")
    html = render_html(build([load_plan(path).plan], AS_OF, Filter()))
    parsed = page(html)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert [tag for tag, _ in parsed.tags].count("b") == 0
    cells = [c[2] for c in parsed.table("actions")["rows"][1]["cells"]]
    assert cells[1] == "<script>alert('x')</script>"
    assert cells[2] == "a | b *c* [link](http://example.org) `code` <img src=x> &lt;b&gt;"
    assert cells[3] == "Police | CID, O'Brien & Co"
    assert cells[5] == f'1 Jun 2023, =HYPERLINK("x"): {HOSTILE_NOTE}'
    title = html[html.index("<title>") : html.index("</title>")]
    assert (
        title
        == "<title>Plan &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;, as at 15 January 2024"
    )


def test_nothing_matches():
    html = report_html(ALPHA, keep=Filter(lead="nobody"))
    rows = page(html).table("actions")["rows"]
    assert [[c[2] for c in r["cells"]] for r in rows[1:]] == [["No items match."]]


# --- in a real browser -------------------------------------------------------------------------


def png_pixels(data):
    """The RGB(A) pixels of a non-interlaced 8-bit PNG, as (width, height, rows of bytes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour_type in (2, 6)
    step = 3 if colour_type == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * step, [], bytearray(width * step)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + near) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, step, rows


@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed (apt-get install chromium) to render the HTML report",
)
def test_renders_in_headless_chromium(run, tmp_path):
    report = tmp_path / "report.html"
    result = run("report", ROOT / "plans" / "child-m.yaml", ALPHA, "-o", report, "--all")
    assert result.exit_code == 0, result.output
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--window-size=1400,2400",
            f"--screenshot={shot}",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert shot.exists(), "Chromium wrote no screenshot"
    width, height, step, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 2400)
    seen = {bytes(row[i : i + 3]) for row in rows for i in range(0, width * step, step)}
    for colour in ("red", "amber", "green", "blue"):  # the RAG fills are painted
        assert bytes.fromhex(RAG_FILL[colour]) in seen, colour
