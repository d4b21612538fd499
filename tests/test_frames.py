"""Findings, pairs and scores as pandas DataFrames (mtreview.frames)."""

from __future__ import annotations

import mtreview
from mtreview.frames import FINDING_COLUMNS, PAIR_COLUMNS, SCORE_COLUMNS
from mtreview.records import Finding, Pair, Review, Score, Severity


def _review() -> Review:
    pairs = [Pair("p1", "中国的发展", "China‘s development", references=("China's development",)),
             Pair("p2", "新冠肺炎", "new crown pneumonia")]
    findings = [Finding("p2", "term-forbidden", "Terminology/Inappropriate for context", Severity.MAJOR,
                        "calque", suggestion="COVID-19", target_span=(0, 19), fingerprint="b"),
                Finding("p1", "quote-apostrophe", "Fluency/Punctuation", Severity.MINOR, "left quote",
                        target_span=(5, 6), fingerprint="a")]
    scores = [Score("chrf", 80.0, (80.0,), "nrefs:1", pair_ids=("p1",))]
    return Review("c", pairs, findings, scores, run_id="r", created="2024-01-01T00:00:00Z", tool_version="0")


def test_frames_have_the_documented_columns_in_reading_order():
    review = _review()
    findings = mtreview.findings_frame(review)
    assert tuple(findings.columns) == FINDING_COLUMNS
    assert list(findings["pair_id"]) == ["p1", "p2"]  # by pair order, whatever order they were given in
    assert findings.loc[1, "source"] == "新冠肺炎" and findings.loc[1, "target_end"] == 19
    assert findings["source_start"].isna().all()
    pairs = mtreview.pairs_frame(review)
    assert tuple(pairs.columns) == (*PAIR_COLUMNS, "chrf")
    assert list(pairs["findings"]) == [1, 1] and pairs.loc[0, "chrf"] == 80.0 and pairs["chrf"].isna()[1]
    assert pairs.loc[0, "reference"] == "China's development" and pairs["reference"].isna()[1]
    scores = mtreview.scores_frame(review)
    assert tuple(scores.columns) == SCORE_COLUMNS
    assert scores.to_dict("records") == [{"metric": "chrf", "corpus_score": 80.0, "signature": "nrefs:1",
                                          "segments": 1, "note": ""}]


def test_an_empty_review_gives_empty_frames_with_the_columns():
    empty = Review("c", [], [], [], run_id="r", created="2024-01-01T00:00:00Z", tool_version="0")
    assert tuple(mtreview.findings_frame(empty).columns) == FINDING_COLUMNS
    assert tuple(mtreview.pairs_frame(empty).columns) == PAIR_COLUMNS
    assert tuple(mtreview.scores_frame(empty).columns) == SCORE_COLUMNS
    assert len(mtreview.findings_frame(empty)) == 0
