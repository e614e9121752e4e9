"""Themes: the lessons that reviews keep finding, named the same way across plans.

A recommendation may carry ``themes: [information sharing, strategy meetings]``. The names come
from a vocabulary: the national list below (the themes that national analyses of case reviews
name again and again), beside the partnership's own themes in ``partnership.yaml`` (which may
also switch the national list off). Each theme has aliases (other names a plan may write for
it) and keywords (words in a recommendation's text that suggest it, for ``scrplan
suggest-themes``).

:func:`theme_overview` counts, per theme, the recommendations of several plans that carry it:
how many are outstanding and overdue, and the reviews they come from (``scrplan themes`` and
board reports).

Keywords match whole words, in any case, with their plurals (``meeting`` finds ``meetings``,
``strategy`` finds ``strategies``); a space or a hyphen in a keyword matches a space, a hyphen
or nothing (``multi-agency`` finds ``multi agency`` and ``multiagency``). Where keywords of two
themes overlap, the longer wins: ``self-neglect`` suggests self-neglect, not neglect too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scrplan.plan.model import Plan, Recommendation, ThemeTerms
from scrplan.plan.query import Row
from scrplan.words import plural


class Theme(NamedTuple):
    """A theme of the vocabulary.

    Attributes:
        name: the name plans write, and every output shows.
        keywords: words and phrases in a recommendation's text that suggest the theme.
        aliases: other names a plan may write for it in ``themes:``.
    """

    name: str
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


NATIONAL_THEMES: tuple[Theme, ...] = (
    Theme(
        "information sharing",
        (
            "information sharing",
            "sharing information",
            "sharing of information",
            "share information",
            "shared information",
            "information shared",
            "information is shared",
            "information was shared",
            "information is not shared",
            "information was not shared",
            "exchange of information",
            "information exchange",
        ),
    ),
    Theme(
        "professional curiosity",
        (
            "professional curiosity",
            "curiosity",
            "curious",
            "respectful uncertainty",
            "disguised compliance",
            "critical thinking",
        ),
        ("curiosity",),
    ),
    Theme(
        "supervision and management oversight",
        (
            "supervision",
            "supervisory",
            "management oversight",
            "managerial oversight",
            "oversight by managers",
            "line management",
        ),
        ("supervision", "management oversight"),
    ),
    Theme(
        "think family",
        (
            "think family",
            "whole family",
            "parenting capacity",
            "toxic trio",
            "trio of vulnerabilities",
        ),
        ("whole family",),
    ),
    Theme(
        "voice of the child",
        (
            "voice of the child",
            "child's voice",
            "views of the child",
            "wishes and feelings",
            "lived experience",
            "daily life",
            "seen and heard",
            "seen alone",
            "spoken to alone",
        ),
        ("child's voice", "lived experience"),
    ),
    Theme(
        "escalation",
        (
            "escalation",
            "escalate",
            "escalated",
            "escalating",
            "professional challenge",
            "readiness to challenge",
            "professional disagreement",
        ),
        ("professional challenge",),
    ),
    Theme(
        "domestic abuse",
        (
            "domestic abuse",
            "domestic violence",
            "coercive control",
            "coercive and controlling",
            "controlling behaviour",
            "intimate partner violence",
            "domestic homicide",
            "MARAC",
            "DASH",
            "Operation Encompass",
        ),
        ("domestic violence",),
    ),
    Theme(
        "neglect",
        ("neglect", "neglected", "neglectful", "graded care profile", "home conditions"),
    ),
    Theme(
        "parental mental health",
        (
            "mental health",
            "mental illness",
            "mental ill-health",
            "postnatal depression",
            "perinatal",
            "depression",
            "psychiatric",
            "psychosis",
        ),
        ("mental health",),
    ),
    Theme(
        "substance misuse",
        ("substance misuse", "substance use", "drug", "alcohol"),
        ("drugs and alcohol",),
    ),
    Theme(
        "assessment",
        ("assessment", "assess", "assessed", "assessing", "risk assessment"),
        ("risk assessment",),
    ),
    Theme(
        "multi-agency working",
        (
            "multi-agency",
            "inter-agency",
            "partnership working",
            "joint working",
            "working jointly",
            "MASH",
        ),
        ("partnership working", "joint working"),
    ),
    Theme(
        "strategy meetings",
        ("strategy meeting", "strategy discussion", "section 47", "s47"),
        ("strategy discussions",),
    ),
    Theme(
        "record keeping",
        (
            "record keeping",
            "record",
            "recording",
            "recorded",
            "flag",
            "flagged",
            "flagging",
            "chronology",
            "case notes",
        ),
        ("recording", "records"),
    ),
    Theme(
        "training and awareness",
        (
            "training",
            "train",
            "trained",
            "awareness",
            "learning and development",
            "workforce development",
        ),
        ("training",),
    ),
    Theme(
        "learning from reviews",
        (
            "findings",
            "lessons learned",
            "lessons learnt",
            "disseminate",
            "disseminated",
            "dissemination",
            "case review",
            "practice review",
            "rapid review",
        ),
    ),
    Theme(
        "early help and thresholds",
        ("early help", "early intervention", "threshold", "step down", "level of need"),
        ("early help", "thresholds"),
    ),
    Theme(
        "child sexual abuse",
        ("sexual abuse", "harmful sexual behaviour", "CSA"),
        ("sexual abuse", "CSA"),
    ),
    Theme(
        "exploitation",
        (
            "exploitation",
            "exploited",
            "CSE",
            "CCE",
            "county lines",
            "grooming",
            "groomed",
            "trafficking",
            "trafficked",
            "modern slavery",
            "missing episode",
            "missing from home",
            "return home interview",
        ),
        ("child exploitation", "CSE", "CCE"),
    ),
    Theme(
        "non-accidental injury",
        (
            "non-accidental injury",
            "NAI",
            "bruising",
            "bruise",
            "bruised",
            "fracture",
            "head injury",
            "abusive head trauma",
            "shaken baby",
            "non-mobile",
            "not yet mobile",
        ),
        ("NAI", "bruising"),
    ),
    Theme(
        "fathers and male carers",
        (
            "father",
            "stepfather",
            "male carer",
            "male partner",
            "mother's partner",
            "invisible men",
        ),
        ("fathers", "male carers"),
    ),
    Theme(
        "safe sleep",
        (
            "safe sleep",
            "safer sleep",
            "co-sleeping",
            "sudden unexpected death",
            "SUDI",
            "SIDS",
            "sleeping arrangement",
            "cot death",
        ),
        ("SUDI",),
    ),
    Theme(
        "children with disabilities",
        (
            "disability",
            "disabled",
            "special educational needs",
            "SEND",
            "autism",
            "autistic",
        ),
        ("disability", "disabled children", "SEND"),
    ),
    Theme(
        "transitions",
        (
            "transition",
            "transition to adulthood",
            "care leaver",
            "leaving care",
            "18th birthday",
            "moving school",
            "moves school",
            "change of school",
        ),
        ("transition to adulthood",),
    ),
    Theme(
        "children missing education",
        (
            "missing education",
            "missing from education",
            "home education",
            "home educated",
            "school attendance",
            "off-rolling",
            "part-time timetable",
        ),
        ("elective home education",),
    ),
    Theme(
        "culture and identity",
        (
            "cultural",
            "ethnicity",
            "race",
            "racism",
            "faith",
            "religion",
            "interpreter",
            "identity",
        ),
        ("race and culture",),
    ),
    Theme(
        "suicide and self-harm",
        ("suicide", "suicidal", "self-harm", "overdose"),
        ("self-harm", "suicide"),
    ),
    Theme(
        "self-neglect",
        ("self-neglect", "hoarding", "squalor"),
        ("hoarding",),
    ),
    Theme(
        "mental capacity",
        (
            "mental capacity",
            "capacity assessment",
            "lacks capacity",
            "lacked capacity",
            "MCA",
            "best interests",
        ),
        ("MCA",),
    ),
    Theme(
        "making safeguarding personal",
        ("making safeguarding personal", "person-centred", "outcomes they want"),
    ),
    Theme(
        "legal literacy",
        ("legal literacy", "legal framework", "legal option", "legal power"),
    ),
)
"""The default vocabulary: themes that national analyses of case reviews name again and again
(docs/format.md lists them with their keywords)."""


def normal(name: str) -> str:
    """A theme's name as it is compared: any case, hyphens as spaces, spaces evened out."""
    return " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()


