"""sacrebleu's own PairedTest, run directly: the oracle mtreview's paired bootstrap is checked against.

mtreview.metrics.significance reimplements PairedTest (it extracts each system's statistics once);
these helpers run the original so the tests can check the p-values, means and intervals are its.
A per-segment metric (COMET) goes through PairedTest with a Metric whose sufficient statistics are
(segment score, 1), so its corpus score is the mean of the segments.
"""

from __future__ import annotations

from collections.abc import Sequence


def segment_mean_metric(name: str):
    """A sacrebleu Metric over precomputed segment scores: the 'hypotheses' are the scores."""
    from sacrebleu.metrics.base import Metric, Signature
    from sacrebleu.metrics.base import Score as SacreScore

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

        def _preprocess_segment(self, sent):
            return sent

        def _extract_reference_info(self, refs):
            return {}

        def _compute_segment_statistics(self, hypothesis, ref_kwargs):
            raise NotImplementedError

        def get_signature(self):
            signature = Signature({"num_refs": 0})
            signature.update("nrefs", None)
            return signature

    return SegmentMean()


def paired_test(systems: Sequence[tuple[str, Sequence]], metric, references=None, n_samples: int = 1000):
    """(signature, [Result per system, baseline first]) from sacrebleu's PairedTest, test_type 'bs'.

    `metric` is a sacrebleu Metric object, or a name for a mean of segment scores (then no references).
    """
    from sacrebleu.significance import PairedTest

    if isinstance(metric, str):
        metric = segment_mean_metric(metric)
    named = [(name, list(values)) for name, values in systems]
    streams = None if references is None else [list(stream) for stream in references]
    test = PairedTest(named, {"metric": metric}, streams, test_type="bs", n_samples=n_samples)
    signatures, scores = test()
    [(key, results)] = [(key, value) for key, value in scores.items() if key != "System"]
    return str(signatures[key]), list(results)
