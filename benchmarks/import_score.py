"""Score `scrplan import` on real-like plans against the plans a person made from them by hand.

Usage (from the project root):

    uv run python benchmarks/import_score.py                  # every fixture
    uv run python benchmarks/import_score.py thurrock         # fixtures whose name has a word
    uv run python benchmarks/import_score.py --src OTHER/src  # another copy of scrplan's code
    uv run python benchmarks/import_score.py -v               # and each difference

The fixtures are in tests/fixtures/import/ (see make.py there): each plan in the layouts it is
published in (Word, Excel, .xls, PDF, text copied from a PDF), and ``<plan>.expected.yaml``,
the plan made from it by hand. For each file the score counts:

- items: expected recommendations and actions found (by id, else by their text), and items
  made that are not in the expected plan ("extra"; "unflagged" when no check points at them);
- fields: expected values placed right (text, lead, target, RAG, progress, evidence,
  completed, each other column);
- RAG: expected RAG colours kept;
- losses: expected values not found anywhere in the plan, and how many of them the import
  reported (a check on the item, or the value named in a check or in the cells not placed).

A file scrplan refuses scores nothing. Run it with --src on the code before a change to
compare; the scores do not depend on the machine.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
FIELDS = (
    "learning",
    "recommendation",
    "action",
    "lead",
    "target_date",
    "timescale",
    "rag",
    "progress",
    "evidence",
    "completed",
)


def fold(value: Any) -> str:
    """A value as comparable text: whitespace folded, a list joined."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return " / ".join(fold(v.get("note", "")) for v in value)
        return "; ".join(fold(v) for v in value)
    return " ".join(str(value).split())


@dataclass
class Item:
    id: str
    text: str
    values: dict[str, str]
    checked: bool = False


def items_of(data: dict[str, Any]) -> list[Item]:
    out = []
    for rec in data.get("recommendations", []):
        for item in [rec, *rec.get("actions", [])]:
            values = {name: fold(item[name]) for name in FIELDS if item.get(name) not in (None, [])}
            for name, text in (item.get("other_columns") or {}).items():
                values[f"other_columns: {name}"] = fold(text)
            text = values.get("action") or values.get("recommendation", "")
            out.append(Item(str(item["id"]), text, values))
    return out


