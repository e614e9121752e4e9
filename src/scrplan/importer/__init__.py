"""``scrplan import``: an action plan from Word, Excel, PDF, CSV or copied text, as a plan file.

Each reader (``read_docx``, ``read_xlsx``, ``read_xls``, ``read_pdf``, ``read_csv``,
``read_text``) turns its format into the same :class:`~scrplan.importer.table.SourceFile`,
after :mod:`scrplan.importer.limits` has checked what the file declares;
:mod:`scrplan.importer.build` maps the columns and builds the plan data;
:mod:`scrplan.edit.writer` writes it in the house layout. The result is checked as any plan is
(``scrplan validate``) before anything is written, and written atomically, so a failed import
leaves no file behind.

Owns: reading other people's files (a reader per format, giving :class:`.table.SourceFile`,
within the limits of :mod:`.limits`), mapping their columns (:mod:`.columns`), reading their
values (:mod:`.values`) and building plan data (:mod:`.build`, :mod:`.details`).

Must not import: :mod:`scrplan.history`, :mod:`scrplan.output`, :mod:`scrplan.report`,
:mod:`scrplan.cli`; typer or rich.
"""

from __future__ import annotations

import contextlib
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrplan.errors import ScrplanError
from scrplan.fileio import read_bytes
from scrplan.importer.build import Built, ImportCheck, build
from scrplan.importer.columns import FIELDS
from scrplan.importer.table import SourceFile, Unreadable
from scrplan.words import plural

if TYPE_CHECKING:
    from scrplan.plan.load import Loaded

__all__ = ["Imported", "Unreadable", "import_plan", "read_source", "write_imported"]

READABLE = ".docx, .xlsx, .xls, .pdf, .csv, .tsv or .txt"
_TEXT = (".csv", ".tsv", ".txt", ".text")
_ADVICE = {
    ".doc": "open it in Word (or LibreOffice Writer) and save it as a Word Document (.docx)",
    ".docm": "open it in Word and save it as a Word Document (.docx)",
    ".odt": "open it in LibreOffice Writer and save it with File, Save As, as a Word document "
    "(.docx)",
    ".ods": "open it in LibreOffice Calc and save it with File, Save As, as an Excel workbook "
    "(.xlsx)",
    ".rtf": "open it in Word and save it as a Word Document (.docx)",
}


def read_source(path: Path) -> SourceFile:
    """Read any supported file into a document.

    Raises:
        Unreadable: the file does not exist, is empty, or is not in a format scrplan reads.
    """
    name = str(path)  # as the user gave it, for messages
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".xlsm", ".xls", ".pdf", *_TEXT):
        advice = _ADVICE.get(suffix, f"save it as {READABLE}")
        kind = f"{suffix} files" if suffix else "files without an extension"
        raise Unreadable(f"{path}: scrplan cannot read {kind}; {advice}, and import that")
    from scrplan.importer import limits

    with contextlib.suppress(OSError):  # read_bytes says why a file cannot be read
        status = path.stat()
        if stat.S_ISREG(status.st_mode):
            limits.check_size(name, status.st_size, text=suffix in _TEXT)
        elif not stat.S_ISDIR(status.st_mode):
            raise Unreadable(f"{path}: this is not a file (a device or a pipe): nothing to import")
    data, problems = read_bytes(path)
    if data is None:
        raise Unreadable(f"{path}: {problems[0].message}")
    if not data.strip():
        raise Unreadable(f"{path}: this file is empty: there is no table to import")
    if suffix == ".docx":
        from scrplan.importer.read_docx import read_docx

        return read_docx(data, name)
    if suffix in (".xlsx", ".xlsm"):
        from scrplan.importer.read_xlsx import read_xlsx

        return read_xlsx(data, name)
    if suffix == ".pdf":
        from scrplan.importer.read_pdf import read_pdf

        return read_pdf(data, name)
    if suffix == ".xls":
        from scrplan.importer.read_xls import read_xls

        return read_xls(data, name)
    if suffix in (".csv", ".tsv"):
        from scrplan.importer.read_csv import read_csv

        return read_csv(data, name, delimiter="\t" if suffix == ".tsv" else None)
    from scrplan.importer.read_text import read_text

    return read_text(data, name)


