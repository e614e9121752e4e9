"""The record a request keeps, hidden, of where each row came from.

For each row: the plan file, a hash of the file's bytes and of the item as it was, a short
fingerprint of each of the item's fields (so that a change since the request can be described,
not only detected), and a hash of each cell the agency must leave as it is. When the return
comes back, :func:`read_record` checks the record itself (it travelled with the file and may
have been damaged), and :func:`what_changed` says how an item changed since.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from scrplan.errors import ScrplanError
from scrplan.history.compare import describe_entry, entry
from scrplan.plan.dates import parse_plan_date
from scrplan.plan.model import Item, Plan, Recommendation
from scrplan.returns.request import Lead, UpdateRequest, shown
from scrplan.returns.values import clean
from scrplan.words import plural

FORMAT = "scrplan-return"
VERSION = 1
SHORT = 40
"""A field's value is kept as it is up to this many characters of JSON, else as a hash."""


class DamagedReturn(ScrplanError):
    """The return's record of the request is missing or damaged: it cannot be checked."""


def digest(data: bytes | str) -> str:
    """A short hash of ``data`` (16 hex digits of SHA-256)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:16]


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def item_data(item: Item) -> dict[str, Any]:
    """The item's own fields as JSON-ready data (a recommendation's actions are rows of their
    own, so they are left out)."""
    return item.model_dump(mode="json", exclude={"actions"})


def item_hash(item: Item) -> str:
    """A hash of the item's own fields: it differs when any of them changed."""
    return digest(_json(item_data(item)))


def fingerprint(item: Item) -> dict[str, Any]:
    """Each field of the item: its value when short, else ``#`` and a hash; the progress
    notes as one hash each, so that new notes can be told from edited ones."""
    data = item_data(item)
    data["text"] = item.text
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name in ("recommendation", "action", "id"):
            continue
        if name == "progress":
            out[name] = [digest(_json(p))[:8] for p in value]
            continue
        text = _json(value)
        out[name] = value if len(text) <= SHORT else "#" + digest(text)[:8]
    return out


def cell_hash(text: str) -> str:
    """A hash of a cell's text as :func:`~scrplan.returns.values.clean` leaves it."""
    return digest(clean(text))[:10]


class RecordEntry(NamedTuple):
    """Where one row came from.

    Attributes:
        ref: the item (``child-q:1``).
        file: its plan file, relative to the folder the request was made in (``/``-separated).
        id: the item's id.
        file_hash: the hash of the plan file's bytes at the request.
        item_hash: the hash of the item's fields at the request.
        fields: the item's :func:`fingerprint` at the request.
        cells: the hash of each shown column's text, by column key.
    """

    ref: str
    file: str
    id: str
    file_hash: str
    item_hash: str
    fields: dict[str, Any]
    cells: dict[str, str]

    def record(self) -> dict[str, Any]:
        return dict(self._asdict())


@dataclass
class ReturnRecord:
    """What a request recorded: who it asked, when, and where each row came from."""

    lead: Lead
    partnership: str | None
    requested: dt.date
    due: dt.date
    entries: dict[str, RecordEntry]

    def header(self) -> dict[str, Any]:
        """Everything but the entries, as JSON-ready data."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "agency": {
                "name": self.lead.name,
                "short": self.lead.short,
                "contact": self.lead.contact,
                "email": self.lead.email,
                "names": sorted(self.lead.names),
            },
            "partnership": self.partnership,
            "requested": self.requested.isoformat(),
            "due": self.due.isoformat(),
        }


def relative_file(plan: Plan) -> str:
    """The plan's file relative to the current folder, ``/``-separated."""
    path = Path(plan.file)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            path = path.relative_to(Path.cwd())
    return PurePosixPath(*path.parts).as_posix() if path.parts else str(plan.file)


def make_record(request: UpdateRequest) -> ReturnRecord:
    """The record of ``request``: the plan files are read again for their hashes."""
    from scrplan.fileio import read_bytes

    hashes: dict[str, str] = {}
    for plan in request.plans:
        data, _ = read_bytes(plan.file)
        hashes[plan.file] = digest(data or b"")
    entries = {}
    for row in request.items:
        texts = shown(row)
        entries[row.ref] = RecordEntry(
            row.ref,
            relative_file(row.plan),
            row.item.id,
            hashes[row.plan.file],
            item_hash(row.item),
            fingerprint(row.item),
            {key: cell_hash(text) for key, text in texts.items()},
        )
    return ReturnRecord(request.lead, request.partnership, request.requested, request.due, entries)


# --- reading it back ---------------------------------------------------------------------

DAMAGED = (
    "the hidden record of the request in {name} is {what}, so scrplan cannot check the return "
    "against the plans: use the file exactly as scrplan wrote it (the agency's answers can be "
    "copied into a new request: scrplan request --lead ...)"
)


