"""Paired bootstrap resampling: is system B better than the baseline on the same segments?

The one implementation, used by `mtreview compare` (compare_systems) and by the history's compare and
leaderboard (mtreview.tracking, through PairedBootstrap). The procedure is sacrebleu's `PairedTest`
with test_type='bs' (the Moses procedure: resample segments with replacement, recompute the corpus
score from resampled float32 sufficient statistics; p is (count + 1) / (n + 1) of centred resampled
|differences| above the observed one), with the same seeded resample indices (SACREBLEU_SEED, default
12345), so a rerun gives the same numbers and the tests check the p-values equal PairedTest's. A
per-segment metric such as COMET has (segment score, 1) as its statistics, so its corpus score is the
mean of the segments. It is not PairedTest itself because PairedTest re-extracts every system's
statistics for each baseline: a leaderboard tests each system against the head of each cluster, and
re-extracting chrF statistics for 15 systems × 1,976 segments per cluster took minutes. Here each
system's resampled scores are computed once, and any pair is then compared by vector arithmetic.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np
import numpy.typing as npt

from mtreview.errors import MetricError
from mtreview.metrics import sacrebleu_adapter as adapter
from mtreview.metrics.specs import SPECS, metric_spec
from mtreview.records import Pair

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

    from mtreview.metrics.comet import CometOptions

# resampled scores, statistics per segment, resample indices
Floats = npt.NDArray[np.float64]

# Metrics whose corpus score comes from summed sacrebleu statistics (hter is TER against post-edits).
SACREBLEU_METRICS = tuple(name for name, spec in SPECS.items() if spec.sacrebleu)
DEFAULT_SAMPLES = 1000


@dataclass(frozen=True)
class SystemResult:
    system: str
    score: float
    mean: float  # mean over bootstrap resamples
    ci: float  # half-width of the 95% confidence interval around `mean`
    p_value: float | None  # None for the baseline

    @property
    def interval(self) -> tuple[float, float]:
        return self.mean - self.ci, self.mean + self.ci

    def as_dict(self) -> dict[str, object]:
        return {"system": self.system, "score": self.score, "mean": self.mean, "ci": self.ci,
                "interval": list(self.interval), "p_value": self.p_value}


@dataclass(frozen=True)
class Comparison:
    """One metric's results, baseline first."""

    metric: str
    signature: str
    results: tuple[SystemResult, ...]

    def as_dict(self) -> dict[str, object]:
        return {"signature": self.signature, "systems": [r.as_dict() for r in self.results]}


def sacrebleu_metric(name: str) -> Metric:
    """A fresh sacrebleu metric object computing `name` (hter: TER), set up as `mtreview score` sets it."""
    from mtreview.metrics import text_metric

    kind = metric_spec(name).sacrebleu
    if kind is None:
        raise MetricError(f"{name} is not computed by sacrebleu")
    return text_metric(kind).corpus_metric()


def _seed() -> int | None:
    """SACREBLEU_SEED as PairedTest reads it (default 12345; 'none': no fixed seed)."""
    value = os.environ.get("SACREBLEU_SEED", "12345")
    return None if value.lower() == "none" else int(value)


def estimate_ci(resampled: Floats) -> tuple[float, float]:
    """Mean of the resampled scores and half the width of their central 95% (sacrebleu's estimate_ci)."""
    ordered = np.sort(resampled)
    lower = len(ordered) // 40
    return float(ordered.mean()), float(0.5 * (ordered[len(ordered) - lower - 1] - ordered[lower]))


