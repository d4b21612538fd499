"""Metric facts in one place (mtreview.metrics.specs), and HTER ranked as the lower-is-better TER it is in
`history compare`, `trend`, `leaderboard` and `--fail-if-worse`, on a history recorded by the real pipeline."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview import records
from mtreview.cli import app
from mtreview.history import HistoryStore, open_history
from mtreview.metrics import METRICS, PAIR_LEVEL
from mtreview.metrics.significance import SACREBLEU_METRICS, sacrebleu_metric
from mtreview.metrics.specs import SPECS, metric_spec
from mtreview.records import Corpus
from mtreview.review import ReviewOptions, review_corpus
from mtreview.tracking import compare_runs, leaderboard, trend
from tests.support.history_runs import CORPUS, RUNS, pairs

DESK_1 = next(iter(RUNS))
DESK_3, MT_3, MT_4, MT_5 = ("20240315T090000Z-desk03", "20240316T090000Z-mt0003", "20240416T090000Z-mt0004",
                            "20240516T090000Z-mt0005")


def test_every_metric_has_a_spec_and_the_registries_follow_it():
    assert set(METRICS) <= set(SPECS)
    assert PAIR_LEVEL == {name for name in METRICS if SPECS[name].needs_source} == {"comet"}
    assert set(SACREBLEU_METRICS) == {"bleu", "chrf", "chrf++", "ter", "hter"}
    for name in ("ter", "hter", "mqm", "findings"):
        assert metric_spec(name).lower_is_better, name
    for name in ("bleu", "chrf", "chrf++", "comet"):
        assert metric_spec(name).higher_is_better, name
    assert metric_spec("COMET").decimals == 4 and metric_spec("findings").format(3.0) == "3"
    assert metric_spec("chrF").format(94.4321) == "94.43" and metric_spec("hter").format(None) == "-"
    hter = metric_spec("hter")
    assert hter.needs_post_edit and not hter.needs_reference and hter.sacrebleu == "ter"
    assert type(sacrebleu_metric("hter")).__name__ == "TER"
    future = metric_spec("metricx-24")  # a metric recorded by a later mtreview
    assert future.higher_is_better and future.decimals == 2 and future.format(1.23456) == "1.23"
    assert hter.improved(-1.0) is True and hter.improved(2.0) is False and hter.improved(0.0) is None


def test_specs_import_nothing_heavy():
    code = ("import sys, mtreview.metrics.specs; "
            "print(sorted(m for m in ('pandas', 'numpy', 'torch', 'sacrebleu') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def record_post_edits(store: HistoryStore, run_id: str, edits: list[tuple], ingested: str) -> None:
    """Reviewers' corrections of (pair, corrected text), as `mtreview ingest` stores them."""
    store.record_decisions([], ingested, edits=[
        records.SegmentEdit(pair.source, corrected, target=pair.target, run_id=run_id, pair_id=pair.id)
        for pair, corrected in edits])


def review_run(path: Path | str, run_id: str, created: str, system: str, document_pairs):
    """A run as `mtreview review` makes it with the history: scored against the post-edits (HTER)."""
    review = review_corpus(Corpus(CORPUS, document_pairs, Path(f"{CORPUS}.tsv")),
                           ReviewOptions(metrics="chrf", system=system, document="brief-1", history_path=path))
    return replace(review, run_id=run_id, created=created)


@pytest.fixture
def history(history_location, history_runs):
    """The desk post-edited every sentence of its January run (to the reference); in March and April the
    desk and the MT system are reviewed again and scored against those post-edits. On each backend;
    `history.given` is the location as a user gives it (`--history`)."""
    with open_history(history_location) as store:
        store.given = str(history_location)
        for review in history_runs.values():
            store.record(review)
        record_post_edits(store, DESK_1, [(pair, pair.references[0]) for pair in pairs("close")],
                          "2024-02-20T09:00:00Z")
        store.runs_made = {}
        for run_id, created, system, document_pairs in (
                (DESK_3, "2024-03-15T09:00:00Z", "desk", pairs("close", edited=True)),
                (MT_3, "2024-03-16T09:00:00Z", "mt", pairs("loose")),
                (MT_4, "2024-04-16T09:00:00Z", "mt", pairs("loose", loose_share=0.5))):
            review = review_run(history_location, run_id, created, system, document_pairs)
            store.record(review)
            store.runs_made[run_id] = review
        yield store


