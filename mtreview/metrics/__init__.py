"""Automatic metrics. Backends are registered as lazy "module:Class" strings so that listing or
choosing metrics never imports a heavy backend (COMET pulls torch)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import import_module

from mtreview.errors import MetricError
from mtreview.records import Pair, Score

METRICS = {
    "bleu": "mtreview.metrics.sacrebleu_metrics:BleuMetric",
    "chrf": "mtreview.metrics.sacrebleu_metrics:ChrfMetric",
    "ter": "mtreview.metrics.sacrebleu_metrics:TerMetric",
}
DEFAULT_METRICS = ("bleu", "chrf")


def parse_metric_names(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return list(DEFAULT_METRICS)
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [name.strip().lower() for name in names if name.strip()]
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise MetricError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRICS)}")
    return names


def load_metric(name: str):
    module_name, _, class_name = METRICS[name].partition(":")
    return getattr(import_module(module_name), class_name)()


def score_pairs(pairs: Sequence[Pair], metrics: Iterable[str] | str | None = None) -> tuple[list[Score], list[str]]:
    """Score the pairs that have references; returns the scores and notes on what was skipped."""
    names = parse_metric_names(metrics)
    scored = [pair for pair in pairs if pair.references and pair.target.strip()]
    notes = []
    if not scored:
        if names:
            notes.append("no references: reference-based metrics (" + ", ".join(names) + ") skipped")
        return [], notes
    if len(scored) < len(pairs):
        notes.append(f"metrics computed on the {len(scored)} of {len(pairs)} pairs that have a reference")
    hypotheses = [pair.target for pair in scored]
    # sacrebleu wants one stream per reference position. Pairs with fewer references repeat their first:
    # a duplicated reference changes none of BLEU's clipped counts or closest length, chrF's best
    # reference or TER's minimum, so the scores are those of the pair's own references.
    depth = max(len(pair.references) for pair in scored)
    streams = [[pair.references[i] if i < len(pair.references) else pair.references[0] for pair in scored]
               for i in range(depth)]
    ids = tuple(pair.id for pair in scored)
    return [load_metric(name).score(hypotheses, streams, ids) for name in names], notes
