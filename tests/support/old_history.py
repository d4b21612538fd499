"""A history as an older mtreview left it, on either backend: the schema steps up to a version run as they
were, rows added with plain SQL, and the version set where each backend keeps it (SQLite's PRAGMA
user_version, PostgreSQL's mtreview_schema table). For the migration tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtreview.history.location import sqlite_path
from mtreview.history.schema import Step


class OldHistory:
    def __init__(self, location: str | Path) -> None:
        self.path = sqlite_path(location)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn: Any = sqlite3.connect(self.path, isolation_level=None)
        else:
            import psycopg

            self._conn = psycopg.connect(str(location), autocommit=True)

    def create(self, steps: Sequence[Step]) -> None:
        """Run a schema's statements (as their backend translates them)."""
        for step in steps:
            assert isinstance(step, str), "only statements: old schemas had no function steps"
            if self.path is None:
                from mtreview.history.postgres import postgres_ddl

                step = postgres_ddl(step)
            self._conn.execute(step)

    def execute(self, statement: str, parameters: Sequence[Any] = ()) -> None:
        """One statement in portable SQL with `?` placeholders."""
        if self.path is None:
            statement = statement.replace("?", "%s")
        self._conn.execute(statement, tuple(parameters))

    def set_version(self, version: int) -> None:
        if self.path is not None:
            self._conn.execute(f"PRAGMA user_version = {int(version)}")
        else:
            from mtreview.history.postgres import VERSION_TABLE

            self._conn.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
            self._conn.execute(f"DELETE FROM {VERSION_TABLE}")
            self._conn.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (version,))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> OldHistory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def schema_version(location: str | Path) -> int:
    """The schema version a history holds, read where its backend keeps it."""
    path = sqlite_path(location)
    if path is not None:
        with sqlite3.connect(path) as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])
    import psycopg

    from mtreview.history.postgres import VERSION_TABLE

    with psycopg.connect(str(location)) as conn:
        row = conn.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()
        assert row is not None
        return int(row[0])
