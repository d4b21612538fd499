"""Paragraph and sentence splitting for Chinese sources and English targets.

Sentences are returned as character spans into the normalised paragraph text, never as copies that
were cleaned up: the checks report offsets, and a run-on such as "Guest House.Photo" must still be
visible as exactly that when two sentences are put back together.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    text: str  # == paragraph_text[start:end]
    start: int  # offsets into the normalised paragraph text
    end: int
    paragraph: int  # 0-based paragraph index in the document


# --- paragraphs -------------------------------------------------------------------------------

_CONTENT_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Offsets(Sequence[int]):
    """A paragraph's raw offsets, one per character, stored as runs rather than one int per character.

    Within a line the offsets are consecutive, and the space that joins two English lines maps to the
    character after the first line, so it continues that line's run: a paragraph of n lines is n runs
    (paragraph position and raw offset where each begins), whatever its length. Reads like the list
    of ints it replaces (indexing, slices, len, iteration, == with a list): a 10 MB line cost ~400 MB
    as a list of ints; here it is two small arrays.
    """

    __slots__ = ("_positions", "_raw", "_length")

    def __init__(self, runs: list[tuple[int, int]], length: int) -> None:
        self._positions = array("q", (position for position, _ in runs))  # paragraph position of a run's start
        self._raw = array("q", (raw for _, raw in runs))  # raw offset of that character
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        run = bisect_right(self._positions, index) - 1
        return self._raw[run] + index - self._positions[run]

    def __iter__(self) -> Iterator[int]:
        ends = list(self._positions[1:]) + [self._length]
        for position, raw, end in zip(self._positions, self._raw, ends):
            yield from range(raw, raw + end - position)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Offsets, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like list: unhashable

    def __repr__(self) -> str:
        return f"Offsets({len(self)} characters in {len(self._positions)} run(s))"


def paragraphs_with_offsets(text: str, lang: str) -> list[tuple[str, Offsets]]:
    """Paragraphs as `split_paragraphs` makes them, each with the raw offset of every character.

    `offsets[k]` is the index in `text` (as given, BOM and \\r\\n included) of the paragraph's
    character k; a space that joins two English lines maps to the character after the first line. The
    aligner needs this to place notes given as raw offsets (e.g. reconstructed passages). The offsets
    are an `Offsets` (runs, not one int per character: memory does not grow with a line's length).
    """
    joiner = "" if lang == "zh" else " "
    blocks: list[list[tuple[str, int]]] = []
    previous_end = None
    begin = 1 if text.startswith("\ufeff") else 0  # a BOM is not text (str.isspace() is False for it)
    for match in _CONTENT_LINE.finditer(text, begin):
        line = match.group()
        stripped = line.strip()
        start = match.start() + line.index(stripped)
        gap = text[previous_end : match.start()] if previous_end is not None else ""
        if previous_end is None or len(_LINE_BREAK.findall(gap)) >= 2:
            blocks.append([])
        blocks[-1].append((stripped, start))
        previous_end = match.end()

    paragraphs = []
    for lines in blocks:
        runs: list[tuple[int, int]] = []
        position = 0
        for number, (line, start) in enumerate(lines):
            if number and joiner:
                position += len(joiner)  # the joining space continues the previous line's run
            runs.append((position, start))
            position += len(line)
        paragraphs.append((joiner.join(line for line, _ in lines), Offsets(runs, position)))
    return paragraphs


def split_paragraphs(text: str, lang: str) -> list[str]:
    """Blocks separated by blank lines; the lines of a block joined ("" for zh, " " for en)."""
    return [paragraph for paragraph, _ in paragraphs_with_offsets(text, lang)]


# --- Chinese ----------------------------------------------------------------------------------

_ZH_TERMINATORS = set("。！？!?｡")
# Closing quotes and brackets that belong to the sentence they follow. ASCII quotes are ambiguous
# (they open as well as close), so they are only taken when they close an open quotation.
_CLOSERS = set("”’」』）)》】〕〉]}\"'")
_ASCII_QUOTES = set("\"'")


def _strip_span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _closes_quote(text: str, position: int) -> bool:
    """Whether the ASCII quote at `position`, right after a sentence end, closes a quotation.

    It does when nothing but space or another closer follows (it cannot open anything there), or
    else when an odd number of the same quote precedes it in the paragraph (他说:"好。"然后).
    """
    following = text[position + 1 : position + 2]
    if not following or following.isspace() or following in _CLOSERS:
        return True
    quote = text[position]
    return text.count(quote, 0, position) % 2 == 1


def _consume_closers(text: str, position: int) -> int:
    while position < len(text) and text[position] in _CLOSERS:
        if text[position] in _ASCII_QUOTES and not _closes_quote(text, position):
            break
        position += 1
    return position


def split_zh(paragraph: str) -> list[Span]:
    """Sentence spans: a sentence ends after a run of 。！？!? and the closing quotes/brackets after it."""
    spans: list[Span] = []
    start = 0
    position = 0
    while position < len(paragraph):
        if paragraph[position] not in _ZH_TERMINATORS:
            position += 1
            continue
        while position < len(paragraph) and paragraph[position] in _ZH_TERMINATORS:
            position += 1
        position = _consume_closers(paragraph, position)
        span = _strip_span(paragraph, start, position)
        if span:
            spans.append(span)
        start = position
    tail = _strip_span(paragraph, start, len(paragraph))  # e.g. a caption's "新华社记者翟健岚摄"
    if tail:
        spans.append(tail)
    return spans


# --- English ----------------------------------------------------------------------------------

# Never a sentence end: these are always followed by a name or a noun.
_TITLES = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt",
    "Sgt", "Maj", "Adm", "Rev", "Hon", "Pres", "Mt", "Ft", "vs", "e.g", "i.e", "cf",
}
# Not a sentence end when a number follows ("No. 1", "Sept. 15", "Vol. 3").
_BEFORE_NUMBER = {
    "No", "Nos", "Vol", "Art", "Fig", "p", "pp", "approx",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
}
# After a dotted acronym (U.S., p.m.) or an initial (G.), the period usually is not a sentence end:
# "met U.S. officials", "at 3 p.m. Beijing time", "Alexander G. Lukashenko". We split only when the
# next word is one of these function words, which cannot continue a name or a noun phrase. Proper
# nouns ("China") are deliberately left out: "the U.S. China policy" is as likely as a new sentence.
_CLEAR_STARTS = {
    "The", "A", "An", "This", "That", "These", "Those", "There", "Here", "It", "Its", "He", "She",
    "His", "Her", "They", "Their", "We", "Our", "I", "You", "But", "And", "However", "Meanwhile",
    "In", "On", "At", "After", "Before", "As", "According", "When", "While", "If",
}
_DOTTED_ACRONYM = re.compile(r"[A-Za-z](?:\.[A-Za-z])+")
_INITIAL = re.compile(r"[A-Z]")
_EN_BOUNDARY = re.compile(r"[.!?]+")
_OPENERS = set("\"'“‘([{")
_NEXT_WORD = re.compile(r"[^\s.,;:!?\"'”’)\]]+")
# "House.Photo": two sentences glued together with no space (a common copy-paste defect).
_RUN_ON = re.compile(r"(?<![A-Za-z])([A-Za-z]+[a-z])\.(?=[A-Z][a-z])")


def _word_before(text: str, end: int) -> str:
    """The token that ends at `end`, back to whitespace or an opening quote/bracket."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    return text[start:end]


def _is_abbreviation(word: str, next_text: str) -> bool:
    """Whether the period after `word` is part of the word rather than the end of the sentence."""
    next_word_match = _NEXT_WORD.match(next_text)
    next_word = next_word_match.group() if next_word_match else ""
    if word in _TITLES:
        return True
    if word in _BEFORE_NUMBER:
        return next_text[:1].isdigit()
    if _DOTTED_ACRONYM.fullmatch(word) or _INITIAL.fullmatch(word):
        return next_word not in _CLEAR_STARTS
    return False


def _can_start_sentence(char: str) -> bool:
    # Uppercase, digit, an opening quote/bracket, or a caseless letter such as untranslated Chinese.
    return char in _OPENERS or (char.isalnum() and not char.islower())


def _spaced_boundaries(paragraph: str) -> list[int]:
    """End offsets of sentences followed by whitespace: "... percent. It rose"."""
    ends = []
    for match in _EN_BOUNDARY.finditer(paragraph):
        end = _consume_closers(paragraph, match.end())
        after = end
        while after < len(paragraph) and paragraph[after].isspace():
            after += 1
        if after == end or after == len(paragraph) or not _can_start_sentence(paragraph[after]):
            continue
        if match.group() == ".":
            word = _word_before(paragraph, match.start())
            if _is_abbreviation(word, paragraph[after:]):
                continue
        ends.append(end)
    return ends


def _run_on_boundaries(paragraph: str) -> list[int]:
    """End offsets of sentences glued to the next one: "Guest House.Photo by"."""
    ends = []
    for match in _RUN_ON.finditer(paragraph):
        token = _word_before(paragraph, match.end(1))
        # URLs, e-mail addresses and domains are not sentences ("www.Example.com", "a@Mail.Com").
        if "://" in token or "@" in token or "." in token or token.lower().startswith("www"):
            continue
        if match.group(1) in _TITLES:  # "Mr.Wang"
            continue
        ends.append(match.end())
    return ends


def split_en(paragraph: str) -> list[Span]:
    """Sentence spans; see the module constants for the abbreviation and run-on rules."""
    boundaries = sorted(set(_spaced_boundaries(paragraph) + _run_on_boundaries(paragraph)))
    spans = []
    start = 0
    for end in boundaries + [len(paragraph)]:
        span = _strip_span(paragraph, start, end)
        if span:
            spans.append(span)
        start = end
    return spans


# --- documents --------------------------------------------------------------------------------


def split_sentences(paragraph: str, lang: str) -> list[Span]:
    return split_zh(paragraph) if lang == "zh" else split_en(paragraph)


def segment_document(text: str, lang: str) -> list[list[Sentence]]:
    """Sentences per paragraph; offsets refer to the paragraph texts of `split_paragraphs`."""
    return [
        [Sentence(paragraph[start:end], start, end, number)
         for start, end in split_sentences(paragraph, lang)]
        for number, paragraph in enumerate(split_paragraphs(text, lang))
    ]
