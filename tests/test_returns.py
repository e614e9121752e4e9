"""The loop with agencies that do not use git: request, the return filled in, apply."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess

import pytest

from returns_helpers import board, fill_wordform, fill_workbook

AS_OF = "2024-06-01"

# What West Midlands Police types into its return, mistakes included.
ANSWERS = {
    "child-q:1": {
        "New progress note": "Attendance audit restarted: 7 of 10 meetings attended in May.",
        "New RAG": "Red ",
        "New target date": "30/09/24",
        "Reason for the new target date": "The lead officer was on long-term leave.",
    },
    "child-q:2.1": {
        "New RAG": "B",
        "Evidence": "Briefing given to all 14 police safeguarding leads on 20 May; attendance list on file.",
        "Completed on": dt.datetime(2024, 5, 20),
    },
    "child-q:3": {
        "New progress note": "12/05/2024: Notification process mapped with two schools.",
        "New RAG": "Gren",
    },
    "child-q:4": {"New target date": "31/02/25"},
    "child-q:5": {
        "Evidence": "Dip sample of 20 referrals, March 2024: neglect recognised in 18 (board minutes, 12 March).",
    },
    "child-r:1": {
        "New progress note": "Checklist audit delayed by the force's new case system.",
        "New RAG": "slipped",
        "New target date": "October 2024",
        "Reason for the new target date": "The new case system went live in June.",
    },
}


def diff(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), name, name
        )
    )


@pytest.fixture
def plans(tmp_path, monkeypatch):
    folder = board(tmp_path)
    monkeypatch.chdir(tmp_path)
    return folder


def request(run, *args: str) -> None:
    result = run("request", "plans/", "--lead", "WMP", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output


# --- the loop ----------------------------------------------------------------------------

HELD = """\
Return from West Midlands Police (WMP), dated 2024-06-28

File:      back.xlsx
Requested: 2024-06-01
Due:       2024-06-29
Result:    1 item would change in 1 plan; 2 rows refused

Would change
Ref        What changed
---------  ---------------------------------------------------------------------------------------
child-r:1  RAG: 2 → 3, target date: 2024-07-31 → 2024-10, progress note added (2024-06-28, by WMP)

Refused: fix these

Updates!L4: child-q:3: "Gren" is not a level of child-q's key; did you mean green? choose one from
the list: red, amber, green, blue

Updates!O5: child-q:4: "31/02/25" is not a real date: February 2025 has 28 days

Nothing of child-q was written, because rows of it were refused: correct the return and apply it
again, or give --partial to apply the other rows.

Warnings: check these
Ref        Warning
---------  --------------------------------------------------------------------------------------------------------------------
child-r:1  target date moved later, from 2024-07-31 to 2024-10 (92 days later): check the board has agreed the new date and why

--- a/plans/child-r.yaml
+++ b/plans/child-r.yaml
@@ -28,11 +28,18 @@
   - id: 1
     recommendation: Police to check the records of every adult in the household at referral.
     lead: West Midlands Police
-    target_date: 2024-07-31
-    rag: 2
+    target_date: 2024-10
+    rag: 3
     progress:
       - note: New referral checklist in use since April.
         date: 2024-04-22
+        by: WMP
+      - note: >
+          Checklist audit delayed by the force's new case system.
+
+          Target date moved from 2024-07-31 to 2024-10: The new case system went live in
+          June.
+        date: 2024-06-28
         by: WMP
     impact:
       measure: An audit of twenty referrals finds every adult checked.
"""

PARTIAL = """\
Return from West Midlands Police (WMP), dated 2024-06-28

File:      back.xlsx
Requested: 2024-06-01
Due:       2024-06-29
Result:    4 items changed in 2 plans; 2 rows refused

Changed
Ref          What changed
-----------  ---------------------------------------------------------------------------------------------
child-q:1    RAG: amber → red, target date: 2024-03 → 2024-09-30, progress note added (2024-06-28, by WMP)
child-q:2.1  RAG: green → blue, evidence recorded, completed 2024-05-20
child-q:5    evidence recorded
child-r:1    RAG: 2 → 3, target date: 2024-07-31 → 2024-10, progress note added (2024-06-28, by WMP)

Refused: fix these

Updates!L4: child-q:3: "Gren" is not a level of child-q's key; did you mean green? choose one from
the list: red, amber, green, blue

Updates!O5: child-q:4: "31/02/25" is not a real date: February 2025 has 28 days

