"""Beads of sentences (or paragraphs): the aligner's entry points below the document level."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from mtreview.align.costs import BeadCosts
from mtreview.align.features import measure
from mtreview.align.search import best_path

# Bead kind (source sentences, target sentences) -> prior probability; add a kind here and the
# programme uses it. Gale & Church's figures adjusted for zh->en, where the English splits long
# Chinese sentences far more often than it joins them (MAC-Dev gold: 1-2 is 21% of beads, 2-1 5%),
# then tuned on MAC-Dev with the lexical evidence on (benchmarks/align_gold.py; the values are
# within 0.01 strict F1 of each other over a factor of two). Halving the deletion priors gains
# 0.005 on MAC-Dev but merges a dropped photo credit into its neighbour (tests/align/test_sentences.py).
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.80,
    (1, 2): 0.12,
    (2, 1): 0.05,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 2): 0.01,
    (1, 3): 0.01,
    (3, 1): 0.004,
    (1, 4): 0.003,
    (4, 1): 0.001,
    (2, 3): 0.003,
    (3, 2): 0.002,
}
# Paragraphs: never in threes, and a missing paragraph (a photo caption, a credit line) is commoner
# than two joined.
PARAGRAPH_PRIORS = {(1, 1): 0.9, (1, 2): 0.02, (2, 1): 0.02, (1, 0): 0.03, (0, 1): 0.03}


@dataclass(frozen=True)
class Bead:
    source: tuple[int, ...]  # sentence indices on the Chinese side
    target: tuple[int, ...]  # on the English side
    score: float  # 0..1, higher = more confident; 0 for 1-0 and 0-1 beads


# A bead's score: a logistic function of how much cheaper its lengths and anchors make it than
# leaving its sentences unpaired (its "margin", in nats: about 0.5 at SCORE_MIDPOINT, 0.9 some
# 2 * SCORE_SCALE above), times a lexical factor from 0.5 (no word in common) to 1 (a cosine of
# TYPICAL_SIMILARITY or more: the median of correct MAC-Dev beads). Unpaired sentences score 0. On
# MAC-Dev, beads scoring under 0.5 are right 62% of the time, 0.5-0.7 77%, 0.7-0.9 85%, over 0.9 88%.
SCORE_MIDPOINT = 4.0
SCORE_SCALE = 2.0
TYPICAL_SIMILARITY = 0.22


def _score(costs: BeadCosts, i: int, di: int, j: int, dj: int) -> float:
    if not (di and dj):
        return 0.0
    unpaired = sum(costs.unmatched_source(k) for k in range(i, i + di)) + dj * costs.unmatched_target()
    margin = unpaired - costs.bead(i, di, j, dj, lexical=False)
    score = 1 / (1 + math.exp(-(margin - SCORE_MIDPOINT) / SCORE_SCALE))
    if costs.lexical:
        score *= 0.5 + 0.5 * min(1.0, costs.similarity(i, di, j, dj)[0] / TYPICAL_SIMILARITY)
    return min(0.999, round(score, 3))


def _align(source: Sequence[str], target: Sequence[str], priors: dict, *, lexical: bool,
           sentence_counts: tuple[list[int], list[int]] | None = None) -> list[Bead]:
    features = measure(source, target, lexical=lexical)
    costs = BeadCosts(features, priors, lexical=lexical, sentence_counts=sentence_counts)
    path = best_path(costs, len(source), len(target), list(priors))
    return [Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), _score(costs, i, di, j, dj))
            for i, di, j, dj in path]


def align_sentences(source: list[str], target: list[str], *, lexical: bool = True) -> list[Bead]:
    """Align Chinese sentences with English ones; every sentence is in exactly one bead, in order.

    `lexical=False` leaves out the dictionary and pinyin evidence (lengths and anchors only)."""
    return _align(source, target, BEAD_PRIORS, lexical=lexical)


def align_paragraphs(source: list[str], target: list[str]) -> list[Bead]:
    """Paragraphs one to one when the counts agree (the usual case), else by the same programme
    with the paragraphs' sentence counts as extra evidence. Without lexical similarity: paragraphs
    of one news report share most of their words (China, Belarus, cooperation), and on the Xinhua
    case the glosses paired a dropped paragraph's neighbour with the wrong English."""
    from mtreview.segment import split_sentences

    if len(source) == len(target):
        return [Bead((number,), (number,), 1.0) for number in range(len(source))]
    counts = ([len(split_sentences(text, "zh")) for text in source],
              [len(split_sentences(text, "en")) for text in target])
    return _align(source, target, PARAGRAPH_PRIORS, lexical=False, sentence_counts=counts)
