"""The history's schema: each version's statements, and the migrations that bring an older history up to date.

One logical schema for every backend. The statements are written in SQLite's dialect; the PostgreSQL backend
translates their types (mtreview.history.postgres.postgres_ddl) and runs the same steps in the same order. A
later version appends its own list, and a backend runs the steps after the history's version, so existing
histories are upgraded in place instead of being rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mtreview.identity import document_key

# What a migration step written as a function is given: run one statement (portable SQL, `?` placeholders)
# with its parameters inside the migration's transaction, and get its rows (read by column name).
Execute = Callable[[str, Sequence[Any]], list[Any]]
# A migration step: a statement in SQLite's dialect, or a function given an Execute.
Step = str | Callable[[Execute], None]


def migrate_to_decision_log(execute: Execute) -> None:
    """Schema 3 -> 4: name the document of runs recorded without one, move decisions and post-edits into
    the logs under their run's document, and drop the v2 tables. Runs on either backend (`execute` is its
    way of running one statement inside the migration's transaction)."""
    unnamed = [row["run_id"] for row in execute("SELECT run_id FROM runs WHERE document = ''", ())]
    for run_id in unnamed:
        sources = (row["source"] for row in execute("SELECT source FROM pairs WHERE run_id = ? ORDER BY ord",
                                                    (run_id,)))
        execute("UPDATE runs SET document = ? WHERE run_id = ?", (document_key(sources), run_id))
    execute(
        "INSERT INTO decision_log (corpus, document, scope, fingerprint, run_id, decision, comment, pair_id,"
        " check_id, reviewer, sheet, ingested)"
        " SELECT d.corpus, COALESCE(r.document, ''), 'document', d.fingerprint, d.run_id, d.decision, d.comment,"
        " d.pair_id, d.check_id, d.reviewer, '(schema 3)', d.ingested"
        " FROM decisions d LEFT JOIN runs r USING (run_id) ORDER BY d.ingested, d.rowid", ())
    execute(
        "INSERT INTO segment_edits (corpus, document, source, target, post_edit, run_id, sheet, ingested)"
        " SELECT e.corpus, COALESCE(r.document, ''), e.source, e.target, e.post_edit, e.run_id, '(schema 3)',"
        " e.ingested FROM post_edits e LEFT JOIN runs r USING (run_id) ORDER BY e.ingested, e.rowid", ())
    execute("DROP TABLE decisions", ())
    execute("DROP TABLE post_edits", ())


SCHEMA_VERSION = 4

# Version 1. A later version appends its own list and _migrate runs the steps after the file's
# version, so existing history files are upgraded in place instead of being rebuilt.
_SCHEMA_V1: list[Step] = [
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
_SCHEMA_V2: list[Step] = [
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
_SCHEMA_V3: list[Step] = [
    "ALTER TABLE runs ADD COLUMN document TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE pairs ADD COLUMN refs TEXT",
    "CREATE INDEX runs_by_system ON runs (corpus, system, created)",
]
# Version 4: review identity and the decision log (mtreview.history.memory). Every decision a sheet
# brings is kept as an entry (who, when, which sheet), the latest one winning, "open" included; decisions,
# post-edits and reviewers' own findings belong to a document of a corpus. Runs recorded without a
# document get the one mtreview names them by now (mtreview.identity, from their pairs' source text), so
# the next review of the same files finds their decisions; v2's decisions and post-edits move into the log.
_SCHEMA_V4: list[Step] = [
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
_MIGRATIONS: dict[int, Sequence[Step]] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4}


# The tables of the current schema and their columns, in one order: what `history migrate` copies, what the
# backends select (never `SELECT *`: PostgreSQL's explicit rowid column would come with it), and what the
# tests compare with each backend's own catalogue.
RUN_COLUMNS = ("run_id", "corpus", "document", "system", "created", "tool_version", "config", "pairs",
               "target_words", "findings", "findings_minor", "findings_major", "findings_critical", "mqm_penalty")
SCORE_COLUMNS = ("run_id", "metric", "corpus_score", "signature", "segments", "note")
SEGMENT_SCORE_COLUMNS = ("run_id", "metric", "pair_id", "score")
PAIR_COLUMNS = ("run_id", "pair_id", "ord", "source", "target", "reference", "kind", "align_score", "refs")
FINDING_COLUMNS = ("run_id", "pair_id", "check_id", "category", "severity", "message", "suggestion",
                   "target_start", "target_end", "source_start", "source_end", "fingerprint")
DECISION_LOG_COLUMNS = ("corpus", "document", "scope", "fingerprint", "run_id", "decision", "comment", "pair_id",
                        "check_id", "source", "target", "reviewer", "sheet", "sheet_row", "ingested")
SEGMENT_EDIT_COLUMNS = ("corpus", "document", "source", "target", "post_edit", "comment", "reviewer", "run_id",
                        "pair_id", "sheet", "sheet_row", "ingested")
REVIEWER_FINDING_COLUMNS = ("corpus", "document", "fingerprint", "source", "target", "category", "severity",
                            "comment", "flagged", "target_start", "target_end", "reviewer", "run_id", "pair_id",
                            "sheet", "sheet_row", "ingested")


@dataclass(frozen=True)
class Table:
    """A table of the current schema: its name, its key (the order rows are copied and compared in), the
    integer column that numbers its rows in insertion order, if any, and the other columns."""

    name: str
    key: tuple[str, ...]
    serial: str | None
    columns: tuple[str, ...]

    @property
    def all_columns(self) -> tuple[str, ...]:
        return ((self.serial,) if self.serial else ()) + self.columns


# In an order that keeps foreign keys satisfied while copying. `serial` is an INTEGER PRIMARY KEY (an
# identity column on PostgreSQL), or `rowid`: SQLite's implicit row number, which queries order runs by and
# which PostgreSQL has no equivalent of, so there it is an explicit identity column (ROWID_TABLES).
TABLES = (
    Table("runs", ("run_id",), "rowid", RUN_COLUMNS),
    Table("scores", ("run_id", "metric"), None, SCORE_COLUMNS),
    Table("segment_scores", ("run_id", "metric", "pair_id"), None, SEGMENT_SCORE_COLUMNS),
    Table("pairs", ("run_id", "pair_id"), None, PAIR_COLUMNS),
    Table("findings", ("finding_id",), "finding_id", FINDING_COLUMNS),
    Table("decision_log", ("entry_id",), "entry_id", DECISION_LOG_COLUMNS),
    Table("segment_edits", ("entry_id",), "entry_id", SEGMENT_EDIT_COLUMNS),
    Table("reviewer_findings", ("entry_id",), "entry_id", REVIEWER_FINDING_COLUMNS),
)
# Tables of any version whose queries order by rowid (v2's decisions and post_edits, in the v4 migration).
ROWID_TABLES = frozenset({"runs", "decisions", "post_edits"})
# Every table name mtreview has used: a database holding one of them without mtreview's version is not ours.
TABLE_NAMES = frozenset({table.name for table in TABLES} | {"decisions", "post_edits"})
