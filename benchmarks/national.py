"""Ten thousand plans: time and peak memory of reading commands against a bare parse of the same
files, measured in the same run.

Usage (from the project root):

    uv run python benchmarks/national.py                  # 10,000 plans
    uv run python benchmarks/national.py --plans 500      # a smaller set
    uv run python benchmarks/national.py status           # cases whose name contains "status"
    uv run python benchmarks/national.py --runs 3         # the median of three runs of each
    uv run python benchmarks/national.py --src OTHER/src  # another copy of scrplan's source

The plans are the benchmarks' synthetic plans (``bench.synthetic_plan``: 20 recommendations,
3 progress entries each), written once to a folder in the temporary folder
(``scrplan-national-N``) and reused by later runs. The baseline is a bare read-and-parse of the
same files in one process with PyYAML's C loader, timed in this run (several times, between the
cases, and the median taken). "cold" runs start from an empty plan cache, "warm" ones from the
cache the cold run of the same command left; reports are compared with the warm ``status`` of
the same folder. Peak memory is the command's maximum resident set size.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PY = sys.executable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import synthetic_plan  # noqa: E402

AS_OF = ["--as-of", "2017-06-01"]

# Run from a small process of its own: a child forked from this one would count this
# process's memory as its own.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:], stdout=sys.stdout, stderr=sys.stdout)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {peak} {code}")
"""

BARE_PARSE = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
    "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


def plan_set(count: int) -> Path:
    """The folder of ``count`` synthetic plans, written unless a complete set is there."""
    folder = Path(tempfile.gettempdir()) / f"scrplan-national-{count}"
    done = folder / ".complete"
    if done.is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"writing {count:,} plans to {folder}", flush=True)
    for i in range(count):
        (folder / f"plan-{i:05d}.yaml").write_text(synthetic_plan(i), encoding="utf-8")
    done.write_text("")
    return folder


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Seconds, peak resident memory in MB, bytes written to standard output, exit code."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as result:
        subprocess.run([PY, "-c", MEASURE, result.name, *cmd], env=env, stdout=out, check=True)
        seconds, peak, code = result.read().split()
        size = out.tell()
    return float(seconds), int(peak) / 1024, size, int(code)


def main() -> None:
    args = sys.argv[1:]
    options = {"--plans": "10000", "--runs": "1", "--src": ""}
    for name in options:
        if name in args:
            at = args.index(name)
            options[name] = args[at + 1]
            del args[at : at + 2]
    only = args[0] if args else ""
    count, runs = int(options["--plans"]), int(options["--runs"])
    folder = plan_set(count)
    size = sum(p.stat().st_size for p in folder.glob("*.yaml"))
    print(f"{count:,} plans, {size / 1e6:.0f} MB, {count * 20:,} recommendations", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="scrplan-national-"))
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if options["--src"]:
        env["PYTHONPATH"] = str(Path(options["--src"]).resolve())
    scrplan = [PY, "-m", "scrplan"]
    bare: list[float] = []
    bare_mb: list[float] = []

    def baseline() -> None:
        seconds, mb, _, _ = run([PY, "-c", BARE_PARSE, str(folder)], env)
        bare.append(seconds)
        bare_mb.append(mb)

    # name, command, cache ("cold": empty, "warm": left by the case before, "off"), compared with
    results: list[tuple[str, list[float], float, int, int, str]] = []
    commands = {
        "status": ["status", str(folder), *AS_OF],
        "validate": ["validate", str(folder)],
        "list --overdue": ["list", str(folder), "--overdue", *AS_OF],
    }
    cases: list[tuple[str, list[str], str, str]] = []
    for word, cmd in commands.items():
        cases += [
            (f"{word}, cold", cmd, "cold", "bare"),
            (f"{word}, warm", cmd, "warm", "bare"),
        ]
    cases.append(("status, cache off", commands["status"], "off", "bare"))
    cases.append(("status, warm (for reports)", commands["status"], "warm", "bare"))
    for ext in ("csv", "md", "html"):
        cmd = ["report", str(folder), "-o", str(tmp / f"board.{ext}"), *AS_OF]
        cases.append((f"report -o board.{ext}, warm", cmd, "warm", "status"))
    cases = [c for c in cases if only in c[0]]
    try:
        baseline()
        print(
            f"{'case':<30} {'seconds':>8} {'ratio':>12} {'peak MB':>8} {'exit':>5} {'output':>10}"
        )
        cache = tmp / "cache"
        for n, (name, cmd, state, against) in enumerate(cases):
            if state == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            case_env = {**env, "SCRPLAN_CACHE": "off" if state == "off" else str(cache)}
            times, peak, code, out = [], 0.0, 0, 0
            for _ in range(runs):
                if state == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                seconds, mb, out, code = run([*scrplan, *cmd], case_env)
                times.append(seconds)
                peak = max(peak, mb)
            results.append((name, times, peak, code, out, against))
            median = statistics.median(times)
            if against == "status":
                warm = [r[1] for r in results if r[0].startswith("status, warm")]
                base = statistics.median(warm[-1])
                label = "x status"
            else:
                base = statistics.median(bare)
                label = "x parse"
            print(
                f"{name:<30} {median:8.2f} {median / base:7.2f}{label:>8} {peak:8.0f} "
                f"{code:>5} {out / 1e6:8.2f} MB",
                flush=True,
            )
            if n % 3 == 2:
                baseline()
        baseline()
        print(
            f"{'bare parse (C loader)':<30} {statistics.median(bare):8.2f} "
            f"{'':>12} {max(bare_mb):8.0f}   ({len(bare)} runs: "
            + ", ".join(f"{b:.2f}" for b in bare)
            + ")"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
