"""Automatic metrics. Backends are registered as lazy "module:Class" strings so that listing or
choosing metrics never imports a heavy backend (COMET pulls torch)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from mtreview import progress
from mtreview.errors import MetricError
from mtreview.metrics.specs import metric_spec
from mtreview.records import Pair, Score
from mtreview.spill import blocks_of

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

    from mtreview.metrics.comet import CometOptions
    from mtreview.metrics.sacrebleu_settings import SacrebleuSettings

METRICS = {
    "bleu": "mtreview.metrics.sacrebleu_metrics:BleuMetric",
    "chrf": "mtreview.metrics.sacrebleu_metrics:ChrfMetric",
    "chrf++": "mtreview.metrics.sacrebleu_metrics:ChrfPlusMetric",
    "ter": "mtreview.metrics.sacrebleu_metrics:TerMetric",
    "comet": "mtreview.metrics.comet:CometMetric",
}
DEFAULT_METRICS = ("bleu", "chrf")
# Metrics that score Pair records themselves (they need the source); the others score
# (hypotheses, reference streams) and share the reference handling below.
PAIR_LEVEL = frozenset(name for name in METRICS if metric_spec(name).needs_source)


def parse_metric_names(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return list(DEFAULT_METRICS)
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [name.strip().lower() for name in names if name.strip()]
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise MetricError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRICS)}")
    return list(dict.fromkeys(names))


class ScoreAccumulator(Protocol):
    """A reference-based metric's scores gathered block by block."""

    def add(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]], ids: Sequence[str]) -> None: ...

    def finish(self) -> Score: ...

    def partial(self) -> tuple[Any, ...]: ...

    def merge(self, partial: tuple[Any, ...]) -> None: ...


class TextMetric(Protocol):
    """A reference-based metric (sacrebleu's): scores hypotheses against reference streams."""

    name: str
    parallel: bool  # its statistics computed by worker processes on large inputs

    def corpus_metric(self) -> Metric: ...

    def score(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
              ids: Sequence[str]) -> Score: ...

    def accumulator(self) -> ScoreAccumulator: ...


class PairMetric(Protocol):
    """A metric that scores Pairs itself (it needs the source): COMET."""

    name: str

    def score_pairs(self, pairs: Sequence[Pair]) -> tuple[Score | None, list[str]]: ...


def load_metric(name: str, comet: CometOptions | None = None,
                sacrebleu: SacrebleuSettings | None = None) -> TextMetric | PairMetric:
    """The metric's backend object: COMET with its options, a sacrebleu metric with sacrebleu's (default:
    sacrebleu's defaults)."""
    return pair_metric(name, comet) if name in PAIR_LEVEL else text_metric(name, sacrebleu)


def _backend(name: str) -> type:
    module_name, _, class_name = METRICS[name].partition(":")
    backend: type = getattr(import_module(module_name), class_name)
    return backend


def text_metric(name: str, sacrebleu: SacrebleuSettings | None = None) -> TextMetric:
    """The backend of a reference-based metric (bleu, chrf, chrf++, ter), with sacrebleu's settings
    (default: sacrebleu's defaults)."""
    if name in PAIR_LEVEL:
        raise MetricError(f"{name} scores pairs, not hypotheses against references")
    metric: TextMetric = _backend(name)(sacrebleu)
    return metric


def pair_metric(name: str, comet: CometOptions | None = None) -> PairMetric:
    """The backend of a metric that scores pairs (comet)."""
    if name not in PAIR_LEVEL:
        raise MetricError(f"{name} scores hypotheses against references, not pairs")
    metric: PairMetric = _backend(name)(comet)
    return metric


def reference_streams(pairs: Sequence[Pair]) -> list[list[str]]:
    """One stream per reference position, as sacrebleu wants them.

    Pairs with fewer references repeat their first: a duplicated reference changes none of BLEU's
    clipped counts or closest length, chrF's best reference or TER's minimum, so the scores are those
    of the pair's own references.
    """
    depth = max(len(pair.references) for pair in pairs)
    return [[pair.references[i] if i < len(pair.references) else pair.references[0] for pair in pairs]
            for i in range(depth)]


def score_pairs(pairs: Sequence[Pair], metrics: Iterable[str] | str | None = None,
                comet: CometOptions | None = None,
                sacrebleu: SacrebleuSettings | None = None) -> tuple[list[Score], list[str]]:
    """Score the pairs; returns the scores (in the order asked) and notes on what was skipped."""
    scorer = CorpusScorer(metrics, comet, sacrebleu)
    with progress.stage("scoring", total=len(pairs)) as scoring:
        for block in blocks_of(pairs):
            scorer.add(block)
            scoring.advance(len(block))
    return scorer.finish()


