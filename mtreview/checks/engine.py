"""The engine that runs the registered checks over a corpus: block by block (mtreview.spill), per-pair
checks in chunks on worker processes, corpus checks judged from hashed uses once every block is in."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from mtreview import progress
from mtreview.checks.registry import (
    PROFILES,
    CheckContext,
    CheckInfo,
    Hit,
    Use,
    available_checks,
    select_checks,
)
from mtreview.records import Finding, Pair, Severity, fingerprint
from mtreview.spill import SpillList, blocks_of

if TYPE_CHECKING:  # numpy is imported where the corpus checks are judged, not with the engine
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np
    import numpy.typing as npt

# Inputs at least this large are checked by a pool of worker processes (one per core, at most
# PARALLEL_WORKERS): below it, starting the workers costs more than they save.
PARALLEL_THRESHOLD = 20_000
PARALLEL_WORKERS = 2
CHUNK_SIZE = 2_000
WARM_UP = 200


@dataclass(frozen=True)
class CheckOptions:
    """Everything a chunk of pairs is checked with: picklable, so it travels to worker processes
    (multiprocessing, or a Dask/Spark executor) once, beside chunks of pairs."""

    context: CheckContext = field(default_factory=CheckContext)
    select: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    profile: str | None = None

    def checks(self) -> list[CheckInfo]:
        return _styled_checks(self)


def _styled_checks(options: CheckOptions) -> list[CheckInfo]:
    """The selected checks as the house style (context.style) has them: its rules added as checks
    rule:<name> (selectable and excludable like any check), the checks it turns off left out, and
    its severity overrides applied to every finding of the check, whatever severity a hit carries."""
    from mtreview.checks.rules import rule_check

    style = options.context.style
    rules = {rule.check_id: rule_check(rule) for rule in style.rules}
    select = [check_id for check_id in options.select or () if check_id not in rules]
    exclude = [check_id for check_id in options.exclude or () if check_id not in rules]
    # --select naming only rules runs only those rules
    chosen: list[CheckInfo] = [] if options.select and not select else select_checks(select or None, exclude, options.profile)
    profile = options.profile or "default"
    if not options.select:
        # A check its measured precision turned off runs when the house style names a severity for it.
        taken = {info.id for info in chosen}
        chosen += [info for check_id, info in available_checks().items()
                   if not info.default_on and check_id not in taken and check_id not in exclude
                   and style.severities.get(check_id, "off") != "off" and PROFILES[profile](info)]
    chosen += [info for check_id, info in rules.items()
               if (check_id in (options.select or ()) or not options.select and profile == "default"
                   or not options.select and profile == "gate" and info.severity.rank >= Severity.MAJOR.rank)
               and check_id not in (options.exclude or ())]
    styled = []
    for info in chosen:
        override = style.severities.get(info.id)
        if override == "off":
            continue
        styled.append(info if override is None else _with_severity(info, Severity(override)))
    return styled


def _with_severity(info: CheckInfo, severity: Severity) -> CheckInfo:
    """The check with every hit at the given severity (a corpus check's through its describe)."""
    from dataclasses import replace

    if info.describe is not None:
        describe = info.describe

        def redescribed(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> Hit | list[Hit] | None:
            # a corpus check's describe gives one Hit, or several (or none)
            described = describe(pair, use, usual_pair, usual_use)
            if isinstance(described, Hit):
                return replace(described, severity=severity)
            return [replace(hit, severity=severity) for hit in described or ()]

        return replace(info, severity=severity, describe=redescribed)
    function = info.function

    def restyled(pair: Pair, context: CheckContext) -> Iterator[Hit]:
        return (replace(hit, severity=severity) for hit in info.hits(pair, context))

    restyled.__doc__, restyled.__module__ = function.__doc__, function.__module__
    return replace(info, severity=severity, function=restyled)


def _sort_key(finding: Finding) -> tuple[tuple[int, int], str]:
    return (finding.target_span or (-1, -1), finding.check)


def stable_hash64(text: str) -> int:
    # Stable across processes (str hashes are salted per process) and across machines.
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


# A use as it travels: (corpus check's number in the selection, group hash, form hash, ordinal among
# that check's uses in the pair).
UseKey = tuple[int, int, int, int]


def _check_pairs(pairs: Sequence[Pair], options: CheckOptions) -> list[tuple[list[Finding], bool, list[UseKey]]]:
    """Per pair (in order): its findings from the gate and per-pair checks, whether a gate fired, and
    the hashed uses of the corpus checks (none for a gated pair)."""
    checks = options.checks()
    gates = [info for info in checks if info.gate]
    per_pair = [info for info in checks if not info.gate and not info.corpus]
    corpus = [info for info in checks if info.corpus]
    context = options.context
    results: list[tuple[list[Finding], bool, list[UseKey]]] = []
    for pair in pairs:
        gated = [(info, hit) for info in gates for hit in info.hits(pair, context)]
        if gated:
            results.append((_findings(pair, gated), True, []))
            continue
        findings = _findings(pair, [(info, hit) for info in per_pair for hit in info.hits(pair, context)])
        # The group is scoped by the pair's system and document: two systems' (or two documents')
        # renderings are never compared, so one table of many systems is many corpora to these checks.
        scope = f"{pair.system}\0{pair.document}\0"
        uses = [(number, stable_hash64(f"{info.id}\0{scope}{use.group}"), stable_hash64(use.form), ordinal)
                for number, info in enumerate(corpus)
                for ordinal, use in enumerate(info.uses(pair, context))]
        results.append((findings, False, uses))
    return results


def check_pairs_with_uses(pairs: Sequence[Pair], options: CheckOptions) -> list[tuple[list[Finding], bool, list[UseKey]]]:
    """Per pair, in order: its gate and per-pair findings (unsorted, as check_corpus merges them), whether a
    gate fired, and its corpus checks' hashed uses: one partition's work for a distributed engine."""
    return _check_pairs(pairs, options)


def sort_key(finding: Finding) -> tuple[tuple[int, int], str]:
    """The order of one pair's findings: by target span (none first), then check id."""
    return _sort_key(finding)


def check_chunk(pairs: Sequence[Pair], options: CheckOptions) -> list[Finding]:
    """The per-pair checks on one chunk of pairs: findings in pair order, then by target position.

    A pure function of its arguments, with no state shared between chunks: check_corpus maps it over
    a process pool, and it maps as well over a Dask bag or a Spark RDD's partitions. Corpus checks
    (consistency across pairs) are not run here (see consistency_uses and judge_uses).
    A pair with a finding from a gate check (empty target, ...) was skipped by the other checks.
    """
    return [finding for findings, _, _ in _check_pairs(pairs, options)
            for finding in sorted(findings, key=_sort_key)]


_WORKER_OPTIONS: CheckOptions | None = None


def _init_worker(options: CheckOptions) -> None:
    import signal

    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    # Ctrl-C reaches the whole process group; only the parent reacts (one line, its clean-up), so a worker
    # never prints a KeyboardInterrupt traceback. SIGTERM keeps its default: a worker just ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


CheckedPairs = list[tuple[list[Finding], bool, list[UseKey]]]


def _check_pairs_in_worker(pairs: Sequence[Pair]) -> CheckedPairs:
    assert _WORKER_OPTIONS is not None
    return _check_pairs(pairs, _WORKER_OPTIONS)


class _Pool:
    """Worker processes for the per-pair checks, started once for all blocks of a corpus."""

    def __init__(self, options: CheckOptions, workers: int) -> None:
        self.options, self.workers = options, workers
        self.executor: ProcessPoolExecutor | None = None

    def check(self, pairs: list[Pair]) -> CheckedPairs | None:
        """_check_pairs over chunks in the pool, results in input order; None if no pool can run here."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        head: CheckedPairs = []
        if self.executor is None:
            # The first pairs are checked here: that fills the checks' lazy tables (dictionaries,
            # compiled term patterns), which forked workers then inherit instead of each building its own.
            head = _check_pairs(pairs[:WARM_UP], self.options)
            pairs = pairs[WARM_UP:]
        chunks = [pairs[start:start + CHUNK_SIZE] for start in range(0, len(pairs), CHUNK_SIZE)]
        try:
            if self.executor is None:
                self.executor = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker,
                                                    initargs=(self.options,))
            return head + [result for chunk in self.executor.map(_check_pairs_in_worker, chunks)
                           for result in chunk]
        except (OSError, NotImplementedError, BrokenProcessPool, PermissionError):
            self.close()
            return None  # no processes here (sandbox, no /dev/shm): the caller checks in-process

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
            self.executor = None


def _parallel_check_pairs(pool: _Pool, pairs: list[Pair]) -> CheckedPairs | None:
    return pool.check(pairs)


def default_workers(count: int) -> int:
    if count < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(PARALLEL_WORKERS, os.cpu_count() or 1))


class UseTable:
    """The corpus checks' uses of a whole corpus as five packed integer columns (about 40 bytes a
    use), filled block by block; judge() finds the uses that differ from their group's usual form."""

    def __init__(self) -> None:
        from array import array

        self.check, self.group, self.form = array("l"), array("q"), array("q")
        self.position, self.ordinal = array("q"), array("l")

    def add(self, position: int, uses: Iterable[UseKey]) -> None:
        for number, group, form, ordinal in uses:
            self.check.append(number)
            self.group.append(group)
            self.form.append(form)
            self.position.append(position)
            self.ordinal.append(ordinal)

    def judge(self) -> npt.NDArray[np.int64]:
        """An (n, 5) integer array, one row per use whose form is not the usual one of its group:
        (position, check number, ordinal, usual's position, usual's ordinal), sorted (see judge_uses)."""
        import numpy as np

        return judge_uses(np.frombuffer(self.group, dtype=np.int64), np.frombuffer(self.form, dtype=np.int64),
                          np.frombuffer(self.position, dtype=np.int64), np.asarray(self.check, dtype=np.int64),
                          np.asarray(self.ordinal, dtype=np.int64))


def judge_uses(group: npt.NDArray[np.int64], form: npt.NDArray[np.int64], position: npt.NDArray[np.int64],
               number: npt.NDArray[np.int64], ordinal: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The uses (five integer arrays, in corpus order: by position, then check number, then ordinal) whose
    form is not the usual one of their group, as an (n, 5) array of (position, check number, ordinal,
    usual's position, usual's ordinal), sorted. The usual form is the most frequent, on a tie the one
    seen first (as Counter.most_common has it); the usual use is that form's first use.

    A group's verdict depends on its own uses only, so the uses may be split by group (the Dask engine
    judges each hash bucket of groups on its own) as long as each part keeps corpus order."""
    import numpy as np

    count = len(group)
    if count < 2:
        return np.zeros((0, 5), dtype=np.int64)
    seen = np.arange(count)  # uses come in corpus order
    order = np.lexsort((seen, form, group))
    sorted_group, sorted_form = group[order], form[order]
    starts_run = np.ones(count, dtype=bool)
    starts_run[1:] = (sorted_group[1:] != sorted_group[:-1]) | (sorted_form[1:] != sorted_form[:-1])
    run_of_row = np.cumsum(starts_run) - 1
    run_start = np.flatnonzero(starts_run)
    run_size = np.diff(np.append(run_start, count))
    run_first = order[run_start]  # each run's first use in corpus order (rows sorted by `seen`)
    run_group = sorted_group[run_start]
    # the usual run of each group: largest, then earliest
    ranked = np.lexsort((run_first, -run_size, run_group))
    starts_group = np.ones(len(ranked), dtype=bool)
    starts_group[1:] = run_group[ranked][1:] != run_group[ranked][:-1]
    usual_of_group = ranked[starts_group]
    usual_run = np.empty(len(ranked), dtype=np.int64)
    usual_run[ranked] = usual_of_group[np.cumsum(starts_group) - 1]
    flagged_rows = np.flatnonzero(usual_run[run_of_row] != run_of_row)
    flagged = order[flagged_rows]
    usual = run_first[usual_run[run_of_row[flagged_rows]]]
    rows = np.stack([position[flagged], number[flagged], ordinal[flagged], position[usual], ordinal[usual]],
                    axis=1)
    return sort_flagged(rows)


def sort_flagged(rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Judged rows (position, check number, ordinal, ...) in corpus order."""
    import numpy as np

    ordered: npt.NDArray[np.int64] = rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
    return ordered


def consistency_uses(pairs: Sequence[Pair], options: CheckOptions) -> list[list[UseKey]]:
    """The hashed uses of the corpus checks, per pair (empty for a gated pair), for a distributed run:
    gather them with the pairs' global positions into a UseTable and judge() it (see the README)."""
    return [uses for _, _, uses in _check_pairs(pairs, options)]


def _take(pairs: Sequence[Pair], positions: Iterable[int]) -> dict[int, Pair]:
    if isinstance(pairs, SpillList):
        return pairs.take(positions)
    return {position: pairs[position] for position in set(positions)}


def _corpus_findings(pairs: Sequence[Pair], table: UseTable,
                     options: CheckOptions) -> Iterator[tuple[int, list[Finding]]]:
    """The corpus checks' findings, (position, findings) in position order, built block by block from
    the judged uses: only the usual pairs the messages quote are held beside the block."""
    import numpy as np

    flagged = table.judge()
    if not len(flagged):
        return
    usual_pairs = _take(pairs, np.unique(flagged[:, 3]).tolist())
    uses_of: dict[tuple[int, int], list[Use]] = {}
    start = 0
    for block in blocks_of(pairs):
        end = start + len(block)
        low, high = np.searchsorted(flagged[:, 0], [start, end])
        yield from describe_flagged(PositionedBlock(block, start), flagged[low:high].tolist(), usual_pairs, options,
                                    uses_of)
        # the uses of this block's pairs are done with; those of the quoted usual pairs are kept
        uses_of = {key: value for key, value in uses_of.items() if key[0] in usual_pairs}
        start = end


class PairsByPosition(Protocol):
    """Pairs looked up by corpus position (a block, a partition)."""

    def __getitem__(self, position: int, /) -> Pair: ...


class PositionedBlock:
    """A block of pairs looked up by corpus position."""

    def __init__(self, block: Sequence[Pair], start: int) -> None:
        self.block, self.start = block, start

    def __getitem__(self, position: int) -> Pair:
        return self.block[position - self.start]


def describe_flagged(pairs_at: PairsByPosition, rows: Sequence[Sequence[int]],
                     usual_pairs: Mapping[int, Pair], options: CheckOptions,
                     uses_of: dict[tuple[int, int], list[Use]] | None = None) -> list[tuple[int, list[Finding]]]:
    """The corpus checks' findings of judged rows (position, check number, ordinal, usual's position,
    usual's ordinal; in corpus order), as (position, findings) in position order. `pairs_at[position]`
    is the flagged pair, `usual_pairs[position]` the usual one its message quotes; `uses_of` caches the
    pairs' uses between calls. The local engine calls it block by block, the Dask engine per partition."""
    corpus = [info for info in options.checks() if info.corpus]
    uses_of = {} if uses_of is None else uses_of

    def use(pair: Pair, position: int, number: int, ordinal: int) -> Use:
        key = (position, number)
        if key not in uses_of:
            uses_of[key] = list(corpus[number].uses(pair, options.context))
        return uses_of[key][ordinal]

    hits: dict[tuple[int, int], list[tuple[CheckInfo, Hit]]] = {}
    for position, number, ordinal, usual_position, usual_ordinal in rows:
        pair, usual_pair = pairs_at[position], usual_pairs[usual_position]
        describe = corpus[number].describe
        assert describe is not None  # a corpus check is registered with its describe
        described = describe(pair, use(pair, position, number, ordinal),
                             usual_pair, use(usual_pair, usual_position, number, usual_ordinal))
        # a Hit, several, or none where the difference is nothing a reviewer can act on
        for hit in () if described is None else (described,) if isinstance(described, Hit) else described:
            hits.setdefault((position, number), []).append((corpus[number], hit))
    by_position: dict[int, list[Finding]] = {}
    for (position, _), pair_hits in sorted(hits.items()):
        by_position.setdefault(position, []).extend(_findings(pairs_at[position], pair_hits))
    return sorted(by_position.items())


def check_corpus(pairs: Sequence[Pair], options: CheckOptions, *, workers: int | None = None,
                 on_block: Callable[[list[Pair]], None] | None = None) -> SpillList[Finding]:
    """Every selected check on every pair: findings in pair order, then by target position.

    The pairs are taken a block at a time (mtreview.spill), so memory holds one block of pairs and
    their findings whatever the corpus size; the findings are spilled to disk as they come. From
    PARALLEL_THRESHOLD pairs on (or whenever workers > 1) each block's per-pair checks run in chunks
    on a pool of worker processes; the corpus checks' uses come back hashed and are judged once all
    blocks are in. The findings are the same, in the same order, either way. on_block sees each
    block too (the review scores it while it is in memory).
    """
    options.checks()  # unknown ids and profiles are refused here, before any worker starts
    workers = default_workers(len(pairs)) if workers is None else workers
    per_pair: SpillList[tuple[int, list[Finding]]] = SpillList()
    table = UseTable()
    pool = _Pool(options, workers) if workers > 1 else None
    position = 0
    checking = progress.open_stage("checking", total=len(pairs))
    try:
        for block in blocks_of(pairs):
            if on_block is not None:
                on_block(block)
            results = None
            if pool is not None and len(block) > CHUNK_SIZE:
                results = _parallel_check_pairs(pool, block)
                if results is None:
                    pool = None
            if results is None:
                results = _check_pairs(block, options)
            for offset, (findings, _, uses) in enumerate(results):
                if findings:
                    per_pair.append((position + offset, findings))
                if uses:
                    table.add(position + offset, uses)
            position += len(block)
            checking.advance(len(block))
    finally:
        checking.close()
        if pool is not None:
            pool.close()
    merged: SpillList[Finding] = SpillList()
    for _, findings in _merged_by_position(iter(per_pair), _corpus_findings(pairs, table, options)):
        merged.extend(sorted(findings, key=_sort_key))
    per_pair.close()
    return merged


def _merged_by_position(first: Iterator[tuple[int, list[Finding]]],
                        second: Iterator[tuple[int, list[Finding]]]) -> Iterator[tuple[int, list[Finding]]]:
    """Two (position, findings) streams, each in position order, as one; a pair in both gets the
    first's findings then the second's."""
    left, right = next(first, None), next(second, None)
    while left is not None or right is not None:
        if left is not None and (right is None or left[0] < right[0]):
            yield left
            left = next(first, None)
        elif right is not None and (left is None or right[0] < left[0]):
            yield right
            right = next(second, None)
        elif left is not None and right is not None:
            yield left[0], left[1] + right[1]
            left, right = next(first, None), next(second, None)


def run_checks(
    pairs: Iterable[Pair],
    *,
    context: CheckContext | None = None,
    select: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    profile: str | None = None,
    workers: int | None = None,
) -> list[Finding]:
    """Run the selected checks on every pair; findings in pair order, then by target position
    (check_corpus, as a list)."""
    options = CheckOptions(context=context or CheckContext(),
                           select=tuple(select) if select else None,
                           exclude=tuple(exclude) if exclude else None, profile=profile)
    if not isinstance(pairs, Sequence):
        pairs = list(pairs)
    return list(check_corpus(pairs, options, workers=workers))


def _findings(pair: Pair, hits: list[tuple[CheckInfo, Hit]]) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[tuple[str, str], int] = {}
    for info, hit in hits:
        flagged = pair.target[hit.target_span[0]:hit.target_span[1]] if hit.target_span else ""
        occurrence = seen.get((info.id, flagged), 0)
        seen[(info.id, flagged)] = occurrence + 1
        findings.append(Finding(
            pair_id=pair.id,
            check=info.id,
            category=info.category,
            severity=info.severity_of(hit),
            message=hit.message,
            suggestion=hit.suggestion,
            target_span=hit.target_span,
            source_span=hit.source_span,
            fingerprint=fingerprint(info.id, pair.source, flagged, occurrence),
        ))
    return findings
