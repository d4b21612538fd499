"""A document's own word translations, learned from its first-pass beads (hunalign's realign idea).

CC-CEDICT glosses miss much of what a document's translator does: 后裔 rendered "seed", 耶和华
"LORD", a name the pinyin does not spell (夏甲 Hagar), a term of the trade. But a word and its
translation keep turning up in the same beads. The paired beads of the first pass are counted:
Chinese units (single Han characters and pairs of adjacent ones, so that no segmenter has to know
the word) against English content stems. A pair that occurs together in at least MIN_TOGETHER beads,
with a Dice coefficient of at least MIN_DICE, and more often than chance explains (among all the pairs
that could have met) is a candidate; competitive linking (Melamed 2000:
best Dice first, each unit linked at most once) drops the indirect associations (的 with "the
chip" because 芯片 is in the same sentences). Each link becomes one more lexical feature on both
sides, weighted like a gloss match, so that the second pass's cosines, member tests and evidence
for unpaired sentences all see it. Pairs the dictionary already glosses are left out: they count
already.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from mtreview.align.features import Features, Side
from mtreview.lexicon import HAN_RUN

Step = tuple[int, int, int, int]

MIN_TOGETHER = 2
MIN_DICE = 0.5
# A link is kept when the expected number of pairs meeting as often by chance is below this.
MAX_CHANCE = 0.05
# A unit in more than this share of the beads tells nothing about any one of them.
MAX_BEAD_SHARE = 0.2
# A learned link weighs this much of an English stem's rarity weight (a gloss match weighs 1).
LEARNED_WEIGHT = 1.0
# Beads larger than this on a side are not learned from: too many words meet by chance in them.
LONGEST_SIDE = 3


def chinese_units(text: str) -> set[str]:
    """The Han characters of the text and each pair of adjacent ones (within a run of Han)."""
    units: set[str] = set()
    for run in HAN_RUN.findall(text):
        units.update(run)
        units.update(run[k : k + 2] for k in range(len(run) - 1))
    return units


def english_units(text: str) -> set[str]:
    from mtreview.lexicon import english_stems

    return set(english_stems(text))


def _log_choose(log_factorials: np.ndarray, n: np.ndarray | int, k: np.ndarray) -> np.ndarray:
    return log_factorials[n] - log_factorials[k] - log_factorials[n - k]


def _index(rows: Sequence[set[str]]) -> tuple[list[np.ndarray], list[str]]:
    """Each row's units as ids, and the units by id: numbered in sorted order within a row, not in the
    set's (which changes with the interpreter's hash seed, and with it the ties of the competitive
    linking, so the same document aligned differently from one run to the next)."""
    ids: dict[str, int] = {}
    arrays = [np.array([ids.setdefault(unit, len(ids)) for unit in sorted(row)], dtype=np.int64) for row in rows]
    return arrays, list(ids)


def learn_links(source: Sequence[str], target: Sequence[str], path: Sequence[Step],
                glosses: Callable[[str], tuple[str, ...]] | None = None) -> list[tuple[str, str, float]]:
    """(Chinese unit, English stem, Dice) links learned from the paired beads of `path`; `glosses`
    gives the stems the dictionary already gives a Chinese unit (those pairs are skipped)."""
    beads = [(i, di, j, dj) for i, di, j, dj in path if di and dj and di <= LONGEST_SIDE and dj <= LONGEST_SIDE]
    if len(beads) < 2 * MIN_TOGETHER:
        return []
    source_ids, source_units = _index([set().union(*(chinese_units(source[k]) for k in range(i, i + di)))
                                       for i, di, _, _ in beads])
    target_ids, target_units = _index([set().union(*(english_units(target[k]) for k in range(j, j + dj)))
                                       for _, _, j, dj in beads])
    source_counts = np.bincount(np.concatenate(source_ids), minlength=len(source_units))
    target_counts = np.bincount(np.concatenate(target_ids), minlength=len(target_units))
    log_factorials = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, len(beads) + 1)))])
    # Only units seen often enough and in few enough beads can form a link. Often enough: a pair
    # whose units each meet only where they meet each other, `fewest` times, is still too likely by
    # chance with fewer (two meetings among the Bible's 4,000 beads are no evidence).
    most = max(MIN_TOGETHER, MAX_BEAD_SHARE * len(beads))
    candidates = math.log(max(1, int(((source_counts >= MIN_TOGETHER) & (source_counts <= most)).sum())
                              * int(((target_counts >= MIN_TOGETHER) & (target_counts <= most)).sum())))
    fewest = MIN_TOGETHER
    while fewest <= most and candidates - _log_choose(log_factorials, len(beads), np.array(fewest)) >= math.log(MAX_CHANCE):
        fewest += 1
    source_ok = (source_counts >= fewest) & (source_counts <= most)
    target_ok = (target_counts >= fewest) & (target_counts <= most)
    width = len(target_units)
    code_type = np.int32 if len(source_units) * width < 2**31 else np.int64
    codes = []
    for xs, ys in zip(source_ids, target_ids):
        xs, ys = xs[source_ok[xs]], ys[target_ok[ys]]
        if len(xs) and len(ys):
            codes.append((xs[:, None] * width + ys[None, :]).ravel().astype(code_type))
    del source_ids, target_ids
    if not codes:
        return []
    pairs, together = np.unique(np.concatenate(codes), return_counts=True)
    keep = together >= fewest
    pairs, together = pairs[keep], together[keep]
    xs, ys = pairs.astype(np.int64) // width, pairs.astype(np.int64) % width
    dice = 2 * together / (source_counts[xs] + target_counts[ys])
    # Chance: the probability of the pair meeting `together` times in as many beads if the units
    # were spread at random (hypergeometric), times the number of pairs that could have met.
    chance = (_log_choose(log_factorials, source_counts[xs], together)
              + _log_choose(log_factorials, len(beads) - source_counts[xs], target_counts[ys] - together)
              - _log_choose(log_factorials, len(beads), target_counts[ys])
              + candidates)
    keep = (dice >= MIN_DICE) & (chance < math.log(MAX_CHANCE))
    xs, ys, dice, together = xs[keep], ys[keep], dice[keep], together[keep]
    links = []
    linked_source: set[int] = set()
    linked_target: set[int] = set()
    # Competitive linking: best Dice first (then the more frequent pair, then the longer unit).
    for number in np.lexsort((-np.array([len(source_units[x]) for x in xs]), -together, -dice)):
        x, y = int(xs[number]), int(ys[number])
        if x in linked_source or y in linked_target:
            continue
        linked_source.add(x)
        linked_target.add(y)
        unit, stem = source_units[x], target_units[y]
        if glosses is not None and stem in glosses(unit):
            continue
        links.append((unit, stem, float(dice[number])))
    return links


def with_links(features: Features, source: Sequence[str], target: Sequence[str],
               links: Sequence[tuple[str, str, float]], used: int) -> None:
    """Adds one lexical feature per link to both sides' vectors, in place, weighted by the English
    stem's rarity: in the columns after the first `used` (the dictionary's; features.measure leaves
    some free), folded over them when there are more links than free columns."""
    if not links or not len(source) or not len(target):
        return
    target_sets = [english_units(text) for text in target]
    frequency: dict[str, int] = {}
    for units in target_sets:
        for unit in units:
            frequency[unit] = frequency.get(unit, 0) + 1
    count = len(target) + 1
    by_unit = {unit: number for number, (unit, _, _) in enumerate(links)}
    by_stem = {stem: number for number, (_, stem, _) in enumerate(links)}
    weights = np.array([LEARNED_WEIGHT * (math.log(count / (frequency.get(stem, 0) + 0.5)) + 1.0)
                        for _, stem, _ in links], dtype=np.float32)
    width = features.source.vectors.shape[1]
    free = width - used if width > used else width
    columns = (width - free) + np.arange(len(links)) % free

    def add(side: Side, rows: list[list[int]]) -> None:
        numbers = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
        found = np.array([link for row in rows for link in row], dtype=np.int64)
        np.add.at(side.vectors, (numbers, columns[found]), weights[found])

    add(features.source, [[by_unit[unit] for unit in chinese_units(text) if unit in by_unit] for text in source])
    add(features.target, [[by_stem[unit] for unit in units if unit in by_stem] for units in target_sets])
