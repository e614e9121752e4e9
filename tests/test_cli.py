"""The command line's conventions: version, help with examples, completion, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from scrplan import __version__
from scrplan.cli import app


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"scrplan {__version__}\n"


def commands():
    return [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(run, name):
    result = run(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.stdout
    assert "scrplan " + name in result.stdout


def test_help_lists_exit_codes(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit codes: 0 ok; 1 problems found" in result.stdout


def test_completion_is_offered():
    script = Path(sys.executable).parent / "scrplan"
    result = subprocess.run(
        [str(script), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SHELL": "/bin/bash"},
    )
    assert result.returncode == 0, result.stderr
    assert "_SCRPLAN_COMPLETE=complete_bash" in result.stdout


def test_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "scrplan", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"scrplan {__version__}"


def test_no_arguments_shows_help(run):
    result = run()
    assert "Usage:" in result.output
    assert typer  # typer is the CLI framework the tests drive
