"""Numbers as values: the parsing the number checks stand on."""

import pytest

from mtreview.numbers import parse_chinese_numeral, source_numbers, target_numbers, unmatched


@pytest.mark.parametrize("numeral, value", [
    ("三十", 30), ("十五", 15), ("二十", 20), ("一百二十三", 123), ("两千", 2000), ("一亿二千万", 120_000_000),
    ("二〇二二", 2022), ("三点五", 3.5), ("十", 10), ("万", None), ("十分可靠", None),
])
def test_chinese_numerals(numeral, value):
    assert parse_chinese_numeral(numeral) == value


def values(mentions):
    return [(m.text, m.values[0]) for m in mentions]


def test_chinese_amounts_percentages_ordinals_and_dates():
    text = "2022年9月15日,第二十次会议宣布:全国12亿人口中约3.5万名学生,增长百分之五。"
    assert values(source_numbers(text)) == [
        ("2022", 2022), ("9", 9), ("15", 15), ("第二十", 20), ("12亿", 1.2e9), ("3.5万", 35_000), ("百分之五", 5)]


def test_chinese_words_that_are_not_numbers():
    assert source_numbers("中国是十分可靠的伙伴,一些国家一道推动统一,万一有事") == []


def test_chinese_time_in_the_evening_reads_as_both_clocks():
    [hour, minute] = source_numbers("晚上8点30分举行")
    assert hour.values == (20,) and minute.values == (30,)
    [hour] = source_numbers("8点开始")
    assert set(hour.values) == {8, 20}


def test_english_numbers_words_scales_and_months():
    text = "On Sept. 15, 2022, 1.2 billion people, 60,000 students, twenty-five cities and 5 percent, the 20th"
    assert values(target_numbers(text)) == [
        ("Sept", 9), ("15", 15), ("2022", 2022), ("1.2 billion", 1.2e9), ("60,000", 60_000),
        ("twenty-five", 25), ("5 percent", 5), ("20th", 20)]


def test_digits_inside_names_and_codes_only_match():
    mentions = target_numbers("COVID-19 and the G20")
    assert [m.written for m in mentions] == ["code", "code"]


@pytest.mark.parametrize("source, target", [
    ("全国有12亿人口", "a population of 1.2 billion"),
    ("约6万名学生", "about 60,000 students"),
    ("中白建交30年来", "in the 30 years since China and Belarus established ties"),
    ("当地时间15日下午", "on the afternoon of the 15th local time"),
    ("9月15日", "September 15"),
    ("晚上8点30分", "at 8:30 p.m."),
    ("百分之五", "5%"),
    ("第二十次党代会", "the 20th Party Congress"),
    ("预计可达138亿至143亿新元", "13.8 to 14.3 billion Singapore dollars"),
    ("九二共识", "the 1992 Consensus"),
    ("上世纪90年代", "in the 1990s"),
    ("2.劣质皮带", "2. Inferior belts"),
])
def test_equal_values_leave_nothing_unmatched(source, target):
    assert unmatched(source_numbers(source), target_numbers(target)) == ([], [])


def test_a_wrong_number_is_left_on_both_sides():
    left_source, left_target = unmatched(source_numbers("中白建交30年来"), target_numbers("in the 40 years since"))
    assert [m.text for m in left_source] == ["30"] and [m.text for m in left_target] == ["40"]
