"""The site's style sheet and script: files beside this module, and the RAG colours.

The RAG colours are the board report's (:data:`scrplan.report.model.RAG_FILL`, each with the
text colour that gives it AA contrast), written here as classes so that the pages need no
inline style (the pages' Content-Security-Policy allows none).
"""

from __future__ import annotations

import functools
from pathlib import Path

from scrplan.report.model import RAG_FILL, RAG_INK

HERE = Path(__file__).resolve().parent


@functools.cache
def stylesheet() -> str:
    """``site.css``: the sheet, then a class per RAG colour and per bar width."""
    colours = "".join(
        f".rag-{name} {{ background: #{fill}; color: #{RAG_INK[name]}; }}\n"
        for name, fill in RAG_FILL.items()
    )
    widths = "".join(f".w{n}{{width:{n}%}}" for n in range(1, 101))
    return (HERE / "site.css").read_text(encoding="utf-8") + colours + widths + "\n"


@functools.cache
def script() -> str:
    """``site.js``: sorting, filtering and search."""
    return (HERE / "site.js").read_text(encoding="utf-8")
