"""Bead scores as probabilities: a logistic model over a bead's evidence (scores.path_evidence).

A score of 0.8 means that about 80% of the beads scored so are right (strict: exactly the gold bead).
The coefficients are fitted by benchmarks/align_calibrate.py (logistic regression, IRLS) on the
development data only: MAC-Dev chapters 001-003 and the development half of the generated WMT23 news
documents (tests/support/news_documents.py), some of those against another article's English, single
sentence pairs, and dev articles with a line in six translating another article's. Reliability per
score band on the held-out data (MAC-Dev 004-006, the held-out news sets, the bundled case) is printed
by benchmarks/align_gold.py. Refit them when the costs change: the evidence is measured in the costs'
own units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

EVIDENCE = ("margin", "cosine", "weakest member cosine", "length delta", "1-1", "big bead", "no word shared",
            "document cosine", "no-word cost")

# Fitted 2026-12-05 by benchmarks/align_calibrate.py (see the module docstring), refitted after the
# second pass learned the document's own word translations (learned.py) and again after it judged
# cosines against the document's typical one (costs.MEMBER_SHARE) and priced quotations split
# across beads (costs.QUOTE_SPLIT_COST), the margin (costs.MARGIN_WEIGHT) and the length cost's tail
# (costs.robust_length_cost), after the lexicon's segmentation from both directions and its news
# senses (lexicon.NEWS_SENSES), after the English's telling numbers (costs.TELLING_PENALTY) and
# names of a single character (features.LONE_NAME_RATIO), and after the no-word cost counted all the
# content words (costs.NO_WORD_WEIGHT), and after merged sentences' telling numbers
# (costs.MEMBER_TELLING_PENALTY), what joined lines hold (joins.py), sides sharing a word or two
# (costs.NO_WORD_SHARE), joins counted one short (passes.JOINS_LEFT_OUT), unpaired sentences
# measured on their unclaimed words (passes.UNPAIRED_WEIGHT), the Chinese's words in Latin letters
# taken as terms (features._source_terms) and a news desk's unpaired priors (passes.desk_priors),
# and after the document's cosine (scores.document_cosine) and the no-word cost became evidence, with
# articles holding another article's lines among the dev data: intercept first, then one weight per
# EVIDENCE entry. Without the lexicon the cosines are 0 and a second fit is used.
LEXICAL_WEIGHTS = (-2.293, 0.130, 0.789, 1.494, -0.400, 1.295, -1.193, -0.944, 6.917, -0.757)  # 3,345 beads, 89.6% right
LENGTH_ONLY_WEIGHTS = (-2.815, 0.197, 0.000, 0.000, -0.440, 3.300, -2.734, 0.000, 0.000, 0.000)  # 3,287 beads, 76.7% right


def probability(evidence: Sequence[float], *, lexical: bool = True) -> float:
    weights = LEXICAL_WEIGHTS if lexical else LENGTH_ONLY_WEIGHTS
    z = weights[0] + sum(weight * value for weight, value in zip(weights[1:], evidence, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def probabilities(evidence: np.ndarray, *, lexical: bool = True) -> np.ndarray:
    """`probability` of each row of `evidence` (beads, len(EVIDENCE))."""
    weights = np.array(LEXICAL_WEIGHTS if lexical else LENGTH_ONLY_WEIGHTS)
    z = weights[0] + evidence.reshape(-1, len(EVIDENCE)) @ weights[1:]
    return 1 / (1 + np.exp(-np.clip(z, -30.0, 30.0)))
