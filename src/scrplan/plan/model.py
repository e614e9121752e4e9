"""The action-plan data model: what a plan file may hold, and what it means.

The models validate plain data (as built by :mod:`scrplan.plan.yamltree`); they do no IO. What
the format means (the level of a recommendation from its actions, complete, overdue, stale, the
stage of an item, the evidence rule) is written here once, for every command and the importer.
Rules that report problems across items (unique ids, evidence for completed items, levels the
key does not have) live in :mod:`scrplan.plan.rules`, so they can run even when part of a plan
is invalid. ``docs/format.md`` describes the same format for people who write plans.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scrplan.plan.dates import (
    DEFAULT_INTERVAL,
    Interval,
    IntervalText,
    PlanDate,
    parse_plan_date,
    quoted,
)
from scrplan.plan.discover import plan_name
from scrplan.plan.levels import (
    COLOURS,
    COMPLETE,
    DEFAULT_MEANINGS,
    DONE_STAGES,
    Level,
    colour_levels,
    match,
    urgency,
)

if TYPE_CHECKING:
    from scrplan.plan.themes import Vocabulary

YamlPath = tuple[str | int, ...]
ThemeTerms = tuple[str, tuple[str, ...], tuple[str, ...]]
"""A theme of the partnership's settings: its name, its aliases and its keywords."""

# The order of fields in the house layout (docs/format.md, plans/child-m.yaml): what scrplan
# follows when it writes a plan, or adds a field to one.
PLAN_LAYOUT = (
    "title",
    "partnership",
    "review",
    "subject",
    "report_date",
    "plan_date",
    "next_review",
    "update_interval",
    "summary",
    "rag_key",
    "recommendations",
)
ITEM_LAYOUT = (
    "id",
    "learning",
    "recommendation",
    "action",
    "themes",
    "lead",
    "target_date",
    "timescale",
    "rag",
    "progress",
    "evidence",
    "completed",
    "verified",
    "impact",
    "closed",
    "other_columns",
    "actions",
)
ENTRY_LAYOUT = ("note", "date", "by")
VERIFIED_LAYOUT = ("by", "date", "note")
IMPACT_LAYOUT = ("measure", "review_date", "evidence", "date")
CLOSED_LAYOUT = ("reason", "by", "date")
KEY_LAYOUT = ("red", "amber", "green", "blue", "complete", "levels")
LEVEL_LAYOUT = ("name", "label", "colour", "means")

LAYOUTS: dict[str, tuple[str, ...]] = {
    "": PLAN_LAYOUT,
    "recommendations": ITEM_LAYOUT,
    "actions": ITEM_LAYOUT,
    "progress": ENTRY_LAYOUT,
    "verified": VERIFIED_LAYOUT,
    "impact": IMPACT_LAYOUT,
    "closed": CLOSED_LAYOUT,
    "rag_key": KEY_LAYOUT,
    "levels": LEVEL_LAYOUT,
}
"""The house order of the keys in each kind of mapping, by the key (or list) it sits under."""


# --- small value types ----------------------------------------------------------------------


def _read_id(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise PydanticCustomError(
            "id_type", 'an id is a number or a reference such as 7, "7.1" or "10.1.2"', {}
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # YAML reads an unquoted 1.10 as the number 1.1: the id the user wrote is lost, so
        # refuse every unquoted decimal rather than guess.
        raise PydanticCustomError("id_not_quoted", "ids with a dot must be in quotes", {})
    if not isinstance(value, str):
        raise PydanticCustomError(
            "id_type", 'an id is a number or a reference such as 7, "7.1" or "10.1.2"', {}
        )
    text = value.strip()
    # Only what looks the same to everyone: "7" and "7\u200b", or a fullwidth digit, would be
    # two different ids that read alike.
    if not _ID.fullmatch(text):
        odd = next((ch for ch in text if not _ID.fullmatch(ch)), " ")
        holds = "" if odd.isascii() else f" (it holds U+{ord(odd):04X}, which is not one of them)"
        raise PydanticCustomError(
            "id_format",
            "{value} is not a usable id: an id is made only of the letters A to Z, digits, "
            'dots, hyphens and underscores{holds}, e.g. 7, "7.1" or "10.1.2"',
            {"value": quoted(value), "holds": holds},
        )
    return text


_ID = re.compile(r"[A-Za-z0-9._-]+")


ItemId = Annotated[
    str,
    BeforeValidator(_read_id),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": r"^[A-Za-z0-9._-]+$"},
            ],
            "description": 'The item\'s number: 7, or in quotes "7.1", "10.1.2".',
        }
    ),
]


