"""The dynamic programme: the cheapest sequence of beads from (0, 0) to (n, m), inside a band.

Row i holds the best totals for having used i source sentences and j target sentences, for the j in
the row's band; rows may differ in width, so cells are stored row after row. Small inputs are
searched in full. Larger ones coarse to fine, the way Vecalign confines its search: runs of
sentences (summed features) are aligned first, and each finer level searches a narrow band around
the coarser path, widened only where the path runs along its edge. So time and memory grow with the
document's length, not with its square, and no band has to be wide enough for the whole distance
between the path and the length diagonal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtreview.align.costs import BeadCosts
from mtreview.align.features import coarsen

Kind = tuple[int, int]
Step = tuple[int, int, int, int]  # (source start, source count, target start, target count)

FULL_SEARCH_CELLS = 250_000
# The coarsest level of the guide is searched in full when it has at most this many cells: runs of
# sentences are long there, and a band around their path is cheaper than a full table.
GUIDE_FULL_CELLS = 25_000
# Coarse to fine, as Vecalign does: runs of LEVEL_FACTOR**k sentences are aligned first (in full
# once there are few enough), and each level searches a narrow band around the path of the level
# above. A band never has to follow the length diagonal, which on the Bible is 122 sentences off.
LEVEL_FACTOR = 4
# Runs of sentences are joined or split only a little, and seldom left out: a run dropped whole
# shows up at the finer levels instead, where the band around it is widened.
COARSE_PRIORS = {(1, 1): 0.7, (1, 2): 0.1, (2, 1): 0.1, (1, 0): 0.003, (0, 1): 0.003}
# Half-widths of the bands, in the level's own units: a level's path is out by up to about two
# runs of the level above (LEVEL_FACTOR units each).
COARSE_HALF_WIDTH = 12
FINE_HALF_WIDTH = 12
# Around an earlier pass's path, which is out by a bead or two where it is out at all.
NEAR_HALF_WIDTH = 6
MAX_BAND_HALF_WIDTH = 4_096
# Where the path runs along the band's edge, the band there is made this many times as wide.
WIDENING = 4
# How close to the band's edge the path may run before the band is widened.
EDGE_MARGIN = 4
# A band is widened at most this many times: degenerate input (thousands of identical sentences, where
# every path costs the same) would otherwise widen it round after round towards the full table.
MAX_WIDENINGS = 6
# And a widened band holds at most this many cells per sentence (and at least MIN_CELL_BUDGET in all):
# real documents use about 25 a sentence (the Bible: 157,000 cells for 11,300 sentences), so the budget
# only stops the widening where no band would settle, and memory stays linear in the document's length.
CELLS_PER_SENTENCE = 64
MIN_CELL_BUDGET = 2_000_000
# Ties between equally cheap paths go to the one nearer the band's centre line (a cost far below any
# real difference): with repeated sentences the path then stays in the band instead of wandering to
# its edge and making it widen.
TIE_BREAK = 1e-9


def _band(centres: np.ndarray, half_widths: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's first and last target position: both never decrease, row 0 starts at 0, row n
    ends at m, and every row starts no later than the row before ends, so that a path exists."""
    centres = np.clip(centres, 0, m)
    lows = np.maximum.accumulate(np.clip(centres - half_widths, 0, m))
    highs = np.minimum.accumulate(np.clip(centres + half_widths, 0, m)[::-1])[::-1]
    lows[0], highs[-1] = 0, m
    lows[1:] = np.minimum(lows[1:], highs[:-1])
    return lows.astype(np.int64), highs.astype(np.int64)


