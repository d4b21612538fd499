"""Numbers, dates and times as values, with their spans, in Chinese and in English.

Checks compare values, not strings: 12亿 is "1.2 billion", 6万 is "60,000", 第二十次 is "20th",
百分之五 is "5%", 9月15日 is "September 15", 晚上8点30分 is "8:30 p.m.". A mention can carry several
values where the reading is open (8点 in the evening is 8 and 20).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import cast

from mtreview.figures import arabic as _arabic
from mtreview.figures import same as _same
from mtreview.number_words import RUN_WORDS as _RUN_WORDS
from mtreview.number_words import SCALES as _SCALES_EN
from mtreview.number_words import SCORES
from mtreview.number_words import TENS as _TENS_EN
from mtreview.number_words import UNITS as _UNITS_EN
from mtreview.number_words import WORD_RUN as _EN_WORD_RUN
from mtreview.number_words import run_value as _run_value

Span = tuple[int, int]


@dataclass(frozen=True)
class NumberMention:
    values: tuple[float, ...]
    span: Span
    text: str
    # "digits" for Arabic numerals (a translator must carry them over), "words" for numerals written
    # out (三, "three"), "month" for month names, "code" for digits inside a token (COVID-19), "list"
    # for list-item numbers, "dateline" for a dateline's date: only "digits" are reported when
    # unmatched, the rest only serve to match.
    written: str
    # The value in other units, rounded as a translator rounds (1.3万亿斤 is "650 million tonnes",
    # 120公里 "75 miles"): (value, English unit) pairs, matched within rounding, never exactly.
    converted: tuple[tuple[float, str], ...] = ()
    unit: str = ""  # the English unit written after an English number ("tonnes"), "" if none

    def matches(self, other: NumberMention) -> bool:
        return any(_same(a, b) for a in self.values for b in other.values) or \
            any(close(value, other) for value, unit in self.converted if other.unit in ("", unit)) or \
            any(close(value, self) for value, unit in other.converted if self.unit in ("", unit))


def close(value: float, mention: NumberMention) -> bool:
    """Whether a converted value is what the mention writes, rounded: within 3%, or within half the
    last figure a round number writes ("600 million" for 6.3e8, "75 miles" for 74.6)."""
    for written in mention.values:
        tolerance = 0.03 * abs(value)
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", mention.text)
        if digits and "." not in digits.group():
            figure = digits.group().replace(",", "")
            place = 10 ** (len(figure) - len(figure.rstrip("0")))
            scale = written / float(figure) if float(figure) else 1.0
            tolerance = max(tolerance, min(place * scale / 2, 0.1 * abs(value)))
        if abs(value - written) <= tolerance:
            return True
    return False


# Full-width digits and signs map one character to one, so spans stay valid after folding.
_FOLD = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# --- Chinese ------------------------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

# A time first (8点30分 is not the decimal 8.30), then percentages, then amounts with 万/亿.
_ZH_TIME = re.compile(
    rf"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?"
    rf"(?P<hour>\d{{1,2}}|[{_ZH_NUMERAL}]{{1,3}})[点时](?:(?P<minute>\d{{1,2}}|[{_ZH_NUMERAL}]{{1,3}})分|(?P<half>半))?"
    rf"(?![\d%{_ZH_NUMERAL}])"
)
_ZH_PERCENT = re.compile(rf"百分之(?P<n>{_ARABIC}|[{_ZH_NUMERAL}]+(?:点[{_ZH_NUMERAL}]+)?)")
# Digits glued to Latin letters in Chinese text are units or codes (200rmb, 10km, G20): still numbers.
_ZH_ARABIC = re.compile(rf"(?<![\d.])(?P<n>{_ARABIC})\s*(?P<more>多|余)?(?P<scale>万亿|亿|万|千)?(?!\d)")
# "4至6万": the first number of a range may share the second one's scale.
_ZH_RANGE = re.compile(rf"(?P<n>{_ARABIC})\s*[至到~～\-－—]\s*(?:{_ARABIC})\s*(?:多|余)?(?P<scale>万亿|亿|万|千)")
_ZH_SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_ZH_WORDS = re.compile(rf"(?P<ordinal>第)?(?P<n>[{_ZH_NUMERAL}]+(?:点[{_ZH_NUMERAL}]+)?)")
# A lone numeral character is a number only before a measure word or unit; 一些, 统一, 十分 (very),
# 万一 (in case) and 千万 (by all means) are words, not numbers.
_MEASURE_WORDS = set("个位名人次年月日号天国项种家条批架艘辆座所倍岁周届部份例只元米吨点时分秒场轮期项支枚台本张篇亩级层")
_NOT_NUMBERS = {"十分", "万一", "千万", "一一", "一些", "一起", "一直", "一切", "一道", "一致", "一带", "一路",
                "一样", "一定", "一般", "一向", "一度", "一举", "一同", "一体", "一番", "一旦", "一再", "万分"}
_LIST_MARKER = re.compile(r"\d{1,2}(?:\s*[、，,.．)）](?!\d)|\s+(?=[\u4e00-\u9fff]))")
# Dates in a dateline (新华社北京2月10日电, （综合11日电）, 据法新社2月10日报道) are routinely dropped or
# rewritten in English news ("BEIJING, Feb. 10"): they match but are never reported missing.
_DATELINE = re.compile(r"(?:\d{1,2}月)?\d{1,2}日(?:电|讯|消息|报道)")


def _is_list_marker(text: str, match: re.Match) -> bool:
    """ "3、" or "4." numbering a list item at the start of a segment: translations often drop or
    renumber them, so they match but are never reported."""
    return not text[:match.start()].strip() and _LIST_MARKER.match(text, match.start()) is not None
# Numbers that are part of a name: 十四五 is the 14th Five-Year Plan (2021-2025), 十九大 the 19th Party
# Congress (2017). They match the ordinal or the years, and a plan is never reported as missing.
_ZH_PLAN = re.compile(r"(?P<n>十[一二三四五六七八九]|[六七八九])五(?:(?=规划|计划|时期|期间)|(?<=十.五))")
_ZH_CONGRESS = re.compile(r"(?<![第])(?P<n>十[二三四五六七八九]|二十[一二]?)大")
# 翻一番 doubles, 翻两番 quadruples.
_ZH_DOUBLINGS = re.compile(r"翻(?:了)?(?P<n>[一两二三四五]|\d)番|翻番")
_ZH_FRACTION = re.compile(rf"(?P<d>\d+|[{_ZH_NUMERAL}]+)分之(?P<n>\d+(?:\.\d+)?|[{_ZH_NUMERAL}]+(?:点[{_ZH_NUMERAL}]+)?)")
# 增长了1倍 is "doubled": after a verb of growth, N倍 may be read as N+1 times the old value.
_GROWTH_BEFORE = re.compile(r"(?:增长|增加|提高|提升|上升|扩大|增|涨|多)了?\s*$")
# Units a translator converts, and what one of them is in the English units used for it.
_CONVERSIONS: dict[str, tuple[tuple[float, str], ...]] = {
    "斤": ((0.5, "kg"), (0.0005, "tonnes"), (1.10231, "pounds"), (500, "grams")),
    "公斤": ((2.20462, "pounds"), (0.001, "tonnes")), "千克": ((2.20462, "pounds"), (0.001, "tonnes")),
    "吨": ((1000, "kg"), (2204.62, "pounds"), (1.10231, "short tons")),
    "亩": ((1 / 15, "hectares"), (666.667, "square metres"), (0.164737, "acres"), (1 / 1500, "square kilometres")),
    "公顷": ((2.47105, "acres"), (15, "mu"), (0.01, "square kilometres")),
    "公里": ((0.621371, "miles"), (1000, "metres")), "千米": ((0.621371, "miles"), (1000, "metres")),
    "平方公里": ((0.386102, "square miles"), (100, "hectares")),
    "平方米": ((10.7639, "square feet"),), "米": ((3.28084, "feet"), (1.09361, "yards")),
    "厘米": ((0.393701, "inches"),), "英里": ((1.60934, "km"),), "英尺": ((0.3048, "metres"),),
    "英寸": ((2.54, "cm"),), "磅": ((0.453592, "kg"),), "英亩": ((0.404686, "hectares"), (6.07029, "mu")),
}
_ZH_CONVERTED_UNIT = re.compile(r"\s*个?\s*(?P<unit>平方公里|平方米|公里|千米|公斤|千克|公顷|英里|英尺|英寸|英亩|摄氏度|华氏度"
                                r"|厘米|[斤吨亩米磅℃℉])")
# 两成 is 20%, 七成 70% (tenths); not 一成不变 (unchanged), 八成 as "most likely" still reads 80%.
_ZH_TENTHS = re.compile(r"(?P<n>[一二两三四五六七八九]|\d)成(?![为功立本果员长就不熟年型品交绩])")
# 千万 is "by all means" except as an amount: 突破千万, 千万元.
_ZH_TEN_MILLION = re.compile(r"(?<=[破过超逾近上达数])千万|千万(?=[人元级量辆吨户台次件])")
_BESIDE_FIRST = frozenset("倍个 平公千英摄华厘斤吨亩米磅℃℉")
_ZH_HALF = re.compile(r"(?<=[近过超逾约])半|[一减]半|半数")
_PM_PERIODS = {"下午", "傍晚", "晚上", "夜里", "夜间"}


def parse_chinese_numeral(text: str) -> float | None:
    """三十 → 30, 二〇二二 → 2022, 一亿二千万 → 120000000, 三点五 → 3.5; None if not a numeral."""
    if not text or any(char not in _ZH_NUMERAL and char != "点" for char in text):
        return None
    whole, _, fraction = text.partition("点")
    if fraction:
        if any(char not in _ZH_DIGITS for char in fraction):
            return None
        integer = parse_chinese_numeral(whole)
        return None if integer is None else float(f"{int(integer)}.{''.join(str(_ZH_DIGITS[c]) for c in fraction)}")
    if len(whole) > 1 and all(char in _ZH_DIGITS for char in whole):
        return float("".join(str(_ZH_DIGITS[char]) for char in whole))  # 二〇二二: digit by digit
    total, section, digit = 0.0, 0.0, None
    for char in whole:
        if char in _ZH_DIGITS:
            if digit is not None and digit != 0:
                return None  # 十四五 (the plan), 三五 (three or five) are not one numeral
            digit = _ZH_DIGITS[char]
        elif char in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[char]
            digit = None
        else:  # 万 or 亿
            section += digit or 0
            if section == 0 and total == 0:
                return None  # a bare 万 or 亿 is not a number
            if char == "亿":
                total = (total + section) * _ZH_BIG[char]
            else:
                total += section * _ZH_BIG[char]
            section, digit = 0.0, None
    return total + section + (digit or 0)


def fold_width(text: str) -> str:
    """Full-width digits and signs (１２．５％) as ASCII, one character for one: spans stay valid."""
    return text.translate(_FOLD)


def chinese_amount(number: str, scale: str | None = None) -> float | None:
    """A number as Chinese text writes it, digits (3,000, 315.1) or a numeral (三千, 三点五), times its
    scale (万, 亿, 万亿, 千): 315.1 and 亿 → 31,510,000,000; None if the numeral is no number."""
    value = _arabic(number) if number[:1].isdigit() else parse_chinese_numeral(number)
    if value is None:
        return None
    return value * _ZH_SCALES[scale] if scale else value


_APPROXIMATE = re.compile(r"(?P<head>.*?)(?P<low>[一二三四五六七八])(?P<high>[二三四五六七八九])(?P<tail>[十百千万亿].*)$")


def _approximate(numeral: str) -> list[float]:
    """一万六七千 is 16,000 or 17,000; 三四十 is 30 or 40: two neighbouring digits make a range."""
    match = _APPROXIMATE.match(numeral)
    if not match or _ZH_DIGITS[match.group("high")] != _ZH_DIGITS[match.group("low")] + 1:
        return []
    readings = [parse_chinese_numeral(match.group("head") + match.group(digit) + match.group("tail"))
                for digit in ("low", "high")]
    return [] if None in readings else [reading for reading in readings if reading is not None]


class _Mentions:
    """Mentions found so far; the patterns run most specific first, and a later one never claims
    characters an earlier one read (8点30分 is a time, not the decimal 8.30)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[NumberMention] = []
        # the characters read so far: a span's test costs its length, not the number of mentions (a
        # sentence of 6,000 numbers was quadratic)
        self.claimed = bytearray(len(text) + 1)

    def add(self, values, span: Span, written: str) -> None:
        start, end = span
        if end > start and self.claimed.find(1, start, end) >= 0:
            return
        self.found.append(NumberMention(tuple(values), span, self.text[start:end], written))
        self.claimed[start:end] = b"\x01" * (end - start)

    def in_order(self) -> list[NumberMention]:
        return sorted(self.found, key=lambda mention: mention.span)


