"""Alignment quality against gold beads: strict and lax precision, recall and F1.

The definitions of Sennrich & Volk (2010) as Vecalign and Bertalign compute them: a test bead is a
strict match when the gold has exactly that bead, a lax match when it shares a source sentence and a
target sentence with gold beads; beads empty on both sides are ignored; recall is precision with the
roles swapped and with insertions and deletions (1-0, 0-1) left out of both sides. Counts are summed
over documents before dividing.

Used by the alignment tests and benchmarks/align_gold.py only, so it lives here, not in the package.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtreview.errors import InputError

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Quality:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def read_gold(path: Path | str) -> list[BeadPair]:
    """`[0, 1]:[2]` per line, 0-based sentence indices."""
    beads = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            source, target = (ast.literal_eval(part.strip()) for part in line.split(":"))
        except (ValueError, SyntaxError) as error:
            raise InputError(path, f"not a bead like [0, 1]:[2]: {line!r}", number) from error
        beads.append((tuple(source), tuple(target)))
    return beads


def _counts(gold: Iterable[BeadPair], test: Iterable[BeadPair]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of the test beads against the gold."""
    gold = {bead for bead in gold if bead[0] or bead[1]}
    test = {bead for bead in test if bead[0] or bead[1]}
    gold_targets = defaultdict(set)  # source sentence -> the target sentences the gold pairs it with
    for source, target in gold:
        for k in source:
            gold_targets[k].update(target)
    strict = lax = 0
    for source, target in test:
        if (source, target) in gold:
            strict += 1
            lax += 1
        elif set(target) & set().union(*(gold_targets[k] for k in source)):
            lax += 1
    return strict, len(test) - strict, lax, len(test) - lax


def _ratio(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_alignments(gold: Sequence[Sequence[BeadPair]], test: Sequence[Sequence[BeadPair]]) -> Quality:
    """Quality of the test alignments of several documents against their gold, in the same order."""
    precision = [0, 0, 0, 0]
    recall = [0, 0, 0, 0]
    for gold_beads, test_beads in zip(gold, test, strict=True):
        precision = [a + b for a, b in zip(precision, _counts(gold_beads, test_beads))]
        paired_test = [bead for bead in test_beads if bead[0] and bead[1]]
        paired_gold = [bead for bead in gold_beads if bead[0] and bead[1]]
        recall = [a + b for a, b in zip(recall, _counts(paired_test, paired_gold))]
    p_strict, p_lax = _ratio(*precision[:2]), _ratio(*precision[2:])
    r_strict, r_lax = _ratio(*recall[:2]), _ratio(*recall[2:])
    return Quality(p_strict, r_strict, _f1(p_strict, r_strict), p_lax, r_lax, _f1(p_lax, r_lax))


def orphan_counts(gold: Iterable[BeadPair], test: Iterable[BeadPair]) -> tuple[int, int, int, int]:
    """(gold 1-0 beads the test has exactly, gold 1-0 beads, the same for 0-1 beads)."""
    emitted = set(test)
    counts = [0, 0, 0, 0]
    for bead in gold:
        if bool(bead[0]) != bool(bead[1]):
            side = 0 if bead[0] else 2
            counts[side] += bead in emitted
            counts[side + 1] += 1
    return counts[0], counts[1], counts[2], counts[3]


def document_counts(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> np.ndarray:
    """What one document adds to the strict scores and the orphan recalls, as sums over documents
    need: [precision hits, misses, recall hits, misses, 1-0 found, of, 0-1 found, of]."""
    precision = _counts(gold, test)[:2]
    recall = _counts([bead for bead in test if bead[0] and bead[1]], [bead for bead in gold if bead[0] and bead[1]])[:2]
    return np.array([*precision, *recall, *orphan_counts(gold, test)], dtype=np.int64)


def strict_statistics(totals: np.ndarray) -> np.ndarray:
    """(strict F1, 1-0 recall, 0-1 recall) from document_counts summed over the last axis but one;
    nan where a set has no such gold bead."""
    precision = totals[..., 0] / np.maximum(totals[..., 0] + totals[..., 1], 1)
    recall = totals[..., 2] / np.maximum(totals[..., 2] + totals[..., 3], 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        return np.stack([f1, totals[..., 4] / totals[..., 5], totals[..., 6] / totals[..., 7]], axis=-1)


def bootstrap_statistics(counts: dict[str, np.ndarray], groups: Sequence[str], samples: int = 1000,
                         seed: int = 0) -> dict[str, np.ndarray]:
    """strict_statistics of each system's documents (counts: a row of document_counts per document)
    over `samples` resamples of the groups with replacement, a group's documents together (variants
    of one article are not independent). The same resamples serve every system, so differences
    between systems are paired. Arrays (samples, 3) by system."""
    names = sorted(set(groups))
    member = np.array([[group == name for group in groups] for name in names], dtype=np.int64)  # (groups, docs)
    draws = np.random.default_rng(seed).integers(0, len(names), size=(samples, len(names)))
    weights = np.zeros((samples, len(names)), dtype=np.int64)
    np.add.at(weights, (np.arange(samples)[:, None], draws), 1)
    # How often each document is drawn in each resample.
    per_document = weights @ member
    return {system: strict_statistics(per_document @ rows) for system, rows in counts.items()}


def merge_by_verse(test: Sequence[BeadPair], source_verses: Sequence[str],
                   target_verses: Sequence[str]) -> list[BeadPair]:
    """Join consecutive test beads that lie within one verse, as Bertalign's Bible evaluation does
    before comparing sentence beads with its verse-based gold; an empty side fits any verse."""

    def verse_of(bead: BeadPair) -> str | None:
        source = list(dict.fromkeys(source_verses[k] for k in bead[0])) or [None]
        target = list(dict.fromkeys(target_verses[k] for k in bead[1])) or [None]
        if len(source) != 1 or len(target) != 1:
            return None
        if source[0] is None or target[0] is None or source[0] == target[0]:
            return source[0] if source[0] is not None else target[0]
        return None

    merged: list[BeadPair] = []
    previous = None
    for bead in test:
        verse = verse_of(bead)
        if previous is not None and verse == previous:
            merged[-1] = (merged[-1][0] + bead[0], merged[-1][1] + bead[1])
        else:
            merged.append(bead)
        previous = verse
    return merged
