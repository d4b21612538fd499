"""What the source's numbers count: percentage points, currencies and units of measure.

Each check pairs a number of the source with the same value in the English (values, not strings: 315.1亿
is "31.51 billion") and reads the word written beside it. Only a contradiction is reported, never a
conversion: "5公里" as "3.1 miles" is a translator's choice, "5公里" as "5 miles" is a wrong distance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.numbers import NumberMention, chinese_amount, fold_width, target_numbers
from mtreview.records import Category, Pair, Severity

FAMILY = "units"
PROFILES = ("accuracy",)

# A number in the Chinese, digits or numerals, with its scale (万, 亿) and 多/余 ("more than").
_ZH_NUMBER = (r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
              r"|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
              r"\s*(?P<scale>万亿|亿|万|千(?![米克瓦]))?\s*(?:多|余)?\s*")


def _zh_value(match: re.Match[str]) -> float | None:
    return chinese_amount(match.group("n"), match.group("scale"))


@lru_cache(maxsize=1024)  # the three checks below read the same English in a row
def _english_numbers(target: str) -> list[NumberMention]:
    return target_numbers(target)


def _same_value(value: float, mention: NumberMention) -> bool:
    return any(abs(value - other) <= 1e-9 * max(1.0, abs(value)) for other in mention.values)


# --- percentage points --------------------------------------------------------------------------

_POINTS = re.compile(_ZH_NUMBER + r"个?\s*(?P<unit>百分点|基点)")
_POINTS_AFTER = re.compile(r"\s*(?:percentage\s+|basis\s+)?(?:points?|pts?\b|pp\b|bps?\b)", re.IGNORECASE)
_PERCENT_WORD = re.compile(r"\s*(?:%|per\s?cent)$", re.IGNORECASE)


@check("percentage-point", Category.MISTRANSLATION, Severity.MAJOR)
def percentage_point(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Percentage points (百分点) or basis points (基点) given as a percentage (3.3个百分点 → 3.3%)"""
    source = pair.source
    if "百分点" not in source and "基点" not in source:
        return
    target = pair.target
    for match in _POINTS.finditer(fold_width(source)):
        value = _zh_value(match)
        if value is None:
            continue
        same = [m for m in _english_numbers(target) if _same_value(value, m)]
        if any(_POINTS_AFTER.match(target, m.span[1]) for m in same):
            continue  # "2 percentage points" (or "points") is there
        wrong = next((m for m in same if _PERCENT_WORD.search(m.text)), None)
        if wrong is None:
            continue
        points = "basis points" if match.group("unit") == "基点" else "percentage points"
        number = _PERCENT_WORD.sub("", wrong.text)
        yield Hit(f"“{wrong.text}” renders “{match.group()}”, {points}, as a percentage", target_span=wrong.span,
                  source_span=match.span(), suggestion=f"{number} {points}")


# --- currencies ---------------------------------------------------------------------------------

