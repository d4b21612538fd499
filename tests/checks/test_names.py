"""Names: a romanised Chinese name that names no one in the source, names run together, the pinyin
convention, and a name written two ways across a document."""

from __future__ import annotations

import pytest

from mtreview.checks import run_checks
from mtreview.records import Category, Pair, Severity
from tests.support.checkspec import SHIPPED, fails, flagged, passes


@pytest.mark.parametrize("target", [
    "Premier Xi Jinping chaired a State Council executive meeting on Friday.",
    "Premier Jinping Xi chaired a State Council executive meeting on Friday.",
    "Premier Wang Yang chaired a State Council executive meeting on Friday.",
])
def test_a_name_the_source_does_not_have_is_reported(target):
    source = "国务院总理李强5日主持召开国务院常务会议。"
    [finding] = fails("name-mismatch", target, source)
    assert finding.category == Category.MISTRANSLATION and finding.severity is Severity.MAJOR
    assert flagged(finding, target) in ("Xi Jinping", "Jinping Xi", "Wang Yang")


@pytest.mark.parametrize("source, target", [
    ("国务院总理李强5日主持召开国务院常务会议。", "Premier Li Qiang chaired a State Council executive meeting."),
    ("习近平主席会见了来访的客人。", "President Xi Jinping met the visiting guests."),
    ("习主席会见了来访的客人。", "President Xi Jinping met the visiting guests."),  # surname and title
    ("翟健岚在发布会上表示", "Zhai Jianlan said at the press conference"),  # 翟 read zhai
    ("曾庆红出席仪式", "Zeng Qinghong attended the ceremony"),  # 曾 read zeng
    ("(人民日报记者 颜 欢)", "(People's Daily reporter Yan Huan)"),  # a byline spaced out
    ("孙中山先生诞辰纪念", "the anniversary of the birth of Dr. Sun Yat-sen"),  # not pinyin
    ("香港特区行政长官林郑月娥", "Hong Kong Chief Executive Carrie Lam"),
    ("台湾地区领导人蔡英文", "Taiwan leader Tsai Ing-wen"),  # Wade-Giles
    ("重阳节登高", "climbing on the Chong Yang festival"),  # pinyin that names a day, not a person
    ("论坛在京举办 何立峰出席", "The forum was held in Beijing He Lifeng attended"),
    ("Zhang Wei在会上发言", "Zhang Wei spoke at the meeting"),  # the source writes it in Latin letters
    ("他说：“我们会赢。”", "Long Live the King, he said."),  # English words, not a name
])
def test_names_the_source_has_or_that_are_no_pinyin_names_pass(source, target):
    passes("name-mismatch", target, source)


def test_english_only_text_is_not_judged():
    passes("name-mismatch", "Premier Xi Jinping chaired the meeting.", "The premier chaired the meeting.")


def test_wmt23_references_have_almost_no_name_mismatch(shared_data):
    from mtreview.checks import CheckContext, run_checks
    from mtreview.records import Pair

    wmt = shared_data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")[:1976]
    targets = (wmt / "references" / "zh-en.refA.txt").read_text(encoding="utf-8").split("\n")[:1976]
    pairs = [Pair(str(i), s, t) for i, (s, t) in enumerate(zip(sources, targets))]
    found = run_checks(pairs, context=CheckContext(), select=["name-mismatch"])
    assert len(found) <= 8  # of 1,976 human references; those left are misreadings of names or OCR noise


def test_names_run_together():
    source = "(记者刘华 蔡国栋)"
    target = "(Reporter Liu Hua Cai Guodong)"
    [finding] = fails("names-run-together", target, source)
    assert flagged(finding, target) == "Liu Hua Cai Guodong"
    assert finding.suggestion == "Liu Hua and Cai Guodong"
    passes("names-run-together", "(Reporters Liu Hua and Cai Guodong)", source)
    passes("names-run-together", "Ding Xuexiang, Yang Jiechi, Wang Yi, He Lifeng and others attended.",
           "丁薛祥、杨洁篪、王毅、何立峰等参加会见。")


def test_pinyin_name_convention():
    source = "新华社记者翟健岚摄"
    for wrong in ("Photo by Xinhua reporter Jianlan Zhai", "Photo by Xinhua reporter Zhai Jian Lan",
                  "Photo by Xinhua reporter Zhai Jian-lan", "Photo by Xinhua reporter Zhai jianlan"):
        [finding] = fails("name-romanisation", wrong, source)
        assert finding.suggestion == "Zhai Jianlan"
    passes("name-romanisation", "Photo by Xinhua reporter Zhai Jianlan", source)
    passes("name-romanisation", "Photo by Xinhua reporter ZHAI Jianlan", source)


def test_surname_characters_that_are_not_names_cost_nothing():
    passes("name-romanisation", "Belarus has always given China firm support.", "白方始终给予中方坚定支持。")


def test_a_name_written_two_ways_across_the_document():
    pairs = [Pair("a", "新华社记者翟健岚摄", "Photo by Xinhua reporter Zhai Jianlan"),
             Pair("b", "翟健岚报道", "Reported by Zhai Jianlan"),
             Pair("c", "记者翟健岚", "Reporter ZHAI Jianlan")]
    [finding] = run_checks(pairs, context=SHIPPED, select=["name-inconsistent"])
    assert finding.pair_id == "c" and finding.suggestion == "Zhai Jianlan"
    assert pairs[2].target[slice(*finding.target_span)] == "ZHAI Jianlan"
    assert run_checks(pairs[:2], context=SHIPPED, select=["name-inconsistent"]) == []
