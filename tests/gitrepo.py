"""Real git repositories in temporary folders, with fixed names and dates so outputs are stable."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

ANN = ("Ann Board", "ann@example.org")
WMP = ("West Midlands Police", "wmp@example.org")


class Repo:
    """A git repository at ``path``; the tests run with it as the current folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clock = 0

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **(env or {})},
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        """Write ``text`` (dedented) to ``name`` in the working tree."""
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(textwrap.dedent(text).encode("utf-8"))
        return target

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace ``old`` (which must be there once) by ``new`` in a working-tree file."""
        target = self.path / name
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is in {name} {text.count(old)} times"
        target.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str, author: tuple[str, str] = ANN, day: str | None = None) -> str:
        """Commit everything in the working tree; each commit one day after the last."""
        self.clock += 1
        when = f"{day or f'2024-02-{self.clock:02d}'}T10:00:00+00:00"
        self.git("add", "-A")
        self.git(
            "-c",
            f"user.name={author[0]}",
            "-c",
            f"user.email={author[1]}",
            "commit",
            "-q",
            "-m",
            message,
            env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
        )
        return self.git("rev-parse", "HEAD").strip()


def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """An empty repository, the current folder, with no user or system git settings."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "board"
    path.mkdir()
    repo = Repo(path)
    repo.git("init", "-q", "-b", "main")
    monkeypatch.chdir(path)
    return repo
