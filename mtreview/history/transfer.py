"""`mtreview history migrate`: a SQLite history copied whole into another store (a desk's PostgreSQL).

The source is never written: it is copied first with SQLite's backup API (a consistent snapshot, even while a
review records into it) to a temporary file, which is brought to the current schema there if it is older.
The copy goes into the target in one transaction, every table in key order with its serial numbers kept
(the recording order of runs, the order of the decision log), so the target answers every query as the
source did. A target that already holds data is refused, unless it holds exactly this history (the same
rows in every table): then nothing is copied, and running the command twice is harmless.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mtreview.errors import HistoryError
from mtreview.history.location import shown_location, sqlite_path
from mtreview.history.schema import SCHEMA_VERSION, TABLES, Table
from mtreview.history.sql import DECISIONS_LOCK, PUBLISH_LOCK, SQLStore
from mtreview.history.sqlite import SQLiteHistory


@dataclass
class MigrateResult:
    source: Path
    target: str  # as shown: without its password
    source_version: int  # the source's schema version (upgraded in the copy when older)
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in the target's copy of the history
    already: bool = False  # the target held this history already: nothing was copied


def migrate_history(source: Path, target: str | Path) -> MigrateResult:
    """Copy the SQLite history at `source` into the store at `target` (a postgresql:// URL, or a SQLite
    file), all or nothing."""
    from mtreview.history import open_history

    source = Path(source)
    if not source.is_file():
        raise HistoryError(f"{source}: no history database here to migrate")
    target_file = sqlite_path(target)
    if target_file is not None and target_file.exists() and target_file.resolve() == source.resolve():
        raise HistoryError(f"{source}: the history to migrate and --to are the same file")
    with tempfile.TemporaryDirectory(prefix="mtreview-migrate-") as folder:
        snapshot = Path(folder) / source.name
        version = _snapshot(source, snapshot)
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{source}: history schema version {version} is newer than this mtreview "
                               f"understands ({SCHEMA_VERSION}); upgrade mtreview")
        try:
            reader = SQLiteHistory(snapshot)  # brings an older copy to the current schema
        except HistoryError as error:
            raise HistoryError(str(error).replace(str(snapshot), str(source))) from None
        with reader, open_history(target) as writer:
            if not isinstance(writer, SQLStore):
                raise HistoryError(f"{shown_location(target)}: not a store mtreview can copy into")
            result = MigrateResult(source, writer.location, version)
            _copy(reader, writer, result)
    return result


def _snapshot(source: Path, copy: Path) -> int:
    """Copy the source database with SQLite's backup API, reading it only; its schema version."""
    try:
        reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = int(reading.execute("PRAGMA user_version").fetchone()[0])
            with sqlite3.connect(copy) as written:
                reading.backup(written)
            written.close()
        finally:
            reading.close()
    except sqlite3.Error as error:
        raise HistoryError(f"{source}: not a readable history database ({error})") from None
    return version


def _copy(reader: SQLiteHistory, writer: SQLStore, result: MigrateResult) -> None:
    try:
        # Both writer locks: no run is published and no sheet ingested into the target meanwhile.
        with writer._transaction(PUBLISH_LOCK):
            writer._lock(DECISIONS_LOCK)
            if any(writer._query(f"SELECT 1 FROM {table.name} LIMIT 1") for table in TABLES):
                theirs = {table.name: _digest(writer, table) for table in TABLES}
                ours = {table.name: _digest(reader, table) for table in TABLES}
                if theirs != ours:
                    raise HistoryError(
                        f"{writer.location}: holds another history ({theirs['runs'][0]} runs, "
                        f"{theirs['decision_log'][0]} decisions); migrate into an empty database")
                result.already = True
                result.rows = {name: count for name, (count, _) in ours.items()}
                return
            for table in TABLES:
                columns = table.all_columns
                rows = reader._rows(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {', '.join(table.key)}")
                result.rows[table.name] = writer._insert(
                    table.name, columns, (tuple(row[column] for column in columns) for row in rows))
            writer._after_copy()
    except HistoryError:
        raise
    except Exception as error:
        raise HistoryError(f"{writer.location}: cannot copy {result.source} into it ({writer._reason(error)}); "
                           "nothing was copied") from error


def _digest(store: SQLStore, table: Table) -> tuple[int, str]:
    """How many rows a table holds and a hash of them all, in key order: equal on two stores when they hold
    the same rows (numbers and text compare alike on both backends)."""
    columns = table.all_columns
    digest = hashlib.sha256()
    count = 0
    for row in store._rows(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {', '.join(table.key)}"):
        digest.update(repr(tuple(row[column] for column in columns)).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()