# Source currency words and what each may be written as in English; "$" and "dollars" alone are any
# dollar, "¥" yuan or yen. Bare 元 is the local currency of the text: the yuan in mainland news, the
# NT dollar in Taiwan's, the Hong Kong dollar in Hong Kong's; it contradicts only a named foreign one.
_ZH_CURRENCY = {
    "美元": "USD", "美金": "USD", "人民币": "CNY", "rmb": "CNY", "元": "local", "块钱": "local", "块": "local",
    "欧元": "EUR", "日元": "JPY", "日圆": "JPY", "英镑": "GBP", "港元": "HKD", "港币": "HKD",
    "新台币": "TWD", "台币": "TWD", "韩元": "KRW", "卢布": "RUB", "澳元": "AUD", "加元": "CAD",
    "新加坡元": "SGD", "新元": "SGD", "令吉": "MYR", "瑞士法郎": "CHF", "法郎": "CHF", "卢比": "INR",
}
_ACCEPTS = {
    "USD": {"USD", "dollar"}, "CNY": {"CNY", "yen-or-yuan"},
    "local": {"CNY", "yen-or-yuan", "dollar", "HKD", "TWD", "SGD", "MYR", "MOP", "AUD", "CAD"},
    "EUR": {"EUR"}, "JPY": {"JPY", "yen-or-yuan"}, "GBP": {"GBP"}, "HKD": {"HKD", "dollar"},
    "TWD": {"TWD", "dollar"}, "KRW": {"KRW"}, "RUB": {"RUB"}, "AUD": {"AUD", "dollar"},
    "CAD": {"CAD", "dollar"}, "SGD": {"SGD", "dollar"}, "MYR": {"MYR"}, "CHF": {"CHF"}, "INR": {"INR"},
}
_ENGLISH_CURRENCY = {
    "USD": "US dollars", "CNY": "yuan", "EUR": "euros", "JPY": "yen", "GBP": "pounds", "HKD": "Hong Kong dollars",
    "TWD": "New Taiwan dollars", "KRW": "won", "RUB": "rubles", "AUD": "Australian dollars",
    "CAD": "Canadian dollars", "SGD": "Singapore dollars", "MYR": "ringgit", "CHF": "Swiss francs", "INR": "rupees",
}
_CURRENCY_WORDS = "|".join(sorted(map(re.escape, _ZH_CURRENCY), key=len, reverse=True))
# A currency word right after a digit or numeral: the quick test before the full reading.
_MONEY_HINT = re.compile(rf"[0-9０-９零〇一二两三四五六七八九十百千万亿多余][ ]?(?:{_CURRENCY_WORDS}|RMB)")
_ZH_MONEY = re.compile(r"(?P<before>人民币|RMB|rmb)?\s*" + _ZH_NUMBER + rf"(?P<currency>{_CURRENCY_WORDS})",
                       re.IGNORECASE)

_EN_CURRENCY_AFTER = re.compile(
    r"\s*(?:-\s*)?(?P<word>(?:U\.?S\.?|American)\s+dollars?|(?:Hong\s+Kong|HK)\s+dollars?"
    r"|(?:New\s+Taiwan|Taiwan|NT|Taiwanese)\s+dollars?|(?:Singapore|Singaporean)\s+dollars?"
    r"|Australian\s+dollars?|Canadian\s+dollars?|dollars?|yuan|renminbi|RMB|CNY|euros?|EUR|yen|JPY"
    r"|pounds?\s+sterling|pounds?|sterling|GBP|won|KRW|roubles?|rubles?|RUB|ringgit|MYR|Swiss\s+francs?"
    r"|francs?|CHF|rupees?|INR|USD|HKD|TWD|SGD|AUD|CAD|patacas?|MOP)(?![A-Za-z])", re.IGNORECASE)
_EN_CURRENCY_BEFORE = re.compile(
    r"(?<![A-Za-z])(?P<word>US\$|U\.S\.\s?\$|HK\$|NT\$|S\$|A\$|AU\$|C\$|CA\$|RMB|CNY|USD|EUR|JPY|GBP|HKD|TWD|SGD|MYR|RM"
    r"|\$|¥|￥|€|£|₩|₽|₹)\s?$")


def _english_currency(word: str) -> str:
    word = re.sub(r"\s+", " ", word.lower())
    if word in ("$",):
        return "dollar"
    if word in ("¥", "￥"):
        return "yen-or-yuan"
    for code, forms in (
        ("USD", ("us$", "u.s.$", "u.s. $", "usd", "us dollar", "u.s. dollar", "us dollars", "u.s. dollars",
                 "american dollar", "american dollars", "u.s dollar", "u.s dollars")),
        ("HKD", ("hk$", "hkd", "hong kong dollar", "hong kong dollars", "hk dollar", "hk dollars")),
        ("TWD", ("nt$", "twd", "new taiwan dollar", "new taiwan dollars", "taiwan dollar", "taiwan dollars",
                 "nt dollar", "nt dollars", "taiwanese dollar", "taiwanese dollars")),
        ("SGD", ("s$", "sgd", "singapore dollar", "singapore dollars", "singaporean dollar", "singaporean dollars")),
        ("AUD", ("a$", "au$", "aud", "australian dollar", "australian dollars")),
        ("CAD", ("c$", "ca$", "cad", "canadian dollar", "canadian dollars")),
    ):
        if word in forms:
            return code
    if word.startswith("dollar"):
        return "dollar"
    if word in ("yuan", "renminbi", "rmb", "cny"):
        return "CNY"
    if word.startswith("euro") or word in ("eur", "€"):
        return "EUR"
    if word in ("yen", "jpy"):
        return "JPY"
    if word.startswith("pound") or word in ("sterling", "gbp", "£"):
        return "GBP"
    if word in ("won", "krw", "₩"):
        return "KRW"
    if word.startswith(("rouble", "ruble")) or word in ("rub", "₽"):
        return "RUB"
    if word in ("ringgit", "myr", "rm"):
        return "MYR"
    if "franc" in word or word == "chf":
        return "CHF"
    if word.startswith("rupee") or word in ("inr", "₹"):
        return "INR"
    if word.startswith("pataca") or word == "mop":
        return "MOP"
    return ""