def _read_level(value: Any) -> str | None:
    """A level's name as the plan writes it (``amber``, ``2``, ``Update pending``); whether
    the plan's key has it is checked across the plan (:mod:`scrplan.plan.rules`)."""
    if value is None:
        return None
    if isinstance(value, bool):  # `rag: yes` or `rag: on`: YAML's yes/no words
        raise PydanticCustomError(
            "rag_colour",
            "a yes/no word is not a RAG level: use a level of the plan's key (red, amber, "
            "green or blue by default), or leave `rag` out while the item is not yet rated",
            {},
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        text = " ".join(value.split())
        return text.lower() if text.lower() in COLOURS else text
    raise PydanticCustomError(
        "rag_colour",
        "{value} is not a RAG level: use a level of the plan's key (red, amber, green or blue "
        "by default), or leave `rag` out while the item is not yet rated",
        {"value": quoted(value)},
    )


RagLevel = Annotated[
    str | None,
    BeforeValidator(_read_level),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}],
            "description": "A level of the plan's key: red, amber, green or blue (any case) "
            "with the standard key; leave out if not yet rated.",
        }
    ),
]


def _read_leads(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        return [v.strip() if isinstance(v, str) else v for v in value if v != ""]
    return value


Leads = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(_read_leads),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "null"},
            ],
            "description": "The lead agency, or a list of agencies.",
        }
    ),
]


def _none_if_blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _list_or_empty(value: Any) -> Any:
    return [] if value is None else value


def _read_themes(value: Any) -> Any:
    """``themes: neglect`` is one theme; names are compared with their spaces evened out."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        return [" ".join(v.split()) if isinstance(v, str) else v for v in value if v != ""]
    return value


Themes = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(_read_themes),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "null"},
            ],
            "description": "The themes of the recommendation, from the partnership's list of "
            "themes: `themes: [information sharing, strategy meetings]`.",
        }
    ),
]


OptionalText = Annotated[str | None, BeforeValidator(_none_if_blank)]
Text = Annotated[str, Field(min_length=1)]


# --- the models ------------------------------------------------------------------------------


def _private(model: BaseModel, name: str) -> Any:
    """A private attribute of ``model``. pydantic finds them through ``__getattr__``, several
    times slower than this, and these are read for every item of every plan."""
    return model.__pydantic_private__[name]  # type: ignore[index]


def _private_set(model: BaseModel, name: str, value: Any) -> None:
    model.__pydantic_private__[name] = value  # type: ignore[index]


class _Model(BaseModel):
    # str_strip_whitespace: block scalars end in "\n", and a stray space must not make two
    # identical leads differ. defer_build: a plan read from the cache is never validated, so
    # building the validators at import would be wasted start-up time.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class ProgressEntry(_Model):
    """One dated progress note."""

    note: Text = Field(description="What has happened: the progress update, in full.")
    date: PlanDate | None = Field(None, description="When the update was given.")
    by: OptionalText = Field(None, description="Who gave it: an agency or a person's role.")


class Verification(_Model):
    """The partnership's sign-off of a complete item: it checked the evidence."""

    by: Text = Field(description="Who signed it off: the board, a sub-group, a named role.")
    date: PlanDate | None = Field(None, description="When it was signed off.")
    note: OptionalText = Field(None, description="What was checked, and what was found.")


class Impact(_Model):
    """How the board will know the work made a difference, and whether it did."""

    measure: OptionalText = Field(
        None, description="How the board will know it made a difference (agreed at the start)."
    )
    review_date: PlanDate | None = Field(None, description="When the impact is to be assessed.")
    evidence: OptionalText = Field(None, description="The evidence that practice changed.")
    date: PlanDate | None = Field(None, description="When the impact was assessed.")


