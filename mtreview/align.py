"""Sentence alignment of a Chinese source with its English translation.

A dynamic programme over "beads" (1-1, 1-2, 2-1, 1-0, 0-1, 2-2, 1-3, 3-1), scored in the style of
Gale & Church (1993) on character lengths, plus cheap anchors that survive translation: Arabic
numbers, Latin-script tokens in the Chinese, and ?!, brackets and quotation marks. Paragraphs are
aligned first and sentences only within aligned paragraphs, so one odd paragraph cannot drag the
rest out of step.

Without a dictionary, lengths cannot tell which of several similar sentences an English paragraph
left out: on 5-sentence groups with one sentence deleted, about two in three deletions come out as
the exact 1-0 bead; the others as a 2-1 merge or a 1-0 bead next to the right place.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from mtreview.records import Pair
from mtreview.segment import Sentence, paragraphs_with_offsets, split_sentences

# English characters (spaces included) per Chinese character, and the variance of the English
# length per Chinese character, measured on WMT23 zh-en (sources/zh-en.txt vs references/zh-en.refA.txt,
# 1,976 lines) with the Chinese length of _zh_length below: ratio 4.07, variance 42.9 (news lines
# alone: 4.17 and 55.0). The lines' |delta| median is 0.48, so the normal model is if anything wide.
ZH_EN_RATIO = 4.07
LENGTH_VARIANCE = 43.0

# Bead type (source sentences, target sentences) -> prior probability; add a bead type here and
# the programme uses it. Started from Gale & Church's figures and tuned on 5-sentence groups of
# WMT23 news and the Xinhua case with one sentence deleted or two joined: merges rarer (0.02) and
# deletions commoner (0.01) than Gale & Church found in parliamentary proceedings. Deletions get no
# length term (see _bead_cost): their cost, -log(0.01) = 4.6, equals a 1-1 about 2.9 sd off.
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 2): 0.02,
    (2, 1): 0.02,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 2): 0.011,
    (1, 3): 0.004,
    (3, 1): 0.004,
}
# Paragraphs: never in threes, and a missing paragraph (a photo caption, a credit line) is commoner
# than two joined.
PARAGRAPH_PRIORS = {(1, 1): 0.9, (1, 2): 0.02, (2, 1): 0.02, (1, 0): 0.03, (0, 1): 0.03}
# Cost per sentence of difference between the two sides of a paragraph bead: most zh->en sentences
# are translated one to one, so joining a paragraph to its neighbour to soak up a verbose English
# paragraph shows as surplus Chinese sentences.
SENTENCE_COUNT_PENALTY = 1.5

# Anchor weights, in the same units (nats) as the length cost: a number found on both sides is good
# evidence that two sentences belong together; one found on one side only is weaker evidence that
# they do not (translators write "30" as "thirty", 二十大 as "20th").
ANCHOR_MATCH_BONUS = 1.0
ANCHOR_MISS_PENALTY = 0.7

# Inputs larger than this many DP cells are searched only in a band around the length diagonal.
FULL_SEARCH_CELLS = 40_000
BAND_HALF_WIDTH = 60


@dataclass(frozen=True)
class Bead:
    source: tuple[int, ...]  # sentence indices on the Chinese side
    target: tuple[int, ...]  # on the English side
    score: float  # 0..1, higher = more confident; 1-0 / 0-1 beads get a low score


# --- what is compared -------------------------------------------------------------------------


def _zh_length(text: str) -> float:
    # Latin letters and digits inside Chinese ("GB/T", "2022") come over into English unchanged,
    # so they weigh one English character each, not one Chinese character.
    return sum(1 / ZH_EN_RATIO if char.isascii() and char.isalnum() else 1.0
               for char in text if not char.isspace())


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/.&+][A-Za-z0-9]+)*")
_WORD = re.compile(r"[a-z0-9]+")
_MONTHS = {name: number for number, names in enumerate(
    ["January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul",
     "August Aug", "September Sept Sep", "October Oct", "November Nov", "December Dec"], start=1)
    for name in names.split()}
_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b")


def _numbers(text: str) -> list[str]:
    """Arabic numbers, normalised: "1,000" -> "1000", "09" -> "9"; "15日" and "15th" both give "15"."""
    found = []
    for match in _NUMBER.finditer(text):
        number = match.group().replace(",", "")
        whole, dot, fraction = number.partition(".")
        found.append(str(int(whole)) + (dot + fraction if fraction.strip("0") else ""))
    return found


# Marks that a translation keeps: questions, exclamations, brackets, quotations (《》 becomes
# quotation marks in English). Counted after NFKC, which turns ？！（ into ?!(.
_SOURCE_MARKS = re.compile(r"[?!(《“「]")
_TARGET_MARKS = re.compile(r"[?!(“]|\"(?=\w)")
_MARK_KEYS = {"《": "“", "「": "“", '"': "“"}


@dataclass(frozen=True)
class _Anchors:
    counted: tuple[str, ...] = ()  # numbers and marks, matched as multisets
    latin: tuple[tuple[str, ...], ...] = ()  # zh side: each Latin token as its lowercase word parts
    words: frozenset[str] = frozenset()  # en side: lowercase words, to look the Latin tokens up


def _source_anchors(text: str) -> _Anchors:
    text = unicodedata.normalize("NFKC", text)  # full-width digits, letters and punctuation
    tokens = [token for token in _LATIN_TOKEN.findall(text) if len(token) >= 2]
    latin = tuple(tuple(_WORD.findall(token.lower())) for token in tokens)
    marks = [_MARK_KEYS.get(mark, mark) for mark in _SOURCE_MARKS.findall(text)]
    return _Anchors(counted=tuple(_numbers(text) + marks), latin=latin)


def _target_anchors(text: str) -> _Anchors:
    text = unicodedata.normalize("NFKC", text)
    months = [str(_MONTHS[name]) for name in _MONTH.findall(text)]  # "September 15" ~ 9月15日
    counted = _numbers(text) + months + [_MARK_KEYS.get(mark, mark) for mark in _TARGET_MARKS.findall(text)]
    return _Anchors(counted=tuple(counted), words=frozenset(_WORD.findall(text.lower())))


def _anchor_counts(source: Sequence[_Anchors], target: Sequence[_Anchors]) -> tuple[int, int]:
    """(matched, unmatched) anchors of a bead."""
    source_counted = [item for anchors in source for item in anchors.counted]
    matched = unmatched = 0
    if source_counted:
        # English adds numbers of its own ("2022" for 今年): only source anchors missing from the
        # target count against the bead.
        target_counted = Counter(item for anchors in target for item in anchors.counted)
        common = sum((Counter(source_counted) & target_counted).values())
        matched += common
        unmatched += len(source_counted) - common
    latin = [parts for anchors in source for parts in anchors.latin]
    if latin:
        words = frozenset().union(*(anchors.words for anchors in target))
        for parts in latin:
            if parts and all(part in words for part in parts):
                matched += 1
            else:
                unmatched += 1
    return matched, unmatched


# --- costs ------------------------------------------------------------------------------------


def _length_delta(source_length: float, target_length: float) -> float:
    """Gale-Church delta: how many standard deviations the English length is from the expected."""
    expected = source_length * ZH_EN_RATIO
    # The variance grows with the length; the mean of both sides' lengths (in Chinese characters)
    # keeps it defined when the source is tiny, where Gale-Church divide by the source alone.
    scale = max((source_length + target_length / ZH_EN_RATIO) / 2, 1.0)
    return (target_length - expected) / math.sqrt(LENGTH_VARIANCE * scale)


def _length_cost(delta: float) -> float:
    """-log P(|delta| or more) under a standard normal, without underflow far out in the tail."""
    z = abs(delta) / math.sqrt(2)
    if z < 5:
        return -math.log(math.erfc(z))
    return z * z + math.log(z * math.sqrt(math.pi))  # asymptotic form of -log erfc(z)


def _anchor_cost(matched: int, unmatched: int) -> float:
    return ANCHOR_MISS_PENALTY * unmatched - ANCHOR_MATCH_BONUS * matched


def _bead_cost(kind: tuple[int, int], priors: dict, lengths: tuple[float, float],
               anchors: tuple[int, int]) -> float:
    cost = -math.log(priors[kind]) + _anchor_cost(*anchors)
    # A sentence with nothing on the other side has no length evidence either way: Gale-Church's
    # length term for an empty side only says "the sentence is long", which makes long omissions
    # look like merges. The prior carries the decision instead.
    if kind[0] and kind[1]:
        cost += _length_cost(_length_delta(*lengths))
    return cost


def _bead_score(kind: tuple[int, int], lengths: tuple[float, float], anchors: tuple[int, int]) -> float:
    """A confidence in 0..1 (a heuristic, not a probability): length fit, anchor agreement, bead kind."""
    if not (kind[0] and kind[1]):
        return 0.05
    # In units of two standard deviations: a verbose but faithful English sentence (delta 2.5,
    # the top 2% of WMT23 lines) still scores about 0.2, a missing side 0.05.
    length_fit = math.erfc(abs(_length_delta(*lengths)) / (2 * math.sqrt(2)))
    matched, unmatched = anchors
    agreement = (matched + 1) / (matched + unmatched + 1)
    kind_factor = 1.0 if kind == (1, 1) else 0.9 if max(kind) == 2 and min(kind) == 1 else 0.8
    return round(length_fit * agreement * kind_factor, 3)


# --- the dynamic programme --------------------------------------------------------------------


def _prefix_sums(values: Sequence[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _band(source_sums: list[float], target_sums: list[float]) -> list[tuple[int, int]]:
    """For each source position, the range of target positions searched: all of them on small
    inputs, else a band around the point where the English has used up the same share of its
    length as the Chinese (on 2,000 x 2,000 sentences, 6% of the cells)."""
    n, m = len(source_sums) - 1, len(target_sums) - 1
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return [(0, m)] * (n + 1)
    source_total, target_total = source_sums[-1] or 1.0, target_sums[-1] or 1.0
    bands = []
    j = 0
    for i in range(n + 1):
        share = source_sums[i] / source_total
        while j < m and target_sums[j + 1] / target_total <= share:
            j += 1
        bands.append((max(0, j - BAND_HALF_WIDTH), min(m, j + BAND_HALF_WIDTH)))
    bands[0], bands[-1] = (0, bands[0][1]), (bands[-1][0], m)
    # Keep the band connected: row i+1 must start no later than row i ends (a 1-0 step down).
    for i in range(n - 1, -1, -1):
        low, high = bands[i]
        bands[i] = (low, max(high, bands[i + 1][0]))
    return bands


# (source start, source count, target start, target count, limit) -> cost; a cost function may
# return any value >= limit, without computing it exactly, when the bead costs at least that much.
BeadCost = Callable[[int, int, int, int, float], float]


def _best_path(n: int, m: int, kinds: Sequence[tuple[int, int]], cost: BeadCost,
               bands: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cheapest sequence of beads from (0, 0) to (n, m), as (i, di, j, dj) tuples in order."""
    infinity = math.inf
    totals: list[list[float]] = []
    choices: list[list[int]] = []
    for i in range(n + 1):
        low, high = bands[i]
        row_totals, row_choices = [infinity] * (high - low + 1), [-1] * (high - low + 1)
        totals.append(row_totals)
        choices.append(row_choices)
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                row_totals[0] = 0.0
                continue
            best, best_kind = infinity, -1
            for number, (di, dj) in enumerate(kinds):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                previous_low, previous_high = bands[pi]
                if not previous_low <= pj <= previous_high:
                    continue
                previous = totals[pi][pj - previous_low]
                if previous == infinity:
                    continue
                total = previous + cost(pi, di, pj, dj, best - previous)
                if total < best:
                    best, best_kind = total, number
            row_totals[j - low], row_choices[j - low] = best, best_kind
    path, i, j = [], n, m
    while i or j:
        di, dj = kinds[choices[i][j - bands[i][0]]]
        path.append((i - di, di, j - dj, dj))
        i, j = i - di, j - dj
    return path[::-1]


