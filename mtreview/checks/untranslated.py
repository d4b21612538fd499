"""Chinese left untranslated in the English; empty targets; targets that copy the source."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "untranslated"
PROFILES = ("accuracy",)

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]"
# A run of Han characters, with the CJK punctuation and spaces between them.
_HAN_RUN = re.compile(rf"{_HAN}(?:[\u3000-\u303f\uff00-\uffef\s]*{_HAN})*")
_LATIN = re.compile(r"[A-Za-z]")


@check("empty-target", Category.OMISSION, Severity.CRITICAL, gate=True)
def empty_target(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Empty translation"""
    # An aligner's 1-0 bead is an omission, reported by the omission check with its context.
    if pair.source.strip() and not pair.target.strip() and not pair.kind.endswith("-0"):
        yield Hit("the translation is empty", source_span=(0, len(pair.source)))


@check("identical-to-source", Category.UNTRANSLATED, Severity.CRITICAL, gate=True)
def identical_to_source(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Translation identical to the Chinese source"""
    if pair.target.strip() and pair.target.strip() == pair.source.strip() and re.search(_HAN, pair.target):
        yield Hit("the translation is a copy of the source", target_span=(0, len(pair.target)),
                  source_span=(0, len(pair.source)))


@check("untranslated-segment", Category.UNTRANSLATED, Severity.CRITICAL, gate=True)
def untranslated_segment(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Segment left in Chinese"""
    if _HAN_RUN.search(pair.target) and not _LATIN.search(pair.target) \
            and pair.target.strip() != pair.source.strip():
        yield Hit("the segment is not translated", target_span=(0, len(pair.target)))


@check("untranslated", Category.UNTRANSLATED, Severity.MAJOR)
def untranslated_chinese(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese characters left in the English"""
    for run in _HAN_RUN.finditer(pair.target):
        text = run.group()
        at = pair.source.find(text)
        yield Hit(
            f"untranslated Chinese “{text}”",
            target_span=run.span(),
            source_span=(at, at + len(text)) if at >= 0 else None,
        )
