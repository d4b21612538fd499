"""The SQLite history store: every review run, its scores, pairs and findings, in one file.

One file shared by every run on a machine (the CLI passes reports/history.sqlite), so it is
opened in WAL mode with a busy timeout: a report being read while another run records stays safe.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from mtreview.errors import HistoryError
from mtreview.history.memory import ReviewerMemoryStore
from mtreview.history.schema import (  # noqa: F401
    _MIGRATIONS,
    _SCHEMA_V1,
    _SCHEMA_V2,
    _SCHEMA_V3,
    _SCHEMA_V4,
    SCHEMA_VERSION,
)
from mtreview.history.store import Row, RunRecord, RunScore, SqlParameters
from mtreview.records import Finding, Pair, Review, Severity

# A large run holds the write lock for seconds while it records; another review waits, not fails.
BUSY_TIMEOUT_MS = 30_000

def _finding_row(run_id: str, finding: Finding) -> SqlParameters:
    target_start, target_end = finding.target_span or (None, None)
    source_start, source_end = finding.source_span or (None, None)
    return (
        run_id, finding.pair_id, finding.check, finding.category, finding.severity.value,
        finding.message, finding.suggestion, target_start, target_end, source_start, source_end,
        finding.fingerprint,
    )


def _pair_row(run_id: str, order: int, pair: Pair) -> SqlParameters:
    refs = json.dumps(list(pair.references), ensure_ascii=False) if pair.references else None
    return (run_id, pair.id, order, pair.source, pair.target, pair.reference, pair.kind,
            pair.align_score, refs)


class SQLiteHistory(ReviewerMemoryStore):
    """The SQLite history of review runs (a mtreview.history.store.HistoryStore). Use as a context manager,
    or call close()."""

    def __init__(self, path: Path, create: bool = True) -> None:
        """create=False is for commands that only read: the file must exist, and it is opened read-only,
        so that a history on a read-only share, or one a colleague may only read, can still be listed."""
        self.path = Path(path)
        self.read_only = not create
        if not create and not self.path.is_file():
            # Reading commands must not leave an empty database behind a mistyped path.
            raise HistoryError(f"{self.path}: no history database here (mtreview review records runs in it)")
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise HistoryError(f"{self.path}: cannot create its folder ({error})") from error
        try:
            self._conn = self._connect()
        except sqlite3.Error as error:
            raise HistoryError(
                f"{self.path}: cannot open the history database ({error})"
            ) from error
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._refuse_foreign()
            if self.read_only:
                self._check_readable_version()
            else:
                self._set_up()
        except HistoryError:
            self._conn.close()
            raise
        except sqlite3.Error as error:
            self._conn.close()
            raise HistoryError(
                f"{self.path}: not a usable history database ({error})"
            ) from error

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def identity(self) -> str:
        return str(self.path.resolve())

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; record() and _migrate() open their own with
        # BEGIN IMMEDIATE, so the write lock is taken up front, not mid-transaction.
        if not self.read_only:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        uri = self.path.resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        except sqlite3.OperationalError:
            # A WAL database on a read-only file system: SQLite cannot make its shared-memory file there,
            # and nobody can be writing it either, so it is read as immutable.
            conn.close()
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)

    def _refuse_foreign(self) -> None:
        """Another application's SQLite file (a version 0 database with tables of its own) is never
        written into: mtreview's tables would be added beside that application's."""
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            tables = [row[0] for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            if tables:
                shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
                raise HistoryError(f"{self.path}: not an mtreview history (a database with other tables: {shown}); "
                                   "give another --history")
        elif version < 0 or version > 10_000:
            raise HistoryError(f"{self.path}: not an mtreview history (schema version {version} is not one "
                               "mtreview writes)")

    def _check_readable_version(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{self.path}: history schema version {version} is newer than this mtreview "
                               f"understands ({SCHEMA_VERSION}); upgrade mtreview")
        if version < SCHEMA_VERSION:
            if self._writable():
                # Older, and ours to upgrade: reopen for writing, migrate, and read on.
                self._conn.close()
                self.read_only = False
                self._conn = self._connect()
                self._conn.row_factory = sqlite3.Row
                self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                self._set_up()
                return
            raise HistoryError(f"{self.path}: history schema version {version} needs an upgrade to "
                               f"{SCHEMA_VERSION}, and the file cannot be written here; open it once where it can be "
                               "written (any review or ingest)")

    def _writable(self) -> bool:
        import os

        try:
            probe = self.path.parent / f".{self.path.name}.write-test-{os.getpid()}"
            probe.touch()
            probe.unlink()
        except OSError:
            return False
        return os.access(self.path, os.W_OK)

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
        if version < 0:
            raise HistoryError(f"{self.path}: not an mtreview history (schema version {version})")
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

    def record(self, review: Review, before_commit: Callable[[], None] | None = None) -> None:
        """Store one run and everything it produced, all or nothing. `before_commit` runs inside the
        transaction, under the write lock, just before it commits (publishing puts the run folder in
        place there, so a folder and its history row appear together)."""
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
            if before_commit is not None:
                before_commit()
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

    def run_ids(self) -> set[str]:
        return {row[0] for row in self._query("SELECT run_id FROM runs", ())}

    def runs_exist(self, run_ids: list[str]) -> bool:
        return all(self._query("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)) for run_id in run_ids)

    def run_pairs(self, run_id: str) -> dict[str, tuple[str, str]]:
        """A run's pairs: pair id -> (source, target)."""
        return {row["pair_id"]: (row["source"], row["target"]) for row in self._query(
            "SELECT pair_id, source, target FROM pairs WHERE run_id = ? ORDER BY ord", (run_id,))}

    def run_findings(self, run_id: str) -> dict[str, Row]:
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
             before: str | None = None) -> list[RunRecord]:
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
        return [self._run_record(row) for row in self._query(query, tuple(parameters))]

    def resolve(self, reference: str) -> str:
        """The run id a user means: the exact id, or a unique start or end of one (run ids are long)."""
        if self._query("SELECT 1 FROM runs WHERE run_id = ?", (reference,)):
            return reference
        rows: list[str] = [row[0] for row in self._query("SELECT run_id FROM runs ORDER BY created, rowid", ())
                if reference and (row[0].startswith(reference) or row[0].endswith(reference))]
        if not reference or not rows:
            raise HistoryError(f"{self.path}: no run {reference} in the history")
        if len(rows) > 1:
            shown = ", ".join(rows[:5]) + (", ..." if len(rows) > 5 else "")
            raise HistoryError(f"{self.path}: run {reference} is ambiguous: {shown}")
        return rows[0]

    def scores(self, metric: str, corpus: str | None = None, system: str | None = None) -> list[Row]:
        """One metric's corpus scores over runs, oldest first, with the run's corpus, document, system and
        time. Metric names match case-insensitively (mtreview writes 'chrf', a user types 'chrF')."""
        query = ("SELECT r.run_id, r.corpus, r.document, r.system, r.created, s.metric, s.corpus_score AS score,"
                 " s.signature, s.segments FROM scores s JOIN runs r USING (run_id) WHERE lower(s.metric) = ?")
        parameters: list[object] = [metric.lower()]
        for column, value in (("r.corpus", corpus), ("r.system", system)):
            if value is not None:
                query += f" AND {column} = ?"
                parameters.append(value)
        return [dict(row) for row in self._query(query + " ORDER BY r.created, r.rowid", tuple(parameters))]

    def segments(self, run_id: str, metric: str) -> list[Row]:
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

    def findings(self, run_id: str) -> list[Row]:
        """A run's findings in recording order: pair id, check, category, severity, message, fingerprint, and
        the pair's source and target."""
        return [dict(row) for row in self._query(
            "SELECT f.pair_id, f.check_id, f.category, f.severity, f.message, f.fingerprint, p.source, p.target"
            " FROM findings f LEFT JOIN pairs p ON p.run_id = f.run_id AND p.pair_id = f.pair_id"
            " WHERE f.run_id = ? ORDER BY f.finding_id", (run_id,))]

    def run(self, run_id: str) -> RunRecord:
        """One run with its scores (by metric name); HistoryError if unknown."""
        rows = self._query("SELECT * FROM runs WHERE run_id = ?", (run_id,))
        if not rows:
            raise HistoryError(f"{self.path}: no run {run_id} in the history")
        scores = tuple(RunScore(**dict(row)) for row in self._query(
            "SELECT metric, corpus_score, signature, segments, note FROM scores WHERE run_id = ? ORDER BY metric",
            (run_id,)))
        return self._run_record(rows[0], scores)

    def _query(self, query: str, parameters: SqlParameters) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from error

    @staticmethod
    def _run_record(row: sqlite3.Row, scores: tuple[RunScore, ...] = ()) -> RunRecord:
        run = dict(row)
        run["config"] = json.loads(run["config"])
        return RunRecord(**run, scores=scores)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteHistory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