def _align_items(source: Sequence[str], target: Sequence[str], priors: dict,
                 sentence_counts: tuple[list[int], list[int]] | None = None) -> list[Bead]:
    source_anchors = [_source_anchors(text) for text in source]
    target_anchors = [_target_anchors(text) for text in target]
    source_sums = _prefix_sums([_zh_length(text) for text in source])
    target_sums = _prefix_sums([len(text) for text in target])  # English: every character, spaces too

    # Upper bound of the anchor bonus of a bead, to skip counting anchors on hopeless beads.
    bonus_sums = _prefix_sums([ANCHOR_MATCH_BONUS * (len(a.counted) + len(a.latin)) for a in source_anchors])

    source_counts, target_counts = (
        _prefix_sums(counts) for counts in sentence_counts or ([0] * len(source), [0] * len(target))
    )

    def measure(i: int, di: int, j: int, dj: int) -> tuple[tuple[float, float], tuple[int, int]]:
        lengths = (source_sums[i + di] - source_sums[i], target_sums[j + dj] - target_sums[j])
        return lengths, _anchor_counts(source_anchors[i : i + di], target_anchors[j : j + dj])

    def structure_cost(i: int, di: int, j: int, dj: int) -> float:
        if not (di and dj):
            return 0.0
        surplus = (source_counts[i + di] - source_counts[i]) - (target_counts[j + dj] - target_counts[j])
        return SENTENCE_COUNT_PENALTY * abs(surplus)

    def cost(i: int, di: int, j: int, dj: int, limit: float) -> float:
        lengths = (source_sums[i + di] - source_sums[i], target_sums[j + dj] - target_sums[j])
        base = _bead_cost((di, dj), priors, lengths, (0, 0)) + structure_cost(i, di, j, dj)
        lower_bound = base - (bonus_sums[i + di] - bonus_sums[i])
        if lower_bound >= limit:
            return lower_bound
        return base + _anchor_cost(*measure(i, di, j, dj)[1])

    kinds = list(priors)
    path = _best_path(len(source), len(target), kinds, cost, _band(source_sums, target_sums))
    return [
        Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), _bead_score((di, dj), *measure(i, di, j, dj)))
        for i, di, j, dj in path
    ]


