"""The SQLite history store: every review run, its scores, pairs and findings, in one file.

One file shared by every run on a machine (the CLI passes reports/history.sqlite), so it is
opened in WAL mode with a busy timeout: a report being read while another run records stays safe.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mtreview.errors import HistoryError
from mtreview.history.memory import ReviewerMemoryStore
from mtreview.history.schema import _MIGRATIONS, SCHEMA_VERSION
from mtreview.history.sql import DbRow

# A large run holds the write lock for seconds while it records; another review waits, not fails.
BUSY_TIMEOUT_MS = 30_000


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
        # One read transaction, so both reads see one snapshot: read apart, another process creating the
        # schema between them looked like a foreign database (version 0, yet tables).
        self._conn.execute("BEGIN")
        try:
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [row[0] for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        finally:
            self._rollback()
        if version == 0:
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
                        step(self._run)
                    else:
                        self._conn.execute(step)
                self._conn.execute(f"PRAGMA user_version = {target}")
            self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # A failed COMMIT may already have ended the transaction; rolling back twice is harmless.
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _run(self, statement: str, parameters: Sequence[Any] = ()) -> list[DbRow]:
        """One statement inside a migration, errors left to the migration (it rolls back and reports)."""
        return self._conn.execute(statement, tuple(parameters)).fetchall()

    def _query(self, query: str, parameters: Sequence[Any] = ()) -> list[DbRow]:
        try:
            return self._conn.execute(query, tuple(parameters)).fetchall()
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from error

    def _rows(self, query: str, parameters: Sequence[Any] = ()) -> Iterator[DbRow]:
        try:
            yield from self._conn.execute(query, tuple(parameters))
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from error

    def _execute(self, statement: str, parameters: Sequence[Any] = ()) -> None:
        self._conn.execute(statement, tuple(parameters))

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})"
        return self._conn.executemany(statement, rows).rowcount

    @contextmanager
    def _transaction(self, lock: str | None = None) -> Iterator[None]:
        """BEGIN IMMEDIATE: SQLite's one write lock, taken up front (not mid-transaction, where waiting for it
        could deadlock), covers every named lock."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot start writing to the history ({error})") from error
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _lock(self, name: str) -> None:
        """Held already: the transaction's write lock excludes every other writer."""

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteHistory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
