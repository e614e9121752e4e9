"""From a document's rows to plan data: the one step every file format shares.

In order:

1. Find the header row (the first row whose cells read as column headings) and a second row
   under it that explains the columns; keep the rows above it for the plan's details; drop
   the header where a page break repeats it. A status key above or below the table becomes
   :attr:`Built.key`; heading rows ("10.2 Health") become the section (or the lead) of the
   rows under them; sign-off rows and rows of other tables are listed, never made items.
2. Rejoin rows that a page break split: the first row after a break that has no number of its
   own (in a numbered table), or no main text, or that starts in the middle of a sentence, is
   the rest of the row before it.
3. Read each row's cells into fields (:mod:`scrplan.importer.values`), and place each row: a
   table with both a recommendation and an action column gives an action per row, under the
   recommendation beside it; otherwise each row is an item, and a numbered sub-row (7.1,
   10.1.2) becomes an action of the recommendation it is numbered under. Several actions in
   one cell become one item each.
4. Anything scrplan is unsure of becomes a :class:`ImportCheck`: listed at the end of the import and
   written as a comment above the value in the plan. What every source row became, and the
   text placed in no field, is kept in :attr:`Built.account`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from scrplan.importer import values
from scrplan.importer.columns import Columns, is_header, map_columns, normalise
from scrplan.importer.details import plan_details
from scrplan.importer.table import ImportCheck, SourceCell, SourceFile, SourceRow, Unreadable
from scrplan.plan.model import ITEM_LAYOUT

RelPath = tuple[str | int, ...]
__all__ = ["Built", "ImportCheck", "SourceLevel", "build"]

_TEXT_FIELDS = ("learning", "recommendation", "action")
_DONE = re.compile(r"^(?:completed|complete|done|closed|achieved)(?:\s+on)?[\s:\-]*", re.I)


@dataclass
class Built:
    """The plan data and what the import found on the way.

    Attributes:
        data: the plan as plain data, ready for :func:`scrplan.writer.plan_yaml`.
        checks: what a person should check, each with its path in ``data``.
        headers: each distinct header row and how its columns were mapped.
        tables: how many tables (or worksheets) the file held.
        table_word: what the file calls a table ("worksheet" in Excel), for the report.
        rows: data rows read (after rejoining).
        repeated_headers: header rows dropped because a page break repeated them.
        rejoined: rows that a page break had split, joined again.
        colours: RAG colours read from a cell's fill rather than its text.
        key: the plan's own status key found above or below its table: each level's name
            (as the cells write it), label, meaning, and the RAG colour it is read as. The
            plan format does not yet hold a partnership's own levels; this is kept for when
            it does, and said in a check meanwhile.
        levels: statuses read through that key or through plain status words.
        explained: second header rows that explain the columns, taken as part of the header.
        account: where every source row went: ``items`` (each item's ref, kind and source
            rows), ``rows`` (what each row became) and ``not_placed`` (text of the source in
            no field of the plan: where, column, text and why).
    """

    data: dict[str, Any]
    checks: list[ImportCheck]
    headers: list[Columns]
    tables: int = 0
    table_word: str = "table"
    rows: int = 0
    repeated_headers: int = 0
    rejoined: int = 0
    colours: int = 0
    key: list[SourceLevel] = field(default_factory=list)
    levels: int = 0
    explained: int = 0
    account: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Line:
    """A data row on its way to becoming an item."""

    row: SourceRow
    columns: Columns
    section: str | None
    break_before: bool
    where: str


@dataclass
class _Item:
    number: str | None
    where: str
    is_action: bool = False
    texts: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    other: dict[str, str] = field(default_factory=dict)
    checks: list[tuple[RelPath, str]] = field(default_factory=list)
    actions: list[_Item] = field(default_factory=list)
    id: str = ""
    key: str = ""  # a recommendation's words, to tell when the next row starts another
    order: int = 0  # where a recommendation is in the plan
    added: list[str] = field(default_factory=list)  # rows with no text of their own, added here
    no_evidence_column: bool = False  # its table has no column for evidence

    def check(self, path: RelPath, message: str) -> None:
        self.checks.append((path, f"{message} (source: {self.where})"))

    @property
    def sources(self) -> list[str]:
        """The source rows this item came from."""
        return [*self.where.split(", continued at "), *self.added]


def build(doc: SourceFile, *, title: str | None = None) -> Built:
    """Turn a document into plan data.

    Args:
        doc: what a reader found in the file.
        title: the plan's title, instead of the one found in the file.

    Raises:
        Unreadable: no header row was found, or no row under it.
    """
    return _PlanBuilder(doc).run(title)


class _PlanBuilder:
    def __init__(self, doc: SourceFile) -> None:
        self.doc = doc
        self.checks: list[ImportCheck] = [ImportCheck(text) for text in doc.skipped]
        self.preamble: list[list[str]] = [[p] for p in doc.preamble]
        self.headers: list[Columns] = []
        self.lines: list[_Line] = []
        self.repeated = 0
        self.rejoined = 0
        self.colours = 0
        self.recs: list[_Item] = []
        self.numbered: dict[str, _Item] = {}  # the latest recommendation with each number
        self.unused_section = False
        self.explained = 0  # second header rows that explain the columns
        self.key: list[SourceLevel] = []
        self.levels_read = 0  # statuses read through the key or status words
        self.key_where: list[str] = []
        self.rows: list[dict[str, Any]] = []  # what each source row became, for the account
        self.not_placed: list[dict[str, Any]] = []  # cells placed nowhere, and why
        self.items: list[dict[str, Any]] = []  # each item's id and source rows

    # --- 1. header, sections and data rows ---

    def segment(self) -> None:
        columns: Columns | None = None
        section: tuple[str, str] | None = None  # a heading row's text, and where it was
        pending = False
        lost: list[SourceRow] = []
        rows = self.doc.rows
        index = -1
        after_header = False
        while index + 1 < len(rows):
            index += 1
            row = rows[index]
            texts = row.texts
            if after_header and columns is not None and _explains(texts):
                # "What is the over-arching recommendation?", "Red / Amber / Green": part of
                # the header, never an item (nor a header of its own).
                self.fate(row, "a second header row that explains the columns")
                self.explained += 1
                continue
            if is_header(texts):
                if columns is not None and tuple(normalise(t) for t in texts) == columns.key:
                    self.repeated += 1
                    self.fate(row, "a header row repeated after a page break: dropped")
                else:
                    columns = map_columns(texts)
                    self.headers.append(columns)
                    self._unused(section)
                    section = None
                    self.fate(row, "the header row")
                self._lost(lost)
                lost = []
                pending = after_header = True
                continue
            if not any(texts):
                pending = True
                continue
            found = self.key_at(rows, index)
            if found:
                index += found - 1
                continue
            if columns is None:
                # A cell merged across the row repeats its text in each cell it covers.
                self.preamble.append(list(dict.fromkeys(t for t in texts if t)))
                continue
            after_header = False
            if lost or (row.new_table and len(row.cells) != len(columns.headings)):
                lost.append(row)  # another table altogether, up to the next header row
                continue
            if _signs_off(texts):
                # "Signed: Chair of the board", "Date agreed": a sign-off, never an item.
                self.fate(row, "a sign-off row: not imported")
                for column, cell in enumerate(row.cells, start=1):
                    if cell.paragraphs:
                        self.lose(row.where, cell.text, "a sign-off row", f"column {column}")
                signed = " ".join(dict.fromkeys(t for t in texts if t))[:80]
                self.checks.append(
                    ImportCheck(
                        f"the row {signed!r} ({row.where}) looks like a sign-off, not an item, "
                        "and was not imported: copy it into the summary if it matters"
                    )
                )
                continue
            heading = _heading(row) if len(columns.headings) > 1 else None
            numbered = values.leading_number(heading) if heading is not None else None
            if heading is not None and (numbered is None or _heading_like(numbered[1])):
                # "Health", "10.1 Health": a group heading, never a recommendation.
                section = (heading, row.where)
                self.unused_section = True
                pending = True
                self.fate(row, "a heading: kept as the section of the rows under it")
                continue
            if heading is not None:  # "3. Recommendation text" across the whole table
                main = _main_column(columns)
                cells = [SourceCell() for _ in columns.headings]
                cells[main] = SourceCell([heading])
                row = SourceRow(cells, row.where, row.break_before)
            name = section[0] if section else None
            self.unused_section = False
            self.lines.append(_Line(row, columns, name, row.break_before or pending, row.where))
            pending = False
        self._lost(lost)
        self._unused(section)
        self.unheaded_numbers()
        if not self.doc.rows:
            raise Unreadable(
                f"{self.doc.name}: there is no table in this file. scrplan imports a plan kept "
                "as a table (in text, one row per line with a tab between cells, as copied "
                "from Word or a PDF)"
            )
        if not self.headers:
            raise Unreadable(
                f"{self.doc.name}: no header row found. scrplan looks for a row of column "
                'headings that names at least a "Recommendation" or "Action" column and one '
                'other, such as "Lead", "Target date", "Progress" or "RAG status". Add such a '
                "row above the table and import again"
            )
        if not self.lines:
            raise Unreadable(
                f"{self.doc.name}: the table has a header row but no rows under it: there is "
                "nothing to import"
            )

    def unheaded_numbers(self) -> None:
        """A column with no heading that holds the rows' numbers is the number column."""
        for columns in self.headers:
            if columns.index("number") is not None:
                continue
            lines = [ln for ln in self.lines if ln.columns is columns]
            for index, heading in enumerate(columns.headings):
                if heading.strip() or index in columns.fields:
                    continue
                cells = [ln.row.cells[index] for ln in lines if index < len(ln.row.cells)]
                filled = [c.text for c in cells if c.paragraphs]
                numbers = [t for t in filled if values.whole_number(t)]
                if filled and len(numbers) >= 0.8 * len(filled):
                    columns.fields = dict(sorted({**columns.fields, index: "number"}.items()))
                    columns.others.pop(index, None)
                    break

    def fate(self, row: SourceRow, what: str) -> None:
        """Record what a source row became, for the account of every cell."""
        self.rows.append({"where": row.where, "became": what})

    def lose(self, where: str, text: str, why: str, column: str | None = None) -> None:
        """Record text of the source that is in no field of the plan."""
        self.not_placed.append({"where": where, "column": column, "text": text, "why": why})

    def key_at(self, rows: list[SourceRow], start: int) -> int:
        """How many rows from ``start`` make a status key (a title such as "RAG key" or
        "Assessment of progress Categories 1 - 4" and its levels), or 0; the key's levels
        are kept in :attr:`key`, never made items."""
        first = rows[start].texts
        if not 1 <= sum(bool(t.strip()) for t in first) <= 2:
            return 0  # a key's title and levels fill one cell or two
        # A key has a title and a few levels: twenty rows are plenty to look at.
        taken = _key_run([first, *(r.texts for r in rows[start + 1 : start + 20])])
        if not taken:
            return 0
        levels, count = taken
        for row in rows[start : start + count]:
            self.fate(row, "the key to the plan's status levels")
        self.add_key(levels, _span(rows[start].where, rows[start + count - 1].where))
        return count

    def add_key(self, levels: list[SourceLevel], where: str) -> None:
        known = {level.name for level in self.key}
        self.key += [level for level in levels if level.name not in known]
        self.key_where.append(where)

    def _unused(self, section: tuple[str, str] | None) -> None:
        """A heading row with no rows under it: say it was not imported."""
        if section is not None and self.unused_section:
            self.lose(section[1], section[0], "a heading with no rows under it")
            self.checks.append(
                ImportCheck(
                    f"the row {section[0]!r} ({section[1]}) has no rows under it and was not "
                    "imported"
                )
            )
        self.unused_section = False

    def _lost(self, rows: list[SourceRow]) -> None:
        for row in rows:
            self.fate(row, "not imported: not part of the plan's table")
            for column, cell in enumerate(row.cells, start=1):
                if cell.paragraphs:
                    self.lose(row.where, cell.text, "a row of another table", f"column {column}")
        if rows:
            first = " ".join(t for t in rows[0].texts if t)[:60]
            count = "1 row" if len(rows) == 1 else f"{len(rows)} rows"
            self.checks.append(
                ImportCheck(
                    f"{count} from {rows[0].where} on were not imported: they are not part of "
                    f"the table (they do not have its columns), and begin {first!r}. Copy "
                    "anything that belongs in the plan by hand",
                )
            )

    # --- 2. rows split by a page break ---

    def rejoin(self) -> None:
        counts: dict[int, list[int]] = {id(c): [0, 0] for c in self.headers}
        for ln in self.lines:
            count = counts[id(ln.columns)]
            count[0] += self.number_of(ln) is not None
            count[1] += 1
        numbered = {key: with_number >= 0.5 * rows for key, (with_number, rows) in counts.items()}
        kept: list[_Line] = []
        for line in self.lines:
            prev = kept[-1] if kept else None
            if (
                prev is not None
                and line.break_before
                and prev.columns is line.columns
                and self.continues(line, numbered[id(line.columns)])
            ):
                prev.row = SourceRow(
                    [_join(a, b) for a, b in _pairs(prev.row.cells, line.row.cells)],
                    prev.row.where,
                )
                prev.where = f"{prev.where}, continued at {line.where}"
                self.rejoined += 1
                continue
            kept.append(line)
        self.lines = kept

    def number_of(self, line: _Line) -> str | None:
        columns, cells = line.columns, line.row.cells
        index = columns.index("number")
        if index is not None and index < len(cells) and cells[index].paragraphs:
            return values.whole_number(cells[index].text)
        for name in _TEXT_FIELDS:
            index = columns.index(name)
            if index is not None and index < len(cells) and cells[index].paragraphs:
                found = values.leading_number(cells[index].paragraphs[0])
                if found:
                    return found[0]
        return None

    def continues(self, line: _Line, numbered: bool) -> bool:
        if self.number_of(line) is not None:
            return False
        if numbered:
            return True
        main = _main_column(line.columns)
        cells = line.row.cells
        if main >= len(cells) or not cells[main].paragraphs:
            return True
        first = next(c.paragraphs[0] for c in cells if c.paragraphs)
        return not first[:1].isupper() and not first[:1].isdigit()

    # --- 3. items ---

    def place(self) -> None:
        current: _Item | None = None
        for line in self.lines:
            columns = line.columns
            both = (
                columns.index("recommendation") is not None and columns.index("action") is not None
            )
            if both:
                current = self.place_action_row(line, current)
            else:
                self.place_item_row(line)

    def cell(self, line: _Line, name: str) -> SourceCell:
        index = line.columns.index(name)
        cells = line.row.cells
        return cells[index] if index is not None and index < len(cells) else SourceCell()

    def numbered_texts(
        self, line: _Line, names: tuple[str, ...]
    ) -> tuple[str | None, dict[str, list[str]]]:
        """The row's number and its text cells, with the number taken off the text."""
        number = None
        index = line.columns.index("number")
        cells = line.row.cells
        if index is not None and index < len(cells) and cells[index].paragraphs:
            number = values.whole_number(cells[index].text)
        texts: dict[str, list[str]] = {}
        for name in names:
            paragraphs = list(self.cell(line, name).paragraphs)
            if paragraphs:
                found = values.leading_number(paragraphs[0])
                if found and (number is None or found[0] == number):
                    number = found[0]
                    paragraphs[0] = found[1]
                texts[name] = paragraphs
        return number, texts

    def place_item_row(self, line: _Line) -> None:
        main = "recommendation" if line.columns.index("recommendation") is not None else "action"
        groups = _list_items(self.cell(line, "action").paragraphs) if main == "action" else None
        if groups:
            self.place_split_items(line, groups)
            return
        number, texts = self.numbered_texts(line, ("learning", main))
        item = _Item(number, line.where)
        self.read_fields(item, line)
        parent = self.parent_for(number)
        text = texts.get(main)
        if parent is not None:
            item.is_action = True
            if "learning" in texts:
                heading = line.columns.headings[line.columns.index("learning") or 0]
                item.other[heading] = "\n".join(texts["learning"])
            item.texts["action"] = text or texts.get("learning", [])
            parent.actions.append(item)
            return
        if text is None and "learning" not in texts:
            self.orphan(item, line)
            return
        if "learning" in texts:
            item.texts["learning"] = texts["learning"]
        item.texts["recommendation"] = text or []
        self.add_rec(item)

    def place_split_items(self, line: _Line, groups: list[tuple[str | None, list[str]]]) -> None:
        """A row whose action cell holds several numbered actions, in a table with no
        recommendation column: an item for each."""
        first: _Item | None = None
        own, _ = self.numbered_texts(line, ())  # the row's number, from its number column
        for count, (number, paragraphs) in enumerate(groups, start=1):
            # Under a row numbered 3, its actions are 3.1, 3.2...; else their own numbers.
            if own is not None:
                number = f"{own}.{number if number and number.isdigit() else count}"
            item = _Item(number, line.where)
            self.read_fields(item, line, shared=first)
            item.texts["recommendation"] = paragraphs
            self.add_rec(item)
            first = first or item
        if first is not None:
            self.shared_check(first, line, len(groups))

    def split_actions(
        self, line: _Line, into: _Item, groups: list[tuple[str | None, list[str]]]
    ) -> None:
        first: _Item | None = None
        for number, paragraphs in groups:
            action = _Item(number, line.where, is_action=True)
            action.texts["action"] = paragraphs
            self.read_fields(action, line, shared=first)
            into.actions.append(action)
            first = first or action
        if first is not None:
            self.shared_check(first, line, len(groups))

    def shared_check(self, first: _Item, line: _Line, count: int) -> None:
        if first.fields.get("progress") or first.texts.get("evidence"):
            first.check(
                (),
                f"the source gives {count} actions in one cell; each is an item here with the "
                "row's lead, target and RAG, and the row's progress and evidence are kept with "
                "this one: move them if they belong to another",
            )

    def place_action_row(self, line: _Line, current: _Item | None) -> _Item | None:
        number, texts = self.numbered_texts(line, ("learning", "recommendation"))
        raw = list(self.cell(line, "action").paragraphs)
        groups = _list_items(raw)
        action_cell = list(raw)
        action_number = None
        if action_cell and not groups:
            found = values.leading_number(action_cell[0])
            if found:
                action_number, action_cell[0] = found
        parent = self.parent_for(number) if number is not None and action_number is None else None
        if parent is not None and parent.number is not None and parent.number != number:
            # 7.1 under recommendation 7: the row is 7's action 7.1.
            action_number, number = number, parent.number
        key = _words(texts.get("learning", []) + texts.get("recommendation", []))
        if not key and not action_cell:  # only a lead, a date, a note...
            item = _Item(None, line.where)
            self.read_fields(item, line)
            into = current.actions[-1] if current and current.actions else current
            self.orphan(item, line, into=into)
            return current
        new = bool(key) and (
            current is None
            or key != current.key
            or (number is not None and number != current.number)
        )
        if new or current is None:
            current = _Item(number, line.where, key=key)
            current.texts = {
                "learning": texts.get("learning", []),
                "recommendation": texts.get("recommendation", []),
            }
            if line.section and line.columns.index("lead") is not None:
                current.other["Section"] = line.section
            self.add_rec(current)
            if not action_cell:
                self.read_fields(current, line)
                return current
        if not action_cell:  # the recommendation again, with no action: more of the one above
            item = _Item(None, line.where)
            self.read_fields(item, line)
            self.orphan(item, line, into=current.actions[-1] if current.actions else current)
            return current
        if groups:
            self.split_actions(line, current, groups)
            return current
        action = _Item(action_number, line.where, is_action=True)
        action.texts["action"] = action_cell
        self.read_fields(action, line)
        current.actions.append(action)
        return current

    def add_rec(self, rec: _Item) -> None:
        rec.order = len(self.recs)
        self.recs.append(rec)
        if rec.number is not None:
            self.numbered[rec.number] = rec

    def parent_for(self, number: str | None) -> _Item | None:
        """The latest recommendation ``number`` is numbered under (``7`` for ``7.1``)."""
        if number is None:
            return None
        found = [self.numbered[n] for n in values.parent_numbers(number) if n in self.numbered]
        return max(found, key=lambda rec: rec.order) if found else None

    def orphan(self, item: _Item, line: _Line, into: _Item | None = None) -> None:
        """A row with no text of its own: its cells are added to the item above it."""
        target = into or (
            self.recs[-1].actions[-1] if self.recs and self.recs[-1].actions else None
        )
        target = target or (self.recs[-1] if self.recs else None)
        if target is None:
            self.checks.append(
                ImportCheck(
                    f"a row with no recommendation or action text ({line.where}) was not "
                    "imported: there is nothing above it to add it to"
                )
            )
            return
        for name, value in item.fields.items():
            if name == "progress":
                target.fields.setdefault("progress", []).extend(value)
            elif name not in target.fields:
                target.fields[name] = value
        for name, paragraphs in item.texts.items():
            target.texts.setdefault(name, []).extend(paragraphs)
        for name, text in item.other.items():
            target.other.setdefault(name, text)
        target.checks += [((), message) for _, message in item.checks]
        target.added.append(line.where)
        target.check((), f"a row with no text of its own ({line.where}) was added to this item")

    # --- reading cells ---

    def read_fields(self, item: _Item, line: _Line, shared: _Item | None = None) -> None:
        """Read a row's cells into ``item``; with ``shared``, the first item of several in
        one row, which keeps the row's progress, evidence and completion."""
        self.read_cells(item, line)
        if shared is not None:
            item.fields.pop("progress", None)
            item.fields.pop("completed", None)
            item.texts.pop("evidence", None)
        if line.section:
            if line.columns.index("lead") is None and "lead" not in item.fields:
                # An agency's name across the table, over rows with no lead column.
                numbered = values.leading_number(line.section)
                item.fields["lead"] = numbered[1] if numbered else line.section
            elif not item.is_action:
                item.other.setdefault("Section", line.section)

    def read_cells(self, item: _Item, line: _Line) -> None:
        columns, cells = line.columns, line.row.cells
        item.no_evidence_column = all(
            columns.index(name) is None for name in ("evidence", "completion")
        )
        for index, name in columns.fields.items():
            if index >= len(cells) or name in (*_TEXT_FIELDS, "number"):
                continue
            cell = cells[index]
            heading = columns.headings[index]
            if name == "rag":
                self.read_rag(item, cell, heading)
            elif not cell.paragraphs:
                continue
            elif name == "lead":
                leads = [
                    lead
                    for para in cell.paragraphs
                    for part in para.split(";")
                    for lead in values.split_leads(part)
                ]
                leads = list(dict.fromkeys(leads))
                item.fields["lead"] = leads[0] if len(leads) == 1 else leads
            elif name == "target":
                self.read_target(item, cell.paragraphs)
            elif name == "progress":
                item.fields.setdefault("progress", []).extend(self.progress(item, cell.paragraphs))
            elif name == "evidence":
                item.texts.setdefault("evidence", []).extend(cell.paragraphs)
            elif name == "completion":
                self.read_completion(item, cell.paragraphs)
            elif name == "completed":
                day = values.read_date(cell.text)
                if day:
                    item.fields["completed"] = day
                else:
                    item.other[heading] = cell.text
                    item.check(
                        ("other_columns",),
                        f'the completion date "{cell.text}" is not a date scrplan can read; '
                        f'it is kept under "{heading}"',
                    )
        for index, name in columns.others.items():
            if index < len(cells) and cells[index].paragraphs:
                item.other[name] = "\n".join(cells[index].paragraphs)
        extra = [c for c in cells[len(columns.headings) :] if c.paragraphs]
        if extra:
            for number, cell in enumerate(
                cells[len(columns.headings) :], start=len(columns.headings) + 1
            ):
                if cell.paragraphs:
                    item.other[f"Column {number}"] = "\n".join(cell.paragraphs)
            item.check(
                ("other_columns",),
                "this row has more cells than the header row has headings; the extra cells "
                "are kept as other columns",
            )

    def level_colour(self, text: str) -> str | None:
        """The colour a status that is not a colour word stands for: by the plan's own key
        (``1`` → blue when its key says 1 is "Achieved"), else by plain words ("On track")."""
        token = text.strip().rstrip(".").lower()
        for level in self.key:
            if token in (level.name, level.label.lower()):
                return level.colour
        found = values.key_level([text])  # "1 - Achieved", "2 On track"
        if found and found[3]:
            return found[3]
        return values.status_colour(text)

    def read_rag(self, item: _Item, cell: SourceCell, heading: str) -> None:
        text = cell.text
        from_text = values.rag_from_text(text) if text else None
        fill = cell.fill
        from_fill = values.rag_from_fill(fill) if fill and fill != "theme" else None
        if text and from_text is None and (from_level := self.level_colour(text)):
            from_text = from_level
            item.other[heading] = text  # the plan's own word, kept as it was
            self.levels_read += 1
        elif text and from_text is None:
            item.other[heading] = text
            item.check(
                ("other_columns",),
                f'the RAG cell says "{text}", which is not red, amber, green or blue; it is '
                f'kept under "{heading}": set rag by hand',
            )
        elif from_text and from_fill and from_text != from_fill:
            item.check(
                ("rag",),
                f"the RAG cell says {from_text} but is coloured {from_fill} (#{fill}); the "
                "text was used",
            )
        if from_text is None and fill == "theme":
            item.check(
                (),
                "the RAG cell is shaded with a theme colour scrplan cannot read: set rag by hand",
            )
        elif from_text is None and fill and from_fill is None and not values.is_blank_fill(fill):
            item.check(
                (),
                f"the RAG cell's colour (#{fill}) is not red, amber, green or blue: set rag "
                "by hand",
            )
        rag = from_text or from_fill
        if rag:
            item.fields["rag"] = rag
            if from_text is None:
                self.colours += 1

    def read_target(self, item: _Item, paragraphs: list[str]) -> None:
        text = "; ".join(paragraphs)
        day = values.read_date(text)
        if day:
            item.fields["target_date"] = day
            return
        item.fields["timescale"] = text
        if values.shaped_like_a_date(text):
            item.check(
                ("timescale",),
                f'the target "{text}" is written like a date but is not a real one (day first, '
                "as in the UK), so it is kept as the timescale: put the right date in "
                "target_date (YYYY-MM-DD)",
            )
        elif values.holds_a_date(text):
            item.check(
                ("timescale",),
                f'the target "{text}" holds a date among other words, so it is kept as the '
                "timescale: put the date in target_date (YYYY-MM-DD) if it is the target",
            )

    def read_completion(self, item: _Item, paragraphs: list[str]) -> None:
        first = _DONE.sub("", paragraphs[0])  # "Completed 01/12/2017" is the date
        found = values.leading_date(first)
        day = values.read_date(first)
        rest = list(paragraphs)
        if day:
            item.fields["completed"] = day
            rest = rest[1:]
        elif found:
            item.fields["completed"] = found[0]
            rest[0] = found[1]
        item.texts.setdefault("evidence", []).extend(rest)

    def progress(self, item: _Item, paragraphs: list[str]) -> list[dict[str, Any]]:
        start = len(item.fields.get("progress", []))
        notes: list[dict[str, Any]] = []
        for paragraph in paragraphs:
            where = ("progress", start + len(notes))
            text = self.mend(item, where, paragraph)
            if notes and text == notes[-1]["note"].rstrip("\n"):
                item.check(
                    where[:1],
                    "a progress paragraph was written twice in a row in the source; the second "
                    "copy was left out",
                )
                continue
            entry: dict[str, Any] = {"note": text + "\n"}
            dated = values.leading_date(text)
            if dated:
                entry = {"note": dated[1] + "\n", "date": dated[0]}
            notes.append(entry)
        return notes

    def mend(self, item: _Item, where: RelPath, paragraph: str) -> str:
        """``paragraph`` with any passage written twice in a row written once."""
        paragraph, passages = values.remove_repeats(paragraph)
        if passages:
            opening = " ".join(passages[0].split()[:8])
            sizes = sorted({len(p.split()) for p in passages})
            if len(passages) == 1:
                said = f"a passage of {sizes[0]} words was written twice in a row"
                left = "the second copy was left out. It begins"
            else:
                span = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}"
                said = f"{len(passages)} passages of {span} words were each written again"
                left = "the copies were left out. The first begins"
            item.check(
                where,
                f'{said} in the source (as PDF extraction sometimes does); {left} "{opening} ..."',
            )
        return paragraph

    # --- 4. ids, RAG rules, the plan ---

    def number(self) -> None:
        used: set[str] = set()
        claimed = {rec.number for rec in self.recs if rec.number}
        previous = ""
        base = "0"  # the last number the source gave, for the rows with none after it
        fallbacks = _Fallbacks(used, claimed)
        for rec in self.recs:
            wanted = rec.number
            if wanted is not None and wanted not in used:
                rec.id = wanted
                base = wanted
            elif not claimed:  # a table without numbers: number the rows in order
                rec.id = str(int(previous) + 1 if previous.isdigit() else len(used) + 1)
            else:  # an unnumbered row in a numbered table: 1a, 1b... after the row above
                rec.id = fallbacks.next(base)
                if wanted:
                    said = f"the source numbers this {wanted}, like an earlier row"
                else:
                    said = "this row has no number in the source"
                rec.check((), f"{said}; it is numbered {rec.id} here")
            used.add(rec.id)
            previous = rec.id
            for count, action in enumerate(rec.actions, start=1):
                wanted = action.number
                if wanted is not None and wanted.isdigit():
                    wanted = f"{rec.id}.{wanted}"
                if wanted is None or wanted in used:
                    k = count
                    while f"{rec.id}.{k}" in used:
                        k += 1
                    action.id = f"{rec.id}.{k}"
                    if wanted is not None:
                        action.check(
                            (),
                            f"the source numbers this {wanted}, like an earlier row; it is "
                            f"numbered {action.id} here",
                        )
                else:
                    action.id = wanted
                    if not wanted.startswith(rec.id):
                        action.check(
                            (), f"the source numbers this {wanted}, under recommendation {rec.id}"
                        )
                used.add(action.id)

    def apply_rules(self) -> None:
        """The format's rules, from the model: complete needs evidence; a recommendation with
        actions takes its colour from them."""
        from scrplan.plan.model import default_key

        key = default_key()  # the key of the plan being built
        for rec in self.recs:
            for item in [rec, *rec.actions]:
                self.finish_texts(item)
                complete = item.fields.get("rag") == key.complete_level
                if complete and not item.texts.get("evidence") and item.no_evidence_column:
                    progress = item.fields.get("progress")
                    if progress:
                        # The plan has nowhere for evidence: what it says of the work is it.
                        del item.fields["progress"]
                        item.texts["evidence"] = [p["note"].rstrip("\n") for p in progress]
                        item.check(
                            ("evidence",),
                            "the source marks this complete and has no evidence column, so "
                            "its progress text is the evidence here: check that it shows the "
                            "work is done and has made a difference",
                        )
                if complete and not item.texts.get("evidence"):
                    del item.fields["rag"]
                    self.lose(
                        item.where, key.complete_level, "marked complete with no evidence", "RAG"
                    )
                    item.check(
                        (),
                        f"the source marks this complete ({key.complete_level}) but gives no "
                        "evidence, and scrplan needs evidence for anything complete: add "
                        f"`evidence:`, then `rag: {key.complete_level}`",
                    )
            if rec.actions and "rag" in rec.fields:
                own = rec.fields.pop("rag")
                derived = key.combine([a.fields.get("rag") for a in rec.actions])
                if own != derived:
                    rec.check(
                        ("actions",),
                        f"the source rates this recommendation {own}; scrplan takes its RAG from "
                        f"its actions, which give {derived or 'not rated'}",
                    )

    def finish_texts(self, item: _Item) -> None:
        names = (
            ("action", "evidence") if item.is_action else ("learning", "recommendation", "evidence")
        )
        for name in names:
            paragraphs = item.texts.get(name) or []
            mended: list[str] = []
            for paragraph in paragraphs:
                text = self.mend(item, (name,), paragraph)
                if mended and text == mended[-1]:
                    item.check(
                        (name,),
                        "a paragraph was written twice in a row in the source; the second copy "
                        "was left out",
                    )
                    continue
                mended.append(text)
            item.texts[name] = mended
        main = "action" if item.is_action else "recommendation"
        if not item.texts.get(main):
            fallback = item.texts.get("learning") or item.texts.get("evidence")
            item.texts[main] = list(fallback or ["(no text in the source)"])
            item.check(
                (main,),
                f"the source gives no {main} text here; this is "
                f"{'the learning point' if fallback else 'a placeholder'}: write the {main}",
            )
        for name in (*names, "progress"):
            if name == "progress":
                for number, note in enumerate(item.fields.get("progress", [])):
                    self.check_cut(item, ("progress", number), note["note"])
            elif item.texts.get(name):
                self.check_cut(item, (name,), item.texts[name][-1])

    def check_cut(self, item: _Item, where: RelPath, text: str) -> None:
        tail = values.cut_off(text)
        if tail:
            item.check(
                where,
                f'the text stops mid-sentence ("{tail}"): part of it may be missing from the '
                "source",
            )

    def account_items(self) -> None:
        """What each data row became, and each item's source rows, for the account."""
        made: dict[str, list[str]] = {}
        for index, rec in enumerate(self.recs):
            for number, item in enumerate([rec, *rec.actions]):
                kind = "action" if item.is_action else "recommendation"
                path = ["recommendations", index] + (["actions", number - 1] if number else [])
                self.items.append(
                    {"ref": item.id, "kind": kind, "path": path, "source": item.sources}
                )
                for where in item.sources:
                    made.setdefault(where, []).append(f"{kind} {item.id}")
        for line in self.lines:
            for where in line.where.split(", continued at "):
                became = made.get(where) or ["added to the item above"]
                self.rows.append({"where": where, "became": ", ".join(became)})
        order = {row.where: n for n, row in enumerate(self.doc.rows)}
        self.rows.sort(key=lambda row: order.get(row["where"], len(order)))

    def preamble_key(self) -> None:
        """A key in the text above the table ("RAG rating  What it means", then a line for
        each colour) is the plan's key, not its summary."""
        kept: list[list[str]] = []
        index = 0
        while index < len(self.preamble):
            taken = _key_run(self.preamble[index : index + 20])
            if taken:
                self.add_key(taken[0], "above the table")
                index += taken[1]
                continue
            kept.append(self.preamble[index])
            index += 1
        self.preamble = kept

    def key_check(self) -> None:
        if not self.key:
            return
        levels = "; ".join(
            f"{level.label}"
            + (f" ({level.name})" if level.name != level.label.lower() else "")
            + (f" = {level.colour}" if level.colour else " = not read as a colour")
            for level in self.key
        )
        where = " and ".join(dict.fromkeys(self.key_where))
        self.checks.append(
            ImportCheck(
                f"the plan's own key ({where}) was read, not imported as items: {levels}. "
                + (
                    "It is the plan's rag_key, and each item's rag is its level in it: check "
                    "each level's colour and meaning"
                    if self.own_key() is not None
                    else "Each item keeps its own word under other_columns where it is not a "
                    "colour; compare the key with rag_key, which says what each colour means here"
                )
            )
        )

    def own_key(self) -> dict[str, Any] | None:
        """The key found beside the table as the plan's ``rag_key``, in levels of its own
        (``1`` Fully achieved, complete), when its cells were read through it and it says what
        each level is: a colour for every level, one of them complete. None otherwise: then
        each item keeps the colour its level stands for."""
        from scrplan.plan.levels import COLOUR_MEANS, COMPLETE

        if not self.key or not self.levels_read or any(lv.colour is None for lv in self.key):
            return None
        names = [lv.name for lv in self.key]
        if len(set(names)) != len(names) or [lv.colour for lv in self.key].count("blue") != 1:
            return None
        levels = []
        for lv in self.key:
            assert lv.colour is not None
            level: dict[str, Any] = {"name": int(lv.name) if lv.name.isdigit() else lv.name}
            # The key's own words: "Slipped: new date and reason required".
            label = ": ".join(part for part in (lv.label, lv.meaning) if part)
            if label and label.lower() != lv.name:
                level["label"] = label
            level["colour"] = lv.colour
            level["means"] = COMPLETE if lv.colour == "blue" else COLOUR_MEANS[lv.colour]
            levels.append(level)
        return {"levels": levels}

    def use_own_level(self, item: _Item) -> None:
        """An item whose RAG cell wrote a level of the plan's own key gets that level, not the
        colour it stands for; the cell's word is then no longer kept apart."""
        rag = item.fields.get("rag")
        if rag is None:
            return
        for heading, text in list(item.other.items()):
            token = text.strip().rstrip(".").lower()
            level = next((lv for lv in self.key if token in (lv.name, lv.label.lower())), None)
            if level is not None and level.colour == rag:
                item.fields["rag"] = int(level.name) if level.name.isdigit() else level.name
                del item.other[heading]
                return

    def run(self, title: str | None) -> Built:
        self.segment()
        self.preamble_key()
        self.rejoin()
        self.place()
        self.number()
        self.apply_rules()
        self.key_check()
        data = plan_details(self.preamble, self.doc.name, title, self.checks)
        own_key = self.own_key()
        if own_key is not None:
            data["rag_key"] = own_key
            for rec in self.recs:
                for item in (rec, *rec.actions):
                    self.use_own_level(item)
        recs = [_item_data(rec) for rec in self.recs]
        data["recommendations"] = recs
        for index, rec in enumerate(self.recs):
            base: RelPath = ("recommendations", index)
            self.checks += [ImportCheck(m, _path(base, p, recs[index])) for p, m in rec.checks]
            for number, action in enumerate(rec.actions):
                here = (*base, "actions", number)
                self.checks += [
                    ImportCheck(m, _path(here, p, recs[index]["actions"][number]))
                    for p, m in action.checks
                ]
        for text in self.doc.postscript:
            self.lose("after the table", text, "text after the table")
        for text in self.doc.skipped:
            self.lose("", text, "not read")
        self.account_items()
        if self.doc.postscript:
            self.checks.append(
                ImportCheck(
                    "text after the table was not imported: "
                    + " / ".join(self.doc.postscript)[:200]
                )
            )
        return Built(
            data,
            self.checks,
            self.headers,
            self.doc.tables,
            self.doc.table_word,
            len(self.lines),
            self.repeated,
            self.rejoined,
            self.colours,
            key=self.key,
            levels=self.levels_read,
            explained=self.explained,
            account={"items": self.items, "rows": self.rows, "not_placed": self.not_placed},
        )


