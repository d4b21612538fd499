"""Beads of sentences (or paragraphs): the aligner's entry points below the document level."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mtreview.align.anchors import quotation_open_after
from mtreview.align.costs import BeadCosts
from mtreview.align.embeddings import DocumentEmbeddings, EmbeddingSimilarity, SentenceEncoder, encode_sides
from mtreview.align.features import Features, measure
from mtreview.align.learned import learn_links, with_links
from mtreview.align.passes import count_priors, desk_priors, document_model, document_priors
from mtreview.align.scores import path_scores
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


# The most sentences a bead has on each side.
LONGEST = (max(di for di, _ in BEAD_PRIORS), max(dj for _, dj in BEAD_PRIORS))
Step = tuple[int, int, int, int]


@dataclass(frozen=True)
class Bead:
    source: tuple[int, ...]  # sentence indices on the Chinese side
    target: tuple[int, ...]  # on the English side
    score: float  # 0..1, higher = more confident; 0 for 1-0 and 0-1 beads


@dataclass
class FirstPass:
    """A run of sentences aligned once with the priors alone: what its second pass starts from."""

    source: list[str]
    target: list[str]
    priors: dict[tuple[int, int], float]
    lexical: bool
    features: Features
    costs: BeadCosts | None  # the second pass takes it (see second_pass)
    path: list[Step]


def first_pass(source: Sequence[str], target: Sequence[str], *, lexical: bool = True,
               features: Features | None = None) -> FirstPass:
    """The first alignment of a run of sentences (BEAD_PRIORS rescaled to its sentence counts), on
    `features` when they were measured with more of the document (features.restricted)."""
    priors = count_priors(BEAD_PRIORS, len(source), len(target))
    if features is None:
        features = measure(source, target, lexical=lexical)
    else:
        # A quotation is followed within the run, as measure() follows it (see anchors.py).
        features.source.open_after = np.array(quotation_open_after(list(source), "zh"), dtype=bool)
        features.target.open_after = np.array(quotation_open_after(list(target), "en"), dtype=bool)
    costs = BeadCosts(features, priors, lexical=lexical)
    path = best_path(costs, len(source), len(target), list(priors))
    return FirstPass(list(source), list(target), priors, lexical, features, costs, path)


def second_pass(first: FirstPass, *, embeddings: Callable[[list[Step]], EmbeddingSimilarity] | None = None,
                typical: float | None = None) -> list[Bead]:
    """The beads of a run after its second pass (passes.py). `embeddings` makes the embedding feature
    from the first pass's beads; `typical` is the typical cosine when measured beyond the run (on a
    whole document whose paragraphs are aligned one by one), else the run's own. Takes the first
    pass's costs: with links learned they are measured anew, and two copies of a long document's would
    not fit in memory."""
    source, target, lexical = first.source, first.target, first.lexical
    costs, path, priors, features = first.costs, first.path, first.priors, first.features
    first.costs = None
    assert costs is not None, "a first pass is taken by one second pass"
    # The embeddings join the second pass: the first one's beads are what their weight is fitted on.
    extra = embeddings(path) if embeddings is not None and source and target else None
    if lexical:
        # The document's own word translations, learned from the first pass's beads (learned.py).
        from mtreview.lexicon import load_lexicon

        links = learn_links(source, target, path, load_lexicon().glosses)
        if links:
            del costs  # measured on the vectors changed next
            with_links(features, source, target, links, features.dictionary_columns)
            costs = BeadCosts(features, priors, lexical=lexical)
    # The document's own length ratio and the evidence for each sentence's partner (passes.py).
    document = document_model(costs, path, typical)
    # A news desk's translation leaves more sentences unpaired than a literary one (passes.desk_priors).
    priors = document_priors(desk_priors(priors, document.typical_cosine), path)
    costs = costs.repriced(priors, document, extra_similarity=extra)
    path = best_path(costs, len(source), len(target), list(priors), near=path)
    return _beads(costs, path)


def _beads(costs: BeadCosts, path: list[Step]) -> list[Bead]:
    scores = path_scores(costs, path)
    return [Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), score)
            for (i, di, j, dj), score in zip(path, scores, strict=True)]


def align_sentences(source: list[str], target: list[str], *, lexical: bool = True,
                    embeddings: SentenceEncoder | None = None) -> list[Bead]:
    """Align Chinese sentences with English ones; every sentence is in exactly one bead, in order.

    `lexical=False` leaves out the dictionary and pinyin evidence (lengths and anchors only);
    `embeddings` (embeddings.load_encoder) adds a sentence encoder's cosine to the bead costs."""
    if embeddings is None or not (source and target):
        return second_pass(first_pass(source, target, lexical=lexical))
    vectors = encode_sides(embeddings, source, target)
    return second_pass(first_pass(source, target, lexical=lexical),
                       embeddings=lambda path: DocumentEmbeddings.fit(*vectors, path).similarity(longest=LONGEST))


def align_sentences_with(source: list[str], target: list[str], embeddings: EmbeddingSimilarity, *,
                         lexical: bool = True, typical: float | None = None) -> list[Bead]:
    """align_sentences with an embedding feature already fitted (on the whole document: align_texts
    aligns a paragraph bead at a time, too few sentences to fit on), and the whole document's
    typical cosine when it has one."""
    return second_pass(first_pass(source, target, lexical=lexical), embeddings=lambda path: embeddings,
                       typical=typical)


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
    # One pass: paragraphs are too few to learn a document model from. The priors as they are: their
    # kinds are not the sentence kinds count_priors rescales.
    features = measure(source, target, lexical=False, lines=False)
    costs = BeadCosts(features, PARAGRAPH_PRIORS, lexical=False, sentence_counts=counts)
    return _beads(costs, best_path(costs, len(source), len(target), list(PARAGRAPH_PRIORS)))
