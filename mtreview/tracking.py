"""Quality over time, read from the run history: trends, run-to-run comparisons and leaderboards.

Scores are compared only when their signatures match (sacrebleu's rule: a score means nothing without
its settings). A mismatch is reported in the result's notes and the scores are kept apart, never mixed.
Significance is paired bootstrap resampling on the segments both runs scored with the same source and
references (mtreview.metrics.significance: sacrebleu's PairedTest procedure, statistics extracted once per run).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pandas as pd

from mtreview.errors import HistoryError, MetricError, MtreviewError
from mtreview.history import HistoryStore, RunRecord, RunScore
from mtreview.metrics.specs import metric_spec

# Trend-only measures read off the runs table rather than the scores table.
RUN_MEASURES = {"mqm": "mqm_penalty", "findings": "findings"}
# What runs are grouped by: the system a review names (--system), or the translator (--translator, kept in
# the run's config). A run without one is grouped under NO_NAME[by].
GROUPINGS = ("system", "translator")
NO_NAME = {"system": "(no system)", "translator": "(no translator)"}
# The calendar periods runs are gathered into: ISO weeks (Monday to Sunday, UTC) or months.
PERIODS = ("week", "month")
# Signature fields that describe the significance test or the sacrebleu release, not the metric's settings.
_TEST_FIELDS = frozenset({"version", "nrefs", "bs", "ar", "seed"})


def _fields(signature: str) -> dict[str, str]:
    return dict(part.partition(":")[::2] for part in signature.split("|") if part)


def signature_difference(old: str, new: str) -> str:
    """What differs between two signatures, e.g. 'version:2.4.2→2.6.0'."""
    a, b = _fields(old), _fields(new)
    keys = list(dict.fromkeys([*a, *b]))
    return ", ".join(f"{key}:{a.get(key, '-')}→{b.get(key, '-')}" for key in keys if a.get(key) != b.get(key))


@dataclass
class Trend:
    metric: str
    # one row per run, oldest first: created, run_id, corpus, document, system, translator (review
    # --translator; '' when not recorded), score (NaN when the run has no figure, e.g. no MQM of 0 words),
    # signature, segments, series (the line it belongs to: a system or translator, see `trend`), delta (change
    # from the previous run of that series) and improved (whether that change is for the better, by the
    # metric's direction; None when no change)
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _grouping(by: str) -> str:
    if by not in GROUPINGS:
        raise MtreviewError(f"runs are grouped by {' or '.join(GROUPINGS)}, not {by!r}")
    return by


def run_group(run: RunRecord, by: str) -> str:
    """The name a run is grouped under by `by` ('system' or 'translator'); '' when the run has none."""
    return run.system if _grouping(by) == "system" else str(run.config.get("translator") or "")


def series_name(group: str, by: str, corpus: str, several_corpora: bool) -> str:
    """The label of a group's line: its name (or NO_NAME), and its corpus when the runs are of several."""
    name = group or NO_NAME[_grouping(by)]
    return f"{name} · {corpus}" if several_corpora else name


def period_of(created: str, period: str) -> str:
    """The period an ISO time (UTC) falls in: '2026-W41' (ISO week) or '2026-10' (month)."""
    if period not in PERIODS:
        raise MtreviewError(f"runs are gathered by {' or '.join(PERIODS)}, not {period!r}")
    day = date.fromisoformat(created[:10])
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_range(first: str, last: str, period: str) -> list[str]:
    """Every period from the one of ISO time `first` to the one of `last`, none skipped (a calendar axis)."""
    day, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    if period_of(first, period) == period_of(last, period) or day > end:
        return [period_of(first, period)]
    periods = []
    day -= timedelta(days=day.weekday()) if period == "week" else timedelta(days=day.day - 1)
    while day <= end:
        periods.append(period_of(day.isoformat(), period))
        day = day + timedelta(days=7) if period == "week" else (day + timedelta(days=32)).replace(day=1)
    return periods


def _run_measure_rows(runs: list[RunRecord], measure: str) -> list[dict]:
    rows = []
    for run in runs:
        config = run["config"]
        # What decides which findings a run can have: the checks chosen and mtreview's version.
        signature = "|".join(f"{key}:{value}" for key, value in (
            ("profile", config.get("profile", "default")), ("select", ",".join(config.get("select", [])) or "-"),
            ("exclude", ",".join(config.get("exclude", [])) or "-"), ("mtreview", run["tool_version"])))
        rows.append({key: run[key] for key in ("run_id", "corpus", "document", "system", "created")}
                    | {"metric": measure, "score": run[RUN_MEASURES[measure]], "signature": signature,
                       "segments": run["pairs"]})
    return rows