class PairedBootstrap:
    """One metric, several systems on the same `count` segments; add systems, then ask for p-values.

    A sacrebleu metric (bleu, chrf, chrf++, ter, and hter, which is TER with the post-edits as the
    references) takes hypotheses and is given the reference streams; any other metric takes per-segment
    scores and its corpus score is their mean.
    """

    def __init__(self, metric: str, count: int, references: Sequence[Sequence[str]] | None = None,
                 n_samples: int = DEFAULT_SAMPLES, signature: str = "", segment_scores: bool = False) -> None:
        if count == 0:
            raise MetricError("no segments to compare")
        self.metric, self.count, self.n_samples = metric, count, n_samples
        # segment_scores: take any metric's segment scores, their mean its corpus score
        self._text = not segment_scores and metric_spec(metric).sacrebleu is not None
        self._metric: Metric | None = None
        if self._text:
            if not references or any(len(stream) != count for stream in references):
                raise MetricError(f"{metric} needs reference streams of {count} segments each")
            self._metric = sacrebleu_metric(metric)
            self._references = [list(stream) for stream in references]
        self._seed = _seed()
        self.signature = signature
        self.test_signature = f"bs:{n_samples}|seed:{str(self._seed).lower()}"
        # One draw serves every system: PairedTest seeds a fresh generator per system, so all share it
        # (a seed of 0 it passes on as None, no fixed seed, except for the baseline's interval).
        self._indices = np.random.default_rng(self._seed or None).choice(count, size=(n_samples, count), replace=True)
        self._inputs: dict[str, list[str] | list[float]] = {}
        self._scores: dict[str, float] = {}
        self._resampled: dict[str, Floats] = {}
        self._stats: dict[str, npt.NDArray[np.float32]] = {}

    def add(self, name: str, values: Sequence[str] | Sequence[float]) -> None:
        """A system's hypotheses (sacrebleu metrics) or segment scores (others), in segment order."""
        if len(values) != self.count:
            raise MetricError(f"{name}: {len(values)} segments, expected {self.count}")
        inputs: list[str] | list[float]
        if self._metric is not None:  # self._text
            from mtreview.metrics.sacrebleu_metrics import segment_statistics

            inputs = list(cast(Sequence[str], values))  # a sacrebleu metric is given hypotheses
            stats = segment_statistics(self._metric, inputs, self._references)
            totals = [sum(column) for column in zip(*stats)]  # sacrebleu's sum_of_lists, in its order
            score = adapter.score_from_statistics(self._metric, totals)
            if not self.signature:
                self.signature = self._metric.get_signature().format()
            array = np.array(stats, dtype="float32")
        else:
            inputs = [float(value) for value in values]
            score = sum(inputs) / len(inputs)
            array = np.array([[value, 1.0] for value in inputs], dtype="float32")
        self._inputs[name] = inputs
        self._scores[name] = float(score)
        self._stats[name] = array
        self._resampled[name] = self._resample(array, self._indices)

    def _resample(self, array: npt.NDArray[np.float32], indices: npt.NDArray[np.int64]) -> Floats:
        # float32 statistics summed per resample, as sacrebleu's PairedTest does
        if self._metric is not None:  # self._text
            metric = self._metric
            return np.array([adapter.score_from_statistics(metric, array[row].sum(0)) for row in indices])
        return np.array([float(total / count) for total, count in (array[row].sum(0) for row in indices)])

    def score(self, name: str) -> float:
        return self._scores[name]

    def mean_ci(self, name: str, baseline: bool = False) -> tuple[float, float]:
        """The mean of the system's resampled scores and the half-width of their 95% interval.

        PairedTest draws the baseline's resamples with the seed as given, 0 included; the others' with
        a seed of 0 taken as none. Only a seed of 0 tells the two apart.
        """
        if baseline and self._seed == 0:
            indices = np.random.default_rng(0).choice(self.count, size=(self.n_samples, self.count), replace=True)
            return estimate_ci(self._resample(self._stats[name], indices))
        return estimate_ci(self._resampled[name])

    def sacrebleu_signature(self) -> str:
        """The test's signature as sacrebleu's PairedTest writes it (the metric's settings, seed, bs)."""
        return adapter.bootstrap_signature(self._metric, self._seed, self.n_samples)

    def p_value(self, baseline: str, system: str) -> float:
        """Two-sided: how often a difference as large as the observed one arises by resampling.

        sacrebleu counts resampled differences strictly greater than the observed one, so a system
        identical to the baseline (a re-run with nothing changed) would get the smallest p-value,
        1/(n+1). Nothing differs, so nothing is significant: 1.
        """
        if self._inputs[baseline] == self._inputs[system]:
            return 1.0
        observed = abs(self._scores[baseline] - self._scores[system])
        differences = np.abs(self._resampled[system] - self._resampled[baseline])
        centred = differences - differences.mean()
        return (int(np.sum(centred > observed)) + 1) / (self.n_samples + 1)


Systems = Sequence[tuple[str, Sequence[str]]] | Sequence[tuple[str, Sequence[float]]]


def _run(systems: Systems, metric: str, references: Sequence[Sequence[str]] | None, n_samples: int,
         signature: str = "") -> tuple[str, tuple[SystemResult, ...]]:
    test = PairedBootstrap(metric, len(systems[0][1]), references, n_samples, signature,
                           segment_scores=references is None)
    for name, values in systems:
        test.add(name, values)
    baseline = systems[0][0]
    results = []
    for i, (name, _) in enumerate(systems):
        mean, ci = test.mean_ci(name, baseline=i == 0)
        results.append(SystemResult(system=name, score=test.score(name), mean=mean, ci=ci,
                                    p_value=None if i == 0 else test.p_value(baseline, name)))
    return test.sacrebleu_signature(), tuple(results)


def _check_systems(systems: Systems | Sequence[tuple[str, Sequence[Pair]]]) -> int:
    if len(systems) < 2:
        raise MetricError("a comparison needs a baseline and at least one other system")
    names = [name for name, _ in systems]
    if len(set(names)) != len(names):
        raise MetricError(f"system names must differ: {', '.join(names)}")
    counts = {len(values) for _, values in systems}
    if len(counts) != 1:
        raise MetricError("systems must cover the same segments: segment counts are "
                          + ", ".join(f"{name} {len(values)}" for name, values in systems))
    count = counts.pop()
    if count == 0:
        raise MetricError("no segments to compare")
    return count


