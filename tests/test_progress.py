"""Progress bars (mtreview.progress): on a terminal only, never in output meant for programs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.paths import XINHUA
from tests.support.processes import run_mtreview, run_on_a_terminal


def test_progress_bars_show_on_a_terminal_and_never_in_program_output():
    code, stdout, terminal = run_on_a_terminal("check", str(XINHUA), "--format", "jsonl")
    assert code == 0
    assert "aligning target.en.txt" in terminal and "checking" in terminal
    assert "\x1b" not in stdout and "checking" not in stdout
    piped_findings = [json.loads(line) for line in stdout.splitlines()]
    assert piped_findings == [json.loads(line) for line in run_mtreview("check", str(XINHUA), "--format", "jsonl").stdout.splitlines()]


def test_no_progress_when_standard_error_is_piped_or_progress_is_turned_off(tmp_path: Path):
    piped = run_mtreview("review", str(XINHUA), "--out", str(tmp_path / "reports"), "--no-history")
    assert piped.returncode == 0, piped.stderr
    assert "\x1b" not in piped.stderr and "writing segments" not in piped.stderr and "checking" not in piped.stderr
    code, _, terminal = run_on_a_terminal("check", str(XINHUA), MTREVIEW_NO_PROGRESS="1")
    assert code == 0 and "checking" not in terminal and "finding(s) in" in terminal


def test_review_on_a_terminal_shows_every_stage(tmp_path: Path):
    code, _, terminal = run_on_a_terminal("review", str(XINHUA), "--out", str(tmp_path / "reports"), "--no-history")
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