# --- helpers ------------------------------------------------------------------------------------


class SourceLevel(NamedTuple):
    """One level of a plan's own status key, as found above or below its table.

    Attributes:
        name: the level as the plan's cells write it: ``1``, ``red``.
        label: its short name: ``Achieved``, ``Red``.
        meaning: what it means, in the key's words (may be empty).
        colour: the RAG colour it is read as, or None when its words do not say.
    """

    name: str
    label: str
    meaning: str
    colour: str | None


_STATUS_MEANING = re.compile(
    r"\b(?:track|progress|complet\w*|achieved|evidenced?|remedial|monitor\w*|delay\w*|"
    r"slipp\w*|implement\w*|risk|concern|action|started|overdue)\b",
    re.IGNORECASE,
)


def _key_run(rows: list[list[str]]) -> tuple[list[SourceLevel], int] | None:
    """The levels of a status key at the start of ``rows``, and how many rows it takes."""
    if not rows:
        return None
    index, titled = 0, False
    first = [t for t in rows[0] if t.strip()]
    if 1 <= len(first) <= 2 and values.key_level(rows[0]) is None:
        if not values.is_key_title(" ".join(first)):
            return None
        index, titled = 1, True
    levels: list[SourceLevel] = []
    while index < len(rows) and (found := values.key_level(rows[index])) is not None:
        levels.append(SourceLevel(*found))
        index += 1
    names = [level.name for level in levels]
    if len(levels) < 2 or len(set(names)) != len(names):
        return None
    if not titled and (
        len(levels) < 3
        or not all(level.colour and _STATUS_MEANING.search(level.meaning) for level in levels)
    ):
        return None  # two rows of a RAG and some text are rows of the plan, not a key
    return levels, index


