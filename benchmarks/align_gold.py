"""Sentence alignment against gold alignments: mtreview beside hunalign and Gale-Church, in one table.

    .venv/bin/python benchmarks/align_gold.py                         # every set, every system found
    .venv/bin/python benchmarks/align_gold.py --set mac --set bible   # some sets
    .venv/bin/python benchmarks/align_gold.py --hunalign-src DIR      # build hunalign from its source
    .venv/bin/python benchmarks/align_gold.py --cli                   # mtreview through `align --presplit`
    .venv/bin/python benchmarks/align_gold.py --scale                 # time a 10,000 x 12,000 document
    /usr/bin/time -v .venv/bin/python benchmarks/align_gold.py --set bible --system mtreview
                                                   # the Bible's time and peak memory, mtreview alone
    .venv/bin/python benchmarks/align_gold.py --paragraphs 3          # adds mtreview on documents in paragraphs
    .venv/bin/python benchmarks/align_gold.py --set plain --variants 10  # each article drawn 10 times, not 3
    .venv/bin/python benchmarks/align_gold.py --set plain --english ONLINE-B  # a WMT23 system's English
    .venv/bin/python benchmarks/align_gold.py --set plain --english all      # the reference's and all 16 others
    .venv/bin/python benchmarks/align_gold.py --set plain --plain-rates 0.08,0.1,0.1  # more drops and additions
    .venv/bin/python benchmarks/align_gold.py --embeddings MODEL      # adds "mtreview + embeddings" (a folder
                                                                      # or a name in the HF cache, e.g. LaBSE)

Sets (data in ../shared/data; see the README there):
- news-dev / news-held-out: WMT23 zh-en news documents perturbed with 2-1 merges, dropped and added
  sentences, captions, datelines and credits (tests/support/news_documents.py, seeded); the dev half
  was used to tune and calibrate, the held-out half only here;
- briefs-dev / briefs-held-out: the same articles cut into briefs of 4 lines, perturbed the same way
  (the same halves);
- plain-dev / plain-held-out: the same articles with 2-1 merges, dropped and added sentences only (no
  splits, no furniture, no other article's lines), drawn anew: how the issue describes its held-back set;
  with --english SYSTEM, the generated sets are drawn with a WMT23 system's output for English in place
  of the reference (the same Chinese, drops and merges): English of another style, never tuned on;
- substituted-dev / substituted-held-out: the same articles unperturbed but for one English line in six
  replaced by a line of another article (its Chinese left untranslated, the line added); the dev half is
  among the data the scores are calibrated on;
- xinhua-presplit: the bundled case one sentence per line, the Chinese as published (no caption, no
  attendance line, cut off at 国家统) against the whole English; gold read off the texts;
- mac: Bertalign's MAC-Dev (6 literary chapters; 001-003 were used to calibrate the scores, so the
  calibration report counts 004-006 as held out);
- bible: Bertalign's Bible (verse gold; beads joined within verses first, as its eval_bible.py does).

Systems: mtreview with its lexicon and without (lengths and anchors only); hunalign with a CC-CEDICT
dictionary when a hunalign binary is found (--hunalign, $HUNALIGN, PATH, or built before) or built from
its source into a cache folder, never into this repository: --hunalign-src, a checkout of
github.com/danielvarga/hunalign, else a clone of it at the commit our figures used, where GitHub can be
reached; Gale-Church (our own implementation below: lengths in characters, its
priors, a band around the diagonal).

Columns: strict and lax precision/recall/F1 (Sennrich & Volk, tests/support/align_evaluation.py), recall of
the gold 1-0 beads (untranslated Chinese) and 0-1 beads (added English) as exact beads, and CPU
seconds (the process's own, so other load on the machine does not count; hunalign's are its child
process's). Then the calibration of mtreview's scores, dev sets against held-out sets: per score band
the paired beads' mean score beside the share of them exactly right, and over all of them the expected
calibration error (over tenths of the score) and the Brier score. For the news sets, 95% intervals of strict F1 and
the orphan recalls over --bootstrap resamples of their articles (a resampled article brings all its
variants), and of each system's F1 minus mtreview's on the same resamples.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hunalign import find_hunalign, hunalign_system  # noqa: E402  # benchmarks/hunalign.py

from mtreview.align import align_presplit  # noqa: E402
from mtreview.align.costs import length_cost  # noqa: E402
from mtreview.inputs.lines import read_presplit  # noqa: E402
from tests.support.align_evaluation import (  # noqa: E402
    bootstrap_statistics,
    document_counts,
    merge_by_verse,
    read_gold,
    score_alignments,
    strict_statistics,
)
from tests.support.news_documents import (  # noqa: E402
    RATES,
    Rates,
    brief_sets,
    english_versions,
    news_sets,
    plain_sets,
    substituted_sets,
)

DATA = REPO.parent / "shared" / "data"
SEED = REPO.parent / "shared" / "corpus-seed"
CASE = REPO / "corpora" / "xinhua-belarus"
Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]
# MAC-Dev's chapters the bead scores are calibrated on (benchmarks/align_calibrate.py fits on these alone).
CALIBRATION_CHAPTERS = ("001", "002", "003")
# Score bands of the calibration report; the calibration error is measured over tenths.
SCORE_BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))

# Strict F1 published in Bertalign's README (commit 3c432d0) for the same data.
PUBLISHED = {
    "mac": "Vecalign 0.863, Bertalign 0.911 (LaBSE); Hunalign 0.610, Gale-Church 0.485",
    "bible": "Vecalign 0.978, Bertalign 0.979 (LaBSE); Hunalign 0.895, Gale-Church 0.821",
}


@dataclass
class Document:
    source: list[str]
    target: list[str]
    gold: Beads
    scored: list[tuple[float, bool]] = field(default_factory=list)
    # The article a perturbed document was drawn from (its variants share it): what the bootstrap resamples.
    group: str = ""
    # Whether its scores count as held out for the calibration report, where not as its set's:
    # MAC-Dev's chapters 004-006 were never fitted on (benchmarks/align_calibrate.py).
    scores_held_out: bool | None = None


@dataclass
class GoldSet:
    name: str
    documents: list[Document]
    held_out: bool
    # Turns a document's test beads into the gold's terms before scoring (the Bible's verses).
    adapt: Callable[[Beads], Beads] | None = None


# --- sets -------------------------------------------------------------------------------------


NEWS_KINDS = {"news": news_sets, "briefs": brief_sets, "plain": plain_sets,
              "substituted": lambda data, variants, english, rates: substituted_sets(data, variants, english)}


def news(data: Path, kind: str = "news", variants: int = 3, english: str = "refA",
         rates: Rates | None = None) -> list[GoldSet]:
    """The dev and held-out halves of the generated WMT23 news documents of a kind (NEWS_KINDS), each
    article drawn `variants` times, with the reference's English or a WMT23 system's (`english`), at
    `rates` of merges, drops and additions when given (named in the sets' names), else the usual."""
    sets = NEWS_KINDS[kind](data, variants=variants, english=english, rates=rates or RATES)

    def documents(key: str) -> list[Document]:
        # The article a document was cut from and drawn from: "article@line#seed".
        return [Document(d.source, d.target, d.gold, group=d.name.split("#")[0].split("@")[0]) for d in sets[key]]

    label = kind if english == "refA" else f"{kind}/{english}"
    if rates is not None:
        label += "@" + ",".join(f"{rate:g}" for rate in rates)
    return [GoldSet(f"{label}-dev", documents("dev"), False), GoldSet(f"{label}-held-out", documents("held-out"), True)]


def xinhua_presplit() -> list[GoldSet]:
    from mtreview.segment import segment_document

    if not SEED.is_dir():
        return []
    english = [s.text for p in segment_document((CASE / "target.en.txt").read_text(encoding="utf-8"), "en") for s in p]
    full = [s.text for p in segment_document((CASE / "source.zh.txt").read_text(encoding="utf-8"), "zh") for s in p]
    published = ((SEED / "xinhua-belarus.zh.partial.txt").read_text(encoding="utf-8") + "\n\n"
                 + (SEED / "xinhua-belarus.zh.closing-sentence.txt").read_text(encoding="utf-8"))
    chinese = [s.text for p in segment_document(published, "zh") for s in p]
    # Each published sentence is the start of one sentence of the full source, whose English is the
    # English sentence at the same position (tests/test_align.py); the others' English is unpaired.
    positions = [next(k for k, whole in enumerate(full) if whole.startswith(s.rstrip("。！"))) for s in chinese]
    gold = [((positions.index(k),), (k,)) if k in positions else ((), (k,)) for k in range(len(english))]
    return [GoldSet("xinhua-presplit", [Document(chinese, english, gold)], True)]


def mac(data: Path) -> list[GoldSet]:
    folder = data / "align-gold" / "mac_dev"
    documents = [Document(read_presplit(folder / "zh" / name), read_presplit(folder / "en" / name),
                          read_gold(folder / "gold" / f"{name}.align"),
                          scores_held_out=name not in CALIBRATION_CHAPTERS)
                 for name in sorted(path.name for path in (folder / "zh").iterdir())]
    return [GoldSet("mac (6 ch.)", documents, False)]


def bible(data: Path) -> list[GoldSet]:
    folder = data / "align-gold" / "bible"
    en_verses = [v.strip() for v in (folder / "en.verse").read_text(encoding="utf-8").splitlines()]
    zh_verses = [v.strip() for v in (folder / "zh.verse").read_text(encoding="utf-8").splitlines()]
    # The gold is [en]:[zh]: our beads are turned round, then joined within verses.
    gold = [(zh, en) for en, zh in read_gold(folder / "gold" / "001.align")]

    def adapt(beads: Beads) -> Beads:
        merged = merge_by_verse([(t, s) for s, t in beads], en_verses, zh_verses)
        return [(s, t) for t, s in merged]

    document = Document(read_presplit(folder / "zh" / "001"), read_presplit(folder / "en" / "001"), gold)
    return [GoldSet("bible", [document], True, adapt)]


# --- systems ----------------------------------------------------------------------------------


def mtreview_system(*, lexical: bool, cli: bool, embeddings: str | None = None) -> Callable[[Document], Beads]:
    """mtreview in-process (or through the CLI); `embeddings` a model for --embeddings, loaded once."""
    encoder = None
    if embeddings and not cli:
        from mtreview.align.embeddings import load_encoder

        encoder = load_encoder(embeddings)

    def run(document: Document) -> Beads:
        if cli:
            with tempfile.TemporaryDirectory() as folder:
                zh, en = Path(folder) / "zh.txt", Path(folder) / "en.txt"
                zh.write_text("\n".join(document.source) + "\n", encoding="utf-8")
                en.write_text("\n".join(document.target) + "\n", encoding="utf-8")
                command = [sys.executable, "-m", "mtreview", "align", "--presplit", "--format", "jsonl", str(zh), str(en)]
                if not lexical:
                    command.append("--no-lexical")
                if embeddings:
                    command += ["--embeddings", embeddings]
                output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO).stdout
            beads = [json.loads(line) for line in output.splitlines()]
            document.scored = [(b["score"], (tuple(b["source"]), tuple(b["target"])) in set(document.gold))
                               for b in beads if b["source"] and b["target"]]
            return [(tuple(b["source"]), tuple(b["target"])) for b in beads]
        beads = align_presplit(document.source, document.target, lexical=lexical, embeddings=encoder)
        gold = set(document.gold)
        document.scored = [(b.score, (b.source, b.target) in gold) for b in beads if b.source and b.target]
        return [(bead.source, bead.target) for bead in beads]

    return run


