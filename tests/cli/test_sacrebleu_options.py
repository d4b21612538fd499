"""sacrebleu's metric options on `mtreview score`, by sacrebleu's own names, into the signature."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.processes import HYPOTHESES, REFERENCES, run_mtreview, write_scoring_files


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_scoring_files(tmp_path)

def test_sacrebleu_options_give_sacrebleus_scores_and_signatures(files):
    from sacrebleu.metrics import BLEU, CHRF, TER

    hypothesis, reference = files
    result = run_mtreview("score", str(hypothesis), "--ref", str(reference), "--metric", "bleu,chrf,ter",
                      "-tok", "intl", "-lc", "-cw", "2", "--chrf-beta", "1", "--ter-no-punct", "--ter-case-sensitive",
                      "--format", "json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    expected = {
        "bleu": BLEU(tokenize="intl", lowercase=True),
        "chrf": CHRF(word_order=2, beta=1),
        "ter": TER(no_punct=True, case_sensitive=True),
    }
    for name, metric in expected.items():
        corpus = metric.corpus_score(HYPOTHESES, [REFERENCES])
        assert scores[name]["corpus"] == pytest.approx(corpus.score, abs=1e-9)
        assert scores[name]["signature"] == str(metric.get_signature())
    assert "tok:intl" in scores["bleu"]["signature"] and "case:lc" in scores["bleu"]["signature"]
    assert "nw:2" in scores["chrf"]["signature"] and "punct:no" in scores["ter"]["signature"]
    # and the defaults are sacrebleu's defaults, so the options really changed something
    plain = json.loads(run_mtreview("score", str(hypothesis), "--ref", str(reference), "--format", "json").stdout)
    assert plain["bleu"]["corpus"] != scores["bleu"]["corpus"]
    assert "tok:13a" in plain["bleu"]["signature"] and "case:mixed" in plain["bleu"]["signature"]


def test_an_unknown_tokenizer_is_one_line_and_exit_2(files):
    hypothesis, reference = files
    result = run_mtreview("score", str(hypothesis), "--ref", str(reference), "-tok", "moses")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("mtreview: error: unknown tokenizer 'moses'; sacrebleu has") and result.stderr.count("\n") == 1

