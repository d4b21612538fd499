"""The history store's interface and the typed records it returns.

Callers (review, publish, ingest, tracking, the CLI) see only `HistoryStore`: which database holds the
runs, and in which SQL dialect, is the backends' business (mtreview.history.sqlite and .postgres, over the
statements they share in mtreview.history.sql).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Protocol, runtime_checkable

from mtreview.records import (
    CheckStats,
    Decision,
    FindingState,
    Review,
    ReviewerFinding,
    ReviewerMemory,
    SegmentEdit,
)

# A row of a history query by column name. Its values are SQL values (str, int, float, None) whose type
# each method's docstring gives per column; callers move to the typed records above as the store grows them.
Row = dict[str, Any]
# Parameters of a SQL statement.
SqlParameters = tuple[object, ...]


class _FieldMapping(Mapping[str, Any]):
    """Read access by field name, `run["corpus"]`, as the dicts these records replace gave. Kept for the
    transition: new code reads attributes (`run.corpus`). Equal to a dict of the same items, so comparisons
    written against the old dicts still hold."""

    def __getitem__(self, key: str) -> Any:
        if key not in self._names():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return _field_names(cls)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A record class's field names, worked out once: `history list` reads 200,000 fields by name."""
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, eq=False)
class RunScore(_FieldMapping):
    """One metric's corpus score of a run, as recorded."""

    metric: str
    corpus_score: float | None
    signature: str = ""
    segments: int = 0
    note: str = ""


@dataclass(frozen=True, eq=False)
class RunRecord(_FieldMapping):
    """One recorded run: the columns of the runs table, the config decoded, and (from `run()` only) its
    scores by metric name."""

    run_id: str
    corpus: str
    document: str
    system: str
    created: str
    tool_version: str
    config: Mapping[str, Any]
    pairs: int
    target_words: int
    findings: int
    findings_minor: int
    findings_major: int
    findings_critical: int
    mqm_penalty: float | None
    scores: tuple[RunScore, ...] = field(default=())


@runtime_checkable
class HistoryStore(Protocol):
    """Every operation mtreview performs on a history. Open one with mtreview.history.open_history; use it as
    a context manager, or call close()."""

    @property
    def location(self) -> str:
        """Where the history is, as the user gave it (a file path or a URL): for messages."""
        ...

    @property
    def identity(self) -> str:
        """A stable name of this history (an absolute path, a URL without password): run folders record it
        so that a later run can tell its own history's folders from another's."""
        ...

    # Runs: written once, all or nothing.
    def record(self, review: Review, before_commit: Callable[[], None] | None = None) -> None: ...
    def run_ids(self) -> set[str]: ...
    def runs_exist(self, run_ids: list[str]) -> bool: ...
    def runs(self, corpus: str | None = None, *, system: str | None = None, since: str | None = None,
             before: str | None = None, with_scores: bool = False) -> list[RunRecord]: ...
    def run(self, run_id: str) -> RunRecord: ...
    def resolve(self, reference: str) -> str: ...
    # What a run holds. Dicts, keys as documented on the SQLite backend's methods.
    def scores(self, metric: str, corpus: str | None = None, system: str | None = None) -> list[Row]: ...
    def segments(self, run_id: str, metric: str) -> list[Row]: ...
    def findings(self, run_id: str) -> list[Row]: ...
    def run_pairs(self, run_id: str) -> dict[str, tuple[str, str]]: ...
    def run_findings(self, run_id: str) -> dict[str, Row]: ...
    # The reviewers' side: decisions, corrections and their own findings, appended as a log.
    def record_decisions(self, decisions: Sequence[Decision], ingested: str, *,
                         edits: Sequence[SegmentEdit] = (), reviewer_findings: Sequence[ReviewerFinding] = (),
                         corpus: str | None = None, document: str | None = None) -> None: ...
    def decisions(self, corpus: str, document: str | None = None) -> dict[str, FindingState]: ...
    def decision_log(self, *, run_id: str | None = None, corpus: str | None = None,
                     limit: int | None = None) -> list[Row]: ...
    def segment_edits(self, corpus: str, document: str | None = None, *,
                      before: str | None = None) -> dict[str, SegmentEdit]: ...
    def post_edits(self, corpus: str, document: str | None = None, *,
                   before: str | None = None) -> dict[str, str]: ...
    def reviewer_findings(self, corpus: str, document: str | None = None) -> list[ReviewerFinding]: ...
    def memory(self, corpus: str, document: str) -> ReviewerMemory: ...
    def check_stats(self, corpus: str | None = None) -> tuple[list[CheckStats], Counter[str]]: ...
    def dismissed_fingerprints(self, corpus: str, document: str) -> set[str]: ...

    def close(self) -> None: ...
    def __enter__(self) -> HistoryStore: ...
    def __exit__(self, *exc_info: object) -> None: ...