def compare_texts(systems: Sequence[tuple[str, Sequence[str]]], references: Sequence[Sequence[str]],
                  metric: str, n_samples: int = DEFAULT_SAMPLES) -> Comparison:
    """Paired bootstrap of a sacrebleu metric; `systems` is [(name, hypotheses)], baseline first."""
    count = _check_systems(systems)
    if metric not in SACREBLEU_METRICS:
        raise MetricError(f"{metric} is not a sacrebleu metric; use compare_segment_scores")
    for position, stream in enumerate(references, 1):
        if len(stream) != count:  # sacrebleu would silently truncate
            raise MetricError(f"{count} segments per system but {len(stream)} references in reference set {position}")
    signature, results = _run([(name, list(hyps)) for name, hyps in systems], metric,
                              [list(stream) for stream in references], n_samples)
    return Comparison(metric, signature, results)


def compare_segment_scores(systems: Sequence[tuple[str, Sequence[float]]], metric: str, signature: str = "",
                           n_samples: int = DEFAULT_SAMPLES) -> Comparison:
    """Paired bootstrap over per-segment scores (e.g. COMET): corpus score = mean segment score."""
    _check_systems(systems)
    test_signature, results = _run([(name, [float(v) for v in values]) for name, values in systems],
                                   metric, None, n_samples, signature)
    # sacrebleu's part of the signature names the test (seed, resamples); the metric's own comes first.
    return Comparison(metric, "|".join(part for part in (signature, test_signature) if part), results)


def compare_systems(systems: Sequence[tuple[str, Sequence[Pair]]], metrics: str | Sequence[str] | None = None,
                    comet: CometOptions | None = None, n_samples: int = DEFAULT_SAMPLES) -> tuple[list[Comparison], list[str]]:
    """Compare systems given as [(name, pairs)], baseline first, on every metric asked for.

    Every system must have the same pair ids in the same order; sources and references are the
    baseline's. Reference-based metrics use the pairs whose baseline has a reference.
    """
    from mtreview.metrics import PAIR_LEVEL, parse_metric_names, reference_streams

    names = parse_metric_names(metrics)
    _check_systems(systems)
    baseline_name, baseline = systems[0]
    for name, pairs in systems[1:]:
        ids, baseline_ids = [p.id for p in pairs], [p.id for p in baseline]
        if ids != baseline_ids:
            where = next((i for i, (a, b) in enumerate(zip(baseline_ids, ids)) if a != b),
                         min(len(ids), len(baseline_ids)))
            raise MetricError(f"{name} and {baseline_name} do not cover the same segments "
                              f"(they differ at segment {where + 1})")
    notes: list[str] = []
    comparisons: list[Comparison] = []
    with_reference = [i for i, pair in enumerate(baseline) if pair.references]
    for metric in names:
        if metric in PAIR_LEVEL:
            comparisons.append(_compare_pair_level(systems, metric, comet, n_samples, notes))
            continue
        if not with_reference:
            notes.append(f"{metric}: no references, skipped")
            continue
        streams = reference_streams([baseline[i] for i in with_reference])
        texts = [(name, [pairs[i].target for i in with_reference]) for name, pairs in systems]
        comparisons.append(compare_texts(texts, streams, metric, n_samples))
    if names and len(with_reference) < len(baseline) and any(m not in PAIR_LEVEL for m in names) and with_reference:
        notes.append(f"reference-based metrics compared on the {len(with_reference)} of {len(baseline)} "
                     f"segments that have a reference")
    return comparisons, notes


def _compare_pair_level(systems: Sequence[tuple[str, Sequence[Pair]]], metric: str, comet: CometOptions | None,
                        n_samples: int, notes: list[str]) -> Comparison:
    from dataclasses import replace

    from mtreview.metrics import pair_metric, segment_value

    baseline = systems[0][1]
    scorer = pair_metric(metric, comet)  # one for all systems: COMET loads its model once
    scored = []
    for name, pairs in systems:
        # sources and references are the baseline's: the systems differ only in their translations
        pairs = [replace(b, target=p.target) for b, p in zip(baseline, pairs)]
        score, metric_notes = scorer.score_pairs(pairs)
        notes.extend(f"{name}: {note}" for note in metric_notes)
        if score is None:
            raise MetricError(f"{metric} could not score {name}")
        scored.append((name, score))
    common = set(scored[0][1].pair_ids).intersection(*(set(s.pair_ids) for _, s in scored[1:]))
    order = [pid for pid in scored[0][1].pair_ids if pid in common]
    lookups = [(name, dict(zip(score.pair_ids, score.segments))) for name, score in scored]
    values = [(name, [segment_value(lookup[pid]) for pid in order]) for name, lookup in lookups]
    return compare_segment_scores(values, metric, scored[0][1].signature, n_samples)
