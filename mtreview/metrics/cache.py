"""A SQLite cache of per-segment metric scores.

COMET runs at about one segment a second on a CPU; re-reviewing an edited document should only
score the segments that changed. An entry is keyed by a hash of (model id, source, translation,
reference), where the model id names the checkpoint file and its size and modification time and the
precision, so a replaced checkpoint or a change of precision never returns stale scores.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from mtreview.errors import MetricError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS segment_scores (
    key TEXT PRIMARY KEY,   -- sha256 of (model id, source, translation, reference)
    model TEXT NOT NULL,    -- the model id, so one model's entries can be counted or dropped
    score REAL NOT NULL,
    extra TEXT,             -- JSON: e.g. XCOMET's error spans
    created TEXT NOT NULL
)
"""
# SQLite's limit on bound parameters is 999 in older builds.
_CHUNK = 500


def cache_key(model_id: str, source: str, translation: str, reference: str | None) -> str:
    # JSON keeps the fields apart: no separator character can make two different tuples collide.
    payload = json.dumps([model_id, source, translation, reference], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ScoreCache:
    """Scores by key; use as a context manager so the connection is closed."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A second process scoring at the same time waits for the write lock instead of failing.
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as error:
            raise MetricError(f"{self.path}: cannot open the score cache ({error})") from None

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[float, object]]:
        """The cached (score, extra) of each key found; missing keys are absent from the result."""
        found: dict[str, tuple[float, object]] = {}
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start:start + _CHUNK]
                rows = self._db.execute(
                    f"SELECT key, score, extra FROM segment_scores WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk)
                for key, score, extra in rows:
                    found[key] = (score, json.loads(extra) if extra is not None else None)
        except sqlite3.Error as error:
            raise MetricError(f"{self.path}: cannot read the score cache ({error})") from None
        return found

    def put_many(self, model_id: str, entries: Iterable[tuple[str, float, object]]) -> None:
        created = datetime.now(UTC).replace(microsecond=0).isoformat()
        rows = [(key, model_id, float(score), None if extra is None else json.dumps(extra, ensure_ascii=False),
                 created) for key, score, extra in entries]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO segment_scores VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as error:
            raise MetricError(f"{self.path}: cannot write the score cache ({error})") from None

    def count(self, model_id: str | None = None) -> int:
        if model_id is None:
            row = self._db.execute("SELECT COUNT(*) FROM segment_scores").fetchone()
        else:
            row = self._db.execute("SELECT COUNT(*) FROM segment_scores WHERE model = ?", (model_id,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ScoreCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
