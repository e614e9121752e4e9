"""An example plans repository to try scrplan on: ``scrplan init --example``.

It holds the Child M plan as Dudley published it, then a few months of its life told as git
commits: the board agrees leads and target dates, and West Midlands Police send their update on
a branch, ``wmp-update``, as an agency would in a pull request. Every change is made by scrplan's
own edit commands, so the example is also a test of them, and every commit has a fixed author
and date, so the repository is the same wherever it is made: the README's examples (commit ids
included) show what these commands print in it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scrplan.edit import commands
from scrplan.errors import ScrplanError
from scrplan.history import git
from scrplan.start.scaffold import FILES, init

PLAN = "plans/child-m.yaml"
SETTINGS = "plans/partnership.yaml"
BRANCH = "wmp-update"

DSCB = ("DSCB business unit", "dscb@example.org")
WMP = ("WMP Public Protection Unit", "ppu@example.org")

Edit = Callable[[Path], object]
"""One change to the plan, given the plan's file."""


@dataclass
class Step:
    """One commit of the example's history."""

    branch: str
    author: tuple[str, str]
    when: str
    message: str
    edits: list[Edit]


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _set(ref: str, name: str, *values: str) -> Edit:
    return lambda plan: commands.set_field(ref, name, list(values), plan=plan)


def _rag(ref: str, level: str, note: str, by: str, day: str, evidence: str | None = None) -> Edit:
    return lambda plan: commands.set_rag(
        ref, level, plan=plan, note=note, by=by, day=_day(day), evidence=evidence
    )


def _note(ref: str, text: str, by: str, day: str) -> Edit:
    return lambda plan: commands.add_note(ref, text, plan=plan, by=by, day=_day(day))


STORY = [
    Step(
        "main",
        DSCB,
        "2017-01-20T16:30:00+00:00",
        "Leads and target dates agreed at the January board",
        [
            _set("1", "lead", "DSCB"),
            _set("1", "target_date", "2017-06"),
            _set("3", "lead", "Dudley Children's Services"),
            _set("3", "target_date", "2017-04"),
            _set("4", "lead", "West Midlands Police"),
            _set("4", "target_date", "2017-03"),
            _set("5", "lead", "West Midlands Police"),
            _set("5", "target_date", "2017-03"),
            _rag(
                "5",
                "amber",
                "Review of the 'One Day One Conversation' minutes under way: 40 meetings "
                "sampled so far.",
                "WMP",
                "2017-01-16",
            ),
            _set("8", "lead", "Dudley Clinical Commissioning Group"),
            _set("8", "target_date", "2017-06"),
            _set("10", "lead", "West Midlands Police"),
            _set("10", "target_date", "2017-02"),
            _set("11", "lead", "DSCB"),
            _rag(
                "11",
                "blue",
                "Meeting held with the Caldicott Guardian; information-sharing protocol agreed.",
                "DSCB",
                "2017-01-12",
                evidence="The information-sharing protocol, and the minutes of the meeting of "
                "12 January 2017 that agreed it.",
            ),
        ],
    ),
    Step(
        BRANCH,
        WMP,
        "2017-02-27T11:05:00+00:00",
        "WMP update for the March board: points 4 and 5",
        [
            _rag(
                "4",
                "green",
                "DART procedure revised: schools now receive the outcome of each DART meeting "
                "within 24 hours.",
                "WMP",
                "2017-02-27",
            ),
            _set("5", "target_date", "2017-06"),
            _rag("5", "red", "Audit paused while the lead is on leave.", "WMP", "2017-02-27"),
        ],
    ),
    Step(
        BRANCH,
        WMP,
        "2017-03-02T09:40:00+00:00",
        "WMP: the review of the 2005 decision (point 10)",
        [
            _rag(
                "10",
                "green",
                "Review of the 2005 decision completed by Professional Standards; the report "
                "goes to the DSCB chair.",
                "WMP",
                "2017-03-02",
            ),
        ],
    ),
]


def make_example(folder: Path) -> list[str]:
    """Make the example repository in ``folder``, which must be new or empty.

    Returns:
        The commits made, oldest first, as ``branch: message`` lines.

    Raises:
        ScrplanError: ``folder`` holds files already.
        GitError: git is missing.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScrplanError(
            f"{folder} is not empty: give a new folder for the example, e.g. child-m-example"
        )
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _make(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # nothing half-made is left behind
        raise


def _make(folder: Path) -> list[str]:
    run = _git_in(folder)
    run("init", "-q")
    run("symbolic-ref", "HEAD", "refs/heads/main")
    (folder / "plans").mkdir()
    plan = folder / PLAN
    plan.write_bytes((FILES / "child-m.yaml").read_bytes())
    (folder / SETTINGS).write_bytes((FILES / "dudley-partnership.yaml").read_bytes())
    made = [_commit(run, DSCB, "2016-11-07T10:00:00+00:00", "Child M action plan, as published",
                    [PLAN, SETTINGS])]  # fmt: skip
    branches = {"main"}
    for step in STORY:
        if step.branch != "main":
            run("checkout", "-q", *(() if step.branch in branches else ("-b",)), step.branch)
            branches.add(step.branch)
        for edit in step.edits:
            edit(plan)
        made.append(_commit(run, step.author, step.when, step.message, [PLAN], step.branch))
        if step.branch != "main":
            run("checkout", "-q", "main")
    # The checks and the README come last, on main only, so the commits the README's examples
    # name do not change when a template does.
    started = init(folder)
    files = [relative for relative, _ in started.made]
    message = "Checks for every pull request, and a README for the plans"
    made.append(_commit(run, DSCB, "2017-03-03T15:00:00+00:00", message, files))
    return made


def _git_in(folder: Path) -> Callable[..., bytes]:
    # No user or system settings: a user's hooks, signing or line-ending conversion would make
    # a different repository, and a missing user name would stop the commits.
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def run(*args: str, extra: dict[str, str] | None = None) -> bytes:
        return git.git(*args, cwd=folder, env={**env, **(extra or {})})

    return run


def _commit(
    run: Callable[..., bytes],
    author: tuple[str, str],
    when: str,
    message: str,
    paths: list[str],
    branch: str = "main",
) -> str:
    name, email = author
    who = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": when,
    }
    run("add", "--", *paths)
    run("commit", "-q", "--no-verify", "-m", message, extra=who)
    return f"{branch}: {message}"
