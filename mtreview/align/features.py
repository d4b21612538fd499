"""What the aligner measures on each sentence, as arrays, so a bead of several sentences costs sums.

- lengths: Chinese characters (Latin letters and digits in the Chinese count as English ones) and
  English characters;
- anchors (see anchors.py) as counts over the source's anchor keys, and each English sentence's
  telling numbers (anchors.is_telling_number);
- lexical vectors: each Chinese sentence as the English stems its words gloss to in CC-CEDICT, the
  pinyin of names found in the English and its own words in Latin letters (a name, an acronym),
  each English sentence as its content stems, weighted by how rare the stem is in the English
  document. Only features that occur on both sides can ever match, so the vectors hold those
  (folded into at most MAX_DIMENSIONS columns); the rest only add to the English sentence's norm,
  as content the Chinese does not account for;
- content words: how many words each sentence has that a translation would share, whether or not
  the other side shares them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from mtreview.align.anchors import (
    is_telling_number,
    quotation_open_after,
    source_anchor_keys,
    target_anchor_keys,
)
from mtreview.align.joins import extra_sentences
from mtreview.lexicon import HAN_RUN

# English characters (spaces included) per Chinese character, measured on WMT23 zh-en (1,976 lines):
# ratio 4.07, variance 42.9 (see costs.py).
ZH_EN_RATIO = 4.07
MAX_DIMENSIONS = 2048
LEARNED_COLUMNS = 512
MAX_ANCHOR_KEYS = 1024
COARSEN_RUNS = 256
LONGEST_NAME = 3
UNMATCHED_WORD_WEIGHT = 2.0  # Chinese characters spelt as one English word: 健岚 -> Jianlan
# A character spelt as a name on its own (王 ~ Wang) is taken for one only where the Chinese uses
# characters of that reading in at most this many times as many sentences as the English has the name:
# 为, 位 and 未 all read "wei", and a photo credit's "Zhang Wei" made every one of them a name.
LONE_NAME_RATIO = 2.0

_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:-[a-z]+)?")


def zh_length(text: str) -> float:
    # Latin letters and digits inside Chinese ("GB/T", "2022") come over into English unchanged.
    return sum(1 / ZH_EN_RATIO if char.isascii() and char.isalnum() else 1.0
               for char in text if not char.isspace())


@dataclass
class Side:
    """One side's sentences as arrays; row k is sentence k."""

    lengths: np.ndarray  # (n,) float64
    anchors: np.ndarray  # (n, keys) int16 counts over the source's anchor keys
    vectors: np.ndarray  # (n, dims) float32 lexical features shared with the other side
    extra_norm: np.ndarray  # (n,) float64: squared weight of this sentence's unshared features
    # (n,) whether a quotation is open after each sentence (anchors.quotation_open_after); None on
    # runs of sentences (coarsen)
    open_after: np.ndarray | None = None
    # (n,) the English's telling numbers (anchors.is_telling_number) that the source may hold (those
    # of the anchor columns, and those of no source sentence); None on the source side
    telling: np.ndarray | None = None
    # (n,) content words: the English's distinct stems and names, the Chinese's names and words the
    # dictionary glosses (in the English or not); None without the lexicon
    words: np.ndarray | None = None
    # (n,) each line's sentences beyond its first (joins.extra_sentences); None on runs (coarsen)
    extra_sentences: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.lengths)


@dataclass
class Features:
    source: Side
    target: Side
    # Columns of the vectors the dictionary's features use; the rest are free for learned.py's links.
    dictionary_columns: int = 0
    # (keys,) which anchor columns are telling numbers (anchors.is_telling_number); None: none are
    telling_keys: np.ndarray | None = None


