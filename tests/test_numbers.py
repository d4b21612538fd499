"""Numbers as values: the parsing the number checks stand on."""

from __future__ import annotations

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


@pytest.mark.parametrize("text, values", [
    ("“十四五”时期", (14, 2021, 2025, 25)),  # the 14th Five-Year Plan, 2021-2025
    ("十三五规划", (13, 2016, 2020, 20)),
    ("九五计划", (9, 1996, 2000, 0)),
])
def test_plan_names_read_as_the_plan(text, values):
    [plan] = source_numbers(text)
    assert plan.values == values


def test_two_digits_in_a_row_are_no_numeral_but_may_be_a_range():
    assert parse_chinese_numeral("十四五") is None
    assert parse_chinese_numeral("一百零五") == 105
    [price] = source_numbers("大概要一万六七千元")
    assert price.values == (16_000, 17_000)


def test_congress_multiples_doublings_and_fractions():
    [congress] = source_numbers("党的十九大以来")
    assert congress.values == (19, 2017)
    [_, times] = source_numbers("比2010年增长了1倍")
    assert times.values == (1, 2)  # 增长了1倍: "doubled"
    [doubling] = source_numbers("翻两番")
    assert doubling.values == (4,)
    [third] = source_numbers("三分之一")
    assert third.values[0] == pytest.approx(1 / 3)


@pytest.mark.parametrize("text, value", [
    ("a quarter of a million people", 250_000), ("half a million people", 500_000),
    ("one and a half billion yuan", 1.5e9), ("exports tripled", 3), ("a threefold rise", 3),
    ("R&D spending doubled", 2), ("twice the level", 2),
])
def test_english_multiples_and_fractions_in_words(text, value):
    assert [m.values[0] for m in target_numbers(text)] == [value]


def test_hyphenated_words_are_read_by_their_parts_and_3d_is_a_code():
    assert values(target_numbers("In January-February, the Five-Year Plan")) == [
        ("January", 1), ("February", 2), ("Five", 5)]
    [three] = target_numbers("3-D printing")
    assert three.written == "code"


def test_conversions_match_within_rounding_and_only_in_their_unit():
    grain = source_numbers("全年粮食产量1.3万亿斤")
    assert unmatched(grain, target_numbers("650 million tonnes")) == ([], [])
    assert unmatched(grain, target_numbers("650 billion tonnes"))[1]  # the kilogram value, named tonnes
    assert unmatched(source_numbers("120公里"), target_numbers("75 miles")) == ([], [])
    assert unmatched(source_numbers("120公里"), target_numbers("100 miles"))[1]
    assert unmatched(source_numbers("40摄氏度"), target_numbers("104 degrees Fahrenheit")) == ([], [])


def test_one_number_for_two_and_one_repeated():
    assert unmatched(source_numbers("前20%与后20%"), target_numbers("the top and bottom 20 percent")) == ([], [])


@pytest.mark.parametrize("source, target", [
    ("三亿人", "three hundred million people"),
    ("150个城市", "a hundred and fifty cities"),
    ("2300名代表", "two thousand three hundred delegates"),
    ("25年", "twenty five years"),
    # Older English: tens before units joined by "and", and scores (the King James Bible's censuses).
    ("共有四万六千五百名", "were forty and six thousand and five hundred"),
    ("共有七万四千六百名", "were threescore and fourteen thousand and six hundred"),
    ("八十七年前", "fourscore and seven years ago"),
])
def test_numbers_spelled_out_in_several_words(source, target):
    assert unmatched(source_numbers(source), target_numbers(target)) == ([], [])


def test_number_words_in_a_row_that_are_several_numbers():
    assert [m.values[0] for m in target_numbers("one and two, nineteen eighty-four")] == [1, 2, 19, 84]
    # "and" joins tens and units only when units follow: a range is two numbers.
    assert [m.values[0] for m in target_numbers("between twenty and thirty")] == [20, 30]
    assert [m.values[0] for m in target_numbers("forty and twelve")] == [40, 12]
