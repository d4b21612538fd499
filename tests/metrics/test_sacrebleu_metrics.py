"""BLEU, chrF and TER through sacrebleu's statistics: equal to sacrebleu's own and to the official WMT23 scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.metrics import score_pairs
from mtreview.records import Pair
from tests.support.scored_pairs import SCORED_PAIRS


def test_per_segment_bleu_uses_effective_order():
    # a short hypothesis with no matching 4-gram is not zero with effective order
    scores, _ = score_pairs([SCORED_PAIRS[2]], "bleu")
    assert scores[0].segments[0] > 0


def test_a_second_reference_can_only_raise_bleu():
    one = score_pairs([SCORED_PAIRS[2]], "bleu")[0][0].corpus
    two_refs = Pair("3", SCORED_PAIRS[2].source, SCORED_PAIRS[2].target,
                    references=SCORED_PAIRS[2].references + ("China speaks highly of it.",))
    two = score_pairs([two_refs], "bleu")[0][0].corpus
    assert two > one


def _official(path: Path, system: str) -> list[float]:
    return [float(line.split("\t")[1]) for line in path.read_text(encoding="utf-8").splitlines()
            if line.split("\t")[0] == system]


def test_matches_the_official_wmt23_bleu_and_chrf(shared_data: Path):
    wmt = shared_data / "wmt23-zh-en"
    system = "Lan-BridgeMT"
    hypotheses = (wmt / "system-outputs" / f"{system}.txt").read_text(encoding="utf-8").split("\n")[:1976]
    references = (wmt / "references" / "zh-en.refA.txt").read_text(encoding="utf-8").split("\n")[:1976]
    pairs = [Pair(str(i), "", h, references=(r,)) for i, (h, r) in enumerate(zip(hypotheses, references))]
    bleu, chrf = score_pairs(pairs, "bleu,chrf")[0]
    for score, name in ((bleu, "BLEU-refA"), (chrf, "chrF-refA")):
        official_segments = _official(wmt / "metric-scores" / "seg" / f"{name}.seg.score", system)
        [official_system] = _official(wmt / "metric-scores" / "sys" / f"{name}.sys.score", system)
        assert score.corpus == pytest.approx(official_system, abs=1e-6)
        assert len(official_segments) == 1976
        assert max(abs(a - b) for a, b in zip(score.segments, official_segments)) < 1e-6


def _wmt_lines(wmt: Path, relative: str, count: int) -> list[str]:
    return (wmt / relative).read_text(encoding="utf-8").split("\n")[:count]


@pytest.mark.parametrize("name", ["bleu", "chrf", "chrf++", "ter"])
def test_one_statistics_pass_equals_sacrebleus_corpus_and_sentence_scores(shared_data: Path, name: str):
    """The single pass (statistics once, repeated segments once) gives exactly what a user calling
    sacrebleu's corpus_score and sentence_score gets, on real text from two systems with repeats."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    wmt = shared_data / "wmt23-zh-en"
    count = 50 if name == "ter" else 600  # sacrebleu's TER costs ~20 ms a segment
    references = _wmt_lines(wmt, "references/zh-en.refA.txt", count)
    hypotheses = []
    for system in ("Lan-BridgeMT", "ONLINE-A"):
        hypotheses += _wmt_lines(wmt, f"system-outputs/{system}.txt", count)
    hypotheses += hypotheses[:10]  # exact repeats: deduplicated, still counted twice
    refs = references + references + references[:10]
    second = [r.upper() if i % 3 == 0 else r for i, r in enumerate(refs)]  # a second reference stream
    ours, _ = score_pairs([Pair(str(i), "", h, references=(r, s))
                           for i, (h, r, s) in enumerate(zip(hypotheses, refs, second))], name)
    corpus_metric, sentence_metric = {
        "bleu": (BLEU(), BLEU(effective_order=True)), "chrf": (CHRF(), CHRF()),
        "chrf++": (CHRF(word_order=2), CHRF(word_order=2)), "ter": (TER(), TER()),
    }[name]
    expected = corpus_metric.corpus_score(hypotheses, [refs, second])
    assert ours[0].corpus == pytest.approx(expected.score, abs=1e-9)
    assert ours[0].signature == str(corpus_metric.get_signature())
    for hypothesis, r, s, segment in zip(hypotheses, refs, second, ours[0].segments):
        assert segment == pytest.approx(sentence_metric.sentence_score(hypothesis, [r, s]).score, abs=1e-9)


def test_ter_is_not_computed_unless_asked(monkeypatch):
    from mtreview.metrics import sacrebleu_metrics

    def refuse(self, *args, **kwargs):
        raise AssertionError("TER computed although nobody asked for it")

    monkeypatch.setattr(sacrebleu_metrics.TerMetric, "score", refuse)
    scores, _ = score_pairs(SCORED_PAIRS)
    assert [s.metric for s in scores] == ["bleu", "chrf"]


def test_ter_statistics_from_worker_processes_are_the_same(shared_data: Path, monkeypatch):
    from sacrebleu.metrics import TER

    from mtreview.metrics import sacrebleu_metrics

    wmt = shared_data / "wmt23-zh-en"
    hypotheses = _wmt_lines(wmt, "system-outputs/ONLINE-B.txt", 60)
    references = _wmt_lines(wmt, "references/zh-en.refA.txt", 60)
    monkeypatch.setattr(sacrebleu_metrics, "PARALLEL_FROM", 10)
    score = sacrebleu_metrics.TerMetric().score(hypotheses, [references], [str(i) for i in range(60)])
    ter = TER()
    assert score.corpus == pytest.approx(ter.corpus_score(hypotheses, [references]).score, abs=1e-9)
    assert score.signature == str(ter.get_signature())
    assert list(score.segments) == pytest.approx(
        [TER().sentence_score(h, [r]).score for h, r in zip(hypotheses, references)], abs=1e-9)
