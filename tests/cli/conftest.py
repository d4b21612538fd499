"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.tables import PAIRS_TSV


@pytest.fixture
def pairs_tsv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text(PAIRS_TSV, encoding="utf-8")
    return path
