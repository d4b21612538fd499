"""English numbers spelt out as words: the word tables, and runs of words read as one value.

"three hundred million", "a hundred and fifty", "twenty five", "two thousand three hundred" (talks and
transcripts spell numbers out), and the older English of the King James Bible and of period prose:
"forty and six thousand and five hundred" (46,500), "threescore and fourteen" (74). numbers.py reads
single words and digits; this module only the runs.
"""

from __future__ import annotations

import re

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Counting by scores: "threescore and ten" is 70, "fourscore and seven" 87.
SCORES = {"twoscore": 40, "threescore": 60, "fourscore": 80}

_SMALL = "|".join(sorted(UNITS[1:] + TENS[2:] + list(SCORES), key=len, reverse=True))
WORD_RUN = re.compile(
    rf"\b(?:{_SMALL}|a)(?:-(?:{_SMALL}))?(?:(?:\s+and)?[\s-]+(?:{_SMALL}|hundred|thousand|million|billion|trillion)\b)+",
    re.IGNORECASE)
RUN_WORDS = frozenset(TENS[2:]) | {"hundred"} | frozenset(SCALES) | frozenset(SCORES)
_SMALL_VALUES = {word: value for value, word in enumerate(UNITS)} | {
    word: 10 * tens for tens, word in enumerate(TENS) if word} | SCORES


def _joins_tens_and_units(words: list[str], position: int) -> bool:
    """Whether the "and" at `position` joins tens and the units after them, in the old order ("forty
    and six", "threescore and fourteen": a score takes up to nineteen), not two numbers ("between
    twenty and thirty")."""
    following = _SMALL_VALUES.get(words[position + 1], 0) if position + 1 < len(words) else 0
    largest = 19 if words[position - 1] in SCORES else 9
    return 1 <= following <= largest


def run_value(text: str) -> float | None:
    """The value of a run of number words, or None where the run is several numbers ("one two")."""
    total = current = 0.0
    previous = ""  # "unit" (1-19), "tens", "tens-and" (tens and the "and" before units), "hundred" or "scale"
    words = re.split(r"[\s-]+", text.lower())
    for position, word in enumerate(words):
        if word == "and":
            if previous == "tens" and _joins_tens_and_units(words, position):
                previous = "tens-and"
                continue
            if previous not in ("hundred", "scale"):
                return None  # "one and two" are two numbers
            continue
        if word == "a":
            current, previous = 1, "unit"
        elif word in _SMALL_VALUES:
            value = _SMALL_VALUES[word]
            kind = "tens" if value >= 20 else "unit"
            if previous == "unit" or (previous in ("tens", "tens-and") and kind == "tens"):
                return None
            if previous == "tens" and value >= 10:
                return None  # "twenty twelve"
            current, previous = current + value, kind
        elif word == "hundred":
            if previous == "hundred":
                return None
            current, previous = (current or 1) * 100, "hundred"
        else:
            total, current, previous = total + (current or 1) * SCALES[word], 0.0, "scale"
    return total + current
