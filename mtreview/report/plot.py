"""Trend plots: a PNG through matplotlib (the optional `plot` extra) or a self-contained HTML page with
an inline SVG that needs nothing but a browser. One line per series (system), dates on the x axis,
every point labelled by its run."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview.errors import ReportError

if TYPE_CHECKING:
    from mtreview.tracking import Trend

# matplotlib's tab10, then tab20's lighter shades: the same colour for a series in PNG and HTML.
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7",
            "#dbdb8d", "#9edae5"]


def series_colours(count: int) -> list[str]:
    return [_PALETTE[i % len(_PALETTE)] for i in range(count)]


def run_label(run_id: str) -> str:
    """The short handle of a run id on a plot: the random suffix of 20240915T100000Z-3f9a1c."""
    head, dash, tail = run_id.rpartition("-")
    return tail if dash and head[:8].isdigit() else run_id


def _series(trend: Trend) -> list[tuple[str, list[tuple[datetime, float, str]]]]:
    series: dict[str, list[tuple[datetime, float, str]]] = {}
    for row in trend.frame.to_dict("records"):
        if row['score'] is None or row['score'] != row['score']:  # no score (NaN) cannot be placed
            continue
        when = datetime.fromisoformat(str(row['created']).replace("Z", "+00:00"))
        series.setdefault(row['series'], []).append((when, float(row['score']), row['run_id']))
    return list(series.items())


def write_trend_plot(trend: Trend, path: Path, title: str = "") -> list[str]:
    """Write the trend to `path` (.png or .html); returns the series drawn, one line each, in order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".html", ".htm"):
        raise ReportError(f"{path}: a trend plot is .png or .html, not {suffix or 'a file without extension'}")
    series = _series(trend)
    if not series:
        raise ReportError(f"{path}: nothing to plot, no {trend.metric} score has a value")
    title = title or f"{trend.metric} over time"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".png":
            _write_png(series, trend.metric, title, path)
        else:
            path.write_text(_html(series, trend.metric, title), encoding="utf-8")
    except OSError as error:
        raise ReportError(f"{path}: cannot write the plot ({error.strerror or error})") from None
    return [name for name, _ in series]


def _write_png(series, metric: str, title: str, path: Path) -> None:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
        from matplotlib.figure import Figure
    except ImportError:
        raise ReportError(f"{path}: PNG plots need matplotlib: pip install 'mtreview[plot]' "
                          "(or write .html, which needs nothing)") from None
    # A Figure on the Agg canvas, not pyplot: no GUI backend, no global figure state to leak.
    figure = Figure(figsize=(10, 5.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for colour, (name, points) in zip(series_colours(len(series)), series):
        dates, values, _ = zip(*points)
        axes.plot(dates, values, marker="o", linewidth=2, color=colour, label=name)
        for when, value, run_id in points:
            axes.annotate(run_label(run_id), (when, value), xytext=(3, 4), textcoords="offset points",
                          fontsize=6, color="#444444")
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylabel(metric)
    axes.set_title(title)
    axes.grid(True, color="#dddddd", linewidth=0.6)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    figure.savefig(path, format="png", bbox_inches="tight")


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / (count - 1)
    return [low + step * i for i in range(count)]


def _html(series, metric: str, title: str) -> str:
    width, height, left, right, top, bottom = 960, 440, 60, 220, 40, 50
    times = [when.timestamp() for _, points in series for when, _, _ in points]
    values = [value for _, points in series for _, value, _ in points]
    t0, t1 = min(times), max(times)
    if t1 - t0 < 60:  # one moment: give the axis a day around it
        t0, t1 = t0 - 43200, t1 + 43200
    v0, v1 = min(values), max(values)
    pad = (v1 - v0) * 0.08 or max(abs(v0) * 0.05, 1.0)
    v0, v1 = v0 - pad, v1 + pad

    def x(t: float) -> float:
        return left + (t - t0) / (t1 - t0) * (width - left - right)

    def y(v: float) -> float:
        return top + (v1 - v) / (v1 - v0) * (height - top - bottom)

    short = (t1 - t0) < 3 * 86400
    parts = [f'<text x="{width / 2 - right / 2:.0f}" y="22" text-anchor="middle" font-size="15">'
             f'{html.escape(title)}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
             f'<text x="14" y="{(top + height - bottom) / 2:.0f}" font-size="12" text-anchor="middle" '
             f'transform="rotate(-90 14 {(top + height - bottom) / 2:.0f})">{html.escape(metric)}</text>']
    for value in _ticks(v0, v1):
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
                     f'stroke="#e5e5e5"/><text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{value:.2f}</text>')
    for stamp in _ticks(t0, t1):
        when = datetime.fromtimestamp(stamp, UTC)  # UTC, as matplotlib draws it
        label = when.strftime("%m-%d %H:%M" if short else "%Y-%m-%d")
        parts.append(f'<text x="{x(stamp):.1f}" y="{height - bottom + 18}" font-size="10" '
                     f'text-anchor="middle">{label}</text>')
    for index, (colour, (name, points)) in enumerate(zip(series_colours(len(series)), series)):
        coordinates = " ".join(f"{x(when.timestamp()):.1f},{y(value):.1f}" for when, value, _ in points)
        parts.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{coordinates}"><title>{html.escape(name)}</title></polyline>')
        for when, value, run_id in points:
            cx, cy = x(when.timestamp()), y(value)
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"><title>'
                         f'{html.escape(name)}: {value:.2f}, run {html.escape(run_id)}, '
                         f'{when.isoformat()}</title></circle><text x="{cx + 4:.1f}" y="{cy - 5:.1f}" '
                         f'font-size="8" fill="#444">{html.escape(run_label(run_id))}</text>')
        legend_y = top + 14 * index
        parts.append(f'<line x1="{width - right + 12}" y1="{legend_y}" x2="{width - right + 32}" y2="{legend_y}" '
                     f'stroke="{colour}" stroke-width="2"/><text x="{width - right + 36}" y="{legend_y + 4}" '
                     f'font-size="11">{html.escape(name)}</text>')
    svg = (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{html.escape(title)}" font-family="sans-serif">' + "".join(parts) + "</svg>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head><body>\n{svg}\n<p style="font:12px sans-serif">Times in UTC; hover a point for its run.</p>'
            "</body></html>\n")
