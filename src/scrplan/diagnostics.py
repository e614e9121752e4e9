"""Problems as text for people, JSON for tools, and annotations for GitHub Actions.

One formatter per output; every command that reports problems uses these, so a problem looks
the same from ``validate``, ``status`` or ``set-rag``. No rich here: validating in CI should not
pay for a terminal library.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from scrplan.errors import Problem

JSON_VERSION = 1


def format_problem(problem: Problem) -> str:
    """``path:line:col: severity: message [code]``, then the source line with a caret under it.

    The first line is what editors and CI log viewers recognise as a clickable location.
    """
    loc = problem.location
    head = f"{loc}: {problem.severity}: {problem.message} [{problem.code}]"
    if problem.excerpt is None or not loc.line:
        return head
    # A tab would be drawn several columns wide and push the caret off its character.
    excerpt = problem.excerpt.replace("\t", "\u2192")
    gutter = f"{loc.line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * max(loc.col - 1, 0) + "^"
    return f"{head}\n{gutter}{excerpt}\n{caret}"


def summary(problems: Sequence[Problem], files: int) -> str:
    """One line: how many files were checked and what was found."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    checked = f"Checked {files} plan file{'s' if files != 1 else ''}"
    if not problems:
        return f"{checked}: no problems."
    bad_files = len({p.location.path for p in problems})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    where = f"{bad_files} file{'s' if bad_files != 1 else ''}"
    return f"{checked}: {' and '.join(parts)} in {where}."


def as_text(problems: Sequence[Problem], files: int) -> str:
    """Every problem, a blank line between each, then the summary."""
    blocks = [format_problem(p) for p in problems]
    return "\n\n".join([*blocks, summary(problems, files)]) + "\n"


def as_json(problems: Sequence[Problem], files: int) -> str:
    """A JSON document: the counts, then one object per problem (1-based lines and columns)."""
    errors = sum(p.severity == "error" for p in problems)
    doc = {
        "version": JSON_VERSION,
        "files_checked": files,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {
                "file": p.location.path,
                "line": p.location.line,
                "column": p.location.col,
                "severity": p.severity,
                "code": p.code,
                "message": p.message,
                "path": p.dotted_path,
                "excerpt": p.excerpt,
            }
            for p in problems
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: Sequence[Problem], files: int) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``), then the summary."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.location.path)}"]
        if p.location.line:
            props += [f"line={p.location.line}", f"col={p.location.col}"]
        props.append(f"title={_escape_property('scrplan: ' + p.code)}")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(p.message)}")
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"


FORMATTERS = {"text": as_text, "json": as_json, "github": as_github}
