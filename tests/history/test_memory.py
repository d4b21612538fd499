"""The decision log: reviewers' decisions and post-edits round-trip through the history."""

from __future__ import annotations

import pytest

from mtreview.errors import HistoryError
from mtreview.history import open_history
from tests.support.history_review import make_review
from tests.support.sample_review import CORE_EN, CORE_ZH


def test_decisions_and_post_edits_round_trip(history_location):
    from mtreview.records import Decision, SegmentEdit

    review = make_review("r1", "2022-09-16T08:00:00Z")
    apostrophe = review.findings[0]
    with open_history(history_location) as history:
        history.record(review)
        history.record_decisions([
            Decision("r1", apostrophe.fingerprint, "fixed", pair_id=apostrophe.pair_id, check=apostrophe.check,
                     source=CORE_ZH, target=CORE_EN, reviewer="lh"),
        ], ingested="2022-09-16T09:00:00Z",
            edits=[SegmentEdit(CORE_ZH, post_edit=CORE_EN.replace("‘", "’"), run_id="r1", reviewer="lh")])
        assert history.decisions("xinhua-belarus")[apostrophe.fingerprint].decision == "fixed"
        assert history.post_edits("xinhua-belarus") == {CORE_ZH: CORE_EN.replace("‘", "’")}
        assert apostrophe.fingerprint in history.run_findings("r1")
        with pytest.raises(HistoryError, match="no run r9"):
            history.record_decisions([Decision("r9", "x", "confirmed")], ingested="2022-09-16T09:00:00Z")
