"""Chinese left untranslated in the English target."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

# A run of Han characters, with the CJK punctuation and spaces between them.
_HAN_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]"
    r"(?:[\u3000-\u303f\uff00-\uffef\s]*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff])*"
)
_LATIN = re.compile(r"[A-Za-z]")


@check("untranslated", Category.UNTRANSLATED, Severity.MAJOR)
def untranslated_chinese(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese characters left in the English"""
    runs = list(_HAN_RUN.finditer(pair.target))
    if not runs:
        return
    if not _LATIN.search(pair.target):
        # Nothing of the segment was translated: one finding, not one per run.
        yield Hit("the segment is not translated", target_span=(0, len(pair.target)),
                  severity=Severity.CRITICAL)
        return
    for run in runs:
        text = run.group()
        at = pair.source.find(text)
        yield Hit(
            f"untranslated Chinese “{text}”",
            target_span=run.span(),
            source_span=(at, at + len(text)) if at >= 0 else None,
        )