def source_numbers(text: str) -> list[NumberMention]:
    """Numbers in Chinese text, in order of position (Traditional read as Simplified: 十二億 is 12亿)."""
    from mtreview.traditional import simplified

    folded = simplified(text).translate(_FOLD)
    collector = _Mentions(text)
    add = collector.add

    for match in _ZH_TIME.finditer(folded) if "点" in folded or "时" in folded else ():
        hour_text = match.group("hour")
        hour = _arabic(hour_text) if hour_text[0].isdigit() else parse_chinese_numeral(hour_text)
        if hour is None or hour > 24:
            continue
        # Without 下午/晚上 the clock is open: 8点 may be 8 a.m. or 20:00.
        period = match.group("period")
        open_clock = (period is None or period in _PM_PERIODS) and hour < 12
        hours = [hour + 12] if period in _PM_PERIODS and hour < 12 else [hour]
        if open_clock and period is None:
            hours.append(hour + 12)
        add(hours, match.span("hour"), "digits" if hour_text[0].isdigit() else "words")
        minute_text = match.group("minute")
        if minute_text:
            minute = _arabic(minute_text) if minute_text[0].isdigit() else parse_chinese_numeral(minute_text)
            if minute is not None:
                add([minute], match.span("minute"), "digits" if minute_text[0].isdigit() else "words")
        elif match.group("half"):
            add([30], match.span("half"), "words")
    for match in _ZH_PERCENT.finditer(folded) if "百分之" in folded else ():
        number = match.group("n")
        value = _arabic(number) if number[0].isdigit() else parse_chinese_numeral(number)
        if value is not None:
            add([value], match.span(), "digits" if number[0].isdigit() else "words")
    for match in _ZH_PLAN.finditer(folded) if "五" in folded else ():
        number = cast(float, parse_chinese_numeral(match.group("n")))  # the pattern matches numerals only
        start = 1966 + 5 * (number - 3)  # the 3rd plan was 1966-1970, every plan since five years
        add([number, start, start + 4, (start + 4) % 100], match.span(), "words")
    for match in _ZH_CONGRESS.finditer(folded) if "大" in folded else ():
        number = cast(float, parse_chinese_numeral(match.group("n")))  # the pattern matches numerals only
        add([number, 1982 + 5 * (number - 12)], match.span("n"), "words")  # the 12th met in 1982
    for match in _ZH_DOUBLINGS.finditer(folded) if "番" in folded else ():
        times = match.group("n")
        times = 1 if times is None else _arabic(times) if times.isdigit() else _ZH_DIGITS[times]
        add([2 ** times], match.span(), "words")
    for match in _ZH_FRACTION.finditer(folded) if "分之" in folded else ():
        parts = [_arabic(part) if part[0].isdigit() else parse_chinese_numeral(part) for part in match.group("d", "n")]
        if parts[0] and parts[1] is not None:
            add([parts[1] / parts[0], 100 * parts[1] / parts[0]], match.span(), "words")  # a third, 33%
    for match in _ZH_TENTHS.finditer(folded) if "成" in folded else ():
        tenths = match.group("n")
        tenths = _arabic(tenths) if tenths.isdigit() else _ZH_DIGITS[tenths]
        add([10 * tenths, tenths / 10], match.span(), "words")  # 两成: "20 percent", "a fifth" (0.2)
    for match in _ZH_TEN_MILLION.finditer(folded) if "千万" in folded else ():
        add([1e7], match.span(), "words")
    for match in _ZH_RANGE.finditer(folded):
        value = _arabic(match.group("n"))
        add([value, value * _ZH_SCALES[match.group("scale")]], match.span("n"), "digits")
    for match in _ZH_HALF.finditer(folded) if "半" in folded else ():
        add([0.5, 50.0], match.span(), "words")  # 近半 is "nearly half" or "nearly 50%"
    datelines = [match.span() for match in _DATELINE.finditer(folded)]
    for match in _ZH_ARABIC.finditer(folded):
        value = _arabic(match.group("n"))
        scale = match.group("scale")
        values = [value * _ZH_SCALES[scale]] if scale else [value]
        if folded.startswith("年代", match.end()) and value < 100:
            values.append(1900 + value)  # 90年代 is "the 1990s"
        written = "digits"
        if _is_list_marker(folded, match):
            written = "list"
        elif any(match.start() < end and start < match.end() for start, end in datelines):
            written = "dateline"
        add(values, match.span(), written)
    for match in _ZH_WORDS.finditer(folded):
        numeral, start, end = match.group("n"), match.start("n"), match.end("n")
        following = folded[end:end + 1]
        word = folded[start:end + 1]
        if word[:2] in _NOT_NUMBERS or folded[max(0, start - 1):end] in _NOT_NUMBERS:
            continue
        if len(numeral) == 1 and not match.group("ordinal") and following not in _MEASURE_WORDS:
            continue
        value = parse_chinese_numeral(numeral)
        if value is None:
            values = _approximate(numeral)
            if values:
                add(values, match.span(), "words")
            continue
        values = [value]
        if len(numeral) == 2 and all(char in _ZH_DIGITS for char in numeral):
            first, second = (_ZH_DIGITS[char] for char in numeral)
            if second == first + 1:
                values = [first, second]  # 五六 is "five or six"
            else:
                values += [1900 + value, 2000 + value]  # 九二共识 is the "1992 Consensus"
        add(values, match.span(), "words")
    return [_read_beside(folded, mention) for mention in collector.in_order()]


