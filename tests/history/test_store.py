"""The store interface: open_history gives a HistoryStore, SQLite for a path and PostgreSQL for a URL; and
what every backend does alike (each such test runs on a SQLite file and on a fresh PostgreSQL database):
recording and reading runs, failing or being killed midway without leaving half a run, writers and
reviewers at once, reading without writing. What is SQLite's own is in test_sqlite.py, PostgreSQL's in
test_postgres.py."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import HistoryError
from mtreview.history import History, HistoryStore, RunRecord, RunScore, open_history
from mtreview.history import sql as history_sql
from mtreview.history.schema import TABLES as SCHEMA_TABLES
from mtreview.history.transfer import _digest as table_digest
from mtreview.records import Decision, SegmentEdit
from tests.support.history_review import CLOSING_ZH, make_review
from tests.support.history_runs import CORPUS, make_run, pairs
from tests.support.paths import REPO, XINHUA
from tests.support.sample_review import CORE_EN, CORE_ZH, COVID_EN, COVID_ZH

TABLES = ("runs", "scores", "segment_scores", "pairs", "findings")


def test_open_history_gives_a_store_and_names_the_postgres_seam(db_path):
    from mtreview.history import HistoryStore, open_history

    with open_history(db_path) as store:
        assert isinstance(store, HistoryStore) and isinstance(store, History)
        store.record(make_review("run-1", "2024-09-15T10:00:00Z"))
        assert store.location == str(db_path) and store.identity == str(db_path.resolve())
    with open_history(f"sqlite://{db_path}", create=False) as store:
        assert store.run_ids() == {"run-1"}
    with pytest.raises(HistoryError, match=r"^postgresql://desk:\*\*\*@127.0.0.1:1/mt: ") as raised:
        open_history("postgresql://desk:secret@127.0.0.1:1/mt")  # the PostgreSQL store; nothing listens there
    assert "secret" not in str(raised.value)
    with pytest.raises(HistoryError, match="no history store for mysql://"):
        open_history("mysql://db/mt")


# --- behaviour every backend shares: run on a SQLite file and on a fresh PostgreSQL database ------------


def stored(store: HistoryStore, query: str, *parameters: object) -> list[tuple]:
    """Rows of a query in the portable SQL both backends run (mtreview.history.sql), as tuples: what a run
    stored that no store method reads back (spans, alignment kinds)."""
    return [tuple(row.values()) if isinstance(row, dict) else tuple(row)
            for row in store._query(query, parameters)]  # type: ignore[attr-defined]


def test_record_runs_and_read_them_back(history_location):
    first = make_review("run-1", "2024-09-15T10:00:00Z")
    second = make_review("run-2", "2024-09-16T09:30:00Z")
    other = make_review("run-3", "2024-09-17T08:00:00Z", corpus="other-article")
    with open_history(history_location) as history:
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


def test_pairs_findings_and_segment_scores_are_stored(history_location):
    with open_history(history_location) as history:
        history.record(make_review("run-1", "2024-09-15T10:00:00Z"))
        assert list(history.run_pairs("run-1").items()) == [("p3s1", (CORE_ZH, CORE_EN)), ("p3s6", (COVID_ZH, COVID_EN)),
                                                            ("p6s1", (CLOSING_ZH, ""))]
        assert [(s["pair_id"], s["score"]) for s in history.segments("run-1", "chrf")] == [("p3s1", 58.1),
                                                                                       ("p3s6", None)]
        assert [(f["pair_id"], f["check_id"], f["severity"]) for f in history.findings("run-1")] == [
            ("p3s1", "quote-apostrophe", "minor"), ("p3s6", "terminology", "major"), ("p6s1", "omission", "critical")]
        kinds = stored(history, "SELECT pair_id, ord, kind FROM pairs WHERE run_id = ? ORDER BY ord", "run-1")
        spans = stored(history, "SELECT target_start, target_end, source_start, source_end FROM findings"
                                " WHERE run_id = ? ORDER BY finding_id", "run-1")
    assert kinds == [("p3s1", 0, "1-1"), ("p3s6", 1, "1-1"), ("p6s1", 2, "1-0")]
    assert CORE_EN[spans[0][0]:spans[0][1]] == "China‘s" and CORE_ZH[spans[0][2]:spans[0][3]] == "中方"
    assert spans[2] == (None, None, None, None)


def test_interrupted_record_leaves_nothing_of_the_run(history_location, monkeypatch):
    with open_history(history_location) as history:
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
        for table in TABLES:
            assert stored(history, f"SELECT count(*) FROM {table} WHERE run_id = ?", "run-2") == [(0,)], table
        assert len(history.findings("run-1")) == 3


def _writer(location: str, reviews: list, barrier) -> None:
    barrier.wait()  # both processes open (and create) the new history at the same moment, then write
    with open_history(location) as history:
        for review in reviews:
            history.record(review)


def test_two_processes_recording_at_once_both_land(history_location, history_runs):
    # A SQLite file not created yet, or an empty database: the two writers race to create the schema.
    template = history_runs["20240115T090000Z-desk01"]
    batches = {name: [replace(template, run_id=f"{name}-{i}", system=name, created=f"2024-01-01T00:00:{i:02d}Z")
                      for i in range(8)] for name in ("desk", "mt")}
    # spawn, not fork: forking a pytest process that other tests left with threads can deadlock.
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_writer, args=(str(history_location), batch, barrier))
               for batch in batches.values()]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    with open_history(history_location, create=False) as history:
        for name, batch in batches.items():
            assert sorted(run["run_id"] for run in history.runs(system=name)) == sorted(r.run_id for r in batch)
            for review in batch:
                assert len(history.run_pairs(review.run_id)) == len(template.pairs)
                assert len(history.findings(review.run_id)) == len(template.findings)


KILLED_WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from tests.support.history_runs import make_run, pairs
from mtreview.history import sql as history_sql
from mtreview.history import open_history

real_row = history_sql._finding_row
calls = []
def stall_on_second_finding(run_id, finding):
    calls.append(finding)
    if len(calls) == 2:  # the run, its scores, pairs and a finding are written, uncommitted
        Path({marker!r}).write_text("in the middle")
        time.sleep(120)
    return real_row(run_id, finding)

history_sql._finding_row = stall_on_second_finding
with open_history({location!r}) as history:
    history.record(make_run("killed", "2024-01-02T00:00:00Z", "desk", pairs("close")))
"""