class Closure(_Model):
    """An item closed without being implemented: not accepted, superseded, overtaken."""

    reason: Text = Field(description="Why it will not be implemented.")
    by: OptionalText = Field(None, description="Who agreed to close it.")
    date: PlanDate | None = Field(None, description="When it was closed.")


class Item(_Model):
    """What recommendations and actions share: lead, dates, RAG, progress and evidence."""

    id: ItemId
    lead: Leads = Field(default_factory=list)
    target_date: PlanDate | None = Field(
        None, description="When it is due: YYYY-MM-DD, or YYYY-MM for the end of that month."
    )
    timescale: OptionalText = Field(
        None, description='A timescale that is not a date, such as "Immediate" or "Ongoing".'
    )
    rag: RagLevel = None
    progress: Annotated[list[ProgressEntry], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list, description="Progress updates, oldest first."
    )
    evidence: OptionalText = Field(
        None, description="The evidence that the work is done and has made a difference."
    )
    completed: PlanDate | None = Field(None, description="When the item was completed.")
    verified: Verification | None = Field(
        None, description="The partnership's sign-off: only on a complete item."
    )
    impact: Impact | None = Field(
        None, description="The impact measure, its review date, and the evidence of impact."
    )
    closed: Closure | None = Field(
        None, description="Closed without implementation: the reason, who agreed, when."
    )
    other_columns: dict[str, str] = Field(
        default_factory=dict,
        description="Columns of an imported plan that have no field here, kept word for word.",
    )

    _path: YamlPath = PrivateAttr(default=())

    @property
    def path(self) -> YamlPath:
        """Where this item sits in its file, e.g. ``("recommendations", 6)``."""
        path: YamlPath = _private(self, "_path")
        return path

    @property
    def text(self) -> str:
        """The item's main text: the recommendation, or the action."""
        raise NotImplementedError

    def latest_progress(self) -> ProgressEntry | None:
        """The newest progress entry: the latest dated one, else the last one written."""
        if not self.progress:
            return None
        # The latest date wins; of entries with the same date, the one written last.
        dated = [(p.date, n, p) for n, p in enumerate(self.progress) if p.date is not None]
        if dated:
            return max(dated, key=lambda t: (t[0], t[1]))[2]
        return self.progress[-1]

    def last_update(self) -> dt.date | None:
        """The date of the latest dated progress entry."""
        return max((p.date for p in self.progress if p.date is not None), default=None)


class Action(Item):
    """One action under a recommendation."""

    action: Text = Field(description="What will be done.")

    @property
    def text(self) -> str:
        return self.action


class Recommendation(Item):
    """A learning point, its recommendation, and the work to meet it."""

    learning: OptionalText = Field(None, description="The learning or improvement point.")
    recommendation: Text = Field(description="What the review recommends.")
    themes: Themes = Field(default_factory=list)
    actions: Annotated[list[Action], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list,
        description="Actions that meet the recommendation; its RAG then comes from them.",
    )

    @property
    def text(self) -> str:
        return self.recommendation

    def place(self, index: int) -> None:
        """Record that this is item ``index`` of the plan's ``recommendations``."""
        # Set directly: pydantic's __setattr__ for a private attribute is slow, and this runs
        # for every item of every plan read.
        _private_set(self, "_path", ("recommendations", index))
        for number, action in enumerate(self.actions):
            _private_set(action, "_path", ("recommendations", index, "actions", number))


