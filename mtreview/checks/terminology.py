"""Official terms: forbidden literal renderings, near misses of the official rendering, missing official
renderings, wrong capitalisation.

Every check here is gated on the Chinese term being in the source, matched as a plain substring
(Chinese has no word boundaries); when terms overlap in the source ("新冠肺炎" and "新冠") the longer one wins.
Prefix entries (新冠*) and titles before a name (Chairman {name}) are described in mtreview/terms.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.lexicon import STOPWORDS, stem
from mtreview.records import Category, Pair, Severity, Span
from mtreview.terms import NAME_SLOT, TermEntry
from mtreview.traditional import simplified

# A term found in the source: the entry and its first source span.
TermInSource = tuple[TermEntry, Span]
# A match of a rendering in the target: its span first, then what it is a match of.
RenderingMatch = TypeVar("RenderingMatch", bound=tuple[Span, *tuple[object, ...]])

FAMILY = "terminology"
PROFILES = ("terminology",)

# Apostrophe variants fold to "'" one character for one, so offsets into the folded text stay valid.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\uff07": "'"})
_JOINERS = r"[\s\-\u2010\u2011\u2013]+"


@lru_cache(maxsize=64)  # the term checks fold the same target in a row
def fold_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


@lru_cache(maxsize=64)
def _lower(text: str) -> str:
    return text.lower()


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str) -> re.Pattern[str]:
    words = re.split(_JOINERS, fold_apostrophes(rendering).strip())
    body = _JOINERS.join(re.escape(word) for word in words)
    # Case folded in the body only: a case-insensitive [A-Za-z0-9] costs ten times as much to compile.
    return re.compile(rf"(?<![A-Za-z0-9])(?i:{body})(?![A-Za-z0-9])")


@lru_cache(maxsize=16384)
def _first_word(rendering: str) -> str:
    return re.split(_JOINERS, fold_apostrophes(rendering).strip())[0].lower()


def find_rendering(rendering: str, folded_target: str) -> list[Span]:
    if _first_word(rendering) not in _lower(folded_target):
        return []  # cheap test first: most renderings of a found term are not there at all
    return [match.span() for match in _rendering_pattern(rendering).finditer(folded_target)]


_simplified_term = lru_cache(maxsize=65536)(simplified)


class _TermIndex:
    """A term list indexed by its first two characters: a source is searched only for the terms that can
    start at one of its character pairs, so the cost follows the sentence, not the size of the list.
    Built once per CheckContext (CheckContext.derived), which carries it; it also keeps the last source's
    terms, since the term checks ask for the same pair in a row."""

    def __init__(self, terms: Iterable[TermEntry]) -> None:
        self.by_start: dict[str, list[tuple[int, TermEntry, str, bool]]] = {}
        self.single = False  # one-character terms are indexed by that character
        # (source, fixed, prefix)
        self.last: tuple[str | None, list[TermInSource], list[TermInSource]] = (None, [], [])
        for order, entry in enumerate(terms):
            term = _simplified_term(getattr(entry, "key", entry.zh))  # a list in Traditional matches too
            if term:
                self.single |= len(term) == 1
                item = (order, entry, term, bool(getattr(entry, "is_prefix", False)))
                self.by_start.setdefault(term[:2], []).append(item)

    def candidates(self, source: str) -> list[tuple[int, TermEntry, str, bool]]:
        starts = {source[at:at + 2] for at in range(len(source) - 1)}
        if self.single:
            starts |= set(source)
        found = [item for start in starts & self.by_start.keys() for item in self.by_start[start]]
        found.sort(key=lambda item: item[0])  # list order: ties below keep it
        return found


def _index_of(context: CheckContext) -> _TermIndex:
    return context.derived("term-index", lambda context: _TermIndex(context.terms))


def _find_terms(pair: Pair, context: CheckContext) -> tuple[list[TermInSource], list[TermInSource]]:
    """(fixed entries, prefix entries) found in the source, each with its first source span."""
    index = _index_of(context)
    if index.last[0] == pair.source:
        return index.last[1], index.last[2]
    found: list[TermInSource] = []
    prefixes: dict[str, TermInSource] = {}
    source = simplified(pair.source)  # Traditional read as Simplified, one character for one: same spans
    for _, entry, term, is_prefix in index.candidates(source):
        at = source.find(term)
        if is_prefix:
            if at >= 0:
                prefixes[entry.zh] = (entry, (at, at + len(term)))
            continue
        while at >= 0:
            found.append((entry, (at, at + len(term))))
            at = source.find(term, at + 1)
    found.sort(key=lambda item: (-(item[1][1] - item[1][0]), item[1][0]))
    taken: list[Span] = []
    first_span: dict[str, TermInSource] = {}
    for entry, span in found:
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        if entry.zh not in first_span or span[0] < first_span[entry.zh][1][0]:
            first_span[entry.zh] = (entry, span)
    fixed = sorted(first_span.values(), key=lambda item: item[1][0])
    prefix = sorted(prefixes.values(), key=lambda item: item[1][0])
    index.last = (pair.source, fixed, prefix)
    return fixed, prefix


def terms_in_source(pair: Pair, context: CheckContext) -> list[TermInSource]:
    """(entry, first source span) for every term in the source, longer terms masking shorter ones;
    prefix entries, which only forbid, are not among them."""
    return list(_find_terms(pair, context)[0])


# --- forbidden renderings ---------------------------------------------------------------------------

# A romanised name after a title: one to three capitalised words (Xi, Xi Jinping, Ouyang Xiu, Li Ka-shing).
_NAME = r"(?P<name>[A-Z][a-z]+(?:-[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[a-z]+)?){0,2})"


@lru_cache(maxsize=1024)
def _title_pattern(rendering: str) -> re.Pattern[str]:
    title = fold_apostrophes(rendering.replace(NAME_SLOT, "")).strip()
    body = _JOINERS.join(re.escape(word) for word in re.split(_JOINERS, title))
    return re.compile(rf"(?<![A-Za-z0-9])(?i:{body})\s+{_NAME}(?![A-Za-z0-9])")


def _names_the_source(name: str, source: str, source_span: Span) -> bool:
    """Whether a romanised name spells the person the source names right after the term: its surname
    reading first or last (Xi Jinping, Jinping Xi for 国家主席习近平)."""
    from mtreview.lexicon import readings

    after = source[source_span[1]:source_span[1] + 1]
    if not after or not "\u4e00" <= after <= "\u9fff":
        return False
    words = name.lower().split()
    surname = {reading.replace("ü", "u").replace("v", "u") for reading in readings(after)}
    return words[0] in surname or words[-1] in surname


def _forbidden_spans(entry: TermEntry, folded_target: str, source: str = "",
                     source_span: Span = (0, 0)) -> list[tuple[Span, str]]:
    """Non-overlapping matches of the entry's forbidden renderings, longest first."""
    matches: list[tuple[Span, str]] = []
    for rendering in entry.forbidden:
        if NAME_SLOT in rendering:
            matches += [(match.span(), rendering) for match in _title_pattern(rendering).finditer(folded_target)
                        if _names_the_source(match["name"], source, source_span)]
        else:
            matches += [(span, rendering) for span in find_rendering(rendering, folded_target)]
    return _longest_first(matches)


