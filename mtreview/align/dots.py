"""Dot products and norms of beads: a bead's lexical vector is the sum of its sentences', so its
squared norm and its dots are sums of the sentences' (costs.py, embeddings.py)."""

from __future__ import annotations

import numpy as np


def cosines(dots: np.ndarray | float, squared_norms: np.ndarray | float) -> np.ndarray:
    """Cosines from dot products and products of squared norms (0 where a norm is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(squared_norms > 0, dots / np.sqrt(np.where(squared_norms > 0, squared_norms, 1.0)), 0.0)


def pair_dots(vectors: np.ndarray, extra: np.ndarray, longest: int) -> list[np.ndarray]:
    """[squared norms, dots of sentences 1 apart, 2 apart, ...]: a bead's vector is the sum of its
    sentences', so its squared norm is a sum of these."""
    dots = [np.einsum("ij,ij->i", vectors, vectors, dtype=np.float64) + extra]
    for gap in range(1, longest):
        dots.append(np.einsum("ij,ij->i", vectors[:-gap], vectors[gap:], dtype=np.float64))
    return dots


def bead_norms(dots: list[np.ndarray], ends: np.ndarray, size: int) -> np.ndarray:
    """Squared norms of the beads of `size` sentences ending before `ends` (ends >= size)."""
    norms = np.zeros(ends.shape)
    for gap in range(size):
        for first in range(size - gap):
            values = dots[gap][ends - size + first]
            norms += values if gap == 0 else 2 * values
    return norms
