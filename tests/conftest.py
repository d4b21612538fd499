from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.hostile_xml import MARKER
from tests.support.paths import SHARED
from tests.support.workspace import Workspace


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


@pytest.fixture
def soffice() -> str:
    """LibreOffice, for the tests that open our files in a real office program. CI installs it and sets
    MTREVIEW_REQUIRE_LIBREOFFICE=1, so there a missing LibreOffice fails these tests instead of skipping."""
    import os
    import shutil

    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("MTREVIEW_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here (MTREVIEW_REQUIRE_LIBREOFFICE=1) but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A reports folder with one recorded run, for the tests that feed mtreview hostile input."""
    return Workspace(tmp_path)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file that hostile XML tries to read through an external entity."""
    path = tmp_path / "secret.txt"
    path.write_text(MARKER, encoding="utf-8")
    return path
