"""`passes` / `fails` helpers: check tests that read like a specification."""

from __future__ import annotations

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Finding, Pair
from mtreview.terms import load_terms

SHIPPED = CheckContext(terms=tuple(load_terms()))


def findings(check_id: str, target: str, source: str = "", terms=None, **pair_fields) -> list[Finding]:
    pair = Pair(id="t", source=source, target=target, **pair_fields)
    context = SHIPPED if terms is None else CheckContext(terms=terms)
    return run_checks([pair], context=context, select=[check_id])


def fails(check_id: str, target: str, source: str = "", terms=None, **pair_fields) -> list[Finding]:
    found = findings(check_id, target, source, terms, **pair_fields)
    assert found, f"{check_id} should flag: {target!r}"
    return found


def passes(check_id: str, target: str, source: str = "", terms=None, **pair_fields) -> None:
    found = findings(check_id, target, source, terms, **pair_fields)
    assert not found, f"{check_id} should not flag {target!r}: {[f.message for f in found]}"


def flagged(finding: Finding, target: str) -> str:
    start, end = finding.target_span
    return target[start:end]
