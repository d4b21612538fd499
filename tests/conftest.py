from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
XINHUA = REPO / "corpora" / "xinhua-belarus"
# Real data written by others, beside the checkout; absent on a user's fresh clone.
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"real data not available: {SHARED / 'data'} is absent")
    return SHARED / "data"


@pytest.fixture
def corpus_seed() -> Path:
    if not (SHARED / "corpus-seed").is_dir():
        pytest.skip(f"corpus seed not available: {SHARED / 'corpus-seed'} is absent")
    return SHARED / "corpus-seed"