def align_sentences(source: list[str], target: list[str]) -> list[Bead]:
    """Align Chinese sentences with English ones; every sentence is in exactly one bead, in order."""
    return _align_items(source, target, BEAD_PRIORS)


def align_paragraphs(source: list[str], target: list[str]) -> list[Bead]:
    """Paragraphs one to one when the counts agree (the usual case), else by the same programme
    with the paragraphs' sentence counts as extra evidence."""
    if len(source) == len(target):
        return [Bead((number,), (number,), 1.0) for number in range(len(source))]
    counts = ([len(split_sentences(text, "zh")) for text in source],
              [len(split_sentences(text, "en")) for text in target])
    return _align_items(source, target, PARAGRAPH_PRIORS, counts)


# --- documents into Pairs ---------------------------------------------------------------------


class _Document:
    """One side's paragraphs (text, raw offsets) and sentences; a sentence's document index is its
    position in `sentences`."""

    def __init__(self, text: str, lang: str) -> None:
        self.paragraphs = paragraphs_with_offsets(text, lang)
        self.sentences: list[Sentence] = []
        self.by_paragraph: list[list[int]] = []
        for number, (paragraph, _) in enumerate(self.paragraphs):
            spans = split_sentences(paragraph, lang)
            self.by_paragraph.append(list(range(len(self.sentences), len(self.sentences) + len(spans))))
            self.sentences.extend(Sentence(paragraph[start:end], start, end, number) for start, end in spans)

    def text_of(self, indices: Sequence[int]) -> str:
        """The paragraph text from the first sentence's start to the last one's end, so spacing and
        run-ons stay as written; a bead across paragraphs joins its pieces with a newline."""
        pieces = []
        for number in dict.fromkeys(self.sentences[k].paragraph for k in indices):
            inside = [self.sentences[k] for k in indices if self.sentences[k].paragraph == number]
            pieces.append(self.paragraphs[number][0][inside[0].start : inside[-1].end])
        return "\n".join(pieces)

    def glued_after(self, index: int) -> str:
        """What follows the sentence with no space between, e.g. "Photo" after "Guest House."."""
        sentence = self.sentences[index]
        text = self.paragraphs[sentence.paragraph][0]
        end = sentence.end
        while end < len(text) and end - sentence.end < 30 and not text[end].isspace():
            end += 1
        return text[sentence.end : end]

    def note_for(self, indices: Sequence[int], notes: list[tuple[int, int, str]]) -> str:
        """The notes whose raw-text ranges the sentences touch; "partly <note>" if not all covered."""
        raw_offsets = []
        for k in indices:
            sentence = self.sentences[k]
            text, offsets = self.paragraphs[sentence.paragraph]
            raw_offsets += [offsets[p] for p in range(sentence.start, sentence.end) if not text[p].isspace()]
        found = []
        for start, end, note in notes:
            covered = sum(1 for offset in raw_offsets if start <= offset < end)
            if covered:
                found.append(note if covered == len(raw_offsets) else f"partly {note}")
        return "; ".join(dict.fromkeys(found))