# Words that take no plural ending: a keyword's small words match only as written.
_SMALL = frozenset("a an and as at by for from in is not of on or the to was with".split())
# A word of a text: letters and digits, with an apostrophe inside (child's); hyphens, spaces and
# punctuation end it. Between the words of a keyword only spaces and hyphens may come.
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*")
_GAP = re.compile(r"[\s\-]*")


def _plain(word: str) -> str:
    return word.replace("\u2019", "'")  # a curly apostrophe is a straight one


def _forms(word: str) -> tuple[frozenset[str], bool]:
    """The forms of a text's word that one word of a keyword accepts (casefolded), and
    whether they must match in case too (an abbreviation: SEND, not "send")."""
    word = _plain(word)
    if len(word) > 1 and word.isupper():
        return frozenset({word}), True
    low = word.casefold()
    if not low.isalpha() or low in _SMALL:
        return frozenset({low}), False
    if low == "child":
        return frozenset({low, "children"}), False
    if len(low) > 2 and low[-1] == "y" and low[-2] not in "aeiou":
        return frozenset({low, low[:-1] + "ies"}), False
    return frozenset({low, low + "s", low + "es"}), False


class Keyword:
    """A keyword, as what finds it among a text's words: whole words, any case (an
    abbreviation in capitals only as written), plurals; written with a space or a hyphen, its
    words may be apart by spaces or hyphens, or joined (``multi-agency``, ``multiagency``)."""

    def __init__(self, keyword: str) -> None:
        words = [w for w in re.split(r"[\s\-]+", keyword.strip()) if w]
        self.ways = [[_forms(w) for w in words]]
        if len(words) > 1:
            self.ways.append([_forms("".join(words))])

    @property
    def first_words(self) -> set[str]:
        """The casefolded forms a match can start with: what the keyword is indexed by."""
        return {f.casefold() for way in self.ways for f in way[0][0]}

    def match(self, text: str, words: Sequence[re.Match[str]], at: int) -> tuple[int, int] | None:
        """Where the keyword is in ``text`` starting at its word ``at`` (start, end), or None."""
        for way in self.ways:
            if at + len(way) > len(words):
                continue
            for n, (forms, exact) in enumerate(way):
                word = _plain(words[at + n].group())
                if (word if exact else word.casefold()) not in forms:
                    break
                gap = text[words[at + n - 1].end() : words[at + n].start()] if n else ""
                if gap and not _GAP.fullmatch(gap):
                    break
            else:
                return words[at].start(), words[at + len(way) - 1].end()
        return None


