from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import REPO, XINHUA

runner = CliRunner()
COMMANDS = ["review", "align", "check", "checks", "score", "ingest"]

PAIRS_TSV = (
    "id\tsource\ttarget\n"
    "p1\t在涉及中方核心利益问题上,白方始终给予中方坚定支持。\tBelarus has always firmly supported China on issues concerning China‘s core interests.\n"
    "p2\t中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。\tChina will help Belarus fight the new crown pneumonia epidemic.\n"
    "p3\t丁薛祥、杨洁篪等参加会见。\tDing Xuexiang, Yang Jiechi and others attended the meeting.\n"
)


@pytest.fixture
def pairs_tsv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text(PAIRS_TSV, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_a_readme_entry(command: str):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: mtreview " + command in " ".join(result.output.split())
    assert re.search(rf"mtreview {command}(?![\w-])", (REPO / "README.md").read_text(encoding="utf-8"))


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


def test_align_jsonl_and_tsv():
    source, target = XINHUA / "source.zh.txt", XINHUA / "target.en.txt"
    result = runner.invoke(app, ["align", str(source), str(target), "--format", "jsonl"])
    assert result.exit_code == 0
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(beads) == 20 and beads[3]["source"] == [3] and beads[3]["target"] == [3]
    assert beads[3]["target_text"].startswith("Photo by")
    result = runner.invoke(app, ["align", str(source), str(target)])
    assert result.stdout.splitlines()[0] == "id\tkind\tscore\tsource\ttarget"


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


def test_python_dash_m_and_fast_help():
    result = subprocess.run([sys.executable, "-m", "mtreview", "--help"], capture_output=True, text=True,
                            check=True)
    assert "review" in result.stdout
    # --help must not import the heavy parts
    code = "import sys, mtreview.cli; print(sorted(m for m in ('pandas', 'torch', 'xlsxwriter', 'sacrebleu') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
