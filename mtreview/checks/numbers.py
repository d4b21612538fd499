"""Numbers, dates and times: the English must carry the source's values (compared as values)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import lru_cache

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.numbers import (
    NumberMention,
    close,
    parse_chinese_numeral,
    source_numbers,
    target_numbers,
    unmatched,
)
from mtreview.records import Category, Pair, Severity

FAMILY = "numbers"
PROFILES = ("accuracy",)
ITS_TYPE = "numbers"  # ITS has a type for numbers, whatever the MQM category

# 去年 (last year) and the like, and 同比 (year on year), are rendered as the year itself ("in 2017") in English news.
_RELATIVE_YEAR = re.compile(r"去年|今年|明年|前年|后年|上年|同年|当年|本年|同比")  # 同比: "than in 2021"
_YEAR = re.compile(r"(?:19|20)\d\d")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DAY_OF_MONTH = re.compile(r"\s*[日号]")


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")
_ZH_NUMBER = r"\d{1,4}|[〇零一二三四五六七八九十]{1,4}"
# A date whose weekday is known: year, month and day all written (2024年9月15日).
_ZH_FULL_DATE = re.compile(rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_ZH_NUMBER})\s*月\s*(?P<d>{_ZH_NUMBER})\s*[日号]")
_ZH_DAY = re.compile(rf"(?:{_ZH_NUMBER})\s*[日号]")
_ZH_WEEKDAY = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")


def _leftovers(pair: Pair) -> tuple[list[NumberMention], list[NumberMention]]:
    return _unmatched_numbers(pair.source, pair.target)


def _number(text: str) -> int | None:
    value = int(text) if text.isdigit() else parse_chinese_numeral(text)
    return None if value is None else int(value)


@lru_cache(maxsize=1024)
def _dated_weekday(source: str, target: str) -> tuple[tuple[int, int], str, tuple[int, int] | None] | None:
    """(the source date's span, its weekday, the span of a different weekday the English names) where
    the source writes one full date, the English one weekday, and the source no weekday of its own."""
    weekdays = [match for match in _WEEKDAY.finditer(target)]
    if len({match.group() for match in weekdays}) != 1 or _ZH_WEEKDAY.search(source):
        return None
    folded = source.translate(_FOLD)
    dates = list(_ZH_FULL_DATE.finditer(folded))
    if len(dates) != 1 or len(_ZH_DAY.findall(folded)) != 1:
        return None
    year, month, day = (_number(dates[0].group(part)) for part in "ymd")
    if year is None or month is None or day is None:
        return None
    try:
        weekday = _WEEKDAYS[datetime.date(year, month, day).weekday()]
    except (TypeError, ValueError):
        return None
    wrong = None if weekdays[0].group() == weekday else weekdays[0].span()
    return dates[0].span(), weekday, wrong


@lru_cache(maxsize=1024)  # the three checks below ask for the same pair in a row
def _unmatched_numbers(source: str, target: str) -> tuple[list[NumberMention], list[NumberMention]]:
    left_source, left_target = unmatched(source_numbers(source), target_numbers(target))
    if _WEEKDAY.search(target):
        # News English names the weekday instead of the date: 15日下午 → "on Thursday afternoon".
        left_source = [m for m in left_source if not _DAY_OF_MONTH.match(source, m.span[1])]
        dated = _dated_weekday(source, target)
        if dated:  # a full date given as its weekday: the weekday is checked instead (number-mismatch)
            (start, end), _, _ = dated
            left_source = [m for m in left_source if not (start <= m.span[0] and m.span[1] <= end)]
    return left_source, left_target


def _format(value: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {word}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


@lru_cache(maxsize=256)
def _wrong_conversions(source: str, target: str) -> dict[NumberMention, tuple[NumberMention, str]]:
    """English numbers left unmatched that carry a unit a source measure converts to, with a value
    the conversion does not give: each with that source measure and the value it should be."""
    left_target = _unmatched_numbers(source, target)[1]
    with_unit = [m for m in left_target if m.unit and m.written == "digits"]
    if not with_unit:
        return {}
    wrong = {}
    for mention in with_unit:
        for measure in source_numbers(source):
            right = next((value for value, unit in measure.converted if unit == mention.unit), None)
            if right is not None and not close(right, mention):
                wrong[mention] = (measure, f"{_format(right)}{mention.unit}" if mention.unit.startswith("°")
                                  else f"{_format(right)} {mention.unit}")
                break
    return wrong


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
    if _WEEKDAY.search(pair.target):
        dated = _dated_weekday(pair.source, pair.target)
        if dated:
            span, weekday, wrong = dated
            if wrong:
                yield Hit(f"“{pair.target[wrong[0]:wrong[1]]}” is not the weekday of {pair.source[span[0]:span[1]]}, "
                          f"a {weekday}", target_span=wrong, source_span=span, suggestion=weekday)
    left_source, left_target = _leftovers(pair)
    converted = _wrong_conversions(pair.source, pair.target)
    for mention, (source, right) in converted.items():
        yield Hit(f"“{mention.text}” is not the source's {source.text} converted to {mention.unit}: that is "
                  f"about {right}", target_span=mention.span, source_span=source.span, suggestion=right)
    counterparts = [m for m in left_source if _substantial(m)]
    if not counterparts:
        return
    for mention in left_target:
        if mention.written == "digits" and mention not in converted:
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
    converted = _wrong_conversions(pair.source, pair.target)
    for mention in left_target:
        if mention.written == "digits" and mention not in converted and \
                not (relative_year and _YEAR.fullmatch(mention.text)):
            yield Hit(f"“{mention.text}” has no counterpart in the source", target_span=mention.span)


# Figures of five digits or more with no separator ("100000"); four-digit figures and years are
# written either way. Codes, IDs, phone and account numbers are not quantities: a leading zero, ten
# digits or more, a letter, slash or hyphen beside it, brackets around it, or a naming word before it.
_BARE_FIGURE = re.compile(r"(?<![\w.,/#:+\-–])(?P<n>[1-9]\d{4,8})(?P<fraction>\.\d+)?(?![\w/\-–]|[.,:][\w]|\s*[-–]\s*\d)")
_NAMED_BEFORE = re.compile(
    r"(?:\bNo\.?|\bnumbers?|\bNos?\.|\bcodes?|\bID|\bids?|#|\btel\.?|\bphone|\bfax|\bhotline|\bzip|\bpost(?:al)?\s*code"
    r"|\bpostcode|\broom|\baccounts?|\bflights?|\bpatent|\bserial|\bISBN|\bISSN|\bQQ|\bWeChat|\border|\bticket"
    r"|\bmodel|\bstock|\bshares?\s+code|\bversion|\bv\.?|\bcase|\bline|\btrain|\bbus|\broute|\bpage|\bp\.)"
    r"\s*[:：]?\s*$"
    r"|(?-i:\b(?!RMB|USD|EUR|HKD|CNY|GBP|JPY)[A-Z]{2,5}(?:/[A-Z]{1,3})?)\s*$",  # a standard's or product's code: GB/T 13000, SJ/T 11364, ISO 14001
    re.IGNORECASE)
_NAMED_AFTER = re.compile(r"\s*(?:hotline|helpline|number|code|line|series|model|ID)\b", re.IGNORECASE)


@check("thousands-separator", Category.NUMBER_FORMAT, Severity.MINOR)
def thousands_separator(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Figure of five digits or more without the house style's thousands separator (100000 for 100,000)"""
    separator = context.style.thousands
    target = pair.target
    if not separator or not _ANY_LONG_FIGURE.search(target):
        return
    for match in _BARE_FIGURE.finditer(target):
        before = target[max(0, match.start() - 16):match.start()]
        if _NAMED_BEFORE.search(before) or _NAMED_AFTER.match(target, match.end()) or (before.endswith(("(", "（")) and target.startswith((")", "）"), match.end())):
            continue
        number = match.group("n")
        if re.search(rf"(?<![\d,，.]){number}(?![\d,，])", pair.source):
            continue  # the source's own figure, written bare: a code (GB/T 13000) or a technical count
        grouped = f"{int(number):,}".replace(",", separator) + (match.group("fraction") or "")
        yield Hit(f"“{match.group()}” has no thousands separator; the house style writes “{grouped}”",
                  target_span=match.span(), suggestion=grouped)


_ANY_LONG_FIGURE = re.compile(r"\d{5}")