_QUESTION = re.compile(r"^(?:what|how|who|when|which|why|where|is|are|has|have|does|do)\b", re.I)
_COLOURS = re.compile(r"\b(?:red|amber|green|blue)\b", re.I)
_RA = re.compile(r"\bR\s*/\s*A\b")


def _explains(texts: list[str]) -> bool:
    """True for a row under the header that explains each column ("What is the over-arching
    recommendation?", "Red / Amber / Green") rather than giving an item."""
    filled = [t for t in texts if t.strip()]
    if len(filled) < 2 or any(
        values.whole_number(t) or values.read_date(t) or values.leading_number(t) for t in filled
    ):
        return False
    asks = sum(t.rstrip().endswith("?") or bool(_QUESTION.match(t)) for t in filled)
    legend = sum(
        len(_COLOURS.findall(t)) >= 2 or bool(re.search(r"\bR\s*/\s*A\b", t)) for t in filled
    )
    return asks + legend >= max(2, len(set(filled)) / 2)


def _list_items(paragraphs: list[str]) -> list[tuple[str | None, list[str]]] | None:
    """Several actions written in one cell ("1. ... 2. ...", "a) ... b) ...", bullets), each
    with its number (None for a letter or a bullet) and its paragraphs; None for one action."""
    groups: list[tuple[str | None, list[str]]] = []
    for paragraph in paragraphs:
        numbered = values.leading_number(paragraph)
        marked = values.list_marker(paragraph)
        if numbered is not None:
            groups.append((numbered[0], [numbered[1]]))
        elif marked is not None:
            groups.append((None, [marked[1]]))
        elif groups:
            groups[-1][1].append(paragraph)
        else:
            return None  # text before the first item: one action with a list in it
    return groups if len(groups) >= 2 else None