def keyword_matches(keyword: str, text: str) -> list[str]:
    """The words of ``text`` that ``keyword`` finds (see the module's notes)."""
    finder = Keyword(keyword)
    words = list(_TOKEN.finditer(text))
    spans = [finder.match(text, words, at) for at in range(len(words))]
    return [text[span[0] : span[1]] for span in spans if span is not None]


class Found(NamedTuple):
    """A theme a text suggests, and the words of the text that suggest it."""

    theme: str
    words: tuple[str, ...]


class Vocabulary:
    """The themes recommendations may name, and how to find them by name or in a text."""

    def __init__(self, themes: Sequence[Theme]) -> None:
        self.themes = tuple(themes)
        self._names: dict[str, Theme] = {}
        for theme in self.themes:
            for name in (theme.name, *theme.aliases):
                self._names.setdefault(normal(name), theme)

    def find(self, name: str) -> Theme | None:
        """The theme ``name`` names (its name or an alias, any case), or None."""
        return self._names.get(normal(name))

    def closest(self, name: str) -> str | None:
        """The theme someone most likely meant by ``name``: one whose keyword it is, or the
        closest spelling of a name or alias."""
        wanted = normal(name)
        for theme in self.themes:
            if any(normal(k) == wanted for k in theme.keywords):
                return theme.name
        close = difflib.get_close_matches(wanted, list(self._names), n=1, cutoff=0.6)
        return self._names[close[0]].name if close else None

    @functools.cached_property
    def _index(self) -> dict[str, list[tuple[str, Keyword]]]:
        """Each theme's keywords by the words they can start with."""
        index: dict[str, list[tuple[str, Keyword]]] = {}
        for theme in self.themes:
            for keyword in theme.keywords:
                finder = Keyword(keyword)
                for first in finder.first_words:
                    index.setdefault(first, []).append((theme.name, finder))
        return index

    def suggest(self, text: str) -> list[Found]:
        """The themes whose keywords ``text`` holds, in the order the text first shows them.

        Where keywords of two themes overlap in the text, only the longer match counts.
        """
        words = list(_TOKEN.finditer(text))
        matches = []
        for at, word in enumerate(words):
            for name, finder in self._index.get(_plain(word.group()).casefold(), ()):
                span = finder.match(text, words, at)
                if span is not None:
                    matches.append((*span, name, text[span[0] : span[1]]))
        kept = [
            (start, end, name, said)
            for start, end, name, said in matches
            if not any(
                s <= start and end <= e and (e - s) > (end - start) and n != name
                for s, e, n, _ in matches
            )
        ]
        found: dict[str, list[str]] = {}
        for _, _, name, said in sorted(kept):
            said = " ".join(said.split())
            seen = found.setdefault(name, [])
            if said.casefold() not in (w.casefold() for w in seen):
                seen.append(said)
        return [Found(name, tuple(said)) for name, said in found.items()]


