"""Problems as text for people, JSON for tools, and annotations for GitHub Actions.

One formatter per output; every command that reports problems uses these, so a problem looks
the same from ``validate``, ``status`` or ``set-rag``. No rich here: validating in CI should not
pay for a terminal library.

A problem quotes the plan (its file name, the value at fault, the line), and the plan may come
from anyone who can open a pull request: each formatter shows that text so that it cannot
command a terminal or GitHub Actions (:func:`scrplan.words.visible`, the workflow-command
escapes, and ``stop-commands`` around the problems printed as plain lines).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from typing import TextIO

from scrplan.errors import Problem
from scrplan.words import plural, visible

JSON_VERSION = 1


def format_problem(problem: Problem) -> str:
    """``path:line:col: severity: message [code]``, then the source line with a caret under it.

    The first line is what editors and CI log viewers recognise as a clickable location; it
    stays one line whatever the file's name or the message quotes.
    """
    loc = problem.location
    head = visible(f"{loc}: {problem.severity}: {problem.message} [{problem.code}]", one_line=True)
    if problem.excerpt is None or not loc.line:
        return head
    # A tab would be drawn several columns wide and push the caret off its character; other
    # invisible characters are shown as one, so the caret still points at them.
    excerpt = "".join(
        "\u2192" if ch == "\t" else ch if ch.isprintable() else "\ufffd" for ch in problem.excerpt
    )
    gutter = f"{loc.line:>5} | "
    col = problem.excerpt_col or loc.col
    caret = " " * (len(gutter) - 2) + "| " + " " * max(col - 1, 0) + "^"
    return f"{head}\n{gutter}{excerpt}\n{caret}"


def summary(problems: Sequence[Problem], files: int) -> str:
    """One line: how many files were checked and what was found."""
    errors = sum(p.is_error for p in problems)
    bad_files = len({p.location.path for p in problems})
    return summary_line(errors, len(problems) - errors, bad_files, files)


def summary_line(errors: int, warnings: int, bad_files: int, files: int) -> str:
    """:func:`summary`, from the counts."""
    # No plan file is checked only when a settings file was named on its own.
    checked = f"Checked {plural(files, 'plan file')}" if files else "Checked the settings"
    if not errors and not warnings:
        return f"{checked}: no problems."
    parts = []
    if errors:
        parts.append(plural(errors, "error"))
    if warnings:
        parts.append(plural(warnings, "warning"))
    where = plural(bad_files, "file")
    return f"{checked}: {' and '.join(parts)} in {where}."


def as_text(problems: Sequence[Problem], files: int) -> str:
    """Every problem, a blank line between each, then the summary."""
    blocks = [format_problem(p) for p in problems]
    return "\n\n".join([*blocks, summary(problems, files)]) + "\n"


def write_text(groups: Iterable[Sequence[Problem]], files: int, out: TextIO) -> None:
    """:func:`as_text` of every problem of ``groups`` (a plan's problems, say), each group
    written before the next is read: a hundred thousand warnings are never all in memory."""
    errors = warnings = 0
    paths: set[str] = set()
    sep = ""
    for group in groups:
        if not group:
            continue
        out.write(sep + "\n\n".join(format_problem(p) for p in group))
        sep = "\n\n"
        for p in group:
            errors += p.is_error
            paths.add(p.location.path)
        warnings += len(group)
    out.write(sep + summary_line(errors, warnings - errors, len(paths), files) + "\n")


def problem_record(p: Problem) -> dict[str, object]:
    """One problem for JSON: 1-based line and column, the YAML path and the source line."""
    return {
        "file": p.location.path,
        "line": p.location.line,
        "column": p.location.col,
        "severity": p.severity,
        "code": p.code,
        "message": p.message,
        "path": p.dotted_path,
        "excerpt": p.excerpt,
    }


def as_json(problems: Sequence[Problem], files: int) -> str:
    """A JSON document: the counts, then one object per problem (1-based lines and columns)."""
    from scrplan.output.formats import json_text

    errors = sum(p.is_error for p in problems)
    doc = {
        "version": JSON_VERSION,
        "files_checked": files,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [problem_record(p) for p in problems],
    }
    return json_text(doc)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# GitHub shows at most 10 error and 10 warning annotations per step (50 per job) and silently
# drops the rest; past the cap, problems go in the log as plain lines and in the step summary.
ANNOTATIONS_SHOWN = 10
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
SUMMARY_BUDGET = 900_000  # characters: GitHub refuses a step summary over 1 MiB


def _shown(text: str) -> str:
    """Text for an annotation: stand-ins for what no output shows as it is, but carriage
    returns kept, as the escapes write them (``%0D``)."""
    return "\r".join(visible(part) for part in text.split("\r"))


def _annotation(p: Problem) -> str:
    props = [f"file={_escape_property(_shown(p.location.path))}"]
    if p.location.line:
        props += [f"line={p.location.line}", f"col={p.location.col}"]
    props.append(f"title={_escape_property('scrplan: ' + p.code)}")
    return f"::{p.severity} {','.join(props)}::{_escape_data(_shown(p.message))}"


def _plain_lines(lines: list[str]) -> list[str]:
    """``lines`` for a GitHub Actions log with every workflow command in them switched off.

    Each line is already one line, but a file name or a message could still start with ``::``
    or hold ``##[``; between ``::stop-commands::TOKEN`` and ``::TOKEN::`` the runner obeys
    nothing. The token is a hash of the lines themselves, so the output is the same every run,
    and no text can hold the token that ends it (it would have to contain its own hash).
    """
    token = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32]
    return [f"::stop-commands::{token}", *lines, f"::{token}::"]


def as_github(problems: Sequence[Problem], files: int) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``), then the summary.

    At most 10 errors and 10 warnings become annotations, as GitHub shows no more; the others
    are printed as plain ``path:line:col`` lines, with workflow commands switched off around
    them, and a notice says how many and where to look. Every line that holds text from a plan
    is escaped as workflow commands require, or is inside the switched-off part.
    """
    lines = []
    shown = {"error": 0, "warning": 0}
    rest = []
    for p in problems:
        if shown.get(p.severity, 0) < ANNOTATIONS_SHOWN:
            shown[p.severity] = shown.get(p.severity, 0) + 1
            lines.append(_annotation(p))
        else:
            rest.append(p)
    if rest:
        lines += _plain_lines([format_problem(p._replace(excerpt=None)) for p in rest])
        where = "in the job summary and " if os.environ.get(SUMMARY_ENV) else ""
        more = f"{plural(len(rest), 'more problem')}"
        lines.append(
            f"::notice title={_escape_property('scrplan: more problems')}::"
            + _escape_data(
                f"{more} than GitHub shows as annotations (10 errors and 10 warnings a step): "
                f"see them all {where}in this step's log, or run scrplan validate"
            )
        )
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"


def step_summary(problems: Sequence[Problem], files: int) -> str:
    """Markdown for a GitHub job summary: the counts, then a table of every problem."""
    from scrplan.output.markdown import md_escape

    out = ["### scrplan validate", "", summary(problems, files)]
    if problems:
        out += [
            "",
            "| File | Line | Column | Severity | Problem | Code |",
            "|---|---:|---:|---|---|---|",
        ]
    size = sum(len(line) + 1 for line in out)
    for i, p in enumerate(problems):
        loc = p.location
        row = (
            f"| {md_escape(loc.path)} | {loc.line or ''} | {loc.col or ''} | {p.severity} "
            f"| {md_escape(p.message)} | {md_escape(p.code)} |"
        )
        if size + len(row) > SUMMARY_BUDGET:
            out += ["", f"... and {len(problems) - i} more: run scrplan validate to see them all."]
            break
        out.append(row)
        size += len(row) + 1
    return "\n".join(out) + "\n\n"


def write_step_summary(problems: Sequence[Problem], files: int) -> str | None:
    """Append :func:`step_summary` to the file ``$GITHUB_STEP_SUMMARY`` names, when it is set.

    Returns:
        None, or a message saying why the summary could not be written (the problems are in
        the log all the same, so that is not a reason to fail).
    """
    target = os.environ.get(SUMMARY_ENV)
    if not target:
        return None
    try:
        with open(target, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(step_summary(problems, files))
    except OSError as exc:
        return f"could not write the step summary to {target}: {exc.strerror or exc}"
    return None


FORMATTERS = {"text": as_text, "json": as_json, "github": as_github}
