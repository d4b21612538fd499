"""Lines that hold more than one sentence: how a document's lines were joined, learned from the document.

Aligned one sentence per line (`--presplit`), a line still holds two sentences where lines were
joined: an English line "A. B." that translates two Chinese lines is a 2-1 bead whose English kept
both sentences. Whether a document's joins keep them depends on how it was made (lines joined in a
CAT tool or an export keep them; a translator who writes one English sentence for two Chinese ones
does not), so the rates are the document's own, counted on the first pass's beads (passes.py):

- `joined`: where a side has fewer lines than the other (the English of a 2-1, the Chinese of a
  1-2), how often each line joined into it kept its sentence (a 2-1 bead's English holding two
  sentences kept its one join). Where a document's lines were joined, a merged line keeps its
  sentences, and a dropped sentence put into its neighbour's bead shows as a one-sentence line where
  two were wanted;
- `plain`: how often a side holds a sentence beyond those its joins account for (a 1-1 bead's
  English of two sentences, a 1-2 bead's Chinese of three): 13 of WMT23 refA's 763 English lines and
  2 of its Chinese ones.

A bead pays -log of the probability of what its lines hold, per side. Each rate is shrunk towards its
prior as if measured on PLAIN_PSEUDO or JOINED_PSEUDO more beads. A side none of whose lines holds
two sentences (a literary chapter split one sentence per line, text split by mtreview itself) has
nothing to learn from and pays nothing. The first pass runs without these costs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mtreview.segment import split_en, split_zh

SOURCE_PLAIN_PRIOR = 0.003  # WMT23 zh-en: 2 of 763 Chinese lines hold two sentences
TARGET_PLAIN_PRIOR = 0.017  # 13 of 763 refA lines hold more sentences than their Chinese line
PLAIN_PSEUDO = 50.0
# Nothing is known of a document's joins before its first pass: even odds (0.5 to 0.8 give the same
# strict F1 on every set of benchmarks/align_gold.py).
JOINED_PRIOR = 0.5
JOINED_PSEUDO = 2.0

Step = tuple[int, int, int, int]


def extra_sentences(lines: Sequence[str], lang: str) -> np.ndarray:
    """For each line, its sentences beyond the first (mtreview.segment's splitting)."""
    split = split_zh if lang == "zh" else split_en
    return np.array([max(0, len(split(line)) - 1) for line in lines], dtype=np.float64)


@dataclass(frozen=True)
class SideRates:
    """One side's rates (see the module docstring)."""

    plain: float
    joined: float

    def plain_costs(self, extra: np.ndarray) -> np.ndarray:
        """Nats for lines (or runs of lines) holding `extra` sentences beyond their joins."""
        return np.where(extra > 0, -math.log(self.plain), -math.log1p(-self.plain))

    def joined_costs(self, extra: np.ndarray, wanted: int) -> np.ndarray:
        """Nats for a side holding `extra` sentences where `wanted` lines were joined into it: each
        join keeps its sentence or not, and sentences beyond those are as in `plain_costs`."""
        kept = np.minimum(extra, wanted)
        return (-kept * math.log(self.joined) - (wanted - kept) * math.log1p(-self.joined)
                + self.plain_costs(extra - kept))


@dataclass(frozen=True)
class JoinRates:
    source: SideRates | None  # None: no line of the side holds two sentences
    target: SideRates | None

    def bead_costs(self, di: int, dj: int, source_extra: np.ndarray, target_extra: np.ndarray) -> np.ndarray:
        """Nats for beads of di source and dj target lines (both at least one) whose sides hold these
        extra sentences."""
        cost = np.zeros(np.shape(source_extra))
        if self.source is not None:
            cost += self.source.joined_costs(source_extra, max(0, dj - di))
        if self.target is not None:
            cost += self.target.joined_costs(target_extra, max(0, di - dj))
        return cost

    def unpaired_costs(self, source_extra: np.ndarray, target_extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nats for each source and each target line left unpaired."""
        return (np.zeros(len(source_extra)) if self.source is None else self.source.plain_costs(source_extra),
                np.zeros(len(target_extra)) if self.target is None else self.target.plain_costs(target_extra))


def _rate(hits: float, count: float, prior: float, pseudo: float) -> float:
    return (hits + pseudo * prior) / (count + pseudo)


def document_rates(path: Sequence[Step], source_extra: np.ndarray, target_extra: np.ndarray) -> JoinRates | None:
    """The rates of a document from the beads of its first pass; None where neither side's lines
    hold two sentences."""
    counts = np.zeros((2, 4))  # per side: beads, those with sentences beyond their joins, joins, joins kept

    def count(side: int, extra: float, lines: int, other: int) -> None:
        wanted = max(0, other - lines)
        kept = min(extra, wanted)
        counts[side] += (1, extra - kept > 0, wanted, kept)

    for i, di, j, dj in path:
        if di:
            count(0, float(source_extra[i : i + di].sum()), di, dj)
        if dj:
            count(1, float(target_extra[j : j + dj].sum()), dj, di)

    def side(row: np.ndarray, extra: np.ndarray, plain_prior: float) -> SideRates | None:
        if not extra.any():
            return None
        return SideRates(_rate(row[1], row[0], plain_prior, PLAIN_PSEUDO),
                         _rate(row[3], row[2], JOINED_PRIOR, JOINED_PSEUDO))

    source = side(counts[0], source_extra, SOURCE_PLAIN_PRIOR)
    target = side(counts[1], target_extra, TARGET_PLAIN_PRIOR)
    return None if source is None and target is None else JoinRates(source, target)
