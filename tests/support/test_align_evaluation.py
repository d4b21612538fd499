"""The strict/lax evaluation of alignments against gold beads (tests/support/align_evaluation.py)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support.align_evaluation import (
    bootstrap_statistics,
    document_counts,
    merge_by_verse,
    read_gold,
    score_alignments,
    strict_statistics,
)

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


def test_document_counts_sum_to_the_strict_scores_and_the_orphan_recalls():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((), (3,))]
    wrong = [((0,), (0, 1)), ((1, 2), (2,)), ((), (3,))]
    counts = document_counts(gold, test)
    # 3 of the 5 test beads are gold beads; 1 of the 2 gold pairs is found; both orphans are.
    assert counts.tolist() == [3, 2, 1, 1, 1, 1, 1, 1]
    both = counts + document_counts(gold, wrong)
    f1, recall10, recall01 = strict_statistics(both)
    quality = score_alignments([gold, gold], [test, wrong])
    assert f1 == pytest.approx(quality.f1_strict)
    assert (recall10, recall01) == (0.5, 1.0)  # the second document drops the 1-0 into a 2-1


def test_the_bootstrap_resamples_articles_whole_and_pairs_the_systems():
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    right, wrong = list(gold), [((0,), (1,)), ((1,), (0,)), ((2,), ())]
    # Articles a (two variants, one aligned right, one wrong) and b (right): a resample holds a's
    # variants together, so its F1 is one of three values: a alone, b alone, or both.
    first = np.array([document_counts(gold, right), document_counts(gold, wrong), document_counts(gold, right)])
    second = np.array([document_counts(gold, wrong), document_counts(gold, wrong), document_counts(gold, right)])
    resampled = bootstrap_statistics({"first": first, "second": second}, ["a", "a", "b"], samples=400)
    f1 = resampled["first"][:, 0]
    a_alone, b_alone = strict_statistics(first[:2].sum(axis=0))[0], 1.0
    both = strict_statistics(first.sum(axis=0))[0]
    assert set(np.round(f1, 6)) == {round(a_alone, 6), round(b_alone, 6), round(both, 6)}
    # Paired: the second system is never better on the same resample, and equal where b is alone.
    difference = resampled["second"][:, 0] - f1
    assert (difference <= 1e-12).all() and (difference[np.isclose(f1, 1.0)] == 0).all()
    # The one orphan is found in every variant: its recall does not vary; 0-1 has none to find.
    assert (resampled["first"][:, 1] == 1.0).all() and np.isnan(resampled["first"][:, 2]).all()
    np.testing.assert_array_equal(bootstrap_statistics({"first": first}, ["a", "a", "b"], samples=50, seed=3)["first"],
                                  bootstrap_statistics({"first": first}, ["a", "a", "b"], samples=50, seed=3)["first"])


def test_beads_within_one_verse_are_joined_before_scoring():
    en_verses, zh_verses = ["v1", "v2", "v2"], ["v1", "v1", "v2", "v2"]
    test = [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    assert merge_by_verse(test, en_verses, zh_verses) == [((0,), (0, 1)), ((1, 2), (2, 3))]
