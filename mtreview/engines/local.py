"""The engine on this machine: the corpus a block at a time (mtreview.spill), each block's per-pair checks on
two worker processes from 20,000 pairs on (mtreview.checks.engine), its scores summed block by block
(mtreview.metrics.CorpusScorer). The reference the Dask engine is held to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtreview.engines import CheckRun, Shards, Source, flagged_texts
from mtreview.records import Corpus, Review, Score

if TYPE_CHECKING:
    from mtreview.checks import CheckOptions
    from mtreview.metrics.comet import CometOptions
    from mtreview.metrics.sacrebleu_settings import SacrebleuSettings
    from mtreview.review import ReviewOptions


def corpus_of(source: Source) -> Corpus:
    return source.corpus() if isinstance(source, Shards) else source


def check(source: Source, options: CheckOptions) -> CheckRun:
    from mtreview.checks import check_corpus

    corpus = corpus_of(source)
    findings = check_corpus(corpus.pairs, options)
    return CheckRun(findings=findings, flagged=flagged_texts(corpus.pairs, findings), pair_count=len(corpus.pairs),
                    pairs=corpus.pairs)


def score(source: Source, metrics: str | None, comet: CometOptions | None,
          sacrebleu: SacrebleuSettings | None = None) -> tuple[list[Score], list[str]]:
    from mtreview.metrics import score_pairs

    return score_pairs(corpus_of(source).pairs, metrics, comet=comet, sacrebleu=sacrebleu)


def review(source: Source, options: ReviewOptions) -> Review:
    from mtreview.review import review_corpus

    return review_corpus(corpus_of(source), options)