def _level_name(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # refused below: yes/no is not a name
    return str(value) if isinstance(value, int) else value


class KeyLevel(_Model):
    """One level of a key of the plan's own: a name, a label, a colour and what it means."""

    name: Annotated[Text, BeforeValidator(_level_name)] = Field(
        description='What `rag:` says for this level: "1", Slipped, Update pending.'
    )
    label: OptionalText = Field(None, description="What the level means in this plan.")
    colour: Literal["red", "amber", "green", "blue", "grey", "purple"] = Field(
        description="How the level is shown."
    )
    means: Literal[
        "off track",
        "needs monitoring",
        "awaiting update",
        "not started",
        "paused",
        "on track",
        "complete",
    ] = Field(description="What it means, so that plans with different keys can be counted.")


class RagKey(_Model):
    """What each level of the plan's RAG key means, and which one means complete.

    Written either as colours (``red: Not on track``, ``complete: blue``) or as ``levels``,
    each with a name, label, colour and meaning (``1`` Fully achieved, complete).
    """

    red: OptionalText = None
    amber: OptionalText = None
    green: OptionalText = None
    blue: OptionalText = None
    complete: Literal["red", "amber", "green", "blue"] | None = Field(
        None, description="With colours: the colour that means complete (default blue)."
    )
    levels: list[KeyLevel] | None = Field(
        None,
        description="A key of the plan's own, instead of colours: each level's name, label, "
        "colour and meaning.",
    )

    _levels: tuple[Level, ...] | None = PrivateAttr(default=None)
    _named: dict[str, Level | None] | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        # A key that names no colour and no levels keeps the standard meanings.
        if (
            isinstance(data, dict)
            and not data.get("levels")
            and not any(data.get(c) for c in COLOURS)
        ):
            return {**DEFAULT_MEANINGS, **data}
        return data

    @model_validator(mode="after")
    def _one_form(self) -> RagKey:
        if self.levels is not None:
            if any(getattr(self, c) for c in COLOURS) or self.complete is not None:
                raise PydanticCustomError(
                    "key_forms",
                    "a key is written either as colours (red:, amber:, green:, blue:, "
                    "complete:) or as `levels:`, not both: keep one of them",
                    {},
                )
            return self
        colour = self.complete or "blue"
        if getattr(self, colour) is None:
            raise PydanticCustomError(
                "complete_colour",
                "the complete colour is {colour}, but this key does not say what {colour} means: "
                "add `{colour}: <what it means>`, or set `complete:` to the colour that means "
                "complete",
                {"colour": colour},
            )
        return self

    def __eq__(self, other: object) -> bool:
        # The levels worked out once and kept (_levels) are not part of what a key is.
        if not isinstance(other, RagKey):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]

    @property
    def all_levels(self) -> tuple[Level, ...]:
        """The levels of the key: as listed, or the colours it names in order of urgency."""
        found: tuple[Level, ...] | None = _private(self, "_levels")
        if found is None:
            if self.levels is not None:
                found = tuple(
                    Level(lv.name, lv.label or lv.name, lv.colour, lv.means) for lv in self.levels
                )
            else:
                labels = {c: getattr(self, c) for c in COLOURS}
                found = colour_levels(labels, self.complete or "blue")
            self._levels = found
        return found

    @property
    def colours(self) -> tuple[str, ...]:
        """The names of the key's levels, most urgent first (the colours, for a colour key)."""
        return tuple(level.name for level in self.all_levels)

    @property
    def is_colours(self) -> bool:
        """True when the key is written as colours, not as levels of its own."""
        return self.levels is None

    @property
    def complete_level(self) -> str:
        """The name of the level that means complete (the first, if a faulty key has more)."""
        return next((lv.name for lv in self.all_levels if lv.complete), "")

    def level(self, name: str | None) -> Level | None:
        """The level ``name`` names (any case), or None."""
        if name is None:
            return None
        named: dict[str, Level | None] | None = _private(self, "_named")
        if named is None:
            # Each level by its name as written (what most items write), found as match finds it.
            levels = self.all_levels
            named = self._named = {lv.name: match(levels, lv.name) for lv in levels}
        found = named.get(name)
        return found if found is not None else match(self.all_levels, name)

    def urgency(self, name: str | None) -> int:
        """Sort key for a level's name: the most urgent meaning first; not rated after the
        levels that need attention."""
        level = self.level(name)
        return urgency(level.means if level else None)

    def combine(self, names: list[str | None]) -> str | None:
        """The level of a recommendation whose actions have ``names``: the most urgent one
        that is not complete, or the complete level when every action is complete."""
        if not names:
            return None
        complete = self.complete_level
        levels = [self.level(n) for n in names]
        open_levels = [
            (lv.name if lv else n)
            for n, lv in zip(names, levels, strict=True)
            if not (lv and lv.complete)
        ]
        if not open_levels:
            return complete
        return min(open_levels, key=self.urgency)

    def meaning(self, name: str | None) -> str:
        """What the level ``name`` means in this plan ("Not yet rated" for None)."""
        if name is None:
            return "Not yet rated"
        level = self.level(name)
        return level.label if level else name


