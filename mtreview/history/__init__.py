"""The run history: every review run, its scores, pairs and findings, and the reviewers' decisions.

`open_history(path_or_url)` returns a `HistoryStore` (mtreview.history.store); which backend holds it is
chosen here from the location, so callers never name one. A file path (or sqlite://PATH) is the SQLite
backend (mtreview.history.sqlite); postgresql://user@host/db the PostgreSQL one (mtreview.history.postgres,
with the postgres extra). `History` stays importable as the SQLite class's old name.
"""

from __future__ import annotations

from pathlib import Path

from mtreview.errors import HistoryError
from mtreview.history.location import is_postgres, location_identity, scheme, shown_location, sqlite_path
from mtreview.history.schema import SCHEMA_VERSION
from mtreview.history.sqlite import SQLiteHistory
from mtreview.history.store import HistoryStore, RunRecord, RunScore

History = SQLiteHistory  # the name callers and tests used before the store interface

__all__ = ["SCHEMA_VERSION", "History", "HistoryStore", "RunRecord", "RunScore", "SQLiteHistory", "history_exists",
           "history_identity", "open_history", "shown_location"]


def open_history(path_or_url: str | Path, *, create: bool = True) -> HistoryStore:
    """Open the history at a file path (SQLite) or URL. create=False is for commands that only read: the
    history must exist, and it is opened read-only where the backend allows."""
    path = sqlite_path(path_or_url)
    if path is not None:
        return SQLiteHistory(path, create=create)
    if is_postgres(path_or_url):
        try:
            from mtreview.history.postgres import PostgresHistory
        except ImportError:
            raise HistoryError(f"{shown_location(path_or_url)}: a PostgreSQL history needs the postgres extra "
                               "(pip install 'mtreview[postgres]')") from None
        return PostgresHistory(str(path_or_url), create=create)
    raise HistoryError(f"{shown_location(path_or_url)}: no history store for {scheme(path_or_url)}:// "
                       "(give a file path for SQLite, or postgresql://user@host/db)")


def history_exists(path_or_url: str | Path) -> bool:
    """Whether there is a history to read at the location (a server-side store is assumed to be there)."""
    path = sqlite_path(path_or_url)
    return path.exists() if path is not None else True


def history_identity(path_or_url: str | Path) -> str:
    """The history's stable name that run folders record (HistoryStore.identity, without opening it): never
    with a password."""
    return location_identity(path_or_url)