def _longest_first(matches: list[RenderingMatch]) -> list[RenderingMatch]:
    matches = sorted(matches, key=lambda item: (-(item[0][1] - item[0][0]), item[0][0]))
    kept: list[RenderingMatch] = []
    for item in matches:
        span = item[0]
        if not any(span[0] < other[0][1] and other[0][0] < span[1] for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda item: item[0])


def _where(entry: TermEntry) -> str:
    return f" ({entry.source})" if entry.source else ""


@check("term-forbidden", Category.TERMINOLOGY, Severity.MAJOR)
def forbidden_rendering(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Literal or outdated rendering of an official term (new crown pneumonia, Chairman Xi Jinping)"""
    folded = fold_apostrophes(pair.target)
    fixed, prefix = _find_terms(pair, context)
    source = simplified(pair.source)
    found = [(span, entry, source_span) for entry, source_span in fixed + prefix
             for span, _ in _forbidden_spans(entry, folded, source, source_span)]
    for span, entry, source_span in _longest_first(found):  # a prefix entry and a fixed one may both match
        what = entry.key if getattr(entry, "is_prefix", False) else entry.zh
        yield Hit(
            f"“{pair.target[span[0]:span[1]]}” renders {what} literally; "
            f"the official rendering is “{entry.preferred}”{_where(entry)}",
            target_span=span, source_span=source_span, suggestion=entry.preferred,
        )


# --- near misses ------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    """Words with their spans; a possessive 's is not part of the word (China's ~ China)."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word.lower().endswith("'s"):
            word = word[:-2]
        words.append((word.lower(), match.start(), match.start() + len(word)))
    return tuple(words)


