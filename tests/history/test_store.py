"""The store interface: open_history gives a HistoryStore, SQLite for a path and PostgreSQL for a URL."""

from __future__ import annotations

import pytest

from mtreview.errors import HistoryError
from mtreview.history import History
from tests.support.history_review import make_review


def test_open_history_gives_a_store_and_names_the_postgres_seam(db_path):
    from mtreview.history import HistoryStore, open_history

    with open_history(db_path) as store:
        assert isinstance(store, HistoryStore) and isinstance(store, History)
        store.record(make_review("run-1", "2024-09-15T10:00:00Z"))
        assert store.location == str(db_path) and store.identity == str(db_path.resolve())
    with open_history(f"sqlite://{db_path}", create=False) as store:
        assert store.run_ids() == {"run-1"}
    with pytest.raises(HistoryError, match=r"^postgresql://desk:\*\*\*@127.0.0.1:1/mt: ") as raised:
        open_history("postgresql://desk:secret@127.0.0.1:1/mt")  # the PostgreSQL store; nothing listens there
    assert "secret" not in str(raised.value)
    with pytest.raises(HistoryError, match="no history store for mysql://"):
        open_history("mysql://db/mt")
