"""Typography in the English target: apostrophes, CJK punctuation, full-width forms, ellipses, dashes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "typography"
PROFILES = ("typography",)

# Characters typed where an apostrophe belongs: left single quotation mark, grave accent, acute
# accent, prime, full-width apostrophe, modifier letter turned comma.
_FALSE_APOSTROPHES = "\u2018`\u00b4\u2032\uff07\u02bb"
_FALSE_APOSTROPHE_NAMES = {
    "\u2018": "left single quotation mark (U+2018)",
    "`": "grave accent (U+0060)",
    "\u00b4": "acute accent (U+00B4)",
    "\u2032": "prime (U+2032)",
    "\uff07": "full-width apostrophe (U+FF07)",
    "\u02bb": "modifier letter turned comma (U+02BB)",
}
# After a letter, such a character can only be an apostrophe: an opening quote follows a space or
# an opening bracket, never a letter.
_FALSE_APOSTROPHE = re.compile(rf"(?<=[A-Za-z])[{_FALSE_APOSTROPHES}](?=[A-Za-z]|\s|[.,;:!?]|$)")
_WORD_AROUND = re.compile(r"[A-Za-z]+$")
_WORD_AFTER = re.compile(r"^[A-Za-z]+")


def _document_apostrophe(target: str) -> str:
    """The apostrophe the rest of the text uses, so the suggestion matches the house style."""
    return "'" if target.count("'") > target.count("\u2019") else "\u2019"


@check("apostrophe", Category.PUNCTUATION, Severity.MINOR)
def wrong_apostrophe(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Wrong character used as an apostrophe (China‘s)"""
    right = _document_apostrophe(pair.target)
    for match in _FALSE_APOSTROPHE.finditer(pair.target):
        before = _WORD_AROUND.search(pair.target, 0, match.start())
        after = _WORD_AFTER.match(pair.target[match.end():])
        start = before.start() if before else match.start()
        end = match.end() + (after.end() if after else 0)
        word = pair.target[start:end]
        fixed = word.replace(match.group(), right)
        yield Hit(
            f"{_FALSE_APOSTROPHE_NAMES[match.group()]} used as an apostrophe in “{word}”",
            target_span=(start, end),
            suggestion=fixed,
        )