def hter_of(review):
    [score] = [s for s in review.scores if s.metric == "hter"]
    return score


def test_hter_improvement_and_regression_in_compare(history):
    better = compare_runs(history, MT_3, MT_4, n_samples=300).score("hter")
    assert better.delta < 0 and better.lower_is_better and better.improved is True
    assert not better.worse() and better.shared == 43 and better.note == ""
    worse = compare_runs(history, MT_4, MT_3, n_samples=300).score("hter")
    assert worse.delta > 0 and worse.improved is False and worse.p_value < 0.05 and worse.worse()


def test_hter_trend_calls_a_drop_an_improvement(history):
    frame = trend(history, "hter", system="mt").frame
    assert list(frame["run_id"]) == [MT_3, MT_4]
    assert list(frame["score"]) == [hter_of(history.runs_made[run]).corpus for run in (MT_3, MT_4)]
    assert frame["delta"].iloc[1] < 0 and frame["improved"].tolist() == [None, True]


def test_hter_leaderboard_shows_the_recorded_corpus_hter_lowest_first(history):
    board = leaderboard(history, CORPUS, "HTER", n_samples=300)
    frame = board.frame
    assert list(frame["system"]) == ["desk", "mt"] and list(frame["run_id"]) == [DESK_3, MT_4]
    for row in frame.itertuples():
        recorded = hter_of(history.runs_made[row.run_id])
        assert row.score == recorded.corpus  # the figure the run recorded, not recomputed
        assert row.score != pytest.approx(sum(recorded.segments) / len(recorded.segments), abs=1e-6)
    assert frame["p_value"].iloc[1] < 0.05 and board.shared == 43 and board.notes == []


def test_hter_leaderboard_on_a_subset_is_corpus_ter_against_the_post_edits(history):
    from sacrebleu.metrics import TER

    shorter = pairs("loose")[:20]  # the MT system's May run covers only the first 20 sentences
    history.record(review_run(history.given, MT_5, "2024-05-16T09:00:00Z", "mt", shorter))
    board = leaderboard(history, CORPUS, "hter", n_samples=300)
    assert board.shared == 20
    assert any("20 segments" in note and "summed sacrebleu statistics" in note for note in board.notes)
    desk = pairs("close", edited=True)[:20]
    expected = TER().corpus_score([p.target for p in desk], [[p.references[0] for p in desk]]).score
    [score] = board.frame.loc[board.frame["system"] == "desk", "score"]
    assert score == pytest.approx(expected, abs=1e-9)


def test_a_later_post_edit_does_not_change_the_test_of_earlier_runs(history):
    """The edit log is dated: runs are tested against the post-edits they were scored against."""
    first = pairs("close")[0]
    before = compare_runs(history, MT_3, MT_4, n_samples=300).score("hter")
    record_post_edits(history, DESK_1, [(first, "An entirely different correction.")], "2024-04-20T09:00:00Z")
    after = compare_runs(history, MT_3, MT_4, n_samples=300).score("hter")
    assert after.shared == before.shared == 43 and after.note == "" and after.p_value == before.p_value


runner = CliRunner()


def test_fail_if_worse_hter_through_the_cli(history):
    def gate(a: str, b: str):
        return runner.invoke(app, ["history", "compare", a, b, "--fail-if-worse", "hter", "--samples", "300",
                                   "--history", history.given])

    improved = gate(MT_3, MT_4)
    assert improved.exit_code == 0, improved.output
    assert "better (lower is better)" in improved.stdout
    regressed = gate(MT_4, MT_3)
    assert regressed.exit_code == 1, regressed.output
    assert "Gate: hter is significantly worse" in regressed.stderr and "lower is better" in regressed.stderr

    board = runner.invoke(app, ["history", "leaderboard", "--corpus", CORPUS, "--metric", "hter", "--samples", "300",
                                "--history", history.given])
    assert board.exit_code == 0, board.output
    rows = [line.split() for line in board.stdout.splitlines()[2:]]
    assert [row[2] for row in rows] == ["desk", "mt"]
    assert rows[0][3] == f"{hter_of(history.runs_made[DESK_3]).corpus:.2f}"
