"""The action-plan data model: what a plan file may hold, and what it means.

The models validate plain data (as built by :mod:`scrplan.plan.yamltree`); they do no IO. What
the format means (a recommendation's colour from its actions, complete, overdue, the evidence
rule) is written here once, for every command and the importer. Rules that report problems
across items (unique ids, evidence for completed items) live in :mod:`scrplan.plan.rules`, so
they can run even when part of a plan is invalid. ``docs/format.md`` describes the same format
for people who write plans.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

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

from scrplan.plan.dates import PlanDate, parse_plan_date, quoted
from scrplan.plan.discover import plan_name

COLOURS: tuple[str, ...] = ("red", "amber", "green", "blue")
Colour = Literal["red", "amber", "green", "blue"]

DEFAULT_MEANINGS: dict[str, str] = {
    "red": "Not on track: remedial action needed",
    "amber": "Needs monitoring to stay on track",
    "green": "On track",
    "blue": "Complete and evidenced",
}

# How urgent a colour is when a recommendation takes its RAG from its actions, and when items
# are sorted: red first; "not rated" after amber because nobody has looked at it yet.
_URGENCY: dict[str | None, int] = {"red": 0, "amber": 1, None: 2, "green": 3, "blue": 4}

YamlPath = tuple[str | int, ...]

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
    "summary",
    "rag_key",
    "recommendations",
)
ITEM_LAYOUT = (
    "id",
    "learning",
    "recommendation",
    "action",
    "lead",
    "target_date",
    "timescale",
    "rag",
    "progress",
    "evidence",
    "completed",
    "other_columns",
    "actions",
)
ENTRY_LAYOUT = ("note", "date", "by")


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


def _read_colour(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):  # `rag: yes` or `rag: on`: YAML's yes/no words
        raise PydanticCustomError(
            "rag_colour",
            "a yes/no word is not a RAG colour: use red, amber, green or blue, or leave `rag` "
            "out while the item is not yet rated",
            {},
        )
    if isinstance(value, str) and value.strip().lower() in COLOURS:
        return value.strip().lower()
    raise PydanticCustomError(
        "rag_colour",
        "{value} is not a RAG colour: use red, amber, green or blue, or leave `rag` out "
        "while the item is not yet rated",
        {"value": quoted(value)},
    )


_ANY_CASE = "|".join("".join(f"[{c.upper()}{c}]" for c in colour) for colour in COLOURS)
RagColour = Annotated[
    str | None,
    BeforeValidator(_read_colour),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(COLOURS)},
                {"type": "string", "pattern": f"^({_ANY_CASE})$"},
                {"type": "null"},
            ],
            "description": "red, amber, green or blue (any case); leave out if not yet rated.",
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


OptionalText = Annotated[str | None, BeforeValidator(_none_if_blank)]
Text = Annotated[str, Field(min_length=1)]


# --- the models ------------------------------------------------------------------------------


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
    rag: RagColour = None
    progress: Annotated[list[ProgressEntry], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list, description="Progress updates, oldest first."
    )
    evidence: OptionalText = Field(
        None, description="The evidence that the work is done and has made a difference."
    )
    completed: PlanDate | None = Field(None, description="When the item was completed.")
    other_columns: dict[str, str] = Field(
        default_factory=dict,
        description="Columns of an imported plan that have no field here, kept word for word.",
    )

    _path: YamlPath = PrivateAttr(default=())

    @property
    def path(self) -> YamlPath:
        """Where this item sits in its file, e.g. ``("recommendations", 6)``."""
        return self._path

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
    actions: Annotated[list[Action], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list,
        description="Actions that meet the recommendation; its RAG then comes from them.",
    )

    @property
    def text(self) -> str:
        return self.recommendation

    def place(self, index: int) -> None:
        """Record that this is item ``index`` of the plan's ``recommendations``."""
        self._path = ("recommendations", index)
        for number, action in enumerate(self.actions):
            action._path = ("recommendations", index, "actions", number)


class RagKey(_Model):
    """What each RAG colour means in this plan, and which colour means complete."""

    red: OptionalText = None
    amber: OptionalText = None
    green: OptionalText = None
    blue: OptionalText = None
    complete: Colour = Field(
        "blue", description="The colour that means complete; it needs evidence."
    )

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        # A key that names no colour at all keeps the standard meanings.
        if isinstance(data, dict) and not any(data.get(c) for c in COLOURS):
            return {**DEFAULT_MEANINGS, **data}
        return data

    @model_validator(mode="after")
    def _complete_is_used(self) -> RagKey:
        if getattr(self, self.complete) is None:
            raise PydanticCustomError(
                "complete_colour",
                "the complete colour is {colour}, but this key does not say what {colour} means: "
                "add `{colour}: <what it means>`, or set `complete:` to the colour that means "
                "complete",
                {"colour": self.complete},
            )
        return self

    @property
    def colours(self) -> tuple[str, ...]:
        """The colours this plan uses, in order of urgency."""
        return tuple(c for c in COLOURS if getattr(self, c) is not None)

    def combine(self, colours: list[str | None]) -> str | None:
        """The colour of a recommendation whose actions have ``colours``: the most urgent one
        that is not complete, or the complete colour when every action is complete."""
        open_colours = [c for c in colours if c != self.complete]
        if not open_colours:
            return self.complete
        return min(open_colours, key=lambda c: _URGENCY[c])

    def meaning(self, colour: str | None) -> str:
        """What ``colour`` means in this plan ("Not yet rated" for None)."""
        if colour is None:
            return "Not yet rated"
        return getattr(self, colour) or colour


