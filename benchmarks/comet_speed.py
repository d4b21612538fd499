"""COMET on a CPU: fp32 vs bf16, torch threads, and the score cache on a re-run with 5% edited.

Run by hand (needs the comet extra):
    .venv/bin/python benchmarks/comet_speed.py MODEL [--segments 100] [--threads 1,2]

MODEL is a COMET checkpoint folder or a name in the local Hugging Face cache. With no real model, build
one of wmt22-comet-da's shape with random weights (2.2 GB, about 30 s):
    .venv/bin/python tests/support/tiny_comet.py /tmp/comet-large --kinds da --layers 24 --hidden 1024 \\
        --heads 16 --intermediate 4096 --corpus ../shared/data/wmt23-zh-en/sources/zh-en.txt \\
        --corpus ../shared/data/wmt23-zh-en/references/zh-en.refA.txt --vocab-size 16000
    .venv/bin/python benchmarks/comet_speed.py /tmp/comet-large/da

Segments are WMT23 zh-en sources, one system's outputs and refA (real sentence lengths), or the tiny
fixture's samples repeated when ../shared is absent. Prints one table of seconds per 1,000 segments
and the largest score difference from fp32, then the cache re-run.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from mtreview.metrics.comet import CometOptions, CometScorer

WMT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt23-zh-en"


def load_segments(count: int, system: str = "Lan-BridgeMT") -> tuple[list[str], list[str], list[str]]:
    if WMT.is_dir():
        def lines(path: Path) -> list[str]:
            return path.read_text(encoding="utf-8").split("\n")[:1976]
        src, mt, ref = (lines(WMT / "sources" / "zh-en.txt"), lines(WMT / "system-outputs" / f"{system}.txt"),
                        lines(WMT / "references" / "zh-en.refA.txt"))
        # every k-th segment: a spread of domains and lengths, not just the first documents
        step = max(1, len(src) // count)
        picked = list(range(0, len(src), step))[:count]
        return [src[i] for i in picked], [mt[i] for i in picked], [ref[i] for i in picked]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support.tiny_comet import SAMPLES

    samples = [SAMPLES[i % len(SAMPLES)] for i in range(count)]
    return ([s["src"] for s in samples], [f"{s['mt']} ({i})" for i, s in enumerate(samples)],
            [s["ref"] for s in samples])


def timed(scorer: CometScorer, src, mt, ref):
    started = time.perf_counter()
    result = scorer.score(src, mt, ref)
    return time.perf_counter() - started, result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--precisions", default="fp32,bf16")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--edited", type=float, default=0.05, help="share of segments edited for the re-run")
    args = parser.parse_args(argv)

    src, mt, ref = load_segments(args.segments)
    base = CometOptions(model=args.model, batch_size=args.batch_size)
    started = time.perf_counter()
    first = CometScorer(base)
    model = first.model
    print(f"model {first.resolved.name}: loaded in {time.perf_counter() - started:.1f} s; "
          f"{len(src)} segments, batch size {args.batch_size}")
    if first.resolved.reference == "unused":
        ref = None
    # A warm-up batch: the first forward pass pays for allocations that later ones do not.
    first.score(src[:args.batch_size], mt[:args.batch_size], ref[:args.batch_size] if ref else None)

    rows, fp32 = [], {}
    # rows print as they finish: on a busy CPU a large model takes minutes per setting
    print(f"\n{'precision':<10}{'threads':>8}{'seconds':>10}{'s/1000 seg':>12}{'max |Δ| vs fp32':>18}", flush=True)
    for threads in [int(t) for t in args.threads.split(",")]:
        for precision in args.precisions.split(","):
            scorer = CometScorer(replace(base, threads=threads, precision=precision), model=model)
            seconds, result = timed(scorer, src, mt, ref)
            fp32.setdefault(threads, result.scores if precision == "fp32" else None)
            reference = fp32.get(threads)
            diff = max(abs(a - b) for a, b in zip(result.scores, reference)) if reference else float("nan")
            rows.append((precision, threads, seconds))
            print(f"{precision:<10}{threads:>8}{seconds:>10.1f}{seconds / len(src) * 1000:>12.0f}{diff:>18.6f}",
                  flush=True)

    # The cache: a full cold run, then the same document with a share of segments edited.
    best_precision, best_threads = min(rows, key=lambda row: row[2])[:2]
    with tempfile.TemporaryDirectory() as folder:
        options = replace(base, threads=best_threads, precision=best_precision, cache=Path(folder) / "c.sqlite")
        scorer = CometScorer(options, model=model)
        cold, _ = timed(scorer, src, mt, ref)
        edited = list(mt)
        rng = random.Random(5)
        changed = rng.sample(range(len(mt)), max(1, round(len(mt) * args.edited)))
        for i in changed:
            edited[i] = edited[i].rstrip(".") + " indeed."
        warm, result = timed(scorer, src, edited, ref)
        fresh = CometScorer(replace(options, cache=None), model=model).score(src, edited, ref)
        agree = max(abs(a - b) for a, b in zip(result.scores, fresh.scores))
    print(f"\ncache ({best_precision}, {best_threads} thread(s)): cold run {cold:.1f} s; re-run with "
          f"{len(changed)} of {len(mt)} segments edited {warm:.1f} s ({result.cached} from the cache, "
          f"{result.computed} computed): {cold / warm:.1f}× faster; max |cached − recomputed| = {agree:.2g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
