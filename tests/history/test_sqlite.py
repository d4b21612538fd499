"""The SQLite run history: recording, reading back, failing without leaving half a run, two writers at
once, and histories that are not ours to write (read-only, locked, another application's)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import HistoryError
from mtreview.history import SCHEMA_VERSION, History, RunRecord, RunScore
from mtreview.history import sql as history_sql
from tests.support.history_review import make_review
from tests.support.history_runs import make_run, pairs
from tests.support.paths import REPO, XINHUA
from tests.support.sample_review import CORE_EN, CORE_ZH, COVID_EN
from tests.support.workspace import Workspace, review_sheet_of


def test_record_two_runs_and_read_them_back(db_path):
    first = make_review("run-1", "2024-09-15T10:00:00Z")
    second = make_review("run-2", "2024-09-16T09:30:00Z")
    other = make_review("run-3", "2024-09-17T08:00:00Z", corpus="other-article")
    with History(db_path) as history:
        history.record(first)
        history.record(second)
        history.record(other)
        runs = history.runs("xinhua-belarus")
        assert [run["run_id"] for run in runs] == ["run-2", "run-1"]  # newest first
        assert [run["run_id"] for run in history.runs()] == ["run-3", "run-2", "run-1"]
        run = history.run("run-1")

    words = len(CORE_EN.split()) + len(COVID_EN.split())
    assert run["corpus"] == "xinhua-belarus" and run["system"] == "seed"
    assert run["created"] == "2024-09-15T10:00:00Z"
    assert run["config"] == {"checks": ["terminology", "quote-apostrophe"], "metrics": ["chrF"]}
    assert (run["pairs"], run["target_words"], run["findings"]) == (3, words, 3)
    assert (run["findings_minor"], run["findings_major"], run["findings_critical"]) == (1, 1, 1)
    assert run["mqm_penalty"] == pytest.approx((1 + 5 + 25) / words * 100)
    assert run.scores == (RunScore(metric="chrF", corpus_score=61.2345, signature="nrefs:1|case:mixed|version:2.4.2",
                                   segments=1, note="partial reference"),)
    # typed records, still readable by key for the callers written against the old dicts
    assert isinstance(run, RunRecord) and run.corpus == run["corpus"] and dict(run)["system"] == "seed"
    assert run.scores[0] == {"metric": "chrF", "corpus_score": 61.2345, "signature": "nrefs:1|case:mixed|version:2.4.2",
                             "segments": 1, "note": "partial reference"}
    with pytest.raises(KeyError):
        run["nope"]


def test_pairs_findings_and_segment_scores_are_stored(db_path):
    with History(db_path) as history:
        history.record(make_review("run-1", "2024-09-15T10:00:00Z"))
    with sqlite3.connect(db_path) as conn:
        pairs = conn.execute("SELECT pair_id, ord, source, target, kind FROM pairs"
                             " WHERE run_id = 'run-1' ORDER BY ord").fetchall()
        findings = conn.execute(
            "SELECT pair_id, check_id, severity, target_start, target_end, source_start,"
            " source_end FROM findings WHERE run_id = 'run-1' ORDER BY finding_id").fetchall()
        segment_scores = conn.execute("SELECT pair_id, score FROM segment_scores"
                                      " ORDER BY pair_id").fetchall()
    assert [row[:2] for row in pairs] == [("p3s1", 0), ("p3s6", 1), ("p6s1", 2)]
    assert pairs[0][2] == CORE_ZH and pairs[2][3:] == ("", "1-0")
    start, end = findings[0][3:5]
    assert CORE_EN[start:end] == "China‘s"
    assert CORE_ZH[slice(*findings[0][5:7])] == "中方"
    assert findings[2] == ("p6s1", "omission", "critical", None, None, None, None)
    assert segment_scores == [("p3s1", 58.1), ("p3s6", None)]


def test_database_settings(db_path):
    History(db_path).close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indices = {row[0] for row in conn.execute("SELECT name FROM sqlite_master"
                                                  " WHERE type = 'index'")}
    assert {"runs_by_corpus_created", "findings_by_fingerprint"} <= indices
    # Reopening an up-to-date file migrates nothing and keeps it usable.
    with History(db_path) as history:
        assert history.runs() == []


def test_duplicate_run_id_raises(db_path):
    with History(db_path) as history:
        history.record(make_review("run-1", "2024-09-15T10:00:00Z"))
        with pytest.raises(HistoryError, match="run-1 is already recorded"):
            history.record(make_review("run-1", "2024-09-16T10:00:00Z"))
        assert [run["created"] for run in history.runs()] == ["2024-09-15T10:00:00Z"]


def test_interrupted_record_leaves_nothing_of_the_run(db_path, monkeypatch):
    with History(db_path) as history:
        history.record(make_review("run-1", "2024-09-15T10:00:00Z"))

        real_row = history_sql._finding_row
        calls = []

        def fail_on_second_finding(run_id, finding):
            calls.append(finding)
            if len(calls) == 2:
                raise OSError("disk full while writing findings")
            return real_row(run_id, finding)

        monkeypatch.setattr(history_sql, "_finding_row", fail_on_second_finding)
        with pytest.raises(HistoryError, match="run-2.*disk full"):
            history.record(make_review("run-2", "2024-09-16T10:00:00Z"))
        assert len(calls) == 2  # the failure came after the run, scores, pairs and a finding
        monkeypatch.undo()

        assert [run["run_id"] for run in history.runs()] == ["run-1"]
        # The connection is usable again after the rollback.
        history.record(make_review("run-3", "2024-09-17T10:00:00Z"))

    with sqlite3.connect(db_path) as conn:
        for table in ("runs", "scores", "segment_scores", "pairs", "findings"):
            orphans = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE run_id = 'run-2'")
            assert orphans.fetchone()[0] == 0, table
        assert conn.execute("SELECT COUNT(*) FROM findings WHERE run_id = 'run-1'"
                            ).fetchone()[0] == 3


def test_unknown_run_raises(db_path):
    with History(db_path) as history:
        with pytest.raises(HistoryError, match="no run nope"):
            history.run("nope")


def test_garbage_file_raises_history_error(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database" * 100)
    with pytest.raises(HistoryError, match="history.sqlite") as raised:
        History(db_path)
    assert "not a database" in str(raised.value)


def test_foreign_sqlite_file_with_a_runs_table_is_refused(db_path):
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE runs (something_else TEXT)")
    with pytest.raises(HistoryError, match="history.sqlite"):
        History(db_path)


def test_nan_score_is_stored_as_null(db_path):
    review = make_review("run-1", "2024-09-15T10:00:00Z")
    review.scores = [replace(review.scores[0], corpus=float("nan"))]
    with History(db_path) as history:
        history.record(review)
        assert history.run("run-1")["scores"][0]["corpus_score"] is None


def reviewed_history(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["review", str(XINHUA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "history.sqlite"


def test_a_history_on_a_read_only_file_system_can_be_listed(tmp_path: Path):
    """The history's folder mounted read-only (a namespace of its own, as root): read commands work."""
    if os.geteuid() != 0 or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("needs root and mount namespaces (unshare -m) to mount a folder read-only")
    history = reviewed_history(tmp_path)
    folder = history.parent
    script = (f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
              f"touch {folder}/probe 2>/dev/null && echo writable; "
              f"{sys.executable} -m mtreview history list --history {history} && "
              f"{sys.executable} -m mtreview checks --stats --history {history}")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "writable" not in result.stdout  # the mount really was read-only
    assert "xinhua-belarus" in result.stdout and "Checks as judged by reviewers" in result.stdout