@dataclass
class Imported:
    """An imported plan: its text, and what to tell the person who imported it.

    Attributes:
        text: the plan file's text, already checked with ``scrplan validate``.
        built: the data and what the import found on the way.
        checks: each thing to check, with the line of the plan it is marked on.
    """

    text: str
    built: Built
    checks: list[tuple[int, ImportCheck]]
    source: str = ""

    def report(self, output: str | None) -> str:
        """What was read and what to check, for standard error.

        Args:
            output: the plan file written, or None when the plan was printed instead.
        """
        built = self.built
        recs = built.data["recommendations"]
        actions = sum(len(r.get("actions", [])) for r in recs)
        notes = sum(len(i.get("progress", [])) for r in recs for i in [r, *r.get("actions", [])])
        tables = f" from {plural(built.tables, built.table_word)}" if built.tables > 1 else ""
        found = [plural(built.rows, "row") + tables]
        if built.repeated_headers:
            found.append(f"dropped {plural(built.repeated_headers, 'repeated header row')}")
        if built.rejoined:
            found.append(f"rejoined {plural(built.rejoined, 'row')} split by page breaks")
        if built.colours:
            found.append(f"read {plural(built.colours, 'RAG colour')} from cell shading")
        lines = [f"Read {'; '.join(found)}.", *_columns_lines(built)]
        lines.append(
            f"{'Wrote ' + output if output else 'The plan has'}: "
            f"{plural(len(recs), 'recommendation')}, {plural(actions, 'action')}, "
            f"{plural(notes, 'progress note')}."
        )
        if built.key:
            lines.append(
                f"Read the plan's own key of {plural(len(built.key), 'level')}"
                + (
                    f"; {plural(built.levels, 'status', 'statuses')} read by it"
                    if built.levels
                    else ""
                )
                + "."
            )
        if self.checks:
            lines.append(
                f"{plural(len(self.checks), 'thing')} to check, marked # Check: in the plan:"
            )
            for line, check in self.checks:
                if output:
                    place = f"{output}:{line}" if line else output
                else:
                    place = f"line {line}" if line else "at the top"
                lines.append(f"  {place}: {check.message}")
        lines.append(self.doubtful_line())
        return "\n".join(lines) + "\n"

    def doubtful(self) -> dict[str, Any]:
        """How many items have something to check, and why, for the closing summary."""
        reasons: dict[str, int] = {}
        items: dict[tuple[str | int, ...], set[str]] = {}
        for _, check in self.checks:
            path = check.path
            if len(path) < 2 or path[0] != "recommendations":
                continue
            item = tuple(path[:4]) if len(path) >= 4 and path[2] == "actions" else tuple(path[:2])
            items.setdefault(item, set()).add(reason(check.message))
        for why in items.values():
            for one in why:
                reasons[one] = reasons.get(one, 0) + 1
        recs = self.built.data["recommendations"]
        total = len(recs) + sum(len(r.get("actions", [])) for r in recs)
        ordered = dict(sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0])))
        return {"items": total, "doubtful": len(items), "reasons": ordered}

    def doubtful_line(self) -> str:
        found = self.doubtful()
        if not found["doubtful"]:
            return f"None of the {plural(found['items'], 'item')} is doubtful."
        why = "; ".join(f"{count} {text}" for text, count in found["reasons"].items())
        verb = "is" if found["doubtful"] == 1 else "are"
        return f"{found['doubtful']} of {plural(found['items'], 'item')} {verb} doubtful: {why}."

    def account(self) -> dict[str, Any]:
        """Every non-empty cell of the source accounted for, as data for ``--format json``:
        each item with the rows it came from, what each row became, the text placed in no
        field (with where it was), the checks with their plan lines, the key, the summary."""
        built = self.built
        checks: list[dict[str, Any]] = [
            {"line": line or None, "path": list(check.path), "message": check.message}
            for line, check in self.checks
        ]
        items = [dict(item) for item in built.account.get("items", [])]
        by_path = {tuple(item["path"]): item for item in items}
        for _, check in self.checks:
            path = check.path
            here = tuple(path[:4]) if path[2:3] == ("actions",) else tuple(path[:2])
            if here in by_path:
                by_path[here].setdefault("checks", []).append(check.message)
        return {
            "source": self.source,
            "plan": self.text,
            "items": items,
            "rows": built.account.get("rows", []),
            "not_placed": built.account.get("not_placed", []),
            "checks": checks,
            "key": [level._asdict() for level in built.key],
            "summary": self.doubtful(),
        }


