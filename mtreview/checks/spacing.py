"""Spacing in the English target: glued words, double spaces, space before punctuation, doubled words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.checks.typography import spaced_compounds
from mtreview.records import Category, Pair, Severity

FAMILY = "spacing"
PROFILES = ("typography",)

# Two words glued by punctuation: "House.Photo", "Beijing,China", "Guodong)On", "Xinhua(Reporter".
# The left word needs two lowercase letters so "U.S.Army"-like acronyms and "St.Petersburg" are left
# alone; the right word must be Capitalised (or the pronoun I: "tight?I think") so "Node.js" and "news.cn"
# are too.
_GLUED = re.compile(
    r"(?<![/@\w.])(?P<left>[A-Za-z]*[a-z]{2})(?P<mark>[.!?;]|,|\))(?P<right>[A-Z][a-z]+|I(?=[\s'’]))"
    r"|(?P<left2>[a-z]{2})(?P<mark2>,)(?P<right2>[a-z]{2,})"
    r"|(?P<left3>[A-Za-z]*[a-z]{2})(?P<mark3>\()(?P<right3>[A-Za-z]+)"
)
_URL_CONTEXT = re.compile(r"(https?://|www\.)\S*$")
# What every match of _GLUED holds: a quick scan that clears most sentences before the slow one.
_GLUED_HINT = re.compile(r"[a-z][.!?;,)(][A-Za-z]")


@check("missing-space", Category.PUNCTUATION, Severity.MINOR, its_type="whitespace")
def missing_space(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Missing space after punctuation (House.Photo)"""
    text = pair.target
    for match in _GLUED.finditer(text) if _GLUED_HINT.search(text) else ():
        if _URL_CONTEXT.search(text, 0, match.start()):
            continue
        glued = match.group()
        if match.group("mark3"):
            split_at, where = match.start("mark3"), "before"
        else:
            split_at = (match.end("mark") if match.group("mark") else match.end("mark2"))
            where = "after"
        mark = match.group("mark") or match.group("mark2") or match.group("mark3")
        yield Hit(
            f"no space {where} “{mark}” in “{glued}”",
            target_span=match.span(),
            suggestion=text[match.start():split_at] + " " + text[split_at:match.end()],
        )
    # The segmenter splits run-ons into two sentences, possibly into two pairs: look across the split.
    if pair.target_after and text and text[-1] in ".!?)" and pair.target_after[0].isalpha():
        last_word = re.search(r"\S+$", text)
        start = last_word.start() if last_word else len(text) - 1
        yield Hit(
            f"no space between “{text[start:]}” and the next sentence “{pair.target_after}”",
            target_span=(start, len(text)),
            suggestion=f"{text[start:]} {pair.target_after}",
        )


_MULTIPLE_SPACES = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


