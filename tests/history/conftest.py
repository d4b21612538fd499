"""The history tests' PostgreSQL server (tests/support/postgres_server.py: a real, throwaway cluster), and a
store location for each backend.

One server per session; every test gets a fresh database. Without a server the PostgreSQL tests skip with
the reason, unless MTREVIEW_REQUIRE_POSTGRES=1 (.ci/run sets it): then they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres_server import PostgresServer, start_server, stop_server

REQUIRED = os.environ.get("MTREVIEW_REQUIRE_POSTGRES") == "1"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reports" / "history.sqlite"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = start_server()
    except RuntimeError as error:
        if REQUIRED:
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
    """Where a store-contract test keeps its history: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "reports" / "history.sqlite"
    return str(request.getfixturevalue("postgres_url"))