Warnings: check these
Ref          Warning
-----------  ----------------------------------------------------------------------------------------------------------------------------------------------------------
child-q:1    target date moved later, from 2024-03 to 2024-09-30 (183 days later): check the board has agreed the new date and why
child-q:2.1  made blue (Complete and evidenced) by its lead agency: the partnership has yet to check the evidence and sign it off (scrplan verify child-q:2.1 --by ...)
child-r:1    target date moved later, from 2024-07-31 to 2024-10 (92 days later): check the board has agreed the new date and why
"""

CHILD_Q_DIFF = """\
--- child-q.yaml
+++ child-q.yaml
@@ -11,11 +11,18 @@
     learning: Strategy meetings were held without the police.
     recommendation: Police to attend every strategy meeting in person or by video.
     lead: WMP
-    target_date: 2024-03
-    rag: amber
+    target_date: 2024-09-30
+    rag: red
     progress:
       - note: Attendance audit started.
         date: 2024-01-10
+        by: WMP
+      - note: >
+          Attendance audit restarted: 7 of 10 meetings attended in May.
+
+          Target date moved from 2024-03 to 2024-09-30: The lead officer was on long-term
+          leave.
+        date: 2024-06-28
         by: WMP
     impact:
       measure: Police attend nine strategy meetings in ten.
@@ -30,11 +37,15 @@
         action: Brief the police safeguarding leads.
         lead: Police
         target_date: 2024-06-30
-        rag: green
+        rag: blue
         progress:
           - note: Briefing written.
             date: 2024-04-02
             by: WMP
+        evidence: >
+          Briefing given to all 14 police safeguarding leads on 20 May; attendance list on
+          file.
+        completed: 2024-05-20
       - id: "2.2"
         action: Brief the health safeguarding leads.
         lead: ICB
@@ -69,7 +80,9 @@
     lead: WMP
     target_date: 2024-01-31
     rag: blue
-    evidence: Done
+    evidence: >
+      Dip sample of 20 referrals, March 2024: neglect recognised in 18 (board minutes, 12
+      March).
     completed: 2024-02-01
     impact:
       measure: A dip sample finds neglect recognised in nine referrals in ten.
"""

CHILD_R_DIFF = """\
--- child-r.yaml
+++ child-r.yaml
@@ -28,11 +28,18 @@
   - id: 1
     recommendation: Police to check the records of every adult in the household at referral.
     lead: West Midlands Police
-    target_date: 2024-07-31
-    rag: 2
+    target_date: 2024-10
+    rag: 3
     progress:
       - note: New referral checklist in use since April.
         date: 2024-04-22
+        by: WMP
+      - note: >
+          Checklist audit delayed by the force's new case system.
+
+          Target date moved from 2024-07-31 to 2024-10: The new case system went live in
+          June.
+        date: 2024-06-28
         by: WMP
     impact:
       measure: An audit of twenty referrals finds every adult checked.
"""

AGAIN = """\
Return from West Midlands Police (WMP), dated 2024-06-28

File:      back.xlsx
Requested: 2024-06-01
Due:       2024-06-29
Result:    nothing changed; 6 rows refused

Changed
Nothing.

Refused: fix these

Updates!B2: child-q:1: changed in the plan since the request (the target date: 2024-03 → 2024-09-30;
the RAG: amber → red; 1 new progress note (dated 2024-06-28 by WMP)), so this row was not applied:
check it against the plan (scrplan show child-q:1) and make the update by hand, or send a new
request

Updates!B3: child-q:2.1: changed in the plan since the request (the RAG: green → blue; the evidence
changed; the completed date: none → 2024-05-20), so this row was not applied: check it against the
plan (scrplan show child-q:2.1) and make the update by hand, or send a new request

Updates!L4: child-q:3: "Gren" is not a level of child-q's key; did you mean green? choose one from
the list: red, amber, green, blue

Updates!O5: child-q:4: "31/02/25" is not a real date: February 2025 has 28 days

Updates!B6: child-q:5: changed in the plan since the request (the evidence changed), so this row was
not applied: check it against the plan (scrplan show child-q:5) and make the update by hand, or send
a new request

Updates!B7: child-r:1: changed in the plan since the request (the target date: 2024-07-31 → 2024-10;
the RAG: 2 → 3; 1 new progress note (dated 2024-06-28 by WMP)), so this row was not applied: check
it against the plan (scrplan show child-r:1) and make the update by hand, or send a new request

