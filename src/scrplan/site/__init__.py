"""The board's web site of the plans: ``scrplan site`` and ``scrplan serve``.

Owns: what the site shows (:mod:`.model`: a page per plan and per agency, the index), its pages
as HTML (:mod:`.pages`), its style sheet and script (:mod:`.assets`, with ``site.css`` and
``site.js``), writing it to a folder (:mod:`.build`), serving it live from the working tree
(:mod:`.serve`), and the place the plans' trend comes from (:mod:`.trend`).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrplan.plan.model import Plan
    from scrplan.plan.public import LeftOut


def make_site(
    plans: Sequence[Plan], as_of: dt.date, *, public: bool = False
) -> tuple[dict[str, bytes], list[LeftOut]]:
    """The whole site for ``plans`` on ``as_of``, by address, and what the public edition left
    out (nothing for the full edition)."""
    from scrplan.plan.public import public_edition
    from scrplan.site.build import site_files
    from scrplan.site.model import build

    left_out: list[LeftOut] = []
    if public:
        plans, left_out = public_edition(plans)
    site = build(plans, as_of, public=public, left_out=left_out)
    return site_files(site), site.left_out