@dataclass
class Score:
    items: int = 0
    found: int = 0
    extra: int = 0
    unflagged: int = 0
    fields: int = 0
    placed: int = 0
    rags: int = 0
    rag_kept: int = 0
    lost: int = 0
    reported: int = 0
    refused: str = ""
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("items", "found", "extra", "unflagged", "fields", "placed", "rags"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rag_kept += other.rag_kept
        self.lost += other.lost
        self.reported += other.reported


def match(expected: list[Item], got: list[Item]) -> dict[int, int]:
    """Expected item index → made item index: by id and text, then by id, then by text."""
    pairs: dict[int, int] = {}
    used: set[int] = set()

    def similar(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()

    for rule in ("both", "id", "text"):
        for e, want in enumerate(expected):
            if e in pairs:
                continue
            for g, item in enumerate(got):
                if g in used:
                    continue
                same_id = item.id == want.id
                close = similar(item.text, want.text) >= 0.8
                if (rule == "both" and same_id and close) or (
                    (rule == "id" and same_id) or (rule == "text" and close)
                ):
                    pairs[e] = g
                    used.add(g)
                    break
    return pairs


def score(path: Path, expected_data: dict[str, Any], verbose: bool) -> Score:
    from scrplan.importer import Unreadable, import_plan

    result = Score()
    expected = items_of(expected_data)
    result.items = len(expected)
    result.fields = sum(len(item.values) for item in expected)
    result.rags = sum("rag" in item.values for item in expected)
    try:
        imported = import_plan(path, f"plans/{path.stem}.yaml")
    except Unreadable as exc:
        result.refused = str(exc).split(": ", 1)[-1][:70]
        result.lost = result.fields
        return result
    data = imported.built.data
    got = items_of(data)
    # Which made items a check points at (its path in the plan data).
    flat: list[tuple[int, int | None]] = []
    for r, rec in enumerate(data["recommendations"]):
        flat.append((r, None))
        flat += [(r, a) for a in range(len(rec.get("actions", [])))]
    said: list[str] = []
    for _, check in imported.checks:
        said.append(check.message)
        where = check.path
        if len(where) >= 2 and where[0] == "recommendations":
            action = where[3] if len(where) >= 4 and where[2] == "actions" else None
            key = (where[1], action)
            if key in flat:
                got[flat.index(key)].checked = True
    account = getattr(imported, "account", None)
    if callable(account):
        said += [f"{cell['text']}" for cell in account().get("not_placed", [])]
    plan_text = fold(imported.text)
    told = fold(" ".join(said)).lower()
    pairs = match(expected, got)
    result.found = len(pairs)
    matched = set(pairs.values())
    for g, item in enumerate(got):
        if g not in matched:
            result.extra += 1
            result.unflagged += not item.checked
            if verbose:
                result.notes.append(f"extra item {item.id}: {item.text[:60]!r}")
    for e, want in enumerate(expected):
        made = got[pairs[e]] if e in pairs else None
        if made is None and verbose:
            result.notes.append(f"missing item {want.id}: {want.text[:60]!r}")
        for name, value in want.values.items():
            have = made.values.get(name) if made else None
            if have is not None and have == value:
                result.placed += 1
                result.rag_kept += name == "rag"
                continue
            if verbose and made is not None:
                result.notes.append(f"item {want.id} {name}: want {value[:50]!r}, got {have!r}")
            # Lost: the value is nowhere in the plan. Reported: the import said so.
            pieces = [p for p in value.replace(" / ", "; ").split("; ") if p]
            if name == "rag" or not all(fold(p) in plan_text for p in pieces):
                result.lost += 1
                if (made is not None and made.checked) or value[:25].lower() in told:
                    result.reported += 1
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", nargs="*", help="score only fixtures whose name has a word")
    parser.add_argument("--src", type=Path, help="scrplan's code to score (default: this one)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each difference")
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    import yaml

    import scrplan

    print(f"scrplan from {Path(scrplan.__file__).parent}")
    files = sorted(
        p
        for p in FIXTURES.iterdir()
        if p.suffix in (".docx", ".xlsx", ".xls", ".pdf", ".txt", ".csv")
        and (not args.words or any(word in p.name for word in args.words))
    )
    head = f"{'file':<18} {'items':>7} {'extra':>9} {'fields':>8} {'RAG':>6} {'losses told':>12}"
    print(head)
    total = Score()
    for path in files:
        expected = yaml.safe_load(
            (FIXTURES / f"{path.stem.split('-')[0]}.expected.yaml").read_text(encoding="utf-8")
        )
        result = score(path, expected, args.verbose)
        total.add(result)
        row = (
            f"{path.name:<18} {result.found:>3}/{result.items:<3} "
            f"{result.extra:>3} ({result.unflagged} un) {result.placed:>3}/{result.fields:<4} "
            f"{result.rag_kept:>2}/{result.rags:<3} {result.reported:>4}/{result.lost:<5}"
        )
        if result.refused:
            row += f"  refused: {result.refused}"
        print(row)
        for note in result.notes:
            print(f"    {note}")
    print(
        f"{'total':<18} {total.found:>3}/{total.items:<3} {total.extra:>3} ({total.unflagged} un) "
        f"{total.placed:>3}/{total.fields:<4} {total.rag_kept:>2}/{total.rags:<3} "
        f"{total.reported:>4}/{total.lost:<5}"
    )
    print(
        f"items {100 * total.found / total.items:.0f}%, "
        f"fields {100 * total.placed / total.fields:.0f}%, "
        f"RAG {100 * total.rag_kept / max(total.rags, 1):.0f}%, losses reported "
        f"{100 * total.reported / max(total.lost, 1):.0f}%"
    )


if __name__ == "__main__":
    main()
