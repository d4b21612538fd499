"""Consistency across a corpus: one source sentence or term, one rendering."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

from mtreview.checks import CheckContext, Hit, corpus_check
from mtreview.checks.terminology import find_rendering, fold_apostrophes, terms_in_source
from mtreview.records import Category, Pair, Severity

MIN_REPEATED_SOURCE = 8  # characters; short segments ("是。", "谢谢") are legitimately rendered many ways


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@corpus_check("inconsistent-translation", Category.INCONSISTENCY, Severity.MINOR)
def inconsistent_translation(pairs: Sequence[Pair], context: CheckContext) -> Iterator[tuple[Pair, Hit]]:
    """The same source sentence translated differently"""
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        source = _normalise(pair.source)
        if len(source) >= MIN_REPEATED_SOURCE and pair.target.strip():
            groups.setdefault(source, []).append(pair)
    for group in groups.values():
        renderings = Counter(_normalise(pair.target) for pair in group)
        if len(renderings) < 2:
            continue
        usual, _ = renderings.most_common(1)[0]
        first_usual = next(pair for pair in group if _normalise(pair.target) == usual)
        for pair in group:
            if _normalise(pair.target) != usual:
                yield pair, Hit(f"this source is translated differently in {first_usual.id}",
                                target_span=(0, len(pair.target)), source_span=(0, len(pair.source)),
                                suggestion=first_usual.target)


@corpus_check("term-inconsistent", Category.TERMINOLOGY_INCONSISTENT, Severity.MINOR)
def term_inconsistent(pairs: Sequence[Pair], context: CheckContext) -> Iterator[tuple[Pair, Hit]]:
    """A listed term rendered in more than one accepted way"""
    uses: dict[str, list[tuple[Pair, str, tuple[int, int], tuple[int, int]]]] = {}
    for pair in pairs:
        folded = fold_apostrophes(pair.target)
        for entry, source_span in terms_in_source(pair, context):
            for rendering in entry.renderings:
                spans = find_rendering(rendering, folded)
                if spans:
                    uses.setdefault(entry.zh, []).append((pair, rendering, spans[0], source_span))
                    break
    for zh, found in uses.items():
        counts = Counter(rendering for _, rendering, _, _ in found)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        for pair, rendering, span, source_span in found:
            if rendering != usual:
                yield pair, Hit(f"{zh} is “{pair.target[span[0]:span[1]]}” here but “{usual}” elsewhere in the corpus",
                                target_span=span, source_span=source_span, suggestion=usual)
