"""`mtreview review` through the command line: the run folder, the history, gates, refusals, the summary."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import XINHUA
from tests.support.spilled_review import spilled, xinhua_review

runner = CliRunner()


def test_review_writes_the_run_and_records_it(tmp_path: Path):
    result = runner.invoke(app, ["review", str(XINHUA), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Reviewed xinhua-belarus: 20 pairs" in result.stdout
    assert "major" in result.stdout and "Fluency/Punctuation" in result.stdout and "bleu" in result.stdout
    [run_dir] = (tmp_path / "xinhua-belarus").iterdir()
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "findings.csv", "findings.jsonl", "review.html", "review.xlsx", "scores.json"]
    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        [(run_id, findings)] = db.execute("select run_id, findings from runs").fetchall()
    assert run_id == run_dir.name
    assert findings == len((run_dir / "findings.jsonl").read_text(encoding="utf-8").splitlines())


def test_review_fail_on_gate(tmp_path: Path, pairs_tsv: Path):
    args = ["review", str(pairs_tsv), "--out", str(tmp_path), "--no-history"]
    assert runner.invoke(app, args + ["--fail-on", "major"]).exit_code == 1
    assert runner.invoke(app, args + ["--fail-on", "critical"]).exit_code == 0


def test_review_bad_input_writes_nothing(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tsource\ttarget\n1\t中\n", encoding="utf-8")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(bad), "--out", str(out)])
    assert result.exit_code == 2 and str(bad) in result.stderr
    assert not out.exists()


def test_review_with_a_broken_history_leaves_no_run_folder(tmp_path: Path, pairs_tsv: Path):
    history = tmp_path / "history.sqlite"
    history.write_bytes(b"this is not a database" * 50)
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(pairs_tsv), "--out", str(out), "--history", str(history)])
    assert result.exit_code == 2 and str(history) in result.stderr
    assert not (out / "pairs").exists() or list((out / "pairs").iterdir()) == []
    assert history.read_bytes() == b"this is not a database" * 50


def test_cli_summary_of_a_spilled_review(tmp_path, capsys, no_random_access):
    from mtreview.cli.review import _print_summary

    review = xinhua_review()
    outputs = []
    for copy in (review, spilled(review)):
        totals = _print_summary(copy, tmp_path, None)
        outputs.append(capsys.readouterr().out)
        assert totals == review.totals()
    assert outputs[0] == outputs[1]
    lines = outputs[0].splitlines()
    assert lines[0].startswith(f"Reviewed xinhua-belarus: {len(review.pairs)} pairs (")
    assert lines[1].startswith("Document: ")
    assert lines[2] == f"Findings: {len(review.findings)}"
    severities = [line.split()[0] for line in lines[2:] if line.split()[0] in {"critical", "major", "minor", "neutral"}]
    present = {finding.severity.value for finding in review.findings}
    assert severities == [s for s in ("critical", "major", "minor", "neutral") if s in present]
