"""Time mtreview's check and metric passes on WMT23 zh-en (15 systems × 1,976 segments).

Run by hand: .venv/bin/python benchmarks/review_speed.py [--systems N]
Prints a table of wall time, pairs per second and peak memory (tracemalloc) per stage.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from mtreview.checks import CheckContext, run_checks
from mtreview.metrics import score_pairs
from mtreview.records import Pair
from mtreview.terms import load_terms

WMT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt23-zh-en"


def load_pairs(systems: int) -> list[Pair]:
    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").split("\n")[:1976]

    sources, references = lines(WMT / "sources" / "zh-en.txt"), lines(WMT / "references" / "zh-en.refA.txt")
    names = sorted(p.stem for p in (WMT / "system-outputs").glob("*.txt") if p.stem not in ("refA", "synthetic_ref"))
    pairs = []
    for name in names[:systems]:
        for i, (source, target, reference) in enumerate(zip(sources, lines(WMT / "system-outputs" / f"{name}.txt"),
                                                             references)):
            pairs.append(Pair(f"{name}:{i}", source, target, references=(reference,)))
    return pairs


def measure(label: str, function, count: int) -> tuple:
    tracemalloc.start()
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (label, count, elapsed, count / elapsed, peak / 2**20), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--systems", type=int, default=15)
    args = parser.parse_args()
    if not WMT.is_dir():
        raise SystemExit(f"WMT23 data not found at {WMT}")
    pairs = load_pairs(args.systems)
    context = CheckContext(terms=tuple(load_terms()))
    rows = []
    row, findings = measure("check (all checks, shipped terms)", lambda: run_checks(pairs, context=context), len(pairs))
    rows.append(row)
    row, _ = measure("score bleu+chrf (corpus + segments)", lambda: score_pairs(pairs, "bleu,chrf"), len(pairs))
    rows.append(row)
    print(f"{'stage':<40}{'pairs':>8}{'seconds':>10}{'pairs/s':>10}{'peak MiB':>10}")
    for label, count, elapsed, rate, peak in rows:
        print(f"{label:<40}{count:>8}{elapsed:>10.2f}{rate:>10.0f}{peak:>10.1f}")
    by_check: dict[str, int] = {}
    for finding in findings:
        by_check[finding.check] = by_check.get(finding.check, 0) + 1
    print("\nfindings by check:", ", ".join(f"{k} {v}" for k, v in sorted(by_check.items())))


if __name__ == "__main__":
    main()
