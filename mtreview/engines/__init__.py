"""Where the work of `check`, `score` and `review` runs: on this machine (mtreview.engines.local: blocks of
pairs, checks on two worker processes) or on a Dask cluster (mtreview.engines.dask: partitions of pairs on
the cluster's workers, a local one started when no scheduler is given). Both give the same findings in
the same order and the same scores.

The Dask engine is imported only when chosen (its module imports dask and distributed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview.records import Corpus, Finding, Pair

if TYPE_CHECKING:
    from mtreview.align.embeddings import SentenceEncoder

DEFAULT_PARTITION_SIZE = 50_000  # pairs a Dask task reads, checks and scores at a time (as a local block)


class EngineKind(str, Enum):
    local = "local"
    dask = "dask"


@dataclass(frozen=True)
class EngineOptions:
    """Which engine, and for Dask: the scheduler's address (None: start a local cluster), the number of
    worker processes of a local cluster (None: one per CPU) and the pairs in a partition."""

    kind: EngineKind = EngineKind.local
    scheduler: str | None = None
    workers: int | None = None
    partition_size: int = DEFAULT_PARTITION_SIZE


@dataclass(frozen=True)
class Shards:
    """Parquet or JSONL shards, left for the engine to read (a Dask worker reads its own partitions)."""

    paths: tuple[Path, ...]
    name: str

    @property
    def origin(self) -> Path:
        return self.paths[0] if len(self.paths) == 1 else self.paths[0].parent

    def corpus(self) -> Corpus:
        """Read on this machine (the local engine)."""
        from mtreview.inputs.shards import load_shards

        return load_shards(self.paths, self.name)


Source = Corpus | Shards


@dataclass
class CheckRun:
    """What a check pass gives: every finding in order, beside each the target text its span flags
    (what `check` prints), and the number of pairs checked."""

    findings: Sequence[Finding]
    flagged: Sequence[str]
    pair_count: int
    pairs: Sequence[Pair] | None = None  # the pairs, when the engine was asked to bring them back


def load_source(inputs: Sequence[Path], options: EngineOptions, reference: Path | None = None,
                embeddings: SentenceEncoder | None = None) -> Source:
    """The input as the engine reads it: shards stay on disk for the Dask engine (its workers read them);
    everything else is read here (mtreview.inputs.load_input; `embeddings` for the aligner)."""
    from mtreview.inputs import load_input

    if options.kind is EngineKind.dask and reference is None:
        from mtreview.inputs.shards import shard_paths, shards_name

        paths = shard_paths([Path(path) for path in inputs])
        if paths is not None:
            return Shards(tuple(paths), shards_name(paths, [Path(path) for path in inputs]))
    return load_input(inputs, reference=reference, embeddings=embeddings)


def flagged_texts(pairs: Sequence[Pair], findings: Sequence[Finding]) -> list[str]:
    """Each finding's flagged target text, walking pairs and findings together (both in corpus order)."""
    texts = []
    walk = iter(pairs)
    pair = None
    for finding in findings:
        while pair is None or pair.id != finding.pair_id:
            pair = next(walk)
        span = finding.target_span
        texts.append(pair.target[span[0]:span[1]] if span else "")
    return texts


__all__ = ["DEFAULT_PARTITION_SIZE", "CheckRun", "EngineKind", "EngineOptions", "Shards", "Source",
           "flagged_texts", "load_source"]
