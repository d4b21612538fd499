"""Sentence alignment against gold alignments, beside the figures published with Bertalign.

    .venv/bin/python benchmarks/align_gold.py                  # MAC-Dev (6 chapters) and the Bible
    .venv/bin/python benchmarks/align_gold.py --set mac --chapter 001
    .venv/bin/python benchmarks/align_gold.py --no-lexical     # lengths and anchors only
    .venv/bin/python benchmarks/align_gold.py --cli            # through `mtreview align --presplit`
    .venv/bin/python benchmarks/align_gold.py --scale          # time a 10,000 x 12,000 document

Data: ../shared/data/align-gold/ (Bertalign's MAC-Dev and Bible sets; see the README there). Each
document is aligned as `mtreview align --presplit` does (one sentence per line, Chinese as source)
and scored with strict and lax precision, recall and F1 (tests/support/align_evaluation.py). The Bible gold
is verse-based and written [en]:[zh]: beads are turned round and joined within verses first, as
Bertalign's eval_bible.py does. Times are wall-clock per set, reading and segmenting included, the
dictionary load (about 0.3 s once per process, from the pickle mtreview.lexicon keeps in the user's
cache directory; the first run ever builds that, about 4 s more) included in the first set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the evaluation lives with the tests that also use it (tests.support)

from mtreview.align import align_presplit  # noqa: E402
from mtreview.inputs.lines import read_presplit  # noqa: E402
from tests.support.align_evaluation import merge_by_verse, read_gold, score_alignments  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "align-gold"

# Strict F1 published in Bertalign's README (commit 3c432d0) for the same data.
PUBLISHED = {
    "mac": {"Gale-Church": 0.485, "Hunalign": 0.610, "Bleualign": 0.641, "Vecalign": 0.863, "Bertalign": 0.911},
    "bible": {"Gale-Church": 0.821, "Hunalign": 0.895, "Bleualign": 0.788, "Vecalign": 0.978, "Bertalign": 0.979},
}


def _align(zh: Path, en: Path, *, lexical: bool, cli: bool):
    if cli:
        command = [sys.executable, "-m", "mtreview", "align", "--presplit", "--format", "jsonl", str(zh), str(en)]
        if not lexical:
            command.append("--no-lexical")
        output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO).stdout
        return [(tuple(bead["source"]), tuple(bead["target"])) for bead in map(json.loads, output.splitlines())]
    beads = align_presplit(read_presplit(zh), read_presplit(en), lexical=lexical)
    return [(bead.source, bead.target) for bead in beads]


def run_mac(data: Path, chapters: list[str] | None, *, lexical: bool, cli: bool):
    names = chapters or sorted(path.name for path in (data / "mac_dev" / "zh").iterdir())
    gold, test = [], []
    started = time.perf_counter()
    for name in names:
        test.append(_align(data / "mac_dev" / "zh" / name, data / "mac_dev" / "en" / name, lexical=lexical, cli=cli))
        gold.append(read_gold(data / "mac_dev" / "gold" / f"{name}.align"))
    label = f"MAC-Dev {names[0]}" if len(names) == 1 else f"MAC-Dev ({len(names)} ch.)"
    return score_alignments(gold, test), time.perf_counter() - started, label


def run_bible(data: Path, *, lexical: bool, cli: bool):
    bible = data / "bible"
    started = time.perf_counter()
    beads = _align(bible / "zh" / "001", bible / "en" / "001", lexical=lexical, cli=cli)
    elapsed = time.perf_counter() - started
    en_verses = (bible / "en.verse").read_text(encoding="utf-8").splitlines()
    zh_verses = (bible / "zh.verse").read_text(encoding="utf-8").splitlines()
    turned = [(target, source) for source, target in beads]  # the gold is [en]:[zh]
    merged = merge_by_verse(turned, [v.strip() for v in en_verses], [v.strip() for v in zh_verses])
    return score_alignments([read_gold(bible / "gold" / "001.align")], [merged]), elapsed, "Bible 001"


def run_scale(data: Path, *, lexical: bool) -> None:
    """A 10,000 x 12,000 sentence document: MAC-Dev five times over, then the start of the Bible."""
    import resource

    mac, bible = data / "mac_dev", data / "bible"
    chapters = sorted(path.name for path in (mac / "zh").iterdir())
    zh = [line for _ in range(5) for name in chapters for line in read_presplit(mac / "zh" / name)]
    en = [line for _ in range(5) for name in chapters for line in read_presplit(mac / "en" / name)]
    zh += read_presplit(bible / "zh" / "001")[: 10_000 - len(zh)]
    en += read_presplit(bible / "en" / "001")[: 12_000 - len(en)]
    align_presplit(zh[:50], en[:50], lexical=lexical)  # load the dictionary outside the timing
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    beads = align_presplit(zh, en, lexical=lexical)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{len(zh):,} x {len(en):,} sentences: {len(beads):,} beads in {elapsed:.1f} s; "
          f"peak resident memory {peak / 1024:.0f} MiB (before the run {before / 1024:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--set", choices=["mac", "bible", "all"], default="all")
    parser.add_argument("--chapter", action="append", help="MAC-Dev chapter(s), e.g. 001; default all")
    parser.add_argument("--no-lexical", action="store_true", help="lengths and anchors only")
    parser.add_argument("--cli", action="store_true", help="run `mtreview align --presplit` per document")
    parser.add_argument("--scale", action="store_true", help="time a 10,000 x 12,000 sentence document")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"gold data not found: {args.data}")
    lexical = not args.no_lexical
    if args.scale:
        run_scale(args.data, lexical=lexical)
        return
    runs = []
    if args.set in ("mac", "all"):
        runs.append(("mac", *run_mac(args.data, args.chapter, lexical=lexical, cli=args.cli)))
    if args.set in ("bible", "all"):
        runs.append(("bible", *run_bible(args.data, lexical=lexical, cli=args.cli)))

    mode = "lengths + anchors" if args.no_lexical else "lengths + anchors + CC-CEDICT + pinyin"
    print(f"mtreview align --presplit ({mode})")
    print(f"| {'set':<18} | {'strict P':>8} | {'strict R':>8} | {'strict F1':>9} | {'lax P':>6} | {'lax R':>6} "
          f"| {'lax F1':>6} | {'time':>7} | published strict F1")
    print(f"|{'-' * 20}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 9}|{'-' * 20}")
    for key, quality, elapsed, label in runs:
        published = ", ".join(f"{name} {value:.3f}" for name, value in PUBLISHED[key].items())
        print(f"| {label:<18} | {quality.precision_strict:>8.3f} | {quality.recall_strict:>8.3f} "
              f"| {quality.f1_strict:>9.3f} | {quality.precision_lax:>6.3f} | {quality.recall_lax:>6.3f} "
              f"| {quality.f1_lax:>6.3f} | {elapsed:>6.2f}s | {published}")


if __name__ == "__main__":
    main()
