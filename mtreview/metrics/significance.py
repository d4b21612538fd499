"""Paired bootstrap resampling: is system B better than the baseline on the same segments?

BLEU, chrF, chrF++ and TER go through sacrebleu's own `PairedTest` (the Moses procedure: resample
segments with replacement, recompute the corpus score from resampled sufficient statistics). A
per-segment metric such as COMET goes through the very same `PairedTest`, with an adapter whose
sufficient statistics are (segment score, 1), so its corpus score is the mean of the resampled
segments. Both use sacrebleu's seed (SACREBLEU_SEED, default 12345), so a rerun gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtreview.errors import MetricError
from mtreview.metrics.specs import SPECS, metric_spec

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

    def as_dict(self) -> dict:
        return {"system": self.system, "score": self.score, "mean": self.mean, "ci": self.ci,
                "interval": list(self.interval), "p_value": self.p_value}


@dataclass(frozen=True)
class Comparison:
    """One metric's results, baseline first."""

    metric: str
    signature: str
    results: tuple[SystemResult, ...]

    def as_dict(self) -> dict:
        return {"signature": self.signature, "systems": [r.as_dict() for r in self.results]}


def sacrebleu_metric(name: str):
    """A fresh sacrebleu metric object computing `name` (hter: TER), set up as `mtreview score` sets it."""
    from mtreview.metrics import load_metric

    kind = metric_spec(name).sacrebleu
    if kind is None:
        raise MetricError(f"{name} is not computed by sacrebleu")
    return load_metric(kind).corpus_metric()


def _segment_mean_metric(name: str):
    """A sacrebleu Metric over precomputed segment scores: the 'hypotheses' are the scores."""
    from sacrebleu.metrics.base import Metric
    from sacrebleu.metrics.base import Score as SacreScore
    from sacrebleu.metrics.base import Signature

    class SegmentMean(Metric):
        _SIGNATURE_TYPE = Signature

        def __init__(self) -> None:
            super().__init__()
            self.name = name

        def _extract_corpus_statistics(self, hypotheses, references):
            return [[float(score), 1.0] for score in hypotheses]

        def _compute_score_from_stats(self, stats):
            return SacreScore(self.name, float(stats[0] / stats[1]))

        def _aggregate_and_compute(self, stats):
            total, count = [sum(column) for column in zip(*stats)]
            return self._compute_score_from_stats([total, count])

        # Text processing never happens: the statistics come straight from the scores.
        def _preprocess_segment(self, sent):
            return sent

        def _extract_reference_info(self, refs):
            return {}

        def _compute_segment_statistics(self, hypothesis, ref_kwargs):
            raise NotImplementedError

        def get_signature(self):
            signature = Signature({"num_refs": 0})
            signature.update("nrefs", None)  # the metric's own signature says what it used
            return signature

    return SegmentMean()


def _run(named: list[tuple[str, Sequence]], metric, references, n_samples: int):
    from sacrebleu.significance import PairedTest

    test = PairedTest(named, {"metric": metric}, references, test_type="bs", n_samples=n_samples)
    signatures, scores = test()
    [(key, results)] = [(key, value) for key, value in scores.items() if key != "System"]
    systems = scores["System"]
    baseline = list(named[0][1])

    def p_value(i: int, result) -> float | None:
        if i == 0:
            return None
        # sacrebleu counts resampled differences strictly greater than the observed one, so a system
        # identical to the baseline (a re-run with nothing changed) gets the smallest p-value, 1/(n+1).
        # Nothing differs, so nothing is significant.
        if list(named[i][1]) == baseline:
            return 1.0
        return float(result.p_value)

    return str(signatures[key]), tuple(
        SystemResult(system=system, score=float(r.score), mean=float(r.mean), ci=float(r.ci),
                     p_value=p_value(i, r))
        for i, (system, r) in enumerate(zip(systems, results)))


def _check_systems(systems: Sequence[tuple[str, Sequence]]) -> int:
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
    signature, results = _run([(name, list(hyps)) for name, hyps in systems], sacrebleu_metric(metric),
                              [list(stream) for stream in references], n_samples)
    return Comparison(metric, signature, results)


def compare_segment_scores(systems: Sequence[tuple[str, Sequence[float]]], metric: str, signature: str = "",
                           n_samples: int = DEFAULT_SAMPLES) -> Comparison:
    """Paired bootstrap over per-segment scores (e.g. COMET): corpus score = mean segment score."""
    _check_systems(systems)
    test_signature, results = _run([(name, [float(v) for v in values]) for name, values in systems],
                                   _segment_mean_metric(metric), None, n_samples)
    # sacrebleu's part of the signature names the test (seed, resamples); the metric's own comes first.
    return Comparison(metric, "|".join(part for part in (signature, test_signature) if part), results)


def compare_systems(systems: Sequence[tuple[str, Sequence]], metrics: str | Sequence[str] | None = None,
                    comet=None, n_samples: int = DEFAULT_SAMPLES) -> tuple[list[Comparison], list[str]]:
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


def _compare_pair_level(systems, metric: str, comet, n_samples: int, notes: list[str]) -> Comparison:
    from dataclasses import replace

    from mtreview.metrics import load_metric

    baseline = systems[0][1]
    scored = []
    for name, pairs in systems:
        # sources and references are the baseline's: the systems differ only in their translations
        pairs = [replace(b, target=p.target) for b, p in zip(baseline, pairs)]
        score, metric_notes = load_metric(metric, comet).score_pairs(pairs)
        notes.extend(f"{name}: {note}" for note in metric_notes)
        if score is None:
            raise MetricError(f"{metric} could not score {name}")
        scored.append((name, score))
    common = set(scored[0][1].pair_ids).intersection(*(set(s.pair_ids) for _, s in scored[1:]))
    order = [pid for pid in scored[0][1].pair_ids if pid in common]
    lookups = [(name, dict(zip(score.pair_ids, score.segments))) for name, score in scored]
    values = [(name, [lookup[pid] for pid in order]) for name, lookup in lookups]
    return compare_segment_scores(values, metric, scored[0][1].signature, n_samples)
