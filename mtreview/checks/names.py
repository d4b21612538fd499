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

from mtreview.checks.registry import CheckContext, Hit, Use, check, corpus_check
from mtreview.records import Category, Pair, Severity, Span

FAMILY = "names"
PROFILES = ("terminology",)

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
_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


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


def _readings_in(pair: Pair) -> tuple[tuple[str, str, list[tuple[str, str]]], ...]:
    """(chinese name, conventional form, unconventional patterns) for each reading of each candidate
    name of the source whose syllables appear in the English."""
    return _readings_of(pair.source, pair.target)


@lru_cache(maxsize=256)  # the three name checks ask for the same pair in a row
def _readings_of(source: str, target: str) -> tuple[tuple[str, str, list[tuple[str, str]]], ...]:
    candidates = _name_candidates(source)
    if not candidates:
        return ()
    # Most candidates are not names at all; a reading whose syllables are not words of the English
    # cannot be found there, so skip it before building any pattern.
    words = set(_LOWER_WORDS.findall(target.lower()))
    found = []
    for name, surname_length, _ in candidates:
        for reading in _syllables(name):
            surname, given = "".join(reading[:surname_length]), reading[surname_length:]
            if surname not in words or ("".join(given) not in words and given[0] not in words):
                continue
            correct, wrong = _forms(list(reading[:surname_length]), list(given))
            found.append((name, correct, wrong))
    return tuple(found)


_LOWER_WORDS = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)  # re's own cache holds 512 patterns: a corpus's names overflow it
def _word_pattern(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z]){pattern}(?![A-Za-z])", flags)


def _name_spans(pair: Pair) -> Iterator[tuple[str, str, tuple[int, int], str | None]]:
    """(chinese, conventional form, English span, problem or None) for each name found in the English."""
    seen_spans: set[tuple[int, int]] = set()
    for name, correct, wrong in _readings_in(pair):
        for match in _word_pattern(re.escape(correct), 0).finditer(pair.target):
            if match.span() not in seen_spans:
                seen_spans.add(match.span())
                yield name, correct, match.span(), None
        for pattern, problem in wrong:
            for match in _word_pattern(pattern, re.IGNORECASE).finditer(pair.target):
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
            for match in _word_pattern(pattern, re.IGNORECASE).finditer(pair.target):
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


# --- names the source does not have ---------------------------------------------------------------

# Two capitalised words, each a run of pinyin syllables: a candidate person's name ("Li Qiang",
# "Jinping Xi", "Ouyang Xiu"). Hyphenated given names (Jin-ping) count; Wade-Giles and Cantonese forms
# (Chiang Kai-shek, Sun Yat-sen, Carrie Lam, Tsai Ing-wen) are not pinyin and never candidates.
_CAPITALISED_PAIR = re.compile(r"(?<![\w'’-])(?=([A-Z][a-z]+(?:-[a-z]+)?) ([A-Z][a-z]+(?:-[a-z]+)?)(?![\w'’-]|\.\w))")
# English words that also read as one or two pinyin syllables ("Tian Eye", "Wang Danger"): a name
# made with one is not reported. The frequent ones (5,000+ occurrences) of pyspellchecker's English
# frequency list that split into one or two syllables, two-letter syllables (Li, Na) left out.
_ENGLISH_WORDS = frozenset("""
ace age aiming along an anger angle are ate bake ban bang bare base bending bike bin bite biting bone bore
boxing buying cabin cage cake came can cane care case chance change chanting chase cheer chili cue cunning
cure cute dame dance danger dare data date dating deer den dense denying dice die dime dine ding dining douche
dude due ending era eye face fade fake fame fan fare fate fence fuse gaining game gang gate gaze gene guide
gun handing hang hate hating he hence here house huge human hunting jingle julian keen lake lame landing lane
late laying lean lie like limo line lining loan lone long longer lose lure made maiden make male mama man mate
me mean media memo men menu mere mice mike mile minding mine mini mining mixing mode mole more mouse name
naming nice niece nine nude nun one open pace page pale pan panting papa paying pen pending piano pie piece
pile pin pine poke pole pose pure que queen queer ran rang range renting rice ride riding rise risen route
rude ruining rule ruling run running sailing sake sale same sane sang saying sea sean see seen sending sense
shade shake shaken shame share she sheer shine shining shouting side siren site size song sue suite sun sure
sushi take taken tale tame tan taxi tea teen tide tie time timing tire tuna tune wage wailing waiting wake
wanna wanting woke woken woman women wore yoga you
""".split())
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
# Two-word pinyin that is a place, not a person.
_NOT_PEOPLE = {("hong", "kong")}
# A surname alone with a title or form of address also names the person (习主席, 李总理, 王先生).
_TITLE_AFTER = re.compile(r"总|主席|书记|部长|省长|市长|县长|局长|处长|厅长|司长|委员|大使|先生|女士|小姐|老师|教授|院士|博士"
                          r"|医生|同志|董事|经理|某|姓|氏|副|发言人|参赞|代表|主任|校长|院长|队长|教练")