def _read_beside(folded: str, mention: NumberMention) -> NumberMention:
    """The readings the words after a number allow: N倍 after a verb of growth, a unit's conversions."""
    start, end = mention.span
    if folded[end:end + 1] not in _BESIDE_FIRST:
        return mention  # most numbers: nothing beside them to read
    if folded.startswith("倍", end) and _GROWTH_BEFORE.search(folded, max(0, start - 4), start):
        return replace(mention, values=mention.values + tuple(value + 1 for value in mention.values))
    unit_match = _ZH_CONVERTED_UNIT.match(folded, end)
    if unit_match is None or mention.written not in ("digits", "words"):
        return mention
    unit = unit_match.group("unit")
    value = -mention.values[0] if folded[max(0, start - 2):start] == "零下" else mention.values[0]
    if unit in ("摄氏度", "℃"):
        converted: tuple[tuple[float, str], ...] = ((value * 9 / 5 + 32, "°F"),)
    elif unit in ("华氏度", "℉"):
        converted = (((value - 32) * 5 / 9, "°C"),)
    else:
        converted = tuple((value * factor, name) for factor, name in _CONVERSIONS[unit])
    return replace(mention, converted=converted)


# --- English ------------------------------------------------------------------------------------

_ORDINALS_EN = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                "seventeenth", "eighteenth", "nineteenth"]
_TENS_ORDINAL_EN = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
                    "eightieth", "ninetieth"]