@lru_cache(maxsize=65536)
def _close(a: str, b: str) -> bool:
    """One word written for a near neighbour (Chinese for China, Minister for Ministry)."""
    if len(a) < 4 or len(b) < 4 or a[:4] != b[:4] or a.isdigit() or b.isdigit():
        return False
    common = len(os.path.commonprefix((a, b)))
    return common >= 0.6 * min(len(a), len(b))


def _word_set(words: tuple[tuple[str, int, int], ...]) -> frozenset[str]:
    return _word_set_cached(words)


@lru_cache(maxsize=64)
def _word_set_cached(words: tuple[tuple[str, int, int], ...]) -> frozenset[str]:
    return frozenset(word for word, _, _ in words)


@lru_cache(maxsize=8192)
def _rendering_words(rendering: str) -> list[str]:
    return [word for word, _, _ in _words(fold_apostrophes(rendering))]


def _plural_pair(a: str, b: str) -> bool:
    """One word the plural of the other (system, systems; prosperity, prosperities): other inflections
    are usually a freer construction (open to the outside world), not a misspelt name."""
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es") or (short.endswith("y") and long == short[:-1] + "ies")


def _near_miss(rendering: str, words: tuple[tuple[str, int, int], ...]) -> Span | None:
    """A run of target words that is the rendering with one word in the wrong number (one country, two
    system; common prosperities) or, in a rendering of three or more content words, one word swapped for
    a near neighbour (Communist Party of Chinese)."""
    wanted = _rendering_words(rendering)
    content = sum(1 for word in wanted if word not in STOPWORDS)
    if len(wanted) < 2:
        return None  # one word: a plural or another form is usually just grammar (President, presidents)
    if not any(word in _word_set(words) for word in wanted):
        return None  # all but one word must be there as written
    initial = wanted[0][:1]  # a plural or a near neighbour keeps the first letter
    for start in range(len(words) - len(wanted) + 1):
        if words[start][0][:1] != initial:
            continue
        window = words[start:start + len(wanted)]
        inflected = swapped = 0
        for (got, _, _), want in zip(window, wanted):
            if got == want:
                continue
            if _plural_pair(got, want) and want not in STOPWORDS:
                inflected += 1
            elif content >= 3 and want not in STOPWORDS and _close(got, want) and stem(got) != stem(want):
                swapped += 1
            else:
                break
        else:
            if (inflected or swapped) and swapped <= 1 and inflected + swapped <= 1:
                return window[0][1], window[-1][2]
    return None


def _rendered(entry: TermEntry, folded: str) -> bool:
    return any(find_rendering(rendering, folded) for rendering in entry.renderings)


def _variant_of(entry: TermEntry, folded: str) -> tuple[Span, str] | None:
    words = _words(folded)
    for rendering in entry.renderings:
        span = _near_miss(rendering, words)
        if span:
            return span, rendering
    return None


