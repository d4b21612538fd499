from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import mtreview.spill
from mtreview.history import HistoryStore, open_history
from mtreview.records import Review
from mtreview.spill import SpillList
from tests.support.blocks import BLOCK
from tests.support.desk import ARTICLE_A, ARTICLE_B, write_article
from tests.support.history_runs import RUNS, make_run
from tests.support.hostile_xml import MARKER
from tests.support.paths import SHARED
from tests.support.postgres_server import PostgresServer, start_server, stop_server
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
def desk_history(desk: Path, history_location: str | Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The desk's history on each backend, as `--history` takes it: SQLite's is the commands' default
    (reports/history.sqlite in the desk folder); a PostgreSQL one is given to every command as a desk sets it,
    in MTREVIEW_HISTORY."""
    if isinstance(history_location, Path):
        return str(desk / "reports" / "history.sqlite")
    monkeypatch.setenv("MTREVIEW_HISTORY", history_location)
    return history_location


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 7 pairs, so a few dozen rows already spill to disk."""
    monkeypatch.setattr(mtreview.spill, "BLOCK_SIZE", BLOCK)


# The history tests run on both backends: SQLite, and a real throwaway PostgreSQL server
# (tests/support/postgres_server.py), one per session, with a fresh database per test. Without a server the
# PostgreSQL cases skip with the reason, unless MTREVIEW_REQUIRE_POSTGRES=1 (.ci/run sets it): then they fail.
REQUIRE_POSTGRES = os.environ.get("MTREVIEW_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = start_server()
    except RuntimeError as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here (MTREVIEW_REQUIRE_POSTGRES=1): {error}")
        pytest.skip(f"no PostgreSQL server for the tests: {error}")
    yield server
    stop_server(server)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh database owned by the desk role, as a URL with the role's password."""
    return postgres_server.url(postgres_server.new_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def history_location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a history test keeps its history: a SQLite file (not created yet), or a fresh PostgreSQL
    database (as a postgresql:// URL with a password)."""
    if request.param == "sqlite":
        return tmp_path / "reports" / "history.sqlite"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def history_runs() -> dict[str, Review]:
    """The four runs of tests/support/history_runs, reviewed once per session (the real pipeline, a second
    or two): tests record them into fresh stores and must not change them."""
    return {run_id: make_run(run_id, created, system, make_pairs())
            for run_id, (created, system, make_pairs) in RUNS.items()}


@pytest.fixture
def history(history_location: str | Path, history_runs: dict[str, Review]) -> Iterator[HistoryStore]:
    """A store on each backend holding the four runs of tests/support/history_runs; `history.reviews` are
    their Review records, to check what was stored against them."""
    with open_history(history_location) as store:
        for review in history_runs.values():
            store.record(review)
        store.reviews = history_runs  # type: ignore[attr-defined]
        yield store


@pytest.fixture
def style_pairs_tsv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, s, t in STYLE_PAIRS), encoding="utf-8")
    return path
