"""The history tests' own fixtures. The PostgreSQL server and `history_location` (a store on each backend)
are in tests/conftest.py: tests outside tests/history use them too."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite history file (not created yet), for the tests about SQLite itself."""
    return tmp_path / "reports" / "history.sqlite"