def trend(history: HistoryStore, metric: str, corpus: str | None = None, system: str | None = None,
          by: str = "system") -> Trend:
    """A metric over time, one series per system or translator (`by`; and corpus, when several), split where
    the signature changes. `metric` is a score's name (any case) or 'mqm' / 'findings'."""
    metric = metric.lower()
    _grouping(by)
    runs = list(reversed(history.runs(corpus, system=system)))  # oldest first
    if metric in RUN_MEASURES:
        rows = _run_measure_rows(runs, metric)
    else:
        rows = history.scores(metric, corpus=corpus, system=system)
    if not rows:
        where = "".join(f" {label} {value}" for label, value in (("corpus", corpus), ("system", system)) if value)
        raise HistoryError(f"{history.location}: no {metric} scores{where or ' at all'} in the history")
    frame = pd.DataFrame(rows)
    frame["score"] = frame["score"].astype(float)  # a run without the figure (None) is NaN, not an object
    translators = {run.run_id: run_group(run, "translator") for run in runs}
    frame["translator"] = [translators.get(run_id, "") for run_id in frame["run_id"]]
    notes: list[str] = []
    several_corpora = frame["corpus"].nunique() > 1
    labels = []
    signatures_seen: dict[tuple[str, str], list[str]] = {}
    for row in frame.to_dict(orient="records"):
        name = row[by] or NO_NAME[by]
        key = (row["corpus"], name)
        seen = signatures_seen.setdefault(key, [])
        if row["signature"] not in seen:
            if seen:
                notes.append(f"{metric} of {name} on {row['corpus']}: the signature changed at run {row['run_id']} "
                             f"({signature_difference(seen[-1], row['signature'])}); the runs before and after are "
                             "separate series, not joined")
            seen.append(row["signature"])
        label = series_name(name, by, row["corpus"], several_corpora)
        if len(seen) > 1:
            label += f" [signature {seen.index(row['signature']) + 1}]"
        labels.append(label)
    frame["series"] = labels
    frame["delta"] = frame.groupby("series", sort=False)["score"].diff()
    spec = metric_spec(metric)
    frame["improved"] = [spec.improved(delta) for delta in frame["delta"]]
    if several_corpora:
        notes.append(f"runs of {frame['corpus'].nunique()} corpora: scores of different corpora are not "
                     "comparable; give --corpus to keep one")
    columns = ["created", "run_id", "corpus", "document", "system", "translator", "score", "delta", "improved",
               "signature", "segments", "series"]
    return Trend(metric, frame[columns], notes)


def periodic(result: Trend, period: str) -> pd.DataFrame:
    """The trend gathered by calendar period: one row per series and period in which it has runs, each
    series' periods oldest first: series, period, runs, score (the mean of the runs' scores, each run
    counting once; NaN when none has one), first_run and last_run, delta (the change from the series'
    previous period) and improved (by the metric's direction)."""
    spec = metric_spec(result.metric)
    rows: dict[tuple[str, str], dict] = {}
    for row in result.frame.to_dict(orient="records"):
        key = (row["series"], period_of(row["created"], period))
        entry = rows.setdefault(key, {"series": key[0], "period": key[1], "runs": 0, "scores": [],
                                      "first_run": row["run_id"]})
        entry["runs"] += 1
        entry["last_run"] = row["run_id"]
        if row["score"] == row["score"]:  # NaN: a run without the figure
            entry["scores"].append(float(row["score"]))
    table = [{key: value for key, value in entry.items() if key != "scores"}
             | {"score": sum(entry["scores"]) / len(entry["scores"]) if entry["scores"] else float("nan")}
             for entry in rows.values()]
    order = {name: index for index, name in enumerate(dict.fromkeys(result.frame["series"]))}
    table.sort(key=lambda entry: (order[entry["series"]], entry["period"]))  # '2026-W09' < '2026-W10'
    frame = pd.DataFrame(table, columns=["series", "period", "runs", "score", "first_run", "last_run"])
    frame["delta"] = frame.groupby("series", sort=False)["score"].diff()
    frame["improved"] = [spec.improved(delta) for delta in frame["delta"]]
    return frame


