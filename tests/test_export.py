"""`scrplan export`: the tables in SQLite (keys, full-text search) and CSV, read back."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from conftest import FIXTURES, ROOT
from test_site import PLAN, SETTINGS

BOARD = FIXTURES / "board"
AS_OF = "2024-01-15"


@pytest.fixture
def partnership(tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "partnership.yaml").write_text(SETTINGS.format(publish=""), encoding="utf-8")
    (folder / "child-q.yaml").write_text(PLAN, encoding="utf-8")
    (folder / "alpha.yaml").write_bytes((BOARD / "alpha.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return folder


def export(run, *args):
    result = run("export", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return result


def rows(db, sql, *params):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def test_sqlite_tables_with_their_keys(run, partnership, tmp_path):
    db = tmp_path / "plans.db"
    result = export(run, "plans", "--sqlite", db)
    assert result.stderr == (
        f"wrote {db}: 2 plans, 2 agencies, 10 items, 4 progress notes, 13 leads\n"
    )
    tables = {name for (name,) in rows(db, "select name from sqlite_master where type='table'")}
    assert {
        "plans",
        "items",
        "progress",
        "leads",
        "agencies",
        "items_fts",
        "progress_fts",
    } <= tables
    assert rows(db, "select name from pragma_table_info('items') where pk") == [("ref",)]
    assert rows(db, "select name from pragma_table_info('leads') where pk order by pk") == [
        ("item",),
        ("position",),
    ]
    assert sorted(
        rows(db, 'select "from", "table", "to" from pragma_foreign_key_list(\'items\')')
    ) == [
        ("parent", "items", "ref"),
        ("plan", "plans", "name"),
    ]
    assert sorted(
        rows(db, 'select "from", "table", "to" from pragma_foreign_key_list(\'leads\')')
    ) == [
        ("agency", "agencies", "name"),
        ("item", "items", "ref"),
        ("plan", "plans", "name"),
    ]
    assert rows(db, "select count(*) from pragma_foreign_key_check") == [(0,)]
    assert rows(db, "select type from pragma_table_info('items') where name = 'overdue'") == [
        ("INTEGER",)
    ]


def test_items_carry_what_scrplan_works_out(run, partnership, tmp_path):
    db = tmp_path / "plans.db"
    export(run, "plans", "--sqlite", db)
    assert rows(
        db,
        "select ref, kind, parent, stage, rag, rag_meaning, overdue, days_overdue, stale, "
        "target_date, last_update from items where plan = 'alpha' order by position",
    ) == [
        (
            "alpha:1",
            "recommendation",
            None,
            "open",
            "amber",
            "Needs monitoring to stay on track",
            0,
            None,
            0,
            "2024-03-31",
            "2023-11-20",
        ),
        ("alpha:2", "recommendation", None, "open", "green", "On track", 1, None, 1, None, None),
        (
            "alpha:2.1",
            "action",
            "alpha:2",
            "complete",
            "blue",
            "Complete and evidenced",
            0,
            None,
            0,
            "2023-09-30",
            None,
        ),
        (
            "alpha:2.2",
            "action",
            "alpha:2",
            "open",
            "green",
            "On track",
            1,
            15,
            1,
            "2023-12-31",
            None,
        ),
        (
            "alpha:3",
            "recommendation",
            None,
            "open",
            "red",
            "Not on track: remedial action needed",
            1,
            199,
            1,
            "2023-06-30",
            "2023-10-02",
        ),
        (
            "alpha:4",
            "recommendation",
            None,
            "complete",
            "blue",
            "Complete and evidenced",
            0,
            None,
            0,
            "2023-08-31",
            None,
        ),
        ("alpha:5", "recommendation", None, "open", None, None, 0, None, 1, "2024-06-30", None),
    ]
    assert rows(
        db,
        "select ref, stage, verified_by, closed_reason, other_columns from items "
        "where plan = 'child-q' order by position",
    ) == [
        (
            "child-q:1",
            "open",
            None,
            None,
            '{"Internal notes": "Sam is off sick until March.", "Success measure": "Attendance above 90%."}',
        ),
        ("child-q:2", "verified", "Pat Reviewer, QA sub-group chair", None, None),
        ("child-q:3", "closed", None, "The national guidance replaced it.", None),
    ]
    assert rows(
        db,
        "select name, recommendations, outstanding, overdue, stale, complete, verified, closed, "
        "as_of from plans order by name",
    ) == [
        ("alpha", 5, 4, 2, 3, 1, 0, 0, "2024-01-15"),
        ("child-q", 3, 1, 1, 0, 1, 1, 1, "2024-01-15"),
    ]
    # Leads as written, and the agency each names by the partnership's settings.
    assert rows(
        db, "select item, lead, agency from leads where plan = 'child-q' order by item, position"
    ) == [
        ("child-q:1", "Police", "Northshire Police"),
        ("child-q:2", "ICB", "Northshire ICB"),
        ("child-q:2", "Education", None),
        ("child-q:3", "Education", None),
    ]
    assert rows(
        db, "select item, position, date, by, note from progress where plan = 'child-q'"
    ) == [
        ("child-q:1", 1, "2023-11-02", "DS Sam Officer", "Pilot in the east of the county."),
    ]


def test_full_text_search(run, partnership, tmp_path):
    db = tmp_path / "plans.db"
    export(run, "plans", "--sqlite", db)
    found = rows(
        db,
        "select items.ref from items join items_fts on items.rowid = items_fts.rowid "
        "where items_fts match ? order by items.ref",
        "strategy",
    )
    assert found == [("alpha:3",), ("child-q:1",)]
    notes = rows(
        db,
        "select progress.item from progress join progress_fts on progress.rowid = "
        "progress_fts.rowid where progress_fts match 'audit*'",
    )
    assert notes == [("alpha:1",), ("alpha:1",)]


def test_csv_files_hold_the_same_tables(run, partnership, tmp_path):
    db, folder = tmp_path / "plans.db", tmp_path / "tables"
    result = export(run, "plans", "--sqlite", db, "--csv", folder)
    assert result.stderr.splitlines()[1] == (
        f"wrote 5 CSV files in {folder}: 2 plans, 2 agencies, 10 items, 4 progress notes, 13 leads"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "agencies.csv",
        "items.csv",
        "leads.csv",
        "plans.csv",
        "progress.csv",
    ]
    for name in ("plans", "agencies", "items", "progress", "leads"):
        raw = (folder / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # as Excel opens it
        with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        with sqlite3.connect(db) as connection:
            cursor = connection.execute(f"select * from {name}")
            header = [c[0] for c in cursor.description]
            stored = [["" if v is None else str(v) for v in row] for row in cursor.fetchall()]
        assert table[0] == header, name
        assert table[1:] == stored, name


def test_public_edition_leaves_out_names(run, partnership, tmp_path):
    db = tmp_path / "public.db"
    result = export(run, "plans", "--sqlite", db, "--public")
    assert result.stderr.splitlines()[1] == (
        "public edition: left out who gave each progress note (progress.by: 4); who signed each "
        "item off (verified.by: 1); who agreed to close each item (closed.by: 1); the agencies' "
        "contacts and email addresses (contacts: 2)"
    )
    assert rows(db, "select count(*) from progress where by is not null") == [(0,)]
    assert rows(db, "select verified_by, closed_by from items where plan = 'child-q'") == [
        (None, None),
        ("the partnership", None),
        (None, None),
    ]
    assert rows(db, "select contact, email from agencies") == [(None, None), (None, None)]
    everything = b"".join(p.read_bytes() for p in tmp_path.glob("public.db*"))
    for name in (b"DS Sam Officer", b"Pat Reviewer", b"Chris Chair", b"Jane Example"):
        assert name not in everything, name


def test_replaces_an_export_but_never_another_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    db = tmp_path / "plans.db"
    export(run, BOARD, "--sqlite", db)
    export(run, BOARD / "alpha.yaml", "--sqlite", db)
    assert rows(db, "select name from plans") == [("alpha",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.db"]  # no temporary file left
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04 the board's minutes")
    result = run("export", BOARD, "--sqlite", notes)
    assert result.exit_code == 1
    assert result.stderr == (
        f"scrplan: cannot write {notes}: it is not an SQLite database, and it would be replaced; "
        "give another file name, e.g. plans.db\n"
    )
    assert notes.read_bytes() == b"PK\x03\x04 the board's minutes"


def test_says_what_to_write(run):
    result = run("export", BOARD)
    assert result.exit_code == 2
    assert "say what to write: --sqlite FILE.db, --csv DIR, or both" in result.stderr


def test_plans_with_the_same_name_keep_apart(run, tmp_path):
    for folder in ("east", "west"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "alpha.yaml").write_bytes((BOARD / "alpha.yaml").read_bytes())
    db = tmp_path / "plans.db"
    export(run, tmp_path / "east", tmp_path / "west", "--sqlite", db)
    assert rows(db, "select name from plans order by name") == [("alpha",), ("alpha-2",)]
    assert rows(db, "select count(*) from items where plan = 'alpha-2'") == [(7,)]


def test_export_does_not_load_sqlite_utils_for_other_commands():
    import subprocess
    import sys

    code = (
        "import sys; from scrplan.cli import app; "
        "print(any(m.startswith('sqlite_utils') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
