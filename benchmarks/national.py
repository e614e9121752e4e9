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
cache the run before left; a report is compared with ``status`` of the same folder from the
same state of the cache (warm with warm, cold with cold). Peak memory is the command's maximum
resident set size.
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

    # name, command, cache ("cold": empty, "warm": left by the case before, "off"), and the
    # case it is compared with (None: the bare parse).
    commands = {
        "status": ["status", str(folder), *AS_OF],
        "validate": ["validate", str(folder)],
        "list --overdue": ["list", str(folder), "--overdue", *AS_OF],
    }
    cases: list[tuple[str, list[str], str, str | None]] = []
    for word, cmd in commands.items():
        cases += [(f"{word}, cold", cmd, "cold", None), (f"{word}, warm", cmd, "warm", None)]
    cases.append(("status, cache off", commands["status"], "off", None))
    cases.append(("status, cold (for reports)", commands["status"], "cold", None))
    cases.append(("status, warm (for reports)", commands["status"], "warm", None))
    for ext in ("csv", "md", "html"):
        cmd = ["report", str(folder), "-o", str(tmp / f"board.{ext}"), *AS_OF]
        cases.append((f"report -o board.{ext}, warm", cmd, "warm", "status, warm (for reports)"))
        cases.append((f"report -o board.{ext}, cold", cmd, "cold", "status, cold (for reports)"))
    chosen = [c for c in cases if only in c[0]]
    for case in list(chosen):  # a report needs the status it is compared with
        if case[3] is not None and all(c[0] != case[3] for c in chosen):
            chosen.insert(0, next(c for c in cases if c[0] == case[3]))
    medians: dict[str, float] = {}
    try:
        baseline()
        print(
            f"{'case':<30} {'seconds':>8} {'ratio':>14} {'peak MB':>8} {'exit':>5} {'output':>10}"
        )
        cache = tmp / "cache"
        for n, (name, cmd, state, against) in enumerate(chosen):
            case_env = {**env, "SCRPLAN_CACHE": "off" if state == "off" else str(cache)}
            times, peak, code, out = [], 0.0, 0, 0
            for _ in range(runs):
                if state == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                seconds, mb, out, code = run([*scrplan, *cmd], case_env)
                times.append(seconds)
                peak = max(peak, mb)
            if "-o" in cmd:  # the report's size, not what was said on standard output
                out = Path(cmd[cmd.index("-o") + 1]).stat().st_size
            medians[name] = median = statistics.median(times)
            if against is None:
                base, label = statistics.median(bare), "x parse"
            else:
                base, label = medians[against], "x " + against.split(" (")[0]
            print(
                f"{name:<30} {median:8.2f} {median / base:6.2f} {label:<16} {peak:8.0f} "
                f"{code:>5} {out / 1e6:8.2f} MB",
                flush=True,
            )
            if n % 3 == 2:
                baseline()
        baseline()
        print(
            f"{'bare parse (C loader)':<30} {statistics.median(bare):8.2f} "
            f"{'':<23} {max(bare_mb):8.0f}   ({len(bare)} runs: "
            + ", ".join(f"{b:.2f}" for b in bare)
            + ")"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
