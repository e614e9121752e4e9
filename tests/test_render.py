"""Terminal output with rich: deterministic at a fixed width, user text never read as markup."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from conftest import FIXTURES
from scrplan.output.plan_views import show_page, status_page
from scrplan.output.terminal import print_page
from scrplan.plan.load import load_plan

ALPHA = FIXTURES / "board" / "alpha.yaml"
AS_OF = dt.date(2024, 1, 15)


def rendered(doc, *, width=100, color_system=None):
    """``doc`` as a terminal of ``width`` columns would show it (without colour by default)."""
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=color_system, highlight=False)
    print_page(doc, console)
    return out.getvalue()


def alpha():
    return load_plan(ALPHA).plan


def test_status_on_a_terminal_fits_the_width():
    text = rendered(status_page([alpha()], AS_OF, full=True), width=100, color_system="truecolor")
    assert all(len(line) <= 100 for line in plain(text).splitlines())
    assert "RAG: █████  red 1 · amber 1 · green 1 · blue 1 · not rated 1" in plain(text)
    assert "  ↳ 2.2" in plain(text)


def test_without_colour_the_rag_bar_is_letters():
    # Blocks of one colour could not be told apart.
    text = rendered(status_page([alpha()], AS_OF, full=True), width=100)
    assert "RAG: [RAGB.]  red 1 · amber 1 · green 1 · blue 1 · not rated 1" in text


def plain(text):
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_status_golden_at_fixed_width():
    text = rendered(status_page([alpha()], AS_OF, full=True), width=100)
    assert [line.rstrip() for line in text.splitlines()] == [
        "Child A LCSPR action plan",
        "",
        "Partnership  Northshire Safeguarding Children Partnership",
        "Review       Local Child Safeguarding Practice Review",
        f"File         {ALPHA}",
        "As of        2024-01-15",
        "",
        "RAG: [RAGB.]  red 1 · amber 1 · green 1 · blue 1 · not rated 1",
        "",
        "5 recommendations: 4 outstanding, 2 overdue, 3 with no update in 3 months; 0 awaiting sign-off, 1",
        "complete, 0 verified, 0 impact reviews due, 0 closed.",
        "",
        "Outstanding, most urgent first",
        "Ref      Recommendation / action      Lead       Target      RAG         Overdue  Updated     Stale",
        "─" * 99,
        "alpha:3  Police to attend every…      Northshi…  2023-06-30  red        199 days  2023-10-02  yes",
        "alpha:2  Refresh the escalation…      Business…  Immediate   green       actions  none        yes",
        "  ↳ 2.2  Brief every agency's…        Police…    2023-12     green       15 days  none        yes",
        "alpha:1  Seek assurance that…         ICB, Edu…  2024-03     amber                2023-11-20",
        "alpha:5  Train GP practice staff…     ICB        2024-06-30  not rated            none        yes",
    ]


def test_narrow_terminal_leaves_out_optional_columns_and_says_so():
    text = rendered(status_page([alpha()], AS_OF, full=True), width=72)
    header = next(line for line in text.splitlines() if line.startswith("Ref"))
    assert header.split()[-2:] == ["RAG", "Overdue"]
    assert "(Updated and Stale left out for the width of this window)" in text
    assert all(len(line) <= 72 for line in text.splitlines())


def test_a_table_too_wide_for_the_window_is_stacked_and_drops_no_count():
    board = [load_plan(FIXTURES / "board" / name).plan for name in ("alpha.yaml", "beta.yaml")]
    text = rendered(status_page(board, AS_OF, full=True), width=80)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for label in ("Outstanding 4", "Overdue 2", "No update 3", "Sign-off 0", "Closed 0"):
        assert label in lines, label
    assert "Oldest overdue 2023-06-30" in lines
    assert all(len(line) <= 80 for line in text.splitlines())


def test_a_wide_terminal_gives_the_text_the_width_it_has():
    text = rendered(status_page([alpha()], AS_OF, full=True), width=200)
    row = next(line for line in text.splitlines() if line.startswith("alpha:1"))
    assert (
        "Seek assurance that health and education share information when a child moves school."
        in row
    )


def test_user_text_is_not_markup():
    text = rendered(show_page(alpha(), alpha().find("1"), AS_OF))
    assert "Half the sample audited: early findings shared [DART]." in text


def test_rag_cells_are_coloured_on_a_colour_terminal():
    text = rendered(status_page([alpha()], AS_OF), color_system="truecolor")
    assert "\x1b[" in text
    # red cell: white text on the red background
    assert "48;2;176;0;32m" in text


def test_no_colour_terminal_has_no_colour_codes():
    text = rendered(status_page([alpha()], AS_OF), color_system=None)
    assert "\x1b[" not in text


def contrast(foreground, background):
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_rag_cells_meet_wcag_aa_contrast():
    from scrplan.output.terminal import RAG_STYLES

    names = {"white": "#ffffff", "black": "#000000"}
    for colour, style in RAG_STYLES.items():
        if " on " in style:
            ink, paper = style.replace("bold ", "").split(" on ")
            assert contrast(names[ink], paper) >= 4.5, colour