def regressions(result: Trend) -> pd.DataFrame:
    """The runs whose figure is worse than the previous run of their series by the metric's direction, by a
    change that shows at the metric's precision (mtreview.metrics.specs): the trend's rows with `previous`
    (that run's id) and `previous_score`, newest first."""
    spec = metric_spec(result.metric)
    frame = result.frame.copy()
    grouped = frame.groupby("series", sort=False)
    frame["previous"] = grouped["run_id"].shift()
    frame["previous_score"] = grouped["score"].shift()
    visible = 0.5 * 10 ** -spec.decimals  # a change that rounds to zero where it is shown is no change
    worse = [improved is False and abs(delta) >= visible for improved, delta in zip(frame["improved"], frame["delta"])]
    return frame[worse].iloc[::-1].reset_index(drop=True)


@dataclass(frozen=True)
class ScoreDelta:
    """One metric in two runs. `p_value` is the paired bootstrap's, on the `shared` segments."""

    metric: str
    a: float | None
    b: float | None
    signature_a: str
    signature_b: str
    shared: int = 0
    p_value: float | None = None
    note: str = ""

    @property
    def comparable(self) -> bool:
        return self.a is not None and self.b is not None and self.signature_a == self.signature_b

    @property
    def delta(self) -> float | None:
        if self.a is None or self.b is None or not self.comparable:
            return None
        return self.b - self.a

    @property
    def lower_is_better(self) -> bool:
        return metric_spec(self.metric).lower_is_better

    @property
    def improved(self) -> bool | None:
        """Whether B is better than A by the metric's direction (None: not comparable or equal)."""
        return metric_spec(self.metric).improved(self.delta)

    def worse(self, alpha: float = 0.05) -> bool:
        """B is significantly worse than A: the difference points the wrong way and p < alpha."""
        if self.delta is None or self.p_value is None or self.p_value >= alpha:
            return False
        return self.improved is False


# How a finding fared from run A to run B.
FINDING_FATES = ("new", "fixed", "dismissed", "open", "gone")
FATE_MEANING = {
    "new": "in B, not in A",
    "fixed": "in A, gone from B, and the translation of its sentence changed",
    "dismissed": "a reviewer dismissed it (false positive, won't fix)",
    "open": "in both runs, not dismissed",
    "gone": "in A, not in B, though its translation did not change (the checks or their settings changed, "
            "or the sentence left the document)",
}


@dataclass
class RunComparison:
    run_a: RunRecord
    run_b: RunRecord
    scores: list[ScoreDelta]
    # by category: findings in A and in B, and how many of them met each of FINDING_FATES
    findings: pd.DataFrame
    # FINDING_FATES -> the findings (dicts of the history's findings rows, with source and target)
    fates: dict[str, list[dict]]
    notes: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[dict]:
        return self.fates["new"]

    @property
    def fixed(self) -> list[dict]:
        return self.fates["fixed"]

    def score(self, metric: str) -> ScoreDelta:
        for delta in self.scores:
            if delta.metric == metric.lower():
                return delta
        raise HistoryError(f"runs {self.run_a['run_id']} and {self.run_b['run_id']} have no {metric} score "
                           f"(they have: {', '.join(d.metric for d in self.scores) or 'none'})")


def _segment_key(segment: dict) -> tuple:
    return segment["pair_id"], segment["source"], tuple(segment["references"])


def _run_segments(history: HistoryStore, run: Mapping[str, Any], metric: str) -> tuple[list[dict], str]:
    # `run`: a RunRecord, or a score row of history.scores() (it has the same run columns)
    """A run's scored segments for `metric` and a note on any left out. For a metric scored against
    reviewers' post-edits (hter), the segments' references are the post-edits, as when it was scored."""
    segments = history.segments(run["run_id"], metric)
    if not metric_spec(metric).needs_post_edit or not segments:
        return segments, ""
    # The post-edits as they stood when the run was scored (the edit log is dated), of the run's document.
    post_edits = history.post_edits(run["corpus"], run["document"] or None, before=run["created"])
    return _with_post_edits(segments, post_edits, metric, run["run_id"])


