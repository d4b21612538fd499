"""What is SQLite's own in the history: the file's settings (schema version in PRAGMA user_version, WAL),
files that are not a history (garbage, another application's database, a folder), a read-only file system,
the file left byte for byte as it was by reading commands, and a file locked by another process. What every
backend does alike (recording, reading back, failing or being killed midway, writers at once) is tested on
SQLite and PostgreSQL in test_store.py."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import HistoryError
from mtreview.history import SCHEMA_VERSION, History
from tests.support.paths import XINHUA
from tests.support.workspace import Workspace, review_sheet_of


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


def test_garbage_file_raises_history_error(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database" * 100)
    with pytest.raises(HistoryError, match="history.sqlite") as raised:
        History(db_path)
    assert "not a database" in str(raised.value)


def test_foreign_sqlite_file_with_a_runs_table_is_refused(db_path):
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE runs (something_else TEXT)")
    with pytest.raises(HistoryError, match="history.sqlite"):
        History(db_path)


class _SchemaCreatedMidCheck:
    """A connection through which, just after the history reads its schema version, another opener creates
    the schema and commits: the moment two processes opening a new history at once can meet."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn, self._path, self.interleaved = conn, path, False

    def execute(self, statement: str, *parameters):
        cursor = self._conn.execute(statement, *parameters)
        if statement == "PRAGMA user_version" and not self.interleaved:
            self.interleaved = True
            cursor = _Fetched(cursor.fetchall())  # read before the other opener commits
            History(self._path).close()
        return cursor

    def __getattr__(self, name: str):
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("_") or name == "interleaved":
            object.__setattr__(self, name, value)
        else:
            setattr(self._conn, name, value)


class _Fetched(list):
    def fetchone(self):
        return self[0]

    def fetchall(self):
        return list(self)


def test_a_schema_created_by_another_opener_mid_check_is_not_taken_for_a_foreign_one(db_path, monkeypatch):
    # An empty WAL database (as a history just created by an opener that was then stopped): the versions and
    # tables are read in one snapshot, so a schema committed between those reads is ours, not another app's.
    db_path.parent.mkdir(parents=True)
    sqlite3.connect(db_path).execute("PRAGMA journal_mode = WAL").fetchall()
    real_connect = History._connect
    seen: list[_SchemaCreatedMidCheck] = []

    def connect_then_interleave(self):
        if seen:  # the other opener connects plainly
            return real_connect(self)
        seen.append(_SchemaCreatedMidCheck(real_connect(self), self.path))
        return seen[-1]

    monkeypatch.setattr(History, "_connect", connect_then_interleave)
    with History(db_path) as history:
        assert history.runs() == []
    assert seen[0].interleaved
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def reviewed_history(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["review", str(XINHUA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "history.sqlite"


def test_a_history_on_a_read_only_file_system_can_be_listed(tmp_path: Path):
    """The history's folder mounted read-only (a namespace of its own, as root): read commands work."""
    if os.geteuid() != 0 or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("needs root and mount namespaces (unshare -m) to mount a folder read-only")
    history = reviewed_history(tmp_path)
    folder = history.parent
    script = (f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
              f"touch {folder}/probe 2>/dev/null && echo writable; "
              f"{sys.executable} -m mtreview history list --history {history} && "
              f"{sys.executable} -m mtreview checks --stats --history {history}")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "writable" not in result.stdout  # the mount really was read-only
    assert "xinhua-belarus" in result.stdout and "Checks as judged by reviewers" in result.stdout


def test_read_commands_leave_the_file_as_it_was(tmp_path: Path):
    """Byte for byte, header included (test_store.py checks the rows on both backends)."""
    history = reviewed_history(tmp_path)
    before = history.read_bytes()
    for command in (["history", "list"], ["history", "trend", "--metric", "bleu"], ["checks", "--stats"]):
        result = CliRunner().invoke(app, [*command, "--history", str(history)])
        assert result.exit_code == 0, result.output
    assert history.read_bytes() == before


def test_another_applications_database_is_not_written_into(tmp_path: Path):
    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    before = other.read_bytes()
    for command in (["review", str(XINHUA), "--out", str(tmp_path / "out"), "--history", str(other)],
                    ["history", "list", "--history", str(other)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2 and "not an mtreview history (a database with other tables: notes)" in result.stderr
    assert other.read_bytes() == before and not (tmp_path / "out").exists()


runner = CliRunner()


# --- history that cannot be written ---------------------------------------------------------------


def test_history_path_that_is_a_folder_is_refused(ws: Workspace):
    folder = ws.root / "history-folder"
    folder.mkdir()
    result = runner.invoke(app, ["review", str(ws.root / "base.zh.txt"), str(ws.root / "base.en.txt"),
                                 "--out", str(ws.out), "--history", str(folder)])
    ws.assert_refused(result, str(folder))
    assert list(folder.iterdir()) == []


def test_history_that_is_not_a_database_is_refused(ws: Workspace):
    bogus = ws.write("bogus.sqlite", b"this is not a database" * 100)
    before = bogus.read_bytes()
    result = runner.invoke(app, ["review", str(ws.root / "base.zh.txt"), str(ws.root / "base.en.txt"),
                                 "--out", str(ws.out), "--history", str(bogus)])
    ws.assert_refused(result, str(bogus))
    assert bogus.read_bytes() == before


def test_locked_history_is_refused_after_the_busy_timeout(ws: Workspace, monkeypatch):
    import mtreview.history.sqlite

    monkeypatch.setattr(mtreview.history.sqlite, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws.history, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt")
        assert time.monotonic() - started < 15
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ws.assert_refused(result, str(ws.history), "locked")


def test_ingest_into_a_locked_history_is_refused(ws: Workspace, monkeypatch):
    import openpyxl

    import mtreview.history.sqlite

    sheet = review_sheet_of(ws)
    book = openpyxl.load_workbook(sheet)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    if findings.max_row < 2:
        pytest.skip("the base run has no findings to decide")
    findings.cell(row=2, column=header.index("Decision") + 1, value="confirmed")
    edited = ws.root / "edited.xlsx"
    book.save(edited)
    monkeypatch.setattr(mtreview.history.sqlite, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws.history, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = ws.run("ingest", edited, "--history", ws.history)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ws.assert_refused(result, str(ws.history), "locked")
