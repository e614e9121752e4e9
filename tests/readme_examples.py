"""The README's examples, read from its console blocks, and run in order in the example
repository (``scrplan init --example``), as a reader following the README would run them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import NamedTuple

from conftest import ROOT

README = ROOT / "README.md"


class Example(NamedTuple):
    command: str
    """The line after ``$ ``, as written (with any ``# comment``)."""
    shown: str
    """The lines the README shows under it: what the command prints."""


def examples(path: Path = README) -> list[Example]:
    """Each ``$ scrplan ...`` line of the console blocks in ``path``, with the output under it."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        parts = re.split(r"(?m)^\$ (.*)\n", block)
        for command, shown in zip(parts[1::2], parts[2::2], strict=True):
            found.append(Example(command, shown))
    return found


def arguments(example: Example) -> list[str]:
    """The command's arguments after ``scrplan``, as a shell would split them."""
    words = shlex.split(example.command, comments=True)
    assert words[0] == "scrplan", example.command
    return words[1:]


# What the README says before its validate example: someone has typed `rag: purple` for point 7
# (rated amber by an example before it) and `id: 1.10` for point 9.
MISTAKES = (
    ("    rag: amber\n    # No RAG or target here", "    rag: purple\n    # No RAG or target here"),
    ("  - id: 9\n", "  - id: 1.10\n"),
)
EXIT_CODES = {"scrplan validate plans/": 1}


def run_all(run, folder: Path) -> list[tuple[Example, object]]:
    """Run every example in ``folder`` with the CLI runner ``run``; each with its result.

    Plans are changed as the README says between examples: the mistakes are made for the
    validate example, and undone after it."""
    results = []
    plan = folder / "plans" / "child-m.yaml"
    for example in examples():
        before = None
        if example.command == "scrplan validate plans/":
            before = plan.read_bytes()
            text = before.decode("utf-8")
            for old, new in MISTAKES:
                assert old in text, old
                text = text.replace(old, new)
            plan.write_bytes(text.encode("utf-8"))
        results.append((example, run(*arguments(example))))
        if before is not None:
            plan.write_bytes(before)
    return results
