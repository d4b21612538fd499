"""Anchors: what survives translation unchanged and so ties a Chinese sentence to its English.

Numbers as values (万/亿 and Chinese numerals normalised by mtreview.numbers: 1.5亿 ~ "150 million",
三十 ~ "thirty"), Latin-script tokens in the Chinese (WTO, GB/T), and the marks a translation keeps:
?!, brackets and opening quotation marks of every style (“ ‘ 「 『 《 in the Chinese; “ ‘ " and a
' that opens a quotation, not an apostrophe, in the English: literary translators often render “”
as single quotes). Each side is turned into a multiset
of keys; a source key found in the target is a match, one missing is a miss. Extra keys in the
English are not held against it (translators add "2022" for 今年).
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


def source_anchor_keys(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    # Every number the parser finds has a digit or one of these characters (Traditional ones too):
    # without them it is not called, which spares most sentences its work, and a Traditional text
    # without numbers the loading of the Traditional table (half a second on the Bible's rare birds).
    mentions = source_numbers(text) if _MAY_HOLD_NUMBER.search(text) else []
    keys = [_value_key(mention.values[0]) for mention in mentions
            if mention.written == "digits" or mention.values[0] >= 10]
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
