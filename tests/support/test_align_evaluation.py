"""The strict/lax evaluation of alignments against gold beads (tests/support/align_evaluation.py)."""

from __future__ import annotations

import pytest

from tests.support.align_evaluation import merge_by_verse, read_gold, score_alignments

# --- evaluation -------------------------------------------------------------------------------


def test_strict_and_lax_scores_follow_sennrich_and_volk(tmp_path):
    gold_file = tmp_path / "gold.align"
    gold_file.write_text("[0]:[0]\n[1]:[1,2]\n[2]:[]\n", encoding="utf-8")
    gold = read_gold(gold_file)
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ())]
    quality = score_alignments([gold], [test])
    # Precision over the 4 test beads: 2 exact ([0]:[0], the deletion [2]:[]), 1 more overlapping
    # ([1]:[1] inside [1]:[1,2]). Recall over gold pairs without deletions: 1 exact of 2, 2 overlapping.
    assert (quality.precision_strict, quality.precision_lax) == (0.5, 0.75)
    assert (quality.recall_strict, quality.recall_lax) == (0.5, 1.0)
    assert quality.f1_strict == pytest.approx(0.5) and quality.f1_lax == pytest.approx(2 * 0.75 / 1.75)
    perfect = score_alignments([gold], [gold])
    assert perfect.f1_strict == perfect.f1_lax == 1.0


def test_beads_within_one_verse_are_joined_before_scoring():
    en_verses, zh_verses = ["v1", "v2", "v2"], ["v1", "v1", "v2", "v2"]
    test = [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    assert merge_by_verse(test, en_verses, zh_verses) == [((0,), (0, 1)), ((1, 2), (2, 3))]
