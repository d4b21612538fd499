"""`mtreview align --presplit`, its input errors, and the strict/lax evaluation against gold beads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs.lines import read_presplit
from tests.support.align_evaluation import merge_by_verse, read_gold, score_alignments

runner = CliRunner()

ZH = "那天晚上我没走掉。\n陈清扬把我拽住，以伟大友谊的名义叫我留下来。\n新华社记者翟健岚摄\n她承认打我不对，也承认没有好好待我，但是她说我的伟大友谊是假的。\n"
EN = ("I did not leave that night.\n"
      "Chen Qingyang caught me and asked me to stay in the name of our great friendship.\n"
      "She admitted that she'd been wrong to slap me, and that she hadn't treated me well.\n"
      "But she said my great friendship was phony.\n")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
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
