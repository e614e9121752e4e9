"""Problems found in plan files, and the few exceptions scrplan raises.

Locations and problems are named tuples: immutable values, and (unlike frozen dataclasses)
nearly free to define, which matters because every command imports this module.

A *problem* is something wrong with a user's file: it is a value with a location, collected and
reported all at once. An *exception* is raised only when a command cannot go on at all (no such
plan, a bad reference, git missing). The command line maps each exception class to an exit code;
this module knows nothing of terminals or exit codes.
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """Where a problem is: a file and a 1-based line and column (0 means "the whole file")."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


class Problem(NamedTuple):
    """One thing wrong with a plan file, in plain words, with how to fix it.

    Attributes:
        location: file, line and column the problem points at.
        message: what is wrong and how to fix it, for a person who is not a programmer.
        code: a short stable name for the kind of problem (``unknown-field``), for tools.
        severity: ``error`` or ``warning``.
        yaml_path: the keys and list positions leading to the value, e.g.
            ``("recommendations", 6, "rag")``; empty for the whole file.
        excerpt: the source line the problem points at, without its line ending; a long
            line is cut to a window around the column, with ``…`` where it was cut
            (:func:`excerpt_window`).
        excerpt_col: the column of the problem in ``excerpt`` when that is a window of the
            line (0: the excerpt is the whole line, and the column is the location's).
    """

    location: Location
    message: str
    code: str
    severity: str = "error"
    yaml_path: tuple[str | int, ...] = ()
    excerpt: str | None = None
    excerpt_col: int = 0

    @property
    def is_error(self) -> bool:
        """True for an error (a plan with one is refused), False for a warning."""
        return self.severity == "error"

    @property
    def dotted_path(self) -> str:
        """The YAML path as text: ``recommendations[6].rag``."""
        out = ""
        for part in self.yaml_path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


EXCERPT_WHOLE = 160
"""Lines up to this long are shown whole under a problem; longer ones, a window of them."""
EXCERPT_AROUND = 60
"""How much of a long line is shown either side of the problem's column."""


def excerpt_window(line: str, col: int) -> tuple[str, int]:
    """The part of ``line`` to show under a problem at ``col`` (1-based), and the problem's
    column in it (0 when it is the whole line).

    A file with one line of 20 MB and ten problems on it would otherwise print the line ten
    times: the output, and the memory it takes, must not grow with the length of a line.
    """
    if len(line) <= EXCERPT_WHOLE:
        return line, 0
    index = min(max(col - 1, 0), len(line))
    start = max(index - EXCERPT_AROUND, 0)
    end = min(index + EXCERPT_AROUND, len(line))
    head = "…" if start else ""
    tail = "…" if end < len(line) else ""
    return head + line[start:end] + tail, index - start + len(head) + 1


class ScrplanError(Exception):
    """A command cannot go on. The message is shown to the user as it is."""


class PlanProblems(ScrplanError):
    """A plan a command needs is invalid; ``problems`` says where and why, ``hint`` what the
    command did about it ("nothing changed", "nothing shown")."""

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        super().__init__(hint or f"{len(problems)} problem(s) in the plan")
        self.problems = problems
        self.hint = hint


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The errors among ``problems`` (warnings left out)."""
    return [p for p in problems if p.is_error]


class UsageError(ScrplanError):
    """The command was given something it cannot use (a bad option value, an output file
    whose name says no format scrplan writes); the command line exits 2 for it.

    ``option`` names the option or argument at fault (``'--output'``), for the message.
    """

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class NotFound(ScrplanError):
    """A path, a plan or a reference such as ``child-m:7`` names nothing that exists."""


class EditError(ScrplanError):
    """An edit was refused; the file was not changed."""


class GitError(ScrplanError):
    """git is missing, this is not a repository, or a revision is unknown."""
