"""COMET speed by device and precision: segments/s end to end, and how far bf16 and a GPU move the scores.

Run by hand (needs the comet extra), from the repository root; the same command runs on a GPU machine:
    PYTHONPATH=. .venv/bin/python benchmarks/comet_speed.py [--device auto|cpu|cuda] [--segments N]
    PYTHONPATH=. .venv/bin/python benchmarks/comet_speed.py --device cuda            # all 1,976 segments

With no --model it builds two random-weight COMET models offline (tests/support/tiny_comet.py) in a temporary
folder, or in --models-dir to reuse them: `tiny` (2 layers, hidden 32) and `large`, shaped like
wmt22-comet-da (xlm-roberta-large: 24 layers, hidden 1024; 2.2 GB, about 30 s to build). Their tokenizer
is trained on WMT23 zh-en text with 16,000 pieces, so segments split into about as many subwords as with
XLM-R's own. `--model PATH` (repeatable) times real checkpoints instead, e.g. Unbabel/wmt22-comet-da from
the Hugging Face cache.

Segments: WMT23 zh-en sources, one system's outputs and refA (../shared/data/wmt23-zh-en), every k-th of
the 1,976 for a spread of domains and lengths; the tiny fixture's samples repeated when ../shared is absent.

For each model and precision it prints the seconds and segments per second of CometScorer.score (batches
sorted by length, tokenising included, no cache; the model loaded beforehand and warmed up on one batch),
the largest per-segment difference from fp32 on the same device, and on a GPU the largest difference from
fp32 on the CPU over the first --cpu-check segments. --cache-rerun adds the score cache on a re-run with
5% of the segments edited.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from mtreview.errors import MetricError
from mtreview.metrics.comet import CometOptions, CometScorer
from mtreview.metrics.comet_runtime import resolve_device

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt23-zh-en"
WMT_SEGMENTS = 1976


def tiny_comet_module() -> Any:
    from tests.support import tiny_comet

    return tiny_comet


def load_segments(count: int, system: str = "Lan-BridgeMT") -> tuple[list[str], list[str], list[str]]:
    if WMT.is_dir():
        def lines(path: Path) -> list[str]:
            return path.read_text(encoding="utf-8").split("\n")[:WMT_SEGMENTS]
        src, mt, ref = (lines(WMT / "sources" / "zh-en.txt"), lines(WMT / "system-outputs" / f"{system}.txt"),
                        lines(WMT / "references" / "zh-en.refA.txt"))
        step = max(1, len(src) // count)
        picked = list(range(0, len(src), step))[:count]
        return [src[i] for i in picked], [mt[i] for i in picked], [ref[i] for i in picked]
    samples = tiny_comet_module().SAMPLES
    chosen = [samples[i % len(samples)] for i in range(count)]
    return ([s["src"] for s in chosen], [f"{s['mt']} ({i})" for i, s in enumerate(chosen)],
            [s["ref"] for s in chosen])


def build_models(folder: Path, names: list[str]) -> dict[str, Path]:
    """The random-weight models, built once into `folder` (reused when already there)."""
    tiny_comet = tiny_comet_module()
    corpus = None
    if WMT.is_dir():
        corpus = [line for path in (WMT / "sources" / "zh-en.txt", WMT / "references" / "zh-en.refA.txt")
                  for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    shapes = {"tiny": tiny_comet.DEFAULT_SHAPE, "large": tiny_comet.XLMR_LARGE_SHAPE}
    built = {}
    for name in names:
        model = folder / name / "da"
        if not (model / "checkpoints" / "model.ckpt").is_file():
            started = time.perf_counter()
            tiny_comet.build(folder / name, kinds=("da",), shape=shapes[name], corpus_lines=corpus,
                             vocab_size=16000 if corpus else 300)
            print(f"built {name} in {time.perf_counter() - started:.0f} s: {model}", flush=True)
        built[name] = model
    return built


def timed(scorer: CometScorer, src: list[str], mt: list[str], ref: list[str] | None) -> tuple[float, list[float]]:
    started = time.perf_counter()
    result = scorer.score(src, mt, ref)  # returns plain floats: the GPU has finished
    return time.perf_counter() - started, result.scores


def rate_text(rate: float) -> str:
    # a GPU's thousands and a busy CPU's hundredths both readable
    return f"{rate:,.1f}" if rate >= 10 else f"{rate:.3f}"


def largest_difference(a: list[float], b: list[float]) -> float:
    return max(abs(x - y) for x, y in zip(a, b))


def bench_model(label: str, path: str, args: argparse.Namespace, segments: tuple[list[str], list[str], list[str]],
                device: str) -> list[tuple[str, str, float, float]]:
    import torch

    src, mt, ref = segments
    base = CometOptions(model=path, device=device, batch_size=args.batch_size, threads=args.threads)
    first = CometScorer(replace(base, precision="fp32"))
    started = time.perf_counter()
    model = first.model
    loaded = time.perf_counter() - started
    refs = None if first.resolved.reference == "unused" else ref
    print(f"\n{label}: {first.resolved.name}; loaded in {loaded:.1f} s; {len(src)} segments, device {device}, "
          f"batch {first.batch_size}", flush=True)
    print(f"{'precision':<10}{'seconds':>9}{'seg/s':>10}{'max |Δ| vs fp32':>17}", flush=True)
    rows, scores = [], {}
    for precision in args.precisions.split(","):
        try:
            scorer = CometScorer(replace(base, precision=precision), model=model)
        except MetricError as error:
            print(f"{precision:<10}  skipped: {error}", flush=True)
            continue
        # Warm-up: the first batches pay for allocations and kernel choices that later ones do not.
        scorer.score(src[:scorer.batch_size], mt[:scorer.batch_size], refs[:scorer.batch_size] if refs else None)
        seconds, scores[precision] = timed(scorer, src, mt, refs)
        against = largest_difference(scores[precision], scores["fp32"]) if "fp32" in scores else float("nan")
        rows.append((precision, scorer.signature, seconds, len(src) / seconds))
        print(f"{precision:<10}{seconds:>9.2f}{rate_text(len(src) / seconds):>10}{against:>17.6f}", flush=True)
    if device != "cpu" and scores:
        # Last, because it moves the shared model back to the CPU.
        n = min(args.cpu_check, len(src))
        cpu = CometScorer(replace(base, device="cpu", precision="fp32"), model=model)
        cpu_scores = cpu.score(src[:n], mt[:n], refs[:n] if refs else None).scores
        for precision, values in scores.items():
            print(f"  {precision} on {device} vs fp32 on the CPU, first {n} segments: "
                  f"max |Δ| = {largest_difference(values[:n], cpu_scores):.6f}", flush=True)
    if args.cache_rerun and rows:
        cache_rerun(base, model, rows, src, mt, refs, args.edited)
    del model, first
    if device == "cuda":
        torch.cuda.empty_cache()
    return [(label, precision, seconds, rate) for precision, _, seconds, rate in rows]


def cache_rerun(base: CometOptions, model: Any, rows: list[tuple[str, str, float, float]], src: list[str],
                mt: list[str], ref: list[str] | None, share: float) -> None:
    """A full cold run into a fresh cache, then the same segments with a share of them edited."""
    precision = max(rows, key=lambda row: row[3])[0]
    with tempfile.TemporaryDirectory() as folder:
        options = replace(base, precision=precision, cache=Path(folder) / "c.sqlite")
        scorer = CometScorer(options, model=model)
        cold, _ = timed(scorer, src, mt, ref)
        edited = list(mt)
        changed = random.Random(5).sample(range(len(mt)), max(1, round(len(mt) * share)))
        for i in changed:
            edited[i] = edited[i].rstrip(".") + " indeed."
        started = time.perf_counter()
        result = scorer.score(src, edited, ref)
        warm = time.perf_counter() - started
        fresh = CometScorer(replace(options, cache=None), model=model).score(src, edited, ref)
    print(f"  cache ({precision}): cold run {cold:.1f} s; re-run with {len(changed)} of {len(mt)} segments "
          f"edited {warm:.1f} s ({result.cached} cached, {result.computed} computed): {cold / warm:.1f}× faster; "
          f"max |cached − recomputed| = {largest_difference(result.scores, fresh.scores):.2g}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--model", action="append", help="a COMET checkpoint folder or hub name (repeatable); "
                                                         "default: the built tiny and large models")
    parser.add_argument("--models", default="tiny,large", help="which built models: tiny, large")
    parser.add_argument("--models-dir", type=Path, help="build the models here, or reuse them (default: a "
                                                        "temporary folder)")
    parser.add_argument("--segments", type=int, help="default: all 1,976 on a GPU, 64 on the CPU")
    parser.add_argument("--precisions", default="fp32,bf16")
    parser.add_argument("--batch-size", type=int, help="default: the device's (16 on the CPU, 64 on a GPU)")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    parser.add_argument("--cpu-check", type=int, default=64,
                        help="on a GPU: segments also scored in fp32 on the CPU, to compare")
    parser.add_argument("--cache-rerun", action="store_true", help="also time the score cache on a re-run")
    parser.add_argument("--edited", type=float, default=0.05, help="share of segments edited for the re-run")
    args = parser.parse_args(argv)

    device = resolve_device(args.device)
    if device == "cuda":
        import torch

        print(f"GPU: {torch.cuda.get_device_name()}; torch {torch.__version__}; "
              f"native bf16: {torch.cuda.is_bf16_supported(including_emulation=False)}")
    segments = load_segments(args.segments or (WMT_SEGMENTS if device == "cuda" else 64))
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        if args.model:
            models = {Path(spec).name or spec: spec for spec in args.model}
        else:
            folder = args.models_dir or Path(scratch)
            models = {name: str(path) for name, path in build_models(folder, args.models.split(",")).items()}
        for label, path in models.items():
            results.extend(bench_model(label, path, args, segments, device))
    print(f"\nsummary ({device}, {len(segments[0])} WMT23 zh-en segments"
          f"{'' if WMT.is_dir() else ' (fixture samples: ../shared absent)'}):")
    print(f"{'model':<12}{'precision':<10}{'seg/s':>10}")
    for label, precision, _, rate in results:
        print(f"{label:<12}{precision:<10}{rate_text(rate):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
