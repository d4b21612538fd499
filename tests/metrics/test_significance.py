"""Paired bootstrap: sacrebleu's test for BLEU/chrF/TER, the same procedure over segment scores."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import MetricError
from mtreview.metrics import score_pairs
from mtreview.metrics.significance import compare_segment_scores, compare_systems, compare_texts
from mtreview.records import Pair

REFS = ["The two heads of state decided to upgrade bilateral relations.",
        "China highly commends this.",
        "Belarus firmly supports China on issues of its core interests.",
        "The meeting will start at ten o'clock tomorrow morning.",
        "Please read the instructions carefully before use.",
        "The breakfast at this hotel is good and the room is clean."] * 5
GOOD = [r.replace("highly commends", "speaks highly of") for r in REFS]
BAD = [" ".join(reversed(r.split())) for r in REFS]


def test_baseline_score_is_the_corpus_score_and_a_copy_is_not_significant():
    comparison = compare_texts([("good", GOOD), ("same", list(GOOD)), ("bad", BAD)], [REFS], "bleu")
    pairs = [Pair(str(i), "", h, references=(r,)) for i, (h, r) in enumerate(zip(GOOD, REFS))]
    [bleu], _ = score_pairs(pairs, "bleu")
    good, same, bad = comparison.results
    assert good.score == pytest.approx(bleu.corpus, abs=1e-9) and good.p_value is None
    assert same.p_value == 1.0
    assert bad.score < good.score and bad.p_value < 0.05
    for result in comparison.results:
        low, high = result.interval
        assert low <= result.score <= high
    assert "bs:1000" in comparison.signature and "seed:12345" in comparison.signature


def test_segment_bootstrap_is_the_moses_procedure_over_segment_scores():
    rng = np.random.default_rng(7)
    base = rng.uniform(0.5, 0.9, size=300)
    other = base + rng.normal(0.01, 0.05, size=300)
    comparison = compare_segment_scores([("a", base.tolist()), ("b", other.tolist())], "comet", "model:x")
    # the procedure written out: the same resamples for both systems (sacrebleu's seed), the mean as
    # corpus score, a 95% interval from the sorted resample means, p from the centred differences
    idx = np.random.default_rng(12345).choice(300, size=(1000, 300), replace=True)

    def resample_means(values):
        # sufficient statistics (score, 1) in float32, summed per resample, as sacrebleu does
        stats = np.stack([values, np.ones_like(values)], axis=1).astype("float32")
        return np.array([s[0] / s[1] for s in (stats[row].sum(0) for row in idx)])

    a, b = resample_means(base), resample_means(other)
    sorted_b = np.sort(b)
    ci = 0.5 * (sorted_b[-(1000 // 40) - 1] - sorted_b[1000 // 40])
    diffs = np.abs(b - a)
    p = (np.sum(diffs - diffs.mean() > abs(other.mean() - base.mean())) + 1) / 1001
    result = comparison.results[1]
    assert result.score == pytest.approx(other.mean(), abs=1e-6)
    assert result.mean == pytest.approx(b.mean(), abs=1e-5)
    assert result.ci == pytest.approx(ci, abs=1e-5)
    assert result.p_value == pytest.approx(p)
    assert comparison.signature.startswith("model:x|bs:1000|seed:12345")


def test_counts_must_match():
    with pytest.raises(MetricError, match="segment counts"):
        compare_texts([("a", GOOD), ("b", GOOD[:-1])], [REFS], "chrf")
    with pytest.raises(MetricError, match="references in reference set 1"):
        compare_texts([("a", GOOD), ("b", BAD)], [REFS[:-1]], "chrf")
    with pytest.raises(MetricError, match="baseline and at least one"):
        compare_texts([("a", GOOD)], [REFS], "chrf")


def test_systems_must_cover_the_same_segments():
    base = [Pair(str(i), "", h, references=(r,)) for i, (h, r) in enumerate(zip(GOOD, REFS))]
    other = [Pair(str(i + 1), "", h) for i, h in enumerate(BAD)]
    with pytest.raises(MetricError, match="do not cover the same segments"):
        compare_systems([("base", base), ("other", other)], "bleu")


def test_chrf_plus_plus_and_ter_are_compared():
    base = [Pair(str(i), "", h, references=(r,)) for i, (h, r) in enumerate(zip(GOOD, REFS))]
    other = [Pair(str(i), "", h) for i, h in enumerate(BAD)]
    comparisons, _ = compare_systems([("base", base), ("other", other)], "chrf++,ter")
    assert [c.metric for c in comparisons] == ["chrf++", "ter"]
    assert "nw:2" in comparisons[0].signature
    # TER is an error rate: word-reversed sentences have far more edits
    assert comparisons[1].results[1].score > comparisons[1].results[0].score


def test_cli_compare_text_and_json(tmp_path: Path):
    files = {}
    for name, lines in (("ref", REFS), ("good", GOOD), ("bad", BAD)):
        files[name] = tmp_path / f"{name}.txt"
        files[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["compare", str(files["good"]), str(files["bad"]), "--ref", str(files["ref"]),
                                 "--metric", "bleu,chrf", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["bleu", "chrf"]
    assert [s["system"] for s in document["bleu"]["systems"]] == ["good", "bad"]
    assert document["bleu"]["systems"][1]["p_value"] < 0.05
    result = runner.invoke(app, ["compare", str(files["good"]), str(files["bad"]), "--ref", str(files["ref"]),
                                 "--name", "desk A", "--name", "desk B"])
    assert result.exit_code == 0, result.output
    assert "desk A" in result.stdout and "(baseline)" in result.stdout and "*" in result.stdout


def test_every_wmt23_system_gets_a_significance_result(shared_data: Path):
    wmt = shared_data / "wmt23-zh-en"

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").split("\n")[:1976]

    refs = lines(wmt / "references" / "zh-en.refA.txt")
    systems = [(name, lines(wmt / "system-outputs" / f"{name}.txt")) for name in ("GPT4-5shot", "NLLB_Greedy")]
    comparison = compare_texts(systems, [refs], "chrf", n_samples=200)
    official = {line.split("\t")[0]: float(line.split("\t")[1]) for line in
                (wmt / "metric-scores" / "sys" / "chrF-refA.sys.score").read_text().splitlines()}
    for result in comparison.results:
        assert result.score == pytest.approx(official[result.system], abs=1e-6)
    # NLLB greedy is far behind GPT-4 on WMT23 zh-en by every measure
    assert comparison.results[1].p_value < 0.05


@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
def test_compare_texts_gives_sacrebleus_paired_test_numbers(metric: str):
    """The one bootstrap equals sacrebleu's PairedTest: scores, p-values, means, intervals, signature."""
    from mtreview.metrics.significance import sacrebleu_metric
    from tests.support.sacrebleu_oracle import paired_test

    systems = [("good", GOOD), ("bad", BAD), ("mix", GOOD[:15] + BAD[15:])]
    comparison = compare_texts(systems, [REFS, GOOD], metric, n_samples=300)
    signature, oracle = paired_test(systems, sacrebleu_metric(metric), [REFS, GOOD], 300)
    assert comparison.signature == signature
    for ours, theirs in zip(comparison.results, oracle):
        assert ours.score == theirs.score and ours.p_value == theirs.p_value
        assert ours.mean == pytest.approx(theirs.mean, abs=1e-12) and ours.ci == pytest.approx(theirs.ci, abs=1e-12)


def test_compare_segment_scores_gives_sacrebleus_paired_test_numbers():
    from tests.support.sacrebleu_oracle import paired_test

    rng = np.random.default_rng(3)
    base = rng.uniform(0.3, 0.9, size=120).tolist()
    systems = [("a", base), ("b", [v + rng.normal(0.02, 0.05) for v in base]), ("c", [v - 0.01 for v in base])]
    comparison = compare_segment_scores(systems, "comet", "model:x", n_samples=400)
    signature, oracle = paired_test(systems, "comet", None, 400)
    assert comparison.signature == "model:x|" + signature
    for ours, theirs in zip(comparison.results, oracle):
        assert ours.score == pytest.approx(theirs.score, abs=1e-12) and ours.p_value == theirs.p_value
        assert ours.mean == pytest.approx(theirs.mean, abs=1e-12) and ours.ci == pytest.approx(theirs.ci, abs=1e-12)
