"""The models of the partnership's settings file, ``partnership.yaml`` (see :mod:`.settings`).

Apart from :mod:`.settings` so that a command that finds no settings file never builds them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field

from scrplan.plan.dates import DEFAULT_INTERVAL, IntervalText
from scrplan.plan.model import Context, OptionalText, RagKey, Text, _list_or_empty, _Model
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


class Settings(_Model):
    """The settings of a partnership's plans repository."""

    model_config = ConfigDict(
        title="scrplan partnership settings",
        json_schema_extra={
            "description": "The settings of a safeguarding partnership's plans repository "
            "(partnership.yaml). See docs/format.md."
        },
    )

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

    def context(self) -> Context:
        """What these settings say about every plan under them."""
        return Context(
            key=self.rag_key,
            interval=self.update_interval,
            verification_required=self.verification_required,
            agencies=tuple((a.name, a.names()) for a in self.agencies),
            checks_off=frozenset(code for code, on in self.quality_checks.items() if not on),
        )
