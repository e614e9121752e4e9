"""The edit commands: set-rag, note, set, new — checked, atomic, serialised, never harmful."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from scrplan import fileio as files
from scrplan.edit.commands import set_rag
from scrplan.errors import EditError, ScrplanError
from scrplan.plan.load import load_plan

# About annotations and edits: the quality checks have tests of their own.
pytestmark = pytest.mark.usefixtures("no_quality_checks")

CHILD_M = ROOT / "plans" / "child-m.yaml"
ALPHA = FIXTURES / "board" / "alpha.yaml"
BETA = FIXTURES / "board" / "beta.yaml"
SCRIPT = Path(sys.executable).parent / "scrplan"


RATED = (
    '    # From the last note: "current target date May 2016 rag-rated red".\n'
    "    target_date: 2016-05\n"
    "    rag: red\n"
)


def child_m_rated() -> str:
    """The Child M plan with point 7 rated red, due May 2016: an item with a target, a colour
    and a comment of its own, for the edits to change."""
    text = CHILD_M.read_text(encoding="utf-8")
    start = text.index("    # No RAG or target here")
    end = text.index("    progress:", start)
    return text[:start] + RATED + text[end:]


@pytest.fixture
def plans(tmp_path, monkeypatch):
    """A working folder with plans/child-m.yaml (point 7 rated), alpha.yaml and beta.yaml."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "child-m.yaml").write_text(child_m_rated(), encoding="utf-8")
    for source in (ALPHA, BETA):
        shutil.copy(source, folder / source.name)
    monkeypatch.chdir(tmp_path)
    return folder


def changed(result):
    assert result.exit_code == 0, result.output
    return result.stderr


def test_set_rag_changes_one_line_and_says_so(run, plans):
    before = (plans / "child-m.yaml").read_bytes()
    assert changed(run("set-rag", "child-m:7", "amber")) == "child-m:7  RAG: red → amber\n"
    after = (plans / "child-m.yaml").read_bytes()
    assert after == before.replace(b"    rag: red\n", b"    rag: amber\n")


def test_set_rag_with_a_note(run, plans):
    out = changed(
        run(
            "set-rag",
            "child-m:1",
            "Green",
            "--note",
            "Timescales met in the audit",
            "--date",
            "2017-03-01",
            "--by",
            "CSC",
        )
    )
    assert out == "child-m:1  RAG: not rated → green, progress note added (2017-03-01)\n"
    text = (plans / "child-m.yaml").read_text(encoding="utf-8")
    assert (
        "          the Improvement Board (IB),\n"
        "      - note: Timescales met in the audit\n"
        "        date: 2017-03-01\n"
        "        by: CSC\n"
        "\n"
        "  - id: 2\n"
    ) in text
    assert (
        "      timescales for Strategy Meetings and assessments, are adhered to.\n    rag: green\n    progress:\n"
        in text
    )


def test_complete_needs_evidence_and_records_the_date(run, plans):
    before = (plans / "alpha.yaml").read_bytes()
    result = run("set-rag", "alpha:5", "blue")
    assert result.exit_code == 1
    assert result.stderr == (
        "scrplan: alpha:5 cannot be blue (Complete and evidenced) without evidence: add "
        '--evidence "what shows the work is done and has made a difference"\n'
    )
    assert (plans / "alpha.yaml").read_bytes() == before
    out = changed(
        run(
            "set-rag",
            "alpha:5",
            "blue",
            "--evidence",
            "Training log: 212 staff",
            "--date",
            "2024-05-01",
        )
    )
    assert out == "alpha:5  RAG: not rated → blue, evidence recorded, completed 2024-05-01\n"
    assert (
        (plans / "alpha.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            '    target_date: 2024-06-30\n    rag: blue\n    evidence: "Training log: 212 staff"\n'
            "    completed: 2024-05-01\n"
        )
    )


def test_leaving_complete_removes_the_completion_date(run, plans):
    out = changed(run("set-rag", "alpha:4", "amber"))
    assert out == "alpha:4  RAG: blue → amber, completed date removed\n"
    assert "completed: 2023-08-15" not in (plans / "alpha.yaml").read_text(encoding="utf-8")