_WORD_VALUES: dict[str, float] = {}
for _value, _word in enumerate(_UNITS_EN):
    _WORD_VALUES[_word] = _value
for _value, _word in enumerate(_ORDINALS_EN):
    _WORD_VALUES[_word] = _value
for _tens in range(2, 10):
    _WORD_VALUES[_TENS_EN[_tens]] = _tens * 10
    _WORD_VALUES[_TENS_ORDINAL_EN[_tens]] = _tens * 10
    for _unit in range(1, 10):
        _WORD_VALUES[f"{_TENS_EN[_tens]}-{_UNITS_EN[_unit]}"] = _tens * 10 + _unit
        _WORD_VALUES[f"{_TENS_EN[_tens]}-{_ORDINALS_EN[_unit]}"] = _tens * 10 + _unit
# Multiples: 3倍 is "three times", "threefold", "tripled"; 2倍 "twice", "doubled".
for _word, _times in (("twice", 2), ("double", 2), ("doubled", 2), ("doubles", 2), ("doubling", 2),
                      ("triple", 3), ("tripled", 3), ("triples", 3), ("tripling", 3), ("treble", 3),
                      ("trebled", 3), ("quadruple", 4), ("quadrupled", 4), ("quadrupling", 4),
                      ("quintuple", 5), ("quintupled", 5)):
    _WORD_VALUES[_word] = _times
