"""History locations: which backend a location names, and its password never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import HistoryError
from mtreview.history import open_history
from mtreview.history.location import (
    is_postgres,
    location_identity,
    scrub,
    secrets,
    shown_location,
    sqlite_path,
)


@pytest.mark.parametrize(("url", "shown", "identity"), [
    ("postgresql://desk:secret@db/mt", "postgresql://desk:***@db/mt", "postgresql://desk@db/mt"),
    ("postgres://desk@db:5433/mt", "postgres://desk@db:5433/mt", "postgresql://desk@db:5433/mt"),
    ("postgresql+psycopg://desk:p%40ss@db/mt?sslmode=require", "postgresql+psycopg://desk:***@db/mt?sslmode=require",
     "postgresql://desk@db/mt?sslmode=require"),
    # libpq reads the user information up to the first '@' before a '/': a '?' there is the password's
    ("postgresql://desk:pa?ss@db/mt", "postgresql://desk:***@db/mt", "postgresql://desk@db/mt"),
    ("postgresql://db/mt?user=desk&password=secret&sslmode=require",
     "postgresql://db/mt?user=desk&password=***&sslmode=require", "postgresql://db/mt?user=desk&sslmode=require"),
    ("postgresql://db/mt?password=secret&user=desk", "postgresql://db/mt?password=***&user=desk",
     "postgresql://db/mt?user=desk"),
    ("postgresql://db/mt?password=secret", "postgresql://db/mt?password=***", "postgresql://db/mt"),
    ("postgresql:///mt?host=/run/postgresql", "postgresql:///mt?host=/run/postgresql",
     "postgresql:///mt?host=/run/postgresql"),
])
def test_urls_are_shown_and_named_without_their_password(url: str, shown: str, identity: str):
    assert is_postgres(url) and sqlite_path(url) is None
    assert shown_location(url) == shown
    assert location_identity(url) == identity
    for form in secrets(url):
        assert form not in shown and form not in identity


def test_secrets_are_scrubbed_in_every_form():
    url = "postgresql://desk:s3cr%3Aet%40x@db/mt"
    assert secrets(url) == ["s3cr%3Aet%40x", "s3cr:et@x"]
    assert scrub('invalid percent-encoded token: "s3cr%3Aet%40x"', url) == 'invalid percent-encoded token: "***"'
    assert scrub("s3cr:et@x failed", url) == "*** failed"
    assert secrets("postgresql://desk@db/mt") == [] and secrets(Path("history.sqlite")) == []


def test_paths_and_sqlite_urls_are_files(tmp_path: Path):
    file = tmp_path / "history.sqlite"
    assert sqlite_path(file) == file and sqlite_path(str(file)) == file
    assert sqlite_path(f"sqlite://{file}") == file
    assert sqlite_path(r"C:\desk\history.sqlite") == Path(r"C:\desk\history.sqlite")  # a drive is not a scheme
    assert location_identity(file) == str(file.resolve()) == location_identity(f"sqlite://{file}")
    assert shown_location(file) == str(file)


def test_an_unknown_scheme_is_one_line_without_the_password():
    with pytest.raises(HistoryError) as raised:
        open_history("mysql://desk:hunter2@db/mt")
    assert "hunter2" not in str(raised.value)
    assert str(raised.value).startswith("mysql://desk:***@db/mt: no history store for mysql://")
