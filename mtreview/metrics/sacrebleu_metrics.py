"""BLEU, chrF, chrF++ and TER through sacrebleu, corpus-level and per segment, with signatures."""

from __future__ import annotations

from collections.abc import Sequence

from mtreview.errors import MetricError
from mtreview.records import Score


def check_lengths(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    # sacrebleu silently truncates to the shorter list; a count mismatch is always an input error.
    for position, stream in enumerate(references, 1):
        if len(stream) != len(hypotheses):
            raise MetricError(
                f"{len(hypotheses)} hypotheses but {len(stream)} references in reference set {position}"
            )


class _SacrebleuMetric:
    name = ""

    def corpus_metric(self):
        raise NotImplementedError

    def sentence_metric(self):
        return self.corpus_metric()

    def score(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
              ids: Sequence[str]) -> Score:
        check_lengths(hypotheses, references)
        corpus_metric = self.corpus_metric()
        corpus = corpus_metric.corpus_score(list(hypotheses), [list(stream) for stream in references])
        sentence_metric = self.sentence_metric()
        segments = tuple(
            sentence_metric.sentence_score(hypothesis, [stream[i] for stream in references]).score
            for i, hypothesis in enumerate(hypotheses)
        )
        return Score(metric=self.name, corpus=corpus.score, segments=segments,
                     signature=str(corpus_metric.get_signature()), pair_ids=tuple(ids))


class BleuMetric(_SacrebleuMetric):
    name = "bleu"

    def corpus_metric(self):
        from sacrebleu.metrics import BLEU
        return BLEU()

    def sentence_metric(self):
        from sacrebleu.metrics import BLEU
        # Without effective order a short sentence missing any 4-gram scores 0.
        return BLEU(effective_order=True)


class ChrfMetric(_SacrebleuMetric):
    name = "chrf"

    def corpus_metric(self):
        from sacrebleu.metrics import CHRF
        return CHRF()


class ChrfPlusMetric(_SacrebleuMetric):
    name = "chrf++"

    def corpus_metric(self):
        from sacrebleu.metrics import CHRF
        return CHRF(word_order=2)


class TerMetric(_SacrebleuMetric):
    name = "ter"

    def corpus_metric(self):
        from sacrebleu.metrics import TER
        return TER()
