"""Consistency across a corpus, both ways as Xbench checks it (one source rendered two ways; one
rendering given to two different sources), listed terms rendered one way, and a do-not-translate list.

The corpus checks compare pairs of the same system and document only (the engine scopes their groups
by Pair.system and Pair.document), and report only what a reviewer can act on: the words that differ
between two renderings of one sentence, not the whole sentence, and nothing when the two renderings
differ only in punctuation or are wholly different wordings (free paraphrases, both possibly fine).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from mtreview.checks.registry import CheckContext, Hit, Use, check, corpus_check
from mtreview.checks.terminology import find_rendering, fold_apostrophes, terms_in_source
from mtreview.records import Category, Pair, Severity, Span

FAMILY = "consistency"
PROFILES = ("terminology",)

MIN_REPEATED_SOURCE = 8  # characters; short segments ("是。", "谢谢") are legitimately rendered many ways
# One English sentence for two different sources: only from this many words on ("Yes.", "Table 3",
# headings and numbers are legitimately shared by different sources).
MIN_SHARED_TARGET_WORDS = 4
MIN_SHARED_SOURCE = 4  # characters of the source, punctuation left out
# Two renderings of one sentence are reported when they differ locally: in a place or two (a term, a
# name, a number) the reviewer can reconcile. Beyond that, or beyond this share of differing words,
# they are two free wordings, and picking one is style, not an error.
MAX_DIFFERENCES = 2
MAX_DIFFERING_SHARE = 0.4

# Quotes, apostrophes and dashes of either style count as the same: their style is the typography
# checks' business, and one-for-one so that offsets into the folded text stay valid.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "`": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-"})
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"[^\W\d_]+")
_SOURCE_CONTENT = re.compile(r"\w+")


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())  # split(): the whitespace of \s


def _target_form(text: str) -> str:
    return _normalise(text).translate(_FOLD)


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text.translate(_FOLD)))


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


# Words whose choice between two renderings is grammar or style, not a rendering to reconcile.
_FUNCTION_WORDS = frozenset("""a an the one this that these those some any of to in on at by for from with
as and or but so if than then is are was were be been being has have had do does did will would shall
should can could may might must it its they them their he she his her we our you your i me my who whom
which what there here not no also just very more most about into over after before up out""".split())


def _trivial(mine: list[str], theirs: list[str]) -> bool:
    """A difference in punctuation, in function words only, or in a word's ending (part/parts,
    show/shows): not what a reviewer reconciles."""
    mine_words = [token.casefold() for token in mine if _is_word(token)]
    theirs_words = [token.casefold() for token in theirs if _is_word(token)]
    if all(word in _FUNCTION_WORDS for word in mine_words + theirs_words):
        return True
    return (len(mine_words) == len(theirs_words) == 1 and min(len(mine_words[0]), len(theirs_words[0])) >= 4
            and mine_words[0][:4] == theirs_words[0][:4])


def _differences(this: str, other: str) -> list[tuple[Span, str]]:
    """Where `this` differs from `other` in words, block by block: (span in this, the other's words
    there). None reported (an empty list) when they differ only in punctuation, in word order (the
    same words moved), in more than MAX_DIFFERENCES places or in more than MAX_DIFFERING_SHARE of
    either side's tokens: those are free wordings, not a rendering to reconcile."""
    mine, theirs = _tokens(this), _tokens(other)
    mine_text, theirs_text = [m.group() for m in mine], [m.group() for m in theirs]
    matcher = SequenceMatcher(None, mine_text, theirs_text, autojunk=False)
    if matcher.quick_ratio() < 1 - MAX_DIFFERING_SHARE:  # an upper bound: too different, whatever the diff
        return []
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"
               and not _trivial(mine_text[op[1]:op[2]], theirs_text[op[3]:op[4]])]
    if not changes or len(changes) > MAX_DIFFERENCES:
        return []
    if (sum(i2 - i1 for _, i1, i2, _, _ in changes) > MAX_DIFFERING_SHARE * len(mine)
            or sum(j2 - j1 for _, _, _, j1, j2 in changes) > MAX_DIFFERING_SHARE * len(theirs)):
        return []
    mine_words = {token.casefold() for token in mine_text if _is_word(token)}
    theirs_words = {token.casefold() for token in theirs_text if _is_word(token)}
    case_only = all([t.casefold() for t in mine_text[i1:i2]] == [t.casefold() for t in theirs_text[j1:j2]]
                    for _, i1, i2, j1, j2 in changes)
    if not case_only and all(token.casefold() in theirs_words for _, i1, i2, _, _ in changes for token in mine_text[i1:i2]
           if _is_word(token)) and all(token.casefold() in mine_words for _, _, _, j1, j2 in changes
                                       for token in theirs_text[j1:j2] if _is_word(token)):
        return []  # the same words in another order
    found = []
    for _, i1, i2, j1, j2 in changes:
        start, end = (i1, i2) if i2 > i1 else (max(i1 - 1, 0), min(i1 + 1, len(mine)))  # a gap: its neighbours
        if start >= end:
            continue
        there = other[theirs[j1].start():theirs[j2 - 1].end()] if j2 > j1 else ""
        found.append(((mine[start].start(), mine[end - 1].end()), there))
    return found


