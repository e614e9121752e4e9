"""Finding plan files, and what a plan file's name says.

A plan is a ``.yaml`` (or ``.yml``) file; its short name, used in references such as
``child-m:7``, is its file name without the extension. Folders are searched for plan files,
leaving out hidden folders and files (``.git``, an editor's backups). No YAML here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from scrplan.errors import Location, NotFound, Problem
from scrplan.words import unsafe_character

PLAN_SUFFIXES = (".yaml", ".yml")
DEFAULT_FOLDER = "plans"
SETTINGS_NAME = "partnership.yaml"
"""The partnership's settings file (:mod:`.settings`), which is not a plan."""


def is_plan_file(path: str | Path | None) -> bool:
    """True when ``path`` is named like a plan file (``.yaml`` or ``.yml``, any case), and is
    not the partnership's settings file."""
    if path is None:
        return False
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.endswith(PLAN_SUFFIXES) and name != SETTINGS_NAME


def plan_name(path: str | Path) -> str:
    """The short name of the plan in ``path``: its file name without the extension."""
    # Plain string work, as every row of every plan asks for its plan's name; pathlib only
    # for a path that ends in a separator or a "." (it leaves those out).
    text = str(path).replace("\\", "/")
    base = text.rsplit("/", 1)[-1]
    if not base or base == ".":
        base = PurePosixPath(text).name
    return base.rsplit(".", 1)[0] if "." in base else base


def find_plan_files(paths: Sequence[str | Path] = ()) -> list[Path]:
    """The plan files that ``paths`` name: files as given, folders searched for ``*.yaml``.

    Args:
        paths: files and folders; none means the ``plans/`` folder under the current one.

    Returns:
        The files, folders' contents sorted by path, each file once.

    Raises:
        NotFound: a path does not exist, or no plan files were found.
    """
    from scrplan.plan.settings import forget_settings

    forget_settings()  # each command looks for the settings afresh (a long-lived serve too)
    if not paths:
        if not Path(DEFAULT_FOLDER).is_dir():
            raise NotFound(
                "no plan given and there is no plans/ folder here: name a plan file or folder, "
                "e.g. plans/child-m.yaml, or run scrplan in the folder that holds plans/"
            )
        paths = [DEFAULT_FOLDER]
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = [
                p
                for p in path.rglob("*")
                if is_plan_file(p.name) and p.is_file() and not _hidden(p, path)
            ]
            if not inside:
                raise NotFound(f"{given}: this folder holds no plan files (*.yaml or *.yml)")
            found.update(dict.fromkeys(sorted(inside)))
        elif path.exists() and path.name.lower() != SETTINGS_NAME:
            found[path] = None
        elif path.exists():
            raise NotFound(
                f"{given}: this is the partnership's settings file, not a plan; scrplan validate "
                "checks it with the plans it applies to (name their folder)"
            )
        else:
            raise NotFound(f"{given}: no such file or folder")
    return list(found)


def _hidden(path: Path, top: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(top).parts)


def odd_entries(paths: Sequence[str | Path], files: Sequence[Path]) -> list[Problem]:
    """An error for each entry a reviewer could take for a plan that is none: a folder named
    like a plan file under the folders in ``paths`` (a submodule added as ``plans/sub.yaml``
    is one, once checked out), and a plan file whose name holds a line break or a control
    character (it would break the lines of CI logs, and references to it)."""
    problems = []
    for given in paths or [DEFAULT_FOLDER]:
        top = Path(given)
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*")):
            if is_plan_file(path.name) and path.is_dir() and not _hidden(path, top):
                problems.append(
                    Problem(
                        Location(str(path)),
                        "this is a folder (or a submodule) named like a plan file, not a plan: "
                        "a plan is a file of text. Rename it, or remove it if it was added by "
                        "mistake",
                        "not-a-plan-file",
                    )
                )
    for path in files:
        name = str(path)
        if "\n" in name or "\r" in name or unsafe_character(name):
            problems.append(
                Problem(
                    Location(name),
                    "this file's name holds a line break or an invisible control character, "
                    "which scrplan will not show or use in references; rename the file",
                    "not-a-plan-file",
                )
            )
    return problems


def same_names(files: Sequence[Path]) -> list[Problem]:
    """A warning for each plan whose file name another plan also has (in another folder):
    a reference such as ``child-m:7`` could not tell them apart."""
    first: dict[str, Path] = {}
    problems = []
    for path in files:
        name = plan_name(path)
        if name in first:
            problems.append(
                Problem(
                    Location(str(path)),
                    f"another plan is also called {name} ({first[name]}): references "
                    f"such as {name}:1 cannot tell them apart; rename one of the files",
                    "same-name",
                    "warning",
                )
            )
        else:
            first.setdefault(name, path)
    return problems