for _times in range(2, 20):
    _WORD_VALUES[f"{_UNITS_EN[_times]}fold"] = _times
for _tens in range(2, 10):
    _WORD_VALUES[f"{_TENS_EN[_tens]}fold"] = _tens * 10
_WORD_VALUES.update({"hundredfold": 100, "thousandfold": 1000})
_WORD_VALUES.update({"hundred": 100, "hundredth": 100, "thousand": 1000, "dozen": 12, "half": 0.5,
                     "noon": 12, "midday": 12, "midnight": 0, **SCORES})
_MONTHS_EN = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
              "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
              "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
              "oct": 10, "nov": 11, "dec": 12}

_EN_TIME = re.compile(r"(?<![\d:])(?P<hour>\d{1,2})(?::\s?(?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?m\.?(?![A-Za-z])"
                      r"|(?<![\d:])(?P<hour24>\d{1,2}):\s?(?P<minute24>\d{2})(?![\d:])", re.IGNORECASE)
# "13.8 to 14.3 billion": the first number of a range shares the scale written after the second.
_EN_RANGE = re.compile(rf"(?<![\d.,])(?P<n>{_ARABIC})\s*(?:to|-|–|and|or)\s*(?:{_ARABIC})\s+"
                       r"(?P<scale>thousand|million|billion|trillion)\b", re.IGNORECASE)