def test_read_commands_leave_the_file_as_it_was(tmp_path: Path):
    history = reviewed_history(tmp_path)
    before = history.read_bytes()
    for command in (["history", "list"], ["history", "trend", "--metric", "bleu"], ["checks", "--stats"]):
        result = CliRunner().invoke(app, [*command, "--history", str(history)])
        assert result.exit_code == 0, result.output
    assert history.read_bytes() == before


def test_another_applications_database_is_not_written_into(tmp_path: Path):
    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    before = other.read_bytes()
    for command in (["review", str(XINHUA), "--out", str(tmp_path / "out"), "--history", str(other)],
                    ["history", "list", "--history", str(other)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2 and "not an mtreview history (a database with other tables: notes)" in result.stderr
    assert other.read_bytes() == before and not (tmp_path / "out").exists()


TABLES = ("runs", "scores", "segment_scores", "pairs", "findings")


def _writer(path: str, reviews: list, barrier) -> None:
    barrier.wait()  # both processes open (and migrate) the new file at the same moment, then write
    with History(Path(path)) as history:
        for review in reviews:
            history.record(review)


def test_two_processes_recording_at_once_both_land(tmp_path):
    path = tmp_path / "history.sqlite"  # not created yet: the two writers race to create and migrate it
    template = make_run("template", "2024-01-01T00:00:00Z", "x", pairs("close"))
    batches = {name: [replace(template, run_id=f"{name}-{i}", system=name, created=f"2024-01-01T00:00:{i:02d}Z")
                      for i in range(8)] for name in ("desk", "mt")}
    # spawn, not fork: forking a pytest process that other tests left with threads can deadlock.
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_writer, args=(str(path), batch, barrier)) for batch in batches.values()]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    with History(path) as history:
        for name, batch in batches.items():
            assert sorted(run["run_id"] for run in history.runs(system=name)) == sorted(r.run_id for r in batch)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0] == 16 * len(template.pairs)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