def _money_in_english(target: str, mention: NumberMention) -> tuple[str, tuple[int, int]] | None:
    """The currency written beside an English number, and the span of number and currency together."""
    start, end = mention.span
    before = _EN_CURRENCY_BEFORE.search(target, max(0, start - 6), start)
    if before:
        return _english_currency(before.group("word")), (before.start(), end)
    after = _EN_CURRENCY_AFTER.match(target, end)
    if after:
        return _english_currency(after.group("word")), (start, after.end())
    return None


@check("currency-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def currency_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Amount in the English in another currency than the source's (315亿美元 → 31.5 billion yuan)"""
    source = pair.source
    if not _MONEY_HINT.search(source):
        return
    target = pair.target
    for match in _ZH_MONEY.finditer(fold_width(source)):
        value = _zh_value(match)
        if value is None:
            continue
        word = match.group("currency").lower()
        currency = "CNY" if match.group("before") and word in ("元", "块", "块钱") else _ZH_CURRENCY[word]
        written = [(m, _money_in_english(target, m)) for m in _english_numbers(target) if _same_value(value, m)]
        named = [(m, found) for m, found in written if found and found[0]]
        if not named or any(code in _ACCEPTS[currency] for _, (code, _) in named):
            continue
        mention, (code, span) = named[0]
        number = mention.text
        expected = _ENGLISH_CURRENCY.get(currency)
        yield Hit(f"“{target[span[0]:span[1]]}” is in {_ENGLISH_CURRENCY.get(code, code)}; the source's "
                  f"“{match.group().strip()}” is in {expected or 'the local currency (元)'}",
                  target_span=span, source_span=match.span(),
                  suggestion=f"{number} {expected}" if expected else None)


# --- units of measure ---------------------------------------------------------------------------

# Source unit → its kind; 尺 and 寸 are left out: "feet" and "inches" are the usual loose renderings of
# the traditional units (a 32寸 TV is a 32-inch TV), and 升 is as often the verb "rise".
_ZH_UNIT = {
    "平方公里": "sq km", "平方千米": "sq km", "平方米": "sq m", "㎡": "sq m", "公里": "km", "千米": "km", "km": "km",
    "英里": "mile", "厘米": "cm", "cm": "cm", "毫米": "mm", "mm": "mm", "英尺": "foot", "呎": "foot",
    "英寸": "inch", "米": "m", "公斤": "kg", "千克": "kg", "kg": "kg", "斤": "jin", "磅": "pound", "吨": "tonne",
    "亩": "mu", "公顷": "ha", "英亩": "acre", "摄氏度": "°C", "℃": "°C", "华氏度": "°F", "℉": "°F",
}
# What a kind must not be written as with the same number (the English unit that contradicts it).
_CONTRADICTS = {
    "km": {"mile"}, "mile": {"km"}, "m": {"foot", "yard"}, "foot": {"m"}, "cm": {"inch"}, "mm": {"inch"},
    "inch": {"cm", "mm"}, "kg": {"pound", "jin"}, "jin": {"kg"}, "pound": {"kg"}, "tonne": {"pound", "kg"},
    "mu": {"acre", "ha"}, "ha": {"acre", "mu"}, "acre": {"ha", "mu"}, "sq m": {"sq ft"}, "sq km": {"sq mile"},
    "°C": {"°F"}, "°F": {"°C"},
}
_UNIT_NAMES = {"km": "kilometres", "mile": "miles", "m": "metres", "foot": "feet", "cm": "centimetres",
               "mm": "millimetres", "inch": "inches", "kg": "kilograms", "jin": "jin (half-kilograms)",
               "pound": "pounds", "tonne": "tonnes", "mu": "mu (a fifteenth of a hectare)", "ha": "hectares",
               "acre": "acres", "yard": "yards", "sq m": "square metres", "sq ft": "square feet",
               "sq mile": "square miles", "sq km": "square kilometres", "°C": "degrees Celsius",
               "°F": "degrees Fahrenheit"}
_UNIT_WORDS = "|".join(sorted(map(re.escape, _ZH_UNIT), key=len, reverse=True))
_ZH_MEASURE = re.compile(_ZH_NUMBER + rf"个?\s*(?P<unit>{_UNIT_WORDS})", re.IGNORECASE)
_UNIT_HINT = re.compile(rf"[0-9０-９零〇一二两三四五六七八九十百千万亿多余个][ ]?(?:{_UNIT_WORDS}|KM|KG|CM|MM)")
_EN_UNIT = re.compile(
    r"\s*-?\s*(?:(?P<sq>square\s+|sq\.?\s*)?(?:(?P<km>kilomet(?:er|re)s?|km)|(?P<mile>miles?|mi)"
    r"|(?P<m>met(?:er|re)s?|m)|(?P<foot>feet|foot|ft)|(?P<yard>yards?|yd))"
    r"|(?P<cm>centimet(?:er|re)s?|cm)|(?P<mm>millimet(?:er|re)s?|mm)|(?P<inch>inch(?:es)?)"
    r"|(?P<kg>kilo(?:gram(?:me)?)?s?|kg)|(?P<pound>pounds?|lbs?)|(?P<jin>jin|catty|catties)"
    r"|(?P<tonne>tonnes?|tons?)|(?P<mu>mu)|(?P<ha>hectares?|ha)|(?P<acre>acres?)"
    r"|(?:degrees?\s+)?(?P<C>Celsius|centigrade|C\b)|(?:degrees?\s+)?(?P<F>Fahrenheit|F\b)"
    r"|(?P<Cs>°\s?C|℃)|(?P<Fs>°\s?F|℉))(?![A-Za-z])",
    re.IGNORECASE,
)


def _english_unit(match: re.Match[str]) -> str:
    kind = match.lastgroup or ""  # every alternative of _EN_UNIT is a named group
    if kind in ("C", "Cs"):
        return "°C"
    if kind in ("F", "Fs"):
        return "°F"
    if match.group("sq"):
        return {"km": "sq km", "m": "sq m", "foot": "sq ft", "mile": "sq mile"}.get(kind, "")
    return kind


@check("unit-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def unit_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Measurement in the English with the source's number but another unit (5公里 → 5 miles, 10斤 → 10 kg)"""
    source = pair.source
    if not _UNIT_HINT.search(source):
        return
    target = pair.target
    for match in _ZH_MEASURE.finditer(fold_width(source)):
        value = _zh_value(match)
        if value is None:
            continue
        unit = _ZH_UNIT[match.group("unit").lower()]
        same = []  # the English's mentions of the value with a unit after them
        for mention in _english_numbers(target):
            if _same_value(value, mention):
                english = _EN_UNIT.match(target, mention.span[1])
                if english:
                    same.append((mention, english, _english_unit(english)))
        if any(kind == unit for _, _, kind in same):
            continue  # the source's unit is there, whatever else is beside the same number
        wrong = next(((m, e, kind) for m, e, kind in same if kind in _CONTRADICTS.get(unit, ())), None)
        if wrong is None:
            continue
        mention, english, kind = wrong
        span = (mention.span[0], english.end())
        yield Hit(f"“{target[span[0]:span[1]]}” is in {_UNIT_NAMES.get(kind, kind)}; the source's "
                  f"“{match.group().strip()}” is in {_UNIT_NAMES[unit]}",
                  target_span=span, source_span=match.span(),
                  suggestion=f"{mention.text} {_UNIT_NAMES[unit].split(' (')[0]}")