def test_the_complete_colour_comes_from_the_plans_key(run, plans):
    result = run("set-rag", "beta:1", "blue")
    # A colour the key does not have is a bad argument: a usage error, as for any option.
    assert result.exit_code == 2
    assert "'blue' is not a colour in beta's RAG key; use one of: red, amber, green" in " ".join(
        result.stderr.split()
    )
    result = run("set-rag", "beta:1", "green")
    assert result.exit_code == 1 and "cannot be green (Achieved) without evidence" in result.stderr


def test_a_recommendation_with_actions_is_refused_with_a_hint(run, plans):
    result = run("set-rag", "alpha:2", "red")
    assert (result.exit_code, result.stderr) == (
        1,
        "scrplan: alpha:2 has actions, so its RAG comes from them; set the RAG of an action "
        "instead: alpha:2.1, alpha:2.2\n",
    )
    assert changed(run("set-rag", "alpha:2.2", "amber")) == "alpha:2.2  RAG: green → amber\n"


def test_invalid_colour_and_unknown_item_leave_the_file_alone(run, plans):
    before = (plans / "child-m.yaml").read_bytes()
    result = run("set-rag", "child-m:7", "purple")
    assert result.exit_code == 2
    assert (
        "'purple' is not a colour in child-m's RAG key; use one of: red, amber, green, blue"
        in " ".join(result.stderr.split())
    )
    result = run("set-rag", "child-m:7", "gren")
    assert result.exit_code == 2 and "did you mean green?" in result.stderr
    result = run("set-rag", "child-m:70", "red")
    assert result.exit_code == 1
    assert result.stderr.startswith("scrplan: child-m has no item 70; its ids are: 1, 2, 3")
    assert (plans / "child-m.yaml").read_bytes() == before


def test_setting_the_same_colour_writes_nothing(run, plans):
    mtime = (plans / "child-m.yaml").stat().st_mtime_ns
    result = run("set-rag", "child-m:7", "red")
    assert (result.exit_code, result.stderr) == (
        0,
        "plans/child-m.yaml: nothing to change; it already says that\n",
    )
    assert (plans / "child-m.yaml").stat().st_mtime_ns == mtime


def test_dry_run_prints_the_diff_and_writes_nothing(run, plans):
    before = (plans / "child-m.yaml").read_bytes()
    result = run("set-rag", "child-m:7", "amber", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- a/plans/child-m.yaml\n"
        "+++ b/plans/child-m.yaml\n"
        "@@ -172,7 +172,7 @@\n"
        "       Safeguarding Leads should play a key role in this promotion.\n"
        '     # From the last note: "current target date May 2016 rag-rated red".\n'
        "     target_date: 2016-05\n"
        "-    rag: red\n"
        "+    rag: amber\n"
        "     progress:\n"
        "       # This first note reads as if it belongs to point 6 (Designated Nurses); it is\n"
        "       # kept where the published plan puts it.\n"
    )
    assert result.stderr == "would change child-m:7  RAG: red → amber\n"
    assert (plans / "child-m.yaml").read_bytes() == before


