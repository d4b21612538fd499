"""The Dask engine: `check`, `score` and `review` on a Dask cluster (distributed), with the findings and
scores of the local engine, in the same order.

The corpus is cut into partitions (a shard, some of a Parquet shard's row groups, or a block of pairs this
machine read and ships). Each partition is one task on a worker:

1. Per-pair checks (mtreview.checks.engine.check_pairs_with_uses) and each segment's metric statistics
   (CorpusScorer.partial). The findings, statistics and segment scores come back here, partition by
   partition in corpus order, and go to disk (SpillList). The corpus checks' uses (64-bit hashes, about
   40 bytes a use) stay on the worker, split into hash buckets of their group.
2. Consistency: one task per bucket judges its groups (judge_uses: the most frequent form of a group is
   the usual one, the earliest on a tie); a group's uses are all in one bucket, so the verdicts are
   those of judging the whole corpus at once. Only the flagged uses come back.
3. The partitions holding flagged pairs, or the usual pairs their messages quote, are read again and the
   findings described there (describe_flagged, the local engine's code), then merged by position.

Positions are (partition number << 32) + row: in corpus order, without counting rows first.
Memory: a worker holds one partition's pairs and findings while it works on it, plus its share of the
uses; this machine holds the per-pair id hashes of sharded input (8 bytes a pair) and the flagged uses.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

import numpy as np

from mtreview.checks.engine import PositionedBlock, sort_key, stable_hash64
from mtreview.engines import CheckRun, EngineOptions, Shards, Source
from mtreview.errors import EngineError
from mtreview.records import Corpus, Finding, Pair, Review, Score

if TYPE_CHECKING:
    from distributed import Client, Future

    from mtreview.checks import CheckOptions
    from mtreview.inputs.shards import ShardPiece
    from mtreview.metrics import CorpusScorer
    from mtreview.metrics.comet import CometOptions
    from mtreview.metrics.sacrebleu_settings import SacrebleuSettings
    from mtreview.review import ReviewOptions

POSITION_BITS = 32  # a partition holds fewer than 2**32 rows
CONNECT_TIMEOUT_S = 30
IN_FLIGHT_PER_WORKER = 2  # partitions submitted ahead per worker: results wait on workers, not pile up


# --- the cluster -----------------------------------------------------------------------------------------

@contextmanager
def dask_client(options: EngineOptions) -> Iterator[Client]:
    """A client of the scheduler at options.scheduler, else of a local cluster of worker processes (one
    per CPU, or options.workers), closed on the way out."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("--engine dask needs the dask extra: pip install 'mtreview[dask]'") from None

    cluster = None
    try:
        if options.scheduler:
            try:
                client = Client(options.scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                raise EngineError(f"cannot reach the Dask scheduler at {options.scheduler}: "
                                  f"{_first_line(error)}") from None
        else:
            workers = options.workers or os.cpu_count() or 1
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
            client = Client(cluster)
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


# --- partitions ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Partition:
    number: int
    piece: ShardPiece | None = None  # read by the worker
    start: int = 0  # else: pairs [start, start + size) of the corpus this machine holds
    size: int = 0


def _partitions(source: Source, size: int) -> list[_Partition]:
    from mtreview.inputs.shards import ShardPiece, parquet_pieces

    if isinstance(source, Shards):
        pieces = [piece for path in source.paths
                  for piece in (parquet_pieces(path, size) if path.suffix.lower() == ".parquet"
                                else [ShardPiece(path)])]
        return [_Partition(number, piece=piece) for number, piece in enumerate(pieces)]
    count = len(source.pairs)
    return [_Partition(number, start=start, size=min(size, count - start))
            for number, start in enumerate(range(0, count, size))]


def _read_piece(piece: ShardPiece) -> list[Pair]:
    from mtreview.inputs.shards import read_shard

    return [pair for _, pair in read_shard(piece)]


class _Shipper:
    """Sends partitions to tasks: a shard piece travels as its name (the worker reads it); pairs this
    machine holds are read in one pass in order and scattered, a partition at a time."""

    def __init__(self, client: Client, source: Source) -> None:
        self.client, self.source = client, source
        self.walk: Iterator[Pair] | None = None
        self.position = 0

    def data(self, partition: _Partition) -> Any:
        if partition.piece is not None:
            return partition.piece
        assert isinstance(self.source, Corpus)
        if self.walk is None or partition.start < self.position:
            self.walk, self.position = iter(self.source.pairs), 0
        for _ in islice(self.walk, partition.start - self.position):  # partitions skipped
            pass
        block = list(islice(self.walk, partition.size))
        self.position = partition.start + partition.size
        return self.client.scatter(block, hash=False)


def _pairs_of(data: Any) -> list[Pair]:
    return data if isinstance(data, list) else _read_piece(data)


# --- tasks (run on the workers) ---------------------------------------------------------------------------

def _run_partition(number: int, data: Any, options: CheckOptions | None, metrics: list[str] | None,
                   comet: CometOptions | None, buckets: int, keep_pairs: bool, id_hashes: bool,
                   sacrebleu: SacrebleuSettings | None = None) -> dict:
    """Phase 1 on one partition: per-pair findings (position, findings, target), the corpus checks' uses
    as `buckets` int64 arrays of rows (check number, group, form, position, ordinal), metric partials."""
    from mtreview.checks.engine import check_pairs_with_uses
    from mtreview.metrics import CorpusScorer

    pairs = _pairs_of(data)
    base = number << POSITION_BITS
    result: dict[str, Any] = {"count": len(pairs)}
    if options is not None:
        per_pair: list[tuple[int, list[Finding], str]] = []
        rows: list[tuple[int, int, int, int, int]] = []
        for row, (findings, _, uses) in enumerate(check_pairs_with_uses(pairs, options)):
            if findings:
                per_pair.append((base + row, findings, pairs[row].target))
            rows.extend((check, group, form, base + row, ordinal) for check, group, form, ordinal in uses)
        table = np.array(rows, dtype=np.int64).reshape(-1, 5)
        bucket = table[:, 1] % buckets
        result["findings"] = per_pair
        result["uses"] = [table[bucket == number] for number in range(buckets)]
    if metrics is not None:
        scorer = CorpusScorer(metrics, comet, sacrebleu, processes=False)
        scorer.add(pairs)
        result["scores"] = scorer.partial()
    if id_hashes:
        result["id_hashes"] = np.fromiter((stable_hash64(pair.id) for pair in pairs), dtype=np.int64, count=len(pairs))
    if keep_pairs:
        result["pairs"] = pairs
    return result


def _without_uses(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "uses"}


def _uses_bucket(result: dict, bucket: int) -> np.ndarray:
    return result["uses"][bucket]


def _judge_bucket(*tables: np.ndarray) -> np.ndarray:
    from mtreview.checks.engine import judge_uses

    uses = np.concatenate(tables) if tables else np.zeros((0, 5), dtype=np.int64)
    return judge_uses(uses[:, 1], uses[:, 2], uses[:, 3], uses[:, 0], uses[:, 4])


def _pairs_at(number: int, data: Any, rows: list[int]) -> dict[int, tuple[Pair, int]]:
    """The pairs at these rows, by position, with their line (JSONL) or row (Parquet) in their shard."""
    from mtreview.inputs.shards import read_shard

    wanted = set(rows)
    base = number << POSITION_BITS
    if isinstance(data, list):
        return {base + row: (data[row], row + 1) for row in wanted}
    return {base + row: (pair, line) for row, (line, pair) in enumerate(read_shard(data)) if row in wanted}


def _describe(number: int, data: Any, flagged: np.ndarray, usual: dict[int, Pair],
              options: CheckOptions) -> list[tuple[int, list[Finding], str]]:
    """Phase 3 on one partition: the corpus checks' findings of its flagged rows."""
    from mtreview.checks.engine import describe_flagged

    pairs = _pairs_of(data)
    base = number << POSITION_BITS
    at = PositionedBlock(pairs, base)
    return [(position, findings, at[position].target)
            for position, findings in describe_flagged(at, flagged.tolist(), usual, options)]


# --- the engine -------------------------------------------------------------------------------------------

class _Run:
    """One engine run: phase 1 over the partitions, then consistency, then the findings merged."""

    def __init__(self, client: Client, source: Source, options: EngineOptions) -> None:
        self.client, self.source, self.options = client, source, options
        self.partitions = _partitions(source, options.partition_size)
        self.shipper = _Shipper(client, source)
        workers = len(client.scheduler_info(n_workers=-1)["workers"]) or 1
        self.buckets = workers
        self.window = max(2, IN_FLIGHT_PER_WORKER * workers)

    def phase_one(self, check: CheckOptions | None, scorer: CorpusScorer | None, keep_pairs: bool,
                  consume: Callable[[_Partition, dict], None]) -> list[list[Future]]:
        """Every partition's phase-1 task, results consumed here in corpus order; returns the futures of
        the use buckets (per partition) left on the workers."""
        metrics = scorer.names if scorer is not None else None
        comet = scorer.comet if scorer is not None else None
        sacrebleu = scorer.sacrebleu if scorer is not None else None
        id_hashes = isinstance(self.source, Shards)
        pending: deque[tuple[_Partition, Future, list[Future]]] = deque()
        uses: list[list[Future]] = []

        def submit(partition: _Partition) -> None:
            task = self.client.submit(_run_partition, partition.number, self.shipper.data(partition), check,
                                      metrics, comet, self.buckets, keep_pairs, id_hashes, sacrebleu, pure=False)
            buckets = ([self.client.submit(_uses_bucket, task, bucket, pure=False)
                        for bucket in range(self.buckets)] if check is not None else [])
            pending.append((partition, self.client.submit(_without_uses, task, pure=False), buckets))

        def take() -> None:
            partition, summary, buckets = pending.popleft()
            consume(partition, _result(summary))
            uses.append(buckets)

        for partition in self.partitions:
            submit(partition)
            if len(pending) >= self.window:
                take()
        while pending:
            take()
        return uses

    def judged(self, uses: list[list[Future]]) -> np.ndarray:
        tasks = [self.client.submit(_judge_bucket, *[partition[bucket] for partition in uses], pure=False)
                 for bucket in range(self.buckets)]
        tables = [_result(task) for task in tasks]
        from mtreview.checks.engine import sort_flagged

        joined = np.concatenate(tables) if tables else np.zeros((0, 5), dtype=np.int64)
        return sort_flagged(joined)

    def rows_at(self, positions: Sequence[int]) -> dict[int, tuple[Pair, int]]:
        """The pairs at these positions (and their lines), read from their partitions."""
        by_partition: dict[int, list[int]] = {}
        for position in positions:
            by_partition.setdefault(position >> POSITION_BITS, []).append(position & ((1 << POSITION_BITS) - 1))
        found: dict[int, tuple[Pair, int]] = {}
        tasks = [self.client.submit(_pairs_at, number, self.shipper.data(self.partitions[number]), rows, pure=False)
                 for number, rows in sorted(by_partition.items())]
        for task in tasks:
            found.update(_result(task))
        return found

    def described(self, flagged: np.ndarray, check: CheckOptions) -> list[tuple[int, list[Finding], str]]:
        if not len(flagged):
            return []
        usual = {position: pair for position, (pair, _) in self.rows_at(np.unique(flagged[:, 3]).tolist()).items()}
        partition_of = flagged[:, 0] >> POSITION_BITS
        tasks = []
        for number in np.unique(partition_of).tolist():
            rows = flagged[partition_of == number]
            quoted = {position: usual[position] for position in np.unique(rows[:, 3]).tolist()}
            tasks.append(self.client.submit(_describe, number, self.shipper.data(self.partitions[number]), rows,
                                            quoted, check, pure=False))
        return [item for task in tasks for item in _result(task)]

    def refuse_repeated_ids(self, hashes: np.ndarray) -> None:
        """The local reader's error for a repeated id: the first row (in corpus order) whose id came before."""
        from mtreview.inputs.shards import duplicate_id_error

        if len(hashes) < 2:
            return
        values = hashes[:, 0]
        ordered = np.sort(values)
        repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
        if not len(repeated):
            return
        candidates = hashes[np.isin(values, repeated), 1].tolist()
        rows = self.rows_at(candidates)
        first: dict[str, int] = {}
        for position in sorted(candidates):
            pair, line = rows[position]
            if pair.id in first:
                earlier = first[pair.id]
                raise duplicate_id_error(pair.id, (self._path(position), line),
                                         (self._path(earlier), rows[earlier][1]))
            first[pair.id] = position

    def _path(self, position: int) -> Any:
        piece = self.partitions[position >> POSITION_BITS].piece
        return piece.path if piece is not None else ""


def _result(future: Future) -> Any:
    """A task's result; a worker lost for good becomes one EngineError (a library error travels as raised)."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as error:
        raise EngineError(f"a Dask worker died running {error.task!r} (out of memory? see the worker's log)") from None


def _check_and_score(client: Client, source: Source, options: EngineOptions, check: CheckOptions | None,
                     scorer: CorpusScorer | None, keep_pairs: bool) -> CheckRun:
    """The whole pass; the scorer (if any) ends with every partition merged in corpus order."""
    from mtreview.spill import SpillList

    keep_pairs = keep_pairs and isinstance(source, Shards)  # a corpus read here has its pairs here
    run = _Run(client, source, options)
    per_pair: SpillList[tuple[int, list[Finding], str]] = SpillList()
    pairs: SpillList[Pair] | None = SpillList() if keep_pairs else None
    hashes: list[np.ndarray] = []
    count = 0

    def consume(partition: _Partition, result: dict) -> None:
        nonlocal count
        count += result["count"]
        per_pair.extend(result.get("findings", ()))
        if scorer is not None:
            scorer.merge(result["scores"])
        if pairs is not None:
            pairs.extend(result["pairs"])
        if "id_hashes" in result:
            positions = (partition.number << POSITION_BITS) + np.arange(result["count"], dtype=np.int64)
            hashes.append(np.stack([result["id_hashes"], positions], axis=1))

    if check is not None:
        check.checks()  # unknown ids and profiles are refused here, before any task runs
    try:
        uses = run.phase_one(check, scorer, keep_pairs, consume)
        if isinstance(source, Shards):
            if not count:
                raise _no_rows(source)
            run.refuse_repeated_ids(np.concatenate(hashes))
        corpus_findings = run.described(run.judged(uses), check) if check is not None else []
        del uses
        findings: SpillList[Finding] = SpillList()
        flagged: SpillList[str] = SpillList()
        for _, merged, target in _merged(iter(per_pair), iter(corpus_findings)):
            for finding in sorted(merged, key=sort_key):
                findings.append(finding)
                span = finding.target_span
                flagged.append(target[span[0]:span[1]] if span else "")
    except BaseException:
        if pairs is not None:
            pairs.close()
        raise
    finally:
        per_pair.close()
    if pairs is None and isinstance(source, Corpus):
        return CheckRun(findings, flagged, count, source.pairs)
    return CheckRun(findings, flagged, count, pairs)


def _refuse_pair_level(names: list[str]) -> None:
    """COMET stays on one machine for now: on workers each partition would load the model again and write
    one SQLite score cache from several processes."""
    from mtreview.errors import MetricError
    from mtreview.metrics import PAIR_LEVEL

    refused = [name for name in names if name in PAIR_LEVEL]
    if refused:
        raise MetricError(f"{', '.join(refused)} does not run on --engine dask: score it with --engine local "
                          "(the sacrebleu metrics run on the cluster)")


def _no_rows(source: Shards) -> Exception:
    from mtreview.errors import InputError

    return InputError(source.origin, "the shards hold no rows")


def _merged(first: Iterator[tuple[int, list[Finding], str]],
            second: Iterator[tuple[int, list[Finding], str]]) -> Iterator[tuple[int, list[Finding], str]]:
    """Two (position, findings, target) streams in position order as one; a pair in both gets the first's
    findings, then the second's (as the local engine merges per-pair and corpus findings)."""
    left, right = next(first, None), next(second, None)
    while left is not None or right is not None:
        if right is None or (left is not None and left[0] < right[0]):
            assert left is not None
            yield left
            left = next(first, None)
        elif left is None or right[0] < left[0]:
            yield right
            right = next(second, None)
        else:
            yield left[0], left[1] + right[1], left[2]
            left, right = next(first, None), next(second, None)


# --- what the commands call -------------------------------------------------------------------------------

def check_on_dask(source: Source, options: CheckOptions, engine: EngineOptions, *,
                  keep_pairs: bool = False) -> CheckRun:
    """Every selected check on every pair, on the cluster. keep_pairs: bring sharded pairs back here
    too (SpillList), e.g. to name the document by its source text."""
    with dask_client(engine) as client:
        return _check_and_score(client, source, engine, options, None, keep_pairs=keep_pairs)


def score_on_dask(source: Source, metrics: str | None, comet: CometOptions | None, engine: EngineOptions,
                  sacrebleu: SacrebleuSettings | None = None) -> tuple[list[Score], list[str]]:
    from mtreview.metrics import CorpusScorer, parse_metric_names

    _refuse_pair_level(parse_metric_names(metrics))  # before COMET's model would be looked for
    scorer = CorpusScorer(metrics, comet, sacrebleu)  # unknown metrics refused before the cluster starts
    with dask_client(engine) as client:
        _check_and_score(client, source, engine, None, scorer, keep_pairs=False)
    return scorer.finish()


def review_on_dask(source: Source, options: ReviewOptions, engine: EngineOptions) -> Review:
    """review_corpus with the check and score pass on the cluster; the pairs come back for the reports
    and the history (a SpillList on disk)."""
    from mtreview.metrics import parse_metric_names
    from mtreview.review import review_corpus

    _refuse_pair_level(parse_metric_names(options.metrics))
    corpus = source if isinstance(source, Corpus) else Corpus(name=source.name, pairs=[], origin=source.origin)
    with dask_client(engine) as client:
        def on_cluster(check_options: CheckOptions, scorer: CorpusScorer) -> tuple[Sequence[Pair], Sequence[Finding]]:
            done = _check_and_score(client, source, engine, check_options, scorer, keep_pairs=True)
            assert done.pairs is not None
            return done.pairs, done.findings

        return review_corpus(corpus, options, check_and_score=on_cluster)
