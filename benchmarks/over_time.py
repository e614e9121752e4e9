"""Time ``scrplan trend`` and ``scrplan changes`` on a long history against ``git log``.

Usage (from the project root):

    uv run python benchmarks/over_time.py

Builds a repository of 100 plans and 1,000 commits (two years, each commit one agency's update
to one plan: a RAG, a target date moved, a progress note) with ``git fast-import``, then runs
each command several times, interleaved with ``git log`` over the same commits and paths, and
prints the medians and ratios. Warm runs use a plan cache in the temporary folder, filled by
the first run; cold runs read every version afresh (``SCRPLAN_CACHE=off``), so they measure
parsing 1,100 versions once each. As in ``bench.py``, only the ratios mean anything.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
SCRPLAN = [PY, "-m", "scrplan"]
PLANS = 100
COMMITS = 1000
START = dt.datetime(2022, 1, 1, 9, tzinfo=dt.timezone.utc)

WORDS = (
    "assurance partnership safeguarding health police education strategy meeting referral "
    "supervision practitioners training audit escalation information sharing procedures "
    "children families review learning designated nurse agency quarterly report board"
).split()
AGENCIES = ["West Midlands Police", "ICB", "Children's Services", "Education", "Probation"]
COLOURS = ["red", "amber", "green"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def new_plan(rng: random.Random, number: int) -> dict:
    recs = []
    for n in range(1, 21):
        recs.append(
            {
                "id": n,
                "learning": sentence(rng, 25),
                "text": sentence(rng, 30),
                "lead": rng.choice(AGENCIES),
                "target": dt.date(2022, rng.randint(1, 12), rng.randint(1, 28)),
                "rag": rng.choice(COLOURS),
                "notes": [(sentence(rng, 12), dt.date(2021, 12, m + 1)) for m in range(3)],
            }
        )
    return {"title": f"Synthetic plan {number}", "recs": recs}


def render(plan: dict) -> bytes:
    out = [f"title: {plan['title']}", "plan_date: 2021-12-01", "recommendations:"]
    for r in plan["recs"]:
        out += [
            f"  - id: {r['id']}",
            f"    learning: {r['learning']}",
            f"    recommendation: {r['text']}",
            f"    lead: {r['lead']}",
            f"    target_date: {r['target'].isoformat()}",
            f"    rag: {r['rag']}",
        ]
        if r["rag"] == "blue":
            out.append("    evidence: Audit report to the board, with the case sample.")
        out.append("    progress:")
        for note, day in r["notes"]:
            out += [f"      - note: {note}", f"        date: {day.isoformat()}"]
    return ("\n".join(out) + "\n").encode()


def build(folder: Path) -> None:
    """The repository, written by one ``git fast-import``."""
    rng = random.Random(14)
    plans = [new_plan(rng, i) for i in range(PLANS)]
    chunks: list[bytes] = []

    def commit(mark: int, when: dt.datetime, message: str, files: dict[str, bytes]) -> None:
        stamp = int(when.timestamp())
        text = message.encode()
        chunks.append(
            f"commit refs/heads/main\nmark :{mark}\n"
            f"committer Bench <bench@example.org> {stamp} +0000\n"
            f"data {len(text)}\n".encode()
            + text
            + b"\n"
        )
        if mark > 1:
            chunks.append(f"from :{mark - 1}\n".encode())
        for path, data in files.items():
            chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    commit(1, START, "plans", {f"plans/plan-{i:03d}.yaml": render(p) for i, p in enumerate(plans)})
    step = dt.timedelta(days=730) / COMMITS
    for n in range(2, COMMITS + 1):
        when = START + step * n
        i = rng.randrange(PLANS)
        rec = rng.choice(plans[i]["recs"])
        roll = rng.random()
        if roll < 0.3:
            rec["rag"] = rng.choice([*COLOURS, "blue"])
        elif roll < 0.5:
            rec["target"] += dt.timedelta(days=rng.randint(30, 120))
        rec["notes"].append((sentence(rng, 12), when.date()))
        commit(n, when, f"update {n}", {f"plans/plan-{i:03d}.yaml": render(plans[i])})
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(chunks), check=True
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)


def timed(cmd: list[str], folder: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return took


def compare(
    name: str, baseline: list[str], command: list[str], folder: Path, runs: int, extra: dict
) -> None:
    env = {**os.environ, "NO_COLOR": "1", **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    timed(baseline, folder, env)
    timed(command, folder, env)  # warms the cache, for the warm cases
    base, cmd = [], []
    for _ in range(runs):
        base.append(timed(baseline, folder, env))
        cmd.append(timed(command, folder, env))
    b, c = statistics.median(base), statistics.median(cmd)
    print(f"{name:<52} {b * 1000:8.0f} ms {c * 1000:8.0f} ms {c / b:7.2f}x", flush=True)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="scrplan-history-bench-"))
    try:
        repo = tmp / "repo"
        started = time.perf_counter()
        build(repo)
        print(f"built {PLANS} plans, {COMMITS} commits in {time.perf_counter() - started:.1f} s")
        log = ["git", "log", "--first-parent", "--raw", "--", "plans"]
        log_p = ["git", "log", "--first-parent", "-p", "--", "plans"]
        warm = {"SCRPLAN_CACHE": str(tmp / "cache")}
        cold = {"SCRPLAN_CACHE": "off"}
        trend = [*SCRPLAN, "trend", "plans", "--by", "month"]
        changes = [*SCRPLAN, "changes", "plans", "--since", "2023-06-30"]
        print(f"{'case':<52} {'baseline':>11} {'scrplan':>11} {'ratio':>8}")
        # What any scrplan command costs before it does anything, for scale.
        compare("scrplan --version vs git log --raw", log, [*SCRPLAN, "--version"], repo, 7, warm)
        compare("trend --by month vs git log --raw", log, trend, repo, 7, warm)
        compare("changes --since vs git log --raw", log, changes, repo, 7, warm)
        compare("trend --by month vs git log -p", log_p, trend, repo, 5, warm)
        compare("changes --since vs git log -p", log_p, changes, repo, 5, warm)
        compare("trend --by month, no cache vs git log -p", log_p, trend, repo, 3, cold)
        compare("changes --since, no cache vs git log -p", log_p, changes, repo, 3, cold)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
