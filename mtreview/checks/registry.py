"""The checks registry: the @check and @corpus_check decorators, what a check declares, the profiles,
evidence, and the discovery of the modules that register checks.

A check is a function `(pair, context) -> Iterable[Hit]`. A corpus check (consistency: one source,
term or name, one rendering), registered with @corpus_check, is a function `(pair, context) ->
Iterable[Use]` naming what the pair renders and how; the engine finds, across the corpus, the uses
whose rendering differs from the usual one and asks the check's `describe` for the Hit.
Its id, MQM category and default severity come from the decorator, its user-facing title from the
first line of its docstring. Its family, profiles and ITS 2.0 issue type come from the decorator too,
or from the module's FAMILY, PROFILES and ITS_TYPE (family: the module's name; profiles: none beyond
"default" and "gate"; ITS type: its category's).
Every module of this package but the registry and the engine is imported by available_checks(): a new
family is a new module, listed nowhere.
Severity follows evidence: evidence.json beside this module (written by benchmarks/checks_vs_mqm.py
--write) holds each check's span precision against human MQM error spans; a check measured below
TRUSTED_PRECISION over at least EVIDENCE_MIN_FINDINGS findings reports one severity lower, and below
OFF_PRECISION it is off unless selected by id (see apply_evidence). A check with no evidence runs as declared.
"""

from __future__ import annotations

import json
import pkgutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TypeVar, cast

from mtreview.errors import UnknownCheckError
from mtreview.records import Category, Pair, Severity, Span
from mtreview.style import DEFAULT_STYLE, HouseStyle
from mtreview.terms.entry import TermEntry


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


# MQM category → ITS 2.0 locQualityIssueType: a check's ITS type unless it declares another.
ITS_TYPES: dict[str, str] = {
    Category.MISTRANSLATION: "mistranslation",
    Category.OMISSION: "omission",
    Category.ADDITION: "addition",
    Category.UNTRANSLATED: "untranslated",
    Category.PUNCTUATION: "typographical",
    Category.SPELLING: "misspelling",
    Category.GRAMMAR: "grammar",
    Category.CHARACTER_ENCODING: "characters",
    Category.TERMINOLOGY: "terminology",
    Category.TERMINOLOGY_INCONSISTENT: "inconsistency",
    Category.INCONSISTENCY: "inconsistency",
    Category.AWKWARD: "style",
    Category.DATE_FORMAT: "locale-violation",
    Category.NUMBER_FORMAT: "numbers",
}
# The values ITS 2.0 allows for locQualityIssueType.
ITS_ISSUE_TYPES = frozenset(
    "terminology mistranslation omission untranslated addition duplication inconsistency grammar legal register "
    "locale-specific-content locale-violation style characters misspelling typographical formatting "
    "inconsistent-entities numbers markup pattern-problem whitespace internationalization length "
    "non-conformance uncategorized other".split())


def its_type_of(category: str) -> str:
    return ITS_TYPES.get(category, "other")


