"""The command line's conventions: version, help with examples, completion, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import ROOT
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
    # Each example is one whole line, however long, so that it can be copied as it is.
    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
    written = [
        line.strip() for line in command.callback.__doc__.splitlines() if "    scrplan " in line
    ]
    shown = [line.strip() for line in result.stdout.splitlines() if line.strip() in written]
    assert written and shown == written


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


# --- faults in scrplan itself ---------------------------------------------------------------------

RAISE = (
    "import sys, scrplan.plan.bulk as bulk\n"
    "def boom(*args, **kwargs):\n"
    "    raise {error}\n"
    "bulk.check_plans = boom\n"
    "from scrplan.cli import main\n"
    "sys.argv = ['scrplan', 'validate', 'plans/child-m.yaml']\n"
    "main()\n"
)


def scrplan_raising(error: str, **env: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "-c", RAISE.format(error=error)],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, "TMPDIR": env.pop("TMPDIR", os.environ.get("TMPDIR", "/tmp")), **env},
    )


def test_a_fault_in_scrplan_exits_4_with_one_plain_line_and_the_details_in_a_file(tmp_path):
    result = scrplan_raising("KeyError('recommendations')", TMPDIR=str(tmp_path))
    assert result.returncode == 4
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("scrplan: a fault in scrplan itself stopped this command (KeyError)")
    assert "Traceback" not in result.stderr
    [saved] = tmp_path.glob("scrplan-fault-*.txt")
    assert str(saved) in line
    details = saved.read_text(encoding="utf-8")
    assert "Traceback" in details and "KeyError: 'recommendations'" in details


def test_scrplan_debug_shows_the_traceback():
    result = scrplan_raising("KeyError('recommendations')", SCRPLAN_DEBUG="1")
    assert result.returncode == 1  # Python's own exit for an uncaught exception
    assert "Traceback" in result.stderr and "KeyError" in result.stderr


def test_ctrl_c_exits_130_without_a_traceback():
    result = scrplan_raising("KeyboardInterrupt()")
    assert result.returncode == 130
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "scrplan: interrupted; nothing was half-written"


def test_every_command_is_in_the_table_that_loads_it():
    # A named command loads only its own module: the table must say which that is.
    from scrplan import cli

    registered = {
        c.name or c.callback.__name__.strip("_").replace("_", "-"): c.callback.__module__
        for c in app.registered_commands
    }
    assert registered == {name: f"scrplan.cli.{m}" for name, m in cli.COMMANDS.items()}


def test_version_loads_no_command_line_library():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scrplan", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == f"scrplan {__version__}\n"
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "typer" not in loaded and "scrplan.cli.base" not in loaded


def test_status_of_one_plan_builds_no_adapter_for_its_options():
    # Text, path and flag options are coerced without typer's pydantic adapters (a twelfth of
    # the command's start-up); other kinds keep them.
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scrplan", "status", "plans/child-m.yaml"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.startswith("Child M SCR - SILP\n")
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "typer._adapters" not in loaded


def test_options_are_coerced_as_typer_does(run, tmp_path):
    # --format goes through its parser: an unknown word is refused in typer's words.
    refused = run("status", str(ROOT / "plans" / "child-m.yaml"), "--format", "yaml")
    assert refused.exit_code == 2
    assert "Invalid value for '--format' / '-f': 'yaml' is not one of" in refused.stderr
    # Paths arrive as Path objects, however they were typed.
    shown = run(
        "status", str(ROOT / "plans" / "child-m.yaml"), "-f", "JSON", "--as-of", "2017-03-31"
    )
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["plans"][0]["file"].endswith("child-m.yaml")


@pytest.mark.parametrize(
    ("setting", "looked_for"), [(None, False), ("__all__", False), ("logfire", True)]
)
def test_validate_looks_for_no_pydantic_plugins_unless_some_are_wanted(setting, looked_for):
    # Looking for plugins imports importlib.metadata and reads every package's entry points.
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    env["SCRPLAN_CACHE"] = "off"  # so that the plan is validated
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scrplan", "validate", "plans/child-m.yaml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Checked 1 plan file" in done.stdout
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert ("importlib.metadata" in loaded) is looked_for


VALUES = ["x", "", "./nope/", "plans/", "plans/child-m.yaml", "-", "a\x00b", "json", "JSON"]
VALUES += ["table", "yaml", "urgency", "Urgency", "bogus", "0.6", "70%", "-1", "3", "true", "no"]


def test_options_coerced_without_adapters_are_what_typer_makes_of_them(tmp_path):
    # Every parameter of every command, given each value (and lists of them): the same result,
    # or the same refusal in the same words, as typer's own coercion.
    import typer.core
    import typer.main

    quick = typer.core.build_runtime_param
    typers = quick.typers  # type: ignore[attr-defined]
    group = typer.main.get_command(app)
    compared = 0
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        ctx = command.make_context(name, [], resilient_parsing=True)
        for param in command.params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is None:
                continue
            ours, theirs = quick(descriptor), typers(descriptor)
            if type(ours) is type(theirs):
                continue  # left to typer
            many = param.multiple or param.nargs == -1
            for value in [*VALUES, None] if not many else [[v] for v in VALUES] + [VALUES, None]:
                got, want = _outcome(ours, value, param, ctx), _outcome(theirs, value, param, ctx)
                assert got == want, (name, param.name, value)
                compared += 1
    assert compared > 1000


def _outcome(runtime, value, param, ctx):
    try:
        return ("value", runtime.coerce(value, param=param, ctx=ctx))
    except Exception as exc:  # the refusal, in words
        return ("refused", type(exc).__name__, str(exc))