def test_a_run_killed_mid_record_leaves_no_trace(history_location, history_runs, tmp_path):
    kept = replace(history_runs["20240115T090000Z-desk01"], run_id="kept", created="2024-01-01T00:00:00Z")
    with open_history(history_location) as history:
        history.record(kept)
    marker = tmp_path / "marker"
    script = KILLED_WRITER.format(repo=str(REPO), marker=str(marker), location=str(history_location))
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the writer ended before it was killed"
            assert time.monotonic() < deadline, "the writer never reached its second finding"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    with open_history(history_location) as history:  # usable: nothing locked, nothing half-written
        for table in TABLES:
            assert stored(history, f"SELECT count(*) FROM {table} WHERE run_id = ?", "killed") == [(0,)], table
        assert [run["run_id"] for run in history.runs()] == ["kept"]
        history.record(replace(kept, run_id="after", created="2024-01-03T00:00:00Z"))
        assert [run["run_id"] for run in history.runs()] == ["after", "kept"]


def test_concurrent_ingests_all_land_one_sheet_after_another(history_location):
    """Eight reviewers ingest three sheets each at once: every entry lands, each sheet's together."""
    review = make_run("run-1", "2024-01-15T09:00:00Z", "desk", pairs("close"))
    fingerprints = sorted({finding.fingerprint for finding in review.findings})
    decisions = ("confirmed", "false positive", "fixed", "won't fix")
    with open_history(history_location) as store:
        store.record(review)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def ingest(sheet: int) -> None:
        try:
            with open_history(history_location) as store:
                start.wait()
                for round_ in range(3):  # three sheets a reviewer, each many entries
                    name = f"sheet-{sheet}-{round_}"
                    store.record_decisions(
                        [Decision("run-1", fp, decisions[sheet % 4], reviewer=f"r{sheet}", sheet=name)
                         for fp in fingerprints * 5], ingested="2024-01-16T00:00:00Z",
                        edits=[SegmentEdit(f"source {sheet}", post_edit="x", run_id="run-1", sheet=name)])
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=ingest, args=(sheet,)) for sheet in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    with open_history(history_location, create=False) as store:
        log = store.decision_log(run_id="run-1")
        assert len(log) == 8 * 3 * 5 * len(fingerprints)  # every entry of every sheet landed
        # each sheet's entries are numbered together, in the order the sheets committed: never interleaved
        sheets = [entry["sheet"] for entry in log]
        runs_of_sheets = [sheet for index, sheet in enumerate(sheets) if index == 0 or sheets[index - 1] != sheet]
        assert len(runs_of_sheets) == len(set(runs_of_sheets)) == 8 * 3
        last = log[-1]
        assert {state.reviewer for state in store.decisions(CORPUS, "brief-1").values()} == {last["reviewer"]}
        assert len(store.segment_edits(CORPUS)) == 8


