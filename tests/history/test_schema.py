"""History schema versions: older histories migrated in place, unknown versions refused in one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import HistoryError
from mtreview.history import SCHEMA_VERSION, open_history
from mtreview.history import schema as history_schema
from mtreview.tracking import compare_runs
from tests.support.desk import mtreview
from tests.support.history_review import make_review
from tests.support.history_runs import make_run, pairs
from tests.support.old_history import OldHistory, schema_version
from tests.support.paths import TEST_DATA, XINHUA


def test_newer_schema_version_is_refused(history_location):
    with OldHistory(history_location) as old:
        old.set_version(99)
    with pytest.raises(HistoryError, match="version 99 is newer"):
        open_history(history_location)


RUN_V1_COLUMNS = ("run_id, corpus, system, created, tool_version, config, pairs, target_words, findings,"
                  " findings_minor, findings_major, findings_critical, mqm_penalty")


def test_a_first_schema_database_is_migrated_in_place(history_location):
    """A history written by mtreview 0.1 (schema 1) opens in this one with its runs intact (on PostgreSQL,
    the same steps as SQLite's: each later schema's migration runs on both)."""
    with OldHistory(history_location) as old:
        old.create(history_schema._SCHEMA_V1)
        old.execute(f"INSERT INTO runs ({RUN_V1_COLUMNS}) VALUES ('old', 'xinhua-belarus', 'desk',"
                    " '2022-09-16T08:00:00Z', '0.1.0', '{}', 20, 500, 11, 10, 1, 0, 3.0)")
        old.set_version(1)
    with open_history(history_location) as history:
        assert [run["run_id"] for run in history.runs()] == ["old"]
        history.record(make_review("new", "2022-09-17T08:00:00Z"))
        assert [run["run_id"] for run in history.runs()] == ["new", "old"]
        assert history.decisions("xinhua-belarus") == {}
    assert schema_version(history_location) == SCHEMA_VERSION


@pytest.mark.parametrize("version", [-5, 99])
def test_a_schema_version_mtreview_never_wrote_is_one_line(history_location, version: int):
    with OldHistory(history_location) as old:
        old.set_version(version)
    result = CliRunner().invoke(app, ["history", "list", "--history", str(history_location)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and f"schema version {version}" in result.stderr


def test_a_second_schema_database_is_migrated_and_its_runs_compare(history_location):
    """A schema 2 history (no document, one reference per pair) opens, and its runs take part in comparisons."""
    new = make_run("new", "2024-02-01T00:00:00Z", "desk", pairs("close"))
    old_pairs = pairs("loose")
    chrf = next(score for score in make_run("x", "x", "desk", old_pairs).scores if score.metric == "chrf")
    with OldHistory(history_location) as old:
        old.create(history_schema._SCHEMA_V1 + history_schema._SCHEMA_V2)
        old.execute(f"INSERT INTO runs ({RUN_V1_COLUMNS}) VALUES ('old', 'delegations', 'desk',"
                    " '2024-01-01T00:00:00Z', '0.1.0', '{}', 43, 500, 0, 0, 0, 0, 0.0)")
        old.execute("INSERT INTO scores (run_id, metric, corpus_score, signature, segments, note)"
                    " VALUES ('old', 'chrf', ?, ?, 43, '')", (chrf.corpus, chrf.signature))
        for order, pair in enumerate(old_pairs):
            old.execute("INSERT INTO pairs (run_id, pair_id, ord, source, target, reference, kind, align_score)"
                        " VALUES ('old', ?, ?, ?, ?, ?, '1-1', NULL)",
                        (pair.id, order, pair.source, pair.target, pair.reference))
            old.execute("INSERT INTO segment_scores (run_id, metric, pair_id, score) VALUES ('old', 'chrf', ?, ?)",
                        (pair.id, chrf.segment_score(pair.id)))
        old.set_version(2)
    with open_history(history_location) as history:
        old_run = history.run("old")
        # the migration names the old run's document by its source text, as a review of it names it now
        from mtreview.identity import document_key

        assert old_run["document"] == document_key(pair.source for pair in old_pairs)
        assert old_run["scores"][0]["corpus_score"] == chrf.corpus
        # one reference kept per pair before schema 3 (refs NULL): read back as the only one
        assert history.segments("old", "chrf")[0]["references"] == [old_pairs[0].reference]
        history.record(new)
        delta = compare_runs(history, "old", "new").score("chrf")
    assert delta.shared == 43 and delta.p_value is not None and delta.p_value < 0.05 and delta.delta > 0
    assert delta.note == ""  # one reference recorded, one kept: the test is the recorded metric
    assert schema_version(history_location) == SCHEMA_VERSION == 4


def test_a_history_of_the_previous_schema_keeps_its_decisions(tmp_path: Path):
    """SQLite only: a history file as the previous mtreview wrote it (there was no PostgreSQL history then).
    tests/data/history-schema3.sqlite was written by mtreview 0.1.0 before the decision log (schema 3): a
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
