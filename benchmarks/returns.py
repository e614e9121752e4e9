"""Time scrplan request and scrplan apply on a folder of 1,000 plans, against status of it.

Usage (from the project root):

    uv run python benchmarks/returns.py          # 1,000 plans, 5 runs each
    uv run python benchmarks/returns.py 200 3    # 200 plans, 3 runs each

The plans are bench.py's synthetic ones (20 recommendations each, leads drawn from five
agencies), so West Midlands Police leads about a fifth of 20,000 items: its request has a row
for each one that is outstanding. The return answers 50 rows in 50 plans (a note and a RAG
each), as a large quarterly return would. Every command runs with a warm plan cache, interleaved
with ``status plans/`` of the same folder; the real apply runs on a fresh copy of the plans each
time (the copy is not timed). Only the ratios mean anything: compare them, not milliseconds
across runs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import SCRPLAN, write_plans  # noqa: E402

LEAD = "West Midlands Police"
ANSWERED = 50


def fill(source: Path, target: Path) -> int:
    """Answer the first row of each of the first 50 plans: a note and a RAG."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    sheet = book["Updates"]
    seen: set[str] = set()
    for r in range(2, sheet.max_row + 1):
        plan = str(sheet.cell(r, 2).value).split(":")[0]
        if plan in seen or len(seen) >= ANSWERED:
            continue
        seen.add(plan)
        sheet.cell(r, 11).value = "Quarterly update: audit under way, findings due next quarter."
        sheet.cell(r, 12).value = "Amber"
    book.save(target)
    return sheet.max_row - 1


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return took


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_plans(root / "pristine", count)
        shutil.copytree(root / "pristine", root / "plans")
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "COLUMNS": "120",
            "SCRPLAN_CACHE": str(root / "cache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        status = [*SCRPLAN, "status", "plans/", "--as-of", "2024-06-01"]
        request = [
            *SCRPLAN, "request", "plans/", "--lead", LEAD, "--as-of", "2024-06-01",
            "-o", "wmp.xlsx",
        ]  # fmt: skip
        dry_run = [*SCRPLAN, "apply", "filled.xlsx", "--dry-run", "--date", "2024-06-28"]
        apply = [*SCRPLAN, "apply", "filled.xlsx", "--date", "2024-06-28"]
        for cmd in (status, request):  # warm the plan cache, the disk and the .pyc files
            run(cmd, root, env)
        rows = fill(root / "wmp.xlsx", root / "filled.xlsx")
        run(dry_run, root, env)

        def fresh() -> None:
            shutil.rmtree(root / "plans")
            shutil.copytree(root / "pristine", root / "plans")
            run(status, root, env)  # the cache warm again for the copy

        times: dict[str, list[float]] = {"status": [], "request": [], "dry": [], "apply": []}
        for _ in range(runs):
            times["status"].append(run(status, root, env))
            times["request"].append(run(request, root, env))
            times["status"].append(run(status, root, env))
            times["dry"].append(run(dry_run, root, env))
            fresh()
            times["status"].append(run(status, root, env))
            times["apply"].append(run(apply, root, env))
            fresh()
        base = statistics.median(times["status"])
        print(f"{count} plans; request of {rows} rows; return answering {ANSWERED} rows")
        print(f"{'command':<52} {'ms':>8} {'x status':>9}")
        for name, label in (
            ("status", "status plans/ (baseline)"),
            ("request", f"request --lead '{LEAD}' -o wmp.xlsx"),
            ("dry", "apply filled.xlsx --dry-run"),
            ("apply", "apply filled.xlsx"),
        ):
            median = statistics.median(times[name])
            print(f"{label:<52} {median * 1000:8.0f} {median / base:9.2f}")


if __name__ == "__main__":
    main()
