"""The cost of a bead, in nats: -log prior of its kind + length misfit + anchors + lexical similarity
(+ what its lines hold where lines were joined, joins.py).

Costs are computed for a whole band of cells at once with numpy (`cells`), one kind at a time, so
that the search itself only combines arrays: this keeps a 10,000-sentence document to seconds.
Cell (i, j) means "i source and j target sentences used"; the bead of kind (di, dj) ending there is
source [i-di, i) with target [j-dj, j).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from mtreview.align.dots import bead_norms, cosines, pair_dots
from mtreview.align.features import ZH_EN_RATIO, Features, row_entries
from mtreview.align.joins import JoinRates

# Variance of the English length per Chinese character, measured on WMT23 zh-en (sources vs refA,
# 1,976 lines, with features.zh_length): 42.9; the lines' |delta| median is 0.48.
LENGTH_VARIANCE = 43.0

# The length cost's tail (robust_length_cost): WMT23's references condense some long Chinese
# sentences to a third of the expected length, and under a normal tail their beads cost more than
# leaving both sentences unpaired. news strict F1 0.963 -> 0.965 on dev, 0.951 -> 0.960 held out;
# MAC-Dev 0.876 -> 0.875; the Bible 0.970 -> 0.972.
LENGTH_TAIL_FROM = 6.0
LENGTH_TAIL_SLOPE = 0.5

# Anchor weights (nats): a number found on both sides is good evidence that two sentences belong
# together; one found on one side only is weaker evidence that they do not (translators write "30"
# as "thirty", 二十大 as "20th").
ANCHOR_MATCH_BONUS = 1.0
ANCHOR_MISS_PENALTY = 0.7
# Per telling number of the English (anchors.is_telling_number) that its bead's Chinese lacks, in a
# paired bead only: log(0.29 / 0.03) on WMT23's news (see anchors.py) is 2.3 nats, for an English
# sentence paired with the wrong Chinese against one left unpaired.
TELLING_PENALTY = 2.3
# A sentence merged into a bead (2-1, 3-1…) with telling numbers, none of which the bead's English
# has, is not translated there: on WMT23's dev news articles (sources vs refA) all of a Chinese line's
# telling numbers are missing from its own English 10% of the time (15 of 146 lines that have any)
# and from its neighbour's 95% (268 of 283), 2.2 nats; over all 38 articles 7% and 96%, 2.6 nats.
# news-dev's strict F1 is 0.971 at 2.0, 0.974 at 2.5, 0.972 at 3 (benchmarks/align_gold.py).
# Only on merged beads: a 1-1 bead's sentence has no neighbour to be dropped beside, and there the
# cost moved news-dev's strict F1 0.974 -> 0.973 and held out 0.972 -> 0.969. The dropped sentence
# merged into its neighbour's bead is the case: news 1-0 recall 0.80 -> 0.87 on dev and 0.78 -> 0.80
# held out.
MEMBER_TELLING_PENALTY = 2.6

# Lexical similarity (cosine of the glossed Chinese and the English, 0..1) enters as
# LEXICAL_WEIGHT * (LEXICAL_EXPECTED - similarity): a bead whose words agree better than a typical
# true pair gains, one whose words do not agree pays. Tuned on MAC-Dev (benchmarks/align_gold.py).
LEXICAL_WEIGHT = 16.0
LEXICAL_EXPECTED = 0.0
# A sentence of a merged bead (on either side) whose own cosine with the other side is below
# MEMBER_FLOOR costs MEMBER_WEIGHT per unit below: a sentence joined to a bead must earn its place.
MEMBER_FLOOR = 0.1
MEMBER_WEIGHT = 16.0
# In the second pass, the floor is MEMBER_SHARE of the document's typical 1-1 cosine, and the weight
# grows with the typical cosine above MEMBER_TYPICAL: where true pairs share many words (news: a
# typical 0.45, a merged sentence of a true bead has a cosine of 0.14 or more nine times in ten), a
# member sharing nothing is a dropped or added sentence merged into its neighbour's bead (on the
# news dev set 41% of those have a cosine of exactly 0); where they share few (literary chapters,
# typical 0.25, 15% of true members at 0), the floor and weight stay near MEMBER_FLOOR and
# MEMBER_WEIGHT. A 1-1 bead pays PAIR_WEIGHT per unit of cosine below PAIR_SHARE of the typical:
# two unrelated sentences, an added one beside a dropped one, otherwise pair at no cost. Tuned on
# news-dev and MAC-Dev (benchmarks/align_gold.py, strict F1: news 0.948 -> 0.960 on dev, 0.929 ->
# 0.947 held out, with 1-0/0-1 recall 0.58/0.62 -> 0.71/0.71; MAC-Dev 0.859 -> 0.861; the Bible
# 0.964 -> 0.969).
MEMBER_SHARE = 0.6
MEMBER_TYPICAL = 0.2
# A merged sentence that is short beside the rest of its bead has a low cosine with the other side
# even when the other side translates it: against a bead that translates its sentences equally, a
# member's cosine is about its share of the bead's norm. Where the document's words are unreliable
# (a typical cosine at NO_WORD_TYPICAL_FROM or below: literary chapters, the Bible), a member's
# cosine is read as if it had the bead's norm, boosted by at most MEMBER_SCALE_CAP, so "and it was
# so" or a short line of dialogue can join the sentence it belongs to; where they are reliable (news,
# NO_WORD_TYPICAL_FULL), a member sharing little is a dropped or added sentence whatever its length,
# and its cosine is read as it is. Strict F1 (benchmarks/align_gold.py): MAC-Dev 0.875 -> 0.881, the
# Bible 0.974 -> 0.976, news held out 0.963 either way, dev 0.969 -> 0.967 (two documents with
# garbled references, typical 0.3). Boosting in news too: MAC-Dev 0.883, news held out 0.957.
MEMBER_SCALE_CAP = 2.0
PAIR_SHARE = 0.4
PAIR_WEIGHT = 8.0

# A bead ending where a quotation is open on one side and closed on the other (anchors.
# quotation_open_after) pays this: on MAC-Dev's dialogue it lifts strict F1 from 0.861 to 0.876; news
# (0.960 -> 0.957 on dev, 0.947 held out either way) and the Bible (0.970) barely move. Not on 0-1
# beads, which the search prices as runs, nor on paragraphs, where English leaves a quotation open
# at a paragraph's end when the speech goes on.
QUOTE_SPLIT_COST = 2.0

# In the second pass, a bead pays MARGIN_WEIGHT per unit by which the best cosine one of its
# sentences has with a single sentence near it (passes.py) exceeds the bead's own cosine, beyond
# MARGIN_SLACK: a sentence with a clearly better partner next door is not paired here (the margin
# criterion of bitext mining, Artetxe & Schwenk 2019). A shifted pairing around an added and a
# dropped sentence is the case: news strict F1 0.957 -> 0.963 on dev, 0.947 -> 0.949 held out,
# 0-1 recall 0.79 -> 0.83 on dev; MAC-Dev and the Bible unchanged.
MARGIN_WEIGHT = 8.0
MARGIN_SLACK = 0.1
# Sides that share no word at all: how unlikely that is for a translation grows with the content
# words each side has (features.Side.words: all of them, not only those the other side's glosses
# share, so an added sentence of words the Chinese never glosses counts as what it is). On news-dev, a
# true 1-1 pair whose smaller side has 3 such words shares none 7% of the time and from 4 words 0.5%
# (5 of 939), an adjacent wrong pairing 42% and 23% (407 of 1,795): 1.8 and 3.8 nats, so about 0.95
# nats per word. Sides that share a word or two are hardly likelier to translate each other: on
# WMT23's dev news articles as they are (438 true pairs, 838 neighbours), for sides of 8 words or
# more a cosine of 0 is 3.4 nats against pairing, one up to 0.15 of the document's typical cosine 4.3,
# up to 0.3 2.8, up to 0.5 1.7, and from 0.5 evidence for it; so the cost falls from all of it at a
# cosine of 0 to nothing at NO_WORD_SHARE of the typical, over up to NO_WORD_CAP words. Tuned on the
# dev news (benchmarks/align_gold.py, strict F1 news-dev 0.976 -> 0.977, plain-dev 0.972 -> 0.973,
# 1-0 recall 0.87 -> 0.90 and 0.74 -> 0.78; a share of 1.0 or a cap of 8 gained more on dev and
# lost on held-out news). Literary text (MAC-Dev: 6% of true pairs at 5 words share none) is less
# reliable, so the cost is scaled from 0 at a typical cosine of NO_WORD_TYPICAL_FROM to all of it at
# NO_WORD_TYPICAL_FULL.
NO_WORD_WEIGHT = 0.95
NO_WORD_CAP = 6
NO_WORD_SHARE = 0.5
NO_WORD_TYPICAL_FROM = 0.25
NO_WORD_TYPICAL_FULL = 0.45

# Far below any sentence's squared norm (a term weighs 0.3 or more): the divisor for a member without words.
_NO_NORM = 1e-12
# Cells whose costs are computed at once (see BeadCosts.cells).
CHUNK_CELLS = 32_768

# Per sentence of difference between the sentence counts of a paragraph bead (see align_paragraphs).
SENTENCE_COUNT_PENALTY = 1.5


@dataclass(frozen=True)
class DocumentModel:
    """What a first pass over a document tells the second (see passes.py): its own length ratio and
    variance, and for each sentence the extra cost of leaving it unpaired (the evidence that it
    translates, or is translated by, a sentence near it)."""

    ratio: float = ZH_EN_RATIO
    variance: float = LENGTH_VARIANCE
    source_unpaired: np.ndarray | None = None  # (n,) nats added to each 1-0 bead
    target_unpaired: np.ndarray | None = None  # (m,) nats added to each 0-1 bead
    typical_cosine: float | None = None  # median lexical cosine of the first pass's 1-1 beads
    source_best: np.ndarray | None = None  # (n,) each sentence's best cosine with one sentence near it
    target_best: np.ndarray | None = None  # (m,)
    joins: JoinRates | None = None  # what the document's lines hold where they were joined (joins.py)


DEFAULT_MODEL = DocumentModel()


class BeadSimilarity(Protocol):
    """An extra similarity feature of beads, e.g. a sentence encoder's (embeddings.py): `band` prepares
    what a band of cells needs (each row's first and last target position), `costs` gives the nats it
    adds to the beads (source [i-di, i), target [j-dj, j)) for index arrays i, j, from that band's
    preparation or, given None, directly."""

    def band(self, lows: np.ndarray, highs: np.ndarray) -> Any: ...

    def costs(self, i: np.ndarray, di: int, j: np.ndarray, dj: int, band: Any = None) -> np.ndarray: ...


def length_delta(source_length, target_length, ratio: float = ZH_EN_RATIO, variance: float = LENGTH_VARIANCE):
    """Gale-Church delta: how many standard deviations the English length is from the expected.
    The variance grows with the mean of both sides' lengths (in Chinese characters), which keeps it
    defined when the source is tiny, where Gale-Church divide by the source alone."""
    scale = np.maximum((source_length + target_length / ratio) / 2, 1.0)
    return (target_length - source_length * ratio) / np.sqrt(variance * scale)


def length_cost(delta):
    """-log P(|delta| or more) under a standard normal: -log erfc(|delta|/sqrt 2), with the Chebyshev
    fit of Numerical Recipes (erfcc, fractional error < 1.2e-7), which needs no scipy and never
    underflows far out in the tail."""
    z = np.abs(delta) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    return z * z - poly - np.log(t)


def robust_length_cost(delta):
    """length_cost up to LENGTH_TAIL_FROM nats, then growing linearly in |delta| at LENGTH_TAIL_SLOPE
    of the normal's slope there: a translation that condenses or expands a sentence far beyond the
    usual is rare, but far less rare than a normal tail says, and there the words should decide."""
    cost = length_cost(delta)
    knee = math.sqrt(2 * LENGTH_TAIL_FROM)  # |delta| where the normal's cost reaches the knee, nearly
    beyond = np.sqrt(2 * np.maximum(cost, LENGTH_TAIL_FROM)) - knee
    return np.where(cost > LENGTH_TAIL_FROM, LENGTH_TAIL_FROM + LENGTH_TAIL_SLOPE * knee * beyond, cost)


class BeadCosts:
    """Bead costs over the arrays of `features`; `priors` maps (source, target) counts to a prior."""

    def __init__(self, features: Features, priors: dict[tuple[int, int], float], *,
                 lexical: bool = True, sentence_counts: tuple[list[int], list[int]] | None = None,
                 document: DocumentModel = DEFAULT_MODEL, extra_similarity: BeadSimilarity | None = None) -> None:
        self.lexical = lexical
        self.extra_similarity = extra_similarity
        self.features = features
        source, target = features.source, features.target
        self.n, self.m = len(source), len(target)
        self.source_vectors, self.target_vectors = source.vectors, target.vectors
        self.source_lengths = np.concatenate([[0.0], np.cumsum(source.lengths)])
        self.target_lengths = np.concatenate([[0.0], np.cumsum(target.lengths)])
        self.source_anchor_totals = source.anchors.sum(axis=1)
        # Each side's extra sentences per line (joins.py), as running totals; None for paragraph runs.
        self.extra_sentences = None
        if sentence_counts is None and source.extra_sentences is not None and target.extra_sentences is not None:
            self.extra_sentences = (source.extra_sentences, target.extra_sentences)
            self._extra_totals = (np.concatenate([[0.0], np.cumsum(source.extra_sentences)]),
                                  np.concatenate([[0.0], np.cumsum(target.extra_sentences)]))
        self._price(priors, document)
        self._anchor_totals = np.concatenate([[0], np.cumsum(self.source_anchor_totals)])
        # Only keys found on both sides can match: the others count as misses through the totals.
        shared = np.flatnonzero(source.anchors.any(axis=0) & target.anchors.any(axis=0))
        source_shared, target_shared = source.anchors[:, shared], target.anchors[:, shared]
        self._shared_totals = np.concatenate([[0], np.cumsum(source_shared.sum(axis=1))])
        self._source_anchor_sums = np.vstack([np.zeros((1, len(shared)), np.int32),
                                              np.cumsum(source_shared, axis=0, dtype=np.int32)])
        self.target_anchors = np.vstack([np.zeros((1, len(shared)), np.int32),
                                         np.cumsum(target_shared, axis=0, dtype=np.int32)])
        # Which shared keys are telling numbers; the English's telling numbers, as running totals; and
        # which source sentences have one at all (a number no English sentence has counts too).
        self._shared_telling = self._telling_totals = self._source_telling = None
        if features.telling_keys is not None:
            self._shared_telling = features.telling_keys[shared]
            self._source_telling = source.anchors[:, features.telling_keys[: source.anchors.shape[1]]].any(axis=1)
            if target.telling is not None:
                self._telling_totals = np.concatenate([[0.0], np.cumsum(target.telling)])
        self._bead_keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        counts = sentence_counts or ([0] * self.n, [0] * self.m)
        self.source_counts = np.concatenate([[0], np.cumsum(counts[0])]).astype(np.float64)
        self.target_counts = np.concatenate([[0], np.cumsum(counts[1])]).astype(np.float64)
        longest_source = max((di for di, _ in priors), default=1)
        longest_target = max((dj for _, dj in priors), default=1)
        self._source_dots = pair_dots(source.vectors, source.extra_norm, longest_source)
        self._target_dots = pair_dots(target.vectors, target.extra_norm, longest_target)
        self.source_norms, self.target_norms = self._source_dots[0], self._target_dots[0]  # squared
        # A bead ending where a quotation is open on one side only (see anchors.quotation_open_after).
        self.quote_split = None
        if sentence_counts is None and source.open_after is not None and target.open_after is not None:
            self.quote_split = (np.concatenate([[False], source.open_after]),
                                np.concatenate([[False], target.open_after]))
        # Source sentences' nonzero lexical features (features.row_entries), for the sparse products in
        # _row_products and the neighbour cosines of passes.py.
        self.source_entries = row_entries(source.vectors)
        # Content words per sentence, as running totals (for _no_word_shared_cost).
        source_words = source.words if source.words is not None else np.zeros(self.n)
        target_words = target.words if target.words is not None else np.zeros(self.m)
        self._source_words = np.concatenate([[0.0], np.cumsum(source_words)])
        self._target_words = np.concatenate([[0.0], np.cumsum(target_words)])

    def _price(self, priors: dict[tuple[int, int], float], document: DocumentModel) -> None:
        """What the priors and the document model decide: the kinds' costs and leaving a sentence unpaired."""
        self.priors = {kind: -math.log(prior) for kind, prior in priors.items()}
        self.document = document
        # What the document's typical cosine decides (see _lexical_cost and _no_word_shared_cost).
        typical = document.typical_cosine
        self.member_floor, self.member_weight, self.pair_floor = MEMBER_FLOOR, MEMBER_WEIGHT, None
        self.no_word_weight = 0.0
        self.member_scale_cap = 1.0
        # Each sentence's best single-sentence cosine near it, both sides (for _margin_cost), or None.
        self.best_nearby = None
        if document.source_best is not None and document.target_best is not None:
            self.best_nearby = (document.source_best, document.target_best)
        if typical is not None:
            self.member_floor = max(MEMBER_FLOOR, MEMBER_SHARE * typical)
            self.member_weight = MEMBER_WEIGHT * max(1.0, typical / MEMBER_TYPICAL)
            self.pair_floor = PAIR_SHARE * typical
            reliability = (typical - NO_WORD_TYPICAL_FROM) / (NO_WORD_TYPICAL_FULL - NO_WORD_TYPICAL_FROM)
            reliability = min(1.0, max(0.0, reliability))
            self.no_word_weight = NO_WORD_WEIGHT * reliability
            self.member_scale_cap = 1.0 + (MEMBER_SCALE_CAP - 1.0) * (1.0 - reliability)
        # Leaving a sentence unpaired: the kind's prior, the source's anchors missed, and the evidence
        # that it has a partner nearby.
        self.source_unpaired = self.priors.get((1, 0), np.inf) + ANCHOR_MISS_PENALTY * self.source_anchor_totals
        if document.source_unpaired is not None:
            self.source_unpaired = self.source_unpaired + document.source_unpaired
        self.target_unpaired = np.full(self.m, self.priors.get((0, 1), np.inf))
        if document.target_unpaired is not None:
            self.target_unpaired = self.target_unpaired + document.target_unpaired
        self.joins = None
        if document.joins is not None and self.extra_sentences is not None:
            self.joins = document.joins
            source_unpaired, target_unpaired = self.joins.unpaired_costs(*self.extra_sentences)
            self.source_unpaired = self.source_unpaired + source_unpaired
            self.target_unpaired = self.target_unpaired + target_unpaired
        # Running totals, for a run of 0-1 beads in the search.
        self.target_unpaired_totals = np.concatenate([[0.0], np.cumsum(self.target_unpaired)])

    def repriced(self, priors: dict[tuple[int, int], float], document: DocumentModel, *,
                 extra_similarity: BeadSimilarity | None = None) -> BeadCosts:
        """These costs under other priors (of the same kinds) and another document model, with
        `extra_similarity` (the embeddings' feature) when given: the arrays measured on the features
        are shared, not computed again."""
        other = copy.copy(self)
        other._price(priors, document)
        if extra_similarity is not None:
            other.extra_similarity = extra_similarity
        return other

    def unmatched_source(self, i: int) -> float:
        """Cost of a 1-0 bead for source sentence i: its anchors are missed."""
        return float(self.source_unpaired[i])

    def unmatched_target(self, j: int) -> float:
        return float(self.target_unpaired[j])

    # --- a band of cells at once ---

    def _row_products(self, lows: np.ndarray,
                      highs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each source sentence r, running sums along the target of its dot products with the
        target sentences of its window: sums[offsets[r] + c] = sum of x_r . y_s for starts[r] <= s <
        starts[r] + c, c = 0 .. lengths[r]. The window covers every cell whose source bead contains r;
        windows differ in length (bands are wider where they were widened), so they lie end to end."""
        longest_source = len(self._source_dots)
        longest_target = len(self._target_dots)
        n = self.n
        starts = np.maximum(lows[np.minimum(np.arange(n) + 1, n)] - longest_target, 0)
        lengths = np.minimum(highs[np.minimum(np.arange(n) + longest_source, n)], self.m) - starts
        offsets = np.concatenate([[0], np.cumsum(lengths + 1)])
        sums = np.zeros(int(offsets[-1]))
        entry_starts, entry_columns, _ = self.source_entries
        for r in range(n):
            terms = entry_columns[entry_starts[r] : entry_starts[r + 1]]
            if not len(terms):
                continue
            start, length = int(starts[r]), int(lengths[r])
            window = self.target_vectors[start : start + length][:, terms] @ self.source_vectors[r, terms]
            sums[offsets[r] + 1 : offsets[r] + length + 1] = np.cumsum(window)
        return starts, lengths, offsets[:-1], sums

    def cells(self, rows: np.ndarray, columns: np.ndarray, kinds: list[tuple[int, int]]) -> np.ndarray:
        """Costs (kinds, cells) of the bead of each kind ending at cell (rows[k], columns[k]), the
        cells of a band row after row; inf where the bead does not fit. 0-1 beads are left to the
        search (a constant). Computed CHUNK_CELLS at a time, which bounds the temporaries, and kept
        in float32."""
        n, m = self.n, self.m
        result = np.full((len(kinds), len(rows)), np.inf, dtype=np.float32)
        products = similarity_band = None
        if (self.lexical or self.extra_similarity is not None) and len(rows):
            # Each row's band, for the window of target sentences a source sentence can meet.
            first = np.searchsorted(rows, np.arange(n + 1))
            last = np.searchsorted(rows, np.arange(n + 1), side="right") - 1
            if self.lexical:
                products = self._row_products(columns[first], columns[last])
            if self.extra_similarity is not None:
                similarity_band = self.extra_similarity.band(columns[first], columns[last])
        for start in range(0, len(rows), CHUNK_CELLS):
            chunk = slice(start, start + CHUNK_CELLS)
            row, column = rows[chunk], columns[chunk]
            for number, (di, dj) in enumerate(kinds):
                if di == 0 or di > n or dj > m:
                    continue
                fits = (row >= di) & (column >= dj) & (column <= m)
                i = np.maximum(row, di)  # clipped to a bead that exists; `fits` masks the rest
                j = np.clip(column, dj, m)
                if dj == 0:
                    cost = self.source_unpaired[i - 1]
                else:
                    cost = self._costs(i, di, j, dj, products, similarity_band)
                result[number, chunk] = np.where(fits, cost + self._quote_split_costs(i, j), np.inf)
        return result

    def _quote_split_costs(self, i, j):
        """QUOTE_SPLIT_COST for the beads ending at cells (i, j) (arrays or ints) where a quotation is
        open after the source side's last sentence and not the target's, or the other way round."""
        if self.quote_split is None:
            return 0.0
        return QUOTE_SPLIT_COST * (self.quote_split[0][i] != self.quote_split[1][j])

    def _costs(self, i: np.ndarray, di: int, j: np.ndarray, dj: int, products, similarity_band: Any = None) -> np.ndarray:
        """Costs of the beads (source [i-di, i), target [j-dj, j)) for index arrays i, j (same shape);
        the extra similarity's only with its band (see cells)."""
        source_length = self.source_lengths[i] - self.source_lengths[i - di]
        target_length = self.target_lengths[j] - self.target_lengths[j - dj]
        delta = length_delta(source_length, target_length, self.document.ratio, self.document.variance)
        cost = self.priors[(di, dj)] + robust_length_cost(delta)
        cost = cost + self._anchor_costs(i, di, j, dj)
        if self._source_telling is not None and di > 1:
            cost = cost + self._member_telling_costs(i, di, j, dj)
        if self.joins is not None:
            source_extra, target_extra = self._extra_totals
            cost = cost + self.joins.bead_costs(di, dj, source_extra[i] - source_extra[i - di],
                                                target_extra[j] - target_extra[j - dj])
        if products is not None:
            cost = cost + self._word_costs(i, di, j, dj, self._similarity(i, di, j, dj, products))
        if self.extra_similarity is not None and similarity_band is not None:
            cost = cost + self.extra_similarity.costs(i, di, j, dj, similarity_band)
        # Joining a paragraph to its neighbour to soak up a verbose one shows as surplus sentences.
        surplus = (self.source_counts[i] - self.source_counts[i - di]) - (
            self.target_counts[j] - self.target_counts[j - dj])
        return cost + SENTENCE_COUNT_PENALTY * np.abs(surplus)

    def _word_costs(self, i, di, j, dj, similarity):
        """What the words say of the beads (source [i-di, i), target [j-dj, j)), given their
        similarity (_similarity): the lexical cost, sides that share no word, a better partner next door."""
        cost = self._lexical_cost(di, dj, *similarity)
        if self.no_word_weight:
            cost = cost + self._no_word_shared_cost(i, di, j, dj, similarity[0])
        if self.best_nearby is not None:
            cost = cost + self._margin_cost(i, di, j, dj, similarity[0])
        return cost

    def _similarity(self, i, di, j, dj, products) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(cosine of the beads, lowest cosine of one source sentence of a bead with its target,
        lowest cosine of one target sentence with its source; both read by _member_scale)."""
        starts, lengths, offsets, sums = products
        dots = np.zeros(i.shape)
        weakest = np.full(dots.shape, np.inf)
        source_norms = bead_norms(self._source_dots, i, di)
        target_norms = bead_norms(self._target_dots, j, dj)
        # Dots of each target sentence of the beads with the whole source bead.
        target_members = np.zeros((dj, *i.shape)) if dj > 1 else None
        for r_offset in range(di):
            r = i - di + r_offset
            start, last, offset = starts[r], lengths[r], offsets[r]
            high = offset + np.clip(j - start, 0, last)
            low = offset + np.clip(j - dj - start, 0, last)
            member = sums[high] - sums[low]
            dots += member
            if di > 1:
                member_norms = self._source_dots[0][r]
                weakest = np.minimum(weakest, cosines(member, member_norms * target_norms)
                                     * self._member_scale(source_norms, member_norms))
            if target_members is not None:
                for t in range(dj):
                    s = j - dj + t
                    target_members[t] += (sums[offset + np.clip(s + 1 - start, 0, last)]
                                          - sums[offset + np.clip(s - start, 0, last)])
        cosine = cosines(dots, source_norms * target_norms)
        weakest_target = cosine
        if target_members is not None:
            member_norms = [self._target_dots[0][j - dj + t] for t in range(dj)]
            weakest_target = np.min([cosines(target_members[t], source_norms * member_norms[t])
                                     * self._member_scale(target_norms, member_norms[t]) for t in range(dj)], axis=0)
        return cosine, (weakest if di > 1 else cosine), weakest_target

    def _member_scale(self, bead_norms, member_norms):
        """What a member's cosine is multiplied by (MEMBER_SCALE_CAP): the bead's norm over the
        member's, up to this document's cap; from squared norms. A member without words has a
        cosine of 0, whatever it is multiplied by."""
        if self.member_scale_cap <= 1.0:
            return 1.0
        return np.minimum(np.sqrt(bead_norms / np.maximum(member_norms, _NO_NORM)), self.member_scale_cap)

    def _no_word_shared_cost(self, i, di, j, dj, cosine):
        """NO_WORD_WEIGHT per word of the side with fewer (up to NO_WORD_CAP) for the beads whose
        sides share no word, less as their cosine nears NO_WORD_SHARE of the typical, scaled by how
        reliable the document's words are (self.no_word_weight: only with a typical cosine)."""
        words = np.minimum(self._source_words[i] - self._source_words[i - di],
                           self._target_words[j] - self._target_words[j - dj])
        typical = self.document.typical_cosine
        assert typical is not None and typical > 0
        unshared = np.clip(1.0 - cosine / (NO_WORD_SHARE * typical), 0.0, 1.0)
        return self.no_word_weight * np.minimum(words, NO_WORD_CAP) * unshared

    def _margin_cost(self, i, di, j, dj, cosine):
        """MARGIN_WEIGHT per unit by which a member's best single-sentence cosine near it beats the
        bead's cosine (beyond MARGIN_SLACK), for the beads (source [i-di, i), target [j-dj, j))."""
        assert self.best_nearby is not None
        source_best, target_best = self.best_nearby
        best = source_best[i - 1]
        for k in range(1, di):
            best = np.maximum(best, source_best[i - 1 - k])
        for k in range(dj):
            best = np.maximum(best, target_best[j - 1 - k])
        return MARGIN_WEIGHT * np.maximum(0.0, best - cosine - MARGIN_SLACK)

    def _keys_of_beads(self, di: int) -> tuple[np.ndarray, np.ndarray]:
        """For the bead of di source sentences ending at each source position: its shared anchor
        keys (padded with key 0) and how often it has each (0 for padding), a key once per bead."""
        if di not in self._bead_keys:
            ends = np.arange(di, self.n + 1)
            counts = self._source_anchor_sums[ends] - self._source_anchor_sums[ends - di]
            slots = max(1, int((counts > 0).sum(axis=1).max(initial=0)))
            # The bead's keys first, in key order (a stable sort on "absent").
            order = np.argsort(counts == 0, axis=1, kind="stable")[:, :slots]
            keys = np.zeros((self.n + 1, slots), dtype=np.int64)
            caps = np.zeros((self.n + 1, slots), dtype=np.int32)
            keys[ends] = order
            caps[ends] = np.take_along_axis(counts, order, axis=1)
            self._bead_keys[di] = keys, caps
        return self._bead_keys[di]

    def _anchor_costs(self, i, di, j, dj) -> np.ndarray:
        """ANCHOR_MISS_PENALTY per source anchor missing from the target, minus the bonus per match,
        for the beads ending at cells (i, j) (flat arrays)."""
        totals = self._anchor_totals[i] - self._anchor_totals[i - di]
        cost = ANCHOR_MISS_PENALTY * totals.astype(np.float64)
        if self._telling_totals is not None:
            cost = cost + TELLING_PENALTY * (self._telling_totals[j] - self._telling_totals[j - dj])
        cells = np.flatnonzero(self._shared_totals[i] - self._shared_totals[i - di])
        if not len(cells):
            return cost
        keys, caps = self._keys_of_beads(di)
        ends, targets = i[cells], j[cells, None]
        keys, caps = keys[ends], caps[ends]
        found = np.minimum(self.target_anchors[targets, keys] - self.target_anchors[targets - dj, keys], caps)
        cost[cells] -= (ANCHOR_MISS_PENALTY + ANCHOR_MATCH_BONUS) * found.sum(axis=1)
        if self._telling_totals is not None and self._shared_telling is not None:
            # Padding slots have key 0 but cap 0, so found is 0 there.
            cost[cells] -= TELLING_PENALTY * (found * self._shared_telling[keys]).sum(axis=1)
        return cost

    def _member_telling_costs(self, i, di, j, dj) -> np.ndarray:
        """MEMBER_TELLING_PENALTY per source sentence of the merged beads (source [i-di, i), target
        [j-dj, j)) that has telling numbers and none of them in the bead's English."""
        assert self._source_telling is not None and self._shared_telling is not None
        # Each sentence's shared keys, as a bead of one sentence ending after it (_keys_of_beads);
        # without a shared telling number no sentence's number can be found.
        sentence_keys = self._keys_of_beads(1) if self._shared_telling.any() else None
        cost = np.zeros(i.shape)
        for offset in range(di):
            member = i - di + offset
            # Most sentences have no telling number: only the cells of those that do are looked up.
            cells = np.flatnonzero(self._source_telling[member])
            if not len(cells):
                continue
            missed = np.ones(len(cells), dtype=bool)
            if sentence_keys is not None:
                keys, caps = sentence_keys[0][member[cells] + 1], sentence_keys[1][member[cells] + 1]
                ends = j[cells, None]
                telling = (caps > 0) & self._shared_telling[keys]
                found = (self.target_anchors[ends, keys] - self.target_anchors[ends - dj, keys]) > 0
                missed = ~(found & telling).any(axis=1)
            cost[cells] += MEMBER_TELLING_PENALTY * missed
        return cost

    def bead(self, i: int, di: int, j: int, dj: int, *, lexical: bool = True) -> float:
        """The cost of one bead, source [i, i+di) with target [j, j+dj), as the search prices it
        (cells; a run of 0-1 beads as the sum of its sentences'); `lexical=False` leaves out what the
        words say (_word_costs) and the extra similarity."""
        if not di:
            return sum(self.unmatched_target(k) for k in range(j, j + dj))
        split = float(self._quote_split_costs(i + di, j + dj))
        if not dj:
            return sum(self.unmatched_source(k) for k in range(i, i + di)) + split
        end_i, end_j = np.array([i + di]), np.array([j + dj])
        cost = float(self._costs(end_i, di, end_j, dj, None)[0]) + split
        if self.lexical and lexical:
            similarity = tuple(np.array([value]) for value in self.similarity(i, di, j, dj))
            cost += float(self._word_costs(end_i, di, end_j, dj, similarity)[0])
        if self.extra_similarity is not None and lexical:
            cost += float(self.extra_similarity.costs(end_i, di, end_j, dj)[0])
        return cost

    def similarity(self, i: int, di: int, j: int, dj: int) -> tuple[float, float, float]:
        """(cosine of source [i, i+di) with target [j, j+dj), lowest cosine of one source sentence
        with the target, lowest of one target sentence with the source; both read by _member_scale)."""
        source = self.source_vectors[i : i + di].sum(axis=0, dtype=np.float64)
        target = self.target_vectors[j : j + dj].sum(axis=0, dtype=np.float64)
        source_norm = float(bead_norms(self._source_dots, np.array([i + di]), di)[0])
        target_norm = float(bead_norms(self._target_dots, np.array([j + dj]), dj)[0])
        members = self.source_vectors[i : i + di] @ target
        cosine = float(cosines(members.sum(), source_norm * target_norm))
        weakest = min(float(cosines(dot, self._source_dots[0][r] * target_norm)
                            * self._member_scale(source_norm, self._source_dots[0][r]))
                      for r, dot in zip(range(i, i + di), members))
        weakest_target = min(float(cosines(dot, self._target_dots[0][s] * source_norm)
                                   * self._member_scale(target_norm, self._target_dots[0][s]))
                             for s, dot in zip(range(j, j + dj), self.target_vectors[j : j + dj] @ source))
        return cosine, weakest, weakest_target

    def _lexical_cost(self, di: int, dj: int, cosine, weakest, weakest_target):
        """A bonus for words in common; for a bead of several sentences on a side, a cost when one of
        them shares next to nothing with the other side: the cosine of a sum hardly drops when an
        unrelated sentence is added, and such a merge would hide an omission or an addition. Once a
        first pass has measured the document's typical cosine (passes.py), "next to nothing" is
        judged against it, and a bead of one sentence a side pays for falling far below it too."""
        cost = LEXICAL_WEIGHT * (LEXICAL_EXPECTED - cosine)
        if self.pair_floor is not None:
            cost = cost + PAIR_WEIGHT * np.maximum(0.0, self.pair_floor - cosine)
        if di > 1:
            cost = cost + self.member_weight * np.maximum(0.0, self.member_floor - weakest)
        if dj > 1:
            cost = cost + self.member_weight * np.maximum(0.0, self.member_floor - weakest_target)
        return cost