@check("term-variant", Category.TERMINOLOGY, Severity.MINOR)
def variant_rendering(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Official rendering written with a wrong word form (one country, two system; Communist Party of Chinese)"""
    folded = fold_apostrophes(pair.target)
    for entry, source_span in terms_in_source(pair, context):
        if _rendered(entry, folded) or _forbidden_spans(entry, folded):
            continue
        variant = _variant_of(entry, folded)
        if variant:
            span, rendering = variant
            yield Hit(
                f"“{pair.target[span[0]:span[1]]}” is close to but not the official rendering of {entry.zh}, "
                f"“{rendering}”{_where(entry)}",
                target_span=span, source_span=source_span, suggestion=rendering,
            )


# --- missing renderings -----------------------------------------------------------------------------

_STEM_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=8192)
def _rendering_stems(rendering: str) -> frozenset[str]:
    return frozenset(_stems(rendering))


def _stems(text: str) -> set[str]:
    return {stem(word) for word in _STEM_WORD.findall(fold_apostrophes(text).lower().replace("'s", ""))
            if word not in STOPWORDS}


def _present(wanted: frozenset[str], stems: set[str], by_prefix: dict[str, list[str]]) -> int:
    """How many of the wanted stems the target has, a near neighbour counting (Taiwanese for Taiwan,
    Minister for Ministry); _close needs the first four letters equal, so only those words are compared."""
    return sum(1 for want in wanted if want in stems or any(_close(want, got) for got in by_prefix.get(want[:4], ())))


def _is_name(rendering: str) -> bool:
    """A proper name: every content word capitalised (State Council, Belt and Road, COVID-19), not a
    phrase with a capitalised adjective (Chinese modernization)."""
    words = [word for word in re.split(r"[\s\-]+", rendering) if word and word.lower() not in STOPWORDS]
    return bool(words) and all(word[0].isupper() or word[0].isdigit() for word in words)


@check("term-missing", Category.TERMINOLOGY, Severity.MINOR)
def missing_rendering(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Official rendering of a term not found in the English, in no accepted or freer form"""
    folded = fold_apostrophes(pair.target)
    target_stems: set[str] | None = None
    by_prefix: dict[str, list[str]] = {}
    for entry, source_span in terms_in_source(pair, context):
        if _rendered(entry, folded) or _forbidden_spans(entry, folded) or _variant_of(entry, folded):
            continue  # rendered, or term-forbidden / term-variant already says what to write
        if target_stems is None:
            target_stems = _stems(folded)
            for word in target_stems:
                by_prefix.setdefault(word[:4], []).append(word)
        wanted = [stems for stems in (_rendering_stems(rendering) for rendering in entry.renderings) if stems]
        cover = max((_present(stems, target_stems, by_prefix) / len(stems) for stems in wanted), default=0.0)
        name = _is_name(entry.preferred)
        # A phrase with any of its words there is a freer rendering (developing with high quality); a
        # name with half its words there a shorter or looser one (the Securities Regulatory Commission).
        if cover >= 0.5 or (cover > 0 and not name):
            continue
        # A name or title of several words with none of them in the English was left out or mistranslated.
        major = name and cover == 0 and len(entry.preferred.split()) > 1
        yield Hit(
            f"{entry.zh} is not rendered as “{entry.preferred}”{_where(entry)}",
            source_span=source_span, suggestion=entry.preferred,
            severity=Severity.MAJOR if major else None,
        )


# --- capitalisation ---------------------------------------------------------------------------------

def _letters(text: str) -> str:
    return re.sub(_JOINERS, " ", fold_apostrophes(text))


def _lowered(written: str, official: str) -> bool:
    """Whether a capital of the official form is written lower case; capitals added (a headline's
    Title Case) are not wrong."""
    written, official = _letters(written), _letters(official)
    return len(written) == len(official) and any(o.isupper() and w.islower() for w, o in zip(written, official))


@check("term-capitalisation", Category.TERMINOLOGY, Severity.MINOR)
def rendering_capitalisation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Official name written with capitals missing (global development initiative)"""
    folded = fold_apostrophes(pair.target)
    for entry, source_span in terms_in_source(pair, context):
        # One-word renderings are left alone: "the president" is lower case by rule, "President Xi" not.
        names = [r for r in entry.renderings if len(r.split()) > 1 and r != r.lower()]
        if not names:
            continue
        found = [(span, rendering) for rendering in entry.renderings for span in find_rendering(rendering, folded)]
        if not found or any(not _lowered(pair.target[span[0]:span[1]], rendering) for span, rendering in found):
            continue  # not there, or written as one accepted rendering writes it (new era, New Era)
        reported = set()
        for span, rendering in sorted(found):
            if rendering in names and span not in reported:
                reported.add(span)
                yield Hit(
                    f"“{pair.target[span[0]:span[1]]}” is a name: official English writes “{rendering}”"
                    f"{_where(entry)}",
                    target_span=span, source_span=source_span, suggestion=rendering,
                )
