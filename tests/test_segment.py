"""Sentence and paragraph segmentation (mtreview.segment), with offsets back into the raw text."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from mtreview.segment import (
    Sentence,
    paragraphs_with_offsets,
    segment_document,
    split_en,
    split_paragraphs,
    split_zh,
)
from tests.support.paths import SHARED, XINHUA

CASE = XINHUA
SEED = SHARED / "corpus-seed"


def en(text):
    return [text[start:end] for start, end in split_en(text)]


def zh(text):
    return [text[start:end] for start, end in split_zh(text)]


def seed_file(name):
    path = SEED / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8")


# --- paragraphs -------------------------------------------------------------------------------


def test_paragraphs_split_at_blank_and_whitespace_only_lines():
    text = "First line\nsame paragraph.\n\nSecond.\n   \t\nThird.\n\n\n\n"
    assert split_paragraphs(text, "en") == ["First line same paragraph.", "Second.", "Third."]


def test_chinese_lines_join_without_space():
    assert split_paragraphs("习近平指出,\n中白建交30年来。\n\n两国。", "zh") == ["习近平指出,中白建交30年来。", "两国。"]


def test_bom_and_crlf_are_normalised():
    assert split_paragraphs("\ufeffOne.\r\nTwo.\r\n\r\nThree.\r\n", "en") == ["One. Two.", "Three."]


def test_empty_input_gives_empty_lists():
    assert split_paragraphs("", "zh") == []
    assert split_paragraphs(" \n\n\t\n", "en") == []
    assert segment_document("", "en") == []
    assert segment_document("\ufeff", "zh") == []
    assert split_zh("") == [] and split_en("   ") == []


def test_paragraph_offsets_point_back_into_the_raw_text():
    raw = "\ufeff  Xi met Lukashenko.  \r\nThey signed.\r\n \r\n\r\n卢卡申科表示。\n"
    for lang in ("en", "zh"):
        for text, offsets in paragraphs_with_offsets(raw, lang):
            assert len(offsets) == len(text)
            for char, offset in zip(text, offsets):
                if not (lang == "en" and char == " " and raw[offset] != " "):  # a joining space
                    assert raw[offset] == char
    (first, offsets), _ = paragraphs_with_offsets(raw, "en")
    assert first == "Xi met Lukashenko. They signed."
    assert raw[offsets[first.index("They")] :].startswith("They signed.")


# --- English ----------------------------------------------------------------------------------


def test_titles_acronyms_and_times_do_not_end_sentences():
    assert en("Mr. Wang met U.S. officials at 3 p.m. on Monday.") == [
        "Mr. Wang met U.S. officials at 3 p.m. on Monday."
    ]


def test_decimals_do_not_split_but_a_full_stop_before_a_capital_does():
    assert en("Growth was 3.5 percent. It rose.") == ["Growth was 3.5 percent.", "It rose."]
    assert en("Trade reached 1.2 billion dollars. 30 percent came from farms.") == [
        "Trade reached 1.2 billion dollars.",
        "30 percent came from farms.",
    ]


def test_run_on_sentences_are_split():
    assert en("Guest House.Photo by Xinhua") == ["Guest House.", "Photo by Xinhua"]


def test_urls_domains_and_code_names_are_not_run_ons():
    text = "See xinhua.net, news.cn, www.Example.Com, editor@Mail.Com and Node.js today."
    assert en(text) == [text]


def test_title_glued_to_a_name_is_not_a_run_on():
    assert en("Mr.Wang left.") == ["Mr.Wang left."]


def test_acronym_before_a_clear_sentence_start_splits():
    # The documented choice: after "U.S." / "p.m." only function words such as "The" start a sentence.
    assert en("It was made in the U.S. The next day it shipped.") == [
        "It was made in the U.S.",
        "The next day it shipped.",
    ]
    assert en("Talks began at 3 p.m. Beijing time.") == ["Talks began at 3 p.m. Beijing time."]


def test_initials_are_not_sentence_ends():
    assert en("President Alexander G. Lukashenko spoke. He smiled.") == [
        "President Alexander G. Lukashenko spoke.",
        "He smiled.",
    ]


def test_abbreviations_before_numbers():
    assert en("On Sept. 15 they met in Room No. 5 and signed. Then they left.") == [
        "On Sept. 15 they met in Room No. 5 and signed.",
        "Then they left.",
    ]


def test_lowercase_after_a_full_stop_does_not_split():
    assert en("They sold rice, tea, etc. and went home.") == ["They sold rice, tea, etc. and went home."]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert en('He said "we agree." Then he left (twice.) Next!') == [
        'He said "we agree."',
        "Then he left (twice.)",
        "Next!",
    ]
    assert en("China’s view is clear. “Yes,” he said? Really! Yes") == [
        "China’s view is clear.",
        "“Yes,” he said?",
        "Really!",
        "Yes",
    ]


def test_bracket_without_space_is_not_a_sentence_end():
    text = "Xinhua News Agency (Reporter Liu Hua Cai Guodong)On the afternoon of the 15th, they met."
    assert en(text) == [text]


def test_english_spans_are_stripped():
    text = "  One.   Two.  "
    assert [text[a:b] for a, b in split_en(text)] == ["One.", "Two."]


# --- Chinese ----------------------------------------------------------------------------------


def test_chinese_quote_closes_the_sentence():
    assert zh("他说：“好。”然后离开。") == ["他说：“好。”", "然后离开。"]


def test_chinese_terminator_runs_and_ascii_marks():
    assert zh("真的吗？！是的……。好!再见?") == ["真的吗？！", "是的……。", "好!", "再见?"]


def test_chinese_ascii_quotes_close_only_an_open_quotation():
    assert zh('他说:"好。"然后离开。"是吗?"她问。') == ['他说:"好。"', "然后离开。", '"是吗?"', "她问。"]


def test_chinese_does_not_split_at_semicolons_or_commas():
    assert zh("第一；第二,第三。") == ["第一；第二,第三。"]


def test_chinese_text_after_the_last_terminator_is_a_sentence():
    text = "当地时间9月15日下午,国家主席习近平在撒马尔罕国宾馆会见白俄罗斯总统卢卡申科。 新华社记者翟健岚摄"
    assert zh(text) == [
        "当地时间9月15日下午,国家主席习近平在撒马尔罕国宾馆会见白俄罗斯总统卢卡申科。",
        "新华社记者翟健岚摄",
    ]


def test_chinese_brackets_after_terminator_stay():
    assert zh("会见成功。）下一句。》") == ["会见成功。）", "下一句。》"]


def test_seed_chinese_with_ascii_commas():
    paragraphs = split_paragraphs(seed_file("xinhua-belarus.zh.partial.txt"), "zh")
    assert len(paragraphs) == 4
    assert zh(paragraphs[0]) == [
        "新华社乌兹别克斯坦撒马尔罕9月15日电(记者刘华 蔡国栋)当地时间15日下午,国家主席习近平在撒马尔罕国宾馆会见白俄罗斯总统卢卡申科。",
        "两国元首决定,将双边关系定位提升为全天候全面战略伙伴关系。",
    ]
    # The repost breaks off mid-word: the fragment is still a sentence of its own.
    assert zh(paragraphs[3])[-1].endswith("坚定支持中国实现国家统")


def test_seed_english_sentence_counts():
    document = segment_document(seed_file("xinhua-belarus.seed.en.txt"), "en")
    assert [len(paragraph) for paragraph in document] == [2, 2, 3, 5, 6, 1, 1]


# --- the review case --------------------------------------------------------------------------


def test_xinhua_case_segments_as_read():
    source = segment_document((CASE / "source.zh.txt").read_text(encoding="utf-8"), "zh")
    target = segment_document((CASE / "target.en.txt").read_text(encoding="utf-8"), "en")
    assert [len(p) for p in source] == [2, 2, 3, 5, 6, 1, 1]
    assert [len(p) for p in target] == [2, 2, 3, 5, 6, 1, 1]
    assert source[1][1].text == "新华社记者翟健岚摄"
    assert target[1][0].text.endswith("Samarkand State Guest House.")
    assert target[1][1].text == "Photo by Xinhua News Agency reporter Zhai Jianlan"
    assert target[4][5].text == "I wish the 20th National Congress of the Communist Party of China a complete success!"
    assert target[0][0].text.startswith("Xinhua News Agency, Samarkand") and "Guodong)On" in target[0][0].text


def test_sentence_offsets_match_paragraph_text():
    for name, lang in (("source.zh.txt", "zh"), ("target.en.txt", "en")):
        text = (CASE / name).read_text(encoding="utf-8")
        paragraphs = split_paragraphs(text, lang)
        for number, sentences in enumerate(segment_document(text, lang)):
            for sentence in sentences:
                assert isinstance(sentence, Sentence)
                assert sentence.paragraph == number
                assert paragraphs[number][sentence.start : sentence.end] == sentence.text
                assert sentence.text == sentence.text.strip()


# --- paragraph offsets ----------------------------------------------------------------------------


def _offsets_per_character(text: str, lang: str) -> list[tuple[str, list[int]]]:
    """paragraphs_with_offsets as it was: one int per character (kept here as the reference)."""
    import re

    joiner = "" if lang == "zh" else " "
    blocks, previous_end = [], None
    for match in re.compile(r"[^\r\n]*\S[^\r\n]*").finditer(text, 1 if text.startswith("\ufeff") else 0):
        line = match.group()
        stripped = line.strip()
        gap = text[previous_end:match.start()] if previous_end is not None else ""
        if previous_end is None or len(re.findall(r"\r\n|\r|\n", gap)) >= 2:
            blocks.append([])
        blocks[-1].append((stripped, match.start() + line.index(stripped)))
        previous_end = match.end()
    paragraphs = []
    for lines in blocks:
        chars, offsets = [], []
        for number, (line, start) in enumerate(lines):
            if number and joiner:
                chars.append(joiner)
                offsets.append(offsets[-1] + 1)
            chars.extend(line)
            offsets.extend(range(start, start + len(line)))
        paragraphs.append(("".join(chars), offsets))
    return paragraphs


def test_paragraph_offsets_as_runs_read_as_the_per_character_list():
    from mtreview.segment import paragraphs_with_offsets

    random.seed(31)
    alphabet = ["a", "b", " ", "\n", "\r\n", "\r", "\t", "\ufeff", "中", "。", "\u3000", "x.", "  "]
    for _ in range(3000):
        text = "".join(random.choice(alphabet) for _ in range(random.randint(0, 30)))
        for lang in ("zh", "en"):
            expected = _offsets_per_character(text, lang)
            got = paragraphs_with_offsets(text, lang)
            assert [paragraph for paragraph, _ in got] == [paragraph for paragraph, _ in expected]
            for (_, offsets), (_, reference) in zip(got, expected):
                assert offsets == reference and list(offsets) == reference and len(offsets) == len(reference)
                assert [offsets[k] for k in range(-len(offsets), len(offsets))] == reference * 2
                assert offsets[1:-1] == reference[1:-1]
                with pytest.raises(IndexError):
                    offsets[len(reference)]


def test_paragraph_offsets_of_a_long_line_cost_no_memory_per_character():
    from mtreview.segment import paragraphs_with_offsets

    line = "China and Belarus are good friends, " * 60_000  # 2 MB
    text = f"  {line}\n{line}\n\nNext paragraph.\n"
    tracemalloc.start()
    try:
        [(first, offsets), (second, _)] = paragraphs_with_offsets(text, "en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first == f"{line.strip()} {line.strip()}" and second == "Next paragraph."
    assert offsets[len(line) - 1] == len(line) + 1  # the joining space: the character after the first line
    assert offsets[len(line)] == len(line) + 3 and text[offsets[-1]] == line[-2]
    assert peak < 6 * len(text), peak  # a list of ints: over 40 bytes a character
