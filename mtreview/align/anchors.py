"""Anchors: what survives translation unchanged and so ties a Chinese sentence to its English.

Numbers as values (万/亿 and Chinese numerals normalised by mtreview.numbers: 1.5亿 ~ "150 million",
三十 ~ "thirty"), Latin-script tokens in the Chinese (WTO, GB/T), and the marks a translation keeps:
?!, brackets and opening quotation marks of every style (“ ‘ 「 『 《 in the Chinese; “ ‘ " and a
' that opens a quotation, not an apostrophe, in the English: literary translators often render “”
as single quotes). Each side is turned into a multiset
of keys; a source key found in the target is a match, one missing is a miss. Extra keys in the
English are not held against it (translators add "2022" for 今年), except a telling number
(is_telling_number: ten or more, not a year), which the English does not have without its Chinese.
"""

from __future__ import annotations

import re
import unicodedata

from mtreview.numbers import source_numbers, target_numbers

_MAY_HOLD_NUMBER = re.compile(r"[0-9零〇一二两兩三四五六七八九十百千万萬亿億半番]")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/.&+][A-Za-z0-9]+)*")
_WORD = re.compile(r"[a-z0-9]+")
# Counted after NFKC, which turns ？！（ into ?!(.
_SOURCE_MARKS = re.compile(r"[?!(《“「『‘]")
# An opening quote in English: “ or ‘, or a straight quote that starts a word after a space, a
# bracket or a dash, or at the start ("'Yes,' she said"; not the apostrophe of "don't" or "the 1990s'").
_TARGET_MARKS = re.compile(r"[?!(“‘]|(?:(?<=^)|(?<=[\s(\[—–-]))[\"'](?=[\w‘“\"'])|\"(?=\w)")
_MARK_KEYS = {"《": "“", "「": "“", "『": "“", "‘": "“", '"': "“", "'": "“"}
# A Latin token of the Chinese is looked for as its words joined, among runs of up to this many
# consecutive English words: "GB/T" -> "gb t".
LATIN_PARTS = 3


# Numerals written out below ten (一个, 两国, 三人) are everywhere and often not rendered as numbers
# ("one China", "both countries"): only Arabic numbers and written-out ones from ten up are anchors.


def _value_key(value: float) -> str:
    return f"#{value:g}"


# An English number of ten or more that the Chinese of its bead lacks tells against the pairing: on
# WMT23's news, 3% of true pairs have one and 29% of a sentence with its neighbour's translation. A
# year is left out (translators add "2022" for 今年), and so are small numbers ("first", "two sides").
TELLING_FROM = 10
_YEARS = (1900, 2100)


def is_telling_number(key: str) -> bool:
    """Whether an anchor key is a number an English sentence would not have without its Chinese."""
    if not key.startswith("#"):
        return False
    value = float(key[1:])
    return value >= TELLING_FROM and not (value.is_integer() and _YEARS[0] <= value <= _YEARS[1])


def source_anchor_keys(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    # Every number the parser finds has a digit or one of these characters (Traditional ones too):
    # without them it is not called, which spares most sentences its work, and a Traditional text
    # without numbers the loading of the Traditional table (half a second on the Bible's rare birds).
    mentions = source_numbers(text) if _MAY_HOLD_NUMBER.search(text) else []
    keys = [_value_key(mention.values[0]) for mention in mentions
            if mention.written in ("digits", "dateline") or mention.values[0] >= 10]
    for token in _LATIN_TOKEN.findall(text):
        if len(token) >= 2:
            parts = _WORD.findall(token.lower())[:LATIN_PARTS]
            if parts:
                keys.append("latin:" + " ".join(parts))
    keys += [_MARK_KEYS.get(mark, mark) for mark in _SOURCE_MARKS.findall(text)]
    return keys


def target_anchor_keys(text: str, wanted: frozenset[str] = frozenset()) -> list[str]:
    """The target's keys; Latin keys only where they are in `wanted` (the source's Latin keys),
    since every run of English words would otherwise be one."""
    text = unicodedata.normalize("NFKC", text)
    mentions = target_numbers(text)
    keys = [_value_key(value) for mention in mentions for value in mention.values]
    if wanted:
        words = _WORD.findall(text.lower())
        for size in range(1, LATIN_PARTS + 1):
            for start in range(len(words) - size + 1):
                key = "latin:" + " ".join(words[start : start + size])
                if key in wanted:
                    keys.append(key)
    keys += [_MARK_KEYS.get(mark, mark) for mark in _TARGET_MARKS.findall(text)]
    return keys


# Quotation marks that open and close, for whether a quotation is still open after a sentence: a
# translation keeps a quoted speech together, so a bead boundary inside a quotation on one side and
# outside on the other is suspect (literary dialogue: "'But you're a quick mover all the same! / You
# managed to get away that time. / A few more goes and I'd have had you, though—'" is one Chinese
# sentence's quotation over three English sentences).
QUOTATION_SPAN = 3
_SOURCE_QUOTES = re.compile(r"[“「『]|[”」』]|[\"＂]")
_SOURCE_OPENING = frozenset("“「『")
# English: curly quotes, and straight ones that open a word (as _TARGET_MARKS) or close one (after
# a letter or punctuation, before a space, punctuation or the end; not the apostrophe of "don't").
_TARGET_QUOTES = re.compile(r"(?P<open>“|‘(?=[\w“])|(?:(?<=^)|(?<=[\s(\[—–-]))[\"'](?=[\w‘“\"']))"
                            r"|(?P<close>”|(?<=[\w.,!?;:—–-])[’\"'](?=[\s,.;:!?)—–-]|$))")


def quotation_open_after(texts: list[str], lang: str) -> list[bool]:
    """For each sentence in order, whether a quotation opened in it or before it is still open after
    it (an opening mark opens, a closing one closes; they do not nest in practice). A quotation with
    no mark for QUOTATION_SPAN sentences counts as closed: one side's marks may be unbalanced
    (WMT23's Chinese lines start with the ” of the line before), and a quotation open to the end of
    the document would make every boundary after it suspect."""
    state, states, since = False, [], 0
    for text in texts:
        since += 1
        if lang == "zh":
            for match in _SOURCE_QUOTES.finditer(text):
                mark = match.group()
                # A straight quote in Chinese both opens and closes: each one turns the state over.
                state, since = (not state) if mark in "\"＂" else mark in _SOURCE_OPENING, 0
        else:
            for match in _TARGET_QUOTES.finditer(text):
                state, since = match.group("open") is not None, 0
        if since >= QUOTATION_SPAN:
            state = False
        states.append(state)
    return states
