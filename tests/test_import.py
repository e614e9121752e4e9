"""`scrplan import`: the Child M source text, the command line, and files it cannot read."""

from __future__ import annotations

import re
import shlex
import zipfile

import pytest

from conftest import FIXTURES, ROOT
from office import docx_file
from scrplan.plan.load import load_plan
from scrplan.plan.yamltree import load_plan_text

CHILD_M = FIXTURES / "source" / "child-m-action-plan.txt"


def folded(text):
    return " ".join(text.split()) if isinstance(text, str) else text


def texts(data):
    """Each recommendation's texts, whitespace folded: what the import must get right."""
    return [
        {
            "id": rec["id"],
            "learning": folded(rec.get("learning")),
            "recommendation": folded(rec["recommendation"]),
            "progress": [folded(p["note"]) for p in rec.get("progress", [])],
        }
        for rec in data["recommendations"]
    ]


# --- Child M: the extracted text of a published plan -------------------------------------------


@pytest.fixture(scope="module")
def child_m(tmp_path_factory):
    from scrplan.importer import import_plan

    return import_plan(CHILD_M, "plans/child-m.yaml")


def test_child_m_gives_the_hand_made_plans_texts(child_m):
    imported, _ = load_plan_text(ROOT / "plans" / "child-m.yaml")
    built = child_m.built.data
    assert len(built["recommendations"]) == 11
    assert texts(built) == texts(imported.data)


def test_child_m_plan_details(child_m):
    data = child_m.built.data
    hand = load_plan(ROOT / "plans" / "child-m.yaml").plan
    assert data["title"] == hand.title
    assert data["partnership"] == hand.partnership
    assert data["review"] == hand.review
    assert data["subject"] == hand.subject
    assert folded(data["summary"]) == folded(hand.summary)
    assert data["summary"].count("\n") == 3  # three paragraphs


def test_child_m_repeated_passage_and_cut_text_are_marked(child_m):
    text = child_m.text
    four = text[text.index("  - id: 4") : text.index("  - id: 5")]
    assert four.count("All front line officers have received DA training") == 1
    assert (
        "      # Check: a passage of 40 words was written twice in a row in the source (as PDF\n"
        '      # extraction sometimes does); the second copy was left out. It begins "All front\n'
    ) in four
    one = text[text.index("  - id: 1") : text.index("  - id: 2")]
    assert '# Check: the text stops mid-sentence ("...to the Improvement Board (IB),")' in one
    assert [c.message.split(" (")[0] for _, c in child_m.checks] == [
        "title, partnership and review read from the text above the table; subject worked out from the title: check them",
        "the text stops mid-sentence",
        "a passage of 40 words was written twice in a row in the source",
    ]


def test_child_m_writes_a_valid_plan_in_the_house_layout(run, tmp_path):
    out = tmp_path / "plans" / "child-m.yaml"
    result = run("import", CHILD_M, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/action-plan.schema.json"
    assert lines[2].startswith("# Imported by scrplan from child-m-action-plan.txt.")
    assert "  - id: 7\n    learning: >\n      All practitioners, working with" in text
    assert max(len(line) for line in lines) <= 90
    assert run("validate", out).exit_code == 0
    assert result.stderr.startswith(
        "Read 11 rows; dropped 5 repeated header rows; rejoined 4 rows split by page breaks.\n"
        "Columns:\n"
        "  Learning or Improvement Point   learning\n"
        "  Recommendation                  recommendation\n"
        "  Progress/Comment                progress (a note for each paragraph)\n"
        "  RAG Status                      rag (from the text, or the cell's colour)\n"
        f"Wrote {out}: 11 recommendations, 0 actions, 33 progress notes.\n"
        "3 things to check, marked # Check: in the plan:\n"
        f"  {out}:8: title, partnership and review read from the text above the table; "
        "subject worked out from the title: check them\n"
    )
    # Each check names the line of the plan it is marked on.
    for line in re.findall(rf"{re.escape(str(out))}:(\d+): ", result.stderr):
        assert lines[int(line) - 2].lstrip().startswith("#")


# --- the command line -------------------------------------------------------------------------


PLAN_CSV = (
    "Ref,Recommendation,Lead,Target date,Progress,RAG\n"
    '1,Refresh the escalation policy.,Business unit,31/03/2024,"Draft circulated.\nApproved.",Green\n'
    "2,Train GP practice staff.,ICB,Ongoing,,\n"
)


@pytest.fixture
def csv_plan(write):
    return write(PLAN_CSV, "plan.csv")


def test_import_csv(run, csv_plan, tmp_path):
    out = tmp_path / "plans" / "plan.yaml"
    result = run("import", csv_plan, "-o", out, "--title", "Child Q action plan")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schemas/action-plan.schema.json\n"
        "#\n"
        '# Imported by scrplan from plan.csv. Compare it with the source, then delete each "Check:"\n'
        "# comment once it is dealt with.\n"
        "\n"
        "# Check: subject worked out from the title: check it\n"
        "title: Child Q action plan\n"
        "subject: Child Q\n"
        "\n"
        "recommendations:\n"
        "  - id: 1\n"
        "    recommendation: >\n"
        "      Refresh the escalation policy.\n"
        "    lead: Business unit\n"
        "    target_date: 2024-03-31\n"
        "    rag: green\n"
        "    progress:\n"
        "      - note: >\n"
        "          Draft circulated.\n"
        "      - note: >\n"
        "          Approved.\n"
        "\n"
        "  - id: 2\n"
        "    recommendation: >\n"
        "      Train GP practice staff.\n"
        "    lead: ICB\n"
        "    timescale: Ongoing\n"
    )