def test_the_sheet_committed_last_wins(history_location):
    """Reviewer A's sheet is in the log, uncommitted, when reviewer B ingests: B waits for A, so B's entries
    come after A's, and B's decision (committed last) stands. Were B numbered before A commits, A's older
    decision would win the fold although B's sheet came in last: a lost update."""
    review = make_run("run-1", "2024-01-15T09:00:00Z", "desk", pairs("close"))
    fingerprint = review.findings[0].fingerprint
    with open_history(history_location) as store:
        store.record(review)
    a_inserted, b_done = threading.Event(), threading.Event()
    finished: dict[str, float] = {}

    def ingest(name: str, decision: str, pause: bool) -> None:
        with open_history(history_location) as store:
            if pause:
                insert = store._insert

                def insert_then_wait(table, columns, rows):
                    count = insert(table, columns, rows)
                    if table == "decision_log":
                        a_inserted.set()
                        b_done.wait(3)  # B may finish meanwhile only if it does not wait for A
                    return count

                store._insert = insert_then_wait  # type: ignore[method-assign]
            else:
                assert a_inserted.wait(60)
            store.record_decisions([Decision("run-1", fingerprint, decision, reviewer=name)],
                                   ingested="2024-01-16T00:00:00Z")
            finished[name] = time.monotonic()
            if not pause:
                b_done.set()

    threads = [threading.Thread(target=ingest, args=("a", "false positive", True)),
               threading.Thread(target=ingest, args=("b", "confirmed", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert finished["b"] > finished["a"]  # B waited for A's commit
    with open_history(history_location, create=False) as store:
        assert [entry["reviewer"] for entry in store.decision_log(run_id="run-1")] == ["a", "b"]
        assert store.decisions(CORPUS, "brief-1")[fingerprint].decision == "confirmed"


def test_read_commands_change_nothing(history_location, tmp_path):
    review = CliRunner().invoke(app, ["review", str(XINHUA), "--out", str(tmp_path / "out"),
                                      "--history", str(history_location)])
    assert review.exit_code == 0, review.output

    def contents() -> dict[str, tuple[int, str]]:
        with open_history(history_location, create=False) as history:
            return {table.name: table_digest(history, table) for table in SCHEMA_TABLES}

    before = contents()
    with open_history(history_location, create=False) as history:
        (run_id,) = history.run_ids()
    for command in (["history", "list"], ["history", "trend", "--metric", "bleu"], ["checks", "--stats"],
                    ["history", "show", run_id]):
        result = CliRunner().invoke(app, [*command, "--history", str(history_location)])
        assert result.exit_code == 0, result.output
    assert contents() == before and before["runs"][0] == 1
