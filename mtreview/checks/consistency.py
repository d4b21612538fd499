"""Consistency across a corpus: one source sentence or term, one rendering."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from mtreview.checks import CheckContext, Hit, Use, corpus_check
from mtreview.checks.terminology import find_rendering, fold_apostrophes, terms_in_source
from mtreview.records import Category, Pair, Severity

MIN_REPEATED_SOURCE = 8  # characters; short segments ("是。", "谢谢") are legitimately rendered many ways


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())  # split(): the whitespace of \s


def _describe_translation(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> Hit:
    return Hit(f"this source is translated differently in {usual_pair.id}", target_span=use.target_span,
               source_span=use.source_span, suggestion=usual_pair.target)


@corpus_check("inconsistent-translation", Category.INCONSISTENCY, Severity.MINOR, describe=_describe_translation)
def inconsistent_translation(pair: Pair, context: CheckContext) -> Iterator[Use]:
    """The same source sentence translated differently"""
    source = _normalise(pair.source)
    if len(source) >= MIN_REPEATED_SOURCE and pair.target.strip():
        yield Use(group=source, form=_normalise(pair.target), target_span=(0, len(pair.target)),
                  source_span=(0, len(pair.source)))


def _describe_term(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> Hit:
    start, end = use.target_span
    return Hit(f"{use.group} is “{pair.target[start:end]}” here but “{usual_use.form}” elsewhere in the corpus",
               target_span=use.target_span, source_span=use.source_span, suggestion=usual_use.form)


@corpus_check("term-inconsistent", Category.TERMINOLOGY_INCONSISTENT, Severity.MINOR, describe=_describe_term)
def term_inconsistent(pair: Pair, context: CheckContext) -> Iterator[Use]:
    """A listed term rendered in more than one accepted way"""
    folded = None
    for entry, source_span in terms_in_source(pair, context):
        folded = fold_apostrophes(pair.target) if folded is None else folded
        for rendering in entry.renderings:
            spans = find_rendering(rendering, folded)
            if spans:
                yield Use(group=entry.zh, form=entry.consistency_form(rendering), target_span=spans[0],
                          source_span=source_span)
                break
