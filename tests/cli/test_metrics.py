"""`mtreview score` and `mtreview compare` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import REPO

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