def _describe_translation(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> list[Hit]:
    hits = []
    for span, usual_words in _differences(pair.target, usual_pair.target):
        here = pair.target[span[0]:span[1]]
        there = f"“{usual_words}”" if usual_words else "left out"
        hits.append(Hit(f"the same source is translated differently in {usual_pair.id}: “{here}” here, {there} "
                        "there", target_span=span, source_span=use.source_span, suggestion=usual_words or None))
    return hits


@corpus_check("inconsistent-translation", Category.INCONSISTENCY, Severity.MINOR, describe=_describe_translation)
def inconsistent_translation(pair: Pair, context: CheckContext) -> Iterator[Use]:
    """The same source sentence translated differently"""
    source = _normalise(pair.source)
    if len(source) >= MIN_REPEATED_SOURCE and pair.target.strip():
        yield Use(group=source, form=_target_form(pair.target), target_span=(0, len(pair.target)),
                  source_span=(0, len(pair.source)))


def _source_form(text: str) -> str:
    return "".join(_SOURCE_CONTENT.findall(unicodedata.normalize("NFKC", text)))


def _describe_source(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> Hit | None:
    mine, theirs = pair.source, usual_pair.source
    blocks = [op for op in SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes() if op[0] != "equal"]
    source_span = (blocks[0][1], max(blocks[-1][2], blocks[0][1] + 1)) if blocks else None
    if source_span and source_span[1] > len(mine):
        source_span = (max(len(mine) - 1, 0), len(mine))
    return Hit(f"this translation is also given in {usual_pair.id} for a different source: "
               f"“{_normalise(theirs)}”", source_span=source_span)


@corpus_check("inconsistent-source", Category.INCONSISTENCY, Severity.MINOR, describe=_describe_source)
def inconsistent_source(pair: Pair, context: CheckContext) -> Iterator[Use]:
    """One translation given to two different source sentences"""
    target = _target_form(pair.target)
    if len(_WORD.findall(target)) < MIN_SHARED_TARGET_WORDS:
        return
    source = _source_form(pair.source)
    if len(source) >= MIN_SHARED_SOURCE:
        yield Use(group=target, form=source, target_span=(0, len(pair.target)), source_span=(0, len(pair.source)))


def _describe_term(pair: Pair, use: Use, usual_pair: Pair, usual_use: Use) -> Hit:
    start, end = use.target_span
    return Hit(f"{use.group} is “{pair.target[start:end]}” here but “{usual_use.form}” elsewhere in the corpus",
               target_span=use.target_span, source_span=use.source_span, suggestion=usual_use.form)


@corpus_check("term-inconsistent", Category.TERMINOLOGY_INCONSISTENT, Severity.MINOR, describe=_describe_term)
def term_inconsistent(pair: Pair, context: CheckContext) -> Iterator[Use]:
    """A listed term rendered in more than one accepted way"""
    folded = None
    for entry, source_span in terms_in_source(pair, context):
        folded = fold_apostrophes(pair.target) if folded is None else folded
        for rendering in entry.renderings:
            spans = find_rendering(rendering, folded)
            if spans:
                yield Use(group=entry.zh, form=entry.consistency_form(rendering), target_span=spans[0],
                          source_span=source_span)
                break


# --- do not translate -------------------------------------------------------------------------------

_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def _bounded(text: str, start: int, end: int) -> bool:
    """No ASCII letter or digit glued to either end of text[start:end] ("iOS" is not in "iOS17x")."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


class _DntIndex:
    """A do-not-translate list indexed by its entries' first ASCII word (case-folded) or, for an entry
    that starts otherwise, its first character: a source is looked up word by word, so the cost follows
    the sentence, not the length of the list."""

    def __init__(self, entries: Sequence[str]) -> None:
        self.by_word: dict[str, list[str]] = {}
        self.by_char: dict[str, list[str]] = {}
        for entry in sorted({entry.strip() for entry in entries if entry.strip()}, key=len, reverse=True):
            word = _ASCII_WORD.match(entry)
            if word:
                self.by_word.setdefault(word.group().casefold(), []).append(entry)
            else:
                self.by_char.setdefault(entry[0], []).append(entry)

    def in_source(self, source: str) -> Iterator[tuple[str, Span]]:
        """(the source's own text of an entry, its span), each text once, longest entry first at a place."""
        seen: set[str] = set()
        taken_until = -1
        candidates = [(word.start(), self.by_word.get(word.group().casefold(), ()))
                      for word in _ASCII_WORD.finditer(source)]
        if self.by_char:
            candidates += [(index, self.by_char[char]) for index, char in enumerate(source) if char in self.by_char]
            candidates.sort(key=lambda item: item[0])
        folded = source.casefold() if len(source.casefold()) == len(source) else None
        for start, entries in candidates:
            if start < taken_until:
                continue
            for entry in entries:
                end = start + len(entry)
                text = source[start:end]
                same = text == entry or (folded is not None and folded[start:end] == entry.casefold())
                if same and _bounded(source, start, end):
                    taken_until = end
                    if text not in seen:
                        seen.add(text)
                        yield text, (start, end)
                    break


@lru_cache(maxsize=8)
def _dnt_index(entries: tuple[str, ...]) -> _DntIndex:
    return _DntIndex(entries)


def _find_kept(text: str, target: str, *, ignore_case: bool) -> Span | None:
    haystack, needle = (target.casefold(), text.casefold()) if ignore_case else (target, text)
    if ignore_case and len(haystack) != len(target):
        return None
    start = haystack.find(needle)
    while start != -1:
        if _bounded(target, start, start + len(needle)):
            return start, start + len(needle)
        start = haystack.find(needle, start + 1)
    return None


@check("do-not-translate", Category.MISTRANSLATION, Severity.MAJOR)
def do_not_translate(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """A do-not-translate word of the source not kept unchanged in the English"""
    if not context.do_not_translate or not pair.target:
        return
    for text, source_span in _dnt_index(tuple(context.do_not_translate)).in_source(pair.source):
        if _find_kept(text, pair.target, ignore_case=False):
            continue
        changed = _find_kept(text, pair.target, ignore_case=True)
        if changed:
            yield Hit(f"“{text}” is on the do-not-translate list: keep it as the source writes it",
                      target_span=changed, source_span=source_span, suggestion=text)
        else:
            yield Hit(f"“{text}” is on the do-not-translate list but is not in the English",
                      source_span=source_span, suggestion=text)


def load_do_not_translate(paths: Iterable[Path]) -> tuple[str, ...]:
    """The entries of do-not-translate lists: one per line (a TSV's first column), `#` lines and blank
    lines skipped, and a header `term` (or `dnt`) skipped. Read as every input is (mtreview.inputs.text)."""
    from mtreview.inputs.text import read_text

    entries: list[str] = []
    for path in paths:
        for number, line in enumerate(read_text(Path(path)).split("\n"), 1):
            entry = line.split("\t", 1)[0].strip()
            if not entry or entry.startswith("#") or (number == 1 and entry.casefold() in ("term", "dnt")):
                continue
            if entry not in entries:
                entries.append(entry)
    return tuple(entries)