@dataclass(frozen=True)
class CheckInfo:
    id: str
    category: str
    severity: Severity
    function: CheckFunction  # gives Hits, or Uses for a corpus check
    gate: bool = False
    corpus: bool = False
    describe: Describe | None = None
    evidence: Evidence | None = None
    default_on: bool = True  # False: measured too imprecise to run unless selected by id
    demoted: int = 0  # severity steps below the declared ones, from the evidence
    family: str = ""  # the module of checks it belongs to (typography, numbers, ...)
    profiles: tuple[str, ...] = ()  # the named selections (DECLARED_PROFILES) it is in
    its_type: str = ""  # ITS 2.0 locQualityIssueType for XLIFF write-back; "" reads its category's

    @property
    def title(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.id

    @property
    def its_issue_type(self) -> str:
        return self.its_type or its_type_of(self.category)

    def severity_of(self, hit: Hit) -> Severity:
        """A hit's severity: its own (lowered as the check's evidence says) or the check's."""
        return self.severity if hit.severity is None else lowered(hit.severity, self.demoted)

    def hits(self, pair: Pair, context: CheckContext) -> Iterable[Hit]:
        """What a per-pair check (not a corpus check) reports on the pair."""
        # @check registered a function giving Hits: one field holds both kinds, told apart by `corpus`
        return cast(Iterable[Hit], self.function(pair, context))

    def uses(self, pair: Pair, context: CheckContext) -> Iterable[Use]:
        """What a corpus check finds the pair renders."""
        return cast(Iterable[Use], self.function(pair, context))


Derived = TypeVar("Derived")


@dataclass
class CheckContext:
    """What checks may need beyond the pair itself."""

    terms: Sequence[TermEntry] = field(default_factory=tuple)
    do_not_translate: tuple[str, ...] = ()  # words kept unchanged in the English (brands, product codes)
    style: HouseStyle = DEFAULT_STYLE  # the desk's conventions (mtreview.style)
    # What checks derive from the fields above, built once per context (see derived)
    _derived: dict[str, tuple[Sequence[TermEntry], object]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: str, build: Callable[[CheckContext], Derived]) -> Derived:
        """What a check builds once from this context (an index of its term list), kept with it: rebuilt
        when the term list is replaced, never shared with another context."""
        kept = self._derived.get(key)
        if kept is None or kept[0] is not self.terms:
            kept = self._derived[key] = (self.terms, build(self))
        # what `build` made under this key: each key has one builder (the check that owns it)
        return cast(Derived, kept[1])


# A check: (pair, context) -> its Hits, or for a corpus check its Uses.
CheckFunction = Callable[[Pair, CheckContext], Iterable[Hit | Use]]
RegisteredCheck = TypeVar("RegisteredCheck", bound=CheckFunction)


REGISTRY: dict[str, CheckInfo] = {}

# Named selections a check may declare itself in; "default" (every check) and "gate" (major or worse)
# are computed, not declared.
DECLARED_PROFILES = ("typography", "accuracy", "terminology")


def _declared(function: CheckFunction, name: str, given: object) -> object:
    """A decorator argument, else the check's module's default: FAMILY and ITS_TYPE as strings, PROFILES
    as a tuple of names (a module that imports this module's PROFILES dict declares nothing by it)."""
    if given is not None:
        return given
    default = getattr(function, "__globals__", {}).get(name)
    if name == "PROFILES":
        return default if isinstance(default, tuple) and all(isinstance(item, str) for item in default) else None
    return default if isinstance(default, str) else None


def check(check_id: str, category: str, severity: Severity, *, gate: bool = False,
          describe: Describe | None = None, family: str | None = None,
          profiles: Sequence[str] | None = None,
          its_type: str | None = None) -> Callable[[RegisteredCheck], RegisteredCheck]:
    def register(function: RegisteredCheck) -> RegisteredCheck:
        if check_id in REGISTRY:
            raise ValueError(f"check id {check_id!r} registered twice")
        declared_profiles = _declared(function, "PROFILES", profiles)
        chosen = tuple(str(name) for name in declared_profiles) if isinstance(declared_profiles, Sequence) else ()
        unknown = [name for name in chosen if name not in DECLARED_PROFILES]
        if unknown:
            raise ValueError(f"check {check_id!r}: unknown profile(s) {', '.join(unknown)}")
        issue_type = str(_declared(function, "ITS_TYPE", its_type) or its_type_of(category))
        if issue_type not in ITS_ISSUE_TYPES:
            raise ValueError(f"check {check_id!r}: {issue_type!r} is no ITS 2.0 issue type")
        REGISTRY[check_id] = apply_evidence(CheckInfo(
            check_id, category, severity, function, gate=gate, corpus=describe is not None, describe=describe,
            family=str(_declared(function, "FAMILY", family) or function.__module__.rsplit(".", 1)[-1]),
            profiles=chosen, its_type=issue_type))
        return function

    return register


def corpus_check(check_id: str, category: str, severity: Severity, *, describe: Describe,
                 family: str | None = None, profiles: Sequence[str] | None = None,
                 its_type: str | None = None) -> Callable[[RegisteredCheck], RegisteredCheck]:
    return check(check_id, category, severity, describe=describe, family=family, profiles=profiles,
                 its_type=its_type)


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


def _in_profile(name: str) -> Callable[[CheckInfo], bool]:
    return lambda info: name in info.profiles


# Named selections of checks; "default" is every check. A check its evidence turned off is in none of
# them (select_checks): only --select runs it.
PROFILES: dict[str, Callable[[CheckInfo], bool]] = {
    "default": lambda info: True,
    **{name: _in_profile(name) for name in DECLARED_PROFILES},
    # For CI gates: the checks whose default severity is major or worse.
    "gate": lambda info: info.severity.rank >= Severity.MAJOR.rank,
}

_PACKAGE = __name__.rpartition(".")[0]  # mtreview.checks
_NOT_CHECKS = {"registry", "engine"}


def check_modules() -> list[str]:
    """The modules of the checks package that register checks: all but the registry and the engine."""
    package = sys.modules[_PACKAGE]  # imported before this module, its child
    return sorted(f"{_PACKAGE}.{module.name}" for module in pkgutil.iter_modules(package.__path__)
                  if module.name not in _NOT_CHECKS and not module.name.startswith("_"))


def available_checks() -> dict[str, CheckInfo]:
    for module in check_modules():
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
