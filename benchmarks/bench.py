"""Time scrplan commands against baselines measured in the same run, and print the ratios.

Usage (from the project root):

    uv run python benchmarks/bench.py            # every case
    uv run python benchmarks/bench.py validate   # cases whose name contains "validate"
    uv run python benchmarks/bench.py counts     # only the counts: parses per edit, git runs

Besides timings it counts work that should not be repeated: how many times an edit parses the
plan, and how many git processes `diff` starts (counted in this process, not timed).

Machines are noisy, so every command runs several times, interleaved with its baseline, and the
median is compared. Only the ratios mean anything; compare them, not milliseconds across runs.
Commands run with a plan cache in the temporary folder (warmed by the first run), except the
cases marked "no cache" and the validate cases, which read every file afresh.
Synthetic plans are written to a temporary folder: 20 recommendations each, about 600 characters
of text per recommendation, 3 progress entries each.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SCRPLAN = [PY, "-m", "scrplan"]

WORDS = (
    "assurance partnership safeguarding health police education strategy meeting referral "
    "supervision practitioners training audit escalation information sharing procedures "
    "children families review learning designated nurse agency quarterly report board "
    "monitoring evidence outcome improvement domestic abuse multi-agency"
).split()
AGENCIES = ["West Midlands Police", "CCG", "Children's Services", "Education", "Probation"]
COLOURS = ["red", "amber", "green", "blue", None]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def folded(text: str, indent: int) -> str:
    pad = " " * indent
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > 88 - indent:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return ">\n" + "\n".join(pad + ln for ln in lines)


def synthetic_plan(seed: int) -> str:
    rng = random.Random(seed)
    out = [
        "# yaml-language-server: $schema=../schemas/action-plan.schema.json",
        f"title: Synthetic plan {seed}",
        "partnership: Example Safeguarding Children Partnership",
        "review: Child Safeguarding Practice Review",
        f"subject: Child {seed}",
        "recommendations:",
    ]
    for n in range(1, 21):
        rag = rng.choice(COLOURS)
        target = f"20{rng.randint(16, 27)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out += [
            f"  - id: {n}",
            f"    learning: {folded(sentence(rng, 25), 6)}",
            f"    recommendation: {folded(sentence(rng, 30), 6)}",
            f"    lead: {rng.choice(AGENCIES)}",
            f"    target_date: {target}",
        ]
        if rag:
            out.append(f"    rag: {rag}")
        if rag == "blue":
            out.append("    evidence: Audit report to the board.")
        out.append("    progress:")
        for m in range(3):
            out += [
                f"      - note: {folded(sentence(rng, 12), 10)}",
                f"        date: 2017-{m + 1:02d}-15",
                f"        by: {rng.choice(AGENCIES)}",
            ]
    return "\n".join(out) + "\n"


def write_plans(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"plan-{i:04d}.yaml").write_text(synthetic_plan(i), encoding="utf-8")
    return folder


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def compare(
    name: str, baseline: list[str], command: list[str], runs: int, extra: dict[str, str]
) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **extra}
    # Measure what users get: compiled bytecode is written once and reused.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for cmd in (baseline, command):  # warm the disk cache and .pyc files
        timed(cmd, env)
    base_times, cmd_times = [], []
    for _ in range(runs):
        base_times.append(timed(baseline, env))
        cmd_times.append(timed(command, env))
    b, c = statistics.median(base_times), statistics.median(cmd_times)
    print(f"{name:<44} {b * 1000:8.0f} ms {c * 1000:8.0f} ms {c / b:7.2f}x", flush=True)


def git_repo(folder: Path, count: int) -> Path:
    """A repository of ``count`` plans in five commits, each moving one plan's RAG and adding a
    note; then an uncommitted edit to one plan."""
    plans = write_plans(folder / "plans", count)
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2024-01-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-01-01T10:00:00+00:00",
    }

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=Bench", "-c", "user.email=b@example.org", *args],
            cwd=folder, env=env, check=True, capture_output=True,
        )  # fmt: skip

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "plans")
    # A branch with one agency's update, for `diff main...update`.
    git("checkout", "-qb", "update")
    other = plans / "plan-0001.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("rag: red", "rag: amber", 1))
    git("commit", "-qam", "an agency's update")
    git("checkout", "-q", "main")
    target = plans / "plan-0000.yaml"
    for n in range(5):
        text = target.read_text(encoding="utf-8")
        text = text.replace("    progress:\n", f"    progress:\n      - note: Update {n}.\n", 1)
        target.write_text(text, encoding="utf-8")
        git("commit", "-qam", f"update {n}")
    target.write_text(target.read_text(encoding="utf-8").replace("rag: red", "rag: amber", 1))
    return folder


def in_folder(folder: Path, cmd: list[str]) -> list[str]:
    """``cmd`` run from ``folder`` (git commands read the current folder)."""
    code = (
        "import os, subprocess, sys; os.chdir(sys.argv[1]); sys.exit(subprocess.call(sys.argv[2:]))"
    )
    return [PY, "-c", code, str(folder), *cmd]


def bare_parse(folder: Path) -> list[str]:
    code = (
        "import sys, pathlib, yaml\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
        "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
    )
    return [PY, "-c", code, str(folder)]


COUNT_PARSES = """
import datetime as dt, json, os, shutil, sys
from scrplan.plan import yamltree
parses = [0]
real = yamltree.PlanLoader.get_single_node
def counted(self):
    parses[0] += 1
    return real(self)
