"""BLEU, chrF, chrF++ and TER through sacrebleu, corpus-level and per segment, with signatures."""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mtreview.errors import MetricError
from mtreview.metrics import sacrebleu_adapter as adapter
from mtreview.metrics.sacrebleu_settings import SacrebleuSettings
from mtreview.records import Score
from mtreview.spill import SpillList

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

    from mtreview.metrics.sacrebleu_adapter import ReferenceInfo, Statistics


def check_lengths(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    # sacrebleu silently truncates to the shorter list; a count mismatch is always an input error.
    for position, stream in enumerate(references, 1):
        if len(stream) != len(hypotheses):
            raise MetricError(
                f"{len(hypotheses)} hypotheses but {len(stream)} references in reference set {position}"
            )


class _SacrebleuMetric:
    name = ""
    parallel = False  # statistics computed by worker processes on large inputs

    def __init__(self, settings: SacrebleuSettings | None = None) -> None:
        self.settings = settings if settings is not None else SacrebleuSettings()

    def corpus_metric(self) -> Metric:
        raise NotImplementedError

    def sentence_metric(self) -> Metric:
        return self.corpus_metric()

    def score(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
              ids: Sequence[str]) -> Score:
        """Corpus and per-segment scores from one pass of sentence statistics.

        sacrebleu's corpus_score sums the segments' sufficient statistics and sentence_score
        computes the same statistics again for one segment; both go through
        `_compute_score_from_stats`. So the statistics are extracted once, by sacrebleu's own
        `_compute_segment_statistics` (through mtreview.metrics.sacrebleu_adapter), and only for
        distinct (hypothesis, references) segments (repeated segments have equal statistics); the
        corpus score is computed from their sum (what `_aggregate_and_compute` does), each segment's
        score from its own, on the sentence-level metric object (BLEU with effective order). Each distinct
        reference set is prepared once, not once per system scored against it. The results are
        exactly those of corpus_score and sentence_score, at half the cost or less; TER's
        statistics (20 ms a segment) are also spread over two worker processes on large inputs.
        """
        accumulator = self.accumulator()
        accumulator.add(hypotheses, references, ids)
        return accumulator.finish()

    def accumulator(self) -> ScoreAccumulator:
        return ScoreAccumulator(self)


class ScoreAccumulator:
    """A metric's scores gathered block by block, for corpora too large to hold at once.

    Exact: the corpus score of BLEU, chrF and TER is computed from the sum of the segments'
    statistics, and the sum is kept in input order, as sacrebleu adds them. Only per-segment
    scores (8 bytes each) and the ids (spilled to disk past one block) grow with the corpus.
    """

    def __init__(self, metric: _SacrebleuMetric) -> None:
        self.metric = metric
        self.corpus_metric = metric.corpus_metric()
        self.sentence_metric = metric.sentence_metric()
        self.totals: Statistics | None = None
        self.segments = array("d")
        self.ids: SpillList[str] = SpillList()
        self.reference_counts: set[int] = set()
        self.blocks = 0

    def add(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]], ids: Sequence[str]) -> None:
        check_lengths(hypotheses, references)
        hypotheses = list(hypotheses)
        streams = [list(stream) for stream in references]
        adapter.check_corpus_arguments(self.corpus_metric, hypotheses, streams)
        stats = segment_statistics(self.corpus_metric, hypotheses, streams, parallel=self.metric.parallel)
        self.reference_counts.add(adapter.reference_count(self.corpus_metric))
        for stat in stats:
            if self.totals is None:
                self.totals = list(stat)
            else:
                self.totals = [total + value for total, value in zip(self.totals, stat)]
        sentence_metric = self.sentence_metric
        self.segments.extend(adapter.score_from_statistics(sentence_metric, stat) for stat in stats)
        self.ids.extend(ids)
        self.blocks += 1

    def partial(self) -> tuple[Statistics | None, array[float], list[str], set[int], int]:
        """What add() gathered, to be merge()d into another accumulator of the same metric: how a
        partition scored on a worker process joins the corpus (statistics summed, so still exact)."""
        return self.totals, self.segments, list(self.ids), set(self.reference_counts), self.blocks

    def merge(self, partial: tuple[Any, ...]) -> None:
        """Add a partial() of the corpus's next pairs (partials merged in corpus order)."""
        totals, segments, ids, reference_counts, blocks = partial
        if totals is not None:
            self.totals = list(totals) if self.totals is None else [
                total + value for total, value in zip(self.totals, totals)]
        self.segments.extend(segments)
        self.ids.extend(ids)
        self.reference_counts |= reference_counts
        self.blocks += blocks

    def finish(self) -> Score:
        if self.totals is None:
            raise MetricError(f"{self.metric.name}: no segments to score")
        counts = self.reference_counts
        adapter.set_reference_count(self.corpus_metric, counts.pop() if len(counts) == 1 else -1)
        corpus = adapter.score_from_statistics(self.corpus_metric, self.totals)
        one_block = self.blocks == 1 and not self.ids.spilled
        return Score(metric=self.metric.name, corpus=corpus,
                     segments=tuple(self.segments) if one_block else self.segments,
                     signature=str(self.corpus_metric.get_signature()),
                     pair_ids=tuple(self.ids) if one_block else self.ids)


