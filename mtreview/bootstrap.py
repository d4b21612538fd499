"""Paired bootstrap resampling for many systems on the same segments, statistics extracted once.

The procedure is sacrebleu's `PairedTest` with test_type='bs' (as mtreview.metrics.significance runs
it): the same seeded resample indices (SACREBLEU_SEED, default 12345), the same float32 sufficient
statistics, the same p-value ((count + 1) / (n + 1) of centred resampled |differences| above the
observed one). A test checks the p-values are identical. It exists because PairedTest re-extracts
every system's statistics for each baseline: a leaderboard tests each system against the head of each
cluster, and re-extracting chrF statistics for 15 systems × 1,976 segments per cluster took minutes.
Here each system's resampled scores are computed once, and any pair of systems is then compared by
vector arithmetic.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from mtreview.errors import MetricError
from mtreview.metrics.significance import SACREBLEU_METRICS, sacrebleu_metric


def _seed() -> int | None:
    value = os.environ.get("SACREBLEU_SEED", "12345")
    seed = None if value.lower() == "none" else int(value)
    return seed or None  # PairedTest passes a seed of 0 on as None (no fixed seed)


class PairedBootstrap:
    """One metric, several systems on the same `count` segments; add systems, then ask for p-values.

    A sacrebleu metric (bleu, chrf, chrf++, ter, and hter, which is TER with the post-edits as the
    references) takes hypotheses and is given the reference streams; any other metric takes per-segment
    scores and its corpus score is their mean.
    """

    def __init__(self, metric: str, count: int, references: Sequence[Sequence[str]] | None = None,
                 n_samples: int = 1000, signature: str = "") -> None:
        if count == 0:
            raise MetricError("no segments to compare")
        self.metric, self.count, self.n_samples = metric, count, n_samples
        self._text = metric in SACREBLEU_METRICS
        if self._text:
            if not references or any(len(stream) != count for stream in references):
                raise MetricError(f"{metric} needs reference streams of {count} segments each")
            self._metric = sacrebleu_metric(metric)
            self._references = [list(stream) for stream in references]
        seed = _seed()
        self.signature = signature
        self.test_signature = f"bs:{n_samples}|seed:{str(seed).lower()}"
        # One draw serves every system: PairedTest seeds a fresh generator per system, so all share it.
        self._indices = np.random.default_rng(seed).choice(count, size=(n_samples, count), replace=True)
        self._inputs: dict[str, list] = {}
        self._scores: dict[str, float] = {}
        self._resampled: dict[str, np.ndarray] = {}

    def add(self, name: str, values: Sequence) -> None:
        """A system's hypotheses (sacrebleu metrics) or segment scores (others), in segment order."""
        if len(values) != self.count:
            raise MetricError(f"{name}: {len(values)} segments, expected {self.count}")
        if self._text:
            stats = self._metric._extract_corpus_statistics(list(values), self._references)
            score = self._metric._aggregate_and_compute(stats).score
            if not self.signature:
                self.signature = self._metric.get_signature().format()
            array = np.array(stats, dtype="float32")
            resampled = [self._metric._compute_score_from_stats(array[row].sum(0)).score for row in self._indices]
        else:
            values = [float(value) for value in values]
            score = sum(values) / len(values)
            array = np.array([[value, 1.0] for value in values], dtype="float32")
            resampled = [float(total / count) for total, count in (array[row].sum(0) for row in self._indices)]
        self._inputs[name] = list(values)
        self._scores[name] = float(score)
        self._resampled[name] = np.array(resampled)

    def score(self, name: str) -> float:
        return self._scores[name]

    def p_value(self, baseline: str, system: str) -> float:
        """Two-sided: how often a difference as large as the observed one arises by resampling."""
        if self._inputs[baseline] == self._inputs[system]:
            return 1.0  # nothing differs, so nothing is significant (sacrebleu would say 1/(n+1))
        observed = abs(self._scores[baseline] - self._scores[system])
        differences = np.abs(self._resampled[system] - self._resampled[baseline])
        centred = differences - differences.mean()
        return (int(np.sum(centred > observed)) + 1) / (self.n_samples + 1)