def paragraph_system(beads_per_paragraph: int) -> Callable[[Document], Beads]:
    """mtreview as align_texts runs it on a document in paragraphs (documents.align_runs): the gold cut
    into paragraphs of `beads_per_paragraph` beads on both sides, so they pair one to one, as
    align_paragraphs pairs equal counts."""
    from mtreview.align.documents import align_runs

    def run(document: Document) -> Beads:
        groups = [([k for bead in document.gold[start : start + beads_per_paragraph] for k in bead[0]],
                   [k for bead in document.gold[start : start + beads_per_paragraph] for k in bead[1]])
                  for start in range(0, len(document.gold), beads_per_paragraph)]
        aligned, _ = align_runs(document.source, document.target, groups, lines=True)  # the gold's lines
        document.scored = []
        return [(tuple(source[k] for k in bead.source), tuple(target[k] for k in bead.target))
                for (source, target), beads in zip(groups, aligned, strict=True) for bead in beads]

    return run


# Gale & Church (1993): their priors, and English characters per Chinese character with the variance
# of the English length per character measured on WMT23 (mtreview.align.costs).
GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}
GC_RATIO, GC_VARIANCE, GC_BAND = 4.07, 43.0, 150


def gale_church(document: Document) -> Beads:
    """Gale-Church over character lengths (Chinese characters, English characters), in a band of
    GC_BAND sentences around the diagonal."""
    source = np.array([len("".join(s.split())) for s in document.source], dtype=float)
    target = np.array([len(t) for t in document.target], dtype=float)
    n, m = len(source), len(target)
    cs, ct = np.r_[0, np.cumsum(source)], np.r_[0, np.cumsum(target)]

    def cost(i: int, di: int, j: np.ndarray, dj: int) -> np.ndarray:
        a = cs[i] - cs[i - di]
        b = ct[j] - ct[j - dj]
        if di == 0 or dj == 0:
            return np.full(j.shape, -math.log(GC_PRIORS[(di, dj)]))
        mean = (a + b / GC_RATIO) / 2
        delta = (b - a * GC_RATIO) / np.sqrt(GC_VARIANCE * np.maximum(mean, 1))
        return -math.log(GC_PRIORS[(di, dj)]) + length_cost(delta)  # -log P(|delta| or more)

    total = np.full((n + 1, m + 1), np.inf)
    back = np.zeros((n + 1, m + 1, 2), dtype=np.int8)
    total[0, 0] = 0
    for i in range(n + 1):
        centre = int(round(i * m / max(n, 1)))
        j = np.arange(max(0, centre - GC_BAND), min(m, centre + GC_BAND) + 1)
        for di, dj in GC_PRIORS:
            if di > i or (di, dj) == (0, 1):
                continue
            ok = j >= dj
            if not ok.any():
                continue
            jj = j[ok]
            candidate = total[i - di, jj - dj] + cost(i, di, jj, dj)
            better = candidate < total[i, jj]
            total[i, jj[better]] = candidate[better]
            back[i, jj[better]] = (di, dj)
        skip = -math.log(GC_PRIORS[(0, 1)])
        for column in j[1:] if j[0] == 0 else j:  # 0-1 beads along the row
            if column and total[i, column - 1] + skip < total[i, column]:
                total[i, column] = total[i, column - 1] + skip
                back[i, column] = (0, 1)
    beads: Beads = []
    i, j = n, m
    while i or j:
        di, dj = (int(x) for x in back[i, j])
        if not (di or dj):
            raise RuntimeError("Gale-Church: no path inside the band")
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


