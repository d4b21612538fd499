"""Automatic metrics. Backends are registered as lazy "module:Class" strings so that listing or
choosing metrics never imports a heavy backend (COMET pulls torch)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from mtreview.errors import MetricError
from mtreview.records import Pair, Score

if TYPE_CHECKING:
    from mtreview.metrics.comet import CometOptions

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
PAIR_LEVEL = frozenset({"comet"})


def parse_metric_names(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return list(DEFAULT_METRICS)
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [name.strip().lower() for name in names if name.strip()]
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise MetricError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRICS)}")
    return list(dict.fromkeys(names))


def load_metric(name: str, comet: CometOptions | None = None):
    module_name, _, class_name = METRICS[name].partition(":")
    cls = getattr(import_module(module_name), class_name)
    return cls(comet) if name in PAIR_LEVEL else cls()


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
                comet: CometOptions | None = None) -> tuple[list[Score], list[str]]:
    """Score the pairs; returns the scores (in the order asked) and notes on what was skipped."""
    names = parse_metric_names(metrics)
    notes: list[str] = []
    results: dict[str, Score] = {}
    reference_based = [name for name in names if name not in PAIR_LEVEL]
    if reference_based:
        scored = [pair for pair in pairs if pair.references and pair.target.strip()]
        if not scored:
            notes.append("no references: reference-based metrics (" + ", ".join(reference_based) + ") skipped")
        else:
            if len(scored) < len(pairs):
                notes.append(f"metrics computed on the {len(scored)} of {len(pairs)} pairs that have a reference")
            hypotheses = [pair.target for pair in scored]
            streams = reference_streams(scored)
            ids = tuple(pair.id for pair in scored)
            for name in reference_based:
                results[name] = load_metric(name).score(hypotheses, streams, ids)
    for name in names:
        if name in PAIR_LEVEL:
            score, metric_notes = load_metric(name, comet).score_pairs(pairs)
            notes.extend(metric_notes)
            if score is not None:
                results[name] = score
    return [results[name] for name in names if name in results], notes