def _with_post_edits(segments: list[dict], post_edits: dict[str, str], metric: str,
                     run_id: str) -> tuple[list[dict], str]:
    """The segments with, as their one reference, the post-edit of their source sentence.

    The post-edits are those the log held when the run was scored; a segment takes its post-edit only
    where it reproduces the recorded segment score (a guard against a log entry made in the same second as
    the run), and one that does not is left out of the test, with a note, rather than tested against a
    text it was never scored against.
    """
    from mtreview.metrics.sacrebleu_adapter import score_from_statistics
    from mtreview.metrics.sacrebleu_metrics import segment_statistics
    from mtreview.metrics.significance import sacrebleu_metric

    candidates = [s for s in segments if s["score"] is not None and s["source"] in post_edits]
    kept = []
    if candidates:
        scorer = sacrebleu_metric(metric)
        stats = segment_statistics(scorer, [s["target"] for s in candidates],
                                   [[post_edits[s["source"]] for s in candidates]])
        for segment, stat in zip(candidates, stats):
            if abs(score_from_statistics(scorer, stat) - segment["score"]) <= 1e-9:
                kept.append(segment | {"references": [post_edits[segment["source"]]]})
    left_out = len(segments) - len(kept)
    if not left_out:
        return kept, ""
    return kept, (f"{left_out} of the {len(segments)} {metric} segments of run {run_id} were scored against a "
                  "post-edit the history no longer holds (a later sheet replaced it): left out of the test")


def _paired_test(metric: str, systems: list[tuple[str, list[dict]]], signature: str, n_samples: int):
    """A paired bootstrap over segments already matched across systems (same order)."""
    from mtreview.metrics.significance import PairedBootstrap

    first = systems[0][1]
    text = metric_spec(metric).sacrebleu is not None
    references = None
    if text:
        depth = max(len(segment["references"]) for segment in first)
        # Pairs with fewer references repeat their first, as mtreview.metrics.reference_streams does.
        references = [[s["references"][i] if i < len(s["references"]) else s["references"][0] for s in first]
                      for i in range(depth)]
    test = PairedBootstrap(metric, len(first), references, n_samples, "" if text else signature)
    for name, segments in systems:
        test.add(name, [s["target"] if text else s["score"] for s in segments])
    return test


def _matched(segment_lists: list[list[dict]]) -> list[list[dict]]:
    """The segments every list has, same pair id, source and references, in the first list's order."""
    common = set.intersection(*({_segment_key(s) for s in segments if s["score"] is not None}
                                for segments in segment_lists))
    indexed = [{_segment_key(s): s for s in segments} for segments in segment_lists]
    order = [_segment_key(s) for s in segment_lists[0] if _segment_key(s) in common]
    return [[index[key] for key in order] for index in indexed]


def _test_caveat(metric: str, signature: str, test_signature: str, segments: list[dict]) -> str:
    """Why the test's numbers may not be exactly the recorded metric's, or '' when they are."""
    if metric_spec(metric).sacrebleu is None:
        return ""
    recorded, rerun = _fields(signature), _fields(test_signature)
    nrefs = recorded.get("nrefs", "1")
    if nrefs.isdigit() and int(nrefs) > max(len(s["references"]) for s in segments):
        return (f"recorded with {nrefs} references but the history kept only the first (a run recorded before "
                "schema 3): the test is not the recorded metric")
    settings = {key: value for key, value in recorded.items() if key not in _TEST_FIELDS}
    differing = {key: value for key, value in settings.items() if rerun.get(key) != value}
    if differing:
        return ("the test reran the metric with sacrebleu's defaults, which differ from the recorded settings: "
                + ", ".join(f"{key}:{value}→{rerun.get(key, '-')}" for key, value in differing.items()))
    if recorded.get("version") != rerun.get("version"):
        return f"scores recorded with sacrebleu {recorded.get('version')}, the test ran {rerun.get('version')}"
    return ""


