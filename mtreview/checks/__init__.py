"""Rule-based checks: a registry filled by the @check decorator, and the engine that runs them.

A check is a function `(pair, context) -> Iterable[Hit]`. Its id, MQM category and default severity
come from the decorator, its user-facing title from the first line of its docstring. The engine turns
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
    function: Callable[..., Iterable[Hit]]

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
    "mtreview.checks.untranslated",
    "mtreview.checks.terminology",
    "mtreview.checks.alignment",
)


def check(check_id: str, category: str, severity: Severity):
    def register(function: Callable[..., Iterable[Hit]]):
        if check_id in REGISTRY:
            raise ValueError(f"check id {check_id!r} registered twice")
        REGISTRY[check_id] = CheckInfo(check_id, category, severity, function)
        return function

    return register


def available_checks() -> dict[str, CheckInfo]:
    for module in _FAMILIES:
        import_module(module)
    return REGISTRY


def select_checks(select: Iterable[str] | None = None, exclude: Iterable[str] | None = None) -> list[CheckInfo]:
    registry = available_checks()
    chosen = list(select) if select else list(registry)
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
) -> list[Finding]:
    """Run the selected checks on every pair; findings in pair order, then by target position."""
    context = context or CheckContext()
    checks = select_checks(select, exclude)
    findings: list[Finding] = []
    for pair in pairs:
        pair_findings: list[Finding] = []
        seen: dict[tuple[str, str], int] = {}
        for info in checks:
            for hit in info.function(pair, context):
                flagged = pair.target[hit.target_span[0]:hit.target_span[1]] if hit.target_span else ""
                occurrence = seen.get((info.id, flagged), 0)
                seen[(info.id, flagged)] = occurrence + 1
                pair_findings.append(
                    Finding(
                        pair_id=pair.id,
                        check=info.id,
                        category=info.category,
                        severity=hit.severity or info.severity,
                        message=hit.message,
                        suggestion=hit.suggestion,
                        target_span=hit.target_span,
                        source_span=hit.source_span,
                        fingerprint=fingerprint(info.id, pair.source, flagged, occurrence),
                    )
                )
        pair_findings.sort(key=lambda f: (f.target_span or (-1, -1), f.check))
        findings.extend(pair_findings)
    return findings
