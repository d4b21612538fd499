"""A review whose pairs, findings and score ids are SpillLists on disk (mtreview.records): merge joins,
totals and pair order as from the same review in memory."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from mtreview.errors import ReportError
from mtreview.records import Severity
from mtreview.report.machine import write_findings_jsonl
from mtreview.spill import SpillList
from tests.support.spilled_review import hand_built, spilled, wmt23_review, xinhua_review


def test_wmt23_scores_cover_a_subsequence_of_the_pairs(tmp_path):
    review = wmt23_review()
    score = review.scores[0]
    assert 0 < len(score.pair_ids) < len(review.pairs)
    segments = [values[0] for values in spilled(review).segment_scores()]
    assert segments == [score.segment_score(pair.id) for pair in review.pairs]
    assert segments.count(None) == len(review.pairs) - len(score.pair_ids)


def test_grouped_and_segments_merge_join(no_random_access):
    review = xinhua_review()
    big = spilled(review)
    assert list(big.grouped()) == list(review.grouped())
    assert list(big.segments()) == list(review.segments())
    assert list(big.segment_scores()) == list(review.segment_scores())
    assert list(big.ordered_findings()) == list(review.ordered_findings())
    for position, pair, findings, values in review.segments():
        assert pair is review.pairs[position]
        assert all(finding.pair_id == pair.id for finding in findings)
        assert values == tuple(score.segment_score(pair.id) for score in review.scores)
    assert sum(len(findings) for _, _, findings in review.grouped()) == len(review.findings)
    assert big.totals() == review.totals()


def test_totals_match_the_figures_counted_directly():
    review = xinhua_review()
    totals = spilled(review).totals()
    assert (totals.pairs, totals.findings) == (len(review.pairs), len(review.findings))
    words = sum(len(pair.target.split()) for pair in review.pairs)
    assert totals.target_words == words
    severities = Counter(finding.severity for finding in review.findings)
    assert totals.severities == {severity: severities[severity] for severity in
                                 (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR, Severity.NEUTRAL)}
    assert totals.categories == dict(sorted(Counter(finding.category for finding in review.findings).items()))
    weight = sum(finding.severity.weight for finding in review.findings)
    assert totals.mqm_penalty == pytest.approx(weight / words * 100)


def test_spilled_findings_out_of_pair_order_are_refused(tmp_path):
    review = hand_built()
    findings = list(review.findings)
    big = replace(spilled(review, block_size=2),
                  findings=SpillList(findings[3:4] + findings[:3], block_size=2))  # c's before a's
    with pytest.raises(ReportError, match="not in pair order.*'a'"):
        list(big.ordered_findings())
    with pytest.raises(ReportError, match="not in pair order"):
        write_findings_jsonl(big, tmp_path / "findings.jsonl")
    assert not (tmp_path / "findings.jsonl").exists()


def test_spilled_score_ids_out_of_pair_order_are_refused():
    review = hand_built()
    score = replace(review.scores[0], pair_ids=SpillList(("c", "a"), block_size=1))
    big = replace(spilled(review, block_size=2), scores=[score])
    with pytest.raises(ReportError, match="chrf: segment scores are not in pair order"):
        list(big.segment_scores())
    # in memory, any order works (a hand-built review)
    unordered = replace(review, scores=[replace(review.scores[0], pair_ids=("c", "a"))])
    assert list(unordered.segment_scores()) == [(60.0,), (None,), (40.0,)]