def _compare_metric(history: HistoryStore, metric: str, run_a: RunRecord, run_b: RunRecord, score_a: RunScore | None,
                    score_b: RunScore | None, n_samples: int) -> ScoreDelta:
    base = ScoreDelta(metric, score_a.corpus_score if score_a else None, score_b.corpus_score if score_b else None,
                      score_a["signature"] if score_a else "", score_b["signature"] if score_b else "")
    if score_a is None or score_b is None:
        missing = run_a["run_id"] if score_a is None else run_b["run_id"]
        return replace(base, note=f"no {metric} score in run {missing}")
    if not base.comparable:
        if base.a is None or base.b is None:
            return replace(base, note="no corpus score in one of the runs")
        return replace(base, note="signatures differ ("
                       + signature_difference(base.signature_a, base.signature_b) + "): not compared")
    (all_a, note_a), (all_b, note_b) = _run_segments(history, run_a, metric), _run_segments(history, run_b, metric)
    left_out = "; ".join(note for note in (note_a, note_b) if note)
    segments_a, segments_b = _matched([all_a, all_b])
    if not segments_a:
        return replace(base, note="; ".join(filter(None, [
            "no segment in common (same id, source and references)", left_out])))
    try:
        test = _paired_test(metric, [("A", segments_a), ("B", segments_b)], base.signature_a, n_samples)
    except MetricError as error:
        raise HistoryError(f"runs {run_a['run_id']} and {run_b['run_id']}: {metric}: {error}") from error
    return replace(base, shared=len(segments_a), p_value=test.p_value("A", "B"), note="; ".join(filter(None, [
        _test_caveat(metric, base.signature_a, test.signature, segments_a), left_out])))


def _finding_deltas(history: HistoryStore, run_a: RunRecord, run_b: RunRecord) -> tuple[pd.DataFrame, dict[str, list[dict]]]:
    """Each finding of A and B sorted into FINDING_FATES, matched by fingerprint as a multiset (one sentence
    repeated in a document gives the same fingerprint twice). Dismissal is judged by the decisions that
    stand now in B's document; "fixed" needs the text to have changed, so a finding that disappeared only
    because a reviewer dismissed it is never called fixed."""
    found_a, found_b = history.findings(run_a["run_id"]), history.findings(run_b["run_id"])
    dismissed = history.dismissed_fingerprints(run_b["corpus"], run_b["document"])
    targets_b: dict[str, set[str]] = {}
    for source, target in history.run_pairs(run_b["run_id"]).values():
        targets_b.setdefault(source, set()).add(target)
    fates: dict[str, list[dict]] = {fate: [] for fate in FINDING_FATES}
    remaining_a = Counter(f["fingerprint"] for f in found_a)
    for finding in found_b:
        fingerprint = finding["fingerprint"]
        matched = remaining_a[fingerprint] > 0
        if matched:
            remaining_a[fingerprint] -= 1
        fate = "dismissed" if fingerprint in dismissed else "open" if matched else "new"
        fates[fate].append(finding)
    for finding in found_a:
        if remaining_a[finding["fingerprint"]] <= 0:
            continue
        remaining_a[finding["fingerprint"]] -= 1
        targets = targets_b.get(finding["source"])
        if finding["fingerprint"] in dismissed:
            fate = "dismissed"
        elif targets is not None and finding["target"] not in targets:
            fate = "fixed"
        else:
            fate = "gone"
        fates[fate].append(finding)
    table: dict[str, Counter] = {}
    for column, findings in (("A", found_a), ("B", found_b), *fates.items()):
        for finding in findings:
            table.setdefault(finding["category"], Counter())[column] += 1
    columns = ["A", "B", *FINDING_FATES]
    frame = pd.DataFrame([{"category": name, **{c: counts[c] for c in columns}} for name, counts in sorted(table.items())],
                         columns=["category", *columns])
    return frame, fates


def compare_runs(history: HistoryStore, run_a: str, run_b: str, n_samples: int = 1000) -> RunComparison:
    """Score deltas (paired bootstrap on the shared segments) and finding deltas (by fingerprint) from
    run A to run B."""
    first, second = history.run(history.resolve(run_a)), history.run(history.resolve(run_b))
    scores_a = {s["metric"].lower(): s for s in first["scores"]}
    scores_b = {s["metric"].lower(): s for s in second["scores"]}
    metrics = list(dict.fromkeys([*scores_a, *scores_b]))
    deltas = [_compare_metric(history, m, first, second, scores_a.get(m), scores_b.get(m), n_samples)
              for m in metrics]
    frame, fates = _finding_deltas(history, first, second)
    notes = []
    if first["corpus"] != second["corpus"]:
        notes.append(f"the runs are of different corpora ({first['corpus']}, {second['corpus']}): scores are "
                     "tested on the segments they share, findings matched by fingerprint")
    return RunComparison(first, second, deltas, frame, fates, notes)


