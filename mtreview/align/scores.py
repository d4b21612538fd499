"""Bead scores: the evidence for every bead of a path at once, as arrays, then calibration.py's model.

One bead at a time this took a second on the Bible (5,000 beads, each a handful of small numpy
calls); as arrays over the whole path it takes a few hundredths. The beads of a path lie end to end,
so each side's bead vectors are sums over runs of consecutive sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtreview.align.calibration import EVIDENCE, probabilities
from mtreview.align.costs import BeadCosts, length_delta
from mtreview.align.dots import cosines

Step = tuple[int, int, int, int]
# Beads measured at once: each chunk copies its sentences' rows as float64 (2,048 columns), three
# times over; at 256 those copies set the Bible's peak memory (benchmarks/align_gold.py).
CHUNK_BEADS = 64


def _lexical_evidence(costs: BeadCosts, beads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cosine of each bead's sides, the weakest cosine of one of its sentences with the other
    side), CHUNK_BEADS beads at a time: each chunk's sentences are one slice of each side, so its
    bead vectors are sums over runs of that slice (dense float64 only for the chunk)."""
    cosine, weakest = np.zeros(len(beads)), np.zeros(len(beads))
    source_extra = np.concatenate([[0.0], np.cumsum(costs.features.source.extra_norm)])
    target_extra = np.concatenate([[0.0], np.cumsum(costs.features.target.extra_norm)])
    for first in range(0, len(beads), CHUNK_BEADS):
        i, di, j, dj = beads[first : first + CHUNK_BEADS].T
        sides = []
        for vectors, starts, counts, extra, norms in (
                (costs.source_vectors, i, di, source_extra, costs.source_norms),
                (costs.target_vectors, j, dj, target_extra, costs.target_norms)):
            low, high = int(starts[0]), int(starts[-1] + counts[-1])
            rows = vectors[low:high].astype(np.float64)
            # Runs start at each bead and at each gap between beads (unpaired sentences), dropped after.
            bounds = np.unique(np.concatenate([starts, starts + counts])) - low
            bounds = bounds[bounds < high - low]
            sums = np.add.reduceat(rows, bounds, axis=0)[np.searchsorted(bounds, starts - low)]
            owner = np.repeat(np.arange(len(starts)), counts)
            members = rows[np.concatenate([np.arange(a, a + c) for a, c in zip(starts - low, counts)])]
            sides.append((sums, np.einsum("ij,ij->i", sums, sums) + extra[starts + counts] - extra[starts],
                          owner, members, norms[np.concatenate([np.arange(a, a + c) for a, c in zip(starts, counts)])]))
        (source_sums, source_norms, *_), (target_sums, target_norms, *_) = sides
        part = slice(first, first + len(i))
        cosine[part] = cosines(np.einsum("ij,ij->i", source_sums, target_sums), source_norms * target_norms)
        low_cosine = np.full(len(i), np.inf)
        for (_, _, owner, members, member_norms), (other_sums, other_norms, *_) in ((sides[0], sides[1]),
                                                                                   (sides[1], sides[0])):
            dots = np.einsum("ij,ij->i", members, other_sums[owner])
            np.minimum.at(low_cosine, owner, cosines(dots, member_norms * other_norms[owner]))
        weakest[part] = low_cosine
    return cosine, weakest


def path_evidence(costs: BeadCosts, path: Sequence[Step]) -> np.ndarray:
    """(paired beads, len(calibration.EVIDENCE)): for each bead of `path` with sentences on both
    sides, in order, how much cheaper its lengths and anchors make it than leaving its sentences
    unpaired (nats), its lexical cosine, the weakest cosine of one of its sentences with the other
    side, its length delta, whether it is 1-1, whether it is big (4 sentences or more), whether
    its sides share no word at all although both have words the dictionary knows, the document's
    cosine (document_cosine), and what sharing no word costs the bead in the search (nats, by its
    words and how reliable the document's words are: BeadCosts._no_word_shared_cost)."""
    beads = np.array([step for step in path if step[1] and step[3]], dtype=np.int64).reshape(-1, 4)
    evidence = np.zeros((len(beads), len(EVIDENCE)))
    if not len(beads):
        return evidence
    i, di, j, dj = beads.T
    source_unpaired = np.concatenate([[0.0], np.cumsum(costs.source_unpaired)])
    unpaired = (source_unpaired[i + di] - source_unpaired[i]
                + costs.target_unpaired_totals[j + dj] - costs.target_unpaired_totals[j])
    kinds = {kind: (di == kind[0]) & (dj == kind[1]) for kind in set(zip(di.tolist(), dj.tolist()))}
    paired = np.zeros(len(beads))
    for (source_count, target_count), chosen in kinds.items():
        paired[chosen] = costs._costs(i[chosen] + source_count, source_count, j[chosen] + target_count,
                                      target_count, None)
    evidence[:, 0] = unpaired - paired
    source_length = costs.source_lengths[i + di] - costs.source_lengths[i]
    target_length = costs.target_lengths[j + dj] - costs.target_lengths[j]
    evidence[:, 3] = np.abs(length_delta(source_length, target_length, costs.document.ratio, costs.document.variance))
    evidence[:, 4] = (di == 1) & (dj == 1)
    evidence[:, 5] = di + dj >= 4
    if costs.lexical:
        cosine, weakest = _lexical_evidence(costs, beads)
        evidence[:, 1] = cosine
        evidence[:, 2] = weakest
        source_words = np.concatenate([[0], np.cumsum(costs.source_norms > 0)])
        target_words = np.concatenate([[0], np.cumsum(costs.target_norms > 0)])
        evidence[:, 6] = ((cosine == 0.0) & (source_words[i + di] > source_words[i])
                          & (target_words[j + dj] > target_words[j]))
        evidence[:, 7] = document_cosine(costs, cosine)
        if costs.no_word_weight:
            # Without it a bead of unrelated sentences in a well-translated document (a sentence
            # translating something else in place of the translation) scored as high as a true pair.
            for (source_count, target_count), chosen in kinds.items():
                evidence[chosen, 8] = costs._no_word_shared_cost(i[chosen] + source_count, source_count,
                                                                 j[chosen] + target_count, target_count,
                                                                 cosine[chosen])
    return evidence


def document_cosine(costs: BeadCosts, cosines_of_beads: np.ndarray) -> float:
    """How well the document's words agree: its typical cosine (passes._typical_cosine), or where
    the passes measured none (a pair or two of sentences), the median cosine of its paired beads. A
    weak bead in a document whose pairs agree well is right more often than the same bead where
    nothing agrees (one article's Chinese against another's English)."""
    typical = costs.document.typical_cosine
    if typical is not None:
        return typical
    return float(np.median(cosines_of_beads)) if len(cosines_of_beads) else 0.0


def path_scores(costs: BeadCosts, path: Sequence[Step]) -> list[float]:
    """Each bead's calibrated probability of being right (calibration.py), in path order; 0 for
    unpaired sentences."""
    chances = probabilities(path_evidence(costs, path), lexical=costs.lexical)
    scores = []
    # 0 is the unpaired sentences' score: a paired bead scores at least 0.001, however unlikely.
    paired = iter(np.clip(np.round(chances, 3), 0.001, 0.999).tolist())
    for _, di, _, dj in path:
        scores.append(next(paired) if di and dj else 0.0)
    return scores