Nothing of child-q and child-r was written, because rows of them were refused: correct the return
and apply it again, or give --partial to apply the other rows.
"""


def test_the_whole_loop(run, plans, tmp_path):
    request(run, "-o", "wmp.xlsx")
    fill_workbook(tmp_path / "wmp.xlsx", tmp_path / "back.xlsx", ANSWERS, day="28/06/2024")
    before = {p.name: p.read_bytes() for p in plans.glob("*.yaml")}

    # Two mistakes in child-q: nothing of it is written; child-r's row is good.
    held = run("apply", "back.xlsx", "--dry-run")
    assert held.exit_code == 1
    assert held.stdout == HELD
    assert held.stderr == ""
    assert {p.name: p.read_bytes() for p in plans.glob("*.yaml")} == before

    applied = run("apply", "back.xlsx", "--partial")
    assert applied.exit_code == 1  # rows were refused
    assert applied.stdout == PARTIAL
    text = {name: data.decode("utf-8") for name, data in before.items()}
    assert (
        diff(
            text["child-q.yaml"],
            (plans / "child-q.yaml").read_text(encoding="utf-8"),
            "child-q.yaml",
        )
        == CHILD_Q_DIFF
    )
    assert (
        diff(
            text["child-r.yaml"],
            (plans / "child-r.yaml").read_text(encoding="utf-8"),
            "child-r.yaml",
        )
        == CHILD_R_DIFF
    )
    assert run("validate", "plans/").exit_code == 0

    # The same return again: every item it changed has changed since the request.
    again = run("apply", "back.xlsx")
    assert again.exit_code == 1
    assert again.stdout == AGAIN


@pytest.mark.slow
def test_the_return_applies_after_libreoffice_saved_it(run, plans, tmp_path):
    """Agencies open the workbook in Excel or LibreOffice and save it: the locked columns, the
    hidden record and the dates they typed come back the same."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    request(run, "-o", "wmp.xlsx")
    fill_workbook(tmp_path / "wmp.xlsx", tmp_path / "back.xlsx", ANSWERS, day="28/06/2024")
    saved = tmp_path / "saved"
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(saved),
            str(tmp_path / "back.xlsx"),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert (saved / "back.xlsx").exists(), done.stderr
    assert (saved / "back.xlsx").read_bytes() != (tmp_path / "back.xlsx").read_bytes()
    before = (plans / "child-q.yaml").read_text(encoding="utf-8")
    result = run("apply", "saved/back.xlsx", "--partial")
    assert result.exit_code == 1
    assert result.stdout == PARTIAL.replace("back.xlsx", "saved/back.xlsx")
    assert (
        diff(before, (plans / "child-q.yaml").read_text(encoding="utf-8"), "child-q.yaml")
        == CHILD_Q_DIFF
    )


def refusals(result) -> list[tuple[str, str | None, str]]:
    import json

    return [(r["where"], r["ref"], r["message"]) for r in json.loads(result.stdout)["refused"]]


def test_the_word_form_is_read_back_too(run, plans, tmp_path):
    request(run, "-o", "wmp.docx")
    fill_wordform(
        tmp_path / "wmp.docx",
        tmp_path / "back.docx",
        {
            "child-q:1": {"New progress note": "Audit restarted.", "New RAG": "g"},
            "child-q:3": {"New RAG": "purple", "Completed on": "soon"},
        },
        day="28 June 2024",
    )
    result = run("apply", "back.docx", "--partial", "--format", "json")
    assert result.exit_code == 1
    assert refusals(result) == [
        (
            "the table for child-q:3, row 'New RAG'",
            "child-q:3",
            '"purple" is not a level of child-q\'s key; choose one from the list: red, amber, '
            "green, blue",
        ),
        (
            "the table for child-q:3, row 'Completed on'",
            "child-q:3",
            '"soon" is not a date scrplan can read: write it as 31/03/2024 (day, month, year), '
            "or March 2024 for the end of a month",
        ),
    ]
    assert "      - note: Audit restarted.\n        date: 2024-06-28\n        by: WMP\n" in (
        plans / "child-q.yaml"
    ).read_text(encoding="utf-8")


