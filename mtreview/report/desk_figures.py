"""The figures of the desk report (`mtreview history report`), read through the history store only.

Every score, MQM penalty and HTER figure, per run and per period, is what mtreview.tracking computes for
`history trend` (trend, periodic, regressions), so the page and the command show the same numbers. What the
trend has no measure for is counted here from the store: findings per 1,000 target words by category, and
the checks reviewers dismiss (the store's check_stats, as `mtreview checks --stats` shows them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from mtreview.errors import HistoryError
from mtreview.history import HistoryStore, RunRecord
from mtreview.metrics.specs import MetricSpec, metric_spec
from mtreview.records import DISMISSED
from mtreview.tracking import (
    NO_NAME,
    Trend,
    period_of,
    period_range,
    periodic,
    regressions,
    run_group,
    series_name,
    trend,
)

# The order measures appear in: the run's MQM penalty, then the scores a desk knows, then any other.
MEASURE_ORDER = ("mqm", "hter", "comet", "chrf", "chrf++", "bleu", "ter")
ALL_CATEGORIES = "all categories"


@dataclass
class Measure:
    """One figure over time: the trend (one row per run), its periods and its regressions."""

    metric: str
    trend: Trend
    periods: pd.DataFrame  # mtreview.tracking.periodic
    regressions: pd.DataFrame  # mtreview.tracking.regressions of the trend by system

    @property
    def spec(self) -> MetricSpec:
        return metric_spec(self.metric)


@dataclass(frozen=True)
class DismissedCheck:
    """How often the desk's reviewers dismissed a check's findings (the latest decision of each distinct
    finding, from the decision log)."""

    check: str
    shown: int
    false_positive: int
    wont_fix: int
    judged: int  # findings with a decision other than open

    @property
    def dismissed(self) -> int:
        return self.false_positive + self.wont_fix

    @property
    def rate(self) -> float:
        """Dismissed findings per finding shown."""
        return self.dismissed / self.shown if self.shown else 0.0


@dataclass
class DeskFigures:
    location: str
    corpus: str | None
    by: str  # "system" or "translator" (mtreview.tracking.GROUPINGS)
    period: str  # "week" or "month"
    runs: list[RunRecord]  # oldest first
    periods: list[str]  # every period from the first run's to the last run's, none skipped
    measures: list[Measure]
    # findings per 1,000 target words: group, period, category (ALL_CATEGORIES for their sum), runs, words,
    # findings, per_1000 (NaN for periods without words)
    findings: pd.DataFrame
    dismissed: list[DismissedCheck]  # most dismissed first; checks never dismissed left out
    notes: list[str] = field(default_factory=list)

    @property
    def regressions(self) -> pd.DataFrame:
        """Every measure's regressions, newest first, with their metric."""
        frames = [measure.regressions.assign(metric=measure.metric) for measure in self.measures
                  if not measure.regressions.empty]
        if not frames:
            return pd.DataFrame(columns=["created", "run_id", "series", "metric", "previous", "previous_score",
                                         "score", "delta"])
        return pd.concat(frames, ignore_index=True).sort_values(["created", "run_id"], ascending=False,
                                                                kind="stable").reset_index(drop=True)


def desk_figures(history: HistoryStore, corpus: str | None = None, by: str = "system",
                 period: str = "week") -> DeskFigures:
    """The desk report's figures for one corpus (or the whole history), grouped by system or translator and
    gathered by week or month."""
    runs = list(reversed(history.runs(corpus, with_scores=True)))  # scores in one query, for _metrics
    if not runs:
        raise HistoryError(f"{history.location}: no runs{f' of corpus {corpus}' if corpus else ''} in the history")
    several_corpora = len({run.corpus for run in runs}) > 1
    measures: list[Measure] = []
    notes: list[str] = []
    for metric in _metrics(runs):
        result = trend(history, metric, corpus=corpus, by=by)
        # A regression is against the previous run of the same corpus and system, whoever translated it.
        by_system = result if by == "system" else trend(history, metric, corpus=corpus, by="system")
        measures.append(Measure(metric, result, periodic(result, period), regressions(by_system)))
        notes.extend(note for note in result.notes if note not in notes)
    unnamed = sum(1 for run in runs if not run_group(run, by))
    if unnamed:
        option = "--system" if by == "system" else "--translator"
        notes.append(f"{unnamed} of {len(runs)} runs record no {by} (mtreview review {option}): they are "
                     f"grouped as {NO_NAME[by]}")
    return DeskFigures(
        location=history.location, corpus=corpus, by=by, period=period, runs=runs,
        periods=period_range(runs[0].created, runs[-1].created, period), measures=measures,
        findings=_finding_rates(history, runs, by, period, several_corpora),
        dismissed=_dismissed(history, corpus), notes=notes)


def _metrics(runs: list[RunRecord]) -> list[str]:
    """The MQM penalty and every metric a run scored (from its config; from its scores where the config
    does not list them), in MEASURE_ORDER, others after them by name."""
    found = {"mqm"}
    for run in runs:
        listed = run.config.get("metrics")
        if isinstance(listed, list):
            found.update(str(metric).lower() for metric in listed)
        else:
            found.update(score.metric.lower() for score in run.scores)
    known = [metric for metric in MEASURE_ORDER if metric in found]
    return known + sorted(found - set(known))


def _finding_rates(history: HistoryStore, runs: list[RunRecord], by: str, period: str,
                   several_corpora: bool) -> pd.DataFrame:
    """Findings per 1,000 target words by category, per group and period: the period's findings over its
    words (a large run weighs more than a short one, as the words it holds)."""
    words: Counter = Counter()
    counted: Counter = Counter()
    found: dict[tuple[str, str], Counter] = {}
    for run in runs:
        key = (series_name(run_group(run, by), by, run.corpus, several_corpora), period_of(run.created, period))
        words[key] += run.target_words
        counted[key] += 1
        found.setdefault(key, Counter()).update(finding["category"] for finding in history.findings(run.run_id))
    categories = sorted(set().union(*found.values()))
    rows = []
    order = {group: index for index, group in enumerate(dict.fromkeys(group for group, _ in found))}
    for key in sorted(found, key=lambda key: (order[key[0]], key[1])):  # groups as they first ran, then time
        group, when = key
        for category in [*categories, ALL_CATEGORIES]:
            count = sum(found[key].values()) if category == ALL_CATEGORIES else found[key][category]
            rate = count / words[key] * 1000 if words[key] else float("nan")
            rows.append({"group": group, "period": when, "category": category, "runs": counted[key],
                         "words": words[key], "findings": count, "per_1000": rate})
    return pd.DataFrame(rows, columns=["group", "period", "category", "runs", "words", "findings", "per_1000"])


def _dismissed(history: HistoryStore, corpus: str | None) -> list[DismissedCheck]:
    stats, _ = history.check_stats(corpus)
    checks = [DismissedCheck(row.check, row.shown, row.decisions[DISMISSED[0]], row.decisions[DISMISSED[1]],
                             sum(count for decision, count in row.decisions.items() if decision != "open"))
              for row in stats]
    return sorted((check for check in checks if check.dismissed),
                  key=lambda check: (-check.dismissed, -check.rate, check.check))