def default_key() -> RagKey:
    return RagKey.model_validate({})


@dataclass(frozen=True)
class Context:
    """What the partnership's settings say about a plan: the default key, how often updates
    are due, whether complete items need sign-off, and the agencies that lead work.

    Attributes:
        key: the key of plans that have none of their own.
        interval: how long an outstanding item may go without a dated update.
        verification_required: complete items count as awaiting sign-off until verified.
        agencies: each agency's name, and every name it goes by (casefolded).
        checks_off: the quality checks switched off.
        themes: the partnership's own themes, each as (name, aliases, keywords).
        national_themes: whether the national list of themes is used beside them.
    """

    key: RagKey | None = None
    interval: Interval = DEFAULT_INTERVAL
    verification_required: bool = False
    agencies: tuple[tuple[str, frozenset[str]], ...] = ()
    checks_off: frozenset[str] = frozenset()
    themes: tuple[ThemeTerms, ...] = ()
    national_themes: bool = True

    def vocabulary(self) -> Vocabulary:
        """The themes recommendations may name: the national list and the partnership's own
        (:mod:`scrplan.plan.themes`, imported only when themes are asked about)."""
        from scrplan.plan.themes import vocabulary

        return vocabulary(self.themes, self.national_themes)

    def agency(self, text: str) -> str | None:
        """The agency ``text`` names (by name, short name or alias, any case), or None."""
        wanted = " ".join(text.split()).casefold()
        return next((name for name, names in self.agencies if wanted in names), None)

    def same_agency(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` name the same agency (or are the same words)."""
        if " ".join(a.split()).casefold() == " ".join(b.split()).casefold():
            return True
        found = self.agency(a)
        return found is not None and found == self.agency(b)


DEFAULT_CONTEXT = Context()


class Plan(_Model):
    """An action plan that follows a serious case review."""

    model_config = ConfigDict(
        title="scrplan action plan",
        json_schema_extra={
            "description": "An action plan that follows a safeguarding review, as kept by "
            "scrplan. See docs/format.md."
        },
    )

    title: Text = Field(description="The plan's title, e.g. 'Child M SCR action plan'.")
    partnership: OptionalText = Field(
        None, description="The safeguarding partnership or board that owns the plan."
    )
    review: OptionalText = Field(
        None, description="The kind of review, e.g. 'Serious Case Review (SILP)'."
    )
    subject: OptionalText = Field(
        None, description="Who the review was about, anonymised as published (e.g. 'Child M')."
    )
    report_date: PlanDate | None = Field(
        None, description="When the review report was presented or published."
    )
    plan_date: PlanDate | None = Field(None, description="When this action plan was agreed.")
    next_review: PlanDate | None = Field(None, description="When the board next reviews this plan.")
    update_interval: IntervalText | None = Field(
        None,
        description="How long an outstanding item may go without a dated update, e.g. "
        "'3 months'; default: the partnership's setting, else 3 months.",
    )
    summary: OptionalText = Field(None, description="Background and context for the plan.")
    rag_key: RagKey | None = Field(
        None,
        description="What each level of the key means here; default: the partnership's key, "
        "else red, amber, green, and blue for complete and evidenced.",
    )
    recommendations: Annotated[list[Recommendation], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list, description="The review's recommendations, in order."
    )

    _file: str = PrivateAttr(default="")
    _partial: dict[int, frozenset[str]] = PrivateAttr(default_factory=dict)
    _context: Context = PrivateAttr(default=DEFAULT_CONTEXT)
    _judged: _Judged | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _place_items(self) -> Plan:
        for index, rec in enumerate(self.recommendations):
            rec.place(index)
        return self

    # --- where the plan came from ---

    @property
    def file(self) -> str:
        """The file the plan was read from, as given."""
        file: str = _private(self, "_file")
        return file

    @property
    def partial(self) -> dict[int, frozenset[str]]:
        """For a plan read from a file with errors: the recommendations (by position) that
        were valid only once these fields were left out."""
        return self._partial

    @property
    def name(self) -> str:
        """The plan's short name: its file name without the extension (``child-m``)."""
        return plan_name(_private(self, "_file"))

    @property
    def context(self) -> Context:
        """What the partnership's settings say about this plan."""
        context: Context = _private(self, "_context")
        return context

    @property
    def key(self) -> RagKey:
        """The plan's key: its own, else the partnership's, else the standard one."""
        if self.rag_key is not None:
            return self.rag_key
        return _private(self, "_context").key or _DEFAULT_KEY

    @property
    def interval(self) -> Interval:
        """How long an outstanding item may go without a dated update."""
        interval: Interval = self.update_interval or _private(self, "_context").interval
        return interval

    # --- items and their state ---

    def items(self) -> Iterator[Item]:
        """Every recommendation, each followed by its actions."""
        for rec in self.recommendations:
            yield rec
            yield from rec.actions

    def find(self, item_id: str) -> Item | None:
        """The recommendation or action with ``item_id``."""
        return next((item for item in self.items() if item.id == item_id), None)

    def parent_of(self, item: Item) -> Recommendation | None:
        """The recommendation an action belongs to (None for a recommendation)."""
        if not isinstance(item, Action):
            return None
        index = int(item.path[1])
        recs = self.recommendations
        if index < len(recs) and recs[index].path[1:2] == (index,):
            return recs[index]
        # A plan that holds only some of its recommendations (a partial one, or one read from
        # the cache for a few rows), each at its own position.
        return next((rec for rec in recs if rec.path[1:2] == (index,)), None)

    def _open_actions(self, item: Item) -> list[Action]:
        return (
            [a for a in item.actions if a.closed is None]
            if isinstance(item, Recommendation)
            else []
        )

    @contextmanager
    def judged(self) -> Iterator[None]:
        """Inside this, each item's level, stage and last update are worked out once and kept,
        as a report asks them of every item many times over. Only for a plan that does not
        change meanwhile (no code changes a plan's models once it is read: an edit writes the
        file and reads it again); a copy of the plan (``model_copy``) does not use what this
        plan keeps."""
        if self._memo() is not None:  # already inside: keep what is known
            yield
            return
        before = _private(self, "_judged")
        _private_set(self, "_judged", _Judged(self))
        try:
            yield
        finally:
            _private_set(self, "_judged", before)

    def _memo(self) -> _Judged | None:
        memo: _Judged | None = self.__pydantic_private__["_judged"]  # type: ignore[index]
        return memo if memo is not None and memo.owner is self else None

    def _judge(self, item: Item) -> tuple[str | None, Level | None]:
        """The item's level by name (:meth:`rag`) and in the key (:meth:`level`)."""
        memo: _Judged | None = self.__pydantic_private__["_judged"]  # type: ignore[index]
        if memo is not None and memo.owner is not self:
            memo = None
        if memo is not None:
            found = memo.levels.get(id(item))
            # The item is kept with what was found, so its id cannot be another's meanwhile.
            if found is not None and found[0] is item:
                return found[1], found[2]
        key = self.key
        if isinstance(item, Recommendation) and item.actions:
            rag = key.combine([a.rag for a in self._open_actions(item)])
            level = key.level(rag)
        else:
            level = key.level(item.rag)
            rag = level.name if level else item.rag
        if memo is not None:
            memo.levels[id(item)] = (item, rag, level)
        return rag, level

    def rag(self, item: Item) -> str | None:
        """The item's level, by the name its key gives it; a recommendation with actions takes
        its level from those not closed (:meth:`RagKey.combine`)."""
        return self._judge(item)[0]

    def level(self, item: Item) -> Level | None:
        """The item's level in the plan's key (None when not rated)."""
        return self._judge(item)[1]

    def is_complete(self, item: Item) -> bool:
        """True when the item's level means complete (the lead agency says it is done)."""
        level = self.level(item)
        return level is not None and level.complete

    def lacks_evidence(self, item: Item) -> bool:
        """True when the item's own level says complete but it has no evidence: the rule
        "nothing is complete without evidence"."""
        level = self.key.level(item.rag)
        return level is not None and level.complete and not item.evidence

    def is_verified(self, item: Item) -> bool:
        """True when the partnership signed the item off (for a recommendation with actions:
        itself, or every action that is not closed)."""
        if item.verified is not None:
            return True
        actions = self._open_actions(item)
        return bool(actions) and all(a.verified is not None for a in actions)

    def stage(self, item: Item) -> str:
        """Where the item is in its life: open, awaiting sign-off, complete, verified,
        impact evidenced, or closed (without implementation)."""
        memo: _Judged | None = self.__pydantic_private__["_judged"]  # type: ignore[index]
        if memo is not None and memo.owner is self:
            found = memo.stages.get(id(item))
            if found is not None and found[0] is item:
                return found[1]
            stage = self._stage(item)
            memo.stages[id(item)] = (item, stage)
            return stage
        return self._stage(item)

    def _stage(self, item: Item) -> str:
        if item.closed is not None:
            return "closed"
        if not self.is_complete(item):
            return "open"
        if item.impact is not None and item.impact.evidence:
            return "impact evidenced"
        if self.is_verified(item):
            return "verified"
        required = _private(self, "_context").verification_required
        return "awaiting sign-off" if required else COMPLETE

    def is_done(self, item: Item) -> bool:
        """True when the item counts as complete: complete, verified or impact evidenced (not
        awaiting sign-off where sign-off is required)."""
        return self.stage(item) in DONE_STAGES

    def is_overdue(self, item: Item, as_of: dt.date) -> bool:
        """Open and past its target date on ``as_of``, whatever its level; a recommendation
        is also overdue when one of its actions is."""
        if self.stage(item) != "open":
            return False
        if item.target_date is not None and item.target_date < as_of:
            return True
        return isinstance(item, Recommendation) and any(
            self.is_overdue(action, as_of) for action in item.actions
        )

    def updated(self, item: Item) -> dt.date | None:
        """When the item was last updated: its latest dated progress entry (for a
        recommendation with actions, the latest of theirs too), else when the plan was agreed
        (or, when that is not given, when the review was reported)."""
        memo = self._memo()
        if memo is not None:
            found = memo.updated.get(id(item))
            if found is not None and found[0] is item:
                return found[1]
        dates = [item.last_update()]
        dates += [a.last_update() for a in item.actions] if isinstance(item, Recommendation) else []
        day = max((d for d in dates if d is not None), default=None) or (
            self.plan_date or self.report_date
        )
        if memo is not None:
            memo.updated[id(item)] = (item, day)
        return day

    def is_stale(self, item: Item, as_of: dt.date) -> bool:
        """Open, and with no dated update within the update interval before ``as_of`` (or none
        at all since the plan was agreed): updates that simply stopped."""
        if self.stage(item) != "open":
            return False
        since = self.updated(item)
        if since is None:
            return True
        memo = self._memo()
        if memo is None:
            return since < self.interval.before(as_of)
        cutoff = memo.cutoffs.get(as_of)
        if cutoff is None:
            cutoff = memo.cutoffs[as_of] = self.interval.before(as_of)
        return since < cutoff

    def impact_due(self, item: Item, as_of: dt.date) -> bool:
        """Its impact review date has come (by ``as_of``) and there is no evidence of impact."""
        impact = item.impact
        return (
            item.closed is None
            and impact is not None
            and impact.review_date is not None
            and impact.review_date <= as_of
            and not impact.evidence
        )


class _Judged:
    """What :meth:`Plan.judged` keeps of a plan's items, each by its id with the item itself."""

    __slots__ = ("cutoffs", "levels", "owner", "stages", "updated")

    def __init__(self, owner: Plan) -> None:
        self.owner = owner
        self.levels: dict[int, tuple[Item, str | None, Level | None]] = {}
        self.stages: dict[int, tuple[Item, str]] = {}
        self.updated: dict[int, tuple[Item, dt.date | None]] = {}
        self.cutoffs: dict[dt.date, dt.date] = {}


# Built without validating: the standard meanings are known to make a valid key, and building
# RagKey's validator costs a command that reads only cached plans several milliseconds.
_DEFAULT_KEY = RagKey.model_construct(**DEFAULT_MEANINGS)  # type: ignore[arg-type]


# --- plans as JSON, for the cache ----------------------------------------------------------

_DATE_FIELDS = frozenset(
    {"target_date", "completed", "date", "report_date", "plan_date", "next_review", "review_date"}
)


def plan_record(plan: Plan) -> dict[str, Any]:
    """A validated plan as JSON-ready data (dates as written: ``2017-03`` stays a month)."""
    return plan.model_dump(mode="json")


def plan_parts(plan: Plan) -> tuple[str, list[str]]:
    """:func:`plan_record` as JSON, as the cache keeps it: the plan's head (``recommendations``:
    how many), and each recommendation."""
    # pydantic writes JSON itself several times faster than json.dumps of plan_record.
    head = plan.model_dump_json(exclude={"recommendations"})
    recs = [r.model_dump_json() for r in plan.recommendations]
    return f'{head[:-1]},"recommendations":{len(recs)}}}', recs


_DAYS: dict[str, dt.date] = {}  # dates are few and repeat: each read once (dates do not change)


def _dates(data: dict[str, Any]) -> dict[str, Any]:
    for name in _DATE_FIELDS & data.keys():
        text = data[name]
        if text is not None:
            day = _DAYS.get(text)
            if day is None:
                day = _DAYS[text] = parse_plan_date(text)
            data[name] = day
    return data


_PARTS: dict[str, type[BaseModel]] = {
    "verified": Verification,
    "impact": Impact,
    "closed": Closure,
}


_M = TypeVar("_M", bound=BaseModel)


@functools.cache
def _private_defaults(cls: type[BaseModel]) -> tuple[tuple[str, Any, Any], ...]:
    return tuple(
        (name, attr.default, attr.default_factory)
        for name, attr in cls.__private_attributes__.items()
    )


def _built(cls: type[_M], data: dict[str, Any]) -> _M:
    """``cls.model_construct(**data)``, for ``data`` that gives every field (a record the
    cache made from a valid model): pydantic's own works out and copies the defaults of the
    fields and private attributes, which takes several times as long, for every item shown."""
    model = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(model, "__dict__", data)
    setattr_(model, "__pydantic_fields_set__", set(data))
    setattr_(model, "__pydantic_extra__", None)
    defaults = _private_defaults(cls)
    private = (
        {name: factory() if factory is not None else default for name, default, factory in defaults}
        if defaults
        else None
    )
    setattr_(model, "__pydantic_private__", private)
    return model


def _item(cls: type[Item], data: dict[str, Any]) -> Item:
    data = _dates(dict(data))
    data["progress"] = [_built(ProgressEntry, _dates(dict(p))) for p in data["progress"]]
    for name, model in _PARTS.items():
        if data.get(name) is not None:
            data[name] = _built(model, _dates(dict(data[name])))
    if cls is Recommendation:
        data["actions"] = [_item(Action, a) for a in data["actions"]]
    return _built(cls, data)


def key_from_record(record: dict[str, Any] | None) -> RagKey | None:
    """A key rebuilt from its JSON record (made from a valid key) without validating it."""
    if record is None:
        return None
    key = dict(record)
    if key.get("levels") is not None:
        key["levels"] = [KeyLevel.model_construct(**level) for level in key["levels"]]
    return RagKey.model_construct(**key)


def plan_from_record(
    record: dict[str, Any], file: str, recommendations: dict[int, dict[str, Any]] | None = None
) -> Plan:
    """Rebuild a plan from :func:`plan_record` output without validating it again.

    Only for records made from a plan that passed validation (the cache); anything else must
    go through ``Plan.model_validate``.

    Args:
        record: the plan's record.
        file: the file the plan was read from, as named.
        recommendations: only these recommendations (by their position in the plan) instead
            of the record's: a plan that holds the few items a command shows, each at its own
            position. Such a plan is only for those items' rows: it cannot be counted.
    """
    data = _dates(dict(record))
    data["rag_key"] = key_from_record(data.get("rag_key"))
    if data.get("update_interval") is not None:
        from scrplan.plan.dates import parse_interval

        data["update_interval"] = parse_interval(data["update_interval"])
    placed = (
        dict(enumerate(data["recommendations"])) if recommendations is None else recommendations
    )
    data["recommendations"] = [_item(Recommendation, rec) for rec in placed.values()]
    plan = _built(Plan, data)
    for index, rec in zip(placed, plan.recommendations, strict=True):
        rec.place(index)
    plan._file = file
    return plan
