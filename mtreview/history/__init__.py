"""The run history: every review run, its scores, pairs and findings, and the reviewers' decisions.

`open_history(path_or_url)` returns a `HistoryStore` (mtreview.history.store); which backend holds it is
chosen here from the location, so callers never name one. A file path is the SQLite backend
(mtreview.history.sqlite). `History` stays importable as the SQLite class's old name.
"""

from __future__ import annotations

import re
from pathlib import Path

from mtreview.errors import HistoryError
from mtreview.history.schema import (
    _MIGRATIONS,
    _SCHEMA_V1,
    _SCHEMA_V2,
    _SCHEMA_V3,
    _SCHEMA_V4,
    SCHEMA_VERSION,
)
from mtreview.history.sqlite import SQLiteHistory
from mtreview.history.store import HistoryStore, RunRecord, RunScore

History = SQLiteHistory  # the name callers and tests used before the store interface

__all__ = ["SCHEMA_VERSION", "History", "HistoryStore", "RunRecord", "RunScore", "SQLiteHistory", "history_exists",
           "history_identity",
           "open_history"]
_ = (_MIGRATIONS, _SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3, _SCHEMA_V4)  # re-exported for tests of old schemas

# scheme://... (two letters at least, so that a Windows drive, C:\..., stays a path)
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+)://")
_POSTGRES = frozenset({"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"})


def _scheme(location: str | Path) -> str | None:
    match = _URL.match(str(location)) if not isinstance(location, Path) else None
    return match["scheme"].lower() if match else None


def open_history(path_or_url: str | Path, *, create: bool = True) -> HistoryStore:
    """Open the history at a file path (SQLite) or URL. create=False is for commands that only read: the
    history must exist, and it is opened read-only where the backend allows."""
    scheme = _scheme(path_or_url)
    if scheme is None:
        return SQLiteHistory(Path(path_or_url), create=create)
    if scheme == "sqlite":
        return SQLiteHistory(Path(str(path_or_url)[len("sqlite://"):]), create=create)
    if scheme in _POSTGRES:
        raise HistoryError(f"{_without_password(str(path_or_url))}: the PostgreSQL store needs the postgres "
                           "extra (issue 16)")
    raise HistoryError(f"{_without_password(str(path_or_url))}: no history store for {scheme}:// "
                       "(give a file path for SQLite)")


def history_exists(path_or_url: str | Path) -> bool:
    """Whether there is a history to read at the location (a server-side store is assumed to be there)."""
    if _scheme(path_or_url) is None:
        return Path(path_or_url).exists()
    if _scheme(path_or_url) == "sqlite":
        return Path(str(path_or_url)[len("sqlite://"):]).exists()
    return True


def history_identity(path_or_url: str | Path) -> str:
    """The history's stable name that run folders record (HistoryStore.identity, without opening it)."""
    scheme = _scheme(path_or_url)
    if scheme is None:
        return str(Path(path_or_url).resolve())
    if scheme == "sqlite":
        return str(Path(str(path_or_url)[len("sqlite://"):]).resolve())
    return _without_password(str(path_or_url))


def _without_password(url: str) -> str:
    """A URL fit for a message: the password of user:password@host left out."""
    return re.sub(r"^([^:/]+://[^:/@]+):[^@]*@", r"\1:***@", url)
