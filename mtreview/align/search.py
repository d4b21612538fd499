"""The dynamic programme: the cheapest sequence of beads from (0, 0) to (n, m), inside a band.

Row i holds the best totals for having used i source sentences and j target sentences, for the j in
the row's band. Small inputs are searched in full; larger ones in a band around the diagonal on
which both sides have used up the same share of their length, widened and searched again if the
best path runs along the band's edge (the way Vecalign and Bertalign confine their search), so time
and memory grow with the document's length, not with its square.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from mtreview.align.costs import BeadCosts

Kind = tuple[int, int]
Step = tuple[int, int, int, int]  # (source start, source count, target start, target count)

FULL_SEARCH_CELLS = 250_000
# The first pass, around the length diagonal: the common kinds only.
FIRST_PASS_KINDS = {(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)}
BAND_HALF_WIDTH = 64
# The second pass, around the first path: every kind.
SECOND_PASS_HALF_WIDTH = 12
MAX_BAND_HALF_WIDTH = 4_096
# How close to the band's edge the path may run before the band is widened.
EDGE_MARGIN = 4


def _diagonal(source_sums: np.ndarray, target_sums: np.ndarray) -> np.ndarray:
    """For each source position, the target position where the English has used up the same share
    of its length as the Chinese."""
    source_share = source_sums / (source_sums[-1] or 1.0)
    target_share = target_sums / (target_sums[-1] or 1.0)
    return np.searchsorted(target_share, source_share, side="right") - 1


def _band(centres: np.ndarray, half_width: int, m: int) -> tuple[np.ndarray, int]:
    """Row starts (never decreasing, so that every row's band meets the next) and the band width."""
    width = min(2 * half_width + 1, m + 1)
    lows = np.clip(np.asarray(centres) - half_width, 0, m + 1 - width)
    lows = np.maximum.accumulate(lows)
    lows[0] = 0
    lows[-1] = m + 1 - width
    # Going back from the end, each row must start no later than the next row (the last row ends at m).
    lows = np.minimum.accumulate(lows[::-1])[::-1]
    return lows.astype(np.int64), width


def best_path(costs: BeadCosts, n: int, m: int, kinds: Sequence[Kind]) -> list[Step]:
    """The cheapest path, searched in full when small, else in bands: a first pass with the common
    kinds around the length diagonal, widened until the path keeps off the band's edges, then all
    kinds in a narrow band around the first path."""
    kinds = list(kinds)
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return _search(costs, n, m, kinds, np.zeros(n + 1, dtype=np.int64), m + 1)
    centres = _diagonal(costs.source_lengths, costs.target_lengths)
    first_kinds = [kind for kind in kinds if kind in FIRST_PASS_KINDS]
    half_width = BAND_HALF_WIDTH
    while True:
        lows, width = _band(centres, half_width, m)
        path = _search(costs, n, m, first_kinds, lows, width)
        if half_width >= MAX_BAND_HALF_WIDTH or width > m or not _touches_edge(path, lows, width, m):
            break
        half_width *= 2
    centres = _path_centres(path, n)
    half_width = SECOND_PASS_HALF_WIDTH
    while True:
        lows, width = _band(centres, half_width, m)
        path = _search(costs, n, m, kinds, lows, width)
        if half_width >= MAX_BAND_HALF_WIDTH or width > m or not _touches_edge(path, lows, width, m):
            return path
        half_width *= 2


def _path_centres(path: list[Step], n: int) -> np.ndarray:
    centres = np.zeros(n + 1, dtype=np.int64)
    for i, di, j, dj in path:
        centres[i : i + di + 1] = j + dj if di else j
    return centres


def _touches_edge(path: list[Step], lows: np.ndarray, width: int, m: int) -> bool:
    for i, di, j, dj in path:
        low, end = int(lows[i + di]), j + dj
        if (low > 0 and end - low < EDGE_MARGIN) or (low + width - 1 < m and low + width - 1 - end < EDGE_MARGIN):
            return True
    return False


def _search(costs: BeadCosts, n: int, m: int, kinds: list[Kind], lows: np.ndarray, width: int) -> list[Step]:
    """Row i of the programme covers target positions lows[i] .. lows[i] + width - 1."""
    table = costs.table(lows, width, kinds)
    steps = [(number, di, dj) for number, (di, dj) in enumerate(kinds) if di]
    numbers = np.array([number for number, _, _ in steps])
    source_steps = np.array([di for _, di, _ in steps])
    target_steps = np.array([dj for _, _, dj in steps])
    skip_target = kinds.index((0, 1)) if (0, 1) in kinds else None
    skip_cost = costs.unmatched_target() if skip_target is not None else np.inf
    offsets = np.arange(width)
    totals = np.full((n + 1, width), np.inf)
    choices = np.full((n + 1, width), -1, dtype=np.int8)
    for i in range(n + 1):
        if i == 0:
            best = np.full(width, np.inf)
            best[0] = 0.0
            choice = np.full(width, -1, dtype=np.int8)
        else:
            previous_rows = i - source_steps
            usable = previous_rows >= 0
            previous_rows = np.maximum(previous_rows, 0)
            # Column c of row i is target lows[i] + c; the bead's start is that minus dj, found in
            # row i - di at column (lows[i] + c - dj) - lows[i - di].
            columns = offsets[None, :] + (lows[i] - target_steps - lows[previous_rows])[:, None]
            inside = usable[:, None] & (columns >= 0) & (columns < width)
            candidates = np.where(inside, totals[previous_rows[:, None], np.clip(columns, 0, width - 1)], np.inf)
            candidates = candidates + table[numbers, i]
            pick = np.argmin(candidates, axis=0)
            best = candidates[pick, offsets]
            choice = np.where(np.isfinite(best), numbers[pick], -1).astype(np.int8)
        if skip_target is not None:
            # A run of 0-1 beads costs the same per step: the best total is a running minimum.
            steps_cost = skip_cost * offsets
            running = np.minimum.accumulate(best - steps_cost) + steps_cost
            skipped = running < best - 1e-9
            best = np.where(skipped, running, best)
            choice = np.where(skipped, skip_target, choice)
        totals[i] = best
        choices[i] = choice
    path: list[Step] = []
    i, j = n, m
    while i or j:
        number = int(choices[i, j - lows[i]])
        if number < 0:
            raise RuntimeError(f"no path through cell ({i}, {j})")  # bands meet: cannot happen
        di, dj = kinds[number]
        path.append((i - di, di, j - dj, dj))
        i, j = i - di, j - dj
    return path[::-1]
