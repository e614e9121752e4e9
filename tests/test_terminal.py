"""Output on a real terminal (a pseudo-terminal): rich colours there, none when piped or with
NO_COLOR set."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

ALPHA = FIXTURES / "board" / "alpha.yaml"
SCRIPT = Path(sys.executable).parent / "scrplan"

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")


def on_terminal(*args, **env):
    """Run scrplan with its standard output on a pseudo-terminal 100 columns wide."""
    main, secondary = pty.openpty()
    environment = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color", **env}
    if "NO_COLOR" not in env:
        environment.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [str(SCRIPT), *args], stdout=secondary, stderr=subprocess.PIPE, env=environment
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the program has finished
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    proc.wait(timeout=30)
    return proc.returncode, b"".join(chunks).decode("utf-8")


def plain(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def colour_codes(text):
    """The colour parameters (30 and above, other than the defaults 39/49) in SGR sequences."""
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        for part in params.split(";"):
            if part and int(part) >= 30 and part not in ("39", "49"):
                yield params


@pytest.mark.skipif(not SCRIPT.exists(), reason="the scrplan script is not installed")
def test_terminal_gets_colour_and_pipes_do_not():
    code, out = on_terminal("status", str(ALPHA), "--as-of", "2024-01-15")
    assert code == 0
    assert any(colour_codes(out)), "a RAG cell should be coloured"
    assert "↳ 2.2" in plain(out)  # the rich layout, not the plain one
    piped = subprocess.run(
        [str(SCRIPT), "status", str(ALPHA), "--as-of", "2024-01-15"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "\x1b[" not in piped.stdout
    assert "  2.2    Brief every agency's safeguarding lead." in piped.stdout


@pytest.mark.skipif(not SCRIPT.exists(), reason="the scrplan script is not installed")
def test_no_color_is_honoured_on_a_terminal():
    code, out = on_terminal("status", str(ALPHA), "--as-of", "2024-01-15", NO_COLOR="1")
    assert code == 0
    assert "↳ 2.2" in plain(out)
    assert "\x1b[" in out  # still styled (bold), but
    assert not any(colour_codes(out))  # no colour
    # and the RAG bar in letters, which blocks of one colour could not tell apart
    assert "RAG: [RAGB.]  red 1" in plain(out)


@pytest.mark.skipif(not SCRIPT.exists(), reason="the scrplan script is not installed")
def test_rag_colours_survive_a_16_colour_terminal():
    code, out = on_terminal("list", str(ALPHA), "--all", "--as-of", "2024-01-15", TERM="xterm")
    assert code == 0
    backgrounds = {
        part
        for params in re.findall(r"\x1b\[([0-9;]*)m", out)
        for part in params.split(";")
        if part in {"41", "42", "43", "44", "100", "101", "102", "103", "104"}
    }
    # red, green, blue and amber (bright yellow) cells in their own colours, none in grey
    assert backgrounds == {"41", "42", "44", "103"}
