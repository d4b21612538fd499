"""Trend plots: PNG and self-contained HTML."""

from __future__ import annotations

import pytest

from mtreview.errors import ReportError
from mtreview.tracking import trend
from tests.support.history_runs import RUNS, make_run, pairs

DESK_1, MT_1, DESK_2, MT_2 = RUNS


def test_trend_png_has_one_line_per_system(history, tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")
    from matplotlib.image import imread

    from mtreview.report.plot import series_colours, write_trend_plot

    path = tmp_path / "trend.png"
    assert write_trend_plot(trend(history, "chrf"), path) == ["desk", "mt"]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = imread(path)[:, :, :3]

    def coloured(hex_colour: str) -> int:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        return int((abs(pixels - rgb).max(axis=2) < 0.02).sum())

    first, second, third = series_colours(3)
    # two lines drawn (and their legend keys), in the first two series colours; no third series
    assert coloured(first) > 200 and coloured(second) > 200
    assert coloured(third) == 0


def test_trend_html_is_self_contained_with_one_line_per_series(history, tmp_path):
    from mtreview.report.plot import write_trend_plot

    run = make_run("20240315T090000Z-desk03", "2024-03-15T09:00:00Z", "third", pairs("close"))
    history.record(run)
    path = tmp_path / "trend.html"
    assert write_trend_plot(trend(history, "chrf"), path) == ["desk", "mt", "third"]
    page = path.read_text(encoding="utf-8")
    assert page.count("<polyline") == 3 and page.count("<circle") == 5
    assert "http" not in page and "<script" not in page  # nothing fetched, nothing run
    assert "desk02" in page and DESK_2 in page  # points labelled by run


def test_plot_refuses_an_unknown_format(history, tmp_path):
    from mtreview.report.plot import write_trend_plot

    with pytest.raises(ReportError, match="trend.svg: a trend plot is .png or .html"):
        write_trend_plot(trend(history, "chrf"), tmp_path / "trend.svg")
