"""Rule-based checks: a registry filled by the @check decorator, and the engine that runs them.

A check is a function `(pair, context) -> Iterable[Hit]`; a corpus check, registered with
@corpus_check, sees every pair at once (consistency) and yields `(pair, Hit)`. Its id, MQM category and
default severity come from the decorator, its user-facing title from the first line of its docstring.
Gate checks (empty target, target identical to source, nothing translated) run first: when one fires
on a pair, the other checks skip that pair, since everything they would say is noise. The engine turns
hits into `Finding`s with stable fingerprints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
import os
from importlib import import_module

from mtreview.errors import UnknownCheckError
from mtreview.records import Finding, Pair, Severity, Span, fingerprint


@dataclass(frozen=True)
class Hit:
    """What a check reports; the engine adds the check's metadata."""

    message: str
    target_span: Span | None = None
    source_span: Span | None = None
    suggestion: str | None = None
    severity: Severity | None = None  # overrides the check's default when set


@dataclass(frozen=True)
class CheckInfo:
    id: str
    category: str
    severity: Severity
    function: Callable[..., Iterable]
    gate: bool = False
    corpus: bool = False

    @property
    def title(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.id


@dataclass
class CheckContext:
    """What checks may need beyond the pair itself."""

    terms: Sequence = field(default_factory=tuple)  # mtreview.terms.TermEntry


REGISTRY: dict[str, CheckInfo] = {}

# Modules whose import fills the registry; one per family of checks.
_FAMILIES = (
    "mtreview.checks.typography",
    "mtreview.checks.quotes",
    "mtreview.checks.spacing",
    "mtreview.checks.untranslated",
    "mtreview.checks.terminology",
    "mtreview.checks.alignment",
    "mtreview.checks.numbers",
    "mtreview.checks.names",
    "mtreview.checks.consistency",
)


def check(check_id: str, category: str, severity: Severity, *, gate: bool = False, corpus: bool = False):
    def register(function: Callable[..., Iterable]):
        if check_id in REGISTRY:
            raise ValueError(f"check id {check_id!r} registered twice")
        REGISTRY[check_id] = CheckInfo(check_id, category, severity, function, gate=gate, corpus=corpus)
        return function

    return register


def corpus_check(check_id: str, category: str, severity: Severity):
    return check(check_id, category, severity, corpus=True)


def _family(info: CheckInfo) -> str:
    return info.function.__module__.rsplit(".", 1)[-1]


# Named selections of checks; "default" is every check.
PROFILES: dict[str, Callable[[CheckInfo], bool]] = {
    "default": lambda info: True,
    "typography": lambda info: _family(info) in ("typography", "quotes", "spacing"),
    "accuracy": lambda info: _family(info) in ("untranslated", "alignment", "numbers"),
    "terminology": lambda info: _family(info) in ("terminology", "names", "consistency"),
    # For CI gates: the checks whose default severity is major or worse.
    "gate": lambda info: info.severity.rank >= Severity.MAJOR.rank,
}


def available_checks() -> dict[str, CheckInfo]:
    for module in _FAMILIES:
        import_module(module)
    return REGISTRY


def select_checks(select: Iterable[str] | None = None, exclude: Iterable[str] | None = None,
                  profile: str | None = None) -> list[CheckInfo]:
    registry = available_checks()
    if profile is not None and profile not in PROFILES:
        raise UnknownCheckError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    in_profile = [check_id for check_id, info in registry.items() if PROFILES[profile or "default"](info)]
    chosen = list(select) if select else in_profile
    excluded = set(exclude or ())
    unknown = sorted((set(chosen) | excluded) - set(registry))
    if unknown:
        raise UnknownCheckError(
            f"unknown check id(s): {', '.join(unknown)}; known: {', '.join(sorted(registry))}"
        )
    return [registry[check_id] for check_id in chosen if check_id not in excluded]


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
        return select_checks(self.select, self.exclude, self.profile)


def _sort_key(finding: Finding):
    return (finding.target_span or (-1, -1), finding.check)


def _check_pairs(pairs: Sequence[Pair], options: CheckOptions) -> list[tuple[list[Finding], bool]]:
    """Per pair (in order): its findings from the gate and per-pair checks, and whether a gate fired."""
    checks = options.checks()
    gates = [info for info in checks if info.gate]
    per_pair = [info for info in checks if not info.gate and not info.corpus]
    context = options.context
    results = []
    for pair in pairs:
        gated = [(info, hit) for info in gates for hit in info.function(pair, context)]
        if gated:
            results.append((_findings(pair, gated), True))
        else:
            results.append((_findings(pair, [(info, hit) for info in per_pair
                                             for hit in info.function(pair, context)]), False))
    return results


def check_chunk(pairs: Sequence[Pair], options: CheckOptions) -> list[Finding]:
    """The per-pair checks on one chunk of pairs: findings in pair order, then by target position.

    A pure function of its arguments, with no state shared between chunks: run_checks maps it over
    a process pool, and it maps as well over a Dask bag or a Spark RDD's partitions. Corpus checks
    (consistency across pairs) are not run here; they need every pair (see run_corpus_checks).
    A pair with a finding from a gate check (empty target, ...) was skipped by the other checks.
    """
    return [finding for findings, _ in _check_pairs(pairs, options)
            for finding in sorted(findings, key=_sort_key)]


_WORKER_OPTIONS: CheckOptions | None = None


def _init_worker(options: CheckOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options


def _check_pairs_in_worker(pairs: Sequence[Pair]) -> list[tuple[list[Finding], bool]]:
    assert _WORKER_OPTIONS is not None
    return _check_pairs(pairs, _WORKER_OPTIONS)


def _parallel_check_pairs(pairs: list[Pair], options: CheckOptions, workers: int):
    """_check_pairs over chunks in a process pool, results in input order; None if no pool."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # The first pairs are checked here: that fills the checks' lazy tables (dictionaries, compiled
    # term patterns), which forked workers then inherit instead of each building its own.
    head = _check_pairs(pairs[:WARM_UP], options)
    chunks = [pairs[start:start + CHUNK_SIZE] for start in range(WARM_UP, len(pairs), CHUNK_SIZE)]
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(options,)) as pool:
            return head + [result for chunk in pool.map(_check_pairs_in_worker, chunks) for result in chunk]
    except (OSError, NotImplementedError, BrokenProcessPool, PermissionError):
        return None  # no processes here (sandbox, no /dev/shm): the caller checks in-process


def default_workers(count: int) -> int:
    if count < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(PARALLEL_WORKERS, os.cpu_count() or 1))


def run_corpus_checks(pairs: Sequence[Pair], options: CheckOptions) -> dict[int, list[Finding]]:
    """The corpus checks over the given (ungated) pairs: findings keyed by the pair's position."""
    results: dict[int, list[Finding]] = {}
    position_of = {pair.id: index for index, pair in enumerate(pairs)}
    for info in [info for info in options.checks() if info.corpus]:
        hits: dict[str, list] = {}
        for pair, hit in info.function(list(pairs), options.context):
            hits.setdefault(pair.id, []).append((info, hit))
        for pair_id, pair_hits in hits.items():
            index = position_of[pair_id]
            results.setdefault(index, []).extend(_findings(pairs[index], pair_hits))
    return results


def run_checks(
    pairs: Iterable[Pair],
    *,
    context: CheckContext | None = None,
    select: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    profile: str | None = None,
    workers: int | None = None,
) -> list[Finding]:
    """Run the selected checks on every pair; findings in pair order, then by target position.

    From PARALLEL_THRESHOLD pairs on (or whenever workers > 1), the per-pair checks run in chunks
    on a pool of worker processes (check_chunk); the corpus checks run here, on all pairs. The
    findings are the same, in the same order, either way.
    """
    options = CheckOptions(context=context or CheckContext(),
                           select=tuple(select) if select else None,
                           exclude=tuple(exclude) if exclude else None, profile=profile)
    pairs = list(pairs)
    options.checks()  # unknown ids and profiles are refused here, before any worker starts
    workers = default_workers(len(pairs)) if workers is None else workers
    per_pair = None
    if workers > 1 and len(pairs) > CHUNK_SIZE:
        per_pair = _parallel_check_pairs(pairs, options, workers)
    if per_pair is None:
        per_pair = _check_pairs(pairs, options)
    by_pair: dict[str, list[Finding]] = {pair.id: [] for pair in pairs}
    for pair, (findings, _) in zip(pairs, per_pair):
        by_pair[pair.id].extend(findings)
    open_pairs = [pair for pair, (_, gated) in zip(pairs, per_pair) if not gated]
    for index, findings in sorted(run_corpus_checks(open_pairs, options).items()):
        by_pair[open_pairs[index].id].extend(findings)
    result: list[Finding] = []
    for pair in pairs:
        result.extend(sorted(by_pair[pair.id], key=_sort_key))
    return result


def _findings(pair: Pair, hits: list[tuple[CheckInfo, Hit]]) -> list[Finding]:
    findings = []
    seen: dict[tuple[str, str], int] = {}
    for info, hit in hits:
        flagged = pair.target[hit.target_span[0]:hit.target_span[1]] if hit.target_span else ""
        occurrence = seen.get((info.id, flagged), 0)
        seen[(info.id, flagged)] = occurrence + 1
        findings.append(Finding(
            pair_id=pair.id,
            check=info.id,
            category=info.category,
            severity=hit.severity or info.severity,
            message=hit.message,
            suggestion=hit.suggestion,
            target_span=hit.target_span,
            source_span=hit.source_span,
            fingerprint=fingerprint(info.id, pair.source, flagged, occurrence),
        ))
    return findings