def _span(first: str, last: str) -> str:
    """``sheet 'Plan', rows 11 to 15`` from the first and last row's places."""
    a, b = re.fullmatch(r"(.*\b(?:row|line)) (\d+)", first), re.fullmatch(r"(.*) (\d+)", last)
    if a and b and a[1] == b[1]:
        return f"{a[1]}s {a[2]} to {b[2]}"
    return first if first == last else f"{first} to {last}"


_SIGN_OFF = re.compile(
    r"^(?:signed|signature|sign[- ]off|approved by|agreed by|date agreed|date approved|"
    r"prepared by|completed by|version\b|document owner|chair of|name of chair)\b",
    re.IGNORECASE,
)


def _signs_off(texts: list[str]) -> bool:
    """True for a row that signs the plan off ("Signed:", "Approved by the board on")."""
    first = texts[0].strip() if texts else ""
    return bool(first) and len(first) <= 80 and _SIGN_OFF.match(first) is not None


def _heading_like(text: str) -> bool:
    """True for the words of a group heading: short, and not a sentence."""
    return len(text.split()) <= 8 and not text.rstrip().endswith((".", ";", ":"))


def _heading(row: SourceRow) -> str | None:
    """The text of a row that is one cell across the table (a section heading), else None."""
    filled = [c.text for c in row.cells if c.paragraphs]
    if not filled or len(set(filled)) != 1:
        return None
    if len(row.cells) == 1 or len(filled) >= 2:
        return filled[0]
    return None


