"""Typography in the English target: apostrophes, CJK punctuation, full-width forms, ellipses, dashes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

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


@check("ellipsis", Category.PUNCTUATION, Severity.MINOR)
def ellipsis(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Chinese-style ellipsis (…… as six dots) in the English"""
    for match in _CHINESE_ELLIPSIS.finditer(pair.target):
        yield Hit(f"“{match.group().strip()}” is the Chinese ellipsis (……) carried over; English uses one “…”",
                  target_span=match.span(), suggestion="…")


_DOUBLE_HYPHEN = re.compile(r"(?<=\w)\s?--\s?(?=\w)")
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_COMMAND_LINE_FLAG = re.compile(r"(?:^|\s)--?[A-Za-z][\w-]*$")


@check("dash", Category.PUNCTUATION, Severity.MINOR)
def dash(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Hyphens standing in for the dash of the source (—— or —)"""
    if "—" not in pair.source and "--" not in pair.source:
        return  # a spaced hyphen is a house style only where the source has no dash
    for pattern in (_DOUBLE_HYPHEN, _SPACED_HYPHEN):
        for match in pattern.finditer(pair.target):
            if _COMMAND_LINE_FLAG.search(pair.target, 0, match.start()):
                continue  # "-fexternal--templates": part of a command-line flag, not a dash
            yield Hit(f"“{match.group()}” stands for the source's dash; use an em dash “—”",
                      target_span=match.span(), suggestion="—")