def default_key() -> RagKey:
    return RagKey.model_validate({})


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
    summary: OptionalText = Field(None, description="Background and context for the plan.")
    rag_key: RagKey = Field(
        default_factory=default_key,
        description="What each RAG colour means here; default: red, amber, green, and blue "
        "for complete and evidenced.",
    )
    recommendations: Annotated[list[Recommendation], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list, description="The review's recommendations, in order."
    )

    _file: str = PrivateAttr(default="")
    _partial: dict[int, frozenset[str]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _place_items(self) -> Plan:
        for index, rec in enumerate(self.recommendations):
            rec.place(index)
        return self

    # --- where the plan came from ---

    @property
    def file(self) -> str:
        """The file the plan was read from, as given."""
        return self._file

    @property
    def partial(self) -> dict[int, frozenset[str]]:
        """For a plan read from a file with errors: the recommendations (by position) that
        were valid only once these fields were left out."""
        return self._partial

    @property
    def name(self) -> str:
        """The plan's short name: its file name without the extension (``child-m``)."""
        return plan_name(self._file)

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
        if isinstance(item, Action):
            return self.recommendations[int(item.path[1])]
        return None

    def rag(self, item: Item) -> str | None:
        """The item's RAG colour; a recommendation with actions takes its colour from them
        (:meth:`RagKey.combine`)."""
        if isinstance(item, Recommendation) and item.actions:
            return self.rag_key.combine([a.rag for a in item.actions])
        return item.rag

    def is_complete(self, item: Item) -> bool:
        """True when the item's RAG is the plan's complete colour."""
        return self.rag(item) == self.rag_key.complete

    def lacks_evidence(self, item: Item) -> bool:
        """True when the item's own RAG says complete but it has no evidence: the rule
        "nothing is complete without evidence"."""
        return item.rag == self.rag_key.complete and not item.evidence

    def is_overdue(self, item: Item, as_of: dt.date) -> bool:
        """Outstanding and past its target date on ``as_of``, whatever its colour; a
        recommendation is also overdue when one of its actions is."""
        if self.is_complete(item):
            return False
        if item.target_date is not None and item.target_date < as_of:
            return True
        return isinstance(item, Recommendation) and any(
            self.is_overdue(action, as_of) for action in item.actions
        )


def urgency(colour: str | None) -> int:
    """Sort key for a RAG colour: red first, then amber, not rated, green, blue."""
    return _URGENCY[colour]


# --- plans as JSON, for the cache ----------------------------------------------------------

_DATE_FIELDS = frozenset(
    {"target_date", "completed", "date", "report_date", "plan_date", "next_review"}
)


def plan_record(plan: Plan) -> dict[str, Any]:
    """A validated plan as JSON-ready data (dates as written: ``2017-03`` stays a month)."""
    return plan.model_dump(mode="json")


def _dates(data: dict[str, Any]) -> dict[str, Any]:
    for name in _DATE_FIELDS & data.keys():
        if data[name] is not None:
            data[name] = parse_plan_date(data[name])
    return data


def _item(cls: type[Item], data: dict[str, Any]) -> Item:
    data = _dates(dict(data))
    data["progress"] = [ProgressEntry.model_construct(**_dates(dict(p))) for p in data["progress"]]
    if cls is Recommendation:
        data["actions"] = [_item(Action, a) for a in data["actions"]]
    return cls.model_construct(**data)


def plan_from_record(record: dict[str, Any], file: str) -> Plan:
    """Rebuild a plan from :func:`plan_record` output without validating it again.

    Only for records made from a plan that passed validation (the cache); anything else must
    go through ``Plan.model_validate``.
    """
    data = _dates(dict(record))
    data["rag_key"] = RagKey.model_construct(**data["rag_key"])
    data["recommendations"] = [_item(Recommendation, r) for r in data["recommendations"]]
    plan = Plan.model_construct(**data)
    for index, rec in enumerate(plan.recommendations):
        rec.place(index)
    plan._file = file
    return plan