def test_dry_run_prints_the_plan_and_writes_nothing(run, csv_plan, tmp_path):
    out = tmp_path / "plan.yaml"
    result = run("import", csv_plan, "-o", out, "--dry-run", "--title", "T")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# yaml-language-server:")
    assert "title: T\n" in result.stdout
    assert result.stderr.endswith(
        "The plan has: 2 recommendations, 0 actions, 2 progress notes.\n"
        "None of the 2 items is doubtful.\n"
    )
    assert not out.exists()


def test_never_overwrites_without_force(run, csv_plan, write):
    out = write("title: kept\n", "plans/plan.yaml")
    result = run("import", csv_plan, "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"scrplan: {out} already exists: give --force to replace it, or another name with -o\n"
    )
    assert out.read_text(encoding="utf-8") == "title: kept\n"
    result = run("import", csv_plan, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "Refresh the escalation policy." in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Invalid value for -o: none given; name the plan file to write, e.g. -o"),
        (("-o", "plan.txt"), "Invalid value for -o: plan.txt is not a .yaml file"),
        (("--dry-run", "--title", " "), "Invalid value for --title: the title is empty"),
    ],
)
def test_usage_errors(run, csv_plan, args, message):
    result = run("import", csv_plan, *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", "").split())


# --- files it cannot read: one clear line, exit 1, no plan written ---------------------------


def docx_without_tables(path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Minutes of the board meeting. No action plan here.")
    doc.save(path)


def corrupt_xlsx(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not really a workbook")


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "minutes.docx",
            docx_without_tables,
            "minutes.docx: there is no table in this file. scrplan imports a plan kept as a table",
        ),
        (
            "plan.xlsx",
            corrupt_xlsx,
            "plan.xlsx: this is not an Excel workbook scrplan can read",
        ),
        ("empty.csv", lambda p: p.write_bytes(b""), "empty.csv: this file is empty"),
        ("blank.txt", lambda p: p.write_bytes(b"\r\n \n"), "blank.txt: this file is empty"),
        (
            "plan.pdf",
            lambda p: p.write_bytes(b"%PDF-1.4"),
            "plan.pdf: this is not a PDF scrplan can read: it may be damaged or protected by a "
            "password",
        ),
        (
            "plan.doc",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"),
            "plan.doc: scrplan cannot read .doc files; open it in Word (or LibreOffice Writer) "
            "and save it as a Word Document (.docx), and import that",
        ),
        (
            "plan.odt",
            lambda p: p.write_bytes(b"PK\x03\x04"),
            "plan.odt: scrplan cannot read .odt files; open it in LibreOffice Writer and save it "
            "with File, Save As, as a Word document (.docx), and import that",
        ),
        (
            "plan.ods",
            lambda p: p.write_bytes(b"PK\x03\x04"),
            "plan.ods: scrplan cannot read .ods files; open it in LibreOffice Calc and save it "
            "with File, Save As, as an Excel workbook (.xlsx), and import that",
        ),
        (
            "plan.xls",
            lambda p: p.write_bytes(b"Ref,Recommendation\n1,x\n"),
            "plan.xls: this is not an Excel workbook scrplan can read: it may be damaged, or "
            "another kind of file saved with an .xls name",
        ),
        (
            "plan.xlsx",
            lambda p: p.write_bytes(b"Ref,Recommendation\n1,x\n"),
            "plan.xlsx: this is not an Excel workbook scrplan can read",
        ),
        (
            "notes.txt",
            lambda p: p.write_text("Some notes\nwith no table at all\n"),
            "notes.txt: there is no table in this file",
        ),
        (
            "letters.docx",
            lambda p: docx_file(p, [[["Dear colleague", "Thank you"], ["Yours", "Chair"]]]),
            "letters.docx: no header row found. scrplan looks for a row of column headings",
        ),
        (
            "headers.csv",
            lambda p: p.write_text("Recommendation,Lead,RAG\n"),
            "headers.csv: the table has a header row but no rows under it",
        ),
        (
            "missing.csv",
            None,
            "missing.csv: this file does not exist",
        ),
    ],
)
def test_files_it_cannot_read(run, tmp_path, name, make, message):
    source = tmp_path / name
    if make is not None:
        make(source)
    out = tmp_path / "plans" / "out.yaml"
    result = run("import", source, "-o", out)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"scrplan: {tmp_path / message.split(':')[0]}:")
    assert message.split(": ", 1)[1] in result.stderr
    assert result.stderr.count("\n") == 1  # one line
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_output_that_is_a_folder(run, csv_plan, tmp_path):
    folder = tmp_path / "plans.yaml"
    folder.mkdir()
    result = run("import", csv_plan, "-o", folder)
    assert result.exit_code == 1
    assert result.stderr == (
        f"scrplan: {folder} is a folder: give the plan file to write, with -o\n"
    )


def test_the_documented_example_is_real(run, tmp_path, monkeypatch):
    doc = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    csv_text, report = re.findall(r"```text\n(.*?)```", doc, re.S)
    plan = re.findall(r"```yaml\n(.*?)```", doc, re.S)[1]
    command = re.search(r"`(scrplan import plan\.csv [^`]*)`", doc)[1]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.csv").write_text(csv_text, encoding="utf-8")
    result = run(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "plans" / "child-q.yaml").read_text(encoding="utf-8") == plan
    assert result.stderr == report


def test_a_date_that_cannot_be_real_is_marked_to_check(run, write):
    source = write(
        "Recommendation,Target Date\nDo a thing,02/30/2024\nDo another,31/03/2024\n", "p.csv"
    )
    result = run("import", source, "-n")
    assert result.exit_code == 0, result.output
    assert "    timescale: 02/30/2024\n" in result.stdout
    assert "    target_date: 2024-03-31\n" in result.stdout
    assert 'the target "02/30/2024" is written like a date but is not a real one' in result.stderr
