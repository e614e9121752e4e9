"""Time `scrplan site` and `scrplan export` against `scrplan status` of the same folder, measured
in the same run, and print the ratios; then the size of the site's pages.

Usage (from the project root):

    uv run python benchmarks/site.py          # 1,000 plans
    uv run python benchmarks/site.py 200      # another number of plans

The target: `site` on 1,000 plans within 3x `status` of them, and the index page under 1 MB.
The plans are bench.py's synthetic plans (20 recommendations each, 3 progress notes each);
every command reads them from a warm plan cache, as a board manager's second run would.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import SCRPLAN, compare, write_plans


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tmp = Path(tempfile.mkdtemp(prefix="scrplan-bench-site-"))
    try:
        plans = write_plans(tmp / "plans", count)
        warm = {"SCRPLAN_CACHE": str(tmp / "cache")}
        as_of = ["--as-of", "2017-06-01"]
        status = [*SCRPLAN, "status", str(plans), *as_of]
        site = tmp / "site"
        cases = [
            (
                f"site {count} plans vs status",
                [*SCRPLAN, "site", str(plans), "-o", str(site), *as_of],
            ),
            (
                f"site --public {count} plans vs status",
                [*SCRPLAN, "site", str(plans), "-o", str(tmp / "public"), "--public", *as_of],
            ),
            (
                f"export --sqlite {count} plans vs status",
                [*SCRPLAN, "export", str(plans), "--sqlite", str(tmp / "plans.db"), *as_of],
            ),
            (
                f"export --csv {count} plans vs status",
                [*SCRPLAN, "export", str(plans), "--csv", str(tmp / "csv"), *as_of],
            ),
        ]
        print(f"{'case':<44} {'baseline':>11} {'scrplan':>11} {'ratio':>8}")
        for name, command in cases:
            compare(name, status, command, 5, warm)
        print(f"{'size':<44} {'':>11} {'bytes':>11}")
        for page in ("index.html", "agencies/index.html", "plans/plan-0000.html", "search-data.js"):
            print(f"{page:<44} {'':>11} {(site / page).stat().st_size:>11,}")
        every = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"{'the whole site':<44} {'':>11} {every:>11,}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
