"""Plain words for numbers and long text, shared by every output.

Counts are written the way a board paper writes them ("1 day", "3 recommendations"), so that
every command says them the same way. Text that could command a terminal, or hide or reorder
what a reader sees, is named in words and shown with visible stand-ins (:func:`visible`).
"""

from __future__ import annotations

import re


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``; ``many`` for words that do not just add an s (``entries``)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width - 1)
    return flat[: cut if cut > width // 2 else width - 1].rstrip(" ,;:") + "…"


# Characters a terminal obeys instead of showing (C0 controls but tab and line feed, DEL, C1
# controls), Unicode's line and paragraph separators, and the bidirectional embeddings,
# overrides and isolates, which show text in another order than it is stored. Plans may not
# hold them (the loader refuses them, with their place); every output shows a stand-in.
UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{UNSAFE}]")
_UNSAFE_OR_BREAK = re.compile(f"[{UNSAFE}\n]")
_NAMES = {
    "\x00": "a null character",
    "\x07": "a bell",
    "\x08": "a backspace",
    "\x0d": "a carriage return",
    "\x1b": "an escape character, which starts a terminal command",
    "\x7f": "a delete character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
    "\u202a": "a left-to-right embedding",
    "\u202b": "a right-to-left embedding",
    "\u202c": "a pop directional formatting character",
    "\u202d": "a left-to-right override",
    "\u202e": "a right-to-left override",
    "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate",
    "\u2068": "a first strong isolate",
    "\u2069": "a pop directional isolate",
}


def unsafe_character(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that no output may show as it is (see :data:`UNSAFE`)."""
    return _UNSAFE.search(text)


def character_name(char: str) -> str:
    """``U+001B, an escape character, ...``: a character that cannot be seen, in words."""
    return f"U+{ord(char):04X}, {_NAMES.get(char, 'a control character')}"


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's pictures of the C0 controls: ␛, ␇, ␊
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with each character no output may show as it is (see :data:`UNSAFE`) replaced
    by one visible character of its own: ``␛`` for an escape, ``�`` for the others. With
    ``one_line``, line breaks too (``␊``), for text such as a file name that must stay on its
    line. Each stand-in is one character, so columns and carets stay where they were."""
    pattern = _UNSAFE_OR_BREAK if one_line else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_stand_in, text)
