"""The site's pages as HTML: the index, a page per plan and per agency, and the search page.

Plain HTML that reads in full without JavaScript; :mod:`.assets` adds sorting, filtering and
search. Every page links only to files of the site, by relative addresses, so it works opened
from a folder (``file://``) or from any web server; a Content-Security-Policy lets it load
nothing else (no inline script can run, even if a plan's text got through unescaped).

Every piece of text from a plan or the settings goes through :func:`e` (or the report's
``esc``, which keeps line breaks), attributes included: plans arrive in pull requests from
many hands, so their text is untrusted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from scrplan.plan.query import NOT_RATED, STAGE_WORDS, Summary
from scrplan.report.html_page import esc, progress_html
from scrplan.report.model import (
    COLUMNS,
    EMPTY,
    Line,
    assurance_tables,
    level_word,
    long_date,
    short_date,
    summary_sentence,
)
from scrplan.site.model import AgencyPage, ItemView, Led, PlanPage, Site
from scrplan.words import plural

CSP = (
    "default-src 'none'; script-src 'self' file:; style-src 'self' file:; "
    "img-src 'self' file: data:; base-uri 'none'; form-action 'self' file:"
)
"""Only the site's own files: no inline script, no request anywhere else. ``file:`` because a
browser may count each file opened from a folder as a place of its own."""

STAGE_ORDER = tuple(STAGE_WORDS.values())


def e(text: object) -> str:
    """Text as HTML, quotes too, for content and attribute values alike."""
    return html.escape(str(text), quote=True)


def anchor(item_id: str) -> str:
    """The fragment of an item's address: ``7``, ``7.1`` (any other character escaped)."""
    return quote(item_id, safe=".-_~")


# --- the frame of every page ---------------------------------------------------------------


def layout(site: Site, *, title: str, depth: int, here: str, body: str, data: str = "") -> str:
    """A whole page: head, header with the site's navigation, ``body`` as its main content,
    and the footer. ``depth`` is how many folders below the site's root the page is."""
    up = "../" * depth
    links = (
        ("index", "All plans", "index.html"),
        ("agencies", "Agencies", "agencies/index.html"),
        *((("themes", "Themes", "themes.html"),) if site.themes is not None else ()),
        ("search", "Search", "search.html"),
    )
    current = ' aria-current="page"'
    nav = "".join(
        f'<li><a href="{up}{target}"{current if key == here else ""}>{words}</a></li>'
        for key, words, target in links
    )
    edition = " Public edition: some details are left out." if site.public else ""
    scripts = f'<script src="{up}{data}"></script>' if data else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title>",
        '<link rel="icon" href="data:,">',
        f'<link rel="stylesheet" href="{up}site.css">',
        "</head>",
        "<body>",
        '<a class="skip" href="#s:main">Skip to the main content</a>',
        '<header class="site">',
        f'<p class="site-title"><a href="{up}index.html">{e(site.title)}</a></p>',
        f'<nav aria-label="Site"><ul>{nav}</ul></nav>',
        f'<form class="quick" role="search" action="{up}search.html" method="get">'
        '<label for="s:quick">Search the plans</label>'
        '<input type="search" id="s:quick" name="q">'
        '<button type="submit">Search</button></form>',
        "</header>",
        '<main id="s:main" tabindex="-1">',
        body,
        "</main>",
        f'<footer class="site"><p>As at {long_date(site.as_of)}.{edition} Made by '
        "scrplan from the plan files.</p></footer>",
        scripts,
        f'<script src="{up}site.js"></script>',
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def bar(summary: Summary, label: str) -> str:
    """The recommendations in each colour as a bar: each part shows its count, and the whole
    says it in words, so colour is never the only signal."""
    counts = [(t.name, t.colour, t.number) for t in summary.tallies if t.number]
    words = ", ".join(f"{level_word(name).lower()} {n}" for name, _, n in counts) or "none"
    widths = _percentages([n for _, _, n in counts])
    parts = "".join(
        f'<span class="rag-{e(colour)} w{width}">{n}</span>'
        for (_, colour, n), width in zip(counts, widths, strict=True)
    )
    return f'<span class="bar" role="img" aria-label="{e(label)}: {e(words)}">{parts}</span>'