@functools.cache
def vocabulary(own: tuple[ThemeTerms, ...] = (), national: bool = True) -> Vocabulary:
    """The vocabulary of a partnership: the national themes (unless ``national`` is False)
    and its ``own`` themes, each as (name, aliases, keywords). An own theme with the name of a
    national one takes its place."""
    mine = [Theme(name, tuple(keywords), tuple(aliases)) for name, aliases, keywords in own]
    replacing = {normal(t.name): t for t in mine}
    themes = [replacing.pop(normal(t.name), t) for t in NATIONAL_THEMES] if national else []
    themes += [t for t in mine if normal(t.name) in replacing]
    return Vocabulary(themes)


# --- suggestions ---------------------------------------------------------------------------------


class Proposal(NamedTuple):
    """The themes proposed for one recommendation that has none."""

    plan: Plan
    recommendation: Recommendation
    found: list[Found]

    @property
    def ref(self) -> str:
        """``child-m:7``."""
        return f"{self.plan.name}:{self.recommendation.id}"

    @property
    def themes(self) -> list[str]:
        """The names proposed, in the order the text shows them."""
        return [f.theme for f in self.found]


def suggestion_text(rec: Recommendation) -> str:
    """What themes are suggested from: the recommendation, then its learning point."""
    return "\n".join(t for t in (rec.recommendation, rec.learning) if t)


def propose(plans: Iterable[Plan]) -> list[Proposal]:
    """For every recommendation of ``plans`` with no themes, the themes its text suggests
    (an empty list when it suggests none), in file order."""
    out = []
    for plan in plans:
        words = plan.context.vocabulary()
        for rec in plan.recommendations:
            if not rec.themes:
                out.append(Proposal(plan, rec, words.suggest(suggestion_text(rec))))
    return out


# --- themes across plans -------------------------------------------------------------------------


def review_date(plan: Plan) -> dt.date | None:
    """When the review made its recommendations: the report's date, else the plan's."""
    return plan.report_date or plan.plan_date


