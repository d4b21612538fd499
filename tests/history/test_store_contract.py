"""The HistoryStore contract, on both backends: every test runs on a SQLite file and on a fresh PostgreSQL
database (the `history_location` fixture), through `open_history` only, and expects the same answers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

from mtreview.errors import HistoryError
from mtreview.history import HistoryStore, open_history
from mtreview.history import sql as history_sql
from mtreview.records import Decision, ReviewerFinding, SegmentEdit, Severity
from mtreview.tracking import compare_runs, trend
from tests.support.history_runs import CORPUS, RUNS, TERM_ZH, make_run
from tests.support.postgres_server import PASSWORD


@pytest.fixture(scope="module")
def reviews() -> dict:
    """The four runs of history_runs, reviewed once for the module (the real pipeline, a second or two)."""
    return {run_id: make_run(run_id, created, system, make_pairs())
            for run_id, (created, system, make_pairs) in RUNS.items()}


def record(store: HistoryStore, reviews: dict) -> None:
    for review in reviews.values():
        store.record(review)


def test_runs_read_back_as_recorded(history_location, reviews):
    with open_history(history_location) as store:
        assert isinstance(store, HistoryStore)
        record(store, reviews)
        runs = store.runs()
        assert [run.run_id for run in runs] == sorted(RUNS, key=lambda run_id: RUNS[run_id][0], reverse=True)
        assert [run.run_id for run in store.runs(CORPUS, system="desk")] == ["20240215T090000Z-desk02",
                                                                            "20240115T090000Z-desk01"]
        assert [run.run_id for run in store.runs(since="2024-02", before="2024-02-16")] == ["20240215T090000Z-desk02"]
        assert store.run_ids() == set(RUNS) and store.runs_exist(list(RUNS)) and not store.runs_exist(["nope"])
        with_scores = store.runs(CORPUS, system="mt", with_scores=True)
        assert [run.scores for run in with_scores] == [store.run(run.run_id).scores for run in with_scores]
        assert all(len(run.scores) == 2 for run in with_scores) and runs[0].scores == ()
        review = reviews["20240115T090000Z-desk01"]
        run = store.run(review.run_id)
        totals = review.totals()
        assert (run.corpus, run.document, run.system, run.created) == (CORPUS, "brief-1", "desk", review.created)
        assert (run.pairs, run.target_words, run.findings) == (totals.pairs, totals.target_words, totals.findings)
        assert run.mqm_penalty == totals.mqm_penalty  # a double both ways, not rounded to 4 bytes
        assert run.config == review.config
        recorded = {score.metric: score for score in run.scores}
        for score in review.scores:
            assert recorded[score.metric].corpus_score == score.corpus
            assert recorded[score.metric].signature == score.signature
        segments = store.segments(review.run_id, "CHRF")
        chrf = next(score for score in review.scores if score.metric == "chrf")
        assert [segment["score"] for segment in segments] == list(chrf.segments)
        assert segments[0]["references"] == list(review.pairs[0].references)
        assert store.run_pairs(review.run_id) == {pair.id: (pair.source, pair.target) for pair in review.pairs}
        assert [(f["pair_id"], f["check_id"], f["fingerprint"]) for f in store.findings(review.run_id)] == [
            (f.pair_id, f.check, f.fingerprint) for f in review.findings]
        assert set(store.run_findings(review.run_id)) == {f.fingerprint for f in review.findings}
        series = store.scores("chrF", corpus=CORPUS, system="mt")
        assert [row["run_id"] for row in series] == ["20240116T090000Z-mt0001", "20240216T090000Z-mt0002"]
        assert store.resolve("desk02") == "20240215T090000Z-desk02" == store.resolve("20240215T0900")
        with pytest.raises(HistoryError, match="ambiguous"):
            store.resolve("2024")
        with pytest.raises(HistoryError, match="no run nope"):
            store.run("nope")


def test_runs_of_the_same_second_list_in_recording_order(history_location, reviews):
    template = reviews["20240115T090000Z-desk01"]
    with open_history(history_location) as store:
        for run_id in ("b-second", "a-first", "c-third"):  # ids out of order: the order is the recording's
            store.record(replace(template, run_id=run_id, created="2024-05-01T00:00:00Z"))
        assert [run.run_id for run in store.runs()] == ["c-third", "a-first", "b-second"]


def test_tracking_reads_both_backends_alike(history_location, reviews):
    with open_history(history_location) as store:
        record(store, reviews)
        comparison = compare_runs(store, "desk01", "desk02", n_samples=200)
        chrf = comparison.score("chrf")
        assert chrf.shared == 43 and chrf.p_value is not None
        frame = trend(store, "chrf", corpus=CORPUS).frame
        assert list(frame["run_id"]) == sorted(RUNS, key=lambda run_id: RUNS[run_id][0])


def test_a_duplicate_run_is_refused_and_the_first_kept(history_location, reviews):
    review = reviews["20240115T090000Z-desk01"]
    with open_history(history_location) as store:
        store.record(review)
        with pytest.raises(HistoryError, match="is already recorded"):
            store.record(replace(review, created="2025-01-01T00:00:00Z"))
        assert [run.created for run in store.runs()] == [review.created]


def test_a_record_that_fails_midway_leaves_nothing_and_the_store_usable(history_location, reviews, monkeypatch):
    first, second, third = list(reviews.values())[:3]
    real_row = history_sql._finding_row
    calls = []

    def fail_on_second_finding(run_id, finding):
        calls.append(finding)
        if len(calls) == 2:
            raise OSError("disk full while writing findings")
        return real_row(run_id, finding)

    with open_history(history_location) as store:
        store.record(first)
        monkeypatch.setattr(history_sql, "_finding_row", fail_on_second_finding)
        with pytest.raises(HistoryError, match=f"{second.run_id}.*disk full.*nothing of it was stored"):
            store.record(second)
        monkeypatch.undo()
        assert len(calls) == 2  # the run, its scores and pairs and one finding were written, uncommitted
        assert store.run_ids() == {first.run_id}
        assert store.segments(second.run_id, "chrf") == [] and store.findings(second.run_id) == []
        store.record(third)
        assert store.run_ids() == {first.run_id, third.run_id}


def test_before_commit_runs_inside_the_transaction(history_location, reviews):
    first, second = list(reviews.values())[:2]
    seen = []
    with open_history(history_location) as store:
        store.record(first, before_commit=lambda: seen.append(store.run_ids()))
        assert seen == [set()] or seen == [{first.run_id}]  # its own uncommitted row may show; others' never

        def refuse() -> None:
            raise OSError("cannot rename the run folder")

        with pytest.raises(HistoryError, match="cannot rename the run folder"):
            store.record(second, before_commit=refuse)
        assert store.run_ids() == {first.run_id}


def test_nan_scores_are_stored_as_null(history_location, reviews):
    review = reviews["20240115T090000Z-desk01"]
    review = replace(review, scores=[replace(score, corpus=float("nan")) for score in review.scores])
    with open_history(history_location) as store:
        store.record(review)
        assert {score.corpus_score for score in store.run(review.run_id).scores} == {None}


def test_decisions_corrections_and_reviewer_findings_round_trip(history_location, reviews):
    review = reviews["20240115T090000Z-desk01"]
    term = next(f for f in review.findings if f.check == "term-forbidden")
    term_pair = next(p for p in review.pairs if p.id == term.pair_id)
    with open_history(history_location) as store:
        store.record(review)
        store.record_decisions(
            [Decision(review.run_id, term.fingerprint, "false positive", pair_id=term.pair_id, check=term.check,
                      source=term_pair.source, target=term_pair.target, reviewer="lh", comment="house style")],
            ingested="2024-01-16T10:00:00Z",
            edits=[SegmentEdit(TERM_ZH, post_edit="China will help Belarus fight COVID-19.", run_id=review.run_id,
                               reviewer="lh", target=term_pair.target)],
            reviewer_findings=[ReviewerFinding(source=term_pair.source, target=term_pair.target,
                                               category="Accuracy/Mistranslation", severity=Severity.MAJOR,
                                               comment="wrong verb", flagged="supporting", run_id=review.run_id,
                                               pair_id=term_pair.id, reviewer="lh")])
        store.record_decisions([Decision(review.run_id, term.fingerprint, "confirmed", reviewer="mk")],
                               ingested="2024-01-17T10:00:00Z")
        standing = store.decisions(CORPUS, "brief-1")[term.fingerprint]
        assert (standing.decision, standing.comment, standing.reviewer) == ("confirmed", "house style", "mk")
        assert [entry["decision"] for entry in store.decision_log(run_id=review.run_id)] == ["false positive",
                                                                                            "confirmed"]
        assert store.decision_log(corpus=CORPUS, limit=1)[0]["reviewer"] == "lh"
        assert store.post_edits(CORPUS, "brief-1") == {TERM_ZH: "China will help Belarus fight COVID-19."}
        assert store.post_edits(CORPUS, "brief-1", before="2024-01-01") == {}
        assert store.segment_edits(CORPUS)[TERM_ZH].reviewer == "lh"
        (added,) = store.reviewer_findings(CORPUS, "brief-1")
        assert (added.category, added.severity, added.flagged) == ("Accuracy/Mistranslation", Severity.MAJOR,
                                                                   "supporting")
        memory = store.memory(CORPUS, "brief-1")
        assert set(memory.decisions) == {term.fingerprint} and memory.findings == [added]
        stats, by_category = store.check_stats(CORPUS)
        term_stats = next(row for row in stats if row.check == "term-forbidden")
        assert term_stats.shown == 1 and term_stats.decisions["confirmed"] == 1
        assert by_category == {"Accuracy/Mistranslation": 1}
        assert store.dismissed_fingerprints(CORPUS, "brief-1") == set()  # confirmed last
        with pytest.raises(HistoryError, match="no run r9"):
            store.record_decisions([Decision("r9", "x", "confirmed")], ingested="2024-01-18T00:00:00Z")
        assert len(store.decision_log(corpus=CORPUS)) == 2  # the refused sheet added nothing


def test_reading_needs_an_existing_history_and_never_writes(history_location, reviews):
    with pytest.raises(HistoryError):
        open_history(history_location, create=False)
    with open_history(history_location) as store:
        store.record(reviews["20240115T090000Z-desk01"])
    with open_history(history_location, create=False) as store:
        assert store.run_ids() == {"20240115T090000Z-desk01"}
        with pytest.raises(HistoryError):
            store.record(reviews["20240116T090000Z-mt0001"])
    with open_history(history_location, create=False) as store:
        assert store.run_ids() == {"20240115T090000Z-desk01"}


def test_location_and_identity_never_hold_a_password(history_location):
    with open_history(history_location) as store:
        if isinstance(history_location, Path):
            assert store.location == str(history_location) and store.identity == str(history_location.resolve())
        else:
            for text in (store.location, store.identity):
                assert PASSWORD not in text and quote(PASSWORD, safe="") not in text
            assert store.identity.startswith("postgresql://desk@127.0.0.1:")
