"""How a value is written as YAML text, so that it reads back exactly as it was.

Shared by everything that writes YAML: the editor (:mod:`scrplan.edit.splice`, one value at a time)
and the writer of whole plans (:mod:`scrplan.edit.writer`). Text is written plain when YAML reads it
back as the same text; otherwise in quotes. Long prose goes in folded blocks, wrapped only where
folding gives back the same text.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Characters YAML can hold unescaped, less the ones it reads as line breaks (NEL, LS, PS) and
# the byte order mark, which readers may drop.
PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_FLOW = ",[]{}"

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def printable(text: str) -> bool:
    """True when YAML can hold ``text`` as it is, without escapes."""
    return PRINTABLE.fullmatch(text) is not None


@functools.cache
def _resolver() -> Any:
    from scrplan.plan.yamltree import PlanLoader

    return PlanLoader("")


def _resolves_to_text(text: str) -> bool:
    """True when YAML, as scrplan reads it, takes ``text`` written plain as text (not a
    number, a yes/no value or null; dates stay text there)."""
    from yaml.nodes import ScalarNode

    return bool(_resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")


def plain_ok(text: str, *, flow: bool = False) -> bool:
    """True when ``text`` can be written without quotes and read back unchanged (``flow``:
    inside ``[...]`` or ``{...}``, where commas and brackets end a value)."""
    return (
        bool(text)
        and text == text.strip()
        and text[0] not in _INDICATORS
        and not text.startswith(("...", "---"))
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\t" not in text
        and not (flow and any(ch in text for ch in _FLOW))
        and printable(text)
        and _resolves_to_text(text)
    )


def double_quoted(text: str) -> str:
    """``text`` in double quotes, with YAML's escapes for what cannot stand as it is."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def scalar(text: str, *, style: str = "", flow: bool = False, force: bool = False) -> str:
    """``text`` as a one-line YAML scalar.

    Plain when that reads back the same (unless ``force``, or ``style`` names quotes);
    otherwise in double quotes, as docs/format.md shows, or in single quotes for text that holds
    double quotes (they escape nothing but the quote itself). ``style`` (``'`` or ``"``) keeps
    the quotes a value already had, where they can hold the text.
    """
    if not style and not force and plain_ok(text, flow=flow):
        return text
    single = printable(text) and (style == "'" or (not style and '"' in text and "\\" not in text))
    if single:
        return "'" + text.replace("'", "''") + "'"
    return double_quoted(text)


def foldable(paragraph: str) -> bool:
    """True when a folded block holds ``paragraph`` exactly: no leading, trailing or tab
    white space (folding would change it), and only characters that need no escape."""
    return (
        bool(paragraph)
        and paragraph == paragraph.strip(" ")
        and "\t" not in paragraph
        and printable(paragraph)
    )


def wrap(paragraph: str, room: int) -> list[str]:
    """Break ``paragraph`` into lines of at most ``room`` characters (where a word allows) at
    single spaces between two other characters only, so that folding gives it back exactly."""
    words = re.split(r"(?<=\S) (?=\S)", paragraph)
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines
