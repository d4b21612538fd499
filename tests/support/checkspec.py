"""`passes` / `fails` helpers: check tests that read like a specification; and what several check
families' tests share."""

from __future__ import annotations

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Finding, Pair
from mtreview.style import HouseStyle
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


# The checks added beside pofilter's (one family each: markup, units, grammar, punctuation, whitespace, pinyin).
NEW_CHECKS = {
    "url-mismatch", "email-mismatch", "placeholder-mismatch", "markup-mismatch", "acronym-missing",
    "percentage-point", "currency-mismatch", "unit-mismatch",
    "article-agreement", "ordinal-suffix", "lowercase-i", "start-lowercase",
    "repeated-punctuation", "end-punctuation", "line-break-mismatch", "edge-whitespace", "tone-marks",
}


def source_text(finding: Finding, source: str) -> str:
    """The source text a finding's source span points at."""
    assert finding.source_span is not None
    start, end = finding.source_span
    return source[start:end]


def styled(check_id: str, target: str, source: str, style: HouseStyle) -> list[Finding]:
    """The findings of one check under a house style."""
    return run_checks([Pair("t", source, target)], context=CheckContext(style=style), select=[check_id])
