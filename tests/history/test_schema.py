"""History schema versions: older histories migrated in place, unknown versions refused in one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import HistoryError
from mtreview.history import SCHEMA_VERSION, History
from mtreview.history import sqlite as history_module
from mtreview.tracking import compare_runs
from tests.support.desk import mtreview
from tests.support.history_review import make_review
from tests.support.history_runs import make_run, pairs
from tests.support.paths import TEST_DATA, XINHUA


def test_newer_schema_version_is_refused(db_path):
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryError, match="version 99 is newer"):
        History(db_path)


def test_a_first_schema_database_is_migrated_in_place(db_path):
    """A history written by mtreview 0.1 (schema 1) opens in this one with its runs intact."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db_path) as conn:
        for statement in history_module._SCHEMA_V1:
            conn.execute(statement)
        conn.execute("INSERT INTO runs (run_id, corpus, system, created, tool_version, config, pairs,"
                     " target_words, findings, findings_minor, findings_major, findings_critical, mqm_penalty)"
                     " VALUES ('old', 'xinhua-belarus', 'desk', '2022-09-16T08:00:00Z', '0.1.0', '{}', 20, 500,"
                     " 11, 10, 1, 0, 3.0)")
        conn.execute("PRAGMA user_version = 1")
    with History(db_path) as history:
        assert [run["run_id"] for run in history.runs()] == ["old"]
        history.record(make_review("new", "2022-09-17T08:00:00Z"))
        assert [run["run_id"] for run in history.runs()] == ["new", "old"]
        assert history.decisions("xinhua-belarus") == {}
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("version", [-5, 99])
def test_a_schema_version_mtreview_never_wrote_is_one_line(tmp_path: Path, version: int):
    history = tmp_path / "history.sqlite"
    with sqlite3.connect(history) as db:
        db.execute(f"PRAGMA user_version = {version}")
    result = CliRunner().invoke(app, ["history", "list", "--history", str(history)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and f"schema version {version}" in result.stderr


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


def test_a_history_of_the_previous_schema_keeps_its_decisions(tmp_path: Path):
    """tests/data/history-schema3.sqlite was written by mtreview 0.1.0 before the decision log (schema 3): a
    review of the bundled case, then a sheet with one false positive and one fix with its correction."""

    history = tmp_path / "history.sqlite"
    history.write_bytes((TEST_DATA / "history-schema3.sqlite").read_bytes())
    result = mtreview("review", XINHUA, "--out", tmp_path, "--history", history)
    assert "1 finding(s) a reviewer dismissed" in result.stdout
    assert "HTER: TER of the translation against 1 reviewer post-edit(s)" in result.stdout
    with sqlite3.connect(history) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        log = db.execute("SELECT decision, document, sheet FROM decision_log ORDER BY entry_id").fetchall()
        documents = {row[0] for row in db.execute("SELECT document FROM runs")}
    assert [row[0] for row in log] == ["false positive", "fixed"]
    assert len(documents) == 1 and log[0][1] in documents and log[0][2] == "(schema 3)"
