"""The runs side of a SQL history, shared by the SQLite and PostgreSQL backends.

The statements here are portable SQL with `?` placeholders; a backend supplies a handful of primitives
(`_query`, `_rows`, `_execute`, `_insert`, `_transaction`, `_lock`) and its own connection, schema set-up and
error wording. So both backends store and read a run the same way, statement for statement, and a query
changed here changes for both.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from mtreview.errors import HistoryError
from mtreview.history.schema import FINDING_COLUMNS, PAIR_COLUMNS, RUN_COLUMNS
from mtreview.history.store import Row, RunRecord, RunScore, SqlParameters
from mtreview.records import Finding, Pair, Review, Severity

# A row as a backend returns it: read by column name (sqlite3.Row, or a dict from psycopg).
DbRow = Any

# Advisory locks a backend takes where SQLite's single write lock would be held: while a run folder is
# put in place (publish), and while the decision log grows (so entry order is commit order).
PUBLISH_LOCK = "publish"
DECISIONS_LOCK = "decisions"


def real(value: float | None) -> float | None:
    """A number for a REAL column: NaN becomes NULL (SQLite stores it so; PostgreSQL would keep 'NaN')."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


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
            real(pair.align_score), refs)


_RUNS = ", ".join(RUN_COLUMNS)


class SQLStore:
    """The run queries of a SQL history (a mtreview.history.store.HistoryStore once a backend adds its
    primitives and mtreview.history.memory.ReviewerMemoryStore the reviewers' side)."""

    @property
    def location(self) -> str:
        raise NotImplementedError

    @property
    def identity(self) -> str:
        raise NotImplementedError

    # The primitives each backend implements.
    def _query(self, query: str, parameters: Sequence[Any] = ()) -> list[DbRow]:
        """All rows of a read; a failure is a HistoryError naming the history."""
        raise NotImplementedError

    def _rows(self, query: str, parameters: Sequence[Any] = ()) -> Iterator[DbRow]:
        """The rows of a read, one at a time (for copies of whole tables)."""
        raise NotImplementedError

    def _execute(self, statement: str, parameters: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Add rows (streamed: `rows` may be a generator over a million pairs); returns how many."""
        raise NotImplementedError

    def _transaction(self, lock: str | None = None) -> AbstractContextManager[None]:
        """A write transaction: committed when the block ends, rolled back if it raises. `lock` names a
        lock held until the end of the transaction (SQLite's write lock covers them all)."""
        raise NotImplementedError

    def _lock(self, name: str) -> None:
        """Take the named lock inside the current transaction, held until it ends."""
        raise NotImplementedError

    def _after_copy(self) -> None:
        """After rows were copied in with their own serial numbers (history migrate): what the backend needs
        so that the next row is numbered after them (SQLite: nothing, it takes the largest plus one)."""

    def _reason(self, error: BaseException) -> str:
        """An error of the database driver as a short phrase for a one-line message."""
        return str(error)

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Runs: written once, all or nothing.
    def record(self, review: Review, before_commit: Callable[[], None] | None = None) -> None:
        """Store one run and everything it produced, all or nothing. `before_commit` runs inside the
        transaction, under the publish lock, just before it commits (publishing puts the run folder in
        place there, so a folder and its history row appear together)."""
        # One pass over the pairs and one over the findings for every figure; the rows below are
        # streamed from them too: pairs and findings may be SpillLists of a million items on disk, and no
        # list of rows is built.
        totals = review.totals()
        counts = totals.severities
        run_row = (
            review.run_id, review.corpus, review.document, review.system, review.created, review.tool_version,
            json.dumps(review.config, ensure_ascii=False, sort_keys=True, default=str),
            totals.pairs, totals.target_words, totals.findings,
            counts[Severity.MINOR], counts[Severity.MAJOR], counts[Severity.CRITICAL],
            real(totals.mqm_penalty),
        )
        try:
            with self._transaction():
                if self._query("SELECT 1 FROM runs WHERE run_id = ?", (review.run_id,)):
                    raise HistoryError(f"{self.location}: run {review.run_id} is already recorded")
                self._insert("runs", RUN_COLUMNS, [run_row])
                self._insert_scores(review)
                self._insert("pairs", PAIR_COLUMNS,
                             (_pair_row(review.run_id, order, pair) for order, pair in enumerate(review.pairs)))
                self._insert("findings", FINDING_COLUMNS,
                             (_finding_row(review.run_id, finding) for finding in review.findings))
                if before_commit is not None:
                    self._lock(PUBLISH_LOCK)
                    before_commit()
        except HistoryError:
            raise
        except Exception as error:
            raise HistoryError(f"{self.location}: cannot record run {review.run_id} ({self._reason(error)}); "
                               "nothing of it was stored") from error

    def _insert_scores(self, review: Review) -> None:
        for score in review.scores:
            scored = sum(1 for value in score.segments if value is not None)
            self._insert("scores", ("run_id", "metric", "corpus_score", "signature", "segments", "note"),
                         [(review.run_id, score.metric, real(score.corpus), score.signature, scored, score.note)])
            # strict=False: a segment score without a pair id cannot be attached to a pair, and
            # losing it is better than refusing to record the whole run.
            self._insert("segment_scores", ("run_id", "metric", "pair_id", "score"),
                         ((review.run_id, score.metric, pair_id, real(value))
                          for pair_id, value in zip(score.pair_ids, score.segments, strict=False)))

    def run_ids(self) -> set[str]:
        return {row["run_id"] for row in self._query("SELECT run_id FROM runs")}

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

    def runs(self, corpus: str | None = None, *, system: str | None = None, since: str | None = None,
             before: str | None = None, with_scores: bool = False) -> list[RunRecord]:
        """Recorded runs, newest first, optionally of one corpus and system, created in [since, before)
        (ISO 8601 prefixes compare as text: '2024-09' and '2024-09-15T10:00:00Z' both work). with_scores:
        each with its scores, read in one more query (not one per run: `history list` of 10,000 runs on a
        server would otherwise wait for 10,000 round trips)."""
        conditions: list[str] = []
        parameters: list[Any] = []
        for condition, value in (("r.corpus = ?", corpus), ("r.system = ?", system), ("r.created >= ?", since),
                                 ("r.created < ?", before)):
            if value is not None:
                conditions.append(condition)
                parameters.append(value)
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        columns = ", ".join(f"r.{column}" for column in RUN_COLUMNS)
        # rowid breaks ties between runs created in the same second, in recording order.
        rows = self._query(f"SELECT {columns} FROM runs r{where} ORDER BY r.created DESC, r.rowid DESC", parameters)
        scores: dict[str, list[RunScore]] = {}
        if with_scores and rows:
            for row in self._query("SELECT s.run_id, s.metric, s.corpus_score, s.signature, s.segments, s.note"
                                   f" FROM scores s JOIN runs r USING (run_id){where} ORDER BY s.run_id, s.metric",
                                   parameters):
                score = dict(row)
                scores.setdefault(score.pop("run_id"), []).append(RunScore(**score))
        return [self._run_record(row, tuple(scores.get(row["run_id"], ()))) for row in rows]

    def resolve(self, reference: str) -> str:
        """The run id a user means: the exact id, or a unique start or end of one (run ids are long)."""
        if self._query("SELECT 1 FROM runs WHERE run_id = ?", (reference,)):
            return reference
        rows = [row["run_id"] for row in self._query("SELECT run_id FROM runs ORDER BY created, rowid")
                if reference and (row["run_id"].startswith(reference) or row["run_id"].endswith(reference))]
        if not reference or not rows:
            raise HistoryError(f"{self.location}: no run {reference} in the history")
        if len(rows) > 1:
            shown = ", ".join(rows[:5]) + (", ..." if len(rows) > 5 else "")
            raise HistoryError(f"{self.location}: run {reference} is ambiguous: {shown}")
        return str(rows[0])

    def scores(self, metric: str, corpus: str | None = None, system: str | None = None) -> list[Row]:
        """One metric's corpus scores over runs, oldest first, with the run's corpus, document, system and
        time. Metric names match case-insensitively (mtreview writes 'chrf', a user types 'chrF')."""
        query = ("SELECT r.run_id, r.corpus, r.document, r.system, r.created, s.metric, s.corpus_score AS score,"
                 " s.signature, s.segments FROM scores s JOIN runs r USING (run_id) WHERE lower(s.metric) = ?")
        parameters: list[Any] = [metric.lower()]
        for column, value in (("r.corpus", corpus), ("r.system", system)):
            if value is not None:
                query += f" AND {column} = ?"
                parameters.append(value)
        return [dict(row) for row in self._query(query + " ORDER BY r.created, r.rowid", parameters)]

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
        rows = self._query(f"SELECT {_RUNS} FROM runs WHERE run_id = ?", (run_id,))
        if not rows:
            raise HistoryError(f"{self.location}: no run {run_id} in the history")
        scores = tuple(RunScore(**dict(row)) for row in self._query(
            "SELECT metric, corpus_score, signature, segments, note FROM scores WHERE run_id = ? ORDER BY metric",
            (run_id,)))
        return self._run_record(rows[0], scores)

    @staticmethod
    def _run_record(row: DbRow, scores: tuple[RunScore, ...] = ()) -> RunRecord:
        run = dict(row)
        run["config"] = json.loads(run["config"])
        return RunRecord(**run, scores=scores)
