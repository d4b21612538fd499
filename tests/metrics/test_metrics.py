"""score_pairs: pairs without a reference left out and said so, an empty translation scored as sacrebleu
scores it, blocks summed exactly, unknown metrics named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtreview.spill as spill
from mtreview.cli import app
from mtreview.errors import MetricError
from mtreview.history import History
from mtreview.metrics import parse_metric_names, score_pairs
from mtreview.metrics.sacrebleu_metrics import BleuMetric
from mtreview.records import Pair
from mtreview.review import hter_score
from mtreview.spill import SpillList
from tests.support.scored_pairs import SCORED_PAIRS

SOURCES = [
    "中国代表团周一抵达明斯克，进行为期三天的访问。",
    "双方签署了贸易、教育和卫生领域的协议。",
    "卢卡申科总统在独立宫会见了代表团。",
    "两国承诺深化全面战略伙伴关系。",
    "会谈涉及对中白工业园的投资。",
    "官员表示，去年两国贸易增长了百分之十。",
    "代表团还参观了城郊的一家拖拉机厂。",
    "两国学生将可以凭借新的奖学金出国留学。",
    "会议结束时发表了联合声明。",
    "下一轮会谈将于春季在北京举行。",
    "专家认为，这些协议将创造数千个就业岗位。",
    "访问在国家剧院的文化晚会中结束。",
    "两国领导人感谢各自团队的精心准备。",
]
REFERENCES = [
    "The Chinese delegation arrived in Minsk on Monday for a three-day visit.",
    "The two sides signed agreements on trade, education and health.",
    "President Lukashenko met the delegation at the Palace of Independence.",
    "Both countries pledged to deepen their comprehensive strategic partnership.",
    "The talks covered investment in the China-Belarus industrial park.",
    "Officials said trade between the two countries grew by ten percent last year.",
    "The delegation also visited a tractor factory on the outskirts of the city.",
    "Students from both countries will be able to study abroad with new scholarships.",
    "A joint statement was issued at the end of the meeting.",
    "The next round of talks will be held in Beijing in the spring.",
    "Experts believe the agreements will create thousands of jobs.",
    "The visit ended with a cultural evening at the national theatre.",
    "Both leaders thanked their teams for the careful preparation.",
]
EMPTY = 5  # the translator dropped the sixth sentence
HYPOTHESES = [
    "The Chinese delegation arrived in Minsk on Monday for a three-day visit.",
    "The two sides signed agreements on trade, education and health care.",
    "President Lukashenko received the delegation at the Palace of Independence.",
    "Both countries promised to deepen their comprehensive strategic partnership.",
    "The talks covered investment in the China-Belarus industrial park.",
    "",
    "The delegation also visited a tractor plant on the outskirts of the city.",
    "Students from both countries will be able to study abroad with new scholarships.",
    "A joint statement was issued at the end of the meeting.",
    "The next round of talks will take place in Beijing in spring.",
    "Experts believe the agreements will create thousands of jobs.",
    "The visit ended with a cultural evening at the national theatre.",
    "Both leaders thanked their teams for careful preparation.",
]
METRICS = ("bleu", "chrf", "chrf++", "ter")
runner = CliRunner()


def sacrebleu_scores(hypotheses: list[str], references: list[str]) -> dict[str, float]:
    """What sacrebleu itself says, called directly: corpus_score on every line."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    metrics = {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    return {name: metric.corpus_score(hypotheses, [references]).score for name, metric in metrics.items()}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=["", "   "], ids=["empty", "whitespace"])
def hypotheses(request) -> list[str]:
    lines = list(HYPOTHESES)
    lines[EMPTY] = request.param
    return lines