# TER's statistics cost ~20 ms a segment: from this many distinct segments on they are computed by
# a pool of worker processes (one per core, at most two). BLEU's and chrF's are too cheap to ship.
PARALLEL_FROM = 400
PARALLEL_WORKERS = 2


def segment_statistics(metric: Metric, hypotheses: list[str], streams: list[list[str]],
                       parallel: bool = False) -> list[Statistics]:
    """Each segment's sufficient statistics, computed once per distinct segment, in input order.

    The lists are shared between equal segments: treat them as read-only (sacrebleu does).
    References set to None are left out, as sacrebleu does for a variable number of references.
    """
    first: dict[tuple[str, ...], int] = {}
    positions = []
    for i, hypothesis in enumerate(hypotheses):
        key = (hypothesis, *(stream[i] for stream in streams))
        positions.append(first.setdefault(key, len(first)))
    if len(first) == len(hypotheses):
        distinct_hypotheses, distinct_streams = hypotheses, streams
    else:
        distinct = list(first)
        distinct_hypotheses = [key[0] for key in distinct]
        distinct_streams = [[key[1 + r] for key in distinct] for r in range(len(streams))]
    workers = min(PARALLEL_WORKERS, os.cpu_count() or 1)
    unique_stats = None
    if parallel and workers > 1 and len(distinct_hypotheses) >= PARALLEL_FROM:
        unique_stats = _parallel_statistics(metric, distinct_hypotheses, distinct_streams, workers)
    if unique_stats is None:
        unique_stats = _statistics(metric, distinct_hypotheses, distinct_streams)
    # What sacrebleu's _cache_references records for the signature (the number of references).
    counts = {sum(1 for stream in distinct_streams if stream[i] is not None)
              for i in range(len(distinct_hypotheses))}
    adapter.set_reference_count(metric, counts.pop() if len(counts) == 1 else -1)
    if adapter.warns_of_tokenised_text(metric) and sum(1 for h in distinct_hypotheses if h.endswith(" .")) >= 100:
        from sacrebleu.utils import sacrelogger  # the warning sacrebleu's corpus_score gives
        sacrelogger.warning("That's 100 lines that end in a tokenized period ('.')")
        sacrelogger.warning("It looks like you forgot to detokenize your test data, which may hurt your score.")
    if distinct_hypotheses is hypotheses:
        return unique_stats
    return [unique_stats[position] for position in positions]


def _statistics(metric: Metric, hypotheses: list[str], streams: list[list[str]]) -> list[Statistics]:
    """sacrebleu's _extract_corpus_statistics, with each distinct reference set prepared once.

    sacrebleu prepares every segment's references (tokenised, n-grams counted) afresh; when 15
    systems are scored against the same 1,976 references, that is 14 times too many.
    """
    prepared: dict[tuple[str, ...], ReferenceInfo] = {}
    stats = []
    for i, hypothesis in enumerate(hypotheses):
        refs = tuple(stream[i] for stream in streams if stream[i] is not None)
        info = prepared.get(refs)
        if info is None:
            info = prepared[refs] = adapter.reference_info(metric, refs)
        stats.append(adapter.segment_statistics(metric, hypothesis, info))
    return stats


def _statistics_of_chunk(job: tuple[Metric, list[str], list[list[str]]]) -> list[Statistics]:
    metric, hypotheses, streams = job
    return _statistics(metric, hypotheses, streams)


def _parallel_statistics(metric: Metric, hypotheses: list[str], streams: list[list[str]],
                         workers: int) -> list[Statistics] | None:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(50, len(hypotheses) // (workers * 8))  # small chunks even out long segments
    jobs = [(metric, hypotheses[start:start + size], [stream[start:start + size] for stream in streams])
            for start in range(0, len(hypotheses), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [stat for chunk in pool.map(_statistics_of_chunk, jobs) for stat in chunk]
    except (OSError, NotImplementedError, BrokenProcessPool):
        return None  # no worker processes here: computed in-process instead


class BleuMetric(_SacrebleuMetric):
    name = "bleu"

    def corpus_metric(self) -> Metric:
        return self.settings.bleu()

    def sentence_metric(self) -> Metric:
        # Without effective order a short sentence missing any 4-gram scores 0.
        return self.settings.bleu(effective_order=True)


class ChrfMetric(_SacrebleuMetric):
    name = "chrf"

    def corpus_metric(self) -> Metric:
        return self.settings.chrf()


class ChrfPlusMetric(_SacrebleuMetric):
    name = "chrf++"

    def corpus_metric(self) -> Metric:
        return self.settings.chrf(word_order=2)


class TerMetric(_SacrebleuMetric):
    name = "ter"
    parallel = True

    def corpus_metric(self) -> Metric:
        return self.settings.ter()
