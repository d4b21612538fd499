"""The run history: every review run, its scores, pairs and findings, in one SQLite file.

One file shared by every run on a machine (the CLI passes reports/history.sqlite), so it is
opened in WAL mode with a busy timeout: a report being read while another run records stays safe.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from mtreview.errors import HistoryError
from mtreview.records import Decision, Finding, Pair, Review, Severity

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 5000

# Version 1. A later version appends its own list and _migrate runs the steps after the file's
# version, so existing history files are upgraded in place instead of being rebuilt.
_SCHEMA_V1 = [
    """CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        corpus TEXT NOT NULL,
        system TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        pairs INTEGER NOT NULL,
        target_words INTEGER NOT NULL,
        findings INTEGER NOT NULL,
        findings_minor INTEGER NOT NULL,
        findings_major INTEGER NOT NULL,
        findings_critical INTEGER NOT NULL,
        mqm_penalty REAL
    )""",
    "CREATE INDEX runs_by_corpus_created ON runs (corpus, created)",
    """CREATE TABLE scores (
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        metric TEXT NOT NULL,
        corpus_score REAL,
        signature TEXT NOT NULL DEFAULT '',
        segments INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, metric)
    )""",
    """CREATE TABLE segment_scores (
        run_id TEXT NOT NULL,
        metric TEXT NOT NULL,
        pair_id TEXT NOT NULL,
        score REAL,
        PRIMARY KEY (run_id, metric, pair_id),
        FOREIGN KEY (run_id, metric) REFERENCES scores (run_id, metric) ON DELETE CASCADE
    )""",
    """CREATE TABLE pairs (
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        pair_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        reference TEXT,
        kind TEXT NOT NULL,
        align_score REAL,
        PRIMARY KEY (run_id, pair_id)
    )""",
    """CREATE TABLE findings (
        finding_id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        pair_id TEXT NOT NULL,
        check_id TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        suggestion TEXT,
        target_start INTEGER,
        target_end INTEGER,
        source_start INTEGER,
        source_end INTEGER,
        fingerprint TEXT NOT NULL
    )""",
    "CREATE INDEX findings_by_fingerprint ON findings (fingerprint)",
    "CREATE INDEX findings_by_run ON findings (run_id)",
]
# Version 2: reviewers' decisions read back from review sheets, and their corrected translations
# (post-edits), kept per corpus and source sentence so the next run can be scored against them (HTER).
_SCHEMA_V2 = [
    """CREATE TABLE decisions (
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        corpus TEXT NOT NULL,
        decision TEXT NOT NULL,
        pair_id TEXT NOT NULL DEFAULT '',
        check_id TEXT NOT NULL DEFAULT '',
        corrected TEXT NOT NULL DEFAULT '',
        comment TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        ingested TEXT NOT NULL,
        PRIMARY KEY (run_id, fingerprint)
    )""",
    "CREATE INDEX decisions_by_corpus ON decisions (corpus, fingerprint)",
    """CREATE TABLE post_edits (
        corpus TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        post_edit TEXT NOT NULL,
        run_id TEXT NOT NULL,
        ingested TEXT NOT NULL,
        PRIMARY KEY (corpus, source)
    )""",
]
_MIGRATIONS = {1: _SCHEMA_V1, 2: _SCHEMA_V2}  # version reached -> statements that reach it from the one before


def _finding_row(run_id: str, finding: Finding) -> tuple:
    target_start, target_end = finding.target_span or (None, None)
    source_start, source_end = finding.source_span or (None, None)
    return (
        run_id, finding.pair_id, finding.check, finding.category, finding.severity.value,
        finding.message, finding.suggestion, target_start, target_end, source_start, source_end,
        finding.fingerprint,
    )


def _pair_row(run_id: str, order: int, pair: Pair) -> tuple:
    return (run_id, pair.id, order, pair.source, pair.target, pair.reference, pair.kind,
            pair.align_score)


class History:
    """The SQLite history of review runs. Use as a context manager, or call close()."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryError(f"{self.path}: cannot create its folder ({error})") from error
        try:
            # isolation_level=None: no implicit transactions; record() and _migrate() open their
            # own with BEGIN IMMEDIATE, so the write lock is taken up front, not mid-transaction.
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                         isolation_level=None)
        except sqlite3.Error as error:
            raise HistoryError(
                f"{self.path}: cannot open the history database ({error})"
            ) from error
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # The first real read: a file that is not SQLite fails here ("file is not a database").
            self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except HistoryError:
            self._conn.close()
            raise
        except sqlite3.Error as error:
            self._conn.close()
            raise HistoryError(
                f"{self.path}: not a usable history database ({error})"
            ) from error

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION; refuse a file written by a newer mtreview."""
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"{self.path}: history schema version {version} is newer than this mtreview "
                f"understands ({SCHEMA_VERSION}); upgrade mtreview"
            )
        if version == SCHEMA_VERSION:
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target]:
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {target}")
            self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def record(self, review: Review) -> None:
        """Store one run and everything it produced, all or nothing."""
        counts = review.severity_counts()
        run_row = (
            review.run_id, review.corpus, review.system, review.created, review.tool_version,
            json.dumps(review.config, ensure_ascii=False, sort_keys=True, default=str),
            len(review.pairs), review.target_words, len(review.findings),
            counts[Severity.MINOR], counts[Severity.MAJOR], counts[Severity.CRITICAL],
            review.mqm_penalty,
        )
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot start recording run "
                               f"{review.run_id} ({error})") from error
        try:
            exists = self._conn.execute("SELECT 1 FROM runs WHERE run_id = ?", (review.run_id,))
            if exists.fetchone():
                raise HistoryError(f"{self.path}: run {review.run_id} is already recorded")
            self._conn.execute(
                "INSERT INTO runs (run_id, corpus, system, created, tool_version, config, pairs,"
                " target_words, findings, findings_minor, findings_major, findings_critical,"
                " mqm_penalty) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                run_row,
            )
            self._insert_scores(review)
            self._conn.executemany(
                "INSERT INTO pairs (run_id, pair_id, ord, source, target, reference, kind,"
                " align_score) VALUES (?,?,?,?,?,?,?,?)",
                (_pair_row(review.run_id, order, pair) for order, pair in enumerate(review.pairs)),
            )
            self._conn.executemany(
                "INSERT INTO findings (run_id, pair_id, check_id, category, severity, message,"
                " suggestion, target_start, target_end, source_start, source_end, fingerprint)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (_finding_row(review.run_id, finding) for finding in review.findings),
            )
            self._conn.execute("COMMIT")
        except BaseException as error:
            self._rollback()
            if isinstance(error, HistoryError) or not isinstance(error, Exception):
                raise
            raise HistoryError(f"{self.path}: cannot record run {review.run_id} ({error}); "
                               "nothing of it was stored") from error

    def _insert_scores(self, review: Review) -> None:
        for score in review.scores:
            scored = sum(1 for value in score.segments if value is not None)
            self._conn.execute(
                "INSERT INTO scores (run_id, metric, corpus_score, signature, segments, note)"
                " VALUES (?,?,?,?,?,?)",
                (review.run_id, score.metric, score.corpus, score.signature, scored, score.note),
            )
            # strict=False: a segment score without a pair id cannot be attached to a pair, and
            # losing it is better than refusing to record the whole run.
            self._conn.executemany(
                "INSERT INTO segment_scores (run_id, metric, pair_id, score) VALUES (?,?,?,?)",
                ((review.run_id, score.metric, pair_id, value)
                 for pair_id, value in zip(score.pair_ids, score.segments, strict=False)),
            )

    def record_decisions(self, decisions: list[Decision], ingested: str) -> None:
        """Store reviewers' decisions and post-edits, all or nothing; a later sheet for the same run and
        finding replaces the earlier decision."""
        if not decisions:
            return
        corpora = {row["run_id"]: row["corpus"] for row in self._query(
            f"SELECT run_id, corpus FROM runs WHERE run_id IN ({','.join('?' * len({d.run_id for d in decisions}))})",
            tuple({d.run_id for d in decisions}))}
        unknown = sorted({d.run_id for d in decisions} - set(corpora))
        if unknown:
            raise HistoryError(f"{self.path}: no run {', '.join(unknown)} in the history")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT OR REPLACE INTO decisions (run_id, fingerprint, corpus, decision, pair_id, check_id,"
                " corrected, comment, reviewer, ingested) VALUES (?,?,?,?,?,?,?,?,?,?)",
                ((d.run_id, d.fingerprint, corpora[d.run_id], d.decision, d.pair_id, d.check, d.corrected,
                  d.comment, d.reviewer, ingested) for d in decisions))
            self._conn.executemany(
                "INSERT OR REPLACE INTO post_edits (corpus, source, target, post_edit, run_id, ingested)"
                " VALUES (?,?,?,?,?,?)",
                ((corpora[d.run_id], d.source, d.target, d.corrected, d.run_id, ingested)
                 for d in decisions if d.corrected.strip() and d.source))
            self._conn.execute("COMMIT")
        except BaseException as error:
            self._rollback()
            if not isinstance(error, Exception):
                raise
            raise HistoryError(f"{self.path}: cannot store the decisions ({error}); none was stored") from error

    def decisions(self, corpus: str) -> dict[str, dict]:
        """The latest decision per finding fingerprint in a corpus."""
        rows = self._query("SELECT * FROM decisions WHERE corpus = ? ORDER BY ingested, rowid", (corpus,))
        return {row["fingerprint"]: dict(row) for row in rows}

    def post_edits(self, corpus: str) -> dict[str, str]:
        """Reviewers' corrected translations by source sentence."""
        return {row["source"]: row["post_edit"] for row in self._query(
            "SELECT source, post_edit FROM post_edits WHERE corpus = ?", (corpus,))}

    def run_fingerprints(self, run_id: str) -> set[str]:
        return {row[0] for row in self._query("SELECT fingerprint FROM findings WHERE run_id = ?", (run_id,))}

    def _rollback(self) -> None:
        # A failed COMMIT may already have ended the transaction; rolling back twice is harmless.
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def runs(self, corpus: str | None = None) -> list[dict]:
        """Recorded runs, newest first, optionally only those of one corpus."""
        query = "SELECT * FROM runs"
        parameters: tuple = ()
        if corpus is not None:
            query += " WHERE corpus = ?"
            parameters = (corpus,)
        # rowid breaks ties between runs created in the same second, in recording order.
        query += " ORDER BY created DESC, rowid DESC"
        return [self._run_dict(row) for row in self._query(query, parameters)]

    def run(self, run_id: str) -> dict:
        """One run with its scores (a list of dicts, by metric name); HistoryError if unknown."""
        rows = self._query("SELECT * FROM runs WHERE run_id = ?", (run_id,))
        if not rows:
            raise HistoryError(f"{self.path}: no run {run_id} in the history")
        run = self._run_dict(rows[0])
        run["scores"] = [
            dict(row) for row in self._query(
                "SELECT metric, corpus_score, signature, segments, note FROM scores"
                " WHERE run_id = ? ORDER BY metric", (run_id,))
        ]
        return run

    def _query(self, query: str, parameters: tuple) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from error

    @staticmethod
    def _run_dict(row: sqlite3.Row) -> dict:
        run = dict(row)
        run["config"] = json.loads(run["config"])
        return run

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
