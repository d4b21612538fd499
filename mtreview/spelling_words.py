"""English words for the spelling check: the dictionary, US/UK variant pairs, suggestions.

The dictionary is the English word-frequency list that the `pyspellchecker` package ships (MIT; about
160,000 words with their counts in a large subtitle corpus, cleaned of common misspellings): pure Python
data, no system library, read once per process (about 0.1 s) on first use, never at import, so
`mtreview --help` stays fast. Its counts rank suggestions ("goverment" → government, not
"overpayment"). It is a US-spelling list ("color", not "colour"); British forms come from the variant
pairs below. A short list of current news vocabulary it lacks (NEWS_WORDS) is added, and known words
take the common English affixes (`is_word`), so "decarbonization" and "livestreaming" pass.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache

from mtreview.errors import MtreviewError


class SpellingDataError(MtreviewError):
    """The English word list cannot be found or read."""


# Current news and technology words missing from the subtitle-derived list (checked against it).
NEWS_WORDS = frozenset("""
app apps smartphone smartphones coronavirus coronaviruses lockdown lockdowns podcast podcasts livestream
livestreams livestreamed livestreaming hashtag hashtags selfie selfies blockchain cryptocurrency
cryptocurrencies fintech telecom telecoms netizen netizens opioid opioids fentanyl chatbot chatbots influencer
influencers vlog vlogs vlogger vloggers earbuds homebuyer homebuyers screenshot screenshots wellbeing pharma
megacity megacities terawatt terawatts gigawatt gigawatts unvaccinated decarbonization decarbonize
multilateralism unilateralism geopolitics ecommerce biodiversity photovoltaic photovoltaics exoplanet
exoplanets nonfarm rebar microplastics broadband startup startups preprocessing dataset datasets tech
etc approx admin admins immersive uplink downlink
""".split())
# Latin and French words of phrases English uses as they are (de facto, force majeure, status quo).
LOAN_WORDS = frozenset("facto jure majeure fide quo capita hoc versa priori posteriori bene alia vitae laude "
                       "se vis gratia".split())

# Stems whose US and British spellings differ (not -og/-ogue: "dialogue" and "catalogue" are US English
# too; not "analyses", the plural of analysis); inflected forms are derived by _variant_pairs and kept only
# where the US form is a dictionary word. (US stem, British stem, the suffixes both take.)
_OUR = ("ardor armor behavior candor clamor color demeanor endeavor favor fervor flavor harbor honor humor "
        "labor neighbor odor parlor rancor rigor rumor savior splendor tumor valor vapor vigor")
_RE = "center fiber liter luster meager saber scepter somber specter theater caliber sepulcher"
_ENSE = "defense offense pretense"
_LL = ("travel cancel label model signal fuel level channel tunnel duel quarrel total equal marvel counsel "
       "jewel shovel snorkel yodel tunnel")
_OTHER = {  # US -> British, whole words
    "gray": "grey", "grays": "greys", "plow": "plough", "plows": "ploughs", "aluminum": "aluminium",
    "jewelry": "jewellery", "mold": "mould", "molds": "moulds", "moldy": "mouldy", "skeptic": "sceptic",
    "skeptical": "sceptical", "skepticism": "scepticism", "pajamas": "pyjamas", "mustache": "moustache",
    "cozy": "cosy", "donut": "doughnut", "enroll": "enrol", "enrollment": "enrolment", "fulfill": "fulfil",
    "fulfillment": "fulfilment", "skillful": "skilful", "installment": "instalment", "willful": "wilful",
    "pediatric": "paediatric", "pediatrician": "paediatrician", "anesthesia": "anaesthesia",
    "anesthetic": "anaesthetic", "estrogen": "oestrogen", "maneuver": "manoeuvre", "maneuvers": "manoeuvres",
    "program": "programme", "programs": "programmes", "counselor": "counsellor", "counselors": "counsellors",
    "marvelous": "marvellous", "traveler": "traveller", "travelers": "travellers", "tire": "tyre",
    "tires": "tyres", "check": "cheque", "curb": "kerb", "draft": "draught", "analyze": "analyse",
    "analyzed": "analysed", "analyzing": "analysing", "paralyze": "paralyse",
    "paralyzed": "paralysed", "catalyze": "catalyse", "catalyzed": "catalysed", "meter": "metre",
    "meters": "metres", "kilometer": "kilometre", "kilometers": "kilometres", "centimeter": "centimetre",
    "centimeters": "centimetres", "millimeter": "millimetre", "millimeters": "millimetres",
    "license": "licence", "licenses": "licences",
}
# US forms whose British form is only one sense of several (a computer program, a check mark, to
# draft, a parking meter, the verb to license, to tire): never reported in en-GB.
_AMBIGUOUS_US = frozenset("program programs check curb draft tire tires meter meters license licenses".split())
_SUFFIXES = ("", "s", "ed", "ing", "able", "ably", "ful", "fully", "less", "ite", "ites", "er", "ers")
_LL_SUFFIXES = ("ed", "ing", "er", "ers")


def _variant_pairs(words: dict[str, int]) -> dict[str, str]:
    """US form -> British form, each US form a dictionary word."""
    pairs: dict[str, str] = {}
    for stems, change, suffixes in ((_OUR, lambda s: s[:-2] + "our", _SUFFIXES),
                                     (_RE, lambda s: s[:-2] + "re", ("", "s")),
                                     (_ENSE, lambda s: s[:-3] + "ence", ("", "s")),
                                     (_LL, lambda s: s + "l", _LL_SUFFIXES)):
        for stem in stems.split():
            for suffix in suffixes:
                us = stem + suffix
                if us in words:
                    pairs[us] = change(stem) + suffix
    pairs.update(_OTHER)
    return pairs


# British → US spellings, tried on a word the dictionary lacks: if one gives a dictionary word, the word
# is the British variant of it ("organisation" → organization, "colourful" → colorful).
_GB_TO_US_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"is(e|ed|es|ing|er|ers|ation|ations|able)$", r"iz\1"),
    (r"ys(e|ed|es|ing)$", r"yz\1"),
    (r"our", "or"),
    (r"tre(s?)$", r"ter\1"),
    (r"ll(ed|ing|er|ers|ation)$", r"l\1"),
    (r"ence(s?)$", r"ense\1"),
    (r"ae", "e"),
    (r"oeuvr", "euver"),
    (r"oeu", "eu"),
    (r"oe", "e"),
    (r"mme(s?)$", r"m\1"),
))


class Dictionary:
    """Word -> corpus count, with the variant tables and suggestions built on it."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.us_to_gb = _variant_pairs(counts)
        self.gb_to_us = {gb: us for us, gb in self.us_to_gb.items()}
        self._by_length: dict[tuple[str, int], list[str]] | None = None

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def us_form(self, word: str) -> str | None:
        """The US spelling of a British form the dictionary lacks, or None."""
        known = self.gb_to_us.get(word)
        if known:
            return known
        candidate = word
        for pattern, replacement in _GB_TO_US_RULES:  # one rule, then all together (manoeuvre)
            changed = pattern.sub(replacement, word)
            if changed != word and changed in self.counts:
                return changed
            candidate = pattern.sub(replacement, candidate)
        return candidate if candidate != word and candidate in self.counts else None

    def gb_form(self, word: str) -> str | None:
        """The British spelling of a US-only form, or None (and None for the ambiguous ones)."""
        return None if word in _AMBIGUOUS_US else self.us_to_gb.get(word)

    def suggest(self, word: str, limit: int = 3, min_count: int = 1) -> list[str]:
        """Dictionary words one edit away (insert, delete, replace, swap), commonest first; else two
        edits away among words of similar length and the same first letter."""
        counts = self.counts
        score = {w: counts[w] for w in _edits1(word) if counts.get(w, 0) >= min_count}
        if max(score.values(), default=0) < _COMMON:
            # Only rare words (often names: "holman") one edit away: a common word two edits away
            # ("hormone" for "holmon") may be meant; it ranks as if it were _TWO_EDIT_PENALTY times rarer.
            for w in self._two_edits(word, min_count):
                score.setdefault(w, counts[w] // _TWO_EDIT_PENALTY)
        return sorted(score, key=lambda w: (-score[w], w))[:limit]

    def _two_edits(self, word: str, min_count: int) -> set[str]:
        """Two edits away: only among common words (count >= _TWO_EDIT_COUNT) of the same first letter
        and a length within two, with a letter-set filter before the distance: a few hundred compares."""
        if len(word) < 5:
            return set()
        if self._by_length is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for known, count in self.counts.items():
                if count >= _TWO_EDIT_COUNT:
                    buckets.setdefault((known[0], len(known)), []).append(known)
            self._by_length = buckets
        letters = set(word)
        found = set()
        for length in range(len(word) - 2, len(word) + 3):
            for known in self._by_length.get((word[0], length), ()):
                if len(letters.symmetric_difference(known)) <= 4 and self.counts[known] >= min_count \
                        and _within_two(word, known):
                    found.add(known)
        return found


# Words rarer than this in the list are left out of two-edit suggestions: the rare end of a subtitle
# list holds names and slang, never the word a typo meant.
_TWO_EDIT_COUNT = 100
_COMMON = 5000
_TWO_EDIT_PENALTY = 20
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [left + right[1:] for left, right in splits if right]
    swaps = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replaces = [left + c + right[1:] for left, right in splits if right for c in _LETTERS]
    inserts = [left + c + right for left, right in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)


def _within_two(a: str, b: str) -> bool:
    """Whether the optimal-string-alignment distance of a and b is at most 2 (a banded DP with cutoff)."""
    if abs(len(a) - len(b)) > 2:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > 2:
            return False
        previous2, previous = previous, current
    return previous[-1] <= 2


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The English dictionary, read on first use."""
    try:
        from importlib import resources

        data = resources.files("spellchecker").joinpath("resources", "en.json.gz")
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as stream:
            counts: dict[str, int] = json.load(stream)
    except (ImportError, OSError, ValueError) as error:
        raise SpellingDataError(f"the English word list (package pyspellchecker) is not available: {error}") from error
    # News words rank as ordinary words for suggestions.
    for word in NEWS_WORDS | LOAN_WORDS:
        counts.setdefault(word, 100)
    return Dictionary(counts)