def _main_column(columns: Columns) -> int:
    for name in ("recommendation", "action", "learning"):
        index = columns.index(name)
        if index is not None:
            return index
    return 0


def _pairs(
    first: list[SourceCell], second: list[SourceCell]
) -> list[tuple[SourceCell, SourceCell]]:
    size = max(len(first), len(second))
    return [
        (
            first[i] if i < len(first) else SourceCell(),
            second[i] if i < len(second) else SourceCell(),
        )
        for i in range(size)
    ]


def _join(before: SourceCell, after: SourceCell) -> SourceCell:
    """Two halves of a cell that a page break split: the paragraph that ran across the break
    is made whole again, unless the first half ended a sentence and the second starts one."""
    if not before.paragraphs or not after.paragraphs:
        return SourceCell(before.paragraphs + after.paragraphs, before.fill or after.fill)
    last, first = before.paragraphs[-1], after.paragraphs[0]
    ended = last.rstrip("'\")]\u2019\u201d").endswith((".", "!", "?", ":"))
    starts = first[:1].isupper() or first[:1].isdigit()
    if ended and starts:
        joined = before.paragraphs + after.paragraphs
    else:
        joined = [*before.paragraphs[:-1], f"{last} {first}", *after.paragraphs[1:]]
    return SourceCell(joined, before.fill or after.fill)