# CJK punctuation with its English counterpart; the suggestion keeps English spacing.
_CJK_PUNCTUATION = {
    "，": ", ", "。": ". ", "、": ", ", "；": "; ", "：": ": ", "！": "! ", "？": "? ",
    "（": " (", "）": ") ", "【": " [", "】": "] ", "《": " “", "》": "” ", "〈": " “", "〉": "” ",
    "「": " “", "」": "” ", "『": " ‘", "』": "’ ", "～": "~", "…": "...", "—": "—",
    "·": " ", "・": " ",
}
# "…" and "—" are English characters too; only the doubled Chinese forms are flagged.
_CJK_PUNCTUATION_RE = re.compile(r"……|——|[，。、；：！？（）【】《》〈〉「」『』～·・]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def _next_to_han(text: str, start: int, end: int) -> bool:
    """CJK punctuation inside a run of untranslated Chinese is reported with that run."""
    return bool(
        (start > 0 and _HAN.match(text[start - 1])) or (end < len(text) and _HAN.match(text[end]))
    )


@check("cjk-punctuation", Category.PUNCTUATION, Severity.MINOR)
def cjk_punctuation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese punctuation left in the English"""
    for match in _CJK_PUNCTUATION_RE.finditer(pair.target):
        if _next_to_han(pair.target, match.start(), match.end()):
            continue
        mark = match.group()
        english = {"……": "...", "——": "—"}.get(mark) or _CJK_PUNCTUATION[mark].strip() or "a space"
        yield Hit(f"Chinese punctuation “{mark}” in the English; use “{english}”",
                  target_span=match.span(), suggestion=english)


# Full-width ASCII variants (U+FF01–FF5E) and U+3000, minus the CJK punctuation handled above.
_FULLWIDTH_CHARS = "".join(
    chr(code) for code in range(0xFF01, 0xFF5F) if chr(code) not in _CJK_PUNCTUATION
) + "\u3000"
_FULLWIDTH_RE = re.compile(f"[{re.escape(_FULLWIDTH_CHARS)}]+")


@check("fullwidth-form", Category.CHARACTER_ENCODING, Severity.MINOR)
def fullwidth_form(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Full-width letters, digits or ideographic spaces in the English"""
    for match in _FULLWIDTH_RE.finditer(pair.target):
        text = match.group()
        if _next_to_han(pair.target, *match.span()):
            continue
        halfwidth = "".join(" " if c == "\u3000" else chr(ord(c) - 0xFEE0) for c in text)
        yield Hit(f"full-width characters “{text}” in the English; use “{halfwidth}”",
                  target_span=match.span(), suggestion=halfwidth)


_CHINESE_ELLIPSIS = re.compile(r"\.{4,}|…{2,}|(?:\.\s){3,}")
_SPACED_DOT = re.compile(r"\.\s\.")


@check("ellipsis", Category.PUNCTUATION, Severity.MINOR)
def ellipsis(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese-style ellipsis (…… as six dots) in the English"""
    target = pair.target
    if "...." not in target and "……" not in target and not _SPACED_DOT.search(target):
        return  # what every match holds, found by quick scans
    for match in _CHINESE_ELLIPSIS.finditer(target):
        yield Hit(f"“{match.group().strip()}” is the Chinese ellipsis (……) carried over; English uses one “…”",
                  target_span=match.span(), suggestion="…")


# The house style's dash, as it is written between two words.
_HOUSE_DASH = {"em": "—", "en": " – ", "double-hyphen": " -- ", "any": "—"}
_DOUBLE_HYPHEN = re.compile(r"(?<=\w)\s?--\s?(?=\w)")
# Before a capital, " - " parts a headline from its subtitle or source, or a dateline from the story
# ("Hanoi - During his visit"): a layout convention that readers and raters pass over.
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=[a-z\d])")
_COMMAND_LINE_FLAG = re.compile(r"(?:^|\s)--?[A-Za-z][\w-]*$")
_DIGIT_RANGE = re.compile(r"\d - \d")


@check("dash", Category.PUNCTUATION, Severity.NEUTRAL)
def dash(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Hyphens standing in for the house style's dash where the source has one (—— or —)"""
    # Which character stands for a dash is the house's choice (mtreview.style), not an error a reader
    # sees: the advice is neutral, and the spaced hyphen of a compound ("self - esteem") is the
    # spaced-hyphen check's, a hyphen used as a dash ("holes-each") the hyphen-as-dash check's.
    house = context.style.dash
    if house == "any" or "—" not in pair.source and "--" not in pair.source:
        return  # a spaced hyphen is a house style only where the source has no dash
    patterns = (_SPACED_HYPHEN,) if house == "double-hyphen" else (_DOUBLE_HYPHEN, _SPACED_HYPHEN)
    wanted = _HOUSE_DASH[house]
    for pattern in patterns:
        for match in pattern.finditer(pair.target):
            if _COMMAND_LINE_FLAG.search(pair.target, 0, match.start()):
                continue  # "-fexternal--templates": part of a command-line flag, not a dash
            if pattern is _SPACED_HYPHEN and (_DIGIT_RANGE.match(pair.target, match.start() - 1)
                                              or spaced_compound_at(pair.target, match.start())):
                continue  # "2021 - 2022": a range; "self - esteem": a compound, not a dash
            yield Hit(f"“{match.group()}” stands for the source's dash; the house style ({context.style.name}) "
                      f"writes “{wanted.strip()}”", target_span=match.span(), suggestion=wanted.strip()
                      if house == "em" else wanted)


# A hyphen between two words where the second opens a clause: "black holes-each with its own mass",
# "at my request-such a message came". Compounds never end on a determiner, pronoun or conjunction,
# and the chains that do ("state-of-the-art", "mother-in-law", "up-to-date") carry a second hyphen.
_CLAUSE_OPENERS = ("the|this|these|those|each|every|which|whose|whom|and|but|they|their|we|our|"
                   "including|especially|such|although|though|because|however|whereas|while")
# Led by the hyphen, so that a scan of a clean sentence is quick; the word before is checked after.
_HYPHEN_AS_DASH = re.compile(rf"-({_CLAUSE_OPENERS})\b(?![-’'])")
_LEFT_WORD = re.compile(r"(?<![\w-])[A-Za-z]+$")


@check("hyphen-as-dash", Category.PUNCTUATION, Severity.MINOR)
def hyphen_as_dash(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Hyphen used as a dash between a word and a clause (black holes-each)"""
    target = pair.target
    for match in _HYPHEN_AS_DASH.finditer(target):
        left = _LEFT_WORD.search(target, max(0, match.start() - 40), match.start())
        right = match.group(1)
        if left is None or len(left.group()) < 2 or left.group().lower() == right:
            continue  # "mother-in-law-the...": a chain; "so-so"
        wanted = _HOUSE_DASH[context.style.dash]
        yield Hit(f"a hyphen joins “{left.group()}” to the clause “{right} …”: a dash belongs there",
                  target_span=(left.start(), match.end()), suggestion=f"{left.group()}{wanted}{right}")


# A compound whose hyphen got spaces ("self - esteem", "long - term", "five - year", "COVID - 19"): its
# first element is a prefix English compounds are made of, or its second a word that ends them. A
# first element that can end a clause as well ("prices are high - the ...") needs a second that cannot
# open one. "-" with a space on one side only counts too, but not a suspended hyphen ("long- and short-term").
_PREFIX = "self|non|anti|pro|co|pre|post|multi|cross|semi|mid|inter|ex|e"
_ADJECTIVE = "long|short|well|ill|high|low|full|part|half|large|small|fast|slow|hard"
_NUMBER = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred|\\d+"
_OPENER = ("the|a|an|and|but|or|nor|so|as|if|he|she|it|i|you|we|they|this|that|there|these|those|which|who|"
           "not|in|on|at|to|for|of|with|by|from|is|was|are|were|be|been|has|have|had|its|his|her|their|our|my")
_SECOND = ("based|related|term|level|scale|oriented|free|friendly|like|wide|style|made|owned|led|known|"
           "class|quality|round|sized|driven|focused|intensive|efficient|centered|centred|specific|"
           "minded|looking|ranking|esteem|aware|sufficient|reliance|confidence|discipline|employed|"
           "fledged|time|old|year|month|day|week|hour|minute|storey|story|digit|member|party|way")
_HYPHEN_SPACED = r"(?: - | -|- (?!and\b|or\b|to\b|nor\b|as\b))"
_SPACED_COMPOUND = re.compile(
    rf"(?<![\w-])(?:(?i:{_PREFIX}){_HYPHEN_SPACED}(?P<rest>[a-z]+)"
    rf"|(?i:{_ADJECTIVE}){_HYPHEN_SPACED}(?!(?:{_OPENER})\b)[a-z]{{2,}}"
    rf"|(?:[a-z]{{2,}}|(?i:{_NUMBER})){_HYPHEN_SPACED}(?:{_SECOND})s?"
    rf"|[A-Z]{{2,}} - \d{{1,3}})\b")


def spaced_compound_at(text: str, position: int) -> re.Match[str] | None:
    """The spaced compound whose hyphen's space starts at `position`, if there is one."""
    start = max(0, text.rfind(" ", 0, position) + 1)
    match = _SPACED_COMPOUND.match(text, start)
    return match if match and match.start() <= position < match.end() else None


def spaced_compounds(text: str) -> Iterator[re.Match[str]]:
    if " -" not in text and "- " not in text:
        return iter(())
    return _SPACED_COMPOUND.finditer(text)


# "percent" or "%", where the house style asks for one of them (the default, "any", accepts both).
_PERCENT_SIGN = re.compile(r"(?<=\d)[ \u00a0]?%")
_PERCENT_WORD = re.compile(r"(?<=\d)[ \u00a0](?:per ?cent)\b", re.IGNORECASE)


@check("percent-style", Category.NUMBER_FORMAT, Severity.MINOR)
def percent_style(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """“%” or “percent” against the house style"""
    house = context.style.percent
    if house == "percent" and "%" in pair.target:
        for match in _PERCENT_SIGN.finditer(pair.target):
            yield Hit(f"the house style ({context.style.name}) writes “percent”, not “%”",
                      target_span=match.span(), suggestion=" percent")
    elif house == "%" and "cent" in pair.target:
        for match in _PERCENT_WORD.finditer(pair.target):
            yield Hit(f"the house style ({context.style.name}) writes “%”, not “{match.group().strip()}”",
                      target_span=match.span(), suggestion="%")
