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
