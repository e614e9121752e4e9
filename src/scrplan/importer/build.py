"""From a document's rows to plan data: the one step every file format shares.

In order:

1. Find the header row (the first row whose cells read as column headings), keep the rows
   above it for the plan's details, drop the header where a page break repeats it.
2. Rejoin rows that a page break split: the first row after a break that has no number of its
   own (in a numbered table), or no main text, or that starts in the middle of a sentence, is
   the rest of the row before it.
3. Read each row's cells into fields (:mod:`scrplan.importer.values`), and place each row: a
   table with both a recommendation and an action column gives an action per row, under the
   recommendation beside it; otherwise each row is an item, and a numbered sub-row (7.1,
   10.1.2) becomes an action of the recommendation it is numbered under.
4. Anything scrplan is unsure of becomes a :class:`ImportCheck`: listed at the end of the import and
   written as a comment above the value in the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scrplan.importer import values
from scrplan.importer.columns import Columns, is_header, map_columns, normalise
from scrplan.importer.details import plan_details
from scrplan.importer.table import ImportCheck, SourceCell, SourceFile, SourceRow, Unreadable
from scrplan.plan.model import ITEM_LAYOUT

RelPath = tuple[str | int, ...]
__all__ = ["Built", "ImportCheck", "build"]

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

    def check(self, path: RelPath, message: str) -> None:
        self.checks.append((path, f"{message} (source: {self.where})"))


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

    # --- 1. header, sections and data rows ---

    def segment(self) -> None:
        columns: Columns | None = None
        section: tuple[str, str] | None = None  # a heading row's text, and where it was
        pending = False
        lost: list[SourceRow] = []
        for row in self.doc.rows:
            texts = row.texts
            if is_header(texts):
                if columns is not None and tuple(normalise(t) for t in texts) == columns.key:
                    self.repeated += 1
                else:
                    columns = map_columns(texts)
                    self.headers.append(columns)
                    self._unused(section)
                    section = None
                self._lost(lost)
                lost = []
                pending = True
                continue
            if columns is None:
                # A cell merged across the row repeats its text in each cell it covers.
                self.preamble.append(list(dict.fromkeys(t for t in texts if t)))
                continue
            if not any(texts):
                pending = True
                continue
            if lost or (row.new_table and len(row.cells) != len(columns.headings)):
                lost.append(row)  # another table altogether, up to the next header row
                continue
            heading = _heading(row) if len(columns.headings) > 1 else None
            if heading is not None and values.leading_number(heading) is None:
                section = (heading, row.where)
                self.unused_section = True
                pending = True
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

    def _unused(self, section: tuple[str, str] | None) -> None:
        """A heading row with no rows under it: say it was not imported."""
        if section is not None and self.unused_section:
            self.checks.append(
                ImportCheck(
                    f"the row {section[0]!r} ({section[1]}) has no rows under it and was not "
                    "imported"
                )
            )
        self.unused_section = False

    def _lost(self, rows: list[SourceRow]) -> None:
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

    def place_action_row(self, line: _Line, current: _Item | None) -> _Item | None:
        number, texts = self.numbered_texts(line, ("learning", "recommendation"))
        action_cell = list(self.cell(line, "action").paragraphs)
        action_number = None
        if action_cell:
            found = values.leading_number(action_cell[0])
            if found:
                action_number, action_cell[0] = found
        if number is not None and values.parent_numbers(number) and action_number is None:
            action_number, number = number, values.parent_numbers(number)[-1]
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
            self.add_rec(current)
            if not action_cell:
                self.read_fields(current, line)
                return current
        if not action_cell:  # the recommendation again, with no action: more of the one above
            item = _Item(None, line.where)
            self.read_fields(item, line)
            self.orphan(item, line, into=current.actions[-1] if current.actions else current)
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
        target.check((), f"a row with no text of its own ({line.where}) was added to this item")

    # --- reading cells ---

    def read_fields(self, item: _Item, line: _Line) -> None:
        columns, cells = line.columns, line.row.cells
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
                    p.strip() for para in cell.paragraphs for p in para.split(";") if p.strip()
                ]
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
        if line.section:
            item.other.setdefault("Section", line.section)

    def read_rag(self, item: _Item, cell: SourceCell, heading: str) -> None:
        text = cell.text
        from_text = values.rag_from_text(text) if text else None
        fill = cell.fill
        from_fill = values.rag_from_fill(fill) if fill and fill != "theme" else None
        if text and from_text is None:
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
        while (found := values.remove_repeat(paragraph)) is not None:
            paragraph, passage = found
            opening = " ".join(passage.split()[:8])
            item.check(
                where,
                f"a passage of {len(passage.split())} words was written twice in a row in the "
                "source (as PDF extraction sometimes does); the second copy was left out. "
                f'It begins "{opening} ..."',
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
                complete = item.fields.get("rag") == key.complete
                if complete and not item.texts.get("evidence"):
                    del item.fields["rag"]
                    item.check(
                        (),
                        f"the source marks this complete ({key.complete}) but gives no evidence, "
                        "and scrplan needs evidence for anything complete: add `evidence:`, then "
                        f"`rag: {key.complete}`",
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

    def run(self, title: str | None) -> Built:
        self.segment()
        self.rejoin()
        self.place()
        self.number()
        self.apply_rules()
        data = plan_details(self.preamble, self.doc.name, title, self.checks)
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
        )


# --- helpers ------------------------------------------------------------------------------------


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
