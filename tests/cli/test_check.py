"""`mtreview check` and `mtreview checks`: the JSONL contract, selection, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import XINHUA
from tests.support.processes import run_mtreview
from tests.support.tables import PAIRS_TSV

runner = CliRunner()


def test_check_jsonl_contract(pairs_tsv: Path):
    result = runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["check"]) for r in rows] == [("p1", "apostrophe"), ("p2", "term-forbidden")]
    for row in rows:
        assert {"id", "check", "category", "severity", "target_span", "source_span", "message", "suggestion"} <= set(row)
    assert PAIRS_TSV.split("\n")[1].split("\t")[2][slice(*rows[0]["target_span"])] == "China‘s"
    assert rows[1]["severity"] == "major" and rows[1]["suggestion"] == "COVID-19"


def test_check_select_and_unknown_check(pairs_tsv: Path):
    result = runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl", "--select", "apostrophe"])
    assert [json.loads(line)["check"] for line in result.stdout.splitlines()] == ["apostrophe"]
    result = runner.invoke(app, ["check", str(pairs_tsv), "--select", "apostrophes"])
    assert result.exit_code == 2 and "unknown check id(s): apostrophes" in result.stderr


def test_check_bad_input_exits_2_with_one_line(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tsrc\ttarget\n1\ta\tb\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad), "--format", "jsonl"])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert str(bad) in line and "header lacks column(s) source" in line


def test_check_list():
    result = runner.invoke(app, ["check", "--list"])
    assert result.exit_code == 0 and "apostrophe" in result.stdout and "Wrong character" in result.stdout



def test_check_fail_on_exits_1_only_at_or_above_the_severity_and_still_prints_everything():
    listed = run_mtreview("check", str(XINHUA), "--format", "jsonl")
    assert listed.returncode == 0
    findings = [json.loads(line) for line in listed.stdout.splitlines()]
    severities = {finding["severity"] for finding in findings}
    assert "minor" in severities  # the bundled case has minor findings
    gated = run_mtreview("check", str(XINHUA), "--format", "jsonl", "--fail-on", "minor")
    assert gated.returncode == 1 and gated.stdout == listed.stdout
    worst = "critical" if "critical" in severities else "major" if "major" in severities else None
    if "critical" not in severities:
        assert run_mtreview("check", str(XINHUA), "--fail-on", "critical").returncode == 0
    if worst:
        assert run_mtreview("check", str(XINHUA), "--fail-on", worst).returncode == 1