# --- measuring ----------------------------------------------------------------------------------


def measure(gold_set: GoldSet, system: Callable[[Document], Beads]) -> tuple[object, tuple, float, np.ndarray]:
    """(strict and lax quality, (1-0 recall, 0-1 recall, gold 1-0 beads, gold 0-1 beads), CPU
    seconds, document_counts of each document)."""
    before = time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    tests = [system(document) for document in gold_set.documents]
    elapsed = time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
    if gold_set.adapt:
        tests = [gold_set.adapt(test) for test in tests]
        for document in gold_set.documents:
            document.scored = []  # sentence beads against verse gold: no right or wrong to count
    golds = [document.gold for document in gold_set.documents]
    counts = np.array([document_counts(gold, test) for gold, test in zip(golds, tests, strict=True)])
    totals = counts.sum(axis=0)
    _, recall10, recall01 = strict_statistics(totals)
    return score_alignments(golds, tests), (recall10, recall01, int(totals[5]), int(totals[7])), elapsed, counts


def calibration_error(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """(expected calibration error over tenths of the score: the beads' share in each tenth times how far
    its mean score is from its share right, summed; Brier score: the mean squared error of the score)."""
    scores = np.array([score for score, _ in pairs])
    right = np.array([float(ok) for _, ok in pairs])
    tenths = np.minimum((scores * 10).astype(int), 9)
    error = sum(abs(scores[tenths == k].mean() - right[tenths == k].mean()) * np.count_nonzero(tenths == k)
                for k in range(10) if np.any(tenths == k)) / len(pairs)
    return float(error), float(np.mean((scores - right) ** 2))


def scores_held_out(gold_set: GoldSet, document: Document) -> bool:
    """Which side of the calibration report a document's scores count on: its own, else its set's."""
    return gold_set.held_out if document.scores_held_out is None else document.scores_held_out


def print_calibration(sets: list[GoldSet], scored: dict[bool, list[tuple[float, bool]]]) -> None:
    """mtreview's paired beads per score band, dev against held out: how many, their mean score, and the
    share exactly right (a calibrated score has the two alike); then the calibration error and Brier score."""
    def names(held_out: bool) -> str:
        found = []
        for gold_set in (g for g in sets if not g.adapt):
            count = sum(scores_held_out(gold_set, document) == held_out for document in gold_set.documents)
            if count == len(gold_set.documents):
                found.append(gold_set.name)
            elif count:
                found.append(f"{gold_set.name} ({count} of {len(gold_set.documents)} documents)")
        return ", ".join(found) or "none"

    unlabelled = "; the Bible's verse gold labels no sentence bead" if any(g.adapt for g in sets) else ""
    print(f"\nmtreview's scores against the share of paired beads exactly right (dev: {names(False)}; "
          f"held-out: {names(True)}{unlabelled})")
    print(f"| {'band':<9} | {'dev beads':>9} | {'mean score':>10} | {'right':>6} | {'held-out beads':>14} "
          f"| {'mean score':>10} | {'right':>6} |")
    print(f"|{'-' * 11}|{'-' * 11}|{'-' * 12}|{'-' * 8}|{'-' * 16}|{'-' * 12}|{'-' * 8}|")
    for low, high in SCORE_BANDS:
        cells = []
        for held_out in (False, True):
            band = [(score, right) for score, right in scored[held_out] if low <= score < high]
            cells += ([str(len(band)), f"{np.mean([score for score, _ in band]):.3f}",
                       f"{np.mean([right for _, right in band]):.3f}"] if band else ["0", "-", "-"])
        print(f"| {low:.1f}-{min(high, 1.0):.1f}   | {cells[0]:>9} | {cells[1]:>10} | {cells[2]:>6} | {cells[3]:>14} "
              f"| {cells[4]:>10} | {cells[5]:>6} |")
    summary = [f"{label}: calibration error {error:.3f}, Brier {brier:.3f} ({len(scored[held_out])} beads)"
               for held_out, label in ((False, "dev"), (True, "held out")) if scored[held_out]
               for error, brier in [calibration_error(scored[held_out])]]
    if summary:
        print("; ".join(summary))


def run_scale(data: Path, *, lexical: bool) -> None:
    """A 10,000 x 12,000 sentence document: MAC-Dev five times over, then the start of the Bible."""
    mac_folder, bible_folder = data / "align-gold" / "mac_dev", data / "align-gold" / "bible"
    chapters = sorted(path.name for path in (mac_folder / "zh").iterdir())
    zh = [line for _ in range(5) for name in chapters for line in read_presplit(mac_folder / "zh" / name)]
    en = [line for _ in range(5) for name in chapters for line in read_presplit(mac_folder / "en" / name)]
    zh += read_presplit(bible_folder / "zh" / "001")[: 10_000 - len(zh)]
    en += read_presplit(bible_folder / "en" / "001")[: 12_000 - len(en)]
    align_presplit(zh[:50], en[:50], lexical=lexical)  # load the dictionary outside the timing
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    beads = align_presplit(zh, en, lexical=lexical)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{len(zh):,} x {len(en):,} sentences: {len(beads):,} beads in {elapsed:.1f} s ({cpu:.1f} s CPU); "
          f"peak resident memory {peak / 1024:.0f} MiB (before the run {before / 1024:.0f} MiB)")


