"""Degenerate inputs of growing size, stage by stage: does each stage stay near-linear and bounded in memory?

Each measurement runs in a fresh process (wall seconds, peak RSS). For every stage the input doubles
twice; the table prints the time and memory ratios per doubling, and marks a stage whose time grows by
more than GROWTH_LIMIT per doubling over the whole range (a quadratic stage grows by 4). Run by hand:

    .venv/bin/python benchmarks/degenerate_inputs.py            # the sizes below, about a minute
    .venv/bin/python benchmarks/degenerate_inputs.py --scale 4  # four times larger inputs

Exits 1 when a stage grows faster than GROWTH_LIMIT, so that CI can run it as a guard.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

GROWTH_LIMIT = 3.0  # per doubling; linear is 2, n log n a little more, quadratic 4 (timing noise stays below 3)

STAGES = {
    # name: (base size, what it builds and runs; SIZE is replaced by the size)
    "check: one word, no spaces": (15_000, """
from mtreview.checks import run_checks
from mtreview.records import Pair
word = ("Beijing." + "x" * 7) * (SIZE // 15)
run_checks([Pair("1", "北京。", word)])
"""),
    "check: a sentence of numbers": (1_500, """
from mtreview.checks import run_checks
from mtreview.records import Pair
source = "，".join(f"{i}个" for i in range(SIZE)) + "。"
target = ", ".join(f"{i + 1} items" for i in range(SIZE)) + "."
run_checks([Pair("1", source, target)])
"""),
    "check: identical rows (consistency)": (20_000, """
from mtreview.checks import CheckOptions, check_corpus
from mtreview.records import Pair
pairs = [Pair(str(i), "会议还研究了其他事项。", "The meeting also discussed other matters." if i % 2 else
              "Other matters were also discussed.") for i in range(SIZE)]
check_corpus(pairs, CheckOptions(), workers=1)
"""),
    "align: identical sentences, 2 to 1": (3_000, """
from mtreview.align import align_presplit
align_presplit(["会议还研究了其他事项。"] * (2 * SIZE), ["The meeting also discussed other matters."] * SIZE)
"""),
    "corpus.toml: reconstructed passages": (1_600, """
import tempfile
from pathlib import Path
from mtreview.inputs import load_corpus_dir
folder = Path(tempfile.mkdtemp())
sentences = [f"代表团于9月{i % 28 + 1}日访问了第{i}个城市。" for i in range(SIZE)]
(folder / "source.zh.txt").write_text("".join(sentences) + "\\n", encoding="utf-8")
(folder / "target.en.txt").write_text(" ".join(f"The delegation visited city number {i}." for i in range(SIZE)),
                                      encoding="utf-8")
passages = "\\n".join(f'[[source.reconstructed]]\\ntext = "{s}"' for s in sentences[::2])
(folder / "corpus.toml").write_text(f'[source]\\nfile = "source.zh.txt"\\n{passages}\\n[target]\\nfile = "target.en.txt"\\n',
                                    encoding="utf-8")
load_corpus_dir(folder)
"""),
}

MEASURE = """
import resource, sys, time, json
started = time.perf_counter()
exec(compile(sys.argv[1], "stage", "exec"))
print(json.dumps({"seconds": time.perf_counter() - started,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(code: str, size: int) -> dict:
    completed = subprocess.run([sys.executable, "-c", MEASURE, code.replace("SIZE", str(size))],
                               capture_output=True, text=True, timeout=1800)
    if completed.returncode:
        raise SystemExit(f"stage failed at size {size}: {completed.stderr.strip().splitlines()[-1]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def growth_per_doubling(times: list[float]) -> float | None:
    """The stage's time growth per doubling, from its first time over half a second (below that a ratio is
    start-up noise) to its last. Judged over the range, not step by step: a stage that reaches a work
    budget (the aligner's band cells) takes one step up and then stays flat, which is not a quadratic; a
    quadratic grows by 4 at every doubling, and so over the range too."""
    first = next((k for k, seconds in enumerate(times) if seconds > 0.5), None)
    if first is None or first == len(times) - 1:
        return None
    return (times[-1] / times[first]) ** (1 / (len(times) - 1 - first))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    parser.add_argument("--only", help="run the stages whose name contains this")
    args = parser.parse_args()
    # Each process pays the same start-up (imports, the dictionary): measured once and taken off.
    baseline = measure("from mtreview.checks import run_checks\nfrom mtreview.align import align_presplit\n"
                       "align_presplit(['会议。'], ['The meeting.'])", 1)["seconds"]
    print(f"degenerate inputs: time per doubling of the input (linear 2.0, quadratic 4.0; limit {GROWTH_LIMIT})")
    print(f"start-up of a process, taken off every time: {baseline:.2f} s")
    print(f"{'stage':<38}{'size':>9}{'seconds':>9}{'MiB':>8}{'growth':>8}")
    failed = []
    for name, (base, code) in STAGES.items():
        if args.only and args.only not in name:
            continue
        previous = None
        times = []
        for factor in (1, 2, 4):
            size = int(base * args.scale * factor)
            result = measure(code, size)
            seconds = max(result["seconds"] - baseline, 0.01)
            growth = "" if previous is None else f"{seconds / previous:.2f}"
            print(f"{name:<38}{size:>9,}{seconds:>9.2f}{result['mib']:>8.0f}{growth:>8}")
            previous = seconds
            times.append(seconds)
        overall = growth_per_doubling(times)
        if overall is not None and overall > GROWTH_LIMIT:
            failed.append(name)
            print(f"{name:<38}{'':>9}{'':>9}{'':>8}{overall:>7.2f}! per doubling over the range")
    if failed:
        print("grows faster than linear: " + ", ".join(dict.fromkeys(failed)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