@dataclass
class Leaderboard:
    corpus: str
    metric: str
    signature: str
    # best first (by the metric's direction): rank, cluster, system, score (the recorded corpus score when
    # every run scored just the shared segments, else the metric's corpus score on those), p_value (against
    # the best system of its cluster; for a cluster's best, against the best of the cluster above), run_id,
    # created, findings, major (major + critical findings), mqm
    frame: pd.DataFrame
    shared: int
    notes: list[str] = field(default_factory=list)


def leaderboard(history: HistoryStore, corpus: str, metric: str = "chrf", n_samples: int = 1000,
                alpha: float = 0.05) -> Leaderboard:
    """Systems ranked on their latest run of the corpus, in significance clusters.

    Clusters are built top down, as in WMT rankings: walking down the ranking, a system opens a new
    cluster when the paired bootstrap finds it significantly worse (p < alpha) than the best system of
    the current cluster; systems in one cluster are not told apart by the test.
    """
    metric = metric.lower()
    latest: dict[str, dict] = {}
    for row in history.scores(metric, corpus=corpus):  # oldest first, so the last one per system stays
        if row["score"] is not None:
            latest[row["system"]] = row
    if not latest:
        raise HistoryError(f"{history.location}: no {metric} scores for corpus {corpus} in the history")
    notes = []
    # The signature most systems share sets the board; the most recent run breaks a tie.
    counts = Counter(row["signature"] for row in latest.values())
    newest = max(latest.values(), key=lambda row: row["created"])["signature"]
    signature = max(counts, key=lambda sig: (counts[sig], sig == newest))
    for name, row in sorted(latest.items()):
        if row["signature"] != signature:
            notes.append(f"{name or '(no system)'} left out: its latest run {row['run_id']} has another {metric} "
                         f"signature ({signature_difference(signature, row['signature'])})")
    board = {name: row for name, row in latest.items() if row["signature"] == signature}
    names = list(board)
    found = [_run_segments(history, board[name], metric) for name in names]
    notes.extend(note for _, note in found if note)
    segments = _matched([run_segments for run_segments, _ in found])
    if not segments[0]:
        raise HistoryError(f"{history.location}: the latest runs of corpus {corpus} share no {metric}-scored segment "
                           "(same id, source and references)")
    labels = [name or "(no system)" for name in names]
    try:
        test = _paired_test(metric, list(zip(labels, segments)), signature, n_samples)
    except MetricError as error:
        raise HistoryError(f"{history.location}: leaderboard of {corpus}: {metric}: {error}") from error
    spec, shared = metric_spec(metric), len(segments[0])
    if all(row["segments"] == shared for row in board.values()):
        # Every run scored just these segments: the board shows the figure each run recorded.
        scores = {label: board[name]["score"] for label, name in zip(labels, names)}
    else:
        # The test's corpus score on the shared segments, computed as the metric computes one.
        scores = {label: test.score(label) for label in labels}
        how = ("from their summed sacrebleu statistics, as a corpus score" if spec.sacrebleu
               else "the mean of their segment scores")
        notes.append(f"scores are on the {shared} segments every system's latest run shares (up to "
                     f"{max(row['segments'] for row in board.values())} were scored), {how}, not the recorded "
                     "corpus scores")
    caveat = _test_caveat(metric, signature, test.signature, segments[0])
    if caveat:
        notes.append(caveat)
    order = sorted(labels, key=lambda label: scores[label], reverse=spec.higher_is_better)
    clusters, p_values, head = {order[0]: 1}, {}, order[0]
    for label in order[1:]:
        p_values[label] = test.p_value(head, label)
        if p_values[label] < alpha:
            clusters[label] = clusters[head] + 1
            head = label
        else:
            clusters[label] = clusters[head]
    runs = {run["run_id"]: run for run in history.runs(corpus)}
    rows = []
    for rank, label in enumerate(order, 1):
        run = runs[board[names[labels.index(label)]]["run_id"]]
        rows.append({"rank": rank, "cluster": clusters[label], "system": label, "score": scores[label],
                     "p_value": p_values.get(label), "run_id": run["run_id"], "created": run["created"],
                     "findings": run["findings"], "major": run["findings_major"] + run["findings_critical"],
                     "mqm": run["mqm_penalty"]})
    return Leaderboard(corpus, metric, signature, pd.DataFrame(rows), len(segments[0]), notes)