def plain_rates(text: str) -> Rates:
    """--plain-rates: three probabilities, comma-separated, that leave room for the unchanged lines."""
    try:
        merged, dropped, added = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: three numbers, merges,drops,additions") from None
    if min(merged, dropped, added) < 0 or merged + dropped + added >= 1:
        raise argparse.ArgumentTypeError(f"{text!r}: rates from 0 whose sum is below 1")
    return merged, dropped, added


def set_column_width(sets: Sequence[GoldSet]) -> int:
    """The width of the tables' set column: the longest name ("plain/GPT4-5shot-held-out"), at least 16."""
    return max([16, *(len(gold_set.name) for gold_set in sets)])


def print_intervals(sets: Sequence[GoldSet], per_document: dict[str, dict[str, np.ndarray]], samples: int) -> None:
    """95% intervals of each system's strict F1 and orphan recalls over resamples of the articles,
    and of its F1 minus mtreview's on the same resamples (paired)."""
    if not sets:
        return
    print(f"\nArticle bootstrap: {samples:,} resamples of each set's WMT articles (an article's variants "
          "together), 95% intervals")
    width = set_column_width(sets)
    print(f"| {'set':<{width}} | {'system':<22} | {'strict F1':<21} | {'1-0 R':<18} | {'0-1 R':<18} "
          f"| {'F1 minus mtreview':<17} |")
    print(f"|{'-' * (width + 2)}|{'-' * 24}|{'-' * 23}|{'-' * 20}|{'-' * 20}|{'-' * 19}|")

    def interval(values: np.ndarray, digits: int) -> str:
        low, high = np.nanpercentile(values, [2.5, 97.5])
        return f"{low:.{digits}f} … {high:.{digits}f}"

    for gold_set in sets:
        counts = per_document[gold_set.name]
        groups = [document.group for document in gold_set.documents]
        resampled = bootstrap_statistics(counts, groups, samples)
        for name, values in resampled.items() if "mtreview" in resampled else ():
            f1, r10, r01 = strict_statistics(counts[name].sum(axis=0))
            difference = "" if name == "mtreview" else interval(values[:, 0] - resampled["mtreview"][:, 0], 3)
            print(f"| {gold_set.name:<{width}} | {name:<22} | {f'{f1:.3f} ({interval(values[:, 0], 3)})':<21} "
                  f"| {f'{r10:.2f} ({interval(values[:, 1], 2)})':<18} "
                  f"| {f'{r01:.2f} ({interval(values[:, 2], 2)})':<18} | {difference:<17} |")


