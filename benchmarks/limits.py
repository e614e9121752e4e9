"""Time and peak memory of scrplan on hostile inputs, against the same command on a plan of
ordinary size measured in the same run.

Usage (from the project root):

    uv run python benchmarks/limits.py                 # every case
    uv run python benchmarks/limits.py log             # cases whose name contains "log"
    uv run python benchmarks/limits.py --src OTHER/src # run another copy of scrplan's source

The inputs are generated in a temporary folder:

- *odd characters*: a plan with one very long line (15 MB, and 20 MB, which is over the plan
  size limit of 16 MB) holding ten control characters: before excerpts were clipped, every
  problem printed the whole line.
- *huge plan*: plans of 2, 4, 8 and 15 MB (under the limit) and one of 96 MB (over it), for
  ``validate`` and ``note``; edits must cost time in proportion to the file's size.
- *long history*: a plan with 1,000 commits, growing by one recommendation each, for ``log``.

Each command runs once (these inputs take seconds, not milliseconds); peak memory is the
child process's maximum resident set size. The baseline is the same command on a plan of 20
recommendations (about 34 KB). Ratios mean more than absolute numbers on a noisy machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import synthetic_plan  # noqa: E402

MB = 1_000_000


# Run from a small process of its own: a child forked from this one, which holds the
# generated inputs, would count this process's memory as its own.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:], stdout=sys.stdout, stderr=sys.stdout)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {peak} {code}")
"""


def run(cmd: list[str], cwd: Path, src: Path | None) -> tuple[float, float, int, int]:
    """Seconds, peak resident memory in MB, bytes written to standard output, exit code."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "SCRPLAN_CACHE": "off"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as result:
        subprocess.run(
            [PY, "-c", MEASURE, result.name, PY, "-m", "scrplan", *cmd],
            cwd=cwd,
            env=env,
            stdout=out,
            check=True,
        )
        seconds, peak, code = result.read().split()
        size = out.tell()
    return float(seconds), int(peak) / 1024, size, int(code)


def odd_line(path: Path, size: int) -> Path:
    """A plan whose summary is one line of ``size`` bytes with ten control characters."""
    chunk = (size - 200) // 11
    body = "\x01".join("x" * chunk for _ in range(11))
    path.write_text(
        f"title: Odd characters\nsummary: {body}\nrecommendations:\n"
        "  - id: 1\n    recommendation: Do it.\n",
        encoding="utf-8",
    )
    return path


def big_plan(path: Path, size: int) -> Path:
    """A valid plan of about ``size`` bytes: many synthetic plans' recommendations in one."""
    one = synthetic_plan(1)
    head, _, recs = one.partition("recommendations:\n")
    items = recs.split("  - id: ")[1:]
    out = [head, "recommendations:\n"]
    written, n = len(head), 0
    while written < size:
        n += 1
        item = f"  - id: {n}\n" + items[n % len(items)].split("\n", 1)[1]
        out.append(item)
        written += len(item)
    path.write_text("".join(out), encoding="utf-8")
    return path


def history_repo(folder: Path, commits: int) -> Path:
    """A repository whose plan gains one recommendation (and item 1 a note) per commit,
    written with one git fast-import."""
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    stream = []
    recs = ["  - id: 1\n    recommendation: The first recommendation.\n    rag: red\n"]
    notes: list[str] = []
    for n in range(commits):
        notes.append(f"      - note: Update {n} on the first recommendation.\n")
        recs.append(
            f"  - id: {n + 2}\n    recommendation: Recommendation {n + 2}, "
            + "with a sentence of ordinary length to make the plan grow. " * 4
            + "\n    rag: amber\n"
        )
        first = recs[0] + "    progress:\n" + "".join(notes[-20:])
        text = "title: Long history\nrecommendations:\n" + first + "".join(recs[1:])
        data = text.encode("utf-8")
        when = 1_700_000_000 + n * 3600
        stream.append(
            f"commit refs/heads/main\ncommitter Bench <b@example.org> {when} +0000\n"
            f"data {len(f'update {n}')}\nupdate {n}\n"
        )
        stream.append(f"M 100644 inline plans/history.yaml\ndata {len(data)}\n")
        stream.append(data.decode("utf-8") + "\n")
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=folder,
        input="".join(stream).encode("utf-8"),
        check=True,
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)
    return folder


def main() -> None:
    args = sys.argv[1:]
    src = None
    if "--src" in args:
        at = args.index("--src")
        src = Path(args[at + 1]).resolve()
        del args[at : at + 2]
    only = args[0] if args else ""
    tmp = Path(tempfile.mkdtemp(prefix="scrplan-limits-"))
    try:
        small = tmp / "small.yaml"
        small.write_text(synthetic_plan(1), encoding="utf-8")
        short = history_repo(tmp / "short", 2)
        # name, baseline, command, folder to run in; inputs are made only for chosen cases.
        cases: list[tuple[str, list[str], list[str], Path]] = []
        for size in (15 * MB, 20 * MB):
            name = f"validate {size // MB} MB, odd characters"
            if only in name:
                plan = odd_line(tmp / f"odd-{size // MB}.yaml", size)
                cases.append((name, ["validate", str(small)], ["validate", str(plan)], tmp))
        for size in (2 * MB, 4 * MB, 8 * MB, 15 * MB, 96 * MB):
            names = (f"validate {size // MB} MB plan", f"note on a {size // MB} MB plan")
            if not any(only in n for n in names):
                continue
            plan = big_plan(tmp / f"big-{size // MB}.yaml", size)
            note = ["Checked.", "--date", "2024-01-01"]
            for name, base, cmd in (
                (names[0], ["validate", str(small)], ["validate", str(plan)]),
                (names[1], ["note", f"{small}:1", *note], ["note", f"{plan}:1", *note]),
            ):
                if only in name:
                    cases.append((name, base, cmd, tmp))
        name = "log over 1,000 commits"
        if only in name:
            repo = history_repo(tmp / "repo", 1000)
            cases.append((name, ["log", "history:1"], ["log", "history:1"], repo))
        print(
            f"{'case':<32} {'baseline':>17} {'command':>17} {'exit':>5} "
            f"{'ratio':>13} {'output':>11}"
        )
        for name, base, cmd, cwd in cases:
            b_s, b_mb, _, _ = run(base, short if cmd[0] == "log" else cwd, src)
            c_s, c_mb, size, code = run(cmd, cwd, src)
            print(
                f"{name:<32} {b_s:6.2f} s {b_mb:5.0f} MB {c_s:6.2f} s {c_mb:5.0f} MB {code:>5} "
                f"{c_s / b_s:6.1f}x {c_mb / b_mb:5.1f}x {size / MB:8.2f} MB",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
