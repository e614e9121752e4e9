"""The plans as data: ``scrplan export`` to an SQLite database or CSV files.

Owns: the tables (:mod:`.tables`: plans, items with stage and lead, progress notes, leads and
agencies, with their keys), and writing them as SQLite (:mod:`.sqlite`, through sqlite-utils,
imported only there) or as CSV files (:mod:`.csv_files`).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.importer`, :mod:`scrplan.report`,
:mod:`scrplan.site`, :mod:`scrplan.cli`; typer or rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrplan.export.tables import DataTable
    from scrplan.plan.model import Plan
    from scrplan.plan.public import LeftOut


def export_tables(
    plans: Sequence[Plan], as_of: dt.date, *, public: bool = False
) -> tuple[list[DataTable], list[LeftOut]]:
    """The tables for ``plans`` on ``as_of``, and what the public edition left out."""
    from scrplan.export.tables import build_tables
    from scrplan.plan.public import contacts_withheld, hidden_for, public_edition

    left_out: list[LeftOut] = []
    withheld = 0
    agencies: dict[str, dict[str, Any]] = {}
    for plan in plans:
        for agency in _listed(plan):
            if agency.name in agencies:
                continue
            contact, email = agency.contact, agency.email
            if public and (contact or email) and "contacts" in hidden_for(plan):
                contact = email = None
                withheld += 1
            agencies[agency.name] = {
                "name": agency.name,
                "short": agency.short,
                "aliases": "; ".join(agency.aliases) or None,
                "contact": contact,
                "email": email,
            }
    if public:
        plans, left_out = public_edition(plans)
        left_out = contacts_withheld(left_out, withheld)
    return build_tables(plans, as_of, list(agencies.values())), left_out


def _listed(plan: Plan) -> list[Any]:
    from scrplan.plan.settings import settings_for

    settings = settings_for(plan.file).settings if plan.file else None
    return list(settings.agencies) if settings is not None else []
