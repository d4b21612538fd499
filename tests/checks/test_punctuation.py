"""End and repeated punctuation: doubled marks, a lost question mark, an English sentence ending on a comma."""

from __future__ import annotations

import pytest

from tests.support.checkspec import fails, flagged, passes


def test_two_marks_with_a_space_between():
    target = "Bees carry pollen. ."
    [finding] = fails("repeated-punctuation", target, "蜜蜂携带花粉。")
    assert flagged(finding, target) == ". ."
    assert finding.suggestion == "."
    fails("repeated-punctuation", "promote green growth. , and ecological priority")
    passes("repeated-punctuation", "He paused . . . then spoke. Is that a joke? ! Use e.g. , as a list.")


# --- punctuation --------------------------------------------------------------------------------

def test_doubled_punctuation():
    target = ("There are more or less linguistic distinctions,, because of factors like the cultural backgrounds "
              "of Chinese and Western people.")  # refA, #1492
    [finding] = fails("repeated-punctuation", target, "由于中西方文化背景等原因，语言之间或多或少会存在差异。")
    assert flagged(finding, target) == ",," and finding.suggestion == "," and "2 times" in finding.message
    target = "incorrect use of non-product accessories, altering labels, anti-counterfeiting marks;;;;;;;;"  # ZengHuiMT #479
    [finding] = fails("repeated-punctuation", target, "不正确的使用非本产品配件或撕毁、涂改标贴、防伪标记;")
    assert flagged(finding, target) == ";;;;;;;;" and "8 times" in finding.message
    target = "you can enjoy free return or exchange service;."  # ONLINE-W, #470
    [finding] = fails("repeated-punctuation", target, "可免费享受退货或换货服务;")
    assert flagged(finding, target) == ";." and finding.suggestion == "."


@pytest.mark.parametrize("target, source", [
    ("the place of the trolley is highlighted.. and so on, all kinds of dissatisfaction",
     "拉杆的地方凸显出来..等等，各种不满意"),  # WMT23 #1656: the source's own two dots
    ("Shanshan Battery Material Co., Ltd., Ningbo Shanshui, etc., all renovated", "杉杉股份"),
    ("Use std::string and ../include or 1..10 ... and so on", "使用"),
    ("Too bad!!! Never again!!", "太差了！！！"),
    # coreutils: a list's ellipsis, and the marks themselves
    ("Units are K,M,G,T,P,E,Z,Y (powers of 1024) or KB,MB,... (powers of 1000).",
     "可用的单位有 K、M、G、T、P、E、Z、Y（1024 的幂）以及 KB、MB、...（1000 的幂）。"),
    ("Unmatched [, [^, [:, [., or [=", "未匹配的 [、[^、[:、[. 或 [="),
])
def test_repeated_punctuation_false_positive_traps(target, source):
    passes("repeated-punctuation", target, source)


def test_question_mark_lost():
    [finding] = fails("end-punctuation", "Fake goods.", "假货？")  # ZengHuiMT, #1349
    assert finding.target_span == (10, 11) and finding.suggestion == "?"
    target = "Another large gym \"thunderstorm\""  # ZengHuiMT, #547
    [finding] = fails("end-punctuation", target, "又一大型健身房“暴雷”？")
    assert flagged(finding, target) == "thunderstorm" and finding.suggestion is None


def test_english_ending_on_a_comma():
    target = ("Google's new chatbot Bard got off to a bad start, and as of Friday's closing price, "
              "it closed at $94.57,")  # ZengHuiMT #928, cut short
    [finding] = fails("end-punctuation", target, "截至周五闭市报94.57美元。")
    assert finding.target_span == (len(target) - 1, len(target)) and finding.suggestion == "."


@pytest.mark.parametrize("target, source", [
    ("On the morning of the third day I called again and asked if the goods had been sent out.",
     "第三天上午我又打，问货发出去了吗？"),  # IOL_Research #1753: an indirect question
    ("I don't know what to do about it.", "我不知道如何处理?"),
    ("Now I wrap it in cling film; I wonder how long it will last.", "现在裹上保鲜膜继续用，能用多久？"),  # #1790
    ("After you've made such a long pilgrimage, we won't let you go home without seeing a real Buddha!",
     "大远的诚心诚意来了，岂有个不叫你见个真佛儿去的呢？"),  # a rhetorical question (mac_dev)
    ("Is it the only one with a problem?", "难道只有我买的这一件存在问题？"),
])
def test_end_punctuation_false_positive_traps(target, source):
    passes("end-punctuation", target, source)
