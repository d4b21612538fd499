"""load_input: which reader reads which single file, and what to give when it is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import aligns_text, load_input


def test_single_plain_text_input_says_what_to_give(tmp_path: Path):
    path = tmp_path / "t.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="SOURCE TARGET"):
        load_input([path])


def test_aligns_text_only_where_the_aligner_runs(tmp_path: Path):
    """What --embeddings is for: SOURCE TARGET texts and corpus folders are aligned here; tables, TMX, XLIFF
    and shards hold their pairs aligned already."""
    case = Path(__file__).resolve().parents[2] / "corpora" / "xinhua-belarus"
    assert aligns_text([case / "source.zh.txt", case / "target.en.txt"])
    assert aligns_text([case])
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\n1\t你好。\tHello.\n", encoding="utf-8")
    assert not aligns_text([table])
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "part-000.jsonl").write_text('{"id": "1", "source": "你好。", "target": "Hello."}\n', encoding="utf-8")
    assert not aligns_text([shards])
    assert not aligns_text([shards / "part-000.jsonl"])
