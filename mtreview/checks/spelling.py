"""Spelling: words of the English that are not English words ("goverment", "Bejing", "Hormon"), and
the other spelling variant than the house style's (`context.style.spelling`: "colour" in en-US).

What is not a misspelling in Chinese→English text, and is let through before anyone is flagged:
pinyin (names, places, "hutong"), Latin-script words of the source (brands, codes), the words of the
term list's renderings, acronyms and mixed case (SCO, iPhone, 5G, COVID-19), words with digits (21st),
URLs, e-mails, file names, hashtags, contractions and possessives (don't, China's), short quoted words
(a foreign word in quotes), and the inflected, prefixed and compound forms of dictionary words
("decarbonization", "livestreaming", "homebuyers"). A hyphenated compound is judged part by part.

Capitalised words are names more often than typos, so an unknown capitalised word is reported only
when it is one edit away from the pinyin of the source's characters ("Bejing" for 北京) or from a common
English word ("Hormon" → hormone), and not used twice in the pair (a name the text repeats). A
lowercase unknown word is reported when some dictionary word is within two edits of it (a typo);
one that is far from every word is a rare technical word or a foreign word more often than a typo.

Variants are a separate check, `spelling-variant`, at a neutral severity: the other variant is a
house-style matter, not a fluency error (raters of MQM do not mark "colour" in US English), so it does
not weigh in a score, and a desk can raise it in its style file. In en-GB both -ize and -ise pass
(Oxford spelling is British); only forms that are US-only ("color", "center", "traveled") are reported.
A capitalised variant inside a sentence is a name ("World Trade Center", "Labour Party") and passes.

Fast path: each word is one set lookup; only an unknown word is looked at further.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mtreview.checks.pinyin import _is_pinyin
from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity
from mtreview.spelling_words import Dictionary, _edits1, dictionary

FAMILY = "spelling"
PROFILES = ("typography",)

# A word: letters, with inner hyphens or apostrophes; not part of a URL, e-mail, path, file name,
# hashtag or a token with digits (the look-arounds), a trailing apostrophe kept (countries').
_WORD = re.compile(
    r"(?<![\w@#/\\.&+-])[A-Za-z\u00C0-\u024F]+(?:[-'’][A-Za-z\u00C0-\u024F]+)*['’]?"
    r"(?![\w@/\\&+]|\.[A-Za-z0-9]|-\d)")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)
_CLITIC = re.compile(r"['’](?:s|d|ll|re|ve|m)$|['’]$", re.IGNORECASE)
_NEGATION = re.compile(r"n['’]t$", re.IGNORECASE)
_NEGATED_STEMS = frozenset(("ca", "wo", "sha", "ai", "do", "does", "did", "is", "are", "was", "were", "has",
                            "have", "had", "could", "would", "should", "must", "need", "might", "dare"))
_SOURCE_LATIN = re.compile(r"[A-Za-z]+")
# Quotes around at most three words: a foreign word or a name cited as such (“hutong”, 'Luban').
_QUOTED = re.compile(r"[“\"‘']([^“”\"‘’'\n]{1,40}?)[”\"’']")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s*|[\"“‘(\[—–-]\s*)$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[\s-]+$")
_NEXT_WORD = re.compile(r"[\s-]+([A-Za-z]+)")

_SUFFIXES = (  # (suffix, what the stem ended with instead)
    ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""), ("ing", "e"),
    ("er", ""), ("er", "e"), ("ers", ""), ("ers", "e"), ("est", ""), ("ly", ""), ("ily", "y"), ("ness", ""),
    ("ment", ""), ("ments", ""), ("ful", ""), ("less", ""), ("able", ""), ("able", "e"), ("ization", "ize"),
    ("izations", "ize"), ("ize", ""), ("izes", ""), ("ized", ""), ("izing", ""), ("ism", ""), ("isms", ""),
    ("ist", ""), ("ists", ""), ("ity", ""), ("al", ""), ("ally", ""), ("ation", "ate"), ("ations", "ate"),
    ("ship", ""), ("hood", ""), ("ware", ""), ("wide", ""),
)
_DOUBLING = ("ed", "ing", "er", "ers", "est")
_PREFIXES = ("un", "non", "re", "pre", "anti", "co", "sub", "inter", "over", "under", "self", "post", "de",
             "dis", "mis", "multi", "semi", "super", "micro", "mega", "cyber", "e", "bio", "eco", "geo", "tele",
             "counter", "cross", "out", "mid", "ultra", "trans", "hyper", "mini", "macro", "neo", "pro",
             "auto", "photo", "nano", "hydro", "agri", "agro", "socio", "intra", "extra", "tri", "bi")
# The parts of a closed compound ("screenshot", "chatbot") must be common words, so that a typo
# rarely splits into two of them.
_COMPOUND_PART_COUNT = 1000
# A capitalised unknown word is a misspelt common word, not a name, only when that word is this common
# and the word this long: short names are one letter from some word (Phan, Joo, Suk, Lak).
_CAPITALISED_NEAR_COUNT = 2000
_CAPITALISED_MIN_LENGTH = 6
# Particles of foreign names and phrases (von der Leyen, bin Salman): the word after one is foreign too.
_PARTICLES = frozenset("de der den des die das du la le les von van al el bin ibn da di del della dos".split())


def _stem_known(word: str, words: Dictionary) -> bool:
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + ending
            if stem in words:
                # "equiped", "occured": the dictionary has the form with the consonant doubled
                if suffix in _DOUBLING and not ending and stem + stem[-1] + suffix in words:
                    return False
                return True
            if suffix in ("ed", "ing", "er", "est") and len(stem) > 3 and stem[-1] == stem[-2] \
                    and stem[:-1] in words:  # "stopped", "planning"
                return True
    return False


@lru_cache(maxsize=65536)
def _known_form(word: str) -> bool:
    """Whether a lowercase word the dictionary lacks is an inflected, prefixed or compound form of
    dictionary words."""
    words = dictionary()
    if _stem_known(word, words):
        return True
    for prefix in _PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 3 and (rest in words or _stem_known(rest, words)):
            return True
    counts = words.counts
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if counts.get(left, 0) >= _COMPOUND_PART_COUNT and (
                counts.get(right, 0) >= _COMPOUND_PART_COUNT
                or (right.endswith("s") and counts.get(right[:-1], 0) >= _COMPOUND_PART_COUNT)):
            return True
    return False


@lru_cache(maxsize=512)
def _source_words(source: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _SOURCE_LATIN.findall(source))


@lru_cache(maxsize=512)
def _source_pinyin(source: str) -> frozenset[str]:
    """The toneless pinyin of every run of one to four Han characters of the source ("beijing")."""
    from pypinyin import Style, lazy_pinyin  # imported here: its dictionaries take a moment to load

    found = set()
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", source):
        syllables = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
        for start in range(len(syllables)):
            for end in range(start + 1, min(start + 4, len(syllables)) + 1):
                found.add("".join(syllables[start:end]).replace("v", "u"))
    return frozenset(found)


class _TermState:
    """Per CheckContext (CheckContext.derived): the words of every English rendering in its term list,
    and the last pair's hits (both checks judge the same pair in a row)."""

    def __init__(self, context: CheckContext) -> None:
        self.words = frozenset(word.lower() for entry in context.terms
                               for rendering in getattr(entry, "renderings", ())
                               for word in _SOURCE_LATIN.findall(rendering))
        self.last: tuple[tuple[str, str, str] | None, list[Hit]] = (None, [])


