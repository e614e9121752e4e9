"""The models of the partnership's settings file, ``partnership.yaml`` (see :mod:`.settings`).

Apart from :mod:`.settings` so that a command that finds no settings file never builds them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from scrplan.plan.dates import DEFAULT_INTERVAL, IntervalText
from scrplan.plan.model import (
    Context,
    OptionalText,
    RagKey,
    Text,
    ThemeTerms,
    _list_or_empty,
    _Model,
)
from scrplan.plan.public import HIDEABLE, OTHER_COLUMN
from scrplan.plan.settings import QUALITY_CHECKS


def _names(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return [] if value is None else value


class Agency(_Model):
    """An agency that leads work, and the names people write for it."""

    name: Text = Field(description="The agency's full name, e.g. 'West Midlands Police'.")
    short: OptionalText = Field(None, description="Its short name, e.g. 'WMP'.")
    aliases: Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_names)] = Field(
        default_factory=list, description="Other names for it, e.g. 'Police'."
    )
    contact: OptionalText = Field(None, description="Who to chase for updates: a name or a role.")
    email: OptionalText = Field(None, description="The contact's email address.")

    def names(self) -> frozenset[str]:
        """Every name it goes by, casefolded."""
        found = [self.name, self.short or "", *self.aliases]
        return frozenset(" ".join(n.split()).casefold() for n in found if n.strip())


def _hideable(value: str) -> str:
    if value in HIDEABLE or (value.startswith(OTHER_COLUMN) and value[len(OTHER_COLUMN) :].strip()):
        return value
    raise PydanticCustomError(
        "publish_part",
        "lists {value}, which is not something a public edition can leave out: use "
        + ", ".join(HIDEABLE)
        + ", or other_columns.NAME for one column of an imported plan",
        {"value": repr(value)},
    )


class PublicEdition(_Model):
    """What ``scrplan site --public`` and ``scrplan export --public`` leave out."""

    hide: list[Annotated[str, AfterValidator(_hideable)]] | None = Field(
        None,
        description="The parts of plans not for publication: "
        + ", ".join(HIDEABLE)
        + ", or other_columns.NAME. Default: the names of people (progress.by, verified.by, "
        "closed.by, contacts); [] publishes everything.",
    )


class Publish(_Model):
    """How the partnership publishes its plans."""

    public: PublicEdition | None = Field(
        None, description="The public edition: what it leaves out."
    )


def publish_from_record(record: dict[str, Any] | None) -> Publish | None:
    """The ``publish`` settings rebuilt from the cache without validating them again."""
    if record is None:
        return None
    public = record.get("public")
    edition = PublicEdition.model_construct(**public) if public is not None else None
    return Publish.model_construct(public=edition)


class ThemeSetting(_Model):
    """A theme of the partnership's own, other names for it, and words that suggest it."""

    name: Text = Field(description="The theme's name, as plans write it in `themes:`.")
    aliases: Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_names)] = Field(
        default_factory=list, description="Other names a plan may write for it."
    )
    keywords: Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_names)] = Field(
        default_factory=list,
        description="Words or phrases in a recommendation's text that suggest the theme "
        "(scrplan suggest-themes); whole words, any case, plurals too.",
    )

    def terms(self) -> ThemeTerms:
        """The theme as the plans' context holds it: (name, aliases, keywords)."""
        return (" ".join(self.name.split()), tuple(self.aliases), tuple(self.keywords))


def _theme_entries(value: Any) -> Any:
    """A theme given by its name alone (``- county lines``) has only that name."""
    if isinstance(value, list):
        return [{"name": v} if isinstance(v, str) else v for v in value]
    return [] if value is None else value


def _schema(schema: dict[str, Any]) -> None:
    schema["description"] = (
        "The settings of a safeguarding partnership's plans repository (partnership.yaml). "
        "See docs/format.md."
    )
    # A theme may be written as its name alone, which the validator turns into a ThemeSetting.
    themes = schema["properties"]["themes"]
    themes["items"] = {"anyOf": [{"type": "string", "minLength": 1}, themes["items"]]}


class Settings(_Model):
    """The settings of a partnership's plans repository."""

    model_config = ConfigDict(title="scrplan partnership settings", json_schema_extra=_schema)

    partnership: OptionalText = Field(None, description="The partnership's name.")
    agencies: Annotated[list[Agency], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list, description="The agencies that lead work, with their contacts."
    )
    rag_key: RagKey | None = Field(
        None, description="The key of plans that do not have one of their own."
    )
    update_interval: IntervalText = Field(
        DEFAULT_INTERVAL,
        description="How long an outstanding item may go without a dated update (3 months).",
    )
    return_period: IntervalText | None = Field(
        None,
        description="How long an agency has to send back an update request (scrplan request), "
        "e.g. '4 weeks' (the default).",
    )
    verification_required: bool = Field(
        False,
        description="Whether a complete item counts as awaiting sign-off until the partnership "
        "verifies it.",
    )
    quality_checks: dict[str, bool] = Field(
        default_factory=dict,
        description="Quality checks switched on (true) or off (false), by code: "
        + ", ".join(QUALITY_CHECKS)
        + ". All are on unless switched off.",
    )
    publish: Publish | None = Field(
        None, description="How the plans are published: what the public edition leaves out."
    )
    themes: Annotated[list[ThemeSetting], BeforeValidator(_theme_entries)] = Field(
        default_factory=list,
        description="The partnership's own themes, beside the national list (a theme with the "
        "name of a national one takes its place).",
    )
    national_themes: bool = Field(
        True,
        description="Whether plans may use the national list of themes (docs/format.md) beside "
        "the partnership's own.",
    )

    def context(self) -> Context:
        """What these settings say about every plan under them."""
        return Context(
            key=self.rag_key,
            interval=self.update_interval,
            verification_required=self.verification_required,
            agencies=tuple((a.name, a.names()) for a in self.agencies),
            checks_off=frozenset(code for code, on in self.quality_checks.items() if not on),
            themes=tuple(t.terms() for t in self.themes),
            national_themes=self.national_themes,
        )
