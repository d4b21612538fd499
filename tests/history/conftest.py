"""Fixtures of the history tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "reports" / "history.sqlite"