class _Fallbacks:
    """Ids for rows the source gives no number: ``1a``, ``1b``... ``1z``, then ``1-27``,
    ``1-28``... after ``1``, skipping any taken. Each base remembers where it got to, so that
    n rows with no number cost n steps, not n squared."""

    def __init__(self, used: set[str], claimed: set[str]) -> None:
        self.used = used
        self.claimed = claimed
        self.counts: dict[str, int] = {}

    def next(self, base: str) -> str:
        count = self.counts.get(base, 0)
        while True:
            letters = "abcdefghijklmnopqrstuvwxyz"
            candidate = base + letters[count] if count < 26 else f"{base}-{count + 1}"
            count += 1
            if candidate not in self.used and candidate not in self.claimed:
                self.counts[base] = count
                return candidate


def _words(paragraphs: list[str]) -> str:
    return " ".join(" ".join(paragraphs).split()).lower()


def _item_data(item: _Item) -> dict[str, Any]:
    data: dict[str, Any] = {"id": int(item.id) if item.id.isdigit() else item.id}
    for name, paragraphs in item.texts.items():
        if paragraphs:
            data[name] = "\n".join(paragraphs) + "\n"
    data.update(item.fields)
    if item.other:
        data["other_columns"] = dict(item.other)
    if item.actions:
        data["actions"] = [_item_data(a) for a in item.actions]
    return {name: data[name] for name in ITEM_LAYOUT if name in data}


def _path(base: RelPath, rel: RelPath, data: dict[str, Any]) -> RelPath:
    """The full path of a check: its own path if the value is there, else the item's."""
    if not rel or rel[0] not in data:
        return base
    return (*base, *rel)
