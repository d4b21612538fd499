"""Documents as Pairs (mtreview.align.documents): references and source notes on aligned pairs, and
`--presplit` input aligned as one run of sentences, scored against gold beads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.align import align_presplit, align_texts
from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs.lines import read_presplit
from tests.support.align_evaluation import read_gold, score_alignments
from tests.support.paths import XINHUA
from tests.support.workspace import Workspace
from tests.support.xinhua import EN, SOURCE_TEXT, TARGET_TEXT, XINHUA_IDS, ZH

runner = CliRunner()

LITERARY_ZH = "那天晚上我没走掉。\n陈清扬把我拽住，以伟大友谊的名义叫我留下来。\n新华社记者翟健岚摄\n她承认打我不对，也承认没有好好待我，但是她说我的伟大友谊是假的。\n"
LITERARY_EN = ("I did not leave that night.\n"
      "Chen Qingyang caught me and asked me to stay in the name of our great friendship.\n"
      "She admitted that she'd been wrong to slap me, and that she hadn't treated me well.\n"
      "But she said my great friendship was phony.\n")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "zh.txt").write_text(LITERARY_ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(LITERARY_EN, encoding="utf-8")
    return tmp_path / "zh.txt", tmp_path / "en.txt"


def test_presplit_jsonl_is_one_bead_per_line_with_line_indices(files):
    result = runner.invoke(app, ["align", "--presplit", "--format", "jsonl", str(files[0]), str(files[1])])
    assert result.exit_code == 0, result.output
    beads = [json.loads(line) for line in result.output.splitlines()]
    assert all(list(bead) == ["source", "target", "score"] for bead in beads)
    assert [(bead["source"], bead["target"]) for bead in beads] == [
        ([0], [0]), ([1], [1]), ([2], []), ([3], [2, 3])
    ]
    assert beads[2]["score"] == 0 and all(0.5 < bead["score"] < 1 for bead in beads if bead["target"])


def test_presplit_tsv_for_people(files):
    result = runner.invoke(app, ["align", "--presplit", str(files[0]), str(files[1])])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "source\ttarget\tkind\tscore\tsource_text\ttarget_text"
    assert lines[3].startswith("2\t\t1-0\t0.00\t新华社记者翟健岚摄\t")
    assert lines[4].split("\t")[:3] == ["3", "2,3", "1-2"]


def test_presplit_keeps_line_numbers_through_blank_lines(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text("\ufeff第一句。\n\n第三句。\r\n", encoding="utf-8")
    assert read_presplit(path) == ["第一句。", "", "第三句。"]


@pytest.mark.parametrize("content, problem", [(b"", "empty"), (b"\n \n", "empty"), (b"\xc3\x28 bad\n", "not UTF-8")])
def test_presplit_input_errors_name_the_file(tmp_path, files, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=problem) as raised:
        read_presplit(bad)
    assert str(bad) in str(raised.value)
    result = runner.invoke(app, ["align", "--presplit", str(bad), str(files[1])])
    assert result.exit_code == 2 and str(bad) in result.output and problem in result.output


CASE = XINHUA


# --- references and source notes --------------------------------------------------------------


def read_references():
    references = {}
    for line in (CASE / "reference.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line == "source\treference" or not line.strip():
            continue
        source, reference = line.split("\t")
        references[source] = reference
    return references


def reconstructed_ranges(raw_source):
    tomllib = pytest.importorskip("tomllib")
    manifest = tomllib.loads((CASE / "corpus.toml").read_text(encoding="utf-8"))
    ranges = []
    for passage in manifest["source"]["reconstructed"]:
        start = raw_source.index(passage["text"])
        ranges.append((start, start + len(passage["text"]), "reconstructed"))
    return ranges


@pytest.mark.parametrize(("paragraph", "position", "added"), [
    (0, 0, "Both presidents wore dark suits and smiled for the cameras."),
    (0, 1, "Both presidents wore dark suits and smiled for the cameras."),
    (3, 1, "The two heads of state also attended a banquet hosted by the Uzbek side in the evening."),
])
def test_a_sentence_added_to_a_short_paragraph_is_judged_by_the_whole_documents_pairs(paragraph, position, added):
    # An English sentence written here, added to the case's translation. Its paragraph has two to five
    # sentences, too few to tell how much this document's true pairs share; the whole document's 1-1
    # beads tell (news: much), so a sentence sharing little stays unpaired instead of joining a bead.
    # (The presidents' sentence still joins the paragraph where Xi meets Lukashenko: it shares
    # "president", a word of few sentences in the whole English.)
    paragraphs = [" ".join(sentences) for sentences in EN]
    paragraphs[paragraph] = " ".join(EN[paragraph][:position] + [added] + EN[paragraph][position:])
    pairs = align_texts(SOURCE_TEXT, "\n\n".join(paragraphs))
    added_index = sum(len(sentences) for sentences in EN[:paragraph]) + position
    assert [(pair.source_indices, pair.target_indices) for pair in pairs if pair.target_indices == (added_index,)] == [
        ((), (added_index,))]
    assert [pair.kind for pair in pairs].count("1-1") == sum(len(sentences) for sentences in ZH)


def test_references_attach_to_pairs_whose_source_they_cover():
    references = read_references()
    pairs = align_texts(SOURCE_TEXT, TARGET_TEXT, references=references)
    with_reference = [pair.id for pair in pairs if pair.references]
    # Xinhua's English has no caption (zh2, zh3) and stops before Lukashenko's statement.
    assert with_reference == [f"zh{k}_en{k}" for k in [0, 1, 4, 5, 6, 7, 8, 9, 10]]
    assert pairs[1].reference == references["两国元首决定,将双边关系定位提升为全天候全面战略伙伴关系。"]
    assert pairs[1].reference.startswith("The two presidents decided")


def test_references_need_every_source_sentence():
    # The first English paragraph made one sentence: its pair has both Chinese sentences.
    one_sentence = " ".join(EN[0]).replace("Guest House. The two", "Guest House, and the two")
    references = {ZH[0][0]: "First.", ZH[0][1]: "Second."}
    merged = align_texts("".join(ZH[0]), one_sentence, references=references)
    assert [(pair.id, pair.kind) for pair in merged] == [("zh0+1_en0", "2-1")]
    assert merged[0].references == ("First. Second.",)
    partial = align_texts("".join(ZH[0]), one_sentence, references={ZH[0][0]: "First."})
    assert partial[0].references == ()


def test_reconstructed_passages_are_noted():
    pairs = align_texts(SOURCE_TEXT, TARGET_TEXT, source_notes=reconstructed_ranges(SOURCE_TEXT))
    notes = {pair.id: pair.source_note for pair in pairs if pair.source_note}
    assert notes == {
        "zh2_en2": "reconstructed",
        "zh3_en3": "reconstructed",
        "zh14_en14": "partly reconstructed",  # published up to "国家统", reconstructed from "一,"
        "zh15_en15": "reconstructed",
        "zh16_en16": "reconstructed",
        "zh17_en17": "reconstructed",
        "zh19_en19": "reconstructed",
    }


def test_note_offsets_are_raw_offsets_even_with_bom_and_crlf():
    raw = "\ufeff" + SOURCE_TEXT.replace("\n", "\r\n")
    pairs = align_texts(raw, TARGET_TEXT, source_notes=reconstructed_ranges(raw))
    assert [pair.id for pair in pairs] == XINHUA_IDS
    assert [pair.source_note for pair in pairs][12:20] == [
        "", "", "partly reconstructed", "reconstructed", "reconstructed", "reconstructed", "", "reconstructed"
    ]
    # A note on a single character in the middle of a sentence.
    offset = raw.index("历史性跨跃") + 4
    pairs = align_texts(raw, TARGET_TEXT, source_notes=[(offset, offset + 1, "typo kept as published")])
    assert [pair.id for pair in pairs if pair.source_note] == ["zh5_en5"]
    assert pairs[5].source_note == "partly typo kept as published"


def test_mac_dev_chapter_against_gold(shared_data):
    mac = shared_data / "align-gold" / "mac_dev"
    zh, en = read_presplit(mac / "zh" / "004"), read_presplit(mac / "en" / "004")
    gold = [read_gold(mac / "gold" / "004.align")]

    beads = align_presplit(zh, en)
    with_lexicon = score_alignments(gold, [[(bead.source, bead.target) for bead in beads]])
    lengths_only = score_alignments(gold, [[(b.source, b.target) for b in align_presplit(zh, en, lexical=False)]])
    # Red Sorghum, chapter 5 (232 x 245 sentences): 0.84 strict F1 at the time of writing against
    # 0.72 on lengths and anchors alone; Bertalign reports 0.91 and Hunalign 0.61 on all of MAC-Dev.
    assert with_lexicon.f1_strict >= 0.80
    assert with_lexicon.f1_lax >= 0.95
    assert with_lexicon.f1_strict > lengths_only.f1_strict + 0.05

    # The scores mean something: wrong beads score lower than right ones.
    right = [bead.score for bead in beads if bead.source and bead.target and (bead.source, bead.target) in gold[0]]
    wrong = [bead.score for bead in beads if bead.source and bead.target and (bead.source, bead.target) not in gold[0]]
    assert sum(wrong) / len(wrong) < sum(right) / len(right) - 0.05  # 0.75 against 0.83


# --- presplit input ------------------------------------------------------------------------------


def test_presplit_with_different_line_counts_aligns(ws: Workspace):
    zh = ws.write("zh.txt", "中国和白俄罗斯是好朋友。\n双方将继续合作。\n两国关系很好。\n")
    en = ws.write("en.txt", "China and Belarus are good friends.\nThe two sides will continue to cooperate.\n")
    result = ws.run("align", "--presplit", "--format", "jsonl", zh, en)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) >= 2
    ws.assert_unchanged()


FLOOD_ZH = ("受强降雨影响，广东省北部多地7月18日出现洪涝灾害。\n\n"
            "据省应急管理厅通报，截至18日18时，韶关、清远两市共转移群众1.2万人。当地已启动防汛二级应急响应。"
            "清远市英德市部分道路中断，约3000户居民停电。\n\n"
            "气象部门预计，未来三天广东北部仍有大到暴雨，局地可能出现特大暴雨。专家提醒，山区群众要警惕山洪和地质灾害。\n\n"
            "目前，电力部门已调派400多名抢修人员赶赴灾区。省财政紧急下拨救灾资金5000万元。\n")
FLOOD_EN = ("Heavy rain caused flooding in several parts of northern Guangdong Province on July 18.\n\n"
            "According to the provincial emergency management department, as of 6 p.m. on the 18th, 12,000 people "
            "had been relocated in Shaoguan and Qingyuan. Some roads in Yingde, Qingyuan, were cut off, and about "
            "3,000 households lost power.\n\n"
            "Meteorologists expect heavy to torrential rain to continue in northern Guangdong over the next three "
            "days, with extremely heavy downpours possible in places. Local schools have postponed the start of "
            "their summer programmes. Experts warned residents in mountainous areas to be on guard against flash "
            "floods and geological disasters.\n\n"
            "The power company has sent more than 400 repair workers to the affected areas. The provincial finance "
            "department allocated 50 million yuan in emergency relief funds.\n")


def test_an_article_in_paragraphs_with_a_sentence_dropped_and_another_added_shows_both():
    # A flood report written here: the English leaves out the emergency response (zh 2) and adds a sentence
    # about schools (en 4) in another paragraph; every other sentence is translated one for one.
    pairs = align_texts(FLOOD_ZH, FLOOD_EN)
    beads = [(pair.source_indices, pair.target_indices) for pair in pairs]
    assert beads == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((), (4,)),
                     ((5,), (5,)), ((6,), (6,)), ((7,), (7,))]
    assert all(pair.align_score > 0.9 for pair in pairs if pair.kind == "1-1")


SWIMMING_ZH = ["12月3日晚，2026年全国游泳冠军赛在杭州奥体中心落下帷幕。", "浙江选手汪顺以1分55秒12的成绩获得男子200米个人混合泳冠军。",
               "这是他第八次在该项目上夺得全国冠军。", "赛后，汪顺表示，自己将把重点放在明年的世界锦标赛上。",
               "女子100米蝶泳决赛中，17岁的小将李冰洁以56秒80的成绩打破赛会纪录。", "本次比赛共有来自32个代表队的600余名运动员参赛。",
               "组委会介绍，比赛期间共有超过5万名观众到场观赛。", "据悉，明年的全国冠军赛将在青岛举行。"]
SWIMMING_EN = ["The 2026 National Swimming Championships concluded at the Hangzhou Olympic Sports Center on the "
               "evening of December 3. Zhejiang swimmer Wang Shun won the men's 200m individual medley in 1:55.12.",
               "It was his eighth national title in the event.",
               "In the women's 100m butterfly final, 17-year-old Li Bingjie broke the championship record with a time "
               "of 56.80 seconds.",
               "The championships were broadcast live on several streaming platforms for the first time.",
               "More than 600 athletes from 32 teams took part in the competition.",
               "According to the organizing committee, more than 50,000 spectators attended the event.",
               "Next year's national championships will be held in Qingdao."]


def test_a_results_report_with_lines_joined_dropped_and_added_aligns_as_written():
    # A sports report written here, one sentence a line: two Chinese lines translated as one English line
    # (2-1), Wang Shun's remark left out (1-0), a line on the broadcast added (0-1).
    beads = [(bead.source, bead.target, bead.score) for bead in align_presplit(SWIMMING_ZH, SWIMMING_EN)]
    assert [(source, target) for source, target, _ in beads] == [
        ((0, 1), (0,)), ((2,), (1,)), ((3,), ()), ((4,), (2,)), ((), (3,)), ((5,), (4,)), ((6,), (5,)), ((7,), (6,))]
    assert all(score > 0.85 for source, target, score in beads if source and target)