@check("double-space", Category.PUNCTUATION, Severity.MINOR, its_type="whitespace")
def double_space(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Two or more spaces between words"""
    for match in _MULTIPLE_SPACES.finditer(pair.target):
        yield Hit(f"{len(match.group())} spaces in a row", target_span=match.span(), suggestion=" ")


# A space before , ; : ! ? or a sentence-final full stop ("China , Belarus"); not " ..." and not ".5".
# Or a comma typed a word too late: a space before it and none after ("emphasized ,local").
_SPACE_BEFORE = re.compile(r"(?<=[A-Za-z0-9’'”)])[ \u00a0]+(?=[,;:!?](?:\s|$)|\.(?:\s|$)|[,;][A-Za-z])")


@check("space-before-punctuation", Category.PUNCTUATION, Severity.MINOR, its_type="whitespace")
def space_before_punctuation(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Space before a comma, full stop, colon, semicolon, question or exclamation mark"""
    target = pair.target
    for match in _SPACE_BEFORE.finditer(target):
        mark = target[match.end()]
        if target[match.end() + 1:match.end() + 2].isalpha():
            if target[match.start() - 1].isdigit():
                continue  # "1 ,000": a figure's separator, the numbers checks' business
            yield Hit(f"space before “{mark}” and none after it", target_span=(match.start(), match.end() + 1),
                      suggestion=f"{mark} ")
        else:
            yield Hit(f"space before “{mark}”", target_span=(match.start(), match.end() + 1), suggestion=mark)


@check("spaced-hyphen", Category.PUNCTUATION, Severity.MINOR)
def spaced_hyphen(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Spaces around the hyphen of a compound (self - esteem)"""
    for match in spaced_compounds(pair.target):
        closed = re.sub(r"\s*-\s*", "-", match.group())
        yield Hit(f"spaces around the hyphen of the compound “{closed}”", target_span=match.span(),
                  suggestion=closed)


# Spaces just inside a pair of quotation marks or brackets: “ No man is an island. ”, ( text ).
_INSIDE_CURLY = re.compile(r"“(?P<open>[ \u00a0]+)?[^“”\n]+?(?P<close>[ \u00a0]+)?”")
_INSIDE_BRACKETS = re.compile(r"\((?P<open>[ \u00a0]+)?[^()\n]+?(?P<close>[ \u00a0]+)?\)")
_INSIDE_STRAIGHT = re.compile(r'"(?P<open>[ \u00a0]+)?[^"\n]+?(?P<close>[ \u00a0]+)?"')


@check("space-inside-quotes", Category.PUNCTUATION, Severity.MINOR)
def space_inside_quotes(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Space just inside quotation marks or brackets (“ text ”, ( text ))"""
    text = pair.target
    scans = []
    if "“ " in text or " ”" in text:
        scans.append(_INSIDE_CURLY.finditer(text))
    if "( " in text or " )" in text:
        scans.append(_INSIDE_BRACKETS.finditer(text))
    if '" ' in text and ' "' in text and text.count('"') >= 2 and text.count('"') % 2 == 0 and '""' not in text:
        # straight quotes pair up in order; "a" and "b" must not read as the quotation " and ".
        # A doubled "" is a spreadsheet's escaped quote: the marks no longer pair up.
        scans.append(match for match in _INSIDE_STRAIGHT.finditer(text) if not text.count('"', 0, match.start()) % 2)
    for matches in scans:
        for match in matches:
            if not (match.group("open") or match.group("close")):
                continue
            opening, closing = match.group()[0], match.group()[-1]
            inner = text[match.end("open") if match.group("open") else match.start() + 1:
                         match.start("close") if match.group("close") else match.end() - 1]
            if not inner.strip():
                continue
            fixed = f"{opening}{inner}{closing}"
            yield Hit(f"space inside “{opening}…{closing}”", target_span=match.span(), suggestion=fixed)


# "44 ° C", "44° C", "rotated 90 °": the degree sign stays with its number and its unit (44°C). "44 °C"
# (the SI's spacing) is left alone.
_SPACED_DEGREE = re.compile(r"(?<=\d)(?: ?°[ \u00a0]+(?=[CFK]\b)| +°(?![CFK]))")


@check("spaced-degree", Category.PUNCTUATION, Severity.MINOR)
def spaced_degree(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Space around the degree sign (44 ° C)"""
    if "°" not in pair.target:
        return
    for match in _SPACED_DEGREE.finditer(pair.target):
        end = match.end() + (1 if pair.target[match.end():match.end() + 1] in ("C", "F", "K") else 0)
        unit = pair.target[match.end():end]
        digits = re.search(r"[\d.,]+$", pair.target[:match.start()])  # _SPACED_DEGREE has a digit there
        number = digits.group() if digits else ""
        yield Hit(f"space around the degree sign in “{number}{pair.target[match.start():end]}”",
                  target_span=(match.start(), end), suggestion=f"°{unit}")


# "had had" and "that that" are English; numbers repeat legitimately ("10 10-minute breaks").
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_LEGITIMATE_DOUBLES = {"had", "that", "is", "do", "bye", "ha", "no", "so", "very", "far", "more", "again"}


@check("doubled-word", Category.GRAMMAR, Severity.MINOR)
def doubled_word(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """The same word twice in a row (to to)"""
    for match in _DOUBLED.finditer(pair.target):
        word = match.group(1)
        if word.lower() in _LEGITIMATE_DOUBLES or (len(word) == 1 and word not in "aA"):
            continue
        yield Hit(f"“{word}” twice in a row", target_span=match.span(), suggestion=word)
