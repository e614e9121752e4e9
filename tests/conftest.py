"""Shared helpers: write a plan from an inline string, run the CLI, read the repository's plans."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


NETWORK_ENV = "SCRPLAN_NETWORK_TESTS"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need the package index are skipped, saying how to run them, unless
    SCRPLAN_NETWORK_TESTS=1: `uv run pytest` must pass on a machine with no network."""
    if os.environ.get(NETWORK_ENV, "").strip() not in ("", "0"):
        return
    skip = pytest.mark.skip(
        reason=f"needs the package index; run with {NETWORK_ENV}=1 uv run pytest -m network"
    )
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test gets its own empty plan cache, never the user's."""
    from scrplan.plan.settings import forget_settings

    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SCRPLAN_CACHE", str(folder))
    forget_settings()  # a settings file one test wrote must not apply in the next
    return folder


@pytest.fixture
def no_quality_checks(tmp_path: Path) -> Path:
    """A partnership.yaml in the test's folder that switches the quality checks off, for tests
    about the format's own rules (the quality checks have tests of their own)."""
    settings = tmp_path / "partnership.yaml"
    settings.write_text(
        "quality_checks:\n"
        + "".join(
            f"  {code}: false\n"
            for code in (
                "no-lead",
                "no-target",
                "no-impact-measure",
                "thin-evidence",
                "unknown-lead",
                "unknown-theme",
            )
        ),
        encoding="utf-8",
    )
    return settings


@pytest.fixture
def write(tmp_path: Path):
    """Write ``text`` (dedented) to ``tmp_path/name`` and return its path."""

    def _write(text: str, name: str = "plan.yaml", *, dedent: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((textwrap.dedent(text) if dedent else text).encode("utf-8"))
        return path

    return _write


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Invoke the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SCRPLAN_PLAN", raising=False)
    runner = CliRunner()

    def _run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return _run
