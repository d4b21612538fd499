"""Rule-based checks: a registry filled by the @check decorator, and the engine that runs them.

A check is a function `(pair, context) -> Iterable[Hit]`. A corpus check (consistency: one source,
term or name, one rendering), registered with @corpus_check, is a function `(pair, context) ->
Iterable[Use]` naming what the pair renders and how; the engine finds, across the corpus, the uses
whose rendering differs from the usual one and asks the check's `describe` for the Hit. Uses travel
as 64-bit hashes, so the corpus-wide comparison costs a few bytes a pair however large the corpus.
Its id, MQM category and default severity come from the decorator, its user-facing title from the
first line of its docstring.
Gate checks (empty target, target identical to source, nothing translated) run first: when one fires
on a pair, the other checks skip that pair, since everything they would say is noise. The engine turns
hits into `Finding`s with stable fingerprints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module

from mtreview.errors import UnknownCheckError
from mtreview.records import Pair, Severity, Span
from mtreview.style import DEFAULT_STYLE, HouseStyle


@dataclass(frozen=True)
class Hit:
    """What a check reports; the engine adds the check's metadata."""

    message: str
    target_span: Span | None = None
    source_span: Span | None = None
    suggestion: str | None = None
    severity: Severity | None = None  # overrides the check's default when set


@dataclass(frozen=True)
class Use:
    """Where a pair renders something that should be rendered one way across the corpus."""

    group: str  # what is rendered: a normalised source sentence, a term, a person's name
    form: str   # how this pair renders it
    target_span: Span
    source_span: Span | None = None


# describe(pair, use, usual_pair, usual_use) -> Hit: the finding for a use that differs from the usual
Describe = Callable[[Pair, Use, Pair, Use], Hit]


@dataclass(frozen=True)
class CheckInfo:
    id: str
    category: str
    severity: Severity
    function: Callable[..., Iterable]
    gate: bool = False
    corpus: bool = False
    describe: Describe | None = None

    @property
    def title(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.id


@dataclass
class CheckContext:
    """What checks may need beyond the pair itself."""

    terms: Sequence = field(default_factory=tuple)  # mtreview.terms.TermEntry
    style: HouseStyle = DEFAULT_STYLE  # the desk's conventions (mtreview.style)


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
    "mtreview.checks.punctuation",
    "mtreview.checks.grammar",
    "mtreview.checks.whitespace",
    "mtreview.checks.markup",
    "mtreview.checks.units",
    "mtreview.checks.pinyin",
    "mtreview.checks.spelling",
)


def check(check_id: str, category: str, severity: Severity, *, gate: bool = False,
          describe: Describe | None = None):
    def register(function: Callable[..., Iterable]):
        if check_id in REGISTRY:
            raise ValueError(f"check id {check_id!r} registered twice")
        REGISTRY[check_id] = CheckInfo(check_id, category, severity, function, gate=gate,
                                       corpus=describe is not None, describe=describe)
        return function

    return register


def corpus_check(check_id: str, category: str, severity: Severity, *, describe: Describe):
    return check(check_id, category, severity, describe=describe)


def _family(info: CheckInfo) -> str:
    return info.function.__module__.rsplit(".", 1)[-1]


# Named selections of checks; "default" is every check.
PROFILES: dict[str, Callable[[CheckInfo], bool]] = {
    "default": lambda info: True,
    "typography": lambda info: _family(info) in ("typography", "quotes", "spacing", "punctuation", "grammar",
                                                           "whitespace", "spelling"),
    "accuracy": lambda info: _family(info) in ("untranslated", "alignment", "numbers", "markup", "units"),
    "terminology": lambda info: _family(info) in ("terminology", "names", "consistency", "pinyin"),
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


# The engine, importable from here as before (it needs the registry above, so it comes last).
from mtreview.checks.engine import (  # noqa: E402
    CHUNK_SIZE,
    PARALLEL_THRESHOLD,
    PARALLEL_WORKERS,
    CheckOptions,
    UseTable,
    check_chunk,
    check_corpus,
    consistency_uses,
    default_workers,
    run_checks,
    run_corpus_checks,
)

__all__ = [
    "CHUNK_SIZE", "PARALLEL_THRESHOLD", "PARALLEL_WORKERS", "CheckContext", "CheckInfo", "CheckOptions", "Hit",
    "PROFILES", "REGISTRY", "Use", "UseTable", "available_checks", "check", "check_chunk", "check_corpus",
    "consistency_uses", "corpus_check", "default_workers", "run_checks", "run_corpus_checks", "select_checks",
]