class CorpusScorer:
    """Scores a corpus handed over block by block (see mtreview.spill), so that no metric needs the
    whole corpus in memory; a corpus of one block is scored exactly as a whole."""

    def __init__(self, metrics: Iterable[str] | str | None = None, comet: CometOptions | None = None,
                 sacrebleu: SacrebleuSettings | None = None, *, processes: bool = True) -> None:
        """processes=False: no worker processes of its own (TER's statistics): the scorer already runs on
        one (a Dask worker, whose processes may not start children)."""
        self.names = parse_metric_names(metrics)
        self.comet = comet
        self.sacrebleu = sacrebleu
        self.reference_based = [name for name in self.names if name not in PAIR_LEVEL]
        metrics_used = {name: text_metric(name, sacrebleu) for name in self.reference_based}
        if not processes:
            for metric in metrics_used.values():
                metric.parallel = False
        self.accumulators = {name: metric.accumulator() for name, metric in metrics_used.items()}
        # One instance per pair-level metric for the whole corpus: COMET loads its model once, not per block.
        self.pair_level = {name: pair_metric(name, comet) for name in self.names if name in PAIR_LEVEL}
        self.pair_level_parts: dict[str, list[tuple[Score | None, list[str]]]] = {
            name: [] for name in self.pair_level}
        self.pairs = 0
        self.scored = 0

    def add(self, block: Sequence[Pair]) -> None:
        self.pairs += len(block)
        if self.accumulators:
            # An empty translation is scored (as sacrebleu scores it: it lowers the score); only a pair
            # with nothing to compare it with is left out.
            scored = [pair for pair in block if pair.references]
            self.scored += len(scored)
            if scored:
                hypotheses = [pair.target for pair in scored]
                streams = reference_streams(scored)
                ids = [pair.id for pair in scored]
                for accumulator in self.accumulators.values():
                    accumulator.add(hypotheses, streams, ids)
        for name, parts in self.pair_level_parts.items():
            parts.append(self.pair_level[name].score_pairs(block))

    def partial(self) -> dict[str, Any]:
        """What add() gathered (statistics, segment scores, counts), picklable, for merge() into the
        scorer of the whole corpus: a partition scored on a worker process."""
        return {"pairs": self.pairs, "scored": self.scored,
                "accumulators": {name: acc.partial() for name, acc in self.accumulators.items()},
                "pair_level": self.pair_level_parts}

    def merge(self, partial: dict[str, Any]) -> None:
        """Add a partial() of the corpus's next pairs; merged in corpus order, the scores are those of
        add() over the same pairs (sums of integer statistics are exact, float ones to rounding)."""
        self.pairs += partial["pairs"]
        self.scored += partial["scored"]
        for name, accumulator in self.accumulators.items():
            accumulator.merge(partial["accumulators"][name])
        for name, parts in self.pair_level_parts.items():
            parts.extend(partial["pair_level"][name])

    def finish(self) -> tuple[list[Score], list[str]]:
        notes: list[str] = []
        results: dict[str, Score] = {}
        if self.reference_based:
            if not self.scored:
                notes.append("no references: reference-based metrics (" + ", ".join(self.reference_based)
                             + ") skipped")
            else:
                if self.scored < self.pairs:
                    notes.append(f"metrics computed on the {self.scored} of {self.pairs} pairs that have a reference")
                for name, accumulator in self.accumulators.items():
                    results[name] = accumulator.finish()
        for name, parts in self.pair_level_parts.items():
            score = _joined(parts)
            for part_notes in (part_notes for _, part_notes in parts):
                notes.extend(note for note in part_notes if note not in notes)
            if score is not None:
                results[name] = score
        return [results[name] for name in self.names if name in results], notes


def segment_value(value: float | None) -> float:
    """A pair-level metric's segment score: it scores every pair it lists, so None is a bug."""
    if value is None:
        raise MetricError("a pair-level metric listed a pair it did not score")
    return value


def _joined(parts: list[tuple[Score | None, list[str]]]) -> Score | None:
    """One score from a pair-level metric's scores of successive blocks: the mean of all segments."""
    scores = [score for score, _ in parts if score is not None]
    if len(scores) <= 1:
        return scores[0] if scores else None
    from array import array

    from mtreview.spill import SpillList

    segments = array("d", (segment_value(value) for score in scores for value in score.segments))
    ids = SpillList(pair_id for score in scores for pair_id in score.pair_ids)
    return replace(scores[0], corpus=sum(segments) / len(segments), segments=segments, pair_ids=ids,
                   findings=tuple(finding for score in scores for finding in score.findings))
