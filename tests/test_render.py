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
    text = rendered(status_page([alpha()], AS_OF), width=100)
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "RAG: █████  red 1 · amber 1 · green 1 · blue 1 · not rated 1" in text
    assert "  ↳ 2.2" in text


def test_status_golden_at_fixed_width():
    text = rendered(status_page([alpha()], AS_OF), width=100)
    assert [line.rstrip() for line in text.splitlines()] == [
        "Child A LCSPR action plan",
        "",
        "Partnership  Northshire Safeguarding Children Partnership",
        "Review       Local Child Safeguarding Practice Review",
        f"File         {ALPHA}",
        "As of        2024-01-15",
        "",
        "RAG: █████  red 1 · amber 1 · green 1 · blue 1 · not rated 1",
        "",
        "5 recommendations: 4 outstanding, 2 overdue, 3 with no update in 3 months; 0 awaiting sign-off, 1",
        "complete, 0 verified, 0 impact reviews due, 0 closed.",
        "",
        "Outstanding, most urgent first",
        "         Recommendation /",
        "Ref      action                Lead               Target      RAG         Overdue  Updated     Stale",
        "─" * 100,
        "alpha:3  Police to attend      Northshire Police  2023-06-30  red        199 days  2023-10-02  yes",
        "         every strategy",
        "         meeting in person or",
        "         by video.",
        "alpha:2  Refresh the           Business unit      Immediate   green       actions  none        yes",
        "         escalation policy.",
        "  ↳ 2.2  Brief every agency's  Police, ICB        2023-12     green       15 days  none        yes",
        "         safeguarding lead.",
        "alpha:1  Seek assurance that   ICB, Education     2024-03     amber                2023-11-20",
        "         health and education",
        "         share information",
        "         when a…",
        "alpha:5  Train GP practice     ICB                2024-06-30  not rated            none        yes",
        '         staff on the "Think',
        '         Family" approach.',
    ]


def test_narrow_terminal_leaves_out_optional_columns():
    text = rendered(status_page([alpha()], AS_OF), width=80)
    header = next(line for line in text.splitlines() if line.startswith("Ref"))
    assert header.split()[-2:] == ["RAG", "Overdue"]
    assert all(len(line) <= 80 for line in text.splitlines())


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
