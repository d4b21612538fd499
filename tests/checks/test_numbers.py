"""Numbers as a news reader reads them: each class of correct rendering passes, a wrong value fails.

The sentences are news-desk style, written for these tests (not taken from WMT23).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Category, Pair, Severity
from mtreview.style import HouseStyle
from tests.support.check_command import run_check
from tests.support.checkspec import fails, flagged, passes
from tests.support.tables import write_pairs_table

NUMBER_CHECKS = ("number-mismatch", "number-missing", "number-added", "unit-mismatch")


def number_findings(source: str, target: str):
    return run_checks([Pair("t", source, target)], context=CheckContext(), select=NUMBER_CHECKS)


@pytest.mark.parametrize("source, target", [
    # plan and congress names: the number is part of a name
    ("“十四五”时期是全面建设社会主义现代化国家的第一个五年。",
     "The 14th Five-Year Plan period is the first five years of building a modern socialist country."),
    ("“十三五”规划目标任务胜利完成。", "The goals of the 13th Five-Year Plan have been accomplished."),
    ("“十四五”规划纲要提出的目标", "the targets set out in the plan for 2021-2025"),
    ("国民经济和社会发展第十四个五年规划", "the 14th Five-Year Plan for National Economic and Social Development"),
    ("党的十九大以来，我国经济实力跃上新台阶。", "Since the 19th CPC National Congress, China's economy has reached a new level."),
    ("党的二十大报告指出", "The report to the Party's national congress in 2022 pointed out"),
    # ranges
    ("1-2月，全国规模以上工业增加值同比增长7.5%。", "In January-February, industrial output grew 7.5 percent year on year."),
    ("1-2月，全国规模以上工业增加值同比增长7.5%。", "In the first two months, industrial output grew 7.5 percent year on year."),
    ("项目预计3至5年建成。", "The project is expected to be completed in three to five years."),
    ("居民收入增长了10%-20%。", "Household incomes rose by 10%-20%."),
    ("单颗种植牙价格大概要一万六七千元。", "A single implant costs about 16,000 to 17,000 yuan."),
    # multiples
    ("出口额是十年前的3倍。", "Exports are three times what they were a decade ago."),
    ("出口额是十年前的3倍。", "Exports have tripled from a decade ago."),
    ("出口额是十年前的3倍。", "Exports are threefold the level of a decade ago."),
    ("研发投入是2012年的2倍。", "R&D spending is twice the 2012 level."),
    ("研发投入是2012年的2倍。", "R&D spending has doubled from 2012."),
    ("粮食产量增长了1倍。", "Grain output doubled."),
    ("城乡居民人均收入比2010年翻一番。", "Per capita income has doubled from 2010."),
    ("城乡居民人均收入比2010年翻两番。", "Per capita income has quadrupled from 2010."),
    # fractions and numbers in words
    ("约25万人参加了庆祝活动。", "About a quarter of a million people joined the celebrations."),
    ("约50万人参加了庆祝活动。", "About half a million people joined the celebrations."),
    ("约150万人参加了庆祝活动。", "About one and a half million people joined the celebrations."),
    ("三分之一的受访企业表示订单增加。", "A third of the companies surveyed reported more orders."),
    ("12名工人获救。", "A dozen workers were rescued."),
    ("近两成受访者表示满意。", "Nearly 20 percent of respondents said they were satisfied."),  # tenths
    ("超过七成企业实现盈利。", "More than 70 percent of companies turned a profit."),
    ("该市常住人口突破千万。", "The city's resident population has passed 10 million."),
    # one number shared by two phrases, one number repeated
    ("前20%与后20%家庭的收入差距缩小。", "The income gap between the top and bottom 20 percent of households narrowed."),
    # numerals inside words
    ("三维打印技术日趋成熟。", "3-D printing technology is maturing."),
    ("扫描二维码即可支付。", "Scan the QR code to pay."),
    ("共建“一带一路”倡议提出十年来", "In the decade since the Belt and Road Initiative was proposed"),
    ("全国两会在北京召开。", "The two sessions opened in Beijing."),
    # unit conversions within rounding
    ("全年粮食产量1.3万亿斤。", "Annual grain output reached 650 million tonnes."),
    ("新建高标准农田1亿亩。", "Some 6.67 million hectares of high-standard farmland were built."),
    ("新建高标准农田1亿亩。", "Some 16.5 million acres of high-standard farmland were built."),
    ("这条高速公路全长120公里。", "The expressway is 75 miles long."),
    ("当天最高气温达到40摄氏度。", "The high reached 104 degrees Fahrenheit that day."),
    ("一袋大米重10斤。", "A bag of rice weighs 5 kg."),
    ("气温降至零下10摄氏度。", "Temperatures fell to 14 degrees Fahrenheit."),
    # a full date given as its weekday
    ("2024年9月15日，会议在北京举行。", "The meeting was held in Beijing on Sunday."),
    # what was already read right
    ("全国12亿人口中约6万名学生", "60,000 students in a population of 1.2 billion"),
    ("第二十次全国代表大会", "the 20th National Congress"),
    ("增长百分之五", "grew 5%"),
    ("9月15日晚上8点30分", "at 8:30 p.m. on September 15"),
])
def test_correct_renderings_are_not_reported(source, target):
    assert [f.message for f in number_findings(source, target)] == []


def test_a_plan_number_that_is_wrong_is_still_reported():
    target = "The 13th Five-Year Plan period is the first five years of building a modern socialist country."
    [finding] = fails("number-mismatch", target, "“十四五”时期是全面建设社会主义现代化国家的第一个五年。")
    assert flagged(finding, target) == "13th"


@pytest.mark.parametrize("source, target, wrong", [
    ("出口额是十年前的3倍。", "Exports are four times what they were a decade ago.", None),
    ("约25万人参加了庆祝活动。", "About 2.5 million people joined the celebrations.", "2.5 million"),
    ("1-2月，工业增加值同比增长7.5%。", "In January-February, industrial output grew 5.7 percent.", "5.7 percent"),
])
def test_wrong_values_are_reported(source, target, wrong):
    found = number_findings(source, target)
    assert found, f"{target!r} should be reported"
    if wrong:
        assert any(f.target_span and target[slice(*f.target_span)] == wrong for f in found)


@pytest.mark.parametrize("source, target, wrong, right", [
    ("全年粮食产量1.3万亿斤。", "Annual grain output reached 650 billion tonnes.", "650 billion", "650 million tonnes"),
    ("新建高标准农田1亿亩。", "Some 66.7 million hectares of farmland were built.", "66.7 million", "6.67 million hectares"),
    ("当天最高气温达到40摄氏度。", "The high reached 140 degrees Fahrenheit that day.", "140", "104°F"),
    ("这条高速公路全长120公里。", "The expressway is 120 kilometres, or 95 miles, long.", "95", "74.6 miles"),
])
def test_a_wrong_conversion_is_reported_with_the_right_value(source, target, wrong, right):
    [finding] = fails("number-mismatch", target, source)
    assert flagged(finding, target) == wrong and finding.suggestion == right
    assert "converted" in finding.message


def test_a_wrong_weekday_for_a_full_date_is_a_mismatch():
    target = "The meeting was held in Beijing on Monday."
    [finding] = fails("number-mismatch", target, "2024年9月15日，会议在北京举行。")
    assert flagged(finding, target) == "Monday" and finding.suggestion == "Sunday"
    # without the year the weekday cannot be known: nothing to say
    passes("number-mismatch", target, "9月15日，会议在北京举行。")
    # the source names its own weekday
    passes("number-mismatch", target, "2024年9月15日（星期一），会议在北京举行。")


def test_thousands_separator_follows_the_house_style():
    target = "A total of 100000 people took part in the marathon."
    [finding] = fails("thousands-separator", target, "共有10万人参加了马拉松比赛。")
    assert finding.category == Category.NUMBER_FORMAT and finding.severity is Severity.MINOR
    assert flagged(finding, target) == "100000" and finding.suggestion == "100,000"
    passes("thousands-separator", "A total of 100,000 people took part.", "共有10万人参加。")
    passes("thousands-separator", "A total of 5000 people took part in 2024.", "2024年共有5000人参加。")
    bare = HouseStyle(thousands="")
    pair = Pair("t", "共有10万人参加了马拉松比赛。", target)
    assert run_checks([pair], context=CheckContext(style=bare), select=["thousands-separator"]) == []
    spaced = run_checks([pair], context=CheckContext(style=HouseStyle(thousands=" ")), select=["thousands-separator"])
    assert spaced[0].suggestion == "100 000"


@pytest.mark.parametrize("source, target", [
    ("邮编100000", "postal code 100000"),
    ("贵州茅台（600519）股价上涨。", "Shares of Kweichow Moutai (600519) rose."),
    ("请拨打热线12345。", "Please call the 12345 hotline."),
    ("电话：010-12345678", "Tel: 010-12345678"),
    ("符合GB/T 13000标准", "conforms to GB/T 13000"),
    ("共25200个码位", "25200 code points in all"),  # the source's own bare figure
])
def test_codes_and_ids_need_no_separator(source, target):
    passes("thousands-separator", target, source)


def test_a_right_conversion_beside_another_leftover_is_not_reported():
    source = "这条高速公路全长120公里，沿线有8个服务区。"
    target = "The expressway is 120 km (75 miles) long, with service areas along it."
    assert [f.check for f in number_findings(source, target) if f.check == "number-mismatch"] == []


def test_number_mismatch_reported_on_the_english_span():
    source = "据估计,2018年使用大麻的有1.92亿人。"
    target = "It is estimated that in 2018, 19.2 million people used cannabis."
    [finding] = fails("number-mismatch", target, source)
    assert flagged(finding, target) == "19.2 million"
    assert finding.severity is Severity.MAJOR and "1.92亿" in finding.message
    passes("number-mismatch", "It is estimated that in 2018, 192 million people used cannabis.", source)


def test_number_missing_from_the_english():
    source = "伊朗面临1979年革命推翻2500年君主制以来最强大的挑战。"
    target = "Iran faces its biggest challenge since the monarchy was overthrown in 1979."
    [finding] = fails("number-missing", target, source)
    assert finding.target_span is None and source[slice(*finding.source_span)] == "2500"


def test_number_added_in_the_english():
    [finding] = fails("number-added", "The EU received 920,000 claims from 27 countries.", "欧盟去年收到超92万份申请。")
    assert finding.category == Category.ADDITION
    assert "27" in finding.message
    # 去年 (last year) written as the year itself is not an addition
    passes("number-added", "The EU received 920,000 claims in 2017.", "欧盟去年收到超92万份申请。")


def test_weekday_for_a_date_and_one_as_an_article_are_not_reported():
    passes("number-missing", "Xi met Lukashenko on Thursday afternoon.", "当地时间15日下午,习近平会见卢卡申科。")
    passes("number-missing", "After a day of testing, the room smelled of plastic.", "办公室试用了1天。")
    passes("number-missing", "BEIJING -- The seminar ended.", "新华社北京2月10日电 研讨班结业。")


def test_xinhua_dateline_numbers_all_match():
    source = "新华社乌兹别克斯坦撒马尔罕9月15日电(记者刘华 蔡国栋)当地时间15日下午,国家主席习近平在撒马尔罕国宾馆会见白俄罗斯总统卢卡申科。"
    target = ("Xinhua News Agency, Samarkand, Uzbekistan, September 15 (Reporter Liu Hua Cai Guodong)On the "
              "afternoon of the 15th local time, President Xi Jinping met with President Alexander Lukashenko")
    for check_id in ("number-mismatch", "number-missing", "number-added"):
        passes(check_id, target, source)


def test_figures_of_hundreds_and_thousands_of_digits(tmp_path: Path):
    long_ordinal, long_figure = "9" * 5000, "7" * 400
    rows = [(f"第{long_ordinal}次会议", f"the {long_ordinal}th meeting"),
            (f"共有{long_figure}人参加。", f"There were {long_figure} participants."),
            (f"共有{long_figure}人参加。", f"There were {long_figure[:-1]}8 participants.")]
    code, stdout, stderr = run_check(write_pairs_table(tmp_path, rows), "--format", "jsonl")
    assert code == 0 and "Traceback" not in stderr, stderr
    findings = [json.loads(line) for line in stdout.splitlines()]
    # the same long figure on both sides is no mismatch (both once overflowed to infinity and compared unequal)
    assert not [f for f in findings if f["id"] in ("1", "2") and f["check"].startswith("number")]
    assert not [f for f in findings if f["check"] == "ordinal-suffix"]
    # and two long figures that differ in their last digit are told apart
    assert [f["check"] for f in findings if f["id"] == "3"] == ["number-mismatch"]
