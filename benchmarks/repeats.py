"""`scrplan repeats` at scale, and the choice of text-similarity library.

Usage (from the project root):

    uv run python benchmarks/repeats.py                 # 1,000 plans, 20,000 recommendations
    uv run python benchmarks/repeats.py --plans 200 --min-similarity 0.5
    uv run --with rapidfuzz python benchmarks/repeats.py compare   # rapidfuzz against TF-IDF

The corpus (``benchmarks/corpus.py``) has planted repeats: a recommendation made again in two to
four other plans, reworded each time. The default run writes the plans to a temporary folder and
runs ``scrplan repeats`` on them as a user would, first reading every file afresh, then with the
plan cache warm; beside it, in the same run, the bare YAML parse of the same files (the floor any
command over them stands on). It reports the time, the command's peak memory, how many planted
repeats were found, and how many groups and pairs were false.

``compare`` scores every pair of a smaller corpus with rapidfuzz's scorers (on the whole text,
and with the words in more than 5% of recommendations left out, a boilerplate list of our own)
and with TF-IDF as ``scrplan repeats`` does it, and prints for each its time and, at its best
threshold, the share of planted pairs found and how many pairs were false.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as gen

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def write(plans: list[gen.GeneratedPlan], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        (folder / f"{plan.name}.yaml").write_text(gen.yaml_text(plan), encoding="utf-8")
    return folder


def measured(cmd: list[str], env: dict[str, str], out: Path | None = None) -> tuple[float, float]:
    """Run ``cmd``; its wall time in seconds and its peak memory in MB."""
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as stdout:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
    return took, usage.ru_maxrss / 1024


def truth(plans: list[gen.GeneratedPlan]) -> tuple[dict[str, int | None], dict[int, set[str]]]:
    """Each recommendation's planted repeat (by reference), and each repeat's references."""
    planted: dict[str, int | None] = {}
    groups: dict[int, set[str]] = collections.defaultdict(set)
    for plan in plans:
        for k, rec in enumerate(plan.recs, 1):
            ref = f"{plan.name}:{k}"
            planted[ref] = rec.planted
            if rec.planted is not None:
                groups[rec.planted].add(ref)
    return planted, groups


def score(found: list[list[str]], plans: list[gen.GeneratedPlan]) -> dict[str, int]:
    """How the groups found compare with the planted repeats."""
    planted, groups = truth(plans)
    true_pairs = {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}
    pairs = {frozenset(p) for g in found for p in itertools.combinations(g, 2)}
    found_kinds: set[int] = set()
    whole = 0
    for g in found:
        counts = collections.Counter(planted[ref] for ref in g if planted[ref] is not None)
        found_kinds |= {k for k, c in counts.items() if c >= 2}
        kinds = {planted[ref] for ref in g}
        if len(kinds) == 1 and None not in kinds:
            whole += set(g) == groups[next(iter(kinds))]  # type: ignore[index]
    return {
        "planted": len(groups),
        "found": len(found_kinds),
        "found whole": whole,
        "groups": len(found),
        "false groups": sum(
            1 for g in found if len({planted[r] for r in g}) > 1 or planted[g[0]] is None
        ),
        "planted pairs": len(true_pairs),
        "pairs found": len(pairs & true_pairs),
        "false pairs": len(pairs - true_pairs),
    }


def run(args: argparse.Namespace) -> None:
    plans = gen.corpus(args.plans, planted=args.plans)
    tmp = Path(tempfile.mkdtemp(prefix="scrplan-repeats-"))
    try:
        folder = write(plans, tmp / "plans")
        count = sum(len(p.recs) for p in plans)
        env = {**os.environ, "NO_COLOR": "1", "SCRPLAN_CACHE": "off"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        parse = (
            "import sys, pathlib, yaml\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
            "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
        )
        baseline = [PY, "-c", parse, str(folder)]
        command = [PY, "-m", "scrplan", "repeats", str(folder), "--format", "json"]
        command += ["--min-similarity", str(args.min_similarity)]
        out = tmp / "repeats.json"
        measured(baseline, env)  # warm the disk cache and .pyc files
        print(f"{count:,} recommendations in {len(plans):,} plans, "
              f"min similarity {args.min_similarity}")  # fmt: skip
        print(f"{'case':<40} {'seconds':>8} {'peak MB':>8} {'ratio':>7}")
        base, base_mb = measured(baseline, env)
        print(f"{'bare YAML parse (baseline)':<40} {base:8.2f} {base_mb:8.0f} {1:7.2f}x")
        took, peak = measured(command, env, out)
        print(
            f"{'repeats, every file read afresh':<40} {took:8.2f} {peak:8.0f} {took / base:7.2f}x"
        )
        warm = {**env, "SCRPLAN_CACHE": str(tmp / "cache")}
        measured(command, warm)
        took, peak = measured(command, warm, out)
        print(f"{'repeats, plan cache warm':<40} {took:8.2f} {peak:8.0f} {took / base:7.2f}x")
        record = json.loads(out.read_text(encoding="utf-8"))
        found = [[item["ref"] for item in r["items"]] for r in record["repeats"]]
        for name, value in score(found, plans).items():
            print(f"{name:<40} {value:>8,}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def compare(args: argparse.Namespace) -> None:
    """rapidfuzz against TF-IDF, pair by pair, on a smaller corpus."""
    import numpy as np
    from rapidfuzz import fuzz, process, utils

    from scrplan.learning.repeats import similar_pairs, vectors

    plans = gen.corpus(args.plans, planted=args.plans)
    texts = [r.text for p in plans for r in p.recs]
    owner = np.array([i for i, p in enumerate(plans) for _ in p.recs], np.int64)
    kind = [r.planted for p in plans for r in p.recs]
    n = len(texts)
    true_pairs = {
        (a, b) for a, b in itertools.combinations(range(n), 2)
        if kind[a] is not None and kind[a] == kind[b]
    }  # fmt: skip
    scale = (20_000 / n) ** 2
    print(f"{n:,} recommendations in {len(plans)} plans; {len(true_pairs)} planted pairs")
    print(f"{'method':<36} {'seconds':>8} {'at 20k':>8}  best threshold, pairs found, false pairs")

    def report(name: str, took: float, first, second, sims, at_20k: float) -> None:
        best = None
        for t in np.arange(0.3, 0.981, 0.025):
            keep = sims >= t - 1e-6
            got = set(zip(first[keep].tolist(), second[keep].tolist(), strict=True))
            tp = len(got & true_pairs)
            fp = len(got) - tp
            f1 = 2 * tp / max(len(got) + len(true_pairs), 1)
            if best is None or f1 > best[0]:
                best = (f1, t, tp, fp)
        assert best is not None
        f1, t, tp, fp = best
        print(f"{name:<36} {took:8.2f} {at_20k:8.0f}  {t:.3f}, "
              f"{tp / len(true_pairs):6.1%}, {fp:5d}  (F1 {f1:.3f})")  # fmt: skip

    def dense(S) -> tuple:
        iu = np.triu_indices(n, 1)
        cross = owner[iu[0]] != owner[iu[1]]
        a, b = iu[0][cross], iu[1][cross]
        return a, b, S[a, b]

    words = [re.findall(r"\w+", t.lower()) for t in texts]
    df = collections.Counter(w for ws in words for w in set(ws))
    common = {w for w, k in df.items() if k > 0.05 * n}
    stripped = [" ".join(w for w in ws if w not in common) for ws in words]
    for label, strings, processor in (
        ("", texts, utils.default_process),
        (", our stop list", stripped, None),
    ):
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio):
            start = time.perf_counter()
            S = process.cdist(strings, strings, scorer=scorer, processor=processor,
                              workers=-1, dtype=np.uint8)  # fmt: skip
            took = time.perf_counter() - start
            a, b, v = dense(S.astype(np.float32) / 100)
            report(f"rapidfuzz {scorer.__name__}{label}", took, a, b, v, took * scale)
    start = time.perf_counter()
    matrix = vectors(texts)
    a, b, v = similar_pairs(matrix, owner, 0.3)
    took = time.perf_counter() - start
    big = gen.corpus(1000, planted=1000)
    big_texts = [r.text for p in big for r in p.recs]
    big_owner = np.array([i for i, p in enumerate(big) for _ in p.recs], np.int64)
    start = time.perf_counter()
    similar_pairs(vectors(big_texts), big_owner, 0.6)
    at_20k = time.perf_counter() - start
    report("TF-IDF (scikit-learn), as scrplan", took, a, b, v, at_20k)
    print("(at 20k: rapidfuzz scaled from this run by (20,000 / n)^2; TF-IDF measured at 0.6)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", nargs="?", default="run", choices=("run", "compare"))
    parser.add_argument("--plans", type=int, default=None)
    parser.add_argument("--min-similarity", type=float, default=0.6)
    args = parser.parse_args()
    if args.mode == "compare":
        args.plans = args.plans or 150
        compare(args)
    else:
        args.plans = args.plans or 1000
        run(args)


if __name__ == "__main__":
    main()
