"""docs/over-time.md shows real output: each command is run in the repository the tests build,
and its output must be what the page shows."""

from __future__ import annotations

import re

import pytest

import test_annual
import test_over_time
from conftest import ROOT
from test_docs import shown_after

PAGE = ROOT / "docs" / "over-time.md"


def commands():
    """Every ``$ scrplan ...`` line of the page's console blocks."""
    return re.findall(r"^\$ (scrplan .*)$", PAGE.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("command", commands())
def test_the_page_shows_real_output(command, tmp_path, monkeypatch, run):
    build = test_annual if "annual-report" in command else test_over_time
    build.build_repo(tmp_path, monkeypatch)
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown_after(PAGE, command)


def test_the_report_section_shown_is_real(tmp_path, monkeypatch, run):
    text = PAGE.read_text(encoding="utf-8")
    [command] = re.findall(r"`(scrplan report plans/[^`]*)`", text)
    [shown] = re.findall(r"```markdown\n(.*?)```", text, re.S)
    test_over_time.build_repo(tmp_path, monkeypatch)
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert shown in result.stdout


def test_the_page_is_linked_from_the_readme_and_the_report_page():
    assert "(docs/over-time.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(over-time.md)" in (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
