"""`mtreview score` and `mtreview compare` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import REPO
from tests.support.processes import HYPOTHESES, REFERENCES, run_mtreview, write_scoring_files

runner = CliRunner()


def test_score_json_from_hypothesis_and_reference_files(tmp_path: Path):
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("The two heads of state decided to upgrade relations.\nChina speaks highly of this.\n",
                   encoding="utf-8")
    ref.write_text("The two presidents decided to upgrade relations.\nChina highly commends this.\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["score", str(hyp), "--ref", str(ref), "--metric", "bleu,chrf", "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"bleu", "chrf"}
    assert len(scores["bleu"]["segments"]) == 2 and scores["bleu"]["signature"].startswith("nrefs:1")
    ref.write_text("only one line\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(hyp), "--ref", str(ref)])
    assert result.exit_code == 2 and "1 lines, but" in result.stderr


def test_score_without_references_notes_and_exits_0(pairs_tsv: Path):
    result = runner.invoke(app, ["score", str(pairs_tsv), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {}
    assert "skipped" in result.stderr


def test_compare_has_help_with_an_example_and_a_readme_entry():
    result = CliRunner().invoke(app, ["compare", "--help"])
    assert result.exit_code == 0 and "Example: mtreview compare" in " ".join(result.output.split())
    assert "mtreview compare " in (REPO / "README.md").read_text(encoding="utf-8")



@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_scoring_files(tmp_path)


def test_score_reads_the_hypothesis_from_standard_input_as_from_a_file(files):
    hypothesis, reference = files
    from_file = run_mtreview("score", str(hypothesis), "--ref", str(reference), "--metric", "bleu,chrf,ter",
                         "--format", "json")
    piped = run_mtreview("score", "-", "--ref", str(reference), "--metric", "bleu,chrf,ter", "--format", "json",
                     stdin=hypothesis.read_text(encoding="utf-8"))
    assert from_file.returncode == piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)


def test_standard_input_errors_name_standard_input(files):
    _, reference = files
    short = run_mtreview("score", "-", "--ref", str(reference), stdin=HYPOTHESES[0] + "\n")
    assert short.returncode == 2
    assert short.stderr.strip() == f"mtreview: error: {reference}: 4 lines, but standard input has 1"
    empty = run_mtreview("score", "-", "--ref", str(reference), stdin="")
    assert empty.returncode == 2 and empty.stderr.strip() == "mtreview: error: standard input: is empty"
    alone = run_mtreview("score", "-", stdin="x\n")
    assert alone.returncode == 2 and "needs --ref or --src" in alone.stderr


def test_sentence_level_prints_each_segments_scores_before_the_corpus_scores(files):
    from sacrebleu.metrics import BLEU, CHRF

    hypothesis, reference = files
    result = run_mtreview("score", str(hypothesis), "--ref", str(reference), "--metric", "bleu,chrf", "-sl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(HYPOTHESES) + 2
    bleu, chrf = BLEU(effective_order=True), CHRF()
    for number, (line, hyp, ref) in enumerate(zip(lines, HYPOTHESES, REFERENCES), 1):
        pair_id, bleu_cell, chrf_cell = line.split("\t")
        assert pair_id == str(number)
        assert float(bleu_cell.removeprefix("bleu=")) == pytest.approx(bleu.sentence_score(hyp, [ref]).score, abs=0.005)
        assert float(chrf_cell.removeprefix("chrf=")) == pytest.approx(chrf.sentence_score(hyp, [ref]).score, abs=0.005)
    assert lines[-2].startswith("bleu") and lines[-1].startswith("chrf")