def test_an_invalid_plan_is_not_edited(run, plans):
    path = plans / "child-m.yaml"
    broken = path.read_text(encoding="utf-8").replace("    rag: red\n", "    rag: purple\n")
    path.write_text(broken, encoding="utf-8")
    result = run("note", "child-m:7", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith("plans/child-m.yaml:175:10: error: recommendation 7: `rag`")
    assert path.read_text(encoding="utf-8") == broken


def test_read_only_file(run, plans):
    path = plans / "child-m.yaml"
    path.chmod(0o444)
    result = run("set-rag", "child-m:7", "amber")
    assert (result.exit_code, result.stderr) == (
        1,
        "scrplan: plans/child-m.yaml: this file is read-only, so it cannot be changed\n",
    )
    assert "rag: red" in path.read_text(encoding="utf-8")


def test_note_from_standard_input_keeps_each_line_as_a_paragraph(run, plans):
    out = changed(
        run(
            "note",
            "child-m:9",
            "-",
            "--date",
            "2017-03-10",
            input=" First line.\n\nSecond line.  \n",
        )
    )
    assert out == "child-m:9  progress note added (2017-03-10)\n"
    text = (plans / "child-m.yaml").read_text(encoding="utf-8")
    assert (
        "      - note: >\n          First line.\n\n          Second line.\n        date: 2017-03-10\n"
        in text
    )


def test_empty_note_is_refused(run, plans):
    result = run("note", "child-m:9", "   ")
    assert result.exit_code == 2  # a usage error, like every bad argument
    assert "Invalid value for TEXT: the note is empty: write what has happened" in result.stderr


def test_set_fields(run, plans):
    assert changed(run("set", "child-m:7", "target_date", "2017-09")) == (
        "child-m:7  target_date: 2016-05 → 2017-09\n"
    )
    assert changed(run("set", "child-m:7", "lead", "DSCB", "CCG")) == (
        "child-m:7  lead: (none) → DSCB, CCG\n"
    )
    assert changed(run("set", "child-m:7", "timescale", "--clear")) == (
        "plans/child-m.yaml: nothing to change; it already says that\n"
    )
    text = (plans / "child-m.yaml").read_text(encoding="utf-8")
    # The new key goes after `recommendation`, above the comment that belongs to target_date.
    assert (
        "      Safeguarding Leads should play a key role in this promotion.\n"
        "    lead: [DSCB, CCG]\n"
        '    # From the last note: "current target date May 2016 rag-rated red".\n'
        "    target_date: 2017-09\n"
        "    rag: red\n"
    ) in text


def test_set_refuses_bad_dates_and_unknown_fields_as_usage_errors(run, plans):
    # A bad value or field is a bad argument: exit 2, as for a bad option.
    def refused(*args):
        result = run("set", "child-m:7", *args)
        assert result.exit_code == 2, result.output
        return " ".join(result.stderr.split())

    assert refused("target_date", "31/09/2017").endswith(
        "Error: Invalid value for VALUE: target_date: 31/09/2017 is not a real date: "
        "September 2017 has 30 days"
    )
    assert refused("rag", "red").endswith(
        "Invalid value for FIELD: rag has its own command: set the RAG with scrplan set-rag, "
        "add progress with scrplan note"
    )
    assert refused("owner", "WMP").endswith(
        "Invalid value for FIELD: owner is not a field set can change; did you mean lead? it "
        "changes lead, target_date, timescale, evidence, completed, themes, and the fields of "
        "impact, verified and closed (impact.measure, impact.review_date...)"
    )


def test_set_rag_refuses_by_and_date_that_no_note_would_hold(run, plans):
    result = run("set-rag", "child-m:7", "amber", "--by", "DSCB")
    assert result.exit_code == 2
    assert "--by says who gave the progress note: give the note too, with --note TEXT" in " ".join(
        result.stderr.split()
    )
    result = run("set-rag", "child-m:7", "amber", "--date", "2017-03-01")
    assert result.exit_code == 2
    assert "--date is the date of the progress note" in " ".join(result.stderr.split())


def test_a_note_that_starts_with_a_dash_says_how_to_give_it(run, plans):
    result = run("note", "child-m:4", "- Training done")
    assert result.exit_code == 2
    assert "a note that starts with - reads as an option: put -- before it" in " ".join(
        result.stderr.split()
    )
    result = run("note", "child-m:4", "--date", "2017-03-01", "--", "- Training done")
    assert result.exit_code == 0, result.output
    assert '      - note: "- Training done"\n' in (plans / "child-m.yaml").read_text(
        encoding="utf-8"
    )
    result = run(
        "note", "child-m:5", "-", "--date", "2017-03-01", input="- Read from the keyboard\n"
    )
    assert result.exit_code == 0, result.output


def test_new_plan_is_valid_and_never_overwrites(run, plans):
    result = run(
        "new", "plans/child-q.yaml", "--title", "Child Q: LCSPR action plan", "--subject", "Child Q"
    )
    assert result.exit_code == 0, result.output
    text = (plans / "child-q.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/action-plan.schema.json\n")
    assert 'title: "Child Q: LCSPR action plan"\nsubject: Child Q\n' in text
    assert run("validate", "plans/child-q.yaml").exit_code == 0
    again = run("new", "plans/child-q.yaml", "--title", "Other")
    assert (again.exit_code, again.stderr) == (
        1,
        "scrplan: plans/child-q.yaml already exists; scrplan new never overwrites a plan\n",
    )
    assert (plans / "child-q.yaml").read_text(encoding="utf-8") == text


def test_new_plan_points_its_modeline_at_the_schema(run, tmp_path, monkeypatch):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "action-plan.schema.json").write_text("{}")
    (tmp_path / "plans" / "2024").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert run("new", "plans/2024/q.yaml", "--title", "Q").exit_code == 0
    first = (tmp_path / "plans" / "2024" / "q.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/action-plan.schema.json"


def test_bom_and_crlf_survive_an_edit(run, plans):
    path = plans / "child-m.yaml"
    original = "\ufeff" + child_m_rated().replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    changed(run("note", "child-m:7", "Checked", "--date", "2017-04-01"))
    after = path.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff# yaml-language-server")
    assert "\n" not in after.replace("\r\n", "")
    assert (
        after.replace("        date: 2017-04-01\r\n", "").replace("      - note: Checked\r\n", "")
        == original
    )


def test_a_failed_write_leaves_the_original_and_no_temporary_file(plans, monkeypatch):
    path = plans / "child-m.yaml"
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(ScrplanError, match=r"cannot write plans/child-m\.yaml: No space left"):
        set_rag("child-m:7", "amber")
    assert path.read_bytes() == before
    assert sorted(p.name for p in plans.iterdir()) == ["alpha.yaml", "beta.yaml", "child-m.yaml"]


def test_a_file_changed_meanwhile_is_not_overwritten(plans, monkeypatch):
    from scrplan.edit import transaction as updates

    path = plans / "child-m.yaml"
    reads = []
    real_read = updates.read_plan_bytes

    def read(target):
        reads.append(target)
        if len(reads) == 2:  # the check just before writing: another program saved meanwhile
            path.write_bytes(path.read_bytes() + b"# added by another program\n")
        return real_read(target)

    monkeypatch.setattr(updates, "read_plan_bytes", read)
    with pytest.raises(EditError, match="changed on disk while scrplan was editing it"):
        set_rag("child-m:7", "amber")
    assert path.read_bytes().endswith(b"# added by another program\n")
    assert b"rag: red" in path.read_bytes()


def _note_at_once(folder, number, barrier):
    """One of several processes editing the same plan at the same moment."""
    import datetime as dt

    from scrplan.edit.commands import add_note

    os.chdir(folder)
    barrier.wait(timeout=30)
    add_note(f"child-m:{number}", f"Parallel update {number}", day=dt.date(2017, 5, 1))


@pytest.mark.skipif(os.name != "posix", reason="forks processes that are already set up")
def test_ten_edits_at_once_all_land(plans, monkeypatch):
    """Ten processes edit one plan at the same moment: the folder lock serialises them, so
    every note lands and the plan stays valid. The processes are forked with scrplan already
    imported, so the test pays for the edits, not for ten interpreters starting."""
    import multiprocessing

    monkeypatch.setenv("SCRPLAN_CACHE", "off")
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(10)
    procs = [
        context.Process(target=_note_at_once, args=(plans.parent, n, barrier)) for n in range(1, 11)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    text = (plans / "child-m.yaml").read_text(encoding="utf-8")
    for n in range(1, 11):
        assert f"      - note: Parallel update {n}\n" in text
    assert load_plan(plans / "child-m.yaml").ok


def git(cwd, *args):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_shows_only_the_intended_lines(run, plans):
    repo = plans.parent
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "plans")
    changed(run("set-rag", "child-m:7", "amber"))
    changed(
        run(
            "note",
            "child-m:7",
            "Framework agreed by the board",
            "--date",
            "2017-03-01",
            "--by",
            "DSCB",
        )
    )
    numstat = git(repo, "diff", "--numstat")
    assert numstat == "4\t1\tplans/child-m.yaml\n"
    diff = git(repo, "diff", "-U0")
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == [
        "-    rag: red",
        "+    rag: amber",
        "+      - note: Framework agreed by the board",
        "+        date: 2017-03-01",
        "+        by: DSCB",
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(run, plans):
    path = plans / "child-m.yaml"
    path.chmod(0)
    try:
        result = run("set-rag", "child-m:7", "amber")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert result.stderr == (
        "plans/child-m.yaml: error: this file cannot be read: Permission denied [unreadable]\n"
    )


def test_a_linked_plan_is_changed_where_it_lives(run, plans, tmp_path):
    # A link that stays inside the plans' repository; one that leaves it is refused.
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    real = tmp_path / "shared-drive" / "child-m.yaml"
    real.parent.mkdir()
    (plans / "child-m.yaml").rename(real)
    (plans / "child-m.yaml").symlink_to(real)
    changed(run("set-rag", "child-m:7", "amber"))
    assert (plans / "child-m.yaml").is_symlink()
    assert "    rag: amber\n" in real.read_text(encoding="utf-8")
