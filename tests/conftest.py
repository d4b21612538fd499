from __future__ import annotations

import os
from pathlib import Path

import pytest

import mtreview.spill
from mtreview.history import History
from mtreview.spill import SpillList
from tests.support.blocks import BLOCK
from tests.support.desk import ARTICLE_A, ARTICLE_B, write_article
from tests.support.history_runs import record_all
from tests.support.hostile_xml import MARKER
from tests.support.paths import SHARED
from tests.support.styled_pairs import STYLE_PAIRS
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


@pytest.fixture
def no_random_access(monkeypatch):
    """Reading a SpillList by index or slice costs a block read each: the writers must only iterate."""
    def refuse(self, index):
        raise AssertionError(f"a SpillList read by index ({index!r}) instead of in order")

    monkeypatch.setattr(SpillList, "__getitem__", refuse)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch) -> Path:
    write_article(tmp_path / "desk" / "article-a", ARTICLE_A)
    write_article(tmp_path / "desk" / "article-b", ARTICLE_B)
    monkeypatch.chdir(tmp_path / "desk")
    return tmp_path / "desk"


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 7 pairs, so a few dozen rows already spill to disk."""
    monkeypatch.setattr(mtreview.spill, "BLOCK_SIZE", BLOCK)


@pytest.fixture
def history(tmp_path):
    with History(tmp_path / "history.sqlite") as store:
        store.reviews = record_all(store)  # the Review records, to check what was stored against them
        yield store


@pytest.fixture
def style_pairs_tsv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, s, t in STYLE_PAIRS), encoding="utf-8")
    return path
