"""desk.html (`mtreview history report`): a corpus, or a whole history, over time on one standalone page.

Per system or translator and per week or month: findings per 1,000 words by category, the MQM penalty, HTER
and every score, each with a trend chart (inline SVG drawn by mtreview.report.svg_chart), the runs that
regressed and the checks the desk's reviewers dismiss most. The figures come from
mtreview.report.desk_figures (which reads the store and mtreview.tracking, as `history trend` does); this
module only lays them out. The page loads nothing: no script, no font, no image, no link out, and a
Content-Security-Policy that forbids the browser to fetch anything. Every number cell carries its exact value
in data-value, the text shows it at the metric's precision (mtreview.metrics.specs).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from mtreview import __version__
from mtreview.errors import ReportError
from mtreview.history import HistoryStore
from mtreview.report.desk_figures import ALL_CATEGORIES, DeskFigures, Measure, desk_figures
from mtreview.report.machine import atomic_output
from mtreview.report.plot import series_colours
from mtreview.report.svg_chart import Line, line_chart

FINDINGS_DECIMALS = 1  # findings per 1,000 words
# The newest runs listed under each measure, and regressions listed: the page of a history of thousands of
# runs stays one a browser opens at once (history trend lists every run).
MAX_RUN_ROWS = 500
MAX_REGRESSIONS = 200
MEASURE_TITLES = {"mqm": "MQM penalty per 100 words", "hter": "HTER", "bleu": "BLEU", "chrf": "chrF",
                  "chrf++": "chrF++", "ter": "TER", "comet": "COMET", "findings": "Findings"}
PERIOD_WORDS = {"week": ("weekly", "week"), "month": ("monthly", "month")}

_STYLE = """
:root { --ink: #1d2430; --muted: #5d6776; --line: #e3e5e8; --panel: #ffffff; --back: #f3f4f6;
  --better: #1a7f37; --worse: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--back); color: var(--ink);
  font: 14px/1.45 system-ui, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
header { background: #1f2a3a; color: #fff; padding: 18px 32px 14px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; color: #c9d1dc; font-size: 13px; }
nav { padding: 8px 32px; background: #2b3748; font-size: 13px; }
nav a { color: #dfe6ef; margin-right: 16px; text-decoration: none; }
main { padding: 20px 32px 40px; max-width: 1400px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px;
  margin-bottom: 18px; }
h2 { font-size: 17px; margin: 0 0 4px; }
h2 .direction { font-size: 12px; font-weight: normal; color: var(--muted); margin-left: 8px; }
p.explain { color: var(--muted); font-size: 12.5px; margin: 2px 0 10px; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: #f7f8fa; font-weight: 600; color: #384252; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.group td { background: #f7f8fa; font-weight: 600; }
td.category { padding-left: 22px; color: #384252; }
.better { color: var(--better); } .worse { color: var(--worse); } .change { font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.bar { display: inline-block; height: 8px; background: #e67e22; border-radius: 2px; vertical-align: middle; }
.empty { color: var(--muted); font-style: italic; }
.notes { color: #7a4b00; background: #fff7e6; border: 1px solid #f3d9a4; border-radius: 6px; padding: 8px 14px 8px 32px;
  font-size: 13px; margin-bottom: 18px; }
.notes li { margin: 2px 0; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; margin-top: 6px; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; }
svg .tick { font-size: 10.5px; fill: #5d6776; } svg .legend { font-size: 12px; fill: #1d2430; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll td:first-child, .scroll th:first-child { position: sticky; left: 0; background: var(--panel); z-index: 1; }
.scroll th:first-child, .scroll tr.group td:first-child { background: #f7f8fa; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 30px; }
code { font-size: 12px; }
"""


def write_desk_report(history: HistoryStore, path: Path, *, corpus: str | None = None, by: str = "system",
                      period: str = "week") -> DeskFigures:
    """Write the desk report to `path` (.html), atomically; returns the figures it shows."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ReportError(f"{path}: the desk report is an .html page, not {path.suffix or 'a file without extension'}")
    figures = desk_figures(history, corpus, by, period)
    page = render_desk_report(figures)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"{path}: cannot create its folder ({error.strerror or error})") from None
    with atomic_output(path) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return figures


def _rows(frame: pd.DataFrame) -> list[Any]:
    """A frame's rows with their columns as attributes (row.period), typed loosely as a row's cells are."""
    return [SimpleNamespace(**{str(key): value for key, value in record.items()})
            for record in frame.to_dict(orient="records")]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _exact(value: object) -> str:
    """A number as data-value holds it: repr of the float (round-trips exactly), '' for none."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)


def _shown(value: float | None, decimals: int) -> str:
    return "–" if value is None or value != value else f"{value:.{decimals}f}"


def _change(delta: float | None, improved: bool | None, decimals: int) -> str:
    if delta is None or delta != delta:
        return ""
    verdict = {True: "better", False: "worse", None: ""}[improved]
    return f'<span class="change {verdict}">{delta:+.{decimals}f}</span>'


class _Colours:
    """One colour per line label across every chart of the page."""

    def __init__(self, labels: list[str]) -> None:
        self.by_label = dict(zip(labels, series_colours(len(labels))))

    def __call__(self, label: str) -> str:
        return self.by_label.get(label, "#7f7f7f")

    def order(self, label: str) -> int:
        """Where a line comes in legends and tables: the same place on every chart."""
        return list(self.by_label).index(label) if label in self.by_label else len(self.by_label)

    def swatch(self, label: str) -> str:
        return f'<span class="swatch" style="background:{self(label)}"></span>{_e(label)}'


def render_desk_report(figures: DeskFigures) -> str:
    labels = list(dict.fromkeys([*(label for measure in figures.measures for label in measure.periods["series"]),
                                 *figures.findings["group"]]))
    colours = _Colours(labels)
    scope = figures.corpus or "the whole history"
    title = f"Desk report: {scope}"
    first, last = figures.runs[0].created[:10], figures.runs[-1].created[:10]
    groups = len({label for label in figures.findings["group"]})
    often, unit = PERIOD_WORDS[figures.period]
    written = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [("overview", "Latest " + unit), ("findings", "Findings per 1,000 words")]
    sections += [(f"m-{measure.metric}", MEASURE_TITLES.get(measure.metric, measure.metric))
                 for measure in figures.measures]
    sections += [("regressions", "Regressions"), ("dismissed", "Dismissed checks")]
    nav = "".join(f'<a href="#{_e(anchor)}">{_e(name)}</a>' for anchor, name in sections)
    notes = ("<ul class=\"notes\">" + "".join(f"<li>{_e(note)}</li>" for note in figures.notes) + "</ul>"
             if figures.notes else "")
    body = [
        _overview(figures, colours),
        _findings_section(figures, colours),
        *(_measure_section(figures, measure, colours) for measure in figures.measures),
        _regressions_section(figures),
        _dismissed_section(figures),
    ]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>{_STYLE}</style></head><body>
<header><h1>{_e(title)}</h1>
<p>{_count(len(figures.runs), "run")} of {_count(groups, _e(figures.by))}, {_e(first)} to {_e(last)} ·
{_e(often)}, by {_e(figures.by)} · history <code>{_e(figures.location)}</code> · written {_e(written)} by mtreview
{_e(__version__)}</p></header>
<nav>{nav}</nav>
<main>
{notes}{''.join(body)}
</main>
<footer>A period's score, MQM penalty or HTER is the mean of its runs' figures, each run counting once, exactly
as <code>mtreview history trend --period {_e(figures.period)} --by {_e(figures.by)}</code> prints it; findings per
1,000 words are a period's findings over its target words. Scores are compared only within a signature: a line
splits where its signature changes. Times are UTC.</footer>
</body></html>
"""


def _latest(periods: pd.DataFrame, series: str) -> Any:
    rows = _rows(periods[(periods["series"] == series) & periods["score"].notna()])
    return rows[-1] if rows else None


def _overview(figures: DeskFigures, colours: _Colours) -> str:
    """Each line's latest period with a figure, per measure, with its change from the period before."""
    totals = figures.findings[figures.findings["category"] == ALL_CATEGORIES]
    labels = list(dict.fromkeys([*totals["group"], *(label for measure in figures.measures
                                                     for label in measure.periods["series"])]))
    head = "".join(f'<th class="num">{_e(MEASURE_TITLES.get(m.metric, m.metric))}</th>' for m in figures.measures)
    rows = []
    for label in labels:
        cells = []
        found = _rows(totals[totals["group"] == label])
        if not found:
            cells.append("<td></td>")
        else:
            row = found[-1]
            cells.append(f'<td class="num" data-measure="findings" data-group="{_e(label)}" '
                         f'data-period="{_e(row.period)}" data-value="{_exact(row.per_1000)}" '
                         f'title="{_e(row.period)}: {row.findings} findings in {row.words} words">'
                         f'{_shown(row.per_1000, FINDINGS_DECIMALS)}</td>')
        for measure in figures.measures:
            latest = _latest(measure.periods, label)
            if latest is None:
                cells.append("<td></td>")
                continue
            decimals = measure.spec.decimals
            cells.append(f'<td class="num" data-metric="{_e(measure.metric)}" data-series="{_e(label)}" '
                         f'data-period="{_e(latest.period)}" data-value="{_exact(latest.score)}" '
                         f'title="{_e(latest.period)}, {latest.runs} run(s)">{_shown(latest.score, decimals)} '
                         f'{_change(latest.delta, latest.improved, decimals)}</td>')
        rows.append(f"<tr><td>{colours.swatch(label)}</td>{''.join(cells)}</tr>")
    return (f'<section id="overview"><h2>Latest {PERIOD_WORDS[figures.period][1]} per {_e(figures.by)}</h2>'
            f'<p class="explain">Each line\'s most recent {PERIOD_WORDS[figures.period][1]} with a figure (hover for '
            "which), and its change from the one before: green is better, red worse, by each metric's direction."
            f'</p><table class="overview"><thead><tr><th>{_e(figures.by.capitalize())}</th>'
            f'<th class="num">Findings per 1,000 words</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table></section>\n")


def _period_columns(frame: pd.DataFrame, column: str = "period") -> list[str]:
    return sorted(set(frame[column]))


def _findings_section(figures: DeskFigures, colours: _Colours) -> str:
    frame = figures.findings
    totals = frame[frame["category"] == ALL_CATEGORIES]
    lines = []
    for group in dict.fromkeys(totals["group"]):
        rows = totals[totals["group"] == group]
        lines.append(Line(group, colours(group), dict(zip(rows["period"], rows["per_1000"])),
                          {row.period: f"{group}, {row.period}: {_shown(row.per_1000, FINDINGS_DECIMALS)} per 1,000 "
                                       f"words ({row.findings} findings, {row.words} words, {row.runs} run(s))"
                           for row in _rows(rows)}))
    chart = line_chart("Findings per 1,000 words", figures.periods, lines, FINDINGS_DECIMALS)
    periods = _period_columns(frame)
    head = "".join(f'<th class="num">{_e(period)}</th>' for period in periods)
    body = []
    for group in dict.fromkeys(frame["group"]):
        of_group = frame[frame["group"] == group]
        for category in [ALL_CATEGORIES, *sorted(set(of_group["category"]) - {ALL_CATEGORIES})]:
            by_period = {row.period: row for row in _rows(of_group[of_group["category"] == category])}
            if category != ALL_CATEGORIES and not any(row.findings for row in by_period.values()):
                continue  # a category the group never had: no row of zeros
            cells = []
            for period in periods:
                row = by_period.get(period)
                if row is None:
                    cells.append("<td></td>")
                    continue
                cells.append(f'<td class="num" data-measure="findings" data-group="{_e(group)}" '
                             f'data-period="{_e(period)}" data-category="{_e(category)}" '
                             f'data-findings="{row.findings}" data-words="{row.words}" '
                             f'data-value="{_exact(row.per_1000)}" title="{row.findings} findings in {row.words} '
                             f'words, {row.runs} run(s)">{_shown(row.per_1000, FINDINGS_DECIMALS)}</td>')
            if category == ALL_CATEGORIES:
                body.append(f'<tr class="group"><td>{colours.swatch(group)} · all categories</td>{"".join(cells)}</tr>')
            else:
                body.append(f'<tr><td class="category">{_e(category)}</td>{"".join(cells)}</tr>')
    return (f'<section id="findings"><h2>Findings per 1,000 words<span class="direction">lower is better</span></h2>'
            f'<p class="explain">Each {PERIOD_WORDS[figures.period][1]}: the findings of its runs over their target '
            "words, by MQM category (findings reviewers dismissed are not in the runs).</p>"
            f'{chart}<div class="scroll"><table class="findings"><thead><tr><th>{_e(figures.by.capitalize())} and category'
            f'</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></section>\n')


def _measure_section(figures: DeskFigures, measure: Measure, colours: _Colours) -> str:
    spec, periods_frame = measure.spec, measure.periods
    decimals = spec.decimals
    name = MEASURE_TITLES.get(measure.metric, measure.metric)
    lines = []
    for series in sorted(set(periods_frame["series"]), key=colours.order):
        rows = periods_frame[periods_frame["series"] == series]
        lines.append(Line(series, colours(series), dict(zip(rows["period"], rows["score"])),
                          {row.period: f"{series}, {row.period}: {_shown(row.score, decimals)} "
                                       f"(mean of {row.runs} run(s))" for row in _rows(rows)}))
    chart = line_chart(name, figures.periods, lines, decimals)
    periods = _period_columns(periods_frame)
    head = "".join(f'<th class="num">{_e(period)}</th>' for period in periods)
    body = []
    for series in sorted(set(periods_frame["series"]), key=colours.order):
        by_period = {row.period: row for row in _rows(periods_frame[periods_frame["series"] == series])}
        cells = []
        for period in periods:
            row = by_period.get(period)
            if row is None:
                cells.append("<td></td>")
                continue
            cells.append(f'<td class="num" data-metric="{_e(measure.metric)}" data-series="{_e(series)}" '
                         f'data-period="{_e(period)}" data-runs="{row.runs}" data-value="{_exact(row.score)}" '
                         f'data-delta="{_exact(row.delta)}" title="mean of {row.runs} run(s)">'
                         f'{_shown(row.score, decimals)} {_change(row.delta, row.improved, decimals)}</td>')
        body.append(f"<tr><td>{colours.swatch(series)}</td>{''.join(cells)}</tr>")
    signatures = list(dict.fromkeys(measure.trend.frame["signature"]))
    signature = (f'<p class="explain">Signature <code>{_e(signatures[0])}</code></p>' if len(signatures) == 1
                 else f'<p class="explain">{len(signatures)} signatures: each is its own line.</p>')
    return (f'<section id="m-{_e(measure.metric)}"><h2>{_e(name)}<span class="direction">{_e(spec.direction)}'
            f'</span></h2>{signature}{chart}<div class="scroll"><table class="periods"><thead><tr><th>Series</th>{head}'
            f'</tr></thead><tbody>{"".join(body)}</tbody></table></div>{_runs_table(measure)}</section>\n')


def _runs_table(measure: Measure) -> str:
    """The trend itself: one row per run, as `history trend` prints it."""
    decimals = measure.spec.decimals
    frame = measure.trend.frame
    rows = []
    for row in _rows(frame.iloc[-MAX_RUN_ROWS:]):
        rows.append(f'<tr data-metric="{_e(measure.metric)}" data-run="{_e(row.run_id)}">'
                    f"<td>{_e(row.created)}</td><td>{_e(row.run_id)}</td><td>{_e(row.series)}</td>"
                    f"<td>{_e(row.document or '–')}</td>"
                    f'<td class="num" data-value="{_exact(row.score)}">{_shown(row.score, decimals)}</td>'
                    f'<td class="num" data-value="{_exact(row.delta)}">{_change(row.delta, row.improved, decimals)}'
                    "</td></tr>")
    summary = (f"The {len(rows)} runs" if len(rows) == len(frame) else
               f"The latest {len(rows)} of {len(frame)} runs (<code>mtreview history trend</code> lists them all)")
    return (f"<details><summary>{summary}</summary><table class=\"runs\"><thead><tr><th>Created</th>"
            "<th>Run</th><th>Series</th><th>Document</th><th class=\"num\">Score</th><th class=\"num\">Change</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></details>")


def _regressions_section(figures: DeskFigures) -> str:
    frame = figures.regressions
    explain = ("Runs whose figure is worse than the previous run of the same corpus and system (and signature), "
               "by the metric's direction, by a change that shows at its precision. Newest first.")
    if frame.empty:
        return (f'<section id="regressions"><h2>Regressions</h2><p class="explain">{explain}</p>'
                '<p class="empty">No run regressed.</p></section>\n')
    rows = []
    for row in _rows(frame.iloc[:MAX_REGRESSIONS]):
        spec_decimals = next(m.spec.decimals for m in figures.measures if m.metric == row.metric)
        rows.append(f'<tr data-regression="{_e(row.metric)}" data-run="{_e(row.run_id)}" '
                    f'data-previous="{_e(row.previous)}"><td>{_e(row.created)}</td><td>{_e(row.run_id)}</td>'
                    f"<td>{_e(row.series)}</td><td>{_e(MEASURE_TITLES.get(row.metric, row.metric))}</td>"
                    f"<td>{_e(row.previous)}</td>"
                    f'<td class="num" data-value="{_exact(row.previous_score)}">{_shown(row.previous_score, spec_decimals)}</td>'
                    f'<td class="num" data-value="{_exact(row.score)}">{_shown(row.score, spec_decimals)}</td>'
                    f'<td class="num worse" data-value="{_exact(row.delta)}">{row.delta:+.{spec_decimals}f}</td></tr>')
    if len(frame) > len(rows):
        explain += f" The latest {len(rows)} of {len(frame)}."
    return (f'<section id="regressions"><h2>Regressions<span class="direction">{len(frame)}</span></h2>'
            f'<p class="explain">{explain}</p><table class="regressions"><thead><tr><th>Created</th><th>Run</th>'
            '<th>System</th><th>Measure</th><th>Previous run</th><th class="num">Before</th><th class="num">After</th>'
            f'<th class="num">Change</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>\n')


def _dismissed_section(figures: DeskFigures, limit: int = 20) -> str:
    explain = ("Distinct findings each check raised, and the reviewers' latest decision on them from the "
               "decision log (as <code>mtreview checks --stats</code>): a check reviewers often dismiss as a false "
               "positive or won't fix is one to tune or turn off.")
    if not figures.dismissed:
        return (f'<section id="dismissed"><h2>Checks reviewers dismiss most</h2><p class="explain">{explain}</p>'
                '<p class="empty">Reviewers have dismissed no finding yet.</p></section>\n')
    rows = []
    for check in figures.dismissed[:limit]:
        rows.append(f'<tr data-check="{_e(check.check)}"><td>{_e(check.check)}</td>'
                    f'<td class="num">{check.shown}</td><td class="num">{check.judged}</td>'
                    f'<td class="num">{check.false_positive}</td><td class="num">{check.wont_fix}</td>'
                    f'<td class="num" data-value="{_exact(check.rate)}">{check.rate:.0%}</td>'
                    f'<td><span class="bar" style="width:{max(2, round(check.rate * 120))}px"></span></td></tr>')
    more = (f'<p class="explain">and {len(figures.dismissed) - limit} more checks with a dismissed finding.</p>'
            if len(figures.dismissed) > limit else "")
    return (f'<section id="dismissed"><h2>Checks reviewers dismiss most</h2><p class="explain">{explain}</p>'
            '<table class="dismissed"><thead><tr><th>Check</th><th class="num">Shown</th><th class="num">Decided</th>'
            '<th class="num">False positive</th><th class="num">Won\'t fix</th><th class="num">Dismissed share</th><th></th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}</section>\n')
