"""Languages the wrong way round are refused before anything is written, and real input never is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import load_corpus_dir, load_input, load_pairs_table
from mtreview.inputs.language import SideSample, check_text_pair, han_share
from tests.support.paths import XINHUA
from tests.support.tables import write_table
from tests.support.xinhua import SOURCE_FILE, TARGET_FILE, xinhua_rows

runner = CliRunner()


# --- swapped languages are refused, before anything is written ------------------------------------

def test_review_of_a_swapped_text_pair_exits_2_naming_the_file_and_writes_nothing(tmp_path: Path):
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(TARGET_FILE), str(SOURCE_FILE), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"mtreview: error: {TARGET_FILE}: the source looks English, not Chinese "
                                     "(are SOURCE and TARGET swapped?)")
    assert not out.exists()  # no run folder, no history


def test_check_and_align_refuse_a_swapped_pair_too(tmp_path: Path):
    for command in (["check"], ["align"], ["align", "--presplit"]):
        result = runner.invoke(app, [*command, str(TARGET_FILE), str(SOURCE_FILE)])
        assert result.exit_code == 2 and "looks English, not Chinese" in result.stderr, command
        assert result.stdout == ""


def test_a_table_with_its_columns_swapped_is_refused(tmp_path: Path):
    swapped = write_table(tmp_path / "pairs.tsv", [(target, source) for source, target in xinhua_rows()])
    with pytest.raises(InputError, match="pairs.tsv: the source column looks English and the target column "
                                         r"Chinese \(are the source and target columns swapped\?\)"):
        load_pairs_table(swapped)
    result = runner.invoke(app, ["check", str(swapped), "--format", "jsonl"])
    assert result.exit_code == 2 and result.stdout == ""


def test_a_big_swapped_table_is_refused_from_its_first_rows(tmp_path: Path, monkeypatch):
    # The sample is the first rows: a malformed row far below is never reached.
    import mtreview.inputs.language as language

    monkeypatch.setattr(language, "SAMPLE_CHARS", 2000)
    rows = [(target, source) for source, target in xinhua_rows()] * 50
    path = write_table(tmp_path / "big.tsv", rows)
    with open(path, "a", encoding="utf-8") as file:
        file.write("bad\trow\n")
    with pytest.raises(InputError, match="columns swapped"):
        load_pairs_table(path)


def test_a_corpus_folder_with_the_languages_swapped_is_refused(tmp_path: Path):
    folder = tmp_path / "article"
    folder.mkdir()
    (folder / "source.zh.txt").write_bytes(TARGET_FILE.read_bytes())
    (folder / "target.en.txt").write_bytes(SOURCE_FILE.read_bytes())
    result = runner.invoke(app, ["review", str(folder), "--out", str(tmp_path / "reports")])
    assert result.exit_code == 2
    assert f"{folder / 'source.zh.txt'}: the source looks English, not Chinese" in result.stderr
    assert not (tmp_path / "reports").exists()


def test_a_tmx_whose_language_tags_are_swapped_is_refused(tmp_path: Path):
    units = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{target}</seg></tuv><tuv xml:lang="en"><seg>{source}</seg></tuv></tu>'
                    for source, target in xinhua_rows())
    path = tmp_path / "memory.tmx"
    path.write_text(f'<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>{units}</body></tmx>',
                    encoding="utf-8")
    with pytest.raises(InputError, match="memory.tmx: the source side looks English"):
        load_input([path])


# --- real input is never refused -----------------------------------------------------------------

def test_real_and_edge_case_inputs_are_not_refused(tmp_path: Path):
    corpus = load_corpus_dir(XINHUA)
    assert len(corpus.pairs) == 20
    # A Chinese source that is mostly commands, URLs and model names: its Han share is low, but the target
    # is English, so nothing looks swapped.
    source = "运行 pip install mtreview --upgrade --index-url https://pypi.org/simple 安装 iPhone 14 Pro Max GPU"
    target = "Run pip install mtreview --upgrade --index-url https://pypi.org/simple to install on iPhone 14 Pro Max GPU"
    assert han_share(source) < 0.1
    check_text_pair("s", source, "t", target)
    # An English target with a sentence left in Chinese: a finding, not a swap.
    check_text_pair("s", SOURCE_FILE.read_text(encoding="utf-8"),
                    "t", TARGET_FILE.read_text(encoding="utf-8") + "\n会议还研究了其他事项。\n")
    # Short texts say too little.
    check_text_pair("s", "是。", "t", "是。")
    check_text_pair("s", "OK.", "t", "好的。")


def test_a_table_where_some_targets_copy_the_source_or_are_empty_is_reviewed(tmp_path: Path):
    rows = xinhua_rows()
    rows = [(source, source if k % 4 == 0 else "" if k % 4 == 1 else target) for k, (source, target) in enumerate(rows)]
    path = write_table(tmp_path / "pairs.tsv", rows)
    result = runner.invoke(app, ["check", str(path), "--format", "jsonl", "--select", "identical-to-source"])
    assert result.exit_code == 0, result.stderr
    flagged = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert flagged == {f"p{k + 1}" for k in range(0, len(rows), 4)}
    # Every target a copy of its source (not translated yet): not swapped either, each row a finding.
    path = write_table(tmp_path / "untranslated.tsv", [(source, source) for source, _ in rows])
    assert len(load_pairs_table(path).pairs) == len(rows)


def test_wmt23_sources_and_every_system_are_accepted_and_refused_swapped(shared_data: Path):
    wmt = shared_data / "wmt23-zh-en"
    source_text = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8")
    sources = source_text.split("\n")
    systems = sorted((wmt / "system-outputs").glob("*.txt")) + [wmt / "references" / "zh-en.refA.txt"]
    assert len(systems) >= 16
    for system in systems:
        text = system.read_text(encoding="utf-8")
        check_text_pair("zh-en.txt", source_text, system.name, text)
        with pytest.raises(InputError, match="swapped"):
            check_text_pair(system.name, text, "zh-en.txt", source_text)
        pairs = [type("P", (), {"source": s, "target": t}) for s, t in zip(sources, text.split("\n"))]
        SideSample().add_pairs(pairs).check(system.name, "columns")
        with pytest.raises(InputError, match="columns swapped"):
            SideSample().add_pairs([type("P", (), {"source": p.target, "target": p.source}) for p in pairs]
                                   ).check(system.name, "columns")


def test_the_tico19_memory_read_with_its_chinese_side_as_source_is_accepted(shared_data: Path):
    corpus = load_input([shared_data / "glossaries" / "tico19" / "all.en-zh.tmx"])
    assert len(corpus.pairs) > 3000


def test_the_han_share_counts_han_characters_and_latin_letters_only():
    # Extension A (㐀) and a compatibility ideograph (﨑) are Han; Latin-1 letters are Latin, its × is
    # not; digits, punctuation and a supplementary-plane ideograph (𠀀) count as neither.
    text = "Zürich和北京㐀﨑, café × ÷ 12 𠀀" * 3
    assert han_share(text) == pytest.approx(15 / (15 + 30))
    assert han_share("12, 34. ×÷ — “”") is None