def _percentages(numbers: Sequence[int]) -> list[int]:
    """Whole percentages of ``numbers`` that add up to 100 (largest remainders first)."""
    whole = sum(numbers)
    if not whole:
        return []
    exact = [100 * n / whole for n in numbers]
    floors = [int(x) for x in exact]
    order = sorted(range(len(numbers)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def legend(summary: Summary) -> str:
    """What the bars' colours are, in words, in the order the bars show them."""
    keys = "".join(
        f'<li><span class="swatch rag-{e(t.colour)}"></span>{e(level_word(t.name))}'
        f"{e(' (' + t.label + ')') if t.label else ''}</li>"
        for t in summary.tallies
    )
    return (
        '<div class="legend"><p>Each bar shows a plan\'s recommendations by RAG level, each '
        f"part with its number. The colours:</p><ul>{keys}</ul></div>"
    )


def _joined(parts: Iterable[str]) -> str:
    """Parts of a page, a line each (empty ones left out)."""
    return "\n".join(part for part in parts if part)


def _heads(heads: Sequence[tuple[str, str]]) -> str:
    """A row of column headings, each with its attributes (sorting, alignment)."""
    return "".join(
        f'<th scope="col"{" " + attrs if attrs else ""}>{e(words)}</th>' for attrs, words in heads
    )


def _date(day: dt.date | None) -> tuple[str, str]:
    """A date cell's words and sort value."""
    if day is None:
        return EMPTY, ""
    return short_date(day), day.isoformat()


def _filter_status() -> str:
    return '<p class="filter-status" role="status" aria-live="polite"></p>'


def _scroll(label_id: str, table: str) -> str:
    """A wide table that scrolls sideways on a narrow screen, reachable from the keyboard."""
    return (
        f'<div class="scroll" role="region" aria-labelledby="{e(label_id)}" tabindex="0">'
        f"{table}</div>"
    )


def _public_note(site: Site) -> str:
    if not site.public:
        return ""
    if not site.left_out:
        return (
            '<p class="note">This is the public edition of the plans: the partnership chose '
            "to leave nothing out.</p>"
        )
    parts = "".join(f"<li>{e(part.words)}</li>" for part in site.left_out)
    return (
        '<div class="note"><p>This is the public edition of the plans. It leaves out:</p>'
        f"<ul>{parts}</ul></div>"
    )


def _stale_words(site: Site) -> str:
    return f"No update in {site.interval}" if site.interval else "No recent update"


# --- the index --------------------------------------------------------------------------------


def index_page(site: Site) -> str:
    """Every plan in a row: its RAG bar, outstanding, overdue, no recent update, awaiting
    sign-off, the latest update, and (when there is history) the trend."""
    whole = site.total
    stale = _stale_words(site)
    heads = [
        ('data-sort="text"', "Plan"),
        ('data-sort="text"', "Review"),
        ("", "RAG"),
        ('data-sort="num" class="num"', "Recommendations"),
        ('data-sort="num" class="num"', "Outstanding"),
        ('data-sort="num" class="num"', "Overdue"),
        ('data-sort="num" class="num"', stale),
        ('data-sort="num" class="num"', "Awaiting sign-off"),
        ('data-sort="num" class="num"', "Complete"),
        ('data-sort="text"', "Latest update"),
    ]
    if site.has_trend:
        heads.append(("", "Trend"))
    head = _heads(heads)
    rows = "\n".join(_plan_row(site, page) for page in site.pages)
    foot_cells = [
        whole.total,
        whole.outstanding,
        whole.overdue,
        whole.stale,
        whole.awaiting,
        whole.complete,
    ]
    foot = (
        '<tr><th scope="row">All plans</th><td></td>'
        f"<td>{bar(whole, 'All plans')}</td>"
        + "".join(f'<td class="num">{n}</td>' for n in foot_cells)
        + "<td></td>"
        + ("<td></td>" if site.has_trend else "")
        + "</tr>"
    )
    body = [
        f"<h1>{e(site.title)}</h1>",
        f"<p>{plural(len(site.pages), 'action plan')} as at {long_date(site.as_of)}. "
        f"{e(summary_sentence(whole))}</p>",
        _public_note(site),
        '<h2 id="s:plans-heading">Every plan</h2>',
        legend(whole),
        '<form class="filters" data-table="s:plans" data-noun="plans" hidden>'
        '<div class="field"><label for="s:plan-q">Find a plan</label>'
        '<input type="search" id="s:plan-q" name="q"></div>'
        '<div class="field check"><input type="checkbox" id="s:plan-overdue" name="overdue">'
        '<label for="s:plan-overdue">Only plans with overdue items</label></div>'
        '<div class="field check"><input type="checkbox" id="s:plan-awaiting" '
        'name="awaiting"><label for="s:plan-awaiting">Only plans with items awaiting '
        "sign-off</label></div>"
        f"{_filter_status()}</form>",
        _scroll(
            "s:plans-heading",
            '<table id="s:plans" class="plans sortable">'
            f"<caption>Every plan: recommendations by RAG, outstanding, overdue, "
            f"{e(stale.lower())}, awaiting sign-off</caption>"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>"
            f"<tfoot>{foot}</tfoot></table>",
        ),
        "<h2>Agencies</h2>",
        f'<p><a href="agencies/index.html">What each of the '
        f"{plural(len(site.agencies), 'agency', 'agencies')} leads, and what it owes</a>: "
        "overdue items, items with no recent update, and items awaiting sign-off.</p>",
    ]
    return layout(site, title=site.title, depth=0, here="index", body=_joined(body))


def _plan_row(site: Site, page: PlanPage) -> str:
    s = page.summary
    plan = page.plan
    words, value = _date(page.latest)
    cells = [
        f'<th scope="row"><a href="plans/{page.slug}.html">{e(plan.title)}</a></th>',
        f"<td>{e(plan.review or EMPTY)}</td>",
        f"<td>{bar(s, plan.title)}</td>",
        f'<td class="num">{s.total}</td>',
        f'<td class="num">{s.outstanding}</td>',
        f'<td class="num{" late" if s.overdue else ""}">{s.overdue}</td>',
        f'<td class="num">{s.stale}</td>',
        f'<td class="num">{s.awaiting}</td>',
        f'<td class="num">{s.complete}</td>',
        f'<td data-value="{value}">{words}</td>',
    ]
    if site.has_trend:
        cells.append(f"<td>{trend_cell(page)}</td>")
    flags = f'data-overdue="{int(bool(s.overdue))}" data-awaiting="{int(bool(s.awaiting))}"'
    return f"<tr {flags}>{''.join(cells)}</tr>"


def trend_cell(page: PlanPage) -> str:
    """The plan's outstanding items at each period's end, in words and as a small line."""
    trend = page.trend
    if trend is None or not trend.points:
        return EMPTY
    points = trend.points
    first, last = points[0], points[-1]
    words = (
        f"Outstanding {first.outstanding} at the end of {short_date(first.end)}, "
        f"{last.outstanding} at the end of {short_date(last.end)}; overdue {first.overdue} "
        f"then {last.overdue}"
    )
    top = max(max(p.outstanding for p in points), 1)
    step = 100 / max(len(points) - 1, 1)
    line = " ".join(
        f"{n * step:.0f},{20 - 18 * p.outstanding / top:.0f}" for n, p in enumerate(points)
    )
    return (
        f'<svg class="trend" viewBox="0 0 100 20" role="img" aria-label="{e(words)}">'
        f'<polyline points="{line}"></polyline></svg>'
        f'<span class="trend-words">{first.outstanding} → {last.outstanding}</span>'
    )


# --- a plan's page ----------------------------------------------------------------------------


def plan_page(site: Site, page: PlanPage) -> str:
    """One plan: its details, key and summary, and every item, filterable."""
    section = page.section
    plan = page.plan
    details = [*section.details, ("File", shown_file(plan.file))]
    body = [f"<h1>{e(plan.title)}</h1>", _details(details)]
    if plan.summary:
        body += ["<h2>Background</h2>", f"<p>{esc(plan.summary)}</p>"]
    key_rows = "".join(
        f'<tr><th scope="row" class="rag rag-{e(row.colour)}">{e(row.word)}</th>'
        f'<td>{e(row.meaning)}</td><td class="num">{row.recommendations}</td></tr>'
        for row in section.key
    )
    body += [
        "<h2>Summary</h2>",
        f"<p>{e(section.totals)}</p>",
        f'<p class="wide-bar">{bar(section.summary, plan.title)}</p>',
        '<table class="key"><caption>RAG key, and recommendations in each level</caption>'
        '<thead><tr><th scope="col">RAG</th><th scope="col">Meaning</th>'
        '<th scope="col" class="num">Recommendations</th></tr></thead>'
        f"<tbody>{key_rows}</tbody>"
        f'<tfoot><tr><th scope="row">Total</th><td></td>'
        f'<td class="num">{section.summary.total}</td></tr></tfoot></table>',
        '<h2 id="s:items-heading">Recommendations and actions</h2>',
        _plan_filters(site, page),
        _scroll("s:items-heading", _action_table(page)),
    ]
    for extra in assurance_tables(section):
        heads = "".join(f'<th scope="col">{e(c)}</th>' for c in extra.columns)
        rows = "".join(
            f'<tr><th scope="row"><a href="#{e(anchor(cells[0]))}">{e(cells[0])}</a></th>'
            + "".join(f"<td>{esc(c)}</td>" for c in cells[1:])
            + "</tr>"
            for cells in extra.rows
        )
        body += [
            f"<h2>{e(extra.title)}</h2>",
            f'<table class="extra"><caption>{e(plan.title)}: {e(extra.title.lower())}'
            f"</caption><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>",
        ]
    return layout(site, title=plan.title, depth=1, here="", body=_joined(body))


def shown_file(file: str) -> str:
    """The plan's file as the site names it: from the current folder, or only its name (a
    full path would tell every reader how the publishing computer's folders are laid out)."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.name
    return path.as_posix()


def _details(pairs: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{e(label)}</dt><dd>{esc(value)}</dd>" for label, value in pairs)
    return f'<dl class="details">{items}</dl>' if items else ""


def _options(name: str, label: str, choices: Iterable[tuple[str, str]], any_words: str) -> str:
    ident = f"s:items-{name}"
    options = "".join(f'<option value="{e(v)}">{e(words)}</option>' for v, words in choices)
    return (
        f'<div class="field"><label for="{ident}">{e(label)}</label>'
        f'<select id="{ident}" name="{name}"'
        + (' data-match="word"' if name == "lead" else "")
        + f'><option value="">{e(any_words)}</option>{options}</select></div>'
    )


def _plan_filters(site: Site, page: PlanPage) -> str:
    section = page.section
    order = {level.name: n for n, level in enumerate(page.plan.key.all_levels)}
    found = {_level_value(line): line.rag_word for line in section.lines}
    level_choices = sorted(found.items(), key=lambda c: order.get(c[0], len(order)))
    agencies = {a.slug: a for a in site.agencies}
    lead_slugs = dict.fromkeys(s for view in page.items for s in view.leads)
    lead_choices = sorted(
        ((s, agencies[s].name) for s in lead_slugs), key=lambda c: c[1].casefold()
    )
    stages = {view.stage for view in page.items}
    stage_choices = [(s, s[:1].upper() + s[1:]) for s in STAGE_ORDER if s in stages]
    return (
        '<form class="filters" data-table="s:actions" data-noun="items" hidden>'
        + _options("level", "RAG", level_choices, "Any level")
        + _options("lead", "Lead", lead_choices, "Any lead")
        + _options("stage", "Stage", stage_choices, "Any stage")
        + '<div class="field check"><input type="checkbox" id="s:items-overdue" '
        'name="overdue"><label for="s:items-overdue">Only overdue items</label></div>'
        '<div class="field"><label for="s:items-q">Text</label>'
        '<input type="search" id="s:items-q" name="q"></div>'
        '<div class="field"><button type="reset">Show every item</button></div>'
        f"{_filter_status()}</form>"
    )


def _level_value(line: Line) -> str:
    return line.row.rag or NOT_RATED


def _action_table(page: PlanPage) -> str:
    heads = "".join(f'<th scope="col">{e(c)}</th>' for c in COLUMNS)
    section = page.section
    if page.items:
        rows = "\n".join(_action_row(view) for view in page.items)
    else:
        rows = f'<tr><td colspan="{len(COLUMNS)}">This plan has no recommendations yet.</td></tr>'
    return (
        f'<table id="s:actions" class="actions">'
        f"<caption>{e(section.title)}: recommendations and actions</caption>"
        f"<thead><tr>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"
    )


def _action_row(view: ItemView) -> str:
    line, leads = view.line, view.leads
    row = line.row
    item = row.item
    target = esc(line.target)
    if line.overdue:
        target += f'<br><strong class="late">{e(line.overdue)}</strong>'
    if line.stale:
        target += f"<br><em>{e(line.stale)}</em>"
    progress = progress_html(line)
    progress += "".join(
        f"<p><strong>{esc(name)}:</strong> {esc(value)}</p>"
        for name, value in item.other_columns.items()
    )
    if item.lead:
        lead = ", ".join(
            f'<a href="../agencies/{slug}.html">{e(words)}</a>'
            for words, slug in zip(item.lead, leads, strict=True)
        )
    else:
        lead = EMPTY
    ident = e(item.id)
    cells = [
        f'<th scope="row" data-label="Ref"><a href="#{e(anchor(item.id))}">{ident}</a></th>',
        f'<td data-label="{COLUMNS[1]}">{esc(line.learning) if not line.is_action else ""}</td>',
        f'<td class="text" data-label="{COLUMNS[2]}">{esc(line.text)}</td>',
        f'<td data-label="Lead">{lead}</td>',
        f'<td data-label="Target date">{target}</td>',
        f'<td class="progress" data-label="{COLUMNS[5]}">{progress}</td>',
        f'<td class="rag rag-{e(line.rag)}" data-label="RAG">{e(line.rag_word)}'
        f'<span class="stage"><span class="visually-hidden">, stage: </span>{e(view.stage)}'
        "</span></td>",
    ]
    classes = row.kind + (" overdue" if view.overdue else "")
    attrs = (
        f'id="{ident}" class="{classes}" data-level="{e(_level_value(line))}" '
        f'data-lead="{" ".join(dict.fromkeys(leads))}" data-stage="{e(view.stage)}" '
        f'data-overdue="{int(view.overdue)}"'
    )
    return f"<tr {attrs}>{''.join(cells)}</tr>"


# --- agencies ---------------------------------------------------------------------------------


def agencies_page(site: Site) -> str:
    """Every agency that leads work: how much, and what it owes."""
    stale = _stale_words(site)
    heads = [
        ('data-sort="text"', "Agency"),
        ('data-sort="num" class="num"', "Plans"),
        ('data-sort="num" class="num"', "Leads"),
        ('data-sort="num" class="num"', "Outstanding"),
        ('data-sort="num" class="num"', "Overdue"),
        ('data-sort="num" class="num"', stale),
        ('data-sort="num" class="num"', "Awaiting sign-off"),
    ]
    head = _heads(heads)
    rows = "\n".join(
        f'<tr><th scope="row"><a href="{a.slug}.html">{e(a.name)}</a>'
        f"{_short(a)}</th>"
        f'<td class="num">{a.plans}</td><td class="num">{len(a.led)}</td>'
        f'<td class="num">{len(a.outstanding)}</td>'
        f'<td class="num">{len(a.overdue)}</td>'
        f'<td class="num">{len(a.stale)}</td>'
        f'<td class="num">{len(a.awaiting)}</td></tr>'
        for a in site.agencies
    )
    if not site.agencies:
        rows = '<tr><td colspan="7">No plan names a lead yet.</td></tr>'
    body = [
        "<h1>Agencies</h1>",
        "<p>Each agency that leads a recommendation or action, with what it leads across the "
        "plans and what it owes: items overdue, with no recent update, or awaiting sign-off. "
        "Agencies are those the partnership lists, found by their names, short names and "
        "aliases; any other lead is shown as the plans write it.</p>",
        '<h2 id="s:agencies-heading">Every agency</h2>',
        '<form class="filters" data-table="s:agencies" data-noun="agencies" hidden>'
        '<div class="field"><label for="s:agency-q">Find an agency</label>'
        '<input type="search" id="s:agency-q" name="q"></div>'
        f"{_filter_status()}</form>",
        _scroll(
            "s:agencies-heading",
            '<table id="s:agencies" class="agencies sortable"><caption>Agencies: what each '
            f"leads and owes</caption><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n"
            "</tbody></table>",
        ),
    ]
    return layout(
        site, title=f"Agencies: {site.title}", depth=1, here="agencies", body=_joined(body)
    )


def _short(agency: AgencyPage) -> str:
    return f" ({e(agency.short)})" if agency.short and agency.short != agency.name else ""


def agency_page(site: Site, agency: AgencyPage) -> str:
    """One agency: what it owes (overdue, no recent update, awaiting sign-off), then
    everything it leads."""
    stale = _stale_words(site)
    overdue, behind, awaiting = agency.overdue, agency.stale, agency.awaiting
    rendered = {id(ld.view): _led_row(ld) for ld in agency.led}
    details = []
    if agency.contact:
        details.append(f"<dt>Contact</dt><dd>{esc(agency.contact)}</dd>")
    if agency.email:
        details.append(
            f'<dt>Email</dt><dd><a href="mailto:{e(quote(agency.email, safe="@.+-_"))}">'
            f"{e(agency.email)}</a></dd>"
        )
    listed = (
        ""
        if agency.listed
        else "<p>The partnership's settings do not list this agency: it is shown as the plans "
        "write it.</p>"
    )
    body = [
        f"<h1>{e(agency.name)}{_short(agency)}</h1>",
        f'<dl class="details">{"".join(details)}</dl>' if details else "",
        listed,
        f"<p>Leads {plural(len(agency.led), 'item')} "
        f"in {plural(agency.plans, 'plan')}: {len(agency.outstanding)} outstanding, "
        f"{len(overdue)} overdue, {len(behind)} with {e(stale.lower())}, "
        f"{len(awaiting)} awaiting sign-off.</p>",
        "<h2>What it owes</h2>",
        _owed("Overdue", "overdue", overdue, f"What {agency.name} leads that is overdue", rendered),
        _owed(stale, "stale", behind, f"What {agency.name} leads with {stale.lower()}", rendered),
        _owed(
            "Awaiting sign-off",
            "awaiting",
            awaiting,
            f"What {agency.name} leads that is awaiting sign-off",
            rendered,
        ),
        '<h2 id="s:led-heading">Everything it leads</h2>',
        '<form class="filters" data-table="s:led" data-noun="items" hidden>'
        '<div class="field"><label for="s:led-q">Text</label>'
        '<input type="search" id="s:led-q" name="q"></div>'
        f"{_filter_status()}</form>",
        _scroll(
            "s:led-heading",
            _led_table(
                "s:led", f"Everything {agency.name} leads", agency.led, rendered, sortable=True
            ),
        ),
    ]
    return layout(site, title=f"{agency.name}: {site.title}", depth=1, here="", body=_joined(body))


def _owed(title: str, name: str, led: list[Led], caption: str, rendered: dict[int, str]) -> str:
    """One part of what an agency owes: a heading, then its items, or a line saying none."""
    if not led:
        return f"<h3>{e(title)}</h3><p>None.</p>"
    ident = f"s:{name}-heading"
    return f'<h3 id="{ident}">{e(title)}</h3>' + _scroll(
        ident, _led_table(f"s:{name}", caption, led, rendered, sortable=False)
    )


def _led_table(
    ident: str, caption: str, led: list[Led], rendered: dict[int, str], *, sortable: bool
) -> str:
    """A table of items an agency leads; ``rendered`` holds each item's row, made once for
    the several tables of the agency's page."""
    sort = ' data-sort="text"'
    heads = [
        ("Plan", sort),
        ("Ref", sort),
        ("Recommendation / action", ""),
        ("Target date", ""),
        ("RAG", sort),
        ("Stage", sort),
        ("Latest update", sort),
    ]
    head = "".join(
        f'<th scope="col"{attrs if sortable else ""}>{words}</th>' for words, attrs in heads
    )
    rows = "\n".join(rendered[id(ld.view)] for ld in led)
    classes = "led sortable" if sortable else "led"
    return (
        f'<table id="{e(ident)}" class="{classes}"><caption>{e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"
    )


def _led_row(led: Led) -> str:
    page, view = led
    line = view.line
    plan = page.plan
    item = view.item
    address = f"../plans/{page.slug}.html#{anchor(item.id)}"
    target = esc(line.target)
    if line.overdue:
        target += f'<br><strong class="late">{e(line.overdue)}</strong>'
    words, value = _date(item.last_update())
    return (
        f'<tr><td><a href="../plans/{page.slug}.html">{e(plan.title)}</a></td>'
        f'<th scope="row"><a href="{e(address)}">{e(page.name)}:{e(item.id)}</a></th>'
        f"<td>{esc(line.text)}</td><td>{target}</td>"
        f'<td class="rag rag-{e(line.rag)}">{e(line.rag_word)}</td>'
        f"<td>{e(view.stage)}</td>"
        f'<td data-value="{value}">{words}</td></tr>'
    )


# --- search -----------------------------------------------------------------------------------


def themes_page(site: Site) -> str:
    """Each theme across the plans: how many reviews made a recommendation on it, how many
    are outstanding and overdue, and each recommendation, linked to its plan's page."""
    overview = site.themes
    assert overview is not None
    slugs = {page.plan.file: page.slug for page in site.pages}
    heads = [
        ('data-sort="text"', "Theme"),
        ('data-sort="num" class="num"', "Reviews"),
        ('data-sort="num" class="num"', "Recommendations"),
        ('data-sort="num" class="num"', "Outstanding"),
        ('data-sort="num" class="num"', "Overdue"),
        ('data-sort="text"', "Since"),
    ]
    groups = [g for g in overview.groups if g.rows]
    rows = "\n".join(
        f'<tr><th scope="row"><a href="#{_theme_anchor(i)}">{e(g.name)}</a>'
        f"{'' if g.known else ' (not in the list of themes)'}</th>"
        f'<td class="num">{g.reviews}</td><td class="num">{len(g.rows)}</td>'
        f'<td class="num">{g.outstanding}</td><td class="num">{g.overdue}</td>'
        f"<td>{g.since.year if g.since else ''}</td></tr>"
        for i, g in enumerate(groups)
    )
    sections = []
    for i, group in enumerate(groups):
        items = "\n".join(
            f'<li><a href="plans/{quote(slugs.get(row.plan.file, ""))}.html'
            f'#{anchor(row.item.id)}">{e(row.ref)}</a> ({e(row.plan.title)}): '
            f'{e(row.item.text)} <span class="state">'
            f"{e('overdue' if row.overdue else 'outstanding' if row.outstanding else 'done')}"
            "</span></li>"
            for row in group.rows
        )
        sections.append(
            f'<h3 id="{_theme_anchor(i)}">{e(group.name)}</h3>'
            f"<p>{e(group.summary)}.</p>\n<ul>\n{items}\n</ul>"
        )
    body = [
        "<h1>Themes</h1>",
        f"<p>{e(overview.summary)} A theme is a lesson a recommendation is about; the same "
        "theme in several reviews is a lesson learnt again.</p>",
        '<h2 id="s:themes-heading">Every theme</h2>',
        _scroll(
            "s:themes-heading",
            '<table id="s:themes" class="themes sortable"><caption>Themes: the reviews and '
            f"recommendations on each</caption><thead><tr>{_heads(heads)}</tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody></table>",
        ),
        "<h2>The recommendations on each theme</h2>",
        *sections,
    ]
    return layout(site, title=f"Themes: {site.title}", depth=0, here="themes", body=_joined(body))


def _theme_anchor(number: int) -> str:
    return f"t:{number + 1}"


def search_page(site: Site) -> str:
    """Search every item of every plan (with JavaScript; without it, each plan's page)."""
    body = "\n".join(
        [
            "<h1>Search the plans</h1>",
            '<form id="s:search" class="filters search" role="search" hidden>'
            '<div class="field"><label for="s:search-q">Words to find in any recommendation, '
            "action, lead, progress note or evidence</label>"
            '<input type="search" id="s:search-q" name="q"></div>'
            f"{_filter_status()}</form>",
            '<ol id="s:results" class="results"></ol>',
            "<noscript><p>Search needs JavaScript, which is switched off. Every plan's page "
            'lists all its items: start from <a href="index.html">the list of plans</a>.'
            "</p></noscript>",
        ]
    )
    return layout(
        site,
        title=f"Search: {site.title}",
        depth=0,
        here="search",
        body=body,
        data="search-data.js",
    )


def search_data(site: Site) -> str:
    """Every item as data for the search page, as a script that sets one variable (a script
    file, unlike a data file, can be read by a page opened from a folder)."""
    plans = [[page.slug, page.plan.title] for page in site.pages]
    items = []
    for number, page in enumerate(site.pages):
        for view in page.items:
            line, item = view.line, view.item
            notes = " ".join(p.note for p in item.progress)
            extra = " ".join(
                part
                for part in (
                    line.learning if line.learning != EMPTY else "",
                    notes,
                    item.evidence or "",
                    *item.other_columns.values(),
                )
                if part
            )
            items.append([number, item.id, line.text, line.lead, line.rag_word, view.stage, extra])
    data = json.dumps({"plans": plans, "items": items}, ensure_ascii=False, separators=(",", ":"))
    # Within a script, "</" could end it early in an HTML page that inlined it; written as an
    # escape, the text is the same.
    return "window.SCRPLAN_SEARCH = " + data.replace("</", "<\\/") + ";\n"