@dataclass
class ThemeGroup:
    """The recommendations of several plans that carry one theme.

    Attributes:
        name: the theme's name (as the vocabulary names it, or as first written when it is in
            no plan's vocabulary).
        known: whether it is in the vocabulary of the plans that use it.
        rows: its recommendations, in the order of the plans given, then of each file.
    """

    name: str
    known: bool = True
    rows: list[Row] = field(default_factory=list)

    @property
    def plans(self) -> list[Plan]:
        """The plans its recommendations come from, each once, in order."""
        return list({id(r.plan): r.plan for r in self.rows}.values())

    @property
    def reviews(self) -> int:
        """How many plans (reviews) made a recommendation with this theme."""
        return len(self.plans)

    @property
    def outstanding(self) -> int:
        """Its recommendations still open."""
        return sum(1 for r in self.rows if r.outstanding)

    @property
    def overdue(self) -> int:
        """Its recommendations open and past their target date."""
        return sum(1 for r in self.rows if r.overdue)

    @property
    def since(self) -> dt.date | None:
        """The date of the earliest review with this theme."""
        return min((d for p in self.plans if (d := review_date(p))), default=None)

    @property
    def summary(self) -> str:
        """``3 recommendations in 2 reviews since 2016; 2 outstanding, 1 overdue``."""
        since = f" since {self.since.year}" if self.since else ""
        return (
            f"{plural(len(self.rows), 'recommendation')} in {plural(self.reviews, 'review')}"
            f"{since}; {self.outstanding} outstanding, {self.overdue} overdue"
        )


@dataclass
class ThemeOverview:
    """Themes across plans: a group per theme, and what has no theme.

    Attributes:
        groups: the themes, those made in the most reviews first; with ``every``, the
            vocabulary's themes that no recommendation has follow, in the vocabulary's order.
        plans: the plans counted.
        recommendations: every recommendation of those plans.
        without: the recommendations that have no theme.
    """

    groups: list[ThemeGroup]
    plans: list[Plan]
    recommendations: int
    without: list[Row]

    @property
    def with_themes(self) -> int:
        """How many recommendations have a theme."""
        return self.recommendations - len(self.without)

    @property
    def summary(self) -> str:
        """One sentence: how many recommendations of how many plans have themes, and how
        many themes they name."""
        used = sum(1 for g in self.groups if g.rows)
        have = "has" if self.with_themes == 1 else "have"
        none = "has" if len(self.without) == 1 else "have"
        return (
            f"{self.with_themes} of {plural(self.recommendations, 'recommendation')} in "
            f"{plural(len(self.plans), 'plan')} {have} themes, naming {plural(used, 'theme')}; "
            f"{len(self.without)} {none} none."
        )


def has_themes(plans: Iterable[Plan]) -> bool:
    """True when any recommendation of ``plans`` has a theme."""
    return any(rec.themes for plan in plans for rec in plan.recommendations)


def theme_overview(plans: Sequence[Plan], as_of: dt.date, *, every: bool = False) -> ThemeOverview:
    """Per theme, the recommendations of ``plans`` that carry it, with their state on
    ``as_of`` (outstanding, overdue) and the reviews they come from.

    A recommendation with several themes counts under each; a theme written under two of
    its names (a name and an alias) counts once. ``every``: also the themes of the plans'
    vocabularies that no recommendation has, so that a board sees what its reviews have not
    looked at.
    """
    groups: dict[str, ThemeGroup] = {}
    order: dict[str, int] = {}
    without: list[Row] = []
    total = 0
    for plan in plans:
        words = plan.context.vocabulary()
        for listed in words.themes:
            order.setdefault(normal(listed.name), len(order))
            if every:
                groups.setdefault(normal(listed.name), ThemeGroup(listed.name))
        for rec in plan.recommendations:
            total += 1
            row = Row(plan, rec, as_of)
            if not rec.themes:
                without.append(row)
            seen: set[str] = set()
            for written in rec.themes:
                theme = words.find(written)
                name = theme.name if theme is not None else " ".join(written.split())
                key = normal(name)
                if key in seen:
                    continue
                seen.add(key)
                group = groups.setdefault(key, ThemeGroup(name, known=theme is not None))
                group.known = group.known or theme is not None
                group.rows.append(row)
    unknown = len(order)
    ranked = sorted(
        groups.items(),
        key=lambda kv: (
            not kv[1].rows,
            -kv[1].reviews,
            -len(kv[1].rows),
            -kv[1].outstanding,
            order.get(kv[0], unknown),
            kv[0],
        ),
    )
    return ThemeOverview([g for _, g in ranked], list(plans), total, without)
