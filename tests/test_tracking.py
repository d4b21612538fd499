"""Quality over time: trends, run-to-run comparisons, leaderboards and the trend plots."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mtreview.errors import HistoryError
from mtreview.history import History
from mtreview.metrics.significance import PairedBootstrap
from mtreview.records import fingerprint
from mtreview.tracking import compare_runs, leaderboard, signature_difference, trend
from tests.support.history_runs import APOSTROPHE_ZH, RUNS, SPACE_ZH, TERM_ZH, make_run, pairs

DESK_1, MT_1, DESK_2, MT_2 = RUNS


def recorded(history, run_id: str, metric: str) -> float:
    return next(s.corpus for s in history.reviews[run_id].scores if s.metric == metric)


def test_trend_table_has_one_row_per_run_and_the_change_per_system(history):
    result = trend(history, "chrF")  # users type chrF, mtreview records chrf
    frame = result.frame
    assert list(frame["run_id"]) == [DESK_1, MT_1, DESK_2, MT_2]  # oldest first
    assert list(frame["series"]) == ["desk", "mt", "desk", "mt"]
    assert list(frame["score"]) == [recorded(history, run, "chrf") for run in RUNS]
    assert frame["delta"].isna().tolist() == [True, True, False, False]
    assert frame["delta"].iloc[2] == pytest.approx(recorded(history, DESK_2, "chrf") - recorded(history, DESK_1, "chrf"))
    assert frame["delta"].iloc[3] > 10  # the MT system improved a lot in February
    assert set(frame["document"]) == {"brief-1"}
    assert result.notes == []

    only_mt = trend(history, "bleu", system="mt").frame
    assert list(only_mt["run_id"]) == [MT_1, MT_2]
    with pytest.raises(HistoryError, match="no comet scores corpus delegations"):
        trend(history, "comet", corpus="delegations")


def test_trend_of_findings_reads_the_runs(history):
    frame = trend(history, "findings", system="desk").frame
    assert list(frame["score"]) == [3, 2]  # three findings, then two fixed and one new
    assert list(frame["delta"].fillna(0)) == [0, -1]


def test_a_signature_change_splits_the_series_and_says_so(history):
    run = make_run("20240315T090000Z-desk03", "2024-03-15T09:00:00Z", "desk", pairs("close"))
    run.scores = [replace(s, signature=s.signature.replace("version:", "version:9.")) for s in run.scores]
    history.record(run)
    result = trend(history, "chrf", system="desk")
    assert list(result.frame["series"]) == ["desk", "desk", "desk [signature 2]"]
    # the new series starts afresh: no change computed across the signature change
    assert result.frame["delta"].isna().tolist() == [True, False, True]
    [note] = result.notes
    assert "20240315T090000Z-desk03" in note and "version:2.6.0→9.2.6.0" in note


def test_signature_difference_names_only_what_differs():
    assert signature_difference("nrefs:1|case:mixed|version:2.4.2", "nrefs:1|case:lc|version:2.6.0") == \
        "case:mixed→lc, version:2.4.2→2.6.0"
    assert signature_difference("a:1", "a:1") == ""


def test_compare_gives_score_deltas_and_the_paired_bootstrap_p_value(history):
    from sacrebleu.metrics import CHRF

    from tests.support.sacrebleu_oracle import paired_test

    result = compare_runs(history, "desk01", "desk02")  # unique ends of run ids
    chrf = result.score("chrF")
    assert chrf.comparable and chrf.shared == 43
    assert chrf.delta == pytest.approx(recorded(history, DESK_2, "chrf") - recorded(history, DESK_1, "chrf"))
    # sacrebleu's own PairedTest on the same segments gives the same p-value.
    a, b = history.reviews[DESK_1].pairs, history.reviews[DESK_2].pairs
    _, oracle = paired_test([("A", [p.target for p in a]), ("B", [p.target for p in b])], CHRF(),
                            [[p.reference for p in a]], 1000)
    assert chrf.p_value == oracle[1].p_value
    assert 0.05 < chrf.p_value < 1  # three edited segments of 43: not significant
    assert not chrf.worse()

    regression = compare_runs(history, DESK_1, MT_1).score("chrf")
    assert regression.delta < -40 and regression.p_value < 0.01 and regression.worse()
    assert not compare_runs(history, MT_1, DESK_1).score("chrf").worse()  # better is not worse
    assert compare_runs(history, DESK_1, DESK_1).score("bleu").p_value == 1.0


def test_compare_matches_findings_by_fingerprint(history):
    result = compare_runs(history, DESK_1, DESK_2)
    term = fingerprint("term-forbidden", TERM_ZH, "new crown pneumonia")
    apostrophe = fingerprint("apostrophe", APOSTROPHE_ZH, "China‘s")
    assert {f["fingerprint"] for f in result.fixed} == {term, apostrophe}
    assert [f["check_id"] for f in result.new] == ["doubled-word"]
    by_category = result.findings.set_index("category")
    assert by_category.loc["Fluency/Punctuation", ["A", "B", "new", "fixed", "open"]].tolist() == [2, 1, 0, 1, 1]
    assert by_category.loc["Terminology/Inappropriate for context", ["fixed", "open"]].tolist() == [1, 0]
    assert by_category.loc["Fluency/Grammar", ["new", "open"]].tolist() == [1, 0]
    space = fingerprint("double-space", SPACE_ZH, "  ")
    assert space in history.run_findings(DESK_2) and by_category["open"].sum() == 1  # still there


def test_dismissed_findings_are_counted_apart(history):
    from mtreview.records import Decision

    space = next(f for f in history.reviews[DESK_1].findings if f.check == "double-space")
    history.record_decisions([Decision(DESK_1, space.fingerprint, "false positive")], ingested="2024-01-20T00:00:00Z")
    frame = compare_runs(history, DESK_1, DESK_2).findings.set_index("category")
    assert frame.loc["Fluency/Punctuation", "dismissed"] == 1


def test_scores_with_different_signatures_are_not_compared(history):
    run = make_run("20240315T090000Z-tok000", "2024-03-15T09:00:00Z", "desk", pairs("close"))
    run.scores = [replace(s, signature=s.signature.replace("tok:13a", "tok:zh")) for s in run.scores]
    history.record(run)
    result = compare_runs(history, DESK_1, "tok000")
    bleu, chrf = result.score("bleu"), result.score("chrf")
    assert not bleu.comparable and bleu.delta is None and bleu.p_value is None
    assert "tok:13a→zh" in bleu.note
    assert chrf.comparable and chrf.p_value is not None
    with pytest.raises(HistoryError, match="no ter score"):
        result.score("ter")


def test_leaderboard_ranks_latest_runs_in_significance_clusters(history):
    # a third system, one word away from the desk's February run: the test cannot tell them apart
    close_pairs = pairs("close", edited=True)
    close_pairs[10] = replace(close_pairs[10], target=close_pairs[10].target.replace("visited", "saw"))
    history.record(make_run("20240217T090000Z-copy01", "2024-02-17T09:00:00Z", "copy", close_pairs))
    board = leaderboard(history, "delegations", "chrF")
    frame = board.frame
    assert list(frame["system"]) == ["desk", "copy", "mt"]
    assert list(frame["run_id"]) == [DESK_2, "20240217T090000Z-copy01", MT_2]  # the latest run of each
    assert list(frame["cluster"]) == [1, 1, 2]
    assert frame["score"].iloc[0] == pytest.approx(recorded(history, DESK_2, "chrf"))
    assert frame["p_value"].iloc[1] > 0.05 and frame["p_value"].iloc[2] < 0.05
    assert board.shared == 43 and board.notes == []


def test_leaderboard_leaves_out_a_system_with_another_signature(history):
    run = make_run("20240301T090000Z-other0", "2024-03-01T09:00:00Z", "other", pairs("close"))
    run.scores = [replace(s, signature=s.signature + "|extra:1") for s in run.scores]
    history.record(run)
    board = leaderboard(history, "delegations", "chrf")
    assert list(board.frame["system"]) == ["desk", "mt"]
    assert any("other left out" in note and "extra:-→1" in note for note in board.notes)


def test_ter_ranks_lower_first(history):
    for run_id, system, style in (("20240401T090000Z-ter001", "desk", "close"), ("20240401T100000Z-ter002", "mt", "loose")):
        history.record(make_run(run_id, "2024-04-01T09:00:00Z" if system == "desk" else "2024-04-01T10:00:00Z",
                                system, pairs(style), metrics="ter"))
    frame = leaderboard(history, "delegations", "ter").frame
    assert list(frame["system"]) == ["desk", "mt"] and frame["score"].iloc[0] < frame["score"].iloc[1]
    regression = compare_runs(history, "ter001", "ter002").score("ter")
    assert regression.delta > 0 and regression.worse()


def test_paired_bootstrap_matches_sacrebleus_paired_test_for_segment_scores():
    from tests.support.sacrebleu_oracle import paired_test

    base = [0.2 + (i % 7) / 10 for i in range(60)]
    better = [value + (0.05 if i % 3 else -0.02) for i, value in enumerate(base)]
    test = PairedBootstrap("comet", 60, n_samples=500)
    test.add("base", base)
    test.add("better", better)
    _, oracle = paired_test([("base", base), ("better", better)], "comet", n_samples=500)
    assert test.p_value("base", "better") == oracle[1].p_value
    assert test.score("better") == pytest.approx(oracle[1].score)


def test_run_references_resolve_by_start_or_end(history):
    assert history.resolve("desk02") == DESK_2
    assert history.resolve("20240116") == MT_1
    with pytest.raises(HistoryError, match="run 202402 is ambiguous"):
        history.resolve("202402")
    with pytest.raises(HistoryError, match="no run zzz"):
        history.resolve("zzz")


def test_runs_filter_by_system_and_time(history):
    assert [r["run_id"] for r in history.runs(system="desk")] == [DESK_2, DESK_1]
    assert [r["run_id"] for r in history.runs(since="2024-02", before="2024-02-16")] == [DESK_2]
    assert history.run(DESK_1)["document"] == "brief-1"


def test_reading_commands_do_not_create_a_history(tmp_path: Path):
    with pytest.raises(HistoryError, match="no history database"):
        History(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()
