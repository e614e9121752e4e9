"""A new plans repository for a partnership: ``scrplan init``.

The folder gets what a partnership needs from the first day: ``plans/`` with the partnership's
settings, the schemas editors check plans against, a CI workflow that checks every pull request
and comments what it changes, a pre-commit hook, a ``.gitignore`` that keeps board papers out of
git, and a short README for the board manager. No file that is already there is changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scrplan import __version__
from scrplan.edit.yamltext import scalar
from scrplan.errors import GitError, ScrplanError
from scrplan.history import git

FILES = Path(__file__).parent / "files"
"""The templates (and the example's plan), shipped inside the package."""

DEFAULT_REQUIREMENT = f"scrplan=={__version__}"
"""What the CI workflow installs unless told otherwise."""


@dataclass
class Started:
    """What :func:`init` did."""

    folder: Path
    made: list[tuple[str, str]] = field(default_factory=list)
    """Each file written, from the folder, with what it is for."""
    kept: list[str] = field(default_factory=list)
    """Files that were already there, left exactly as they were."""
    git_started: bool = False
    """True when the folder was made a git repository."""
    no_git: bool = False
    """True when git is not installed, so the folder is not yet a repository."""


def template(name: str) -> str:
    """The text of the template ``name`` in ``files/``."""
    return (FILES / name).read_text(encoding="utf-8")


def repository_files(
    partnership: str | None = None, requirement: str = DEFAULT_REQUIREMENT
) -> list[tuple[str, str, str]]:
    """The files of a new plans repository: each one's path in it, its text, and what it is
    for. ``partnership`` names the partnership in its settings and README; ``requirement`` is
    what CI installs (a pip requirement)."""
    from scrplan.plan.schema import schema_text

    name = " ".join((partnership or "").split())
    unnamed = "partnership:  # its name, e.g. Dudley Safeguarding Children Partnership"
    settings = template("partnership.yaml").replace(
        "partnership: PARTNERSHIP", f"partnership: {scalar(name)}" if name else unnamed
    )
    readme = template("README.md").replace(
        "# PARTNERSHIP: action plans", f"# {name}: action plans" if name else "# Action plans"
    )
    workflow = template("plans.yml").replace("SCRPLAN_REQUIREMENT", requirement)
    return [
        ("plans/partnership.yaml", settings, "the agencies, how often updates are due, the checks"),
        ("schemas/action-plan.schema.json", schema_text(), "for editors to check plans"),
        ("schemas/partnership.schema.json", schema_text(settings=True), "and the settings"),
        (".github/workflows/plans.yml", workflow, "checks each pull request, comments on it"),
        (".pre-commit-config.yaml", template("pre-commit-config.yaml"), "checks each commit"),
        (".gitignore", template("gitignore"), "keeps board papers out of git"),
        ("README.md", readme, "for the board manager: the commands of every day"),
    ]


def init(
    folder: Path, *, partnership: str | None = None, requirement: str | None = None
) -> Started:
    """Make ``folder`` (made if missing) a plans repository: the files of
    :func:`repository_files` that are not there yet, and ``git init`` when it is not already in
    a repository.

    Raises:
        ScrplanError: ``folder`` is a file, or a file cannot be written.
    """
    if folder.exists() and not folder.is_dir():
        raise ScrplanError(f"{folder} is a file: give the folder to make the repository in")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScrplanError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
    started = Started(folder)
    for relative, text, what in repository_files(partnership, requirement or DEFAULT_REQUIREMENT):
        target = folder / relative
        if target.exists() or target.is_symlink():
            started.kept.append(relative)
            continue
        _create(target, text)
        started.made.append((relative, what))
    try:
        inside = git.git("rev-parse", "--is-inside-work-tree", cwd=folder).strip() == b"true"
    except GitError as exc:
        if str(exc) == git.NO_GIT:
            started.no_git = True
            return started
        inside = False
    if not inside:
        git.git("init", "-q", cwd=folder)
        # A new repository's first branch is main, whatever git's own default.
        git.git("symbolic-ref", "HEAD", "refs/heads/main", cwd=folder)
        started.git_started = True
    return started


def _create(target: Path, text: str) -> None:
    """Write a new file, never replacing one: it is created only if nothing has that name."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
    except FileExistsError:
        raise ScrplanError(
            f"{target} appeared while scrplan was writing; it is left as it is"
        ) from None
    except OSError as exc:
        raise ScrplanError(f"cannot write {target}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
