"""The history file under stress: two writers at once, a writer killed mid-run, and older schemas."""

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

from history_runs import make_run, pairs

from mtreview.history import SCHEMA_VERSION, History
from mtreview.history import sqlite as history_module
from mtreview.tracking import compare_runs

TESTS = Path(__file__).resolve().parent
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
sys.path.insert(0, {tests!r})
from history_runs import make_run, pairs
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
    script = KILLED_WRITER.format(tests=str(TESTS), marker=str(marker), db=str(db))
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


def test_a_second_schema_database_is_migrated_and_its_runs_compare(tmp_path):
    """A schema 2 history (no document, one reference per pair) opens, and its runs take part in comparisons."""
    db = tmp_path / "history.sqlite"
    new = make_run("new", "2024-02-01T00:00:00Z", "desk", pairs("close"))
    old_pairs = pairs("loose")
    chrf = next(score for score in make_run("x", "x", "desk", old_pairs).scores if score.metric == "chrf")
    with sqlite3.connect(db) as conn:
        for statement in history_module._SCHEMA_V1 + history_module._SCHEMA_V2:
            conn.execute(statement)
        conn.execute("INSERT INTO runs VALUES ('old', 'delegations', 'desk', '2024-01-01T00:00:00Z', '0.1.0', '{}',"
                     " 43, 500, 0, 0, 0, 0, 0.0)")
        conn.execute("INSERT INTO scores VALUES ('old', 'chrf', ?, ?, 43, '')", (chrf.corpus, chrf.signature))
        for order, pair in enumerate(old_pairs):
            conn.execute("INSERT INTO pairs VALUES ('old', ?, ?, ?, ?, ?, '1-1', NULL)",
                         (pair.id, order, pair.source, pair.target, pair.reference))
            conn.execute("INSERT INTO segment_scores VALUES ('old', 'chrf', ?, ?)",
                         (pair.id, chrf.segment_score(pair.id)))
        conn.execute("PRAGMA user_version = 2")
    with History(db) as history:
        old = history.run("old")
        # the migration names the old run's document by its source text, as a review of it names it now
        from mtreview.identity import document_key

        assert old["document"] == document_key(pair.source for pair in old_pairs)
        assert old["scores"][0]["corpus_score"] == chrf.corpus
        history.record(new)
        delta = compare_runs(history, "old", "new").score("chrf")
    assert delta.shared == 43 and delta.p_value is not None and delta.p_value < 0.05 and delta.delta > 0
    assert delta.note == ""  # one reference recorded, one kept: the test is the recorded metric
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        columns = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
        assert "document" in columns
        assert conn.execute("SELECT refs FROM pairs WHERE run_id = 'old' LIMIT 1").fetchone()[0] is None
