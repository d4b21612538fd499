"""A text pair, aligned into Pairs."""

from __future__ import annotations

from pathlib import Path

from mtreview.inputs import load_input


def test_text_pair_is_aligned(tmp_path: Path):
    source, target = tmp_path / "s.zh.txt", tmp_path / "t.en.txt"
    source.write_text("习近平指出,中白建交30年来,两国关系不断提质升级。中方愿同白方一道,加大相互政治支持。\n", encoding="utf-8")
    target.write_text("Xi pointed out that in the 30 years since diplomatic ties, relations kept improving. "
                      "China is willing to work with Belarus to increase mutual political support.\n", encoding="utf-8")
    pairs = load_input([source, target]).pairs
    assert [(p.source_indices, p.target_indices) for p in pairs] == [((0,), (0,)), ((1,), (1,))]