def test_each_refusal_names_its_cell_and_the_fix(run, plans, tmp_path):
    request(run, "-o", "wmp.xlsx")
    fill_workbook(
        tmp_path / "wmp.xlsx",
        tmp_path / "back.xlsx",
        {
            "child-q:1": {"New progress note": "Audit done."},
            "child-q:2.1": {"Completed on": "01/05/2024"},
            "child-q:3": {"New target date": "31/12/2024"},
            "child-q:4": {"Evidence": '=HYPERLINK("http://example.org","report")'},
            "child-q:5": {"New RAG": "amber", "Completed on": "1 May 2024"},
            "child-r:1": {
                "New progress note": "01/01/2099: written in the future",
                "Reason for the new target date": "Staff changes.",
            },
        },
        day="28/06/2024",
        cells=[
            ("G2", "30 Jun 2024"),  # the target date shown, changed by hand
            ("B8", "child-q:9"),
            ("K8", "A note for an item the request did not ask about."),
            ("K9", "A note on a row with no ref."),
        ],
    )
    before = {p.name: p.read_bytes() for p in plans.glob("*.yaml")}
    result = run("apply", "back.xlsx", "--format", "json")
    assert result.exit_code == 1
    assert refusals(result) == [
        (
            "Updates!G2",
            "child-q:1",
            "the Target date column shows the plan as it was sent and must stay as it was, but "
            "it was changed on this row: put it back, and write the update in the columns from "
            "New progress note on",
        ),
        (
            "Updates!N3",
            "child-q:2.1",
            "blue (Complete and evidenced) needs evidence: write in Updates!M3 what shows the "
            "work is done and has made a difference",
        ),
        (
            "Updates!P4",
            "child-q:3",
            "the new target date 31 Dec 2024 is later than the one agreed (30 Sep 2024): say "
            "why it has to move",
        ),
        (
            "Updates!M5",
            "child-q:4",
            'holds a formula (=HYPERLINK("http://example.org","report")), not a value: type the '
            "value itself",
        ),
        (
            "Updates!N6",
            "child-q:5",
            "a completed date, but the new RAG is amber: choose blue if the work is done, or "
            "clear the date",
        ),
        (
            "Updates!K7",
            "child-r:1",
            "the note is dated 1 Jan 2099, in the future: give the day it happened",
        ),
        (
            "Updates!P7",
            "child-r:1",
            "a reason, but no new target date: write the new date in Updates!O7, or clear this "
            "cell",
        ),
        (
            "Updates!B8",
            "child-q:9",
            '"child-q:9" is not an item this request asked about: write each update on the row '
            "the request gave for its item (the board manager adds new items)",
        ),
        (
            "Updates!B9",
            None,
            "this row has answers but no ref: write each update on the row the request gave "
            "for its item",
        ),
    ]
    assert {p.name: p.read_bytes() for p in plans.glob("*.yaml")} == before


def test_a_ref_on_two_rows_is_refused_on_both(run, plans, tmp_path):
    request(run, "-o", "wmp.xlsx")
    fill_workbook(
        tmp_path / "wmp.xlsx",
        tmp_path / "back.xlsx",
        {"child-r:1": {"New progress note": "First."}},
        cells=[("A8", "Child R action plan"), ("B8", "child-r:1"), ("K8", "Second.")],
    )
    result = run("apply", "back.xlsx", "--format", "json", "--partial")
    assert [(w, m) for w, _, m in refusals(result)] == [
        (
            where,
            "child-r:1 has answers on 2 rows (row 7, row 8): put the whole update on one "
            "row and clear the others",
        )
        for where in ("Updates!B7", "Updates!B8")
    ]


def test_rows_of_items_unchanged_since_the_request_still_apply(run, plans, tmp_path):
    request(run, "-o", "wmp.xlsx")
    # Since the request: a note on child-q:3, and an edit to an item WMP does not lead.
    assert (
        run(
            "note", "child-q:3", "Schools contacted.", "--date", "2024-06-10", "--by", "WMP"
        ).exit_code
        == 0
    )
    assert (
        run(
            "set-rag", "child-q:6", "amber", "--note", "Trainer left.", "--date", "2024-06-11"
        ).exit_code
        == 0
    )
    fill_workbook(
        tmp_path / "wmp.xlsx",
        tmp_path / "back.xlsx",
        {
            "child-q:1": {"New progress note": "31/05/2024 - Audit restarted."},
            "child-q:3": {"New RAG": "amber"},
        },
    )
    result = run("apply", "back.xlsx", "--partial", "--date", "2024-06-28", "--format", "json")
    assert result.exit_code == 1
    assert refusals(result) == [
        (
            "Updates!B4",
            "child-q:3",
            "changed in the plan since the request (1 new progress note (dated 2024-06-10 by "
            "WMP)), so this row was not applied: check it against the plan (scrplan show "
            "child-q:3) and make the update by hand, or send a new request",
        )
    ]
    text = (plans / "child-q.yaml").read_text(encoding="utf-8")
    # The note says the day it happened, so it is dated that day, not the return's.
    assert "      - note: Audit restarted.\n        date: 2024-05-31\n        by: WMP\n" in text


def test_without_partial_one_plan_with_a_refusal_does_not_stop_another(run, plans, tmp_path):
    request(run, "-o", "wmp.xlsx")
    fill_workbook(
        tmp_path / "wmp.xlsx",
        tmp_path / "back.xlsx",
        {"child-q:1": {"New RAG": "gold"}, "child-r:1": {"New RAG": "4"}},
    )
    child_q = (plans / "child-q.yaml").read_bytes()
    result = run("apply", "back.xlsx", "--date", "2024-06-28")
    assert result.exit_code == 1
    assert (plans / "child-q.yaml").read_bytes() == child_q
    assert "    rag: 4\n" in (plans / "child-r.yaml").read_text(encoding="utf-8")
    assert "child-r:1  RAG: 2 → 4\n" in result.stdout
    # A RAG changed with no note: the reviewer's warning, as scrplan diff gives it.
    assert "RAG changed from 2 to 4 with no new progress note saying why" in result.stdout