def system_chosen(name: str, wanted: list[str] | None) -> bool:
    """Whether --system (the start of a system's name, repeatable) runs the system `name`: every one when
    none is given; "mtreview" names that row alone, not the other mtreview rows."""
    return not wanted or any(name == start or (start != "mtreview" and name.startswith(start)) for start in wanted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--set", action="append", choices=[*NEWS_KINDS, "xinhua", "mac", "bible"],
                        help="a set to run (repeatable); default all")
    parser.add_argument("--cli", action="store_true", help="run `mtreview align --presplit` per document")
    parser.add_argument("--hunalign", help="a hunalign binary (else $HUNALIGN, PATH or --hunalign-src)")
    parser.add_argument("--hunalign-src", type=Path, help="a hunalign source checkout to build (into the cache)")
    parser.add_argument("--scale", action="store_true", help="time a 10,000 x 12,000 sentence document")
    parser.add_argument("--system", action="append", help="a system to run, by the start of its name in the "
                        "table (repeatable; default all): e.g. 'mtreview', 'Gale'")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="resamples of the articles for the news sets' 95%% intervals (0: none)")
    parser.add_argument("--variants", type=int, default=3, metavar="N",
                        help="draws of each article for the generated sets (news, briefs, plain; seeds 0 to "
                             "N-1, so the default 3 are the first of more): more draws, tighter recall figures")
    parser.add_argument("--english", action="append", metavar="SYSTEM",
                        help="draw the generated sets (news, briefs, plain) with a WMT23 system's output as their "
                             "English instead of the reference refA (repeatable; 'refA' for the reference too, "
                             "'all' for every version)")
    parser.add_argument("--plain-rates", type=plain_rates, action="append", metavar="M,D,A",
                        help="draw the plain sets at these rates of 2-1 merges, dropped and added lines (default "
                             f"{','.join(f'{rate:g}' for rate in RATES)}; repeatable)")
    parser.add_argument("--paragraphs", type=int, metavar="N",
                        help="also run mtreview on each document cut into paragraphs of N gold beads, as "
                             "review aligns a document in paragraphs")
    parser.add_argument("--embeddings", metavar="MODEL",
                        help="also run mtreview with this sentence encoder (align --embeddings): a folder or a "
                             "model name in the Hugging Face cache")
    args = parser.parse_args()
    if args.variants < 1:
        parser.error("--variants must be 1 or more")
    if not args.data.is_dir():
        sys.exit(f"gold data not found: {args.data}")
    versions = english_versions(args.data)
    if args.english and "all" in args.english:
        args.english = versions
    for english in args.english or []:
        if english not in versions:
            parser.error(f"--english {english}: WMT23 zh-en has no such English; one of {', '.join(versions)}")
    if args.scale:
        run_scale(args.data, lexical=True)
        return
    chosen = args.set or [*NEWS_KINDS, "xinhua", "mac", "bible"]
    sets: list[GoldSet] = []
    for name in chosen:
        if name in NEWS_KINDS:
            for english in args.english or ["refA"]:
                for rates in (args.plain_rates or [None]) if name == "plain" else [None]:
                    sets += news(args.data, name, args.variants, english, rates)
        else:
            sets += {"xinhua": xinhua_presplit, "mac": lambda: mac(args.data), "bible": lambda: bible(args.data)}[name]()
    systems: list[tuple[str, Callable[[Document], Beads]]] = [
        ("mtreview", mtreview_system(lexical=True, cli=args.cli)),
        ("mtreview --no-lexical", mtreview_system(lexical=False, cli=args.cli)),
    ]
    if args.embeddings:
        from mtreview.errors import MtreviewError

        try:
            with_model = mtreview_system(lexical=True, cli=args.cli, embeddings=args.embeddings)
        except MtreviewError as error:
            sys.exit(f"--embeddings: {error}")
        systems.insert(1, ("mtreview + embeddings", with_model))
    notes = []
    hunalign_name = "hunalign + CC-CEDICT"
    if system_chosen(hunalign_name, args.system):  # not built or cloned for a run that leaves it out
        hunalign, why = find_hunalign(args.hunalign, args.hunalign_src)
        if hunalign:
            systems.append((hunalign_name, hunalign_system(hunalign)))
        else:
            notes.append(f"{why}; give --hunalign BIN, $HUNALIGN, or --hunalign-src DIR to build it")
    systems.append(("Gale-Church", gale_church))
    if args.paragraphs:
        systems.insert(1, (f"mtreview, ¶ of {args.paragraphs} beads", paragraph_system(args.paragraphs)))
    systems = [(name, system) for name, system in systems if system_chosen(name, args.system)]

    width = set_column_width(sets)
    print(f"| {'set':<{width}} | {'system':<22} | {'strict P':>8} | {'strict R':>8} | {'strict F1':>9} | {'lax F1':>6} "
          f"| {'1-0 R':>10} | {'0-1 R':>10} | {'CPU s':>6} |")
    print(f"|{'-' * (width + 2)}|{'-' * 24}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 8}|{'-' * 12}|{'-' * 12}|{'-' * 8}|")
    scored: dict[bool, list[tuple[float, bool]]] = {False: [], True: []}
    per_document: dict[str, dict[str, np.ndarray]] = {}
    for gold_set in sets:
        for name, system in systems:
            quality, (r10, r01, n10, n01), elapsed, counts = measure(gold_set, system)
            per_document.setdefault(gold_set.name, {})[name] = counts
            if name == "mtreview":
                for document in gold_set.documents:
                    scored[scores_held_out(gold_set, document)] += document.scored
            recall10 = f"{r10:.2f} ({n10})" if n10 else "-"
            recall01 = f"{r01:.2f} ({n01})" if n01 else "-"
            print(f"| {gold_set.name:<{width}} | {name:<22} | {quality.precision_strict:>8.3f} | {quality.recall_strict:>8.3f} "
                  f"| {quality.f1_strict:>9.3f} | {quality.f1_lax:>6.3f} | {recall10:>10} | {recall01:>10} "
                  f"| {elapsed:>6.2f} |", flush=True)
    for key, published in PUBLISHED.items():
        if any(gold_set.name.startswith(key) for gold_set in sets):
            print(f"published strict F1 on {key}: {published}")
    if args.bootstrap:
        print_intervals([gold_set for gold_set in sets if all(d.group for d in gold_set.documents)],
                        per_document, args.bootstrap)
    print_calibration(sets, scored)
    for note in notes:
        print(f"Note: {note}")


if __name__ == "__main__":
    main()
