"""The SQLite run history: recording, reading back, and failing without leaving half a run."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from mtreview.errors import HistoryError
from mtreview.history import SCHEMA_VERSION, History, RunRecord, RunScore
from mtreview.history import sql as history_sql
from mtreview.history import sqlite as history_module
from mtreview.records import Category, Finding, Pair, Review, Score, Severity, fingerprint

CORE_ZH = "习近平强调,在涉及中方核心利益问题上,白方始终给予中方坚定支持,中方对此高度评价。"
CORE_EN = ("Xi Jinping emphasized that Belarus has always given China firm support on issues "
           "concerning China‘s core interests, which China speaks highly of.")
COVID_ZH = "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。"
COVID_EN = ("China is willing to continue to provide support and assistance to Belarus in its "
            "fight against the new crown pneumonia epidemic.")
CLOSING_ZH = "会见后,双方发表联合声明。"


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make_review(run_id: str, created: str, corpus: str = "xinhua-belarus") -> Review:
    core = Pair("p3s1", CORE_ZH, CORE_EN, paragraph=2, align_score=0.88,
                references=("Xi stressed that China highly commends the firm support.",))
    covid = Pair("p3s6", COVID_ZH, COVID_EN, paragraph=2, align_score=0.9)
    omitted = Pair("p6s1", CLOSING_ZH, "", paragraph=6, kind="1-0")
    findings = [
        Finding("p3s1", "quote-apostrophe", Category.PUNCTUATION, Severity.MINOR,
                "Left single quotation mark used as an apostrophe", "China's",
                target_span=span_of(CORE_EN, "China‘s"), source_span=span_of(CORE_ZH, "中方"),
                fingerprint=fingerprint("quote-apostrophe", CORE_ZH, "China‘s")),
        Finding("p3s6", "terminology", Category.TERMINOLOGY, Severity.MAJOR,
                "新冠肺炎 is officially rendered COVID-19", "COVID-19",
                target_span=span_of(COVID_EN, "new crown pneumonia"),
                source_span=span_of(COVID_ZH, "新冠肺炎"),
                fingerprint=fingerprint("terminology", COVID_ZH, "new crown pneumonia")),
        Finding("p6s1", "omission", Category.OMISSION, Severity.CRITICAL,
                "Source sentence has no translation",
                fingerprint=fingerprint("omission", CLOSING_ZH, "")),
    ]
    scores = [Score("chrF", 61.2345, (58.1, None), "nrefs:1|case:mixed|version:2.4.2",
                    pair_ids=("p3s1", "p3s6"), note="partial reference")]
    return Review(corpus=corpus, pairs=[core, covid, omitted], findings=findings, scores=scores,
                  run_id=run_id, created=created, tool_version="0.1.0", system="seed",
                  config={"checks": ["terminology", "quote-apostrophe"], "metrics": ["chrF"]})


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "reports" / "history.sqlite"


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


def test_newer_schema_version_is_refused(db_path):
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryError, match="version 99 is newer"):
        History(db_path)


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


def test_decisions_and_post_edits_round_trip(db_path):
    from mtreview.records import Decision, SegmentEdit

    review = make_review("r1", "2022-09-16T08:00:00Z")
    apostrophe = review.findings[0]
    with History(db_path) as history:
        history.record(review)
        history.record_decisions([
            Decision("r1", apostrophe.fingerprint, "fixed", pair_id=apostrophe.pair_id, check=apostrophe.check,
                     source=CORE_ZH, target=CORE_EN, reviewer="lh"),
        ], ingested="2022-09-16T09:00:00Z",
            edits=[SegmentEdit(CORE_ZH, post_edit=CORE_EN.replace("‘", "’"), run_id="r1", reviewer="lh")])
        assert history.decisions("xinhua-belarus")[apostrophe.fingerprint].decision == "fixed"
        assert history.post_edits("xinhua-belarus") == {CORE_ZH: CORE_EN.replace("‘", "’")}
        assert apostrophe.fingerprint in history.run_findings("r1")
        with pytest.raises(HistoryError, match="no run r9"):
            history.record_decisions([Decision("r9", "x", "confirmed")], ingested="2022-09-16T09:00:00Z")


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