# --- the workbook itself -----------------------------------------------------------------


def test_the_workbook_is_laid_out_to_fill_in_and_print(run, plans, tmp_path):
    import json

    import openpyxl

    request(run, "-o", "wmp.xlsx")
    book = openpyxl.load_workbook(tmp_path / "wmp.xlsx")
    assert book.sheetnames == ["Instructions", "Updates", "Levels", "scrplan"]
    assert [book[n].sheet_state for n in book.sheetnames] == [
        "visible",
        "visible",
        "hidden",
        "veryHidden",
    ]
    info = book["Instructions"]
    assert info["A1"].value == "Update request for West Midlands Police (WMP)"
    assert info["B7"].value == "Saturday 29 Jun 2024"  # 4 weeks, the settings' return_period
    assert not info["B8"].protection.locked and info["A1"].protection.locked
    sheet = book["Updates"]
    assert [sheet.cell(1, c).value for c in range(1, 17)] == [
        "Plan", "Ref", "Learning", "Recommendation", "Action", "Lead", "Target date",
        "RAG now", "Latest progress", "Asked of you", "New progress note", "New RAG",
        "Evidence", "Completed on", "New target date", "Reason for the new target date",
    ]  # fmt: skip
    assert [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)] == [
        "child-q:1", "child-q:2.1", "child-q:3", "child-q:4", "child-q:5", "child-r:1",
    ]  # fmt: skip
    assert [sheet.cell(2, c).value for c in range(1, 11)] == [
        "Child Q action plan",
        "child-q:1",
        "Strategy meetings were held without the police.",
        "Police to attend every strategy meeting in person or by video.",
        None,
        "WMP",
        "Mar 2024",
        "amber (Needs monitoring to stay on track)",
        "10 Jan 2024: Attendance audit started. (WMP)",
        "Overdue since Mar 2024: give a new target date and the reason, or the evidence that "
        "it is done.\nNo update since 10 Jan 2024.",
    ]
    assert sheet.cell(6, 10).value.startswith('Evidence: marked complete with the evidence "Done".')
    assert all(sheet.cell(2, c).protection.locked for c in range(1, 11))
    assert not any(sheet.cell(2, c).protection.locked for c in range(11, 17))
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet.freeze_panes == "C2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.cell(2, 4).alignment.wrap_text
    assert sheet.column_dimensions["D"].width == 40
    # Each plan's own levels in the drop-down of its rows.
    checks = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert checks == {"L2:L6": "Levels!$A$1:$A$4", "L7": "Levels!$B$1:$B$4"}
    levels = book["Levels"]
    assert [levels.cell(r, 1).value for r in range(1, 5)] == ["red", "amber", "green", "blue"]
    assert [levels.cell(r, 2).value for r in range(1, 5)] == ["1", "2", "3", "4"]
    record = json.loads(book["scrplan"]["A1"].value)
    assert record["agency"]["short"] == "WMP" and record["due"] == "2024-06-29"
    entry = json.loads(book["scrplan"]["A2"].value)
    assert entry["file"] == "plans/child-q.yaml" and entry["id"] == "1"
    assert len(entry["file_hash"]) == len(entry["item_hash"]) == 16


