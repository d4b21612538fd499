"""Numbers, dates and times: the English must carry the source's values (compared as values)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mtreview.checks import CheckContext, Hit, check
from mtreview.numbers import NumberMention, source_numbers, target_numbers, unmatched
from mtreview.records import Category, Pair, Severity

# 去年 (last year) and the like are rendered as the year itself ("in 2017") in English news.
_RELATIVE_YEAR = re.compile(r"去年|今年|明年|前年|后年|上年|同年|当年|本年")
_YEAR = re.compile(r"(?:19|20)\d\d")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DAY_OF_MONTH = re.compile(r"\s*[日号]")


def _leftovers(pair: Pair) -> tuple[list[NumberMention], list[NumberMention]]:
    return _unmatched_numbers(pair.source, pair.target)


@lru_cache(maxsize=1024)  # the three checks below ask for the same pair in a row
def _unmatched_numbers(source: str, target: str) -> tuple[list[NumberMention], list[NumberMention]]:
    left_source, left_target = unmatched(source_numbers(source), target_numbers(target))
    if _WEEKDAY.search(target):
        # News English names the weekday instead of the date: 15日下午 → "on Thursday afternoon".
        left_source = [m for m in left_source if not _DAY_OF_MONTH.match(source, m.span[1])]
    return left_source, left_target


def _describe(mentions: list[NumberMention]) -> str:
    return ", ".join(f"{m.text}" for m in mentions)


def _substantial(mention: NumberMention) -> bool:
    """A source number a translation must carry: digits, or numerals of ten and more. Small written
    numerals are idiom as often as number (前一年 "the year before", 近半 "nearly half")."""
    return mention.written == "digits" or (mention.written == "words" and max(mention.values) >= 10)


def _reportable_missing(mention: NumberMention) -> bool:
    # "1" is "a", "an", "once", "a single" in English as often as it is "one".
    return mention.written == "digits" and not all(value == 1 for value in mention.values)


@check("number-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def number_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Number in the English that differs from the one in the source (30 years → 40 years)"""
    left_source, left_target = _leftovers(pair)
    counterparts = [m for m in left_source if _substantial(m)]
    if not counterparts:
        return
    for mention in left_target:
        if mention.written == "digits":
            yield Hit(
                f"“{mention.text}” in the English does not match the source ({_describe(counterparts)})",
                target_span=mention.span, source_span=counterparts[0].span,
            )


@check("number-missing", Category.OMISSION, Severity.MINOR)
def number_missing(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Number in the source with no counterpart in the English"""
    left_source, left_target = _leftovers(pair)
    if any(m.written == "digits" for m in left_target) and any(_substantial(m) for m in left_source):
        return  # number-mismatch reports this pair
    for mention in left_source:
        if _reportable_missing(mention):
            yield Hit(f"the source number “{mention.text}” is not in the English", source_span=mention.span)


@check("number-added", Category.ADDITION, Severity.MINOR)
def number_added(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Number in the English with no counterpart in the source"""
    left_source, left_target = _leftovers(pair)
    if any(_substantial(m) for m in left_source) or not pair.source.strip():
        return  # number-mismatch reports this pair; an addition pair has its own finding
    relative_year = _RELATIVE_YEAR.search(pair.source) is not None
    for mention in left_target:
        if mention.written == "digits" and not (relative_year and _YEAR.fullmatch(mention.text)):
            yield Hit(f"“{mention.text}” has no counterpart in the source", target_span=mention.span)
