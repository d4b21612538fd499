"""The run history: every review run, its scores, pairs and findings, in one SQLite file.

One file shared by every run on a machine (the CLI passes reports/history.sqlite), so it is
opened in WAL mode with a busy timeout: a report being read while another run records stays safe.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from mtreview.errors import HistoryError
from mtreview.history_memory import ReviewerMemoryStore, migrate_to_decision_log
from mtreview.records import Finding, Pair, Review, Severity

SCHEMA_VERSION = 4
# A large run holds the write lock for seconds while it records; another review waits, not fails.
BUSY_TIMEOUT_MS = 30_000

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
# Version 3: the document a run reviewed (a corpus holds many), every reference of a pair (v1 kept only
# the first, too little to rerun a multi-reference BLEU for a significance test), and an index for the
# per-system queries of trends and leaderboards. Runs recorded before it have document '' and refs NULL.
_SCHEMA_V3 = [
    "ALTER TABLE runs ADD COLUMN document TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE pairs ADD COLUMN refs TEXT",
    "CREATE INDEX runs_by_system ON runs (corpus, system, created)",
]
# Version 4: review identity and the decision log (mtreview.history_memory). Every decision a sheet
# brings is kept as an entry (who, when, which sheet), the latest one winning, "open" included; decisions,
# post-edits and reviewers' own findings belong to a document of a corpus. Runs recorded without a
# document get the one mtreview names them by now (mtreview.identity, from their pairs' source text), so
# the next review of the same files finds their decisions; v2's decisions and post-edits move into the log.
_SCHEMA_V4 = [
    """CREATE TABLE decision_log (
        entry_id INTEGER PRIMARY KEY,
        corpus TEXT NOT NULL,
        document TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'document',
        fingerprint TEXT NOT NULL,
        run_id TEXT NOT NULL,
        decision TEXT,
        comment TEXT,
        pair_id TEXT NOT NULL DEFAULT '',
        check_id TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        target TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        sheet TEXT NOT NULL DEFAULT '',
        sheet_row INTEGER,
        ingested TEXT NOT NULL
    )""",
    "CREATE INDEX decision_log_by_document ON decision_log (corpus, document, fingerprint)",
    "CREATE INDEX decision_log_by_scope ON decision_log (corpus, scope, fingerprint)",
    "CREATE INDEX decision_log_by_run ON decision_log (run_id)",
    """CREATE TABLE segment_edits (
        entry_id INTEGER PRIMARY KEY,
        corpus TEXT NOT NULL,
        document TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        post_edit TEXT,
        comment TEXT,
        reviewer TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        pair_id TEXT NOT NULL DEFAULT '',
        sheet TEXT NOT NULL DEFAULT '',
        sheet_row INTEGER,
        ingested TEXT NOT NULL
    )""",
    "CREATE INDEX segment_edits_by_document ON segment_edits (corpus, document, source)",
    """CREATE TABLE reviewer_findings (
        entry_id INTEGER PRIMARY KEY,
        corpus TEXT NOT NULL,
        document TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        flagged TEXT NOT NULL DEFAULT '',
        target_start INTEGER,
        target_end INTEGER,
        reviewer TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        pair_id TEXT NOT NULL DEFAULT '',
        sheet TEXT NOT NULL DEFAULT '',
        sheet_row INTEGER,
        ingested TEXT NOT NULL
    )""",
    "CREATE INDEX reviewer_findings_by_document ON reviewer_findings (corpus, document)",
    migrate_to_decision_log,
]
# version reached -> steps (SQL statements, or functions of the connection) that reach it from the one before
_MIGRATIONS = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4}


def _finding_row(run_id: str, finding: Finding) -> tuple:
    target_start, target_end = finding.target_span or (None, None)
    source_start, source_end = finding.source_span or (None, None)
    return (
        run_id, finding.pair_id, finding.check, finding.category, finding.severity.value,
        finding.message, finding.suggestion, target_start, target_end, source_start, source_end,
        finding.fingerprint,
    )


def _pair_row(run_id: str, order: int, pair: Pair) -> tuple:
    refs = json.dumps(list(pair.references), ensure_ascii=False) if pair.references else None
    return (run_id, pair.id, order, pair.source, pair.target, pair.reference, pair.kind,
            pair.align_score, refs)


class History(ReviewerMemoryStore):
    """The SQLite history of review runs. Use as a context manager, or call close()."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            # Reading commands must not leave an empty database behind a mistyped path.
            raise HistoryError(f"{self.path}: no history database here (mtreview review records runs in it)")
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
            self._set_up()
        except HistoryError:
            self._conn.close()
            raise
        except sqlite3.Error as error:
            self._conn.close()
            raise HistoryError(
                f"{self.path}: not a usable history database ({error})"
            ) from error

    def _set_up(self) -> None:
        """WAL mode and the current schema. Two processes opening a new file at the same moment can
        get "database is locked" at once, without the busy timeout (SQLite refuses to wait where
        waiting could deadlock), so that case is retried until the timeout is spent."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.02
        while True:
            try:
                # The first real read: a file that is not SQLite fails here ("file is not a database").
                self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
                self._conn.execute("PRAGMA foreign_keys = ON")
                self._migrate()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

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
                for step in _MIGRATIONS[target]:
                    if callable(step):
                        step(self._conn)
                    else:
                        self._conn.execute(step)
                self._conn.execute(f"PRAGMA user_version = {target}")
            self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def record(self, review: Review) -> None:
        """Store one run and everything it produced, all or nothing."""
        # One pass over the pairs and one over the findings for every figure; the rows below are
        # streamed from them too (executemany over generators): pairs and findings may be SpillLists
        # of a million items on disk, and no list of rows is built.
        totals = review.totals()
        counts = totals.severities
        run_row = (
            review.run_id, review.corpus, review.document, review.system, review.created,
            review.tool_version,
            json.dumps(review.config, ensure_ascii=False, sort_keys=True, default=str),
            totals.pairs, totals.target_words, totals.findings,
            counts[Severity.MINOR], counts[Severity.MAJOR], counts[Severity.CRITICAL],
            totals.mqm_penalty,
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
                "INSERT INTO runs (run_id, corpus, document, system, created, tool_version, config,"
                " pairs, target_words, findings, findings_minor, findings_major, findings_critical,"
                " mqm_penalty) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                run_row,
            )
            self._insert_scores(review)
            self._conn.executemany(
                "INSERT INTO pairs (run_id, pair_id, ord, source, target, reference, kind,"
                " align_score, refs) VALUES (?,?,?,?,?,?,?,?,?)",
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

    def runs_exist(self, run_ids: list[str]) -> bool:
        return all(self._query("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)) for run_id in run_ids)

    def run_pairs(self, run_id: str) -> dict[str, tuple[str, str]]:
        """A run's pairs: pair id -> (source, target)."""
        return {row["pair_id"]: (row["source"], row["target"]) for row in self._query(
            "SELECT pair_id, source, target FROM pairs WHERE run_id = ? ORDER BY ord", (run_id,))}

    def run_findings(self, run_id: str) -> dict[str, dict]:
        """The findings of one run by fingerprint, with their pair's source and target texts."""
        rows = self._query(
            "SELECT f.fingerprint, f.pair_id, f.check_id, p.source, p.target FROM findings f"
            " LEFT JOIN pairs p ON p.run_id = f.run_id AND p.pair_id = f.pair_id WHERE f.run_id = ?", (run_id,))
        return {row["fingerprint"]: dict(row) for row in rows}

    def _rollback(self) -> None:
        # A failed COMMIT may already have ended the transaction; rolling back twice is harmless.
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def runs(self, corpus: str | None = None, *, system: str | None = None, since: str | None = None,
             before: str | None = None) -> list[dict]:
        """Recorded runs, newest first, optionally of one corpus and system, created in [since, before)
        (ISO 8601 prefixes compare as text: '2024-09' and '2024-09-15T10:00:00Z' both work)."""
        conditions, parameters = [], []
        for condition, value in (("corpus = ?", corpus), ("system = ?", system), ("created >= ?", since),
                                 ("created < ?", before)):
            if value is not None:
                conditions.append(condition)
                parameters.append(value)
        query = "SELECT * FROM runs" + (" WHERE " + " AND ".join(conditions) if conditions else "")
        # rowid breaks ties between runs created in the same second, in recording order.
        query += " ORDER BY created DESC, rowid DESC"
        return [self._run_dict(row) for row in self._query(query, tuple(parameters))]

    def resolve(self, reference: str) -> str:
        """The run id a user means: the exact id, or a unique start or end of one (run ids are long)."""
        if self._query("SELECT 1 FROM runs WHERE run_id = ?", (reference,)):
            return reference
        rows = [row[0] for row in self._query("SELECT run_id FROM runs ORDER BY created, rowid", ())
                if reference and (row[0].startswith(reference) or row[0].endswith(reference))]
        if not reference or not rows:
            raise HistoryError(f"{self.path}: no run {reference} in the history")
        if len(rows) > 1:
            shown = ", ".join(rows[:5]) + (", ..." if len(rows) > 5 else "")
            raise HistoryError(f"{self.path}: run {reference} is ambiguous: {shown}")
        return rows[0]

    def scores(self, metric: str, corpus: str | None = None, system: str | None = None) -> list[dict]:
        """One metric's corpus scores over runs, oldest first, with the run's corpus, document, system and
        time. Metric names match case-insensitively (mtreview writes 'chrf', a user types 'chrF')."""
        query = ("SELECT r.run_id, r.corpus, r.document, r.system, r.created, s.metric, s.corpus_score AS score,"
                 " s.signature, s.segments FROM scores s JOIN runs r USING (run_id) WHERE lower(s.metric) = ?")
        parameters: list = [metric.lower()]
        for column, value in (("r.corpus", corpus), ("r.system", system)):
            if value is not None:
                query += f" AND {column} = ?"
                parameters.append(value)
        return [dict(row) for row in self._query(query + " ORDER BY r.created, r.rowid", tuple(parameters))]

    def segments(self, run_id: str, metric: str) -> list[dict]:
        """A run's scored segments for one metric, in document order: pair id, source, target, references
        (all of them; only the first for runs recorded before schema 3) and the segment score."""
        rows = self._query(
            "SELECT p.pair_id, p.source, p.target, p.reference, p.refs, g.score FROM segment_scores g"
            " JOIN pairs p ON p.run_id = g.run_id AND p.pair_id = g.pair_id"
            " WHERE g.run_id = ? AND lower(g.metric) = ? ORDER BY p.ord", (run_id, metric.lower()))
        segments = []
        for row in rows:
            references = json.loads(row["refs"]) if row["refs"] else [row["reference"]] if row["reference"] else []
            segments.append({"pair_id": row["pair_id"], "source": row["source"], "target": row["target"],
                             "references": references, "score": row["score"]})
        return segments

    def findings(self, run_id: str) -> list[dict]:
        """A run's findings in recording order: pair id, check, category, severity, message, fingerprint, and
        the pair's source and target."""
        return [dict(row) for row in self._query(
            "SELECT f.pair_id, f.check_id, f.category, f.severity, f.message, f.fingerprint, p.source, p.target"
            " FROM findings f LEFT JOIN pairs p ON p.run_id = f.run_id AND p.pair_id = f.pair_id"
            " WHERE f.run_id = ? ORDER BY f.finding_id", (run_id,))]

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