def nonzero_entries(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.nonzero of a 2-D matrix, row after row. Through a boolean mask and flat positions, which is
    several times faster on these float vectors (the Bible's: 8 ms and 65 ms a side)."""
    rows, columns = np.divmod(np.flatnonzero(matrix != 0), max(1, matrix.shape[1]))
    return rows, columns


def row_entries(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' nonzero entries, row after row: where each row's entries start (and the end), their
    columns and their values (float64). A sentence has tens of words where the vectors have thousands
    of columns."""
    rows, columns = nonzero_entries(matrix)
    starts = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(matrix)))])
    return starts, columns, matrix[rows, columns].astype(np.float64)


def coarsen(features: Features, source_bounds: np.ndarray, target_bounds: np.ndarray) -> Features:
    """Runs of consecutive sentences as one (bounds: each run's start, then the end); every feature
    is a sum, so a run is measured as a bead of its sentences would be."""

    def sums(matrix: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        # Through the nonzero entries: the matrices are sparse, and np.add.reduceat over rows is slow.
        # np.bincount sums in float64: COARSEN_RUNS runs at a time, so that its table stays small
        # beside the result.
        runs, width = len(bounds) - 1, matrix.shape[1]
        result = np.zeros((runs, width), dtype=matrix.dtype)
        for first in range(0, runs, COARSEN_RUNS):
            last = min(runs, first + COARSEN_RUNS)
            rows, columns = nonzero_entries(matrix[bounds[first] : bounds[last]])
            blocks = np.searchsorted(bounds[first : last + 1], rows + bounds[first], side="right") - 1
            total = np.bincount(blocks * width + columns, weights=matrix[rows + bounds[first], columns],
                                minlength=(last - first) * width)
            result[first:last] = total.reshape(last - first, width)
        return result

    def blocks(side: Side, bounds: np.ndarray) -> Side:
        starts = bounds[:-1]
        telling = None if side.telling is None else np.add.reduceat(side.telling, starts)
        words = None if side.words is None else np.add.reduceat(side.words, starts)
        return Side(np.add.reduceat(side.lengths, starts), sums(side.anchors, bounds), sums(side.vectors, bounds),
                    np.add.reduceat(side.extra_norm, starts), telling=telling, words=words)

    return Features(blocks(features.source, source_bounds), blocks(features.target, target_bounds),
                    telling_keys=features.telling_keys)


def restricted(features: Features, source_rows: Sequence[int], target_rows: Sequence[int]) -> Features:
    """The features of some sentences of a document measured whole (align_texts' paragraph beads):
    their rows, copied, with the vector columns cut to those these sentences use, and columns left
    free for learned.py's links as lexical_vectors leaves them for a document of their size. Words
    weigh by their rarity in the whole English document, and names are those of the whole document.
    Whether a quotation is open after each sentence is left to the run (sentences.first_pass)."""
    source_picked, target_picked = np.asarray(source_rows, dtype=np.int64), np.asarray(target_rows, dtype=np.int64)
    source_vectors = features.source.vectors[source_picked]
    target_vectors = features.target.vectors[target_picked]
    used = np.flatnonzero(source_vectors.any(axis=0) | target_vectors.any(axis=0))
    width = max(1, len(used) + _learned_columns(len(source_picked), len(target_picked)))

    def cut(side: Side, picked: np.ndarray, vectors: np.ndarray) -> Side:
        kept = np.zeros((len(picked), width), dtype=vectors.dtype)
        kept[:, : len(used)] = vectors[:, used]
        telling = None if side.telling is None else side.telling[picked]
        words = None if side.words is None else side.words[picked]
        extra = None if side.extra_sentences is None else side.extra_sentences[picked]
        return Side(side.lengths[picked], side.anchors[picked], kept, side.extra_norm[picked], telling=telling,
                    words=words, extra_sentences=extra)

    return Features(cut(features.source, source_picked, source_vectors),
                    cut(features.target, target_picked, target_vectors), len(used), features.telling_keys)


def _anchor_matrix(rows: list[list[str]], index: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(rows), max(len(index), 1)), dtype=np.int16)  # counts: small, and n x 1024 of them
    for row, keys in enumerate(rows):
        for key in keys:
            column = index.get(key)
            if column is not None:
                matrix[row, column] += 1
    return matrix


def _name_tokens(text: str) -> set[str]:
    """Capitalised English words, not the first of the sentence: candidate romanised names."""
    from mtreview.lexicon import STOPWORDS

    found = set()
    # The sentence's first word is capitalised anyway: a word with only quotes, brackets, dashes or
    # spaces before it. Measured once, not per word (a prefix per word is quadratic on a 10 MB line).
    lead = len(text) - len(text.lstrip(" \"'“‘(—-"))
    for match in _CAPITALISED.finditer(text):
        if match.start() <= lead:
            continue
        word = match.group().lower().replace("-", "")
        if word not in STOPWORDS:
            found.add(word)
    return found


def _lone_names(source: Sequence[str], names: set[str], frequency: Counter) -> frozenset[str]:
    """The names (pinyin) a single Chinese character may stand for alone: those whose reading the
    Chinese does not use in many more sentences than the English uses the name (LONE_NAME_RATIO)."""
    from mtreview.lexicon import readings

    sentences_with = Counter(char for text in source for char in set("".join(HAN_RUN.findall(text))))
    uses: Counter = Counter()
    for char, count in sentences_with.items():
        for reading in set(readings(char)) & names:
            uses[reading] += count
    return frozenset(reading for reading, count in uses.items()
                     if count <= LONE_NAME_RATIO * frequency.get("py:" + reading, 0))


def _source_terms(text: str, lexicon, names: set[str], prefixes: set[str], starts: dict,
                  glossed: dict[str, tuple[tuple[str, ...], float, bool]],
                  vocabulary: set[str] | Counter,
                  lone_names: frozenset[str] = frozenset()) -> tuple[dict[str, float], int, int]:
    """The sentence's weighted English terms among those of the English document (`vocabulary`),
    how many of its words the dictionary glosses but with no term of the English, and how many
    content words it has (names, words in Latin letters and the words the dictionary glosses at
    all). `glossed` caches each word's (glosses in the vocabulary, share, whether it has any gloss at
    all); `lone_names` are the names a character may spell alone (_lone_names)."""
    from mtreview.lexicon import english_stems, readings

    terms: dict[str, float] = {}
    in_names: set[int] = set()  # offsets of characters spelt as a name of the English
    # Names: runs of up to LONGEST_NAME characters whose pinyin is a capitalised English word of
    # the document (陈 ~ Chen, 清扬 ~ Qingyang), grown a character at a time while the spelling is
    # still the start of such a word.
    words = lexicon.segment_spans(text)
    single = {offset for offset, word in words if len(word) == 1} if names else set()
    for run in HAN_RUN.finditer(text) if names else ():
        chars = run.group()
        matches: list[tuple[int, int, str]] = []  # (begin, end, spelling), offsets in the run
        for start in range(len(chars)):
            first = chars[start]
            if first not in starts:  # the readings of this character that can start a name
                starts[first] = [r for r in readings(first) if r in prefixes]
            spellings = starts[first]
            for number, char in enumerate(chars[start : start + LONGEST_NAME]):
                if number:
                    spellings = [s + r for s in spellings for r in readings(char) if s + r in prefixes]
                if not spellings:
                    break
                matches.extend((start, start + number + 1, spelling) for spelling in spellings if spelling in names)
        # A character alone is a name next to another (张 伟 ~ Zhang Wei), or where it is a word of its
        # own, not part of a longer one (网 of 网络 is no Wang), and spells a name the Chinese does not
        # use too often for it (_lone_names).
        ends, begins = {end for _, end, _ in matches}, {begin for begin, _, _ in matches}
        matches = [(begin, end, spelling) for begin, end, spelling in matches
                   if end - begin > 1 or begin in ends or end in begins
                   or (spelling in lone_names and run.start() + begin in single)]
        for begin, end, spelling in matches:
            terms["py:" + spelling] = terms.get("py:" + spelling, 0) + 1
            in_names.update(range(run.start() + begin, run.start() + end))
    unmatched, content = 0, len(terms)
    for offset, word in words:
        if in_names.issuperset(range(offset, offset + len(word))):
            continue  # 李学仁 is Li Xueren, not "plum", "learn", "humane"
        found = glossed.get(word)
        if found is None:
            glosses = lexicon.glosses(word)
            # A word with many glosses is spread over them: it translates as one of them at most.
            # Glosses the English never uses are the dictionary's alternatives, not content: left out.
            found = glossed[word] = (tuple(gloss for gloss in glosses if gloss in vocabulary),
                                     1 / math.sqrt(len(glosses)) if glosses else 0.0, bool(glosses))
        kept, share, any_gloss = found
        unmatched += any_gloss and not kept
        content += any_gloss
        for gloss in kept:
            terms[gloss] = terms.get(gloss, 0) + share
    # Latin words in the Chinese (Adelkhah, NASA, iPhone) are the English's own words: a pair sharing
    # one shares a word, however the Chinese around it is glossed. The anchors match them as well
    # (anchors.py), but the cosine and the no-word cost read only these terms. english_stems reads
    # the Latin words of any text, so the Chinese goes in as it is, stemmed as the English is.
    for latin in english_stems(text):
        content += 1
        if latin in vocabulary:
            terms[latin] = terms.get(latin, 0) + 1
    return terms, unmatched, content


def _target_terms(text: str) -> Counter:
    from mtreview.lexicon import english_stems

    terms = Counter(english_stems(text))
    terms.update("py:" + name for name in _name_tokens(text))
    return terms


def _learned_columns(source_count: int, target_count: int) -> int:
    """Columns left free for the links the second pass learns (learned.py), which it adds in place: a
    copy of the Bible's vectors would cost 90 MB. Short documents learn none."""
    return min(LEARNED_COLUMNS, max(source_count, target_count) // 8)


def lexical_vectors(source: Sequence[str], target: Sequence[str], lexicon) -> tuple[Side, Side, int]:
    """Both sides' lexical features, and how many columns they use (the rest are spare)."""
    names = set().union(*(_name_tokens(text) for text in target)) if target else set()
    prefixes = {name[:end] for name in names for end in range(1, len(name) + 1)}
    starts: dict[str, list[str]] = {}
    target_terms = [_target_terms(text) for text in target]
    # Rarity in the English document weighs both sides: a stem in every sentence tells nothing.
    frequency = Counter(term for terms in target_terms for term in terms)
    glossed: dict[str, tuple[tuple[str, ...], float, bool]] = {}
    source_terms, source_unmatched, source_words = [], [], []
    lone_names = _lone_names(source, names, frequency)
    for text in source:
        terms, unmatched, content = _source_terms(text, lexicon, names, prefixes, starts, glossed, frequency,
                                                  lone_names)
        source_terms.append(terms)
        source_unmatched.append(unmatched)
        source_words.append(content)
    count = len(target) + 1
    weight = {term: math.log(count / (df + 0.5)) + 1.0 for term, df in frequency.items()}
    shared = sorted(set(frequency) & set().union(*source_terms)) if source_terms else []
    columns = {term: number % MAX_DIMENSIONS for number, term in enumerate(shared)}
    dimensions = max(1, min(len(shared) + _learned_columns(len(source), len(target)), MAX_DIMENSIONS))

    def side(rows: Sequence[Mapping[str, float]], keep_unshared: bool) -> tuple[np.ndarray, np.ndarray]:
        # Entries gathered in Python lists and added in one np.add.at (in the same order, so the
        # float32 sums of folded columns come out the same): item assignment per term is slow.
        vectors = np.zeros((len(rows), dimensions), dtype=np.float32)
        extra = np.zeros(len(rows))
        numbers, places, values = [], [], []
        for number, terms in enumerate(rows):
            unshared = 0.0
            for term, amount in terms.items():
                value = amount * weight.get(term, 0.0)
                column = columns.get(term)
                if column is not None:
                    numbers.append(number)
                    places.append(column)
                    values.append(value)
                elif keep_unshared:
                    unshared += value * value
            extra[number] = unshared
        np.add.at(vectors, (np.array(numbers, dtype=np.int64), np.array(places, dtype=np.int64)), np.array(values))
        return vectors, extra

    source_vectors, source_extra = side(source_terms, keep_unshared=False)
    # A Chinese word none of whose glosses the English document uses is content the English may not
    # render: it counts against the sentence as an unmatched English word would.
    source_extra += np.array(source_unmatched, dtype=np.float64) * UNMATCHED_WORD_WEIGHT**2
    target_vectors, target_extra = side(target_terms, keep_unshared=True)
    empty = np.zeros((0, 1), dtype=np.int32)
    return (Side(np.zeros(0), empty, source_vectors, source_extra, words=np.array(source_words, dtype=np.float64)),
            Side(np.zeros(0), empty, target_vectors, target_extra,
                 words=np.array([len(terms) for terms in target_terms], dtype=np.float64)),
            min(len(shared), MAX_DIMENSIONS))


def measure(source: Sequence[str], target: Sequence[str], *, lexical: bool = True, lines: bool = True) -> Features:
    """Both sides' features. `lines`: the texts are lines as the user split them, which may hold
    several sentences (Side.extra_sentences, joins.py); False for sentences or paragraphs mtreview
    split itself, which are not split again."""
    source_keys = [source_anchor_keys(text) for text in source]
    index: dict[str, int] = {}
    for key, _ in Counter(key for keys in source_keys for key in keys).most_common(MAX_ANCHOR_KEYS):
        index[key] = len(index)
    wanted = frozenset(key for key in index if key.startswith("latin:"))
    target_keys = [target_anchor_keys(text, wanted) for text in target]
    if lexical and source and target:
        from mtreview.lexicon import load_lexicon

        source_side, target_side, used = lexical_vectors(source, target, load_lexicon())
    else:
        source_side = Side(np.zeros(0), np.zeros((0, 1)), np.zeros((len(source), 1), np.float32),
                           np.zeros(len(source)))
        target_side = Side(np.zeros(0), np.zeros((0, 1)), np.zeros((len(target), 1), np.float32),
                           np.zeros(len(target)))
        used = 1
    source_side.lengths = np.array([zh_length(text) for text in source], dtype=np.float64)
    target_side.lengths = np.array([len(text) for text in target], dtype=np.float64)
    source_side.anchors = _anchor_matrix(source_keys, index)
    target_side.anchors = _anchor_matrix(target_keys, index)
    source_side.open_after = np.array(quotation_open_after(list(source), "zh"), dtype=bool)
    target_side.open_after = np.array(quotation_open_after(list(target), "en"), dtype=bool)
    if lines:
        source_side.extra_sentences = extra_sentences(source, "zh")
        target_side.extra_sentences = extra_sentences(target, "en")
    # A telling number is counted where the source can be seen to hold it or not: in an anchor column,
    # or in no source sentence (a key past MAX_ANCHOR_KEYS may be in the source unseen).
    in_source = {key for keys in source_keys for key in keys}
    target_side.telling = np.array([sum(1 for key in keys if is_telling_number(key)
                                        and (key in index or key not in in_source)) for keys in target_keys],
                                   dtype=np.float64)
    telling_keys = np.zeros(max(len(index), 1), dtype=bool)
    for key, column in index.items():
        telling_keys[column] = is_telling_number(key)
    return Features(source_side, target_side, used, telling_keys)