def _state(context: CheckContext) -> _TermState:
    return context.derived("spelling", _TermState)


def _quoted(target: str, start: int, end: int) -> bool:
    for match in _QUOTED.finditer(target):
        if match.start(1) <= start and end <= match.end(1) and len(match.group(1).split()) <= 3:
            return True
    return False


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _match_case(suggestion: str, word: str) -> str:
    return suggestion.capitalize() if _capitalised(word) else suggestion


class _Pass:
    """One pair's words judged against the dictionary."""

    def __init__(self, pair: Pair, context: CheckContext) -> None:
        self.pair = pair
        self.context = context
        self.words = dictionary()
        self.british = context.style.spelling.lower() == "en-gb"

    def variant(self, lower: str, known: bool) -> str | None:
        """The house-style spelling where the word is the other variant."""
        if self.british:
            return self.words.gb_form(lower) if known else None
        return self.words.gb_to_us.get(lower) or (None if known else self.words.us_form(lower))

    def excused(self, word: str, lower: str, start: int, end: int) -> bool:
        """Not English, and fine all the same: see the module docstring."""
        pair = self.pair
        if lower in _PARTICLES or lower in _PREFIXES or lower in _source_words(pair.source) or lower in _state(self.context).words:
            return True
        if _is_pinyin(lower) or _known_form(lower):
            return True
        if self.british and self.words.us_form(lower):
            return True  # a British form the US list lacks
        return ("'" in pair.target or '"' in pair.target or "“" in pair.target or "‘" in pair.target) \
            and _quoted(pair.target, start, end)

    def judge(self, word: str, start: int) -> Hit | None:
        end = start + len(word)
        base = _CLITIC.sub("", word)
        negation = _NEGATION.search(base)
        if negation:
            base = base[: negation.start()]
            if base.lower() in _NEGATED_STEMS:
                return None
        if len(base) <= 2 or not base.isascii() or any(c.isupper() for c in base[1:]) or "'" in base \
                or "’" in base:
            return None  # acronyms, mixed case (iPhone), O'Brien, foreign accented words
        lower = base.lower()
        known = lower in self.words
        at_start = bool(_SENTENCE_START.search(self.pair.target, 0, start))
        variant = self.variant(lower, known)
        if variant:
            if _capitalised(base) and not at_start:
                return None  # a name: World Trade Center, the Labour Party
            return Hit(f"“{base}” is the {'US' if self.british else 'British'} spelling; the house style "
                       f"({self.context.style.spelling}) writes “{_match_case(variant, base)}”",
                       target_span=(start, start + len(base)), suggestion=_match_case(variant, base),
                       severity=Severity.NEUTRAL)
        if known or self.excused(base, lower, start, end):
            return None
        if _capitalised(base):
            return self.capitalised(base, lower, start)
        suggestions = self.words.suggest(lower)
        if not suggestions:
            return None
        return _misspelt(base, start, suggestions)

    def capitalised(self, base: str, lower: str, start: int) -> Hit | None:
        if len(base) < 5 or self.pair.target.count(base) > 1:
            return None  # short names (Phan, Joo, Suk are a letter from a word), a name the pair repeats
        if _HAN.search(self.pair.source):
            # One letter off the pinyin of the source's characters ("Bejing" for 北京), the same length
            # or a letter short, its start and end intact: typos keep a word's ends, while a name written
            # from another language drifts from its Chinese transliteration (Blinken, 布林肯 bulinken;
            # Fahad, 法哈德 fahade).
            near = [reading for reading in _edits1(lower) & _source_pinyin(self.pair.source)
                    if len(reading) >= max(5, len(lower)) and reading[:2] == lower[:2] and reading[-1] == lower[-1]]
            if near:
                return _misspelt(base, start, [near[0]])
        if len(base) < _CAPITALISED_MIN_LENGTH or self.in_name(base, start):
            return None
        counts = self.words.counts
        near_words = sorted((w for w in _edits1(lower) if counts.get(w, 0) >= _CAPITALISED_NEAR_COUNT),
                            key=lambda w: (-counts[w], w))
        if near_words:
            return _misspelt(base, start, near_words[:3])
        return None

    def in_name(self, base: str, start: int) -> bool:
        """Whether a neighbouring word is capitalised (not the sentence's first) or a particle: the
        word is part of a name (Chosun Ilbo, Changi Airport, Agence France-Presse, von der Leyen)."""
        target = self.pair.target
        before = _PREVIOUS_WORD.search(target, 0, start)
        after = _NEXT_WORD.match(target, start + len(base))
        if before and (before.group(1).lower() in _PARTICLES or before.group(1)[0].isupper()
                       and not _SENTENCE_START.search(target, 0, before.start(1))):
            return True
        return bool(after and (after.group(1).lower() in _PARTICLES or after.group(1)[0].isupper()))