# What a check is about, for the closing summary: (words in its message, the reason).
_REASONS = [
    ("RAG cell", "with a RAG that could not be read for certain"),
    ("marks this complete", "marked complete without evidence"),
    ("progress text is the evidence", "with progress taken as evidence"),
    ("rates this recommendation", "rated differently from its actions"),
    ("no number in the source", "with no number in the source"),
    ("the source numbers this", "with a number used twice or out of place"),
    ("stops mid-sentence", "with text that may be cut off"),
    ("written twice", "with text written twice in the source"),
    ("written again", "with text written twice in the source"),
    ("the target", "with a target that is not a plain date"),
    ("no text of its own", "with a row added from below"),
    ("gives no", "with no text of their own in the source"),
    ("actions in one cell", "made from several actions in one cell"),
    ("`completed` date", "with a completed date but not complete"),
    ("more cells than the header", "with more cells than the header row"),
    ("completion date", "with a completion date that could not be read"),
]


def reason(message: str) -> str:
    """Why a check makes its item doubtful, in a few words."""
    return next(
        (why for words, why in _REASONS if words in message), "with something else to check"
    )


def _columns_lines(built: Built) -> list[str]:
    lines = []
    for columns in built.headers:
        lines.append("Columns:")
        width = max(len(h) for h in columns.headings) + 2
        for index, heading in enumerate(columns.headings):
            label = heading or f"(column {index + 1})"
            if index in columns.fields:
                what = FIELDS[columns.fields[index]]
            elif index in columns.doubles:
                what = (
                    f"other_columns (it looks like {columns.doubles[index]} too, but an "
                    "earlier column is used for that)"
                )
            else:
                what = "other_columns (no field matches this heading; kept word for word)"
            lines.append(f"  {label:<{width}} {what}")
    return lines


def import_plan(path: Path, output: str, *, title: str | None = None) -> Imported:
    """Import the plan in ``path`` as the text of a plan file named ``output``.

    Args:
        path: the Word, Excel, CSV or text file.
        output: the plan file it is for (its name is used to check the plan, not written).
        title: the plan's title, instead of the one found in the file.

    Raises:
        Unreadable: the file cannot be read, or holds no table scrplan can map.
        ScrplanError: the plan built does not pass validation (a fault in scrplan).
    """
    from scrplan.plan.yamltree import locate

    built = build(read_source(path), title=title)
    header = [
        f"Imported by scrplan from {path.name}. Compare it with the source, then delete each "
        '"Check:" comment once it is dealt with.'
    ]
    text, loaded = _write_and_check(built, header, output)
    from scrplan.plan.settings import QUALITY_CHECKS

    # Warnings about the plan as built (a completed date on an item that is not complete) are
    # marked like checks; the quality checks (no lead, no impact measure) describe the source
    # plan's gaps, which `scrplan validate` lists, and would mark nearly every item.
    if warnings := [p for p in loaded.problems if not p.is_error and p.code not in QUALITY_CHECKS]:
        # Warnings (a completed date on an item that is not complete) are marked like checks.
        built.checks += [ImportCheck(p.message, path=p.yaml_path) for p in warnings]
        text, loaded = _write_and_check(built, header, output)
    assert loaded.text is not None
    root = loaded.text.root
    located = [
        (locate(root, check.path, at_key=True)[0] if check.path else 0, check)
        for check in built.checks
    ]
    located.sort(key=lambda pair: pair[0])
    return Imported(text, built, located, str(path))


def write_imported(imported: Imported, output: Path, *, force: bool) -> None:
    """Write the imported plan to ``output``, atomically; never over a file unless ``force``."""
    from scrplan.fileio import save

    if output.is_dir():
        raise ScrplanError(f"{output} is a folder: give the plan file to write, with -o")
    if output.exists() and not force:
        raise ScrplanError(
            f"{output} already exists: give --force to replace it, or another name with -o"
        )
    with contextlib.suppress(OSError):  # save() says why, if the folder cannot be made
        output.parent.mkdir(parents=True, exist_ok=True)
    save(output, imported.text)


def _write_and_check(built: Built, header: list[str], output: str) -> tuple[str, Loaded]:
    """The plan's text, and the plan loaded back from it; refuses a plan with errors."""
    from scrplan.edit.writer import plan_yaml
    from scrplan.plan.load import load_bytes

    comments: dict[tuple[str | int, ...], list[str]] = {}
    for check in built.checks:
        comments.setdefault(check.path, []).append(f"Check: {check.message}")
    text = plan_yaml(built.data, header=[*header, *comments.pop((), [])], comments=comments)
    loaded = load_bytes(text.encode("utf-8"), output, keep_text=True)
    errors = loaded.errors
    if errors or loaded.text is None:
        detail = f" ({errors[0].location}: {errors[0].message})" if errors else ""
        raise ScrplanError(
            f"the plan built from this file does not pass validation{detail}; nothing was "
            "written. This is a fault in scrplan: please report it with the file"
        )
    return text, loaded