def align_texts(source_text: str, target_text: str, *, references: dict | None = None,
                source_notes: list[tuple[int, int, str]] | None = None) -> list[Pair]:
    """Segment and align a Chinese document with its English translation, into Pairs in order.

    `references` maps a source sentence (exactly as segmented) to a reference translation; a pair
    gets one when every source sentence in it has one. `source_notes` are (start, end, note) ranges
    of `source_text` as given (e.g. reconstructed passages); a pair touching one gets the note.
    """
    source, target = _Document(source_text, "zh"), _Document(target_text, "en")
    pairs = []
    for paragraph_bead in align_paragraphs([text for text, _ in source.paragraphs],
                                           [text for text, _ in target.paragraphs]):
        source_group = [k for number in paragraph_bead.source for k in source.by_paragraph[number]]
        target_group = [k for number in paragraph_bead.target for k in target.by_paragraph[number]]
        beads = align_sentences([source.sentences[k].text for k in source_group],
                                [target.sentences[k].text for k in target_group])
        for bead in beads:
            source_indices = tuple(source_group[k] for k in bead.source)
            target_indices = tuple(target_group[k] for k in bead.target)
            pairs.append(_make_pair(source, source_indices, target, target_indices, bead.score,
                                    references or {}, source_notes or []))
    return pairs


def _make_pair(source: _Document, source_indices: tuple[int, ...], target: _Document,
               target_indices: tuple[int, ...], score: float, references: dict,
               source_notes: list[tuple[int, int, str]]) -> Pair:
    found_references = [references.get(source.sentences[k].text) for k in source_indices]
    has_references = bool(found_references) and None not in found_references
    side = target if target_indices else source
    return Pair(
        id=f"zh{'+'.join(map(str, source_indices)) or '-'}_en{'+'.join(map(str, target_indices)) or '-'}",
        source=source.text_of(source_indices) if source_indices else "",
        target=target.text_of(target_indices) if target_indices else "",
        references=(" ".join(found_references),) if has_references else (),
        source_indices=source_indices,
        target_indices=target_indices,
        paragraph=side.sentences[(target_indices or source_indices)[0]].paragraph,
        kind=f"{len(source_indices)}-{len(target_indices)}",
        align_score=score,
        source_note=source.note_for(source_indices, source_notes) if source_notes else "",
        target_after=target.glued_after(target_indices[-1]) if target_indices else "",
    )
