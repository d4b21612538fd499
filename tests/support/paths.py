"""Where the tests find the repository, the bundled Xinhua case and the shared real data."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
XINHUA = REPO / "corpora" / "xinhua-belarus"
# Real data written by others, beside the checkout; absent on a user's fresh clone.
SHARED = REPO.parent / "shared"
# Fixed test inputs kept with the tests (a history written by an old release).
TEST_DATA = REPO / "tests" / "data"
