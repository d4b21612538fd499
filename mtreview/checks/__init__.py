"""Rule-based checks: the registry (mtreview.checks.registry: the @check decorator, what each check
declares, profiles, evidence, module discovery), the engine that runs them (mtreview.checks.engine),
and one module per family of checks.

Gate checks (empty target, target identical to source, nothing translated) run first: when one fires
on a pair, the other checks skip that pair, since everything they would say is noise. The engine turns
hits into `Finding`s with stable fingerprints.
This package only re-exports the public names of the registry and the engine.
"""

from __future__ import annotations

from mtreview.checks.engine import (
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
)
from mtreview.checks.registry import (
    DECLARED_PROFILES,
    EVIDENCE_DECISIONS,
    EVIDENCE_FILE,
    EVIDENCE_MIN_FINDINGS,
    ITS_TYPES,
    OFF_PRECISION,
    PROFILES,
    REGISTRY,
    TRUSTED_PRECISION,
    CheckContext,
    CheckInfo,
    Describe,
    Evidence,
    Hit,
    Use,
    apply_evidence,
    available_checks,
    check,
    check_modules,
    corpus_check,
    evidence_action,
    lowered,
    measured_evidence,
    select_checks,
)

__all__ = [
    "CHUNK_SIZE", "CheckContext", "CheckInfo", "CheckOptions", "DECLARED_PROFILES", "Describe",
    "EVIDENCE_DECISIONS", "EVIDENCE_FILE", "EVIDENCE_MIN_FINDINGS", "Evidence", "Hit", "ITS_TYPES",
    "OFF_PRECISION", "PARALLEL_THRESHOLD", "PARALLEL_WORKERS", "PROFILES", "REGISTRY", "TRUSTED_PRECISION", "Use",
    "UseTable", "apply_evidence", "available_checks", "check", "check_chunk", "check_corpus", "check_modules",
    "consistency_uses", "corpus_check", "default_workers", "evidence_action", "lowered", "measured_evidence",
    "run_checks", "select_checks",
]
