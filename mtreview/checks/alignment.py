"""What the aligner could not pair: source sentences left out of the English, English with no source."""

from __future__ import annotations

from collections.abc import Iterator

from mtreview.checks import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity


@check("omission", Category.OMISSION, Severity.MAJOR)
def unmatched_source(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Source sentence with no English translation"""
    if pair.source.strip() and not pair.target.strip() and pair.kind.endswith("-0"):
        yield Hit(f"no English for this source sentence ({len(pair.source)} characters)",
                  source_span=(0, len(pair.source)))


@check("addition", Category.ADDITION, Severity.MAJOR)
def unmatched_target(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """English sentence with no source sentence"""
    if pair.target.strip() and not pair.source.strip() and pair.kind.startswith("0-"):
        yield Hit("no source sentence for this English", target_span=(0, len(pair.target)))