KILLED_WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from tests.support.history_runs import make_run, pairs
from mtreview.history import sql as history_sql
from mtreview.history import History

real_row = history_sql._finding_row
calls = []
def stall_on_second_finding(run_id, finding):
    calls.append(finding)
    if len(calls) == 2:  # the run, its scores, pairs and a finding are written, uncommitted
        Path({marker!r}).write_text("in the middle")
        time.sleep(120)
    return real_row(run_id, finding)

history_sql._finding_row = stall_on_second_finding
with History(Path({db!r})) as history:
    history.record(make_run("killed", "2024-01-02T00:00:00Z", "desk", pairs("close")))
"""


def test_a_run_killed_mid_record_leaves_no_trace(tmp_path):
    db, marker = tmp_path / "history.sqlite", tmp_path / "marker"
    with History(db) as history:
        history.record(make_run("kept", "2024-01-01T00:00:00Z", "desk", pairs("close")))
    script = KILLED_WRITER.format(repo=str(REPO), marker=str(marker), db=str(db))
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the writer ended before it was killed"
            assert time.monotonic() < deadline, "the writer never reached its second finding"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        for table in TABLES:
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE run_id = 'killed'").fetchone()[0] == 0, table
    with History(db) as history:  # the file is usable: nothing locked, nothing half-written
        assert [run["run_id"] for run in history.runs()] == ["kept"]
        history.record(make_run("after", "2024-01-03T00:00:00Z", "desk", pairs("close")))
        assert [run["run_id"] for run in history.runs()] == ["after", "kept"]


runner = CliRunner()


# --- history that cannot be written ---------------------------------------------------------------


def test_history_path_that_is_a_folder_is_refused(ws: Workspace):
    folder = ws.root / "history-folder"
    folder.mkdir()
    result = runner.invoke(app, ["review", str(ws.root / "base.zh.txt"), str(ws.root / "base.en.txt"),
                                 "--out", str(ws.out), "--history", str(folder)])
    ws.assert_refused(result, str(folder))
    assert list(folder.iterdir()) == []


def test_history_that_is_not_a_database_is_refused(ws: Workspace):
    bogus = ws.write("bogus.sqlite", b"this is not a database" * 100)
    before = bogus.read_bytes()
    result = runner.invoke(app, ["review", str(ws.root / "base.zh.txt"), str(ws.root / "base.en.txt"),
                                 "--out", str(ws.out), "--history", str(bogus)])
    ws.assert_refused(result, str(bogus))
    assert bogus.read_bytes() == before


def test_locked_history_is_refused_after_the_busy_timeout(ws: Workspace, monkeypatch):
    import mtreview.history.sqlite

    monkeypatch.setattr(mtreview.history.sqlite, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws.history, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt")
        assert time.monotonic() - started < 15
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ws.assert_refused(result, str(ws.history), "locked")


def test_ingest_into_a_locked_history_is_refused(ws: Workspace, monkeypatch):
    import openpyxl

    import mtreview.history.sqlite

    sheet = review_sheet_of(ws)
    book = openpyxl.load_workbook(sheet)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    if findings.max_row < 2:
        pytest.skip("the base run has no findings to decide")
    findings.cell(row=2, column=header.index("Decision") + 1, value="confirmed")
    edited = ws.root / "edited.xlsx"
    book.save(edited)
    monkeypatch.setattr(mtreview.history.sqlite, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws.history, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = ws.run("ingest", edited, "--history", ws.history)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ws.assert_refused(result, str(ws.history), "locked")