@lru_cache(maxsize=1)
def _surname_spellings() -> frozenset[str]:
    spellings: set[str] = set()
    for surname in _SURNAMES | _COMPOUND_SURNAMES:
        spellings.update("".join(reading) for reading in _syllables(surname))
    return frozenset(spellings)


@lru_cache(maxsize=4096)
def _syllable_splits(word: str) -> tuple[tuple[str, ...], ...]:
    """Every way to read a word as one or two pinyin syllables (jinping → (jin, ping))."""
    from mtreview.checks.pinyin import _SYLLABLES

    word = word.lower().replace("-", "")
    if word in _SYLLABLES:
        return ((word,),)
    return tuple((word[:cut], word[cut:]) for cut in range(1, len(word))
                 if word[:cut] in _SYLLABLES and word[cut:] in _SYLLABLES)


@lru_cache(maxsize=256)
def _source_index(source: str) -> tuple[tuple[frozenset[str], ...], dict[str, list[int]]]:
    """The readings of each Han character of the source (runs apart by an empty set), and where
    each reading starts: a name is then looked up, not searched for."""
    from mtreview.lexicon import readings

    chars: list[frozenset[str]] = []
    starts: dict[str, list[int]] = {}
    for run in _ALL_HAN.finditer(_HAN_SPACE.sub("", source)):
        for char in run.group():
            spelled = frozenset(r.replace("v", "u") for r in readings(char)) | frozenset(readings(char))
            for reading in spelled:
                starts.setdefault(reading, []).append(len(chars))
            chars.append(spelled)
        chars.append(frozenset())
    return tuple(chars), starts


def _spelled_at(index: tuple[tuple[frozenset[str], ...], dict[str, list[int]]],
                syllables: tuple[str, ...]) -> list[int]:
    """Where the source's characters read the syllables in a row, and the position after each."""
    chars, starts = index
    return [start + len(syllables) for start in starts.get(syllables[0], ())
            if start + len(syllables) <= len(chars)
            and all(s in chars[start + k] for k, s in enumerate(syllables[1:], 1))]


def _source_names(source: str, first: str, second: str, surname: str) -> bool:
    """Whether the source has the name: both words in either order (Xi Jinping, Jinping Xi, and
    pinyin that is no name: Chong Yang for 重阳), the surname with a title, or a two-syllable given
    name alone, in any run of its characters whose readings spell them."""
    index = _source_index(source)
    given = second if surname == first else first
    spelled = [a + b for a in _syllable_splits(first) for b in _syllable_splits(second)]
    spelled += [b + a for a in _syllable_splits(first) for b in _syllable_splits(second)]
    spelled += [split for split in _syllable_splits(given) if len(split) == 2]
    if any(_spelled_at(index, syllables) for syllables in spelled):
        return True
    if not _TITLE_AFTER.search(source):
        return False
    gaps = _han_with_gaps(source)
    return any(_TITLE_AFTER.match(gaps, after) for split in _syllable_splits(surname) for after in _spelled_at(index, split))


@lru_cache(maxsize=64)
def _han_with_gaps(source: str) -> str:
    """The source's Han runs joined by a space: positions as in _source_index."""
    return "".join(run.group() + " " for run in _ALL_HAN.finditer(_HAN_SPACE.sub("", source)))


@check("name-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def name_mismatch(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese person's name in the English that names no one in the source (Xi Jinping for 李强)"""
    target, source = pair.target, pair.source
    if not _ALL_HAN.search(source):
        return
    surnames = _surname_spellings()
    if not any(word.lower() in surnames for word in _CAPITALISED.findall(target)):
        return  # most sentences: no capitalised word is a surname's pinyin
    unknown: list[Span] = []
    known: list[Span] = []
    for match in _CAPITALISED_PAIR.finditer(target):
        first, second = match.group(1), match.group(2)
        if (first.lower(), second.lower()) in _NOT_PEOPLE or f"{first} {second}".lower() in source.lower():
            continue  # a place, or a name the source writes in Latin letters
        families = [family for family, personal in ((first, second), (second, first))
                    if family.lower() in surnames and "-" not in family
                    and personal.lower() not in _ENGLISH_WORDS and _syllable_splits(family) and _syllable_splits(personal)]
        if not families:
            continue
        found = any(_source_names(source, first, second, family) for family in families)
        (known if found else unknown).append((match.start(1), match.end(2)))
    # Three capitalised words ("in Beijing He Lifeng"): a pair overlapping a name the source has is
    # only its neighbour.
    for start, end in unknown:
        if not any(_overlap((start, end), *other) for other in known):
            yield Hit(f"“{target[start:end]}” names no one in the source: no name there reads so",
                      target_span=(start, end))


def _overlap(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]
