"""Figures as values: written digits to numbers, and when two values are the same number."""

from __future__ import annotations

from decimal import Decimal


class _ExactFigure(float):
    """A figure longer than a float holds exactly (more than 15 digits; hundreds overflow to inf): the
    float for arithmetic, and the exact value, so that two such figures are compared digit for digit."""

    exact: Decimal

    def __new__(cls, digits: str) -> _ExactFigure:
        value = super().__new__(cls, digits)
        value.exact = Decimal(digits)
        return value


def arabic(text: str) -> float:
    digits = text.replace(",", "")
    if len(digits) > 15:
        return _ExactFigure(digits)
    return float(digits)


def same(a: float, b: float) -> bool:
    exact_a, exact_b = getattr(a, "exact", None), getattr(b, "exact", None)
    if exact_a is not None and exact_b is not None:
        return exact_a == exact_b  # long figures digit for digit (as floats both may be inf)
    if a == b:
        return True
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
