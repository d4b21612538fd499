"""Encodings of Chinese text files (UTF-8 with or without BOM, UTF-16, GB18030/GBK, Big5) and
Traditional Chinese sources matched against Simplified terms and numerals."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import load_input, load_pairs_table, load_text_pair, read_text, read_text_detected
from mtreview.numbers import source_numbers
from mtreview.traditional import simplified
from tests.support.checkspec import fails, flagged, passes

SIMPLIFIED = "新华社北京2月10日电 国家主席习近平10日同白俄罗斯总统卢卡申科通电话。中方愿同白方一道，共建一带一路。\n"
TRADITIONAL = "新華社北京2月10日電 國家主席習近平10日同白俄羅斯總統盧卡申科通電話。中方願同白方一道，共建一帶一路。\n"


@pytest.mark.parametrize("codec, text, assumed", [
    ("utf-8", SIMPLIFIED, "UTF-8"),
    ("utf-8-sig", SIMPLIFIED, "UTF-8 with BOM"),
    ("utf-16", SIMPLIFIED, "UTF-16"),
    ("utf-16-le", SIMPLIFIED, "UTF-16LE (no BOM)"),
    ("gb18030", SIMPLIFIED, "GB18030"),
    ("gbk", SIMPLIFIED, "GB18030"),
    ("big5", TRADITIONAL, "Big5"),
    ("utf-8", TRADITIONAL, "UTF-8"),
])
def test_the_same_text_reads_back_identical_with_the_encoding_assumed(tmp_path: Path, codec, text, assumed):
    path = tmp_path / "source.zh.txt"
    path.write_bytes(text.encode(codec))
    assert read_text_detected(path) == (text, assumed)
    assert read_text(path) == text


def test_a_guessed_encoding_is_reported_in_the_corpus_notes(tmp_path: Path):
    source, target = tmp_path / "s.zh.txt", tmp_path / "t.en.txt"
    source.write_bytes(TRADITIONAL.encode("big5"))
    target.write_text("BEIJING, Feb. 10 -- President Xi Jinping spoke with Belarusian President Lukashenko by "
                      "phone on Thursday. China is ready to work with Belarus on the Belt and Road.\n", encoding="utf-8")
    corpus = load_text_pair(source, target)
    assert corpus.notes == ["read s.zh.txt as Big5 (not UTF-8); check the text if it looks garbled"]
    table = tmp_path / "pairs.tsv"
    table.write_bytes("id\tsource\ttarget\n1\t中方愿同白方一道\tChina is ready to work with Belarus\n".encode("gbk"))
    corpus = load_pairs_table(table)
    assert corpus.pairs[0].source == "中方愿同白方一道"
    assert corpus.notes == ["read pairs.tsv as GB18030 (not UTF-8); check the text if it looks garbled"]
    utf8 = tmp_path / "plain.tsv"
    utf8.write_text("id\tsource\ttarget\n1\t中方\tChina\n", encoding="utf-8-sig")
    assert load_input([utf8]).notes == []


def test_bytes_that_are_no_supported_encoding_are_refused(tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xc3\x28 \xff\xfe\xfd")
    with pytest.raises(InputError, match="not UTF-8 text .* nor GB18030 or Big5"):
        read_text(path)


def test_traditional_is_simplified_one_character_for_one():
    for text in (TRADITIONAL, "十二億", "兩百萬", "新冠肺炎疫情"):
        assert len(simplified(text)) == len(text)
    assert simplified(TRADITIONAL) == SIMPLIFIED
    # Simplified text never changes, not even characters that are also Traditional forms elsewhere.
    assert simplified("乾隆著名于是") == "乾隆著名于是"


def test_traditional_terms_trigger_the_term_checks_on_the_original_spans():
    source = "中方願同白方共建一帶一路，抗擊新冠肺炎疫情。"
    target = "China will build the One Belt One Road with Belarus and fight the new crown pneumonia epidemic."
    found = fails("term-forbidden", target, source)
    assert sorted(flagged(f, target) for f in found) == ["One Belt One Road", "new crown pneumonia"]
    assert sorted(source[slice(*f.source_span)] for f in found) == ["一帶一路", "新冠肺炎"]
    passes("term-forbidden", "China will build the Belt and Road with Belarus and fight COVID-19.", source)


def test_traditional_numerals_match_english_numbers():
    [mention] = source_numbers("人口十二億")
    assert mention.values == (1.2e9,) and mention.text == "十二億"
    passes("number-mismatch", "a population of 1.2 billion", "人口十二億")
    passes("number-missing", "a population of 1.2 billion", "人口十二億")
    fails("number-missing", "a large population", "人口12億")


def test_a_term_list_written_in_traditional_matches_a_simplified_source(tmp_path):
    from mtreview.terms import load_terms
    from tests.support.checkspec import fails

    path = tmp_path / "desk.tsv"
    path.write_text("zh\ten\tforbidden\n一帶一路\tBelt and Road\tOne Belt, One Road\n", encoding="utf-8")
    [finding] = fails("term-forbidden", "the One Belt, One Road initiative", "共建一带一路倡议",
                      terms=tuple(load_terms(path)))
    assert finding.suggestion == "Belt and Road" and finding.source_span == (2, 6)
