"""Sentence alignment (mtreview.align.sentences): the Xinhua case, bead kinds on real sentences, paragraphs first."""

from __future__ import annotations

import pytest

from mtreview.align import Bead, align_paragraphs, align_sentences, align_texts
from mtreview.records import Pair
from tests.support.xinhua import EN, SOURCE_TEXT, TARGET_TEXT, XINHUA_IDS, ZH, one_to_one, shared_file


def beads(source, target):
    return [(bead.source, bead.target) for bead in align_sentences(source, target)]


def assert_covers_everything(pairs, source_count, target_count):
    """Every sentence in exactly one pair, in document order."""
    source = [k for pair in pairs for k in pair.source_indices]
    target = [k for pair in pairs for k in pair.target_indices]
    assert source == list(range(source_count))
    assert target == list(range(target_count))


XINHUA_PARAGRAPHS = [0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 6]


def test_xinhua_every_english_sentence_meets_its_chinese():
    pairs = align_texts(SOURCE_TEXT, TARGET_TEXT)
    assert all(isinstance(pair, Pair) for pair in pairs)
    assert [pair.id for pair in pairs] == XINHUA_IDS
    assert [pair.paragraph for pair in pairs] == XINHUA_PARAGRAPHS
    assert {pair.kind for pair in pairs} == {"1-1"}
    by_id = {pair.id: pair for pair in pairs}
    assert by_id["zh3_en3"].source == "新华社记者翟健岚摄"
    assert by_id["zh3_en3"].target == "Photo by Xinhua News Agency reporter Zhai Jianlan"
    assert by_id["zh17_en17"].source == "预祝中共二十大圆满成功！"
    assert by_id["zh17_en17"].target.startswith("I wish the 20th National Congress")
    assert by_id["zh4_en4"].source_indices == (4,) and by_id["zh4_en4"].target_indices == (4,)
    assert all(0 < pair.align_score <= 1 for pair in pairs)


def test_xinhua_target_after_sees_the_run_on():
    pairs = {pair.id: pair for pair in align_texts(SOURCE_TEXT, TARGET_TEXT)}
    assert pairs["zh2_en2"].target.endswith("Samarkand State Guest House.")
    assert pairs["zh2_en2"].target_after == "Photo"
    assert [pid for pid, pair in pairs.items() if pair.target_after] == ["zh2_en2"]


def test_merged_run_on_keeps_the_text_as_written():
    # The caption as one Chinese sentence: its two English sentences pair with it as they stand.
    caption = "当地时间9月15日下午,国家主席习近平在撒马尔罕国宾馆会见白俄罗斯总统卢卡申科(新华社记者翟健岚摄)。"
    paragraphs = SOURCE_TEXT.strip().split("\n\n")
    source = "\n\n".join(paragraphs[:1] + [caption] + paragraphs[2:])
    pairs = align_texts(source, TARGET_TEXT)
    caption_pair = pairs[2]
    assert caption_pair.id == "zh2_en2+3" and caption_pair.kind == "1-2"
    assert "Guest House.Photo by Xinhua" in caption_pair.target
    assert caption_pair.target_after == ""
    assert [pair.id for pair in pairs[3:]] == [f"zh{k - 1}_en{k}" for k in range(4, 20)]


def test_seed_paragraphs_align_one_to_one():
    english = shared_file("corpus-seed/xinhua-belarus.seed.en.txt").strip().split("\n\n")
    chinese = shared_file("corpus-seed/xinhua-belarus.zh.partial.txt").strip().split("\n\n")
    pairs = align_texts("\n\n".join(chinese[:3]), "\n\n".join([english[0], english[2], english[3]]))
    assert [pair.id for pair in pairs] == [f"zh{k}_en{k}" for k in range(10)]
    assert [pair.paragraph for pair in pairs] == [0, 0, 1, 1, 1, 2, 2, 2, 2, 2]


# --- bead kinds on real sentences -------------------------------------------------------------


def test_english_sentence_missing_gives_one_to_zero():
    # "Xi Jinping emphasized ..." paragraph without "China is willing to maintain close exchanges ...".
    assert beads(ZH[3], EN[3][:2] + EN[3][3:]) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))
    ]
    # The caption without its credit line.
    assert beads(ZH[1], EN[1][:1]) == [((0,), (0,)), ((1,), ())]
    # Lukashenko's paragraph without "Belarus will unswervingly deepen relations ...".
    assert beads(ZH[4], EN[4][:2] + EN[4][3:]) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))
    ]


def test_chinese_sentence_missing_gives_zero_to_one():
    assert beads(ZH[4][:5], EN[4]) == one_to_one(5) + [((), (5,))]
    assert beads(ZH[3][:1] + ZH[3][2:], EN[3]) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,)), ((3,), (4,))
    ]


def test_a_reports_end_mark_meets_its_english_not_the_editor_line_beside_it():
    # The end mark and an editor's line, as desks write them, after Lukashenko's paragraph: （完） is
    # "(End)" (CC-CEDICT's 完 stops at "finish"; lexicon.NEWS_SENSES), the editor line is the
    # English desk's own.
    assert beads(ZH[4] + ["（完）"], EN[4] + ["(End)", "(Editor: Li Ming)"]) == one_to_one(7) + [((), (7,))]
    assert beads(ZH[4] + ["（完）"], EN[4] + ["(Editor: Li Ming)", "(End)"]) == one_to_one(6) + [((), (6,)), ((6,), (7,))]


