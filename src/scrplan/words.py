"""Plain words for numbers and long text, shared by every output.

Counts are written the way a board paper writes them ("1 day", "3 recommendations"), so that
every command says them the same way.
"""

from __future__ import annotations


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
