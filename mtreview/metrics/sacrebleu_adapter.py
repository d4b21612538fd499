"""The one place that touches sacrebleu's private Metric methods.

mtreview extracts each segment's sufficient statistics once and scores from their sums (corpus scores,
segment scores, bootstrap resamples), which sacrebleu's public API (corpus_score, sentence_score) cannot
do without recomputing them. That takes a handful of sacrebleu's underscored methods; they are called
only here, so a sacrebleu release that renames one breaks this module alone, and
tests/metrics/test_sacrebleu_adapter.py names the missing one. Nothing here imports sacrebleu itself: the
functions take the metric objects (sacrebleu.metrics.BLEU, CHRF, TER) mtreview.metrics builds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from sacrebleu.metrics.base import Metric

# A segment's sufficient statistics (counts, lengths, edits): what sacrebleu sums and scores.
Statistics = list[float]
# A segment's references prepared by sacrebleu (tokenised, n-grams counted): opaque here.
ReferenceInfo = dict[str, object]

# What this module uses of a sacrebleu Metric besides its public API; the adapter test checks each.
USED_METHODS = ("_check_corpus_score_args", "_preprocess_segment", "_extract_reference_info",
                "_compute_segment_statistics", "_compute_score_from_stats")
USED_ATTRIBUTES = ("_force",)  # and num_refs, which sacrebleu sets late (the adapter test checks it)


def check_corpus_arguments(metric: Metric, hypotheses: Sequence[str], streams: Sequence[Sequence[str]]) -> None:
    """sacrebleu's own checks of corpus_score's arguments (types, not counts: see check_lengths)."""
    metric._check_corpus_score_args(hypotheses, streams)


def reference_info(metric: Metric, references: Sequence[str]) -> ReferenceInfo:
    """One segment's references prepared (tokenised, n-grams counted) for segment_statistics."""
    return metric._extract_reference_info([metric._preprocess_segment(r) for r in references])


def segment_statistics(metric: Metric, hypothesis: str, info: ReferenceInfo) -> Statistics:
    """One segment's sufficient statistics against references prepared by reference_info."""
    statistics: Statistics = metric._compute_segment_statistics(metric._preprocess_segment(hypothesis), info)
    return statistics


def score_from_statistics(metric: Metric, statistics: Statistics | npt.NDArray[np.float32]) -> float:
    """The score of summed statistics: a corpus score when they are a corpus's, a segment's of one."""
    # The paired bootstrap sums resampled statistics in numpy and passes the row as it is (sacrebleu
    # annotates a list but only indexes it): a list of Python floats would score in another precision.
    score: float = metric._compute_score_from_stats(cast(Statistics, statistics)).score
    return score


def reference_count(metric: Metric) -> int:
    """The number of references per segment last recorded (-1: it varies)."""
    count: int = metric.num_refs
    return count


def set_reference_count(metric: Metric, count: int) -> None:
    """Record the number of references per segment (-1: it varies): sacrebleu's get_signature reports
    the num_refs attribute its _cache_references sets, which this scoring path bypasses."""
    metric.num_refs = count


def bootstrap_signature(metric: Metric | None, seed: int | None, n_samples: int) -> str:
    """The signature sacrebleu's PairedTest gives a paired bootstrap: the metric's own, with the seed and
    the number of resamples; `metric` None for a mean of segment scores (no sacrebleu settings)."""
    from sacrebleu.metrics.base import Signature

    if metric is None:
        signature = Signature({"num_refs": 0})
        signature.update("nrefs", None)  # the metric's own signature says what it used
    else:
        signature = metric.get_signature()
    signature.update("seed", str(seed).lower())
    signature.update("bs", n_samples)
    return str(signature)


def tokenizer_names() -> tuple[str, ...]:
    """BLEU's tokenizers by the names --tokenize takes (sacrebleu keeps the table private)."""
    from sacrebleu.metrics.bleu import _TOKENIZERS

    return tuple(_TOKENIZERS)


def warns_of_tokenised_text(metric: Metric) -> bool:
    """Whether the metric warns of hypotheses that end in a tokenised period (not when forced)."""
    return not metric._force