def test_score_and_compare_give_sacrebleus_corpus_score(tmp_path, hypotheses):
    hyp = write_lines(tmp_path / "hyp.txt", hypotheses)
    ref = write_lines(tmp_path / "ref.txt", REFERENCES)
    expected = sacrebleu_scores(hypotheses, REFERENCES)

    result = runner.invoke(app, ["score", str(hyp), "--ref", str(ref), "--metric", ",".join(METRICS),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    for name in METRICS:
        assert document[name]["corpus"] == pytest.approx(expected[name], abs=1e-9), name
        assert len(document[name]["segments"]) == len(REFERENCES)  # the empty line has its segment score
    assert "of 13 pairs" not in result.stderr  # nothing left out: every line has a reference
    assert document["bleu"]["segments"][EMPTY] == 0 and document["ter"]["segments"][EMPTY] == 100

    # the reference as the baseline, the translation with the empty line as the other system
    result = runner.invoke(app, ["compare", str(ref), str(hyp), "--ref", str(ref), "--metric", ",".join(METRICS),
                                 "--samples", "100", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    for name in METRICS:
        [translation] = [s for s in document[name]["systems"] if s["system"] == "hyp"]
        assert translation["score"] == pytest.approx(expected[name], abs=1e-9), name


def test_review_and_the_history_give_sacrebleus_corpus_score(tmp_path, hypotheses):
    table = tmp_path / "article.tsv"
    rows = ["id\tsource\ttarget\treference"]
    rows += [f"{i + 1}\t{s}\t{t}\t{r}" for i, (s, t, r) in enumerate(zip(SOURCES, hypotheses, REFERENCES))]
    write_lines(table, rows)
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(table), "--out", str(out), "--metric", ",".join(METRICS)])
    assert result.exit_code in (0, 1), result.output  # 1 would only mean findings at --fail-on
    [scores_json] = list(out.glob("*/*/scores.json"))
    document = json.loads(scores_json.read_text(encoding="utf-8"))
    expected = sacrebleu_scores(hypotheses, REFERENCES)
    for name in METRICS:
        assert document["scores"][name]["corpus"] == pytest.approx(expected[name], abs=1e-9), name
    with History(out / "history.sqlite") as history:
        for name in METRICS:
            [row] = history.scores(name)
            assert row["score"] == pytest.approx(expected[name], abs=1e-9), name
            assert row["segments"] == len(REFERENCES)


def test_only_pairs_without_a_reference_are_left_out():
    pairs = [Pair(str(i), s, t, references=(r,) if i != 2 else ())
             for i, (s, t, r) in enumerate(zip(SOURCES, HYPOTHESES, REFERENCES))]
    scores, notes = score_pairs(pairs, ",".join(METRICS))
    kept = [i for i in range(len(pairs)) if i != 2]
    expected = sacrebleu_scores([HYPOTHESES[i] for i in kept], [REFERENCES[i] for i in kept])
    for score in scores:
        assert score.corpus == pytest.approx(expected[score.metric], abs=1e-9)
        assert str(EMPTY) in score.pair_ids and "2" not in score.pair_ids
    assert notes == ["metrics computed on the 12 of 13 pairs that have a reference"]


@pytest.mark.parametrize("dropped", range(len(HYPOTHESES)))
def test_dropping_a_sentence_never_improves_a_score(dropped):
    """Emptying any line of a complete translation scores below the translation, and below the old way
    of leaving the pair out (which raised BLEU from 78.12 to 86.28 on the lines with the gap)."""
    full = list(HYPOTHESES)
    full[EMPTY] = "Officials said trade between the two countries rose by ten percent last year."
    emptied = list(full)
    emptied[dropped] = ""

    def mtreview_scores(lines: list[str], keep=lambda i: True) -> dict[str, float]:
        pairs = [Pair(str(i), s, t, references=(r,))
                 for i, (s, t, r) in enumerate(zip(SOURCES, lines, REFERENCES)) if keep(i)]
        return {score.metric: score.corpus for score in score_pairs(pairs, ",".join(METRICS))[0]}

    scores, with_all = mtreview_scores(emptied), mtreview_scores(full)
    left_out = mtreview_scores(full, keep=lambda i: i != dropped)
    for name in ("bleu", "chrf", "chrf++"):
        assert scores[name] < with_all[name] and scores[name] < left_out[name], name
    assert scores["ter"] > with_all["ter"] and scores["ter"] > left_out["ter"]


def test_a_real_translation_with_an_empty_line_scores_lower_than_without_it():
    pairs = [Pair(str(i), s, t, references=(r,)) for i, (s, t, r) in enumerate(zip(SOURCES, HYPOTHESES, REFERENCES))]
    scores = {score.metric: score.corpus for score in score_pairs(pairs, ",".join(METRICS))[0]}
    kept = [i for i in range(len(pairs)) if i != EMPTY]
    left_out = sacrebleu_scores([HYPOTHESES[i] for i in kept], [REFERENCES[i] for i in kept])
    assert scores["bleu"] == pytest.approx(78.12255615442193, abs=1e-9)  # sacrebleu 2.x on these lines
    assert left_out["bleu"] == pytest.approx(86.28, abs=0.01)  # what mtreview said before
    for name in ("bleu", "chrf", "chrf++"):
        assert scores[name] < left_out[name]
    assert scores["ter"] > left_out["ter"]


def test_hter_scores_an_empty_translation_against_its_post_edit():
    pairs = [Pair("1", SOURCES[0], HYPOTHESES[0]), Pair("2", SOURCES[EMPTY], "")]
    post_edits = {SOURCES[0]: REFERENCES[0], SOURCES[EMPTY]: REFERENCES[EMPTY]}
    hter = hter_score(pairs, post_edits)
    assert hter.metric == "hter" and hter.pair_ids == ("1", "2")
    assert list(hter.segments) == [0.0, 100.0]
    assert hter.corpus == pytest.approx(sacrebleu_scores([HYPOTHESES[0], ""],
                                                         [REFERENCES[0], REFERENCES[EMPTY]])["ter"], abs=1e-9)


def test_wmt23_system_with_dropped_lines_scores_as_sacrebleu(shared_data, tmp_path):
    """ONLINE-B's WMT23 zh-en output with every 40th line emptied, through `mtreview score`."""
    folder = shared_data / "wmt23-zh-en"
    output = (folder / "system-outputs" / "ONLINE-B.txt").read_text(encoding="utf-8").splitlines()
    reference = folder / "references" / "zh-en.refA.txt"
    references = reference.read_text(encoding="utf-8").splitlines()
    dropped = [line if i % 40 else "" for i, line in enumerate(output)]
    hyp = write_lines(tmp_path / "ONLINE-B.dropped.txt", dropped)
    result = runner.invoke(app, ["score", str(hyp), "--ref", str(reference), "--metric", "bleu,chrf",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    from sacrebleu.metrics import BLEU, CHRF

    for name, metric in (("bleu", BLEU()), ("chrf", CHRF())):
        expected = metric.corpus_score(dropped, [references]).score
        assert document[name]["corpus"] == pytest.approx(expected, abs=1e-9), name
        assert expected < metric.corpus_score(output, [references]).score  # the gaps cost points


def test_scores_only_pairs_with_references_and_says_so():
    scores, notes = score_pairs(SCORED_PAIRS, "bleu,chrf,ter")
    assert [s.metric for s in scores] == ["bleu", "chrf", "ter"]
    for score in scores:
        assert score.pair_ids == ("1", "3") and len(score.segments) == 2
        assert score.segment_score("2") is None
    assert notes == ["metrics computed on the 2 of 3 pairs that have a reference"]
    bleu = scores[0]
    assert bleu.signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    # one word differs in a long sentence: high, but not perfect
    assert 70 < bleu.segments[0] < 100


def test_no_reference_is_a_note_not_an_error():
    scores, notes = score_pairs([SCORED_PAIRS[1]])
    assert scores == [] and "skipped" in notes[0]


def test_count_mismatch_is_refused_not_truncated():
    with pytest.raises(MetricError, match="2 hypotheses but 1 references"):
        BleuMetric().score(["a b c", "d e f"], [["a b c"]], ["1", "2"])


def test_unknown_metric_is_named():
    with pytest.raises(MetricError, match="blue"):
        parse_metric_names("chrf,blue")


def _wmt_pairs(shared_data: Path, count: int) -> list[Pair]:
    wmt = shared_data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")[:count]
    targets = (wmt / "system-outputs" / "ONLINE-B.txt").read_text(encoding="utf-8").split("\n")[:count]
    references = (wmt / "references" / "zh-en.refA.txt").read_text(encoding="utf-8").split("\n")[:count]
    return [Pair(str(i), s, t, references=(r,) if i % 5 else ()) for i, (s, t, r)
            in enumerate(zip(sources, targets, references))]


def test_scores_are_exact_when_summed_over_blocks(shared_data: Path, monkeypatch):
    pairs = _wmt_pairs(shared_data, 300)
    whole, notes = score_pairs(pairs, "bleu,chrf,ter")
    monkeypatch.setattr(spill, "BLOCK_SIZE", 37)
    blocked, blocked_notes = score_pairs(SpillList(pairs), "bleu,chrf,ter")
    assert notes == blocked_notes == ["metrics computed on the 240 of 300 pairs that have a reference"]
    for one, other in zip(whole, blocked):
        assert one.metric == other.metric and one.signature == other.signature
        assert one.corpus == pytest.approx(other.corpus, abs=1e-9)
        assert list(one.segments) == pytest.approx(list(other.segments), abs=1e-9)
        assert list(one.pair_ids) == list(other.pair_ids)
    assert isinstance(blocked[0].pair_ids, SpillList) and len(blocked[0].segments) == 240
