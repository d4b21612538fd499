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


def run_checks(
    pairs: Iterable[Pair],
    *,
    context: CheckContext | None = None,
    select: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    profile: str | None = None,
) -> list[Finding]:
    """Run the selected checks on every pair; findings in pair order, then by target position."""
    context = context or CheckContext()
    pairs = list(pairs)
    checks = select_checks(select, exclude, profile)
    gates = [info for info in checks if info.gate]
    per_pair = [info for info in checks if not info.gate and not info.corpus]
    corpus_checks = [info for info in checks if info.corpus]
    by_pair: dict[str, list[Finding]] = {pair.id: [] for pair in pairs}
    open_pairs = []
    for pair in pairs:
        gated = [(info, hit) for info in gates for hit in info.function(pair, context)]
        if gated:
            by_pair[pair.id].extend(_findings(pair, gated))
            continue
        open_pairs.append(pair)
        by_pair[pair.id].extend(_findings(pair, [(info, hit) for info in per_pair
                                                 for hit in info.function(pair, context)]))
    for info in corpus_checks:
        hits: dict[str, list] = {}
        pair_by_id = {pair.id: pair for pair in open_pairs}
        for pair, hit in info.function(open_pairs, context):
            hits.setdefault(pair.id, []).append((info, hit))
        for pair_id, pair_hits in hits.items():
            by_pair[pair_id].extend(_findings(pair_by_id[pair_id], pair_hits))
    findings: list[Finding] = []
    for pair in pairs:
        findings.extend(sorted(by_pair[pair.id], key=lambda f: (f.target_span or (-1, -1), f.check)))
    return findings


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
