"""Official terms: forbidden literal renderings, missing official renderings, wrong capitalisation.

Every check here is gated on the Chinese term being in the source, matched as a plain substring
(Chinese has no word boundaries); when terms overlap in the source ("新冠肺炎" and "新冠") the longer one wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mtreview.checks import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity, Span
from mtreview.traditional import simplified

# Apostrophe variants fold to "'" one character for one, so offsets into the folded text stay valid.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\uff07": "'"})
_JOINERS = r"[\s\-\u2010\u2011\u2013]+"


def fold_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str) -> re.Pattern[str]:
    words = re.split(_JOINERS, fold_apostrophes(rendering).strip())
    body = _JOINERS.join(re.escape(word) for word in words)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)


def find_rendering(rendering: str, folded_target: str) -> list[Span]:
    return [match.span() for match in _rendering_pattern(rendering).finditer(folded_target)]


_simplified_term = lru_cache(maxsize=65536)(simplified)


class _TermIndex:
    """A term list indexed by first character: a source is searched only for the terms that can start
    at one of its characters, so the cost follows the sentence, not the size of the list."""

    def __init__(self, terms) -> None:
        self.terms = terms  # kept: the index is looked up by the identity of this tuple
        self.by_first: dict[str, list[tuple[int, object, str]]] = {}
        for order, entry in enumerate(terms):
            term = _simplified_term(entry.zh)  # a term list written in Traditional matches too
            if term:
                self.by_first.setdefault(term[0], []).append((order, entry, term))

    def candidates(self, source: str) -> list[tuple[int, object, str]]:
        found = [item for char in set(source) for item in self.by_first.get(char, ())]
        found.sort(key=lambda item: item[0])  # list order: ties below keep it
        return found


_indexes: dict[int, _TermIndex] = {}
_last_found: list = [None, None, None]  # (source, terms, result): the term checks ask in a row


def _index_of(terms) -> _TermIndex:
    index = _indexes.get(id(terms))
    if index is None or index.terms is not terms:
        if len(_indexes) > 8:
            _indexes.clear()
        index = _indexes[id(terms)] = _TermIndex(terms)
    return index


def terms_in_source(pair: Pair, context: CheckContext) -> list[tuple[object, Span]]:
    """(entry, first source span) for every term in the source, longer terms masking shorter ones."""
    if _last_found[0] == pair.source and _last_found[1] is context.terms:
        return list(_last_found[2])
    found = []
    source = simplified(pair.source)  # Traditional read as Simplified, one character for one: same spans
    for _, entry, term in _index_of(context.terms).candidates(source):
        at = source.find(term)
        while at >= 0:
            found.append((entry, (at, at + len(term))))
            at = source.find(term, at + 1)
    found.sort(key=lambda item: (-(item[1][1] - item[1][0]), item[1][0]))
    taken: list[Span] = []
    first_span: dict[str, tuple[object, Span]] = {}
    for entry, span in found:
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        if entry.zh not in first_span or span[0] < first_span[entry.zh][1][0]:
            first_span[entry.zh] = (entry, span)
    result = sorted(first_span.values(), key=lambda item: item[1][0])
    _last_found[:] = [pair.source, context.terms, result]
    return list(result)


def _forbidden_spans(entry, folded_target: str) -> list[tuple[Span, str]]:
    """Non-overlapping matches of the entry's forbidden renderings, longest first."""
    matches = [(span, rendering) for rendering in entry.forbidden for span in find_rendering(rendering, folded_target)]
    matches.sort(key=lambda item: (-(item[0][1] - item[0][0]), item[0][0]))
    kept: list[tuple[Span, str]] = []
    for span, rendering in matches:
        if not any(span[0] < other[1] and other[0] < span[1] for other, _ in kept):
            kept.append((span, rendering))
    return sorted(kept)


def _where(entry) -> str:
    return f" ({entry.source})" if entry.source else ""


@check("term-forbidden", Category.TERMINOLOGY, Severity.MAJOR)
def forbidden_rendering(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Literal or outdated rendering of an official term (new crown pneumonia)"""
    folded = fold_apostrophes(pair.target)
    for entry, source_span in terms_in_source(pair, context):
        for span, _ in _forbidden_spans(entry, folded):
            yield Hit(
                f"“{pair.target[span[0]:span[1]]}” renders {entry.zh} literally; "
                f"the official rendering is “{entry.preferred}”{_where(entry)}",
                target_span=span, source_span=source_span, suggestion=entry.preferred,
            )


@check("term-missing", Category.TERMINOLOGY, Severity.MINOR)
def missing_rendering(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Official rendering of a term not found in the English"""
    folded = fold_apostrophes(pair.target)
    for entry, source_span in terms_in_source(pair, context):
        if _forbidden_spans(entry, folded):
            continue  # term-forbidden already says what is wrong and what to write
        if any(find_rendering(rendering, folded) for rendering in entry.renderings):
            continue
        yield Hit(
            f"{entry.zh} is not rendered as “{entry.preferred}”{_where(entry)}",
            source_span=source_span, suggestion=entry.preferred,
        )


def _letters(text: str) -> str:
    return re.sub(_JOINERS, " ", fold_apostrophes(text))


@check("term-capitalisation", Category.TERMINOLOGY, Severity.MINOR)
def rendering_capitalisation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Official name written with the wrong capitals (global development initiative)"""
    folded = fold_apostrophes(pair.target)
    for entry, source_span in terms_in_source(pair, context):
        # One-word renderings are left alone: "the president" is lower case by rule, "President Xi" not.
        names = [r for r in entry.renderings if len(r.split()) > 1 and r != r.lower()]
        if not names:
            continue
        spans = {span: rendering for rendering in entry.renderings for span in find_rendering(rendering, folded)}
        exact = [span for span, rendering in spans.items()
                 if _letters(pair.target[span[0]:span[1]]) == _letters(rendering)]
        if exact or not spans:
            continue
        for span, rendering in sorted(spans.items()):
            if rendering in names:
                yield Hit(
                    f"“{pair.target[span[0]:span[1]]}” is a name: official English writes “{rendering}”"
                    f"{_where(entry)}",
                    target_span=span, source_span=source_span, suggestion=rendering,
                )