# Digits inside a name or code (COVID-19, G20, 5G, GB18030) are read as "code": they can match a
# source number but are never reported on their own.
_EN_CODE = re.compile(r"(?<=[A-Za-z]-)\d+|(?<=[A-Za-z])\d+(?:\.\d+)?|\d+(?:\.\d+)?(?=[A-Za-z])(?!(?:st|nd|rd|th)\b)"
                      r"|\d+(?=-[A-Z]\b)")  # 3-D, 2-D: a numeral inside a word (三维)
_EN_DECADE = re.compile(r"(?<![\d'’])['’]?(?P<n>\d{2}|\d{4})s\b")
_EN_NUMBER = re.compile(
    rf"(?<![A-Za-z]-)(?<![A-Za-z\d.,])(?P<n>{_ARABIC})(?P<suffix>st|nd|rd|th)?(?![A-Za-z\d])(?!-[A-Z]\b)(?![.,]\d)"
    rf"(?:\s*(?P<percent>%|\s+per\s?cent\b))?(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
# "a quarter of a million" (25万), "half a million", "one and a half billion", "two-thirds of a million".
_FRACTIONS_EN = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
                 "fifth": 1 / 5, "fifths": 1 / 5, "tenth": 1 / 10, "tenths": 1 / 10}
# Units after an English number, named as _CONVERSIONS names them.
_EN_UNIT = re.compile(
    r"\s*-?\s*(?:(?P<sq>square\s+|sq\.?\s*)?(?:(?P<km>kilomet(?:er|re)s?|km)|(?P<miles>miles?|mi)"
    r"|(?P<metres>met(?:er|re)s?|m)|(?P<feet>feet|foot|ft)|(?P<yards>yards?|yd))|(?P<cm>centimet(?:er|re)s?|cm)"
    r"|(?P<inches>inch(?:es)?)|(?P<kg>kilo(?:gram(?:me)?)?s?|kg)|(?P<pounds>pounds?|lbs?)|(?P<grams>grams?|g)"
    r"|(?P<short>short\s+tons?)|(?P<tonnes>(?:metric\s+)?(?:tonnes?|tons?))|(?P<mu>mu)|(?P<hectares>hectares?|ha)"
    r"|(?P<acres>acres?)|(?:degrees?\s+)?(?P<C>Celsius|centigrade|C\b)|(?:degrees?\s+)?(?P<F>Fahrenheit|F\b)"
    r"|(?P<Cs>°\s?C|℃)|(?P<Fs>°\s?F|℉))(?![A-Za-z])", re.IGNORECASE)
_EN_UNIT_NAMES = {"C": "°C", "Cs": "°C", "F": "°F", "Fs": "°F", "short": "short tons"}
_SQUARE = {"km": "square kilometres", "metres": "square metres", "feet": "square feet", "miles": "square miles"}


def english_unit(text: str, end: int) -> str:
    """The unit written right after position `end` of English text, as _CONVERSIONS names it."""
    match = _EN_UNIT.match(text, end)
    if match is None:
        return ""
    kind = match.lastgroup or ""  # every alternative of _EN_UNIT is a named group
    if match.group("sq"):
        return _SQUARE.get(kind, "")
    return _EN_UNIT_NAMES.get(kind, kind)


