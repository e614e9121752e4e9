"""Levels of a RAG key, what each means, and the stages of an item's life.

Boards use different keys: red, amber, green and blue; Stockton's "1 Fully achieved, 2 On
track, 3 Slipped, 4 Not achieved"; Thurrock's "Update pending". Each level of a key has a name
(what the plan writes in ``rag:``), a label (what it means there), a display colour, and one
meaning from the fixed set :data:`MEANINGS`, so that counts across plans with different keys
stay comparable and scrplan knows which level means complete.

An item's *stage* is kept apart from its level: open, then complete (the lead agency says it
is done, with evidence), verified (the partnership checked the evidence and signed it off),
impact evidenced (evidence that practice changed); or closed without implementation.

No pydantic here, so that output code can use levels without loading the models.
"""

from __future__ import annotations

from typing import NamedTuple

COMPLETE = "complete"

MEANINGS: tuple[str, ...] = (
    "off track",
    "needs monitoring",
    "awaiting update",
    "not started",
    "paused",
    "on track",
    COMPLETE,
)
"""What a level can mean, most urgent first."""

NOT_RATED = "none"
"""The level an item has before anyone rates it (``rag`` left out)."""

# Sort order of meanings, most urgent first; an item not yet rated comes after the levels
# that need attention and before those that do not, because nobody has looked at it yet.
_URGENCY = {
    "off track": 0,
    "needs monitoring": 1,
    "awaiting update": 2,
    None: 3,
    "not started": 4,
    "paused": 5,
    "on track": 6,
    COMPLETE: 7,
}

DISPLAY_COLOURS: tuple[str, ...] = ("red", "amber", "green", "blue", "grey", "purple")
"""The colours a level may be shown in (cells, bars and terminals)."""

MEANING_COLOURS = {
    "off track": "red",
    "needs monitoring": "amber",
    "awaiting update": "grey",
    "not started": "grey",
    "paused": "purple",
    "on track": "green",
    COMPLETE: "blue",
}
"""The colour each meaning is shown in when plans with different keys are counted together."""

COLOURS: tuple[str, ...] = ("red", "amber", "green", "blue")
"""The colours of the standard key, which a plan may also use as a key of its own."""

DEFAULT_MEANINGS: dict[str, str] = {
    "red": "Not on track: remedial action needed",
    "amber": "Needs monitoring to stay on track",
    "green": "On track",
    "blue": "Complete and evidenced",
}

COLOUR_MEANS = {"red": "off track", "amber": "needs monitoring", "green": "on track"}
"""What each colour of a colour key means, unless it is the key's complete colour."""


class Level(NamedTuple):
    """One level of a key.

    Attributes:
        name: what ``rag:`` says (``amber``, ``2``, ``Update pending``).
        label: what it means in this plan (``Slipped: new date and reason required``).
        colour: how it is shown: one of :data:`DISPLAY_COLOURS`.
        means: one of :data:`MEANINGS`.
    """

    name: str
    label: str
    colour: str
    means: str

    @property
    def complete(self) -> bool:
        """True for the level that means complete."""
        return self.means == COMPLETE


def urgency(means: str | None) -> int:
    """Sort key for a meaning (None: not rated): off track first, complete last."""
    return _URGENCY.get(means, 3)


def colour_levels(labels: dict[str, str | None], complete: str) -> tuple[Level, ...]:
    """The levels of a key written as colours (``red: Not on track``), in urgency order."""
    levels = []
    for colour in COLOURS:
        label = labels.get(colour)
        if label is None:
            continue
        means = COMPLETE if colour == complete else COLOUR_MEANS.get(colour, "on track")
        levels.append(Level(colour, label, colour, means))
    return tuple(sorted(levels, key=lambda level: urgency(level.means)))


DEFAULT_LEVELS = colour_levels(dict(DEFAULT_MEANINGS), "blue")


def match(levels: tuple[Level, ...], text: str) -> Level | None:
    """The level ``text`` names: its name in any case, with spaces trimmed."""
    for level in levels:  # as the key writes it: most lookups, and the cheapest
        if level.name == text:
            return level
    wanted = " ".join(text.split()).casefold()
    return next((level for level in levels if level.name.casefold() == wanted), None)


def column_word(name: str) -> str:
    """A level's name, or a meaning's, as a column heading; ``complete`` counted by meaning is
    "Marked complete", to stand apart from the stage "Complete" (done, where sign-off is not
    required, or signed off)."""
    return "Marked complete" if name == COMPLETE else name[:1].upper() + name[1:]


STAGES: tuple[str, ...] = (
    "open",
    "awaiting sign-off",
    COMPLETE,
    "verified",
    "impact evidenced",
    "closed",
)
"""An item's stages, in the order it goes through them (closed is the other way out)."""

DONE_STAGES = frozenset({COMPLETE, "verified", "impact evidenced"})
"""Stages that count as complete."""
