"""Rule-based checks: a registry filled by the @check decorator, and the engine that runs them.

A check is a function `(pair, context) -> Iterable[Hit]`. A corpus check (consistency: one source,
term or name, one rendering), registered with @corpus_check, is a function `(pair, context) ->
Iterable[Use]` naming what the pair renders and how; the engine finds, across the corpus, the uses
whose rendering differs from the usual one and asks the check's `describe` for the Hit. Uses travel
as 64-bit hashes, so the corpus-wide comparison costs a few bytes a pair however large the corpus.
Its id, MQM category and default severity come from the decorator, its user-facing title from the
first line of its docstring.
Severity follows evidence: evidence.json beside this module (written by benchmarks/checks_vs_mqm.py
--write) holds each check's span precision against human MQM error spans; a check measured below
TRUSTED_PRECISION over at least EVIDENCE_MIN_FINDINGS findings reports one severity lower, and below
OFF_PRECISION it is off unless selected by id (see apply_evidence). A check with no evidence runs as declared.
Gate checks (empty target, target identical to source, nothing translated) run first: when one fires
on a pair, the other checks skip that pair, since everything they would say is noise. The engine turns
hits into `Finding`s with stable fingerprints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import import_module
from pathlib import Path

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


# describe(pair, use, usual_pair, usual_use) -> the finding for a use that differs from the usual: a Hit,
# a list of Hits, or None (or []) when the difference is nothing a reviewer can act on
Describe = Callable[[Pair, Use, Pair, Use], "Hit | list[Hit] | None"]


@dataclass(frozen=True)
class Evidence:
    """A check's measured span precision against human MQM error spans, over so many findings."""

    precision: float
    findings: int


@dataclass(frozen=True)
class CheckInfo:
    id: str
    category: str
    severity: Severity
    function: Callable[..., Iterable]
    gate: bool = False
    corpus: bool = False
    describe: Describe | None = None
    evidence: Evidence | None = None
    default_on: bool = True  # False: measured too imprecise to run unless selected by id
    demoted: int = 0  # severity steps below the declared ones, from the evidence

    @property
    def title(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.id

    def severity_of(self, hit: Hit) -> Severity:
        """A hit's severity: its own (lowered as the check's evidence says) or the check's."""
        return self.severity if hit.severity is None else lowered(hit.severity, self.demoted)


@dataclass
class CheckContext:
    """What checks may need beyond the pair itself."""

    terms: Sequence = field(default_factory=tuple)  # mtreview.terms.TermEntry
    do_not_translate: tuple[str, ...] = ()  # words kept unchanged in the English (brands, product codes)
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
        REGISTRY[check_id] = apply_evidence(CheckInfo(check_id, category, severity, function, gate=gate,
                                                      corpus=describe is not None, describe=describe))
        return function

    return register


def corpus_check(check_id: str, category: str, severity: Severity, *, describe: Describe):
    return check(check_id, category, severity, describe=describe)


EVIDENCE_FILE = Path(__file__).with_name("evidence.json")
EVIDENCE_MIN_FINDINGS = 20  # fewer findings than this measure nothing: the check runs as declared
TRUSTED_PRECISION = 0.5  # below: one severity lower (minor becomes neutral: shown, not scored)
OFF_PRECISION = 0.25  # below: off unless selected by id (gate checks are never off: they decide skips)


def lowered(severity: Severity, steps: int) -> Severity:
    order = sorted(Severity, key=lambda item: item.rank)
    return order[max(severity.rank - steps, 0)]


@cache
def measured_evidence() -> dict[str, Evidence]:
    """evidence.json's measurements by check id; none when the file is absent."""
    try:
        data = json.loads(EVIDENCE_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {check_id: Evidence(float(row["precision"]), int(row["findings"]))
            for check_id, row in data.get("checks", {}).items()}


# Checks whose measured precision the rule does not act on, and why: decided per check, by the authority
# the check follows where MQM raters are not that authority.
EVIDENCE_DECISIONS: dict[str, tuple[str, str]] = {
    "spelling-variant": ("off", "raters do not mark the other variant (WMT23: 0.32); a desk that enforces one "
                                "names a severity for it in its house style ([checks] spelling-variant)"),
}


def evidence_action(check_id: str, evidence: Evidence | None, gate: bool = False) -> str:
    """What a measurement does to a check: "declared" (runs as declared), "lower" (one severity lower)
    or "off" (runs only when selected by id)."""
    if check_id in EVIDENCE_DECISIONS:
        return EVIDENCE_DECISIONS[check_id][0]
    if evidence is None or evidence.findings < EVIDENCE_MIN_FINDINGS or evidence.precision >= TRUSTED_PRECISION:
        return "declared"
    return "off" if evidence.precision < OFF_PRECISION and not gate else "lower"


def apply_evidence(info: CheckInfo) -> CheckInfo:
    """The check as its measured precision has it run by default (see the module docstring)."""
    evidence = measured_evidence().get(info.id)
    if evidence is None:
        return info
    info = replace(info, evidence=evidence)
    action = evidence_action(info.id, evidence, info.gate)
    if action == "off":
        return replace(info, default_on=False)
    if action == "lower":
        return replace(info, severity=lowered(info.severity, 1), demoted=1)
    return info


def _family(info: CheckInfo) -> str:
    return info.function.__module__.rsplit(".", 1)[-1]


# Named selections of checks; "default" is every check. A check its evidence turned off is in none of
# them (select_checks): only --select runs it.
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
    in_profile = [check_id for check_id, info in registry.items()
                  if info.default_on and PROFILES[profile or "default"](info)]
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
    "CHUNK_SIZE", "PARALLEL_THRESHOLD", "PARALLEL_WORKERS", "CheckContext", "CheckInfo", "CheckOptions", "Evidence",
    "EVIDENCE_DECISIONS", "Hit", "apply_evidence", "evidence_action", "lowered", "measured_evidence",
    "PROFILES", "REGISTRY", "Use", "UseTable", "available_checks", "check", "check_chunk", "check_corpus",
    "consistency_uses", "corpus_check", "default_workers", "run_checks", "run_corpus_checks", "select_checks",
]
