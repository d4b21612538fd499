from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import load_corpus_dir, load_input, load_line_aligned, load_pairs_table, read_text
from tests.support.paths import XINHUA

TSV_HEADER = "id\tsource\ttarget\treference\n"


def test_tsv_pairs_with_reference_and_quote_characters(tmp_path: Path):
    path = tmp_path / "pairs.tsv"
    path.write_text(TSV_HEADER + 'a1\t会见后,双方发表《联合声明》。\tthe two sides issued the "Joint Statement"\t'
                    "the two sides issued a joint statement\n"
                    "a2\t丁薛祥等参加会见。\tDing Xuexiang attended.\t\n", encoding="utf-8")
    corpus = load_pairs_table(path)
    assert [p.id for p in corpus.pairs] == ["a1", "a2"]
    assert corpus.pairs[0].target == 'the two sides issued the "Joint Statement"'
    assert corpus.pairs[0].references == ("the two sides issued a joint statement",)
    assert corpus.pairs[1].references == ()


def test_csv_with_quoted_commas(tmp_path: Path):
    path = tmp_path / "pairs.csv"
    path.write_text('id,source,target\n7,"中方愿同白方一道,加大相互政治支持","China will work with Belarus, and"\n',
                    encoding="utf-8-sig")
    [pair] = load_input([path]).pairs
    assert pair.source == "中方愿同白方一道,加大相互政治支持" and pair.target == "China will work with Belarus, and"


@pytest.mark.parametrize("content, problem", [
    ("id\tsource\n1\t中\n", "header lacks column(s) target"),
    (TSV_HEADER + "1\t中\tx\n", ":2: 3 fields, the header has 4"),
    ("id\tsource\ttarget\n1\t中\tx\n1\t文\ty\n", ":3: duplicate id '1' (first on line 2)"),
    ("id\tsource\ttarget\n", "has a header but no rows"),
    ("", "is empty"),
])
def test_bad_tables_name_the_file_line_and_problem(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "pairs.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_pairs_table(path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_undecodable_and_binary_files_are_refused(tmp_path: Path):
    # GBK is read now (as GB18030, see test_encodings.py); bytes no encoding explains are not.
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xc3\x28 \xff\xfe\xfd")
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_text(bad)
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(InputError, match="binary"):
        read_text(binary)


def test_utf16_with_bom_and_crlf_are_read(tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes("第一段。\r\n\r\n第二段。\r\n".encode("utf-16"))
    assert read_text(path) == "第一段。\n\n第二段。\n"


def test_text_pair_is_aligned(tmp_path: Path):
    source, target = tmp_path / "s.zh.txt", tmp_path / "t.en.txt"
    source.write_text("习近平指出,中白建交30年来,两国关系不断提质升级。中方愿同白方一道,加大相互政治支持。\n", encoding="utf-8")
    target.write_text("Xi pointed out that in the 30 years since diplomatic ties, relations kept improving. "
                      "China is willing to work with Belarus to increase mutual political support.\n", encoding="utf-8")
    pairs = load_input([source, target]).pairs
    assert [(p.source_indices, p.target_indices) for p in pairs] == [((0,), (0,)), ((1,), (1,))]


def test_corpus_folder_reads_its_manifest():
    corpus = load_corpus_dir(XINHUA)
    assert corpus.name == "xinhua-belarus" and corpus.system == "news-desk"
    assert len(corpus.pairs) == 20
    assert sum(1 for p in corpus.pairs if p.references) == 9


def test_manifest_naming_a_missing_file_is_an_error(tmp_path: Path):
    (tmp_path / "corpus.toml").write_text('[source]\nfile = "nope.zh.txt"\n[target]\nfile = "t.txt"\n',
                                          encoding="utf-8")
    with pytest.raises(InputError, match="names nope.zh.txt, which does not exist"):
        load_corpus_dir(tmp_path)


def test_manifest_with_a_reconstructed_passage_not_in_the_source(tmp_path: Path):
    (tmp_path / "s.txt").write_text("中方愿同白方一道。\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("China is willing.\n", encoding="utf-8")
    (tmp_path / "corpus.toml").write_text(
        '[source]\nfile = "s.txt"\n[[source.reconstructed]]\ntext = "丁薛祥"\n[target]\nfile = "t.txt"\n',
        encoding="utf-8")
    with pytest.raises(InputError, match="reconstructed passage not found"):
        load_corpus_dir(tmp_path)


def test_line_aligned_hypothesis_and_references(tmp_path: Path):
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("a b c\nd e f\n", encoding="utf-8")
    ref.write_text("a b c\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 lines, but .* has 2"):
        load_line_aligned(hyp, [ref])
    ref.write_text("a b c\nd e g\n", encoding="utf-8")
    pairs = load_line_aligned(hyp, [ref]).pairs
    assert [p.references for p in pairs] == [("a b c",), ("d e g",)]


def test_single_plain_text_input_says_what_to_give(tmp_path: Path):
    path = tmp_path / "t.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="SOURCE TARGET"):
        load_input([path])
