"""Chinese personal names in the English: pinyin convention (surname first, given name joined) and
names run together ("Liu Hua Cai Guodong" for 刘华 蔡国栋).

A name is only judged where its pinyin is found in the English, so a surname character that is not a
name (白方, 中方) costs nothing: its "pinyin name" never appears in English text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import product

from mtreview.checks import CheckContext, Hit, Use, check, corpus_check
from mtreview.records import Category, Pair, Severity

# The most common Chinese surnames (over 85% of the population) and the compound ones.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤习翟栗赖洪俞常施葛牛左温易鲁庞柳乔齐申殷欧阳耿关倪包裴涂霍甘翁褚祝"
)
_COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙", "长孙", "宇文", "司徒"}
_MAX_READINGS = 8


@lru_cache(maxsize=8192)
def _syllables(hanzi: str) -> tuple[tuple[str, ...], ...]:
    """Every reading of the characters as toneless pinyin (翟 is zhai as a surname, di otherwise)."""
    from pypinyin import Style, pinyin  # imported here: its dictionaries take a moment to load

    options = []
    for readings in pinyin(hanzi, style=Style.NORMAL, heteronym=True, errors="ignore"):
        # pypinyin writes ü as v; passports write it u or yu (吕 Lu, Lyu).
        spelled = []
        for reading in readings:
            spelled.extend([reading.replace("v", "u"), reading.replace("v", "yu")] if "v" in reading else [reading])
        options.append(tuple(dict.fromkeys(spelled)))
    if len(options) != len(hanzi):
        return ()
    return tuple(product(*options))[:_MAX_READINGS]


# Where a candidate can start: the first character of a surname (one regex pass, not a loop in Python).
_SURNAME_START = re.compile("[" + "".join(sorted(_SURNAMES | {s[0] for s in _COMPOUND_SURNAMES})) + "]")
_ALL_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=256)  # the three name checks ask for the same source in a row
def _name_candidates(source: str) -> tuple[tuple[str, int, int], ...]:
    """(name, surname length, position) for a surname followed by a one- or two-character given name."""
    found = []
    for start in _SURNAME_START.finditer(source):
        position = start.start()
        for surname_length in (2, 1):
            surname = source[position:position + surname_length]
            if (surname_length == 2 and surname not in _COMPOUND_SURNAMES) or \
                    (surname_length == 1 and surname not in _SURNAMES):
                continue
            for given_length in (2, 1):
                name = source[position:position + surname_length + given_length]
                if len(name) == surname_length + given_length and _ALL_HAN.fullmatch(name):
                    found.append((name, surname_length, position))
    return tuple(found)


def _forms(surname: list[str], given: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The conventional English form, and (pattern, description) of the unconventional ones."""
    family = "".join(surname).capitalize()
    joined = "".join(given).capitalize()
    correct = f"{family} {joined}"
    wrong = [(rf"{family}\s+{joined}", "")]  # same letters, other capitals: caught below
    if len(given) == 2:
        wrong.append((rf"{family}\s+{given[0]}[\s\-]+{given[1]}", "the given name is written as one word"))
        wrong.append((rf"{given[0]}[\s\-]+{given[1]}\s+{family}", "the surname comes first"))
    wrong.append((rf"{joined}\s+{family}", "the surname comes first"))
    return correct, wrong


def _readings_in(pair: Pair) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """(chinese name, conventional form, unconventional patterns) for each reading of each candidate
    name of the source whose syllables appear in the English."""
    candidates = _name_candidates(pair.source)
    if not candidates:
        return
    # Most candidates are not names at all; a reading whose syllables are not words of the English
    # cannot be found there, so skip it before building any pattern.
    words = set(re.findall(r"[a-z]+", pair.target.lower()))
    for name, surname_length, _ in candidates:
        for reading in _syllables(name):
            surname, given = "".join(reading[:surname_length]), reading[surname_length:]
            if surname not in words or ("".join(given) not in words and given[0] not in words):
                continue
            correct, wrong = _forms(list(reading[:surname_length]), list(given))
            yield name, correct, wrong


def _name_spans(pair: Pair) -> Iterator[tuple[str, str, tuple[int, int], str | None]]:
    """(chinese, conventional form, English span, problem or None) for each name found in the English."""
    seen_spans: set[tuple[int, int]] = set()
    for name, correct, wrong in _readings_in(pair):
        for match in re.finditer(rf"(?<![A-Za-z]){re.escape(correct)}(?![A-Za-z])", pair.target):
            if match.span() not in seen_spans:
                seen_spans.add(match.span())
                yield name, correct, match.span(), None
        for pattern, problem in wrong:
            for match in re.finditer(rf"(?<![A-Za-z]){pattern}(?![A-Za-z])", pair.target, re.IGNORECASE):
                text = match.group()
                if match.span() in seen_spans or text == correct or text.upper() == text:
                    continue
                if not problem and text.split()[0].upper() == text.split()[0]:
                    continue  # "ZHAI Jianlan": capitalised surname is a recognised style
                seen_spans.add(match.span())
                yield name, correct, match.span(), problem or "pinyin names are capitalised"


def _written_forms(pair: Pair) -> Iterator[tuple[str, tuple[int, int], str]]:
    """(chinese name, English span, the form as written) for every way a name is written, house
    styles such as "ZHAI Jianlan" included."""
    seen: set[tuple[int, int]] = set()
    for name, correct, wrong in _readings_in(pair):
        patterns = [re.escape(correct)] + [pattern for pattern, _ in wrong]
        for pattern in patterns:
            for match in re.finditer(rf"(?<![A-Za-z]){pattern}(?![A-Za-z])", pair.target, re.IGNORECASE):
                if match.span() not in seen:
                    seen.add(match.span())
                    yield name, match.span(), " ".join(match.group().split())


@check("name-romanisation", Category.SPELLING, Severity.MINOR)
def name_romanisation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese name not romanised by the pinyin convention (Jianlan Zhai, Zhai Jian Lan)"""
    for chinese, correct, span, problem in _name_spans(pair):
        if problem:
            at = pair.source.find(chinese)
            yield Hit(f"{chinese} is written “{pair.target[span[0]:span[1]]}”: {problem}; the pinyin convention "
                      f"gives “{correct}”", target_span=span, source_span=(at, at + len(chinese)),
                      suggestion=correct)


@check("names-run-together", Category.PUNCTUATION, Severity.MINOR)
def names_run_together(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Two people's names with nothing between them (Liu Hua Cai Guodong)"""
    names = sorted((span, chinese) for chinese, _, span, problem in _name_spans(pair) if problem is None)
    for (first, first_zh), (second, second_zh) in zip(names, names[1:]):
        between = pair.target[first[1]:second[0]]
        if between.strip() == "" and first_zh != second_zh:
            a, b = pair.target[first[0]:first[1]], pair.target[second[0]:second[1]]
            yield Hit(f"“{a}” and “{b}” ({first_zh}, {second_zh}) run together as one name",
                      target_span=(first[0], second[1]), suggestion=f"{a} and {b}")


def _describe_name(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> Hit:
    return Hit(f"{use.group} is “{use.form}” here but “{usual_use.form}” elsewhere in the document",
               target_span=use.target_span, suggestion=usual_use.form)


@corpus_check("name-inconsistent", Category.INCONSISTENCY, Severity.MINOR, describe=_describe_name)
def name_inconsistent(pair: Pair, context: CheckContext) -> Iterator[Use]:
    """The same person's name written in more than one way in a document"""
    for name, span, form in _written_forms(pair):
        yield Use(group=name, form=form, target_span=span)
