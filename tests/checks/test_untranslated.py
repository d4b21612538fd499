"""Untranslated text: Chinese left in the English, a copied source, an empty target; these gate the rest."""

from __future__ import annotations

from mtreview.checks import run_checks
from mtreview.records import Pair, Severity
from tests.support.checkspec import SHIPPED, fails, flagged, passes

# --- untranslated -------------------------------------------------------------------------------

def test_untranslated_chinese_run_in_english():
    source = "推动中白工业园区朝着绿色方向发展。"
    target = "promote the development of 中白工业园区 in a green direction"
    [finding] = fails("untranslated", target, source)
    assert flagged(finding, target) == "中白工业园区"
    assert finding.source_span == (2, 8)
    assert finding.severity is Severity.MAJOR


def test_wholly_untranslated_segment_is_one_critical_finding_that_mutes_the_rest():
    source = "丁薛祥、杨洁篪、王毅、何立峰等参加会见。"
    target = "丁薛祥、杨洁篪、王毅、何立峰等参加会见"
    [finding] = run_checks([Pair("t", source, target)], context=SHIPPED)
    assert finding.check == "untranslated-segment" and finding.severity is Severity.CRITICAL
    assert finding.target_span == (0, len(target))


def test_copy_of_the_source_and_empty_target_are_gates():
    source = "丁薛祥、杨洁篪、王毅、何立峰等参加会见。"
    assert [f.check for f in run_checks([Pair("t", source, source)], context=SHIPPED)] == ["identical-to-source"]
    assert [f.check for f in run_checks([Pair("t", source, "  ")], context=SHIPPED)] == ["empty-target"]
    # an omission bead from the aligner is reported as an omission, not as an empty target
    assert [f.check for f in run_checks([Pair("t", source, "", kind="1-0")], context=SHIPPED)] == ["omission"]


def test_english_only_passes():
    passes("untranslated", "Ding Xuexiang, Yang Jiechi, Wang Yi, He Lifeng and others attended the meeting.")


def test_gate_mutes_the_other_checks():
    pair = Pair("t", "中方对此高度评价。", "中方对此高度评价。")
    assert [f.check for f in run_checks([pair], context=SHIPPED)] == ["identical-to-source"]
