"""The command-line habits sacrebleu users bring: `-` for standard input, sacrebleu's metric options in the
signature, per-segment scores, `check --fail-on`, and progress bars on a terminal only."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
XINHUA = REPO / "corpora" / "xinhua-belarus"

# A short news text of our own, a system's English and a reference translation of it.
HYPOTHESES = [
    "The Ministry of Commerce said on Tuesday that exports rose 7.2 percent in the first quarter.",
    "Officials from both countries signed 12 cooperation agreements in Beijing .",
    "The new high-speed railway will cut the travel time between the two cities to 90 minutes.",
    "COVID-19 prevention measures remain in place at the port, the Customs said.",
]
REFERENCES = [
    "China's Ministry of Commerce said on Tuesday that exports grew by 7.2 percent in the first quarter.",
    "Officials of the two countries signed 12 cooperation agreements in Beijing.",
    "The new high-speed rail line will shorten travel between the two cities to 90 minutes.",
    "Measures to prevent COVID-19 are still in place at the port, according to the customs authority.",
]


def mtreview(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "mtreview", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    hypothesis, reference = tmp_path / "system.en.txt", tmp_path / "reference.en.txt"
    hypothesis.write_text("\n".join(HYPOTHESES) + "\n", encoding="utf-8")
    reference.write_text("\n".join(REFERENCES) + "\n", encoding="utf-8")
    return hypothesis, reference


def test_score_reads_the_hypothesis_from_standard_input_as_from_a_file(files):
    hypothesis, reference = files
    from_file = mtreview("score", str(hypothesis), "--ref", str(reference), "--metric", "bleu,chrf,ter",
                         "--format", "json")
    piped = mtreview("score", "-", "--ref", str(reference), "--metric", "bleu,chrf,ter", "--format", "json",
                     stdin=hypothesis.read_text(encoding="utf-8"))
    assert from_file.returncode == piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)


def test_standard_input_errors_name_standard_input(files):
    _, reference = files
    short = mtreview("score", "-", "--ref", str(reference), stdin=HYPOTHESES[0] + "\n")
    assert short.returncode == 2
    assert short.stderr.strip() == f"mtreview: error: {reference}: 4 lines, but standard input has 1"
    empty = mtreview("score", "-", "--ref", str(reference), stdin="")
    assert empty.returncode == 2 and empty.stderr.strip() == "mtreview: error: standard input: is empty"
    alone = mtreview("score", "-", stdin="x\n")
    assert alone.returncode == 2 and "needs --ref or --src" in alone.stderr


def test_sacrebleu_options_give_sacrebleus_scores_and_signatures(files):
    from sacrebleu.metrics import BLEU, CHRF, TER

    hypothesis, reference = files
    result = mtreview("score", str(hypothesis), "--ref", str(reference), "--metric", "bleu,chrf,ter",
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
    plain = json.loads(mtreview("score", str(hypothesis), "--ref", str(reference), "--format", "json").stdout)
    assert plain["bleu"]["corpus"] != scores["bleu"]["corpus"]
    assert "tok:13a" in plain["bleu"]["signature"] and "case:mixed" in plain["bleu"]["signature"]


def test_an_unknown_tokenizer_is_one_line_and_exit_2(files):
    hypothesis, reference = files
    result = mtreview("score", str(hypothesis), "--ref", str(reference), "-tok", "moses")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("mtreview: error: unknown tokenizer 'moses'; sacrebleu has") and result.stderr.count("\n") == 1


def test_sentence_level_prints_each_segments_scores_before_the_corpus_scores(files):
    from sacrebleu.metrics import BLEU, CHRF

    hypothesis, reference = files
    result = mtreview("score", str(hypothesis), "--ref", str(reference), "--metric", "bleu,chrf", "-sl")
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


def test_check_fail_on_exits_1_only_at_or_above_the_severity_and_still_prints_everything():
    listed = mtreview("check", str(XINHUA), "--format", "jsonl")
    assert listed.returncode == 0
    findings = [json.loads(line) for line in listed.stdout.splitlines()]
    severities = {finding["severity"] for finding in findings}
    assert "minor" in severities  # the bundled case has minor findings
    gated = mtreview("check", str(XINHUA), "--format", "jsonl", "--fail-on", "minor")
    assert gated.returncode == 1 and gated.stdout == listed.stdout
    worst = "critical" if "critical" in severities else "major" if "major" in severities else None
    if "critical" not in severities:
        assert mtreview("check", str(XINHUA), "--fail-on", "critical").returncode == 0
    if worst:
        assert mtreview("check", str(XINHUA), "--fail-on", worst).returncode == 1


def _run_on_a_terminal(*args: str, **extra_env: str) -> tuple[int, str, str]:
    """Run mtreview with standard error on a pseudo-terminal (as a person at a terminal has it) and standard
    output on a pipe (as `> file` or `| jq` has it)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("MTREVIEW_NO_PROGRESS", None)
    env.update(extra_env)
    process = subprocess.Popen([sys.executable, "-m", "mtreview", *args], stdout=subprocess.PIPE,
                               stderr=terminal, cwd=REPO, env=env)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end closed: the program has exited
            break
        if not chunk:
            break
        seen += chunk
    stdout = process.stdout.read().decode()
    process.wait(timeout=300)
    os.close(controller)
    return process.returncode, stdout, seen.decode("utf-8", "replace")


def test_progress_bars_show_on_a_terminal_and_never_in_program_output():
    code, stdout, terminal = _run_on_a_terminal("check", str(XINHUA), "--format", "jsonl")
    assert code == 0
    assert "aligning target.en.txt" in terminal and "checking" in terminal
    assert "\x1b" not in stdout and "checking" not in stdout
    piped_findings = [json.loads(line) for line in stdout.splitlines()]
    assert piped_findings == [json.loads(line) for line in mtreview("check", str(XINHUA), "--format", "jsonl").stdout.splitlines()]


def test_no_progress_when_standard_error_is_piped_or_progress_is_turned_off(tmp_path: Path):
    piped = mtreview("review", str(XINHUA), "--out", str(tmp_path / "reports"), "--no-history")
    assert piped.returncode == 0, piped.stderr
    assert "\x1b" not in piped.stderr and "writing segments" not in piped.stderr and "checking" not in piped.stderr
    code, _, terminal = _run_on_a_terminal("check", str(XINHUA), MTREVIEW_NO_PROGRESS="1")
    assert code == 0 and "checking" not in terminal and "finding(s) in" in terminal


def test_review_on_a_terminal_shows_every_stage(tmp_path: Path):
    code, _, terminal = _run_on_a_terminal("review", str(XINHUA), "--out", str(tmp_path / "reports"), "--no-history")
    assert code == 0, terminal
    for stage in ("aligning target.en.txt", "checking", "writing segments", "writing findings"):
        assert stage in terminal, stage


def test_track_hands_back_the_iterable_itself_when_nobody_watches():
    from mtreview import progress

    items = [1, 2, 3]
    assert progress.track(items, "reading") is items
    with progress.stage("scoring", total=3) as scoring:
        scoring.advance(3)  # a no-op, and no error, without a display
    assert not progress.showing()
