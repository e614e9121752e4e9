"""A board report as one self-contained HTML file.

Everything is in the file: inline CSS, and the charts as inline SVG. No scripts, no fonts,
images or style sheets from elsewhere, so it opens the same offline, from an email or from a
shared drive, and prints on A4 landscape with the table header repeated on every page.

Accessibility: ``lang``, real table headers with ``scope``, captions, charts with a text
alternative, RAG cells that say the colour as a word (for colour-blind readers and
black-and-white printing) and whose colours have WCAG AA contrast. Every piece of text from a
plan goes through :func:`esc`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from scrplan.plan.query import NOT_RATED, Summary
from scrplan.report.model import (
    COLUMNS,
    RAG_FILL,
    RAG_INK,
    ExtraTable,
    Line,
    Report,
    Section,
    assurance_tables,
    level_word,
    long_date,
    overall_table,
    progress_parts,
    summary_sentence,
    themes_note,
    themes_table,
)
from scrplan.words import UNSAFE, visible

CSS = """\
@page { size: A4 landscape; margin: 12mm 12mm 14mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
    font: 9pt Arial, sans-serif; } }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }
body { font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 11pt;
  line-height: 1.35; color: #000; background: #fff; margin: 1.5rem; }
h1 { font-size: 18pt; margin: 0 0 .5rem; }
h2 { font-size: 15pt; margin: 1.5rem 0 .5rem; }
h3 { font-size: 12.5pt; margin: 1.25rem 0 .4rem; }
dl.details { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem;
  margin: 0 0 1rem; }
dl.details dt { font-weight: bold; }
dl.details dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 .75rem; }
caption { text-align: left; font-weight: bold; padding: 0 0 .3rem; }
th, td { border: 1px solid #595959; padding: 4px 6px; vertical-align: top; text-align: left; }
thead th { background: #D9D9D9; }
th[scope=row] { font-weight: normal; }
.num { text-align: right; }
.rag { font-weight: bold; text-align: center; }
table.key, table.overall, table.themes { width: auto; }
table.key .rag { text-align: left; }
tfoot th, tfoot td, tr.total th, tr.total td { font-weight: bold; }
tr.action th, tr.action td.text { padding-left: 1.6em; }
tr.action td.text::before { content: "\\21B3\\00A0"; }
strong.overdue { color: #C00000; }
p.marking { text-align: center; font-weight: bold; letter-spacing: .05em; margin: 0 0 .5rem; }
@media print {
  /* On every printed page: fixed elements repeat at the top and foot of each one. */
  p.marking { position: fixed; top: 0; left: 0; right: 0; margin: 0; }
  p.marking.foot { top: auto; bottom: 0; }
}
tr.overdue th[scope=row] { font-weight: bold; }
td.progress p { margin: 0 0 .35rem; }
td.progress p:last-child { margin-bottom: 0; }
.muted { color: #595959; }
figure.chart { margin: .25rem 0 .75rem; }
figure.chart figcaption { margin-top: .25rem; }
.bars { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .3rem .75rem;
  align-items: center; max-width: 60rem; }
svg.bar, svg.trend { display: block; max-width: 100%; height: auto; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  h1 { font-size: 15pt; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  table.key tr, table.overall tr, figure { break-inside: avoid; }
  h2, h3, caption { break-after: avoid; }
  section.plan + section.plan, section.overall + section.plan, section.themes + section.plan,
  section.meeting + section.plan { break-before: page; }
}
"""

BAR_WIDTH = 400
BAR_HEIGHT = 24
COL_WIDTHS = ("5%", "16%", "18%", "10%", "9%", "34%", "8%")


# What esc changes: hidden characters, what html.escape escapes, line breaks.
_SPECIAL = re.compile(f"[{UNSAFE}&<>\"'\n]")


def esc(text: str) -> str:
    """Plan text as HTML: every special character escaped, line breaks kept, and characters
    that could hide or reorder text shown as visible stand-ins."""
    if _SPECIAL.search(text) is None:  # most text: nothing to escape or show otherwise
        return text.strip()
    text = visible(text).strip()
    if "\n" not in text:
        return html.escape(text)
    return "<br>".join(html.escape(part) for part in text.split("\n"))


def rag_style(colour: str) -> str:
    """The inline style of a RAG cell: the colour's fill and a text colour with AA contrast."""
    return f"background:#{RAG_FILL[colour]};color:#{RAG_INK[colour]}"


def render_html(report: Report) -> str:
    """The report as a complete HTML document."""
    single = len(report.sections) == 1
    bars = [(s.summary, s.title) for s in report.sections]
    sections = enumerate(report.sections, 1)
    parts = [
        html_head(report, single, bars),
        *(section_html(section, number, single) for number, section in sections),
        html_foot(report, single),
    ]
    return "\n".join(parts) + "\n"


def html_head(report: Report, single: bool, bars: Sequence[tuple[Summary, str]]) -> str:
    """The document up to the plans' sections: the title block and, for several plans, the
    overall summary (``bars``: each plan's summary and title, for its bar)."""
    details = report.sections[0].details if single else []
    head = [*details, ("As at", long_date(report.as_of))]
    if report.meeting_date:
        head.append(("For the meeting of", long_date(report.meeting_date)))
    head.append(("Items shown", report.showing))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}, as at {long_date(report.as_of)}</title>",
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        _marking(report),
        "<header>",
        f"<h1>{esc(report.title)}</h1>",
        _details(head),
        "</header>",
        "<main>",
    ]
    if not single:
        parts.append(_overall(report, bars))
        parts.append(_themes(report))
    if report.meeting is not None:
        parts.append(_meeting(report))
    return "\n".join(p for p in parts if p)


def html_foot(report: Report, single: bool) -> str:
    """The document after the plans' sections: for one plan, its themes; the marking."""
    foot = _marking(report).replace('class="marking"', 'class="marking foot"')
    themes = _themes(report) if single else ""
    return "\n".join(p for p in (themes, "</main>", foot, "</body>", "</html>") if p)


def _marking(report: Report) -> str:
    return f'<p class="marking">{esc(report.marking)}</p>' if report.marking else ""


def _details(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return ""
    items = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in pairs)
    return f'<dl class="details">{items}</dl>'


def _overall(report: Report, bars_of: Sequence[tuple[Summary, str]]) -> str:
    header, body = overall_table(report)
    colours = report.column_colours
    heads = []
    for index, name in enumerate(header):
        colour = colours[index - 1] if 1 <= index <= len(colours) else None
        style = f' class="rag" style="{rag_style(colour)}"' if colour else ""
        heads.append(f'<th scope="col"{style}>{esc(name)}</th>')
    rows = []
    for number, cells in enumerate(body, 1):
        total = number == len(body)
        numbers = "".join(f'<td class="num">{esc(c)}</td>' for c in cells[1:])
        attrs = ' class="total"' if total else ""
        rows.append(f'<tr{attrs}><th scope="row">{esc(cells[0])}</th>{numbers}</tr>')
    overall, done = report.overall[-1]
    bars = "".join(
        f"<div>{esc(label)}</div>{_bar(summary, label)}"
        for summary, label in (*bars_of, (overall, "All plans"))
    )
    return "\n".join(
        [
            '<section class="overall" aria-labelledby="overall">',
            '<h2 id="overall">Overall summary</h2>',
            f"<p>{esc(summary_sentence(overall, report.since, done))}</p>",
            '<table class="overall">',
            "<caption>Recommendations by RAG colour, per plan</caption>",
            f"<thead><tr>{''.join(heads)}</tr></thead>",
            f"<tbody>{''.join(rows)}</tbody>",
            "</table>",
            f'<figure class="chart"><div class="bars">{bars}</div>'
            "<figcaption>Recommendations by RAG colour, per plan.</figcaption></figure>",
            "</section>",
        ]
    )


def _meeting(report: Report) -> str:
    """What moved since the last meeting, then the trend: a chart and its table."""
    from scrplan.report.trend_chart import svg

    m = report.meeting
    assert m is not None
    out = [
        '<section class="meeting" aria-labelledby="meeting">',
        '<h2 id="meeting">Since the last meeting</h2>',
        f"<p>{esc(m.summary)} {esc(m.compared)}</p>",
    ]
    tables = [m.moved] if m.moved else []
    if m.trend:
        header, rows = m.trend_table
        tables.append(ExtraTable("Recommendations at the end of each month", tuple(header), rows))
        out.append(
            f'<figure class="chart">{svg(m.trend, m.chart_text)}'
            f"<figcaption>{esc(m.chart_text)}</figcaption></figure>"
        )
    for table in tables:
        heads = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
        body = "".join(
            f'<tr><th scope="row">{esc(cells[0])}</th>'
            + "".join(f"<td>{esc(c)}</td>" for c in cells[1:])
            + "</tr>"
            for cells in table.rows
        )
        out += [
            f'<table class="extra"><caption>{esc(table.title)}</caption>',
            f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>",
        ]
    out.append("</section>")
    return "\n".join(out)


def _themes(report: Report) -> str:
    """The themes section, when any recommendation has a theme (else nothing)."""
    extra = themes_table(report)
    if extra is None:
        return ""
    last = len(extra.columns) - 1
    num = ' class="num"'
    heads = "".join(
        f'<th scope="col"{num if 0 < i < last else ""}>{esc(c)}</th>'
        for i, c in enumerate(extra.columns)
    )
    body = "".join(
        f'<tr><th scope="row">{esc(cells[0])}</th>'
        + "".join(
            f'<td class="num">{esc(c)}</td>' if i < last else f"<td>{esc(c)}</td>"
            for i, c in enumerate(cells[1:], 1)
        )
        + "</tr>"
        for cells in extra.rows
    )
    return "\n".join(
        [
            '<section class="themes" aria-labelledby="themes">',
            f'<h2 id="themes">{esc(extra.title)}</h2>',
            f"<p>{esc(themes_note(report))}</p>",
            '<table class="themes">',
            "<caption>Recommendations by theme</caption>",
            f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody>",
            "</table>",
            "</section>",
        ]
    )


def section_html(section: Section, number: int, single: bool) -> str:
    """One plan's section (``number``: its place among several; ``single``: the only one)."""
    heading = "h2" if single else "h3"
    if single:  # the page's title and details are the plan's
        out = [f'<section class="plan" aria-label="{esc(section.title)}">']
    else:
        out = [
            f'<section class="plan" aria-labelledby="plan-{number}">',
            f'<h2 id="plan-{number}">{esc(section.title)}</h2>',
            _details(section.details),
        ]
    key_rows = "".join(
        f'<tr><th scope="row" class="rag" style="{rag_style(row.colour)}">{esc(row.word)}</th>'
        f'<td>{esc(row.meaning)}</td><td class="num">{row.recommendations}</td></tr>'
        for row in section.key
    )
    out += [
        f"<{heading}>RAG key and summary</{heading}>",
        '<table class="key">',
        "<caption>RAG key, and recommendations in each colour</caption>",
        '<thead><tr><th scope="col">RAG</th><th scope="col">Meaning</th>'
        '<th scope="col">Recommendations</th></tr></thead>',
        f"<tbody>{key_rows}</tbody>",
        f'<tfoot><tr><th scope="row">Total</th><td></td>'
        f'<td class="num">{section.summary.total}</td></tr></tfoot>',
        "</table>",
        f'<figure class="chart">{_bar(section.summary, section.title)}'
        f"<figcaption>{esc(section.totals)}</figcaption></figure>",
        f"<{heading}>Recommendations and actions</{heading}>",
        _action_table(section),
    ]
    for extra in assurance_tables(section):
        heads = "".join(f'<th scope="col">{esc(c)}</th>' for c in extra.columns)
        body = "".join(
            "<tr>"
            + f'<th scope="row">{esc(cells[0])}</th>'
            + "".join(f"<td>{esc(c)}</td>" for c in cells[1:])
            + "</tr>"
            for cells in extra.rows
        )
        out += [
            f"<{heading}>{esc(extra.title)}</{heading}>",
            '<table class="extra">',
            f"<caption>{esc(section.title)}: {esc(extra.title.lower())}</caption>",
            f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody>",
            "</table>",
        ]
    out.append("</section>")
    return "\n".join(out)


def _action_table(section: Section) -> str:
    shown = section.shown
    widths = [float(COL_WIDTHS[i].rstrip("%")) for i in shown]
    scale = 100 / sum(widths)  # the width of a column left out goes to the others
    cols = "".join(f'<col style="width:{w * scale:.0f}%">' for w in widths)
    heads = "".join(f'<th scope="col">{esc(COLUMNS[i])}</th>' for i in shown)
    if section.lines:
        body = "\n".join(_action_row(line, shown) for line in section.lines)
    else:
        body = f'<tr><td colspan="{len(shown)}">No items match.</td></tr>'
    return "\n".join(
        [
            '<table class="actions">',
            f"<caption>{esc(section.title)}: recommendations and actions</caption>",
            f"<colgroup>{cols}</colgroup>",
            f"<thead><tr>{heads}</tr></thead>",
            "<tbody>",
            body,
            "</tbody>",
            "</table>",
        ]
    )


def progress_html(line: Line) -> str:
    """A line's progress notes as paragraphs, each with its date and who gave it in bold."""
    return "".join(
        f"<p><strong>{esc(part.label)}:</strong> {esc(part.note)}</p>"
        if part.label
        else f"<p>{esc(part.note)}</p>"
        for part in progress_parts(line)
    )


def _action_row(line: Line, shown: tuple[int, ...]) -> str:
    classes = [line.row.kind] + (["overdue"] if line.overdue else [])
    target = esc(line.target)
    if line.overdue:
        target += f'<br><strong class="overdue">{esc(line.overdue)}</strong>'
    if line.stale:
        target += f"<br><em>{esc(line.stale)}</em>"
    progress = progress_html(line)
    cells = [
        f'<th scope="row">{esc(line.ref)}</th>',
        f"<td>{esc(line.learning)}</td>",
        f'<td class="text">{esc(line.text)}</td>',
        f"<td>{esc(line.lead)}</td>",
        f"<td>{target}</td>",
        f'<td class="progress">{progress}</td>',
        f'<td class="rag" style="{rag_style(line.rag)}">{esc(line.rag_word)}</td>',
    ]
    return f'<tr class="{" ".join(classes)}">{"".join(cells[i] for i in shown)}</tr>'


def _bar(summary: Summary, label: str) -> str:
    """A stacked bar of the recommendations in each colour, as inline SVG with a text
    alternative; each segment is labelled with its count when there is room."""
    counts = [(t.name, t.colour, t.number) for t in summary.tallies if t.number]
    words = ", ".join(f"{level_word(name).lower()} {n}" for name, _, n in counts) or "none"
    alt = f"{label}: recommendations by RAG colour: {words}"
    shapes = []
    x = 0.0
    total = sum(n for _, _, n in counts)
    for name, colour, n in counts:
        width = BAR_WIDTH * n / total
        # A pale fill needs an edge to be seen on white paper.
        edge = ' stroke="#595959" stroke-width="1"' if colour == NOT_RATED else ""
        shapes.append(
            f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#{RAG_FILL[colour]}"{edge}><title>{esc(level_word(name))}: {n}</title></rect>'
        )
        if width >= 18:
            shapes.append(
                f'<text x="{x + width / 2:.1f}" y="{BAR_HEIGHT / 2 + 5:.0f}" '
                f'text-anchor="middle" font-family="Arial, sans-serif" font-size="14" '
                f'font-weight="bold" fill="#{RAG_INK[colour]}">{n}</text>'
            )
        x += width
    return (
        f'<svg class="bar" role="img" aria-label="{esc(alt)}" width="{BAR_WIDTH}" '
        f'height="{BAR_HEIGHT}" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}">'
        f"<title>{esc(alt)}</title>{''.join(shapes)}</svg>"
    )
