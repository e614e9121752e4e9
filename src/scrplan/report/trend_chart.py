"""The trend as a chart: the recommendations at each level at each period's end, stacked, with
the number overdue as a line.

For the web page, :func:`svg` writes inline SVG itself, as the report's bars are written: no
script, nothing fetched. For Word, :func:`png` draws the same chart as a picture with
matplotlib (its Agg backend, no display needed); matplotlib is imported only here, and only
when a Word report with a trend is written.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

from scrplan.history.trend import Period
from scrplan.report.model import RAG_FILL, level_word

WIDTH = 640
HEIGHT = 250
LEFT, RIGHT, TOP, BOTTOM = 40, 150, 12, 34
OVERDUE_INK = "#000000"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def short_label(period: Period) -> str:
    """``Jan 24`` for a month, ``Q1 24`` for a quarter: what fits under a bar."""
    year = f"{period.start.year % 100:02d}"
    if "-Q" in period.key:
        return f"Q{period.key[-1]} {year}"
    return f"{_MONTHS[period.start.month - 1]} {year}"


def legend(periods: Sequence[Period]) -> list[tuple[str, str]]:
    """The chart's legend: each level's word and fill, not rated last."""
    cols = periods[0].columns if periods else ()
    return [
        (level_word(c.name) if c.name != "none" else "Not rated", RAG_FILL[c.colour]) for c in cols
    ]


def _scale(periods: Sequence[Period]) -> tuple[int, int]:
    """The top of the axis and the step between its lines: round numbers above the tallest bar."""
    tallest = max((p.counts.total for p in periods), default=0)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if tallest <= step * 5:
            return max(step * -(-tallest // step), step), step
    return tallest, max(tallest // 5, 1)


def svg(periods: Sequence[Period], alt: str) -> str:
    """The chart as an inline SVG element, with ``alt`` as its text alternative."""
    esc = html.escape
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top, step = _scale(periods)
    n = max(len(periods), 1)
    slot = plot_w / n
    bar = slot * 0.7
    shapes = []
    for value in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * value / top
        shapes.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            'stroke="#D9D9D9" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value}</text>'
        )
    names = legend(periods)
    points = []
    for i, period in enumerate(periods):
        x = LEFT + slot * i + (slot - bar) / 2
        y = TOP + plot_h
        for (word, fill), number in zip(names, period.counts.levels, strict=True):
            if not number:
                continue
            h = plot_h * number / top
            y -= h
            edge = ' stroke="#595959" stroke-width="1"' if fill == RAG_FILL["none"] else ""
            shapes.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#{fill}"'
                f"{edge}><title>{esc(period.label)}: {esc(word)} {number}</title></rect>"
            )
        shapes.append(
            f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
            f'font-size="11">{esc(short_label(period))}</text>'
        )
        overdue_y = TOP + plot_h - plot_h * period.counts.overdue / top
        points.append((x + bar / 2, overdue_y, period))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        shapes.append(
            f'<polyline points="{path}" fill="none" stroke="{OVERDUE_INK}" stroke-width="2"/>'
        )
        for x, y, period in points:
            shapes.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#FFFFFF" stroke="{OVERDUE_INK}" '
                f'stroke-width="2"><title>{esc(period.label)}: overdue {period.counts.overdue}'
                "</title></circle>"
            )
    key_x = LEFT + plot_w + 16
    for row, (word, fill) in enumerate(names):
        y = TOP + 4 + row * 18
        edge = ' stroke="#595959" stroke-width="1"' if fill == RAG_FILL["none"] else ""
        shapes.append(
            f'<rect x="{key_x}" y="{y}" width="12" height="12" fill="#{fill}"{edge}/>'
            f'<text x="{key_x + 18}" y="{y + 10}" font-size="11">{esc(word)}</text>'
        )
    y = TOP + 4 + len(names) * 18
    shapes.append(
        f'<line x1="{key_x}" y1="{y + 6}" x2="{key_x + 12}" y2="{y + 6}" stroke="{OVERDUE_INK}" '
        f'stroke-width="2"/><text x="{key_x + 18}" y="{y + 10}" font-size="11">Overdue</text>'
    )
    return (
        f'<svg class="trend" role="img" aria-label="{esc(alt)}" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Arial, sans-serif">'
        f"<title>{esc(alt)}</title>{''.join(shapes)}</svg>"
    )


def png(periods: Sequence[Period]) -> bytes:
    """The chart as a PNG picture, drawn by matplotlib."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(9, 3.2), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [short_label(p) for p in periods]
    positions = list(range(len(periods)))
    bottom = [0] * len(periods)
    for index, (word, fill) in enumerate(legend(periods)):
        heights = [p.counts.levels[index] for p in periods]
        edge = "#595959" if fill == RAG_FILL["none"] else "none"
        axes.bar(
            positions, heights, 0.7, bottom=bottom, color=f"#{fill}", edgecolor=edge, label=word
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.plot(
        positions,
        [p.counts.overdue for p in periods],
        color=OVERDUE_INK,
        marker="o",
        markerfacecolor="#FFFFFF",
        linewidth=2,
        label="Overdue",
    )
    axes.set_xticks(positions, labels, fontsize=8)
    axes.set_ylabel("Recommendations", fontsize=9)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="y", labelsize=8)
    axes.grid(axis="y", color="#D9D9D9")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    # No "Software" and no date in the file: the same trend draws the same picture.
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