_EN_FRACTION = re.compile(
    r"\b(?:(?P<whole>one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+and\s+)?"
    r"(?:(?P<count>an?|one|two|three|four|nine)[\s-]+)?(?P<fraction>half|halves|thirds?|quarters?|fifths?|tenths?)"
    r"(?:\s+of)?(?:\s+(?P<article>an?))?(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?", re.IGNORECASE)
_EN_WORD = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)?\b(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?")


# target_numbers reads every word of the text; one with no digit and none of the words it knows
# (number words, months, scales) has no numbers, and most English sentences are such.
_NUMBER_WORDS = frozenset(_WORD_VALUES) | frozenset(_MONTHS_EN) | frozenset(_SCALES_EN) | frozenset(_FRACTIONS_EN)
_LOWER_WORD = re.compile(r"[a-z]+")


_ANY_DIGIT = re.compile(r"\d")
_AM_PM = re.compile(r"\d\s*[ap]\.?m", re.IGNORECASE)


def target_numbers(text: str) -> list[NumberMention]:
    """Numbers, number words, ordinals, month names and times in English text, in order of position."""
    folded = text.translate(_FOLD)
    words = set(_LOWER_WORD.findall(folded.lower()))
    has_digit = _ANY_DIGIT.search(folded) is not None
    if not has_digit and _NUMBER_WORDS.isdisjoint(words):
        return []
    collector = _Mentions(text)
    add = collector.add

    # Each pass runs only where the text has what it reads (a clock, a scale word, a decade).
    for match in _EN_TIME.finditer(folded) if has_digit and (":" in folded or _AM_PM.search(folded)) else ():
        # ":00" says "on the hour", which the source (八点) does not write as a number.
        if match.group("hour24"):
            add([float(match.group("hour24"))], match.span("hour24"), "digits")
            minute = match.group("minute24")
            add([float(minute)], match.span("minute24"), "code" if minute == "00" else "digits")
            continue
        hour = float(match.group("hour"))
        pm = match.group("ampm").lower() == "p" and hour < 12
        add([hour, hour + 12] if pm else [hour], match.span("hour"), "digits")
        if match.group("minute"):
            minute = match.group("minute")
            add([float(minute)], match.span("minute"), "code" if minute == "00" else "digits")
    for match in _EN_RANGE.finditer(folded) if not words.isdisjoint(_SCALES_EN) else ():
        value = _arabic(match.group("n"))
        add([value * _SCALES_EN[match.group("scale").lower()], value], match.span("n"), "digits")
    for match in _EN_NUMBER.finditer(folded):
        value = _arabic(match.group("n"))
        scale = match.group("scale")
        written = "list" if _is_list_marker(folded, match) else "digits"
        add([value * _SCALES_EN[scale.lower()]] if scale else [value], match.span(), written)
    for match in _EN_DECADE.finditer(folded) if "0s" in folded else ():
        value = float(match.group("n"))
        add([value, value % 100], match.span(), "digits")  # "the 1990s" for 90年代
    for match in _EN_CODE.finditer(folded):
        add([float(match.group())], match.span(), "code")
    if _NUMBER_WORDS.isdisjoint(words):  # ("a" counts only before a scale word)
        return _with_units(folded, collector.in_order())  # no number word, month or scale: the word loop would find nothing
    for match in _EN_FRACTION.finditer(folded) if not words.isdisjoint(_FRACTIONS_EN) else ():
        fraction = _FRACTIONS_EN[match.group("fraction").lower()]
        count, whole, scale = match.group("count"), match.group("whole"), match.group("scale")
        if not (count or whole or scale) or (match.group("article") and not scale):
            continue  # a bare "half" or "third" is read by the word loop below
        amount = fraction * (1 if count is None or count.lower() in ("a", "an") else _WORD_VALUES[count.lower()])
        if whole:
            amount += float(whole) if whole.isdigit() else _WORD_VALUES[whole.lower()]
        if scale:
            add([amount * _SCALES_EN[scale.lower()]], match.span(), "words")
        elif fraction == 1 / 3 and not whole:
            add([amount, 3.0], match.span(), "words")  # "a third" may be the ordinal (第三)
        else:
            add([amount, 100 * amount], match.span(), "words")  # "a quarter" of 25%
    for match in _EN_WORD_RUN.finditer(folded) if not words.isdisjoint(_RUN_WORDS) else ():
        if (run_value := _run_value(match.group())) is not None:
            add([run_value], (match.start(), match.start() + len(match.group().rstrip())), "words")
    for match in _EN_WORD.finditer(folded):
        _read_word(folded, match, add)
    return _with_units(folded, collector.in_order())


def _with_units(folded: str, mentions: list[NumberMention]) -> list[NumberMention]:
    return [replace(m, unit=unit) if m.written in ("digits", "words") and folded[m.span[1]:m.span[1] + 1] in _UNIT_FIRST
            and (unit := english_unit(folded, m.span[1])) else m for m in mentions]


_UNIT_FIRST = frozenset(" -°℃℉kmfyicpglstohadCFKMFYIPGLSTOHAD")  # what a unit after a number starts with


_DAY_AFTER = re.compile(r"\.?\s+\d")


def _read_word(folded: str, match: re.Match, add) -> None:
    """A number word, month name or "a" + scale; a hyphenated word is read whole (twenty-five), else
    by its parts (January-February, Five-Year, three-fold)."""
    first = match.group().split()[0]
    word = first.lower().rstrip(".")
    scale = match.group("scale")
    if word in _MONTHS_EN:
        after = folded[match.start() + len(word):]
        # "May" the verb and "Mar"/"Jan" as names are months only when a day follows; full month
        # names always are, abbreviations need their full stop or a day.
        if word == "may" or len(word) <= 4 and word not in ("june", "july"):
            if not (_DAY_AFTER.match(after) or (word != "may" and after.startswith("."))):
                return
        add([float(_MONTHS_EN[word])], (match.start(), match.start() + len(first)), "month")
    elif word in _WORD_VALUES:
        value = float(_WORD_VALUES[word]) * (_SCALES_EN[scale.lower()] if scale else 1)
        add([value], match.span() if scale else (match.start(), match.start() + len(word)), "words")
    elif word == "a" and scale:
        add([_SCALES_EN[scale.lower()]], match.span(), "words")
    elif "-" in word:
        offset = match.start()
        for part in first.split("-"):
            lower = part.lower()
            if lower in _WORD_VALUES and lower not in ("a", "second"):
                add([float(_WORD_VALUES[lower])], (offset, offset + len(part)), "words")
            elif lower in _MONTHS_EN and len(lower) > 3:
                add([float(_MONTHS_EN[lower])], (offset, offset + len(part)), "month")
            offset += len(part) + 1


def unmatched(source: list[NumberMention], target: list[NumberMention]) -> tuple[list[NumberMention], list[NumberMention]]:
    """Pair mentions with equal values, exact readings first; return what is left on each side."""
    left_source = list(source)
    left_target = []
    # Mentions with one reading claim their partner before ambiguous ones (8点 in the evening).
    for mention in sorted(target, key=lambda m: len(m.values)):
        partner = next((s for s in left_source if s.matches(mention)), None)
        if partner is None:
            left_target.append(mention)
        else:
            left_source.remove(partner)
    # "249,289,299" in Chinese text is as often a list as a number with thousands separators.
    for mention in [m for m in left_source if "," in m.text]:
        parts = [float(part) for part in re.findall(r"\d+(?:\.\d+)?", mention.text.replace("，", ","))]
        partners = []
        for value in parts:
            partner = next((t for t in left_target if t not in partners and any(_same(value, v) for v in t.values)), None)
            partners.append(partner)
        if all(partners):
            left_source.remove(mention)
            left_target = [t for t in left_target if t not in partners]
    # One number can stand for two: 前20%与后20% is "the top and bottom 20 percent", and English may
    # repeat a number the source writes once; a value written on both sides is carried.
    left_source = [m for m in left_source if not any(m.matches(t) for t in target)]
    if not left_source:
        left_target = [t for t in left_target if not any(t.matches(s) for s in source)]
    # "120 km (75 miles)": a conversion written beside the figure it converts.
    left_target = [t for t in left_target if not any(
        t.unit == unit and close(value, t) for s in source for value, unit in s.converted)]
    return left_source, sorted(left_target, key=lambda m: m.span)