def test_two_english_sentences_joined_give_two_to_one():
    joined = EN[3][:1] + [EN[3][1] + " " + EN[3][2]] + EN[3][3:]
    assert beads(ZH[3], joined) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_two_chinese_sentences_joined_give_one_to_two():
    joined = ZH[4][:3] + [ZH[4][3] + ZH[4][4]] + ZH[4][5:]
    assert beads(joined, EN[4]) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3, 4)), ((4,), (5,))]


def test_three_to_one_and_one_to_three():
    three = " ".join(EN[4][3:6])
    assert beads(ZH[4], EN[4][:3] + [three]) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3, 4, 5), (3,))]
    assert beads(ZH[3][:2] + ["".join(ZH[3][2:])], EN[3]) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3, 4))]


def test_two_to_two_when_the_boundary_moves():
    # The English moves a clause across the sentence boundary: neither side's sentences match alone.
    source = [
        "中方愿同白方保持密切交往。",
        "在投资、经贸等领域开展互利共赢合作,推动中白工业园区朝着绿色、智慧、生态、数字化方向发展,这是双方的共同愿望和长期目标。",
    ]
    target = [
        "China is willing to maintain close exchanges with Belarus, carry out mutually beneficial and win-win "
        "cooperation in investment, economy and trade and other fields, and promote the development of the "
        "China-Belarus Industrial Park in the direction of green, smart, ecological and digital.",
        "This is the common wish and long-term goal of both sides.",
    ]
    result = align_sentences(source, target)
    assert [(bead.source, bead.target) for bead in result] == [((0, 1), (0, 1))]
    assert 0 < result[0].score < 1


def test_scores_are_low_for_unmatched_sentences():
    result = align_sentences(ZH[3], EN[3][:2] + EN[3][3:])
    assert result[2].target == () and result[2].score <= 0.1
    assert all(bead.score > result[2].score for bead in result if bead.target)


def test_numbers_anchor_the_alignment():
    source = ["会议于2022年9月15日举行。", "双方签署了30份文件。"]
    target = ["The meeting took place on September 15, 2022.", "The two sides signed 30 documents."]
    assert beads(source, target) == one_to_one(2)
    # Without the numbers the lengths alone would let the first English sentence absorb both.
    assert beads(source, [target[0] + " " + target[1]]) == [((0, 1), (0,))]


def test_empty_sides():
    assert align_sentences([], []) == []
    (added,) = align_sentences([], ["An added sentence."])
    assert isinstance(added, Bead) and (added.source, added.target) == ((), (0,)) and added.score <= 0.1
    assert [(b.source, b.target) for b in align_sentences(["一句。", "两句。"], [])] == [((0,), ()), ((1,), ())]
    assert align_texts("", "") == []
    pairs = align_texts("中方愿继续提供帮助。", "")
    assert [(p.id, p.kind, p.paragraph, p.target) for p in pairs] == [("zh0_en-", "1-0", 0, "")]
    pairs = align_texts("", "Extra.")
    assert [(p.id, p.kind, p.paragraph, p.source) for p in pairs] == [("zh-_en0", "0-1", 0, "")]


# --- paragraphs -------------------------------------------------------------------------------


def test_paragraph_counts_equal_means_one_to_one():
    result = align_paragraphs(["甲。", "乙。"], ["A much longer paragraph than expected. " * 20, "B."])
    assert [(bead.source, bead.target) for bead in result] == [((0,), (0,)), ((1,), (1,))]


@pytest.mark.parametrize("missing", range(7))
def test_missing_english_paragraph_leaves_its_chinese_unpaired(missing):
    english = TARGET_TEXT.strip().split("\n\n")
    pairs = align_texts(SOURCE_TEXT, "\n\n".join(english[:missing] + english[missing + 1 :]))
    before = sum(len(p) for p in ZH[:missing])
    lost = range(before, before + len(ZH[missing]))
    expected = [f"zh{k}_en{k if k < before else k - len(lost)}" for k in range(20) if k not in lost]
    expected[before:before] = [f"zh{k}_en-" for k in lost]
    assert [pair.id for pair in pairs] == expected
    assert_covers_everything(pairs, 20, 20 - len(lost))


def test_missing_chinese_paragraph_leaves_its_english_unpaired():
    chinese = SOURCE_TEXT.strip().split("\n\n")
    pairs = align_texts("\n\n".join(chinese[:1] + chinese[2:]), TARGET_TEXT)
    assert [pair.id for pair in pairs][:6] == ["zh0_en0", "zh1_en1", "zh-_en2", "zh-_en3", "zh2_en4", "zh3_en5"]
    assert [pair.paragraph for pair in pairs][2:4] == [1, 1]
    assert pairs[2].kind == "0-1" and pairs[2].target.endswith("Guest House.")
    assert_covers_everything(pairs, 18, 20)


def test_joined_english_paragraphs_still_align_by_sentence():
    english = TARGET_TEXT.strip().split("\n\n")
    pairs = align_texts(SOURCE_TEXT, "\n\n".join(english[:2] + [english[2] + "\n" + english[3]] + english[4:]))
    assert [pair.id for pair in pairs] == XINHUA_IDS
    assert [pair.paragraph for pair in pairs][4:12] == [2] * 8
