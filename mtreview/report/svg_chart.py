"""Line charts over calendar periods as inline SVG: drawn here, so a page that holds them needs no script,
no font and no network. Used by the desk report (mtreview.report.desk)."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One series: its label, colour, and its value (and a tooltip) for the periods it has one."""

    label: str
    colour: str
    values: Mapping[str, float]
    tooltips: Mapping[str, str]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round values covering [low, high] (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:  # one value: an axis around it (from zero up, for a small positive one)
        low, high = (low - 1, high + 1) if low < 0 else (max(0.0, low - 1), high + 1)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * factor for factor in (1, 2, 5, 10) if power * factor >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high or len(ticks) < 2:  # the last tick at or above the highest value
        ticks.append(round(start + step * len(ticks), 10))
    return ticks


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)


def line_chart(title: str, periods: Sequence[str], lines: Sequence[Line], decimals: int) -> str:
    """An SVG of the lines over `periods` (the x axis, evenly spaced, in order), y axis fitted to the values
    with round ticks; points carry a <title> tooltip. A period a line has no value for is skipped (the line
    joins its neighbours)."""
    width, height = 900, 250
    left, right, top, bottom = 58, 190, 16, 46
    plot_width, plot_height = width - left - right, height - top - bottom
    values = [value for line in lines for value in line.values.values() if value == value]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]
    if high == low:
        high = low + 1

    def x(index: int) -> float:
        return left + (plot_width / 2 if len(periods) == 1 else index * plot_width / (len(periods) - 1))

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * plot_height

    parts = [f'<rect x="{left}" y="{top}" width="{plot_width}" height="{plot_height}" fill="#fbfbfc"/>']
    tick_decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]))) if len(ticks) > 1 else decimals
    for tick in ticks:
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_width}" y2="{y(tick):.1f}" '
                     f'stroke="#e3e5e8"/><text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                     f'class="tick">{tick:.{min(tick_decimals, 6)}f}</text>')
    every = max(1, math.ceil(len(periods) / 10))  # at most about ten labels on the x axis
    labelled = list(range(0, len(periods), every))
    if labelled[-1] != len(periods) - 1:  # the last period always, its neighbour dropped when too close
        if len(periods) - 1 - labelled[-1] < every * 0.6:
            labelled.pop()
        labelled.append(len(periods) - 1)
    for index, period in enumerate(periods):
        if index in labelled:
            parts.append(f'<line x1="{x(index):.1f}" y1="{top + plot_height}" x2="{x(index):.1f}" '
                         f'y2="{top + plot_height + 4}" stroke="#8a9099"/><text x="{x(index):.1f}" '
                         f'y="{top + plot_height + 18}" text-anchor="middle" class="tick">{html.escape(period)}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" y2="{top + plot_height}" '
                 'stroke="#8a9099"/>')
    position = {period: index for index, period in enumerate(periods)}
    for number, line in enumerate(lines):
        points = [(x(position[period]), y(value), period, value) for period, value in line.values.items()
                  if period in position and value == value]
        points.sort()
        if len(points) > 1:
            coordinates = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
            parts.append(f'<polyline fill="none" stroke="{line.colour}" stroke-width="2.2" stroke-linejoin="round" '
                         f'points="{coordinates}"/>')
        for px, py, period, value in points:
            tooltip = line.tooltips.get(period) or f"{line.label}, {period}: {value:.{decimals}f}"
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.6" fill="#fff" stroke="{line.colour}" '
                         f'stroke-width="2"><title>{html.escape(tooltip)}</title></circle>')
        legend_y = top + 10 + 18 * number
        parts.append(f'<line x1="{left + plot_width + 16}" y1="{legend_y}" x2="{left + plot_width + 36}" '
                     f'y2="{legend_y}" stroke="{line.colour}" stroke-width="3"/><text x="{left + plot_width + 42}" '
                     f'y="{legend_y + 4}" class="legend">{html.escape(_shortened(line.label))}'
                     f'<title>{html.escape(line.label)}</title></text>')
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{_attribute(title)}">' + "".join(parts) + "</svg>")


def _shortened(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"