def test_text_that_looks_like_a_formula_is_written_as_text(run, plans, tmp_path):
    import openpyxl

    text = (plans / "child-q.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        action: Brief the police safeguarding leads.",
        '        action: "=HYPERLINK(\\"http://evil.example\\",\\"Click\\")"',
    ).replace("      - note: Attendance audit started.", '      - note: "+44 121 626 5000 called"')
    (plans / "child-q.yaml").write_text(text, encoding="utf-8")
    request(run, "-o", "wmp.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "wmp.xlsx")["Updates"]
    action, latest = sheet["E3"], sheet["I2"]
    assert action.value == '=HYPERLINK("http://evil.example","Click")'
    assert action.data_type == "s" and action.quotePrefix
    assert latest.value == "10 Jan 2024: +44 121 626 5000 called (WMP)"
    raw = __import__("zipfile").ZipFile(tmp_path / "wmp.xlsx").read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in raw  # no cell holds a formula


def test_control_characters_in_a_return_never_reach_the_plan(run, plans, tmp_path):
    request(run, "-o", "wmp.xlsx")
    fill_workbook(
        tmp_path / "wmp.xlsx",
        tmp_path / "back.xlsx",
        {
            "child-r:1": {
                "New progress note": "Audit\u202e done_x001B_[31m in\tMay\r\nsecond\u200b line"
            }
        },
    )
    result = run("apply", "back.xlsx", "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    assert "      - note: >\n          Audit done[31m in May\n\n          second line\n" in (
        plans / "child-r.yaml"
    ).read_text(encoding="utf-8")


def test_a_return_cannot_point_at_a_file_outside_the_folder(run, plans, tmp_path):
    import json

    import openpyxl

    request(run, "-o", "wmp.xlsx")
    book = openpyxl.load_workbook(tmp_path / "wmp.xlsx")
    record = book["scrplan"]
    entry = json.loads(record["A7"].value)
    entry["file"] = "../elsewhere/child-r.yaml"
    record["A7"].value = json.dumps(entry)
    book["Updates"]["K7"].value = "A note."
    book.save(tmp_path / "back.xlsx")
    result = run("apply", "back.xlsx", "--format", "json")
    assert refusals(result) == [
        (
            "Updates!B7",
            "child-r:1",
            "the plan file ../elsewhere/child-r.yaml this row came from is not in this folder: "
            "run scrplan apply in the folder where the request was made",
        )
    ]


def test_a_workbook_scrplan_did_not_write_is_refused(run, plans, tmp_path):
    from office import xlsx_file

    xlsx_file(tmp_path / "plan.xlsx", {"Sheet1": [["Ref", "Progress"], ["1", "Done"]]})
    result = run("apply", "plan.xlsx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "scrplan: plan.xlsx is not an update request written by scrplan (it has no record "
        "sheet): apply the workbook scrplan request wrote, filled in\n"
    )
    (tmp_path / "notes.txt").write_text("hello")
    result = run("apply", "notes.txt")
    assert result.exit_code == 2
    assert "is not a return scrplan reads" in result.stderr


def test_without_lead_one_request_per_agency(run, plans, tmp_path):
    result = run("request", "plans/", "--out-dir", "out", "--as-of", AS_OF, "--due", "2024-06-30")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "business-unit-update-request-2024-06-30.xlsx",
        "csc-update-request-2024-06-30.xlsx",
        "icb-update-request-2024-06-30.xlsx",
        "wmp-update-request-2024-06-30.xlsx",
    ]
    assert result.stderr == (
        "wrote out/wmp-update-request-2024-06-30.xlsx\n"
        "  6 items for West Midlands Police (WMP), due back by 2024-06-30\n"
        "wrote out/business-unit-update-request-2024-06-30.xlsx\n"
        "  1 item for Business unit, due back by 2024-06-30\n"
        "wrote out/icb-update-request-2024-06-30.xlsx\n"
        "  3 items for Northshire ICB (ICB), due back by 2024-06-30\n"
        "wrote out/csc-update-request-2024-06-30.xlsx\n"
        "  1 item for Northshire Children's Services (CSC), due back by 2024-06-30\n"
    )
    result = run("request", "plans/", "-o", "x.xlsx")
    assert result.exit_code == 2
    assert "give --lead AGENCY" in result.stderr
    result = run("request", "plans/", "--lead", "Fire service", "-o", "x.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        'scrplan: no agency or lead is called "Fire service" in these plans; the leads are: '
        "Business unit, Northshire Children's Services, Northshire ICB, West Midlands Police\n"
    )


# --- on a branch of its own --------------------------------------------------------------


def test_commit_puts_the_return_on_a_branch_and_touches_nothing_else(run, tmp_path, monkeypatch):
    from gitrepo import make_repo

    repo = make_repo(tmp_path, monkeypatch)
    board(repo.path)
    repo.write("notes.txt", "board notes\n")
    repo.commit("plans")
    repo.git("config", "user.name", "Board Manager")
    repo.git("config", "user.email", "manager@example.org")
    request(run, "-o", "wmp.xlsx")
    fill_workbook(
        repo.path / "wmp.xlsx",
        repo.path / "back.xlsx",
        {
            "child-r:1": {
                "New progress note": "Checklist audited.",
                "New RAG": "1",
                "Evidence": "Audit of 20 referrals: every adult checked (report to the board).",
            }
        },
        day="28/06/2024",
    )
    # Other work in progress, not committed: it must stay exactly as it is.
    repo.edit("notes.txt", "board notes\n", "board notes, draft\n")
    repo.edit("plans/child-q.yaml", "title: Child Q action plan", "title: Child Q plan")
    repo.git("add", "plans/child-q.yaml")
    status = repo.git("status", "--porcelain")
    tree = {p: p.read_bytes() for p in (repo.path / "plans").glob("*.yaml")}
    result = run("apply", "back.xlsx", "--commit")
    assert result.exit_code == 0, result.output
    assert "Committed on the branch returns/wmp-2024-06-28" in result.stdout
    assert repo.git("status", "--porcelain") == status
    assert {p: p.read_bytes() for p in (repo.path / "plans").glob("*.yaml")} == tree
    assert repo.git("rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert (
        repo.git("diff", "--name-only", "main", "returns/wmp-2024-06-28") == "plans/child-r.yaml\n"
    )
    shown = repo.git("diff", "main", "returns/wmp-2024-06-28")
    assert "-    rag: 2\n+    rag: 1\n" in shown
    assert "+        date: 2024-06-28\n+        by: WMP\n" in shown
    log = repo.git("log", "-1", "--format=%an%n%B", "returns/wmp-2024-06-28")
    assert log.startswith(
        "Board Manager\nReturn from West Midlands Police (WMP), dated 2024-06-28\n\n"
        "Requested on 2024-06-01, due 2024-06-29; 1 item changed, applied with scrplan apply.\n\n"
        "child-r:1  RAG: 2 → 1, evidence recorded, completed 2024-06-28, progress note added "
        "(2024-06-28, by WMP)\n"
    )
    # The same return again: the branch is there already.
    again = run("apply", "back.xlsx", "--commit")
    assert again.exit_code == 3
    assert again.stderr.startswith("scrplan: a branch returns/wmp-2024-06-28 exists already")


def test_commit_refuses_a_plan_with_uncommitted_changes(run, tmp_path, monkeypatch):
    from gitrepo import make_repo

    repo = make_repo(tmp_path, monkeypatch)
    board(repo.path)
    repo.commit("plans")
    request(run, "-o", "wmp.xlsx")
    fill_workbook(
        repo.path / "wmp.xlsx",
        repo.path / "back.xlsx",
        {"child-r:1": {"New progress note": "Checklist audited."}},
    )
    repo.edit("plans/child-r.yaml", "subject: Child R", "subject: Child R (LCSPR)")
    before = (repo.path / "plans" / "child-r.yaml").read_bytes()
    result = run("apply", "back.xlsx", "--commit")
    assert result.exit_code == 3
    assert result.stderr == (
        "scrplan: plans/child-r.yaml has changes that are not committed, and --commit would "
        "commit them with the return: commit or stash them first (git stash), or apply the "
        "return without --commit\n"
    )
    assert (repo.path / "plans" / "child-r.yaml").read_bytes() == before
    assert "returns/" not in repo.git("branch")


# --- chasing and the calendar ------------------------------------------------------------

CHASE_POLICE = """\
# What each agency owes, as of 2024-06-01

1 agency owes updates on 4 items.

## West Midlands Police (WMP)

- **Contact:** DI Sam Carter, Public Protection Unit, safeguarding@wmp.example
- **Owes:** 1 overdue, 1 due within 30 days, 2 with no recent update, 1 needing evidence

| Ref | Recommendation / action | Target | RAG | Owed |
|---|---|---|---|---|
| child-q:1 | Police to attend every strategy meeting in person or by video. | 2024-03 | amber | overdue since Mar 2024 (62 days); no update since 10 Jan 2024 |
| child-q:3 | Review how police share domestic abuse notifications with schools. | 2024-09-30 | red | no update since 1 Jul 2023 |
| child-q:2.1 | Brief the police safeguarding leads. | 2024-06-30 | green | due by 30 Jun 2024 |
| child-q:5 | Refresh police training on recognising neglect. | 2024-01-31 | blue | complete, but the evidence is "Done" |
"""


def test_chase_says_what_each_agency_owes(run, plans):
    import json

    result = run("chase", "plans/", "--lead", "police", "--as-of", AS_OF, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == CHASE_POLICE
    result = run("chase", "plans/", "--as-of", AS_OF, "--within", "60", "--format", "json")
    found = json.loads(result.stdout)
    assert [
        (a["short"], [(i["ref"], i["owed"]) for i in a["items"]]) for a in found["agencies"]
    ] == [
        ("ICB", [("child-q:2.2", ["due"])]),
        (
            "WMP",
            [
                ("child-q:1", ["overdue", "stale"]),
                ("child-q:3", ["stale"]),
                ("child-q:2.1", ["due"]),
                ("child-r:1", ["due"]),
                ("child-q:5", ["evidence"]),
            ],
        ),
    ]


def test_chase_writes_an_email_draft_per_agency_with_its_request(run, plans, tmp_path):
    import email
    import io
    from email import policy

    import openpyxl

    result = run("chase", "plans/", "--as-of", AS_OF, "--eml", "drafts")
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote drafts/icb-2024-06-29.eml\nwrote drafts/wmp-2024-06-29.eml\n"
    draft = (tmp_path / "drafts" / "wmp-2024-06-29.eml").read_bytes()
    message = email.message_from_bytes(draft, policy=policy.default)
    assert message["To"] == '"DI Sam Carter, Public Protection Unit" <safeguarding@wmp.example>'
    assert message["Subject"] == (
        "Action plan update requested by 29 Jun 2024: West Midlands Police (4 items)"
    )
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith(
        "Dear DI Sam Carter, Public Protection Unit,\n\n"
        "Northshire Safeguarding Children Partnership asks West Midlands Police\n"
        "for an update on the actions it leads, by Saturday 29 Jun 2024. It has 1\n"
        "overdue, 1 due within 30 days, 2 with no recent update, 1 needing\n"
        "evidence.\n\n"
        "What is owed:\n"
        "- child-q:1 (overdue since Mar 2024 (62 days); no update since 10 Jan 2024)\n"
        "  Police to attend every strategy meeting in person or by video.\n"
    )
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "wmp-update-request-2024-06-29.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attached.get_content()))
    assert book["Updates"].max_row == 7  # the header and the six items of its request


def test_calendar_events_keep_their_identifiers_when_dates_move(run, plans, tmp_path):
    import icalendar

    def events(name):
        calendar = icalendar.Calendar.from_ical((tmp_path / name).read_bytes())
        return {
            str(e["uid"]): (e.decoded("dtstart").isoformat(), str(e["summary"]))
            for e in calendar.walk("VEVENT")
        }

    result = run("calendar", "plans/", "-o", "first.ics", "--as-of", AS_OF, "--lead", "WMP")
    assert result.exit_code == 0, result.output
    first = events("first.ics")
    assert first == {
        "child-q.1.target@scrplan": (
            "2024-03-31",
            "Due: child-q:1 Police to attend every strategy meeting in person or by video.",
        ),
        "child-q.2.1.target@scrplan": (
            "2024-06-30",
            "Due: child-q:2.1 Brief the police safeguarding leads.",
        ),
        "child-q.3.target@scrplan": (
            "2024-09-30",
            "Due: child-q:3 Review how police share domestic abuse notifications with schools.",
        ),
        "child-q.4.target@scrplan": (
            "2024-12-31",
            "Due: child-q:4 Agree a joint protocol for children missing from home.",
        ),
        "child-q.next-review@scrplan": ("2024-09-12", "Board review of Child Q action plan"),
        "child-r.1.target@scrplan": (
            "2024-07-31",
            "Due: child-r:1 Police to check the records of every adult in the household at…",
        ),
    }
    assert run("set", "child-q:3", "target_date", "2024-11-30").exit_code == 0
    run("calendar", "plans/", "-o", "second.ics", "--as-of", AS_OF, "--lead", "WMP")
    second = events("second.ics")
    assert second.keys() == first.keys()
    assert second["child-q.3.target@scrplan"][0] == "2024-11-30"


# --- the documentation -------------------------------------------------------------------

DOC_ANSWERS = {
    "child-q:1": {
        "New progress note": "Attendance audit restarted: 7 of 10 meetings attended in May.",
        "New RAG": "Red",
        "New target date": "30/09/24",
        "Reason for the new target date": "The lead officer was on long-term leave.",
    },
    "child-q:2.1": {
        "New RAG": "B",
        "Evidence": "Briefing given to all 14 police safeguarding leads on 20 May; attendance list on file.",
        "Completed on": dt.datetime(2024, 5, 20),
    },
    "child-q:3": {"New RAG": "Gren"},
}


def test_the_loop_in_the_documentation_is_real(run, plans, tmp_path):
    """docs/returns.md shows each command with what it prints (standard output, then
    standard error); the answers typed are those its table describes."""
    import shlex

    from conftest import ROOT
    from test_docs import shown_after

    doc = ROOT / "docs" / "returns.md"
    commands = [
        "scrplan chase plans/ --lead WMP --as-of 2024-06-01",
        "scrplan request plans/ --lead WMP --as-of 2024-06-01 -o wmp-update-request.xlsx",
        "scrplan apply wmp-update-request.xlsx",
        "scrplan apply wmp-update-request.xlsx --partial --dry-run",
        "scrplan apply wmp-update-request.xlsx --partial",
    ]
    for command in commands:
        if command.startswith("scrplan apply") and not (tmp_path / "filled").exists():
            workbook = tmp_path / "wmp-update-request.xlsx"
            fill_workbook(workbook, workbook, DOC_ANSWERS, day="28/06/2024")
            (tmp_path / "filled").touch()
        result = run(*shlex.split(command)[1:])
        assert result.stdout + result.stderr == shown_after(doc, command), command