def _misspelt(word: str, start: int, suggestions: list[str]) -> Hit:
    suggestions = [_match_case(s, word) for s in suggestions]
    others = f" (or {', '.join(suggestions[1:])})" if len(suggestions) > 1 else ""
    return Hit(f"“{word}” is not an English word: “{suggestions[0]}”{others}?",
               target_span=(start, start + len(word)), suggestion=suggestions[0])


def _words(target: str) -> Iterator[tuple[str, int]]:
    """(word, offset) of every word to judge; hyphenated compounds part by part."""
    urls = [match.span() for match in _URL.finditer(target)] if ("://" in target or "www." in target) else ()
    for match in _WORD.finditer(target):
        if urls and any(s <= match.start() < e for s, e in urls):
            continue
        token, offset = match.group(), match.start()
        if "-" not in token:
            yield token, offset
            continue
        parts = token.split("-")
        if "".join(parts).lower() in dictionary():
            continue  # written closed too: e-mail, co-operate
        for number, part in enumerate(parts):
            # "pre-", "multi-", "non-": a prefix written with its hyphen
            if number == len(parts) - 1 or part.lower() not in _PREFIXES:
                yield part, offset
            offset += len(part) + 1


def _pair_hits(pair: Pair, context: CheckContext) -> list[Hit]:
    state = _state(context)
    key = (pair.source, pair.target, context.style.spelling)
    if state.last[0] == key:
        return state.last[1]
    hits = []
    judge = None
    words = dictionary()
    for word, start in _words(pair.target):
        lower = word.lower()
        # Fast path: a dictionary word that is not a variant pair member is fine.
        if lower in words.counts and lower not in words.us_to_gb and lower not in words.gb_to_us:
            continue
        if judge is None:
            judge = _Pass(pair, context)
        hit = judge.judge(word, start)
        if hit is not None:
            hits.append(hit)
    state.last = (key, hits)
    return hits


def _hits(pair: Pair, context: CheckContext, variants: bool) -> Iterator[Hit]:
    for hit in _pair_hits(pair, context):
        if (hit.severity is Severity.NEUTRAL) == variants:
            yield hit


@check("spelling", Category.SPELLING, Severity.MINOR)
def spelling(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Misspelt words: not in the English dictionary, with the nearest words as suggestions"""
    yield from _hits(pair, context, variants=False)


@check("spelling-variant", Category.SPELLING, Severity.NEUTRAL)
def spelling_variant(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """The other spelling variant than the house style's (US or British: “colour” in en-US)"""
    for hit in _hits(pair, context, variants=True):
        yield Hit(hit.message, target_span=hit.target_span, suggestion=hit.suggestion)