yamltree.PlanLoader.get_single_node = counted
from scrplan.edit.commands import add_note, set_rag
plan = sys.argv[1]
out = {}
set_rag(plan + ":7", "amber", dry_run=True)
out["set-rag"] = parses[0]; parses[0] = 0
set_rag(plan + ":7", "amber", note="Agreed", by="DSCB", day=dt.date(2017, 3, 1), dry_run=True)
out["set-rag --note"] = parses[0]; parses[0] = 0
add_note(plan + ":4", "Training delivered", day=dt.date(2017, 3, 1), dry_run=True)
out["note"] = parses[0]
print(json.dumps(out))
"""

COUNT_GIT = """
import json, subprocess, sys
runs = [0]
real = subprocess.Popen.__init__
def counted(self, args, *a, **k):  # subprocess.run starts a Popen too
    if args and args[0] == "git":
        runs[0] += 1
    real(self, args, *a, **k)
subprocess.Popen.__init__ = counted
from scrplan.history import diff as history
out = {}
for label, revisions in (("diff", []), ("diff main...update", ["main...update"])):
    runs[0] = 0
    revs, paths = history.split_arguments(revisions)
    history.diff(revs, paths)
    out[label] = runs[0]
print(json.dumps(out))
"""


def counts(tmp: Path, repo: Path) -> None:
    """Work done once that should be done once: parses per edit, git processes per diff."""
    import json

    plan = tmp / "counts" / "child-m.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "plans" / "child-m.yaml", plan)
    env = {**os.environ, "SCRPLAN_CACHE": "off"}
    done = subprocess.run(
        [PY, "-c", COUNT_PARSES, str(plan)], capture_output=True, text=True, env=env, check=True
    )
    for name, n in json.loads(done.stdout).items():
        print(f"{'parses of the plan per ' + name:<44} {n:>11}", flush=True)
    done = subprocess.run(
        [PY, "-c", COUNT_GIT], capture_output=True, text=True, env=env, cwd=repo, check=True
    )
    for name, n in json.loads(done.stdout).items():
        print(f"{'git processes per ' + name:<44} {n:>11}", flush=True)


def main() -> None:
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    tmp = Path(tempfile.mkdtemp(prefix="scrplan-bench-"))
    try:
        one = write_plans(tmp / "one", 1) / "plan-0000.yaml"
        hundred = write_plans(tmp / "hundred", 100)
        thousand = write_plans(tmp / "thousand", 1000)
        child_m = str(ROOT / "plans" / "child-m.yaml")
        repo = git_repo(tmp / "repo", 100)
        imports = [PY, "-c", "import yaml, typer, rich.table, pydantic"]
        warm = {"SCRPLAN_CACHE": str(tmp / "cache")}
        cold = {"SCRPLAN_CACHE": "off"}
        status = [*SCRPLAN, "status"]
        as_of = ["--as-of", "2017-06-01"]
        cases = [
            ("--version vs python -c pass", [PY, "-c", "pass"], [*SCRPLAN, "--version"], 21, warm),
            (
                "validate child-m vs import yaml",
                [PY, "-c", "import yaml"],
                [*SCRPLAN, "validate", child_m],
                21,
                cold,
            ),
            ("status 1 plan vs bare imports", imports, [*status, str(one), *as_of], 21, warm),
            ("status 1 plan, no cache", imports, [*status, str(one), *as_of], 21, cold),
            ("status child-m vs bare imports", imports, [*status, child_m], 21, warm),
            ("list 1 plan vs bare imports", imports, [*SCRPLAN, "list", str(one)], 21, warm),
            (
                "set-rag --note child-m -n vs bare imports",
                imports,
                [*SCRPLAN, "set-rag", f"{child_m}:7", "amber", "--note", "Agreed", "-n"],
                21,
                warm,
            ),
            *(
                (
                    f"report child-m {fmt} vs status child-m",
                    [*status, child_m],
                    [*SCRPLAN, "report", child_m, "-o", str(tmp / f"report.{fmt}")],
                    15,
                    warm,
                )
                for fmt in ("md", "html", "docx")
            ),
            (
                "validate 100 plans vs bare parse",
                bare_parse(hundred),
                [*SCRPLAN, "validate", str(hundred)],
                7,
                cold,
            ),
            (
                "status 100 plans vs bare parse",
                bare_parse(hundred),
                [*status, str(hundred), *as_of],
                7,
                warm,
            ),
            (
                "status 1000 plans vs bare parse",
                bare_parse(thousand),
                [*status, str(thousand), *as_of],
                5,
                warm,
            ),
            (
                "status 1000 plans, no cache",
                bare_parse(thousand),
                [*status, str(thousand), *as_of],
                5,
                cold,
            ),
            (
                "themes 1000 plans vs status 1000 plans",
                [*status, str(thousand), *as_of],
                [*SCRPLAN, "themes", str(thousand), *as_of],
                5,
                warm,
            ),
            (
                "suggest-themes 1000 plans vs status 1000 plans",
                [*status, str(thousand), *as_of],
                [*SCRPLAN, "suggest-themes", str(thousand)],
                5,
                warm,
            ),
            (
                "validate 1000 plans vs bare parse",
                bare_parse(thousand),
                [*SCRPLAN, "validate", str(thousand)],
                5,
                cold,
            ),
        ]
        cases += [
            (
                "diff 100 plans, 1 changed vs git diff",
                in_folder(repo, ["git", "diff", "HEAD", "--", "plans"]),
                in_folder(repo, [*SCRPLAN, "diff"]),
                11,
                warm,
            ),
            (
                "log 1 item, 6 commits vs git log --follow",
                in_folder(repo, ["git", "log", "--follow", "-p", "--", "plans/plan-0000.yaml"]),
                in_folder(repo, [*SCRPLAN, "log", "plan-0000:1"]),
                11,
                warm,
            ),
        ]
        if only == "counts" or only == "":
            print(f"{'count':<44} {'':>11}")
            counts(tmp, repo)
        if only == "counts":
            return
        print(f"{'case':<44} {'baseline':>11} {'scrplan':>11} {'ratio':>8}")
        for name, baseline, command, runs, extra in cases:
            if only in name:
                compare(name, baseline, command, runs, extra)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