def best_path(costs: BeadCosts, n: int, m: int, kinds: Sequence[Kind],
              near: list[Step] | None = None) -> list[Step]:
    """The cheapest path: searched in full when small, else in a band around the path found over
    runs of sentences (see _guide), or around the path `near` (an earlier pass's) when given."""
    kinds = list(kinds)
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return _search(costs, n, m, kinds, np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    if near is not None:
        return _banded(costs, n, m, kinds, path_positions(near, n), NEAR_HALF_WIDTH)
    return _banded(costs, n, m, kinds, _guide(costs, n, m), FINE_HALF_WIDTH)


def path_positions(path: list[Step], n: int) -> np.ndarray:
    """For each source position 0..n, the target position the path reaches there."""
    ends = np.array([(0, 0)] + [(i + di, j + dj) for i, di, j, dj in path], dtype=np.float64)
    return np.interp(np.arange(n + 1), ends[:, 0], ends[:, 1])


def _guide(costs: BeadCosts, n: int, m: int) -> np.ndarray:
    """For each source position 0..n, a target position near the best path: the path over runs of
    LEVEL_FACTOR sentences (as many runs on each side), found in a band around the path over runs of
    LEVEL_FACTOR of those, and so on up to a level small enough to search in full."""
    blocks = max(1, min(n, m, -(-max(n, m) // LEVEL_FACTOR)))
    levels = [(np.rint(np.linspace(0, n, blocks + 1)).astype(np.int64),
               np.rint(np.linspace(0, m, blocks + 1)).astype(np.int64))]
    # Each level's runs are runs of the level below's, so its features are sums of that level's.
    picks = []
    while (blocks + 1) ** 2 > GUIDE_FULL_CELLS and blocks > 1:
        pick = np.unique(np.append(np.arange(0, blocks + 1, LEVEL_FACTOR), blocks))
        picks.append(pick)
        levels.append((levels[-1][0][pick], levels[-1][1][pick]))
        blocks = len(pick) - 1
    features = [coarsen(costs.features, *levels[0])]
    for pick in picks:
        features.append(coarsen(features[-1], pick, pick))
    guide: np.ndarray | None = None
    for (source_bounds, target_bounds), level_features in zip(levels[::-1], features[::-1]):
        coarse = BeadCosts(level_features, COARSE_PRIORS, lexical=costs.lexical)
        blocks = len(source_bounds) - 1
        if guide is None:
            path = best_path(coarse, blocks, blocks, list(COARSE_PRIORS))
        else:
            centres = np.interp(guide[source_bounds], target_bounds, np.arange(blocks + 1))
            path = _banded(coarse, blocks, blocks, list(COARSE_PRIORS), centres, COARSE_HALF_WIDTH)
        ends = [(0, 0)] + [(i + di, j + dj) for i, di, j, dj in path]
        guide = np.interp(np.arange(n + 1), source_bounds[[i for i, _ in ends]], target_bounds[[j for _, j in ends]])
    assert guide is not None  # levels holds one level at least
    return guide


def _banded(costs: BeadCosts, n: int, m: int, kinds: list[Kind], centres: np.ndarray, half_width: int) -> list[Step]:
    """The cheapest path in a band around `centres`. Where the path runs along the band's edge, the
    band is widened there (and some rows either side) and the search repeated: only there, since
    a whole band twice as wide costs twice as much, and a translation mostly strays in places."""
    centres = np.rint(centres).astype(np.int64)
    half_widths = np.full(n + 1, half_width, dtype=np.int64)
    for _ in range(MAX_WIDENINGS + 1):
        lows, highs = _band(centres, half_widths, m)
        path = _search(costs, n, m, kinds, lows, highs)
        touched = _touched_rows(path, lows, highs, m)
        touched = touched[half_widths[touched] < MAX_BAND_HALF_WIDTH]
        if not len(touched):
            return path
        wider = half_widths.copy()
        for row in touched:
            grown = WIDENING * int(half_widths[row])
            span = slice(max(0, row - 2 * grown), row + 2 * grown + 1)
            wider[span] = np.maximum(wider[span], grown)
        wider_lows, wider_highs = _band(centres, wider, m)
        if int((wider_highs - wider_lows + 1).sum()) > max(MIN_CELL_BUDGET, CELLS_PER_SENTENCE * (n + m)):
            return path  # the best path the budget allows (degenerate input: every path costs the same)
        half_widths = wider
    return path


def _touched_rows(path: list[Step], lows: np.ndarray, highs: np.ndarray, m: int) -> np.ndarray:
    """Rows where the path ends a bead within EDGE_MARGIN of a band edge that is not the table's."""
    ends = np.array([(i + di, j + dj) for i, di, j, dj in path], dtype=np.int64).reshape(-1, 2)
    rows, columns = ends[:, 0], ends[:, 1]
    low, high = lows[rows], highs[rows]
    near = ((low > 0) & (columns - low < EDGE_MARGIN)) | ((high < m) & (high - columns < EDGE_MARGIN))
    return np.unique(rows[near])


def _search(costs: BeadCosts, n: int, m: int, kinds: list[Kind], lows: np.ndarray, highs: np.ndarray) -> list[Step]:
    """Row i of the programme covers target positions lows[i] .. highs[i]; the rows' cells are
    stored one after another (flat), so that rows can differ in width."""
    sizes = highs - lows + 1
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    total = int(offsets[-1])
    cell_rows = np.repeat(np.arange(n + 1), sizes)
    cell_columns = np.arange(total) - offsets[cell_rows] + lows[cell_rows]
    numbers = [number for number, (di, _) in enumerate(kinds) if di]
    # Only the kinds that use a source sentence: 0-1 runs are priced along each row below. Kept in
    # float32; the tie-break is added row by row (a float64 copy of the table would double it).
    table = costs.cells(cell_rows, cell_columns, [kinds[number] for number in numbers])
    middle = (lows + highs) / 2
    # For each kind and cell, the flat index of the cell where the bead starts; `total` (always
    # inf) where that is outside the band.
    starts = np.full((len(numbers), total), total, dtype=np.int32 if total < 2**31 else np.int64)
    for row, number in enumerate(numbers):
        di, dj = kinds[number]
        source, target = cell_rows - di, cell_columns - dj
        inside = source >= 0
        source = np.maximum(source, 0)
        inside &= (target >= lows[source]) & (target <= highs[source])
        starts[row] = np.where(inside, offsets[source] + target - lows[source], total)
    number_array = np.array(numbers)
    skip_target = kinds.index((0, 1)) if (0, 1) in kinds else None
    totals = np.full(total + 1, np.inf)
    choices = np.full(total, -1, dtype=np.int8)
    totals[0] = 0.0
    widest = np.arange(int(sizes.max()))
    for i in range(n + 1):
        first, last = int(offsets[i]), int(offsets[i + 1])
        width = last - first
        if i:
            tie = TIE_BREAK * np.abs(np.arange(lows[i], highs[i] + 1) - middle[i])
            candidates = totals[starts[:, first:last]] + table[:, first:last] + tie
            pick = np.argmin(candidates, axis=0)
            best = candidates[pick, widest[:width]]
            choice = np.where(np.isfinite(best), number_array[pick], -1).astype(np.int8)
        else:
            best, choice = totals[first:last].copy(), choices[first:last]
        if skip_target is not None:
            # A run of 0-1 beads costs the sum of its sentences' costs: with those as running totals
            # along the row, the best total is a running minimum.
            steps_cost = costs.target_unpaired_totals[lows[i] : highs[i] + 1]
            running = np.minimum.accumulate(best - steps_cost) + steps_cost
            skipped = running < best - 1e-9
            best = np.where(skipped, running, best)
            choice = np.where(skipped, skip_target, choice)
        totals[first:last] = best
        choices[first:last] = choice
    path: list[Step] = []
    i, j = n, m
    while i or j:
        number = int(choices[offsets[i] + j - lows[i]])
        if number < 0:
            raise RuntimeError(f"no path through cell ({i}, {j})")  # bands meet: cannot happen
        di, dj = kinds[number]
        path.append((i - di, di, j - dj, dj))
        i, j = i - di, j - dj
    return path[::-1]
