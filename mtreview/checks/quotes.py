"""Quotation marks and brackets in the English target: pairing, and straight mixed with curly."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "quotes"
PROFILES = ("typography",)

_PAIRS = {"“": "”", "(": ")", "[": "]"}


def _unpaired(text: str, opening: str, closing: str) -> list[int]:
    """Positions of marks with no partner, by a stack walk (nesting of the same kind allowed)."""
    if opening not in text and closing not in text:
        return []  # most segments: no walk
    stack, lonely = [], []
    for position, char in enumerate(text):
        if char == opening:
            stack.append(position)
        elif char == closing:
            if stack:
                stack.pop()
            else:
                lonely.append(position)
    return sorted(lonely + stack)


@check("quote-pairing", Category.PUNCTUATION, Severity.MINOR)
def quote_pairing(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Opening or closing quotation mark without its partner"""
    if "“" in pair.source and "”" not in pair.source or "”" in pair.source and "“" not in pair.source:
        return  # the source itself splits a quotation across segments
    for position in _unpaired(pair.target, "“", "”"):
        mark = pair.target[position]
        yield Hit(f"“{mark}” has no {'closing' if mark == '“' else 'opening'} partner",
                  target_span=(position, position + 1))
    straight = [match.start() for match in re.finditer('"', pair.target)]
    if len(straight) % 2 == 1:
        yield Hit('odd number of straight double quotes (")', target_span=(straight[-1], straight[-1] + 1))


_LIST_ITEM = re.compile(r"(?:^|[\s;:,])(?:\d{1,2}|[a-z])\)$")
_SMILEY = re.compile(r"[:;=]-?[()]$")  # ":)" and ";-(" are faces, not brackets


@check("bracket-pairing", Category.PUNCTUATION, Severity.MINOR)
def bracket_pairing(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Bracket without its partner"""
    for opening, closing in (("(", ")"), ("[", "]")):
        for position in _unpaired(pair.target, opening, closing):
            if pair.target[position] == "(" and _SMILEY.search(pair.target, 0, position + 1):
                continue
            # "1)" and "a)" number list items; they have no opening bracket by design.
            if pair.target[position] == ")" and (_LIST_ITEM.search(pair.target, 0, position + 1)
                                                 or _SMILEY.search(pair.target, 0, position + 1)):
                continue
            yield Hit(f"“{pair.target[position]}” has no partner", target_span=(position, position + 1))


@check("quote-style", Category.PUNCTUATION, Severity.MINOR)
def mixed_quote_styles(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Straight and curly double quotes mixed in one segment"""
    if ("“" in pair.target or "”" in pair.target) and '"' in pair.target:
        for match in re.finditer('"', pair.target):
            yield Hit('straight quote (") beside curly quotes (“ ”) in the same segment',
                      target_span=match.span())


@check("quote-marks", Category.PUNCTUATION, Severity.MINOR)
def quote_marks(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Straight or curly double quotes against the house style"""
    house, target = context.style.quotes, pair.target
    if house == "curly" and '"' in target and "“" not in target and "”" not in target:
        # (straight beside curly in one segment is quote-style's finding)
        for number, match in enumerate(re.finditer('"', target)):
            yield Hit(f"the house style ({context.style.name}) uses curly quotation marks",
                      target_span=match.span(), suggestion="”" if number % 2 else "“")
    elif house == "straight" and ("“" in target or "”" in target):
        for match in re.finditer("[“”]", target):
            yield Hit(f"the house style ({context.style.name}) uses straight quotation marks",
                      target_span=match.span(), suggestion='"')