def _text(value: Any, name: str, what: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value or len(value) > 500:
        raise DamagedReturn(DAMAGED.format(name=name, what=f"damaged ({what})"))
    return value


def _date(value: Any, name: str, what: str) -> dt.date:
    try:
        return parse_plan_date(_text(value, name, what))
    except ValueError:
        raise DamagedReturn(DAMAGED.format(name=name, what=f"damaged ({what})")) from None


def _hex(value: Any, name: str, what: str) -> str:
    text = _text(value, name, what) or ""
    if not all(c in "0123456789abcdef" for c in text):
        raise DamagedReturn(DAMAGED.format(name=name, what=f"damaged ({what})"))
    return text


def read_record(header: Any, entries: Sequence[Any], name: str) -> ReturnRecord:
    """The record as read back from a return named ``name``, checked: every part present and
    of its kind.

    Raises:
        DamagedReturn: it is missing, from another program, or damaged.
    """
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DamagedReturn(DAMAGED.format(name=name, what="missing"))
    if header.get("version") != VERSION:
        raise DamagedReturn(
            f"{name} was written by a newer version of scrplan (its record is version "
            f"{header.get('version')}): update scrplan, then apply it again"
        )
    agency = header.get("agency")
    if not isinstance(agency, dict):
        raise DamagedReturn(DAMAGED.format(name=name, what="damaged (the agency)"))
    names = agency.get("names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DamagedReturn(DAMAGED.format(name=name, what="damaged (the agency's names)"))
    lead = Lead(
        _text(agency.get("name"), name, "the agency") or "",
        _text(agency.get("short"), name, "the agency", optional=True),
        _text(agency.get("contact"), name, "the agency", optional=True),
        _text(agency.get("email"), name, "the agency", optional=True),
        frozenset(names),
    )
    found: dict[str, RecordEntry] = {}
    for raw in entries:
        if not isinstance(raw, dict):
            raise DamagedReturn(DAMAGED.format(name=name, what="damaged (a row)"))
        ref = _text(raw.get("ref"), name, "a row's ref") or ""
        fields, cells = raw.get("fields"), raw.get("cells")
        if not isinstance(fields, dict) or not isinstance(cells, dict):
            raise DamagedReturn(DAMAGED.format(name=name, what=f"damaged (row {ref})"))
        if not all(isinstance(v, str) for v in cells.values()):
            raise DamagedReturn(DAMAGED.format(name=name, what=f"damaged (row {ref})"))
        found[ref] = RecordEntry(
            ref,
            _text(raw.get("file"), name, f"row {ref}") or "",
            _text(raw.get("id"), name, f"row {ref}") or "",
            _hex(raw.get("file_hash"), name, f"row {ref}"),
            _hex(raw.get("item_hash"), name, f"row {ref}"),
            fields,
            cells,
        )
    return ReturnRecord(
        lead,
        _text(header.get("partnership"), name, "the partnership", optional=True),
        _date(header.get("requested"), name, "the request's date"),
        _date(header.get("due"), name, "the due date"),
        found,
    )


# --- how an item changed since -----------------------------------------------------------

_WORDS = {
    "text": "its text",
    "learning": "its learning point",
    "lead": "its lead",
    "target_date": "the target date",
    "timescale": "the timescale",
    "rag": "the RAG",
    "evidence": "the evidence",
    "completed": "the completed date",
    "verified": "its sign-off",
    "impact": "its impact",
    "closed": "it was closed",
    "other_columns": "its other columns",
}


def _value(v: Any) -> str:
    if v is None or v == []:
        return "none"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def what_changed(old: dict[str, Any], item: Item) -> list[str]:
    """How ``item`` differs from the fingerprint ``old`` made at the request, in plain words."""
    new = fingerprint(item)
    said = []
    for name, now in new.items():
        was = old.get(name)
        if now == was:
            continue
        if name == "progress":
            was_list = was if isinstance(was, list) else []
            if now[: len(was_list)] == was_list:
                added = item.progress[len(was_list) :]
                latest = describe_entry(entry(added[-1]))
                said.append(f"{plural(len(added), 'new progress note')} ({latest})")
            else:
                said.append("progress notes edited or removed")
        elif name == "closed":
            said.append("it was closed" if now is not None else "it was reopened")
        elif (isinstance(now, str) and now.startswith("#")) or (
            isinstance(was, str) and was.startswith("#")
        ):
            said.append(f"{_WORDS.get(name, name)} changed")
        else:
            said.append(f"{_WORDS.get(name, name)}: {_value(was)} → {_value(now)}")
    if not said and isinstance(item, Recommendation):
        said.append("its fields changed")
    return said or ["it changed"]


# --- a return as read back ---------------------------------------------------------------


class ReturnCell(NamedTuple):
    """One cell of a return: its value as the file holds it, and where it is, for messages
    (``Updates!L7``, or a Word table's row).

    Attributes:
        value: text, a number, a date, or None when empty.
        where: the sheet and cell, or the Word table and row.
        formula: True when the cell holds a formula, not a value.
    """

    value: Any
    where: str
    formula: bool = False


@dataclass
class ReturnRow:
    """One row of a return: its ref, the columns that show the plan, and the answers."""

    ref: ReturnCell
    shown: dict[str, ReturnCell]
    filled: dict[str, ReturnCell]
    row: str
    """What people call the row in messages: ``row 7``, ``the table for child-q:1``."""

    @property
    def answered(self) -> bool:
        """True when any answer cell says something."""
        from scrplan.returns.values import is_empty

        return any(c.formula or not is_empty(c.value) for c in self.filled.values())


@dataclass
class ReturnForm:
    """A filled-in return, as read from its file.

    Attributes:
        name: the file, as named in messages.
        record: the request's hidden record, checked.
        rows: every row that has a ref or an answer, in order.
        return_date: the "Date of this return" cell.
    """

    name: str
    record: ReturnRecord
    rows: list[ReturnRow]
    return_date: ReturnCell | None = None
