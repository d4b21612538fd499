"""The history's schema: each version's statements, and the migrations that bring an older file up to date.

A later version appends its own list and SQLiteHistory._migrate runs the steps after the file's version, so
existing history files are upgraded in place instead of being rebuilt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from mtreview.history.memory import migrate_to_decision_log

# A migration step: a SQL statement, or a function of the connection.
Step = str | Callable[[sqlite3.Connection], None]

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
_MIGRATIONS = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4}
