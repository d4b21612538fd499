"""Units and currencies: percentage points given as percent, amounts in another currency, changed units."""

from __future__ import annotations

from mtreview.records import Severity
from tests.support.checkspec import fails, flagged, passes, source_text

# --- percentage points, currencies, units --------------------------------------------------------

PMI_SOURCE = "今年1月台湾制造业采购经理人指数(PMI)经季节调整后为40.4%，较去年12月续跌3.3个百分点，连续7个月紧缩。"


def test_percentage_points_given_as_percent():
    target = ("Taiwan's manufacturing Purchasing Managers' Index (PMI) was 40.4% in January, "
              "down 3.3% from December, marking seven months of contraction.")
    [finding] = fails("percentage-point", target, PMI_SOURCE)
    assert flagged(finding, target) == "3.3%" and source_text(finding, PMI_SOURCE) == "3.3个百分点"
    assert finding.suggestion == "3.3 percentage points" and finding.severity is Severity.MAJOR
    target = target.replace("down 3.3%", "down 3.3 per cent")
    [finding] = fails("percentage-point", target, PMI_SOURCE)
    assert flagged(finding, target) == "3.3 per cent"
    # what every WMT23 system wrote (GPT4-5shot)
    passes("percentage-point", "the seasonally adjusted PMI was 40.4% in January, a decrease of 3.3 percentage "
                               "points from December", PMI_SOURCE)
    passes("percentage-point", "40.4% in January, 3.3 points below December", PMI_SOURCE)


def test_basis_points_given_as_percent():
    source = "美联储宣布加息25个基点。"
    [finding] = fails("percentage-point", "The Federal Reserve announced a 25% rate hike.", source)
    assert finding.suggestion == "25 basis points" and "basis points" in finding.message
    passes("percentage-point", "The Federal Reserve raised rates by 25 basis points.", source)


def test_amount_in_another_currency():
    # NLLB_Greedy on WMT23 #936: Singapore dollars (新元) as yuan
    source = "预计2023年到访新加坡的国际旅客人次可达1200万至1400万，将带来约180亿至210亿新元的旅游收益。"
    target = ("12 to 14 million international visitors are expected to visit Singapore in 2023, bringing about "
              "18 to 21 billion yuan in tourism revenue.")
    [finding] = fails("currency-mismatch", target, source)
    assert flagged(finding, target) == "21 billion yuan"
    assert source_text(finding, source) == "210亿新元"
    assert finding.suggestion == "21 billion Singapore dollars" and finding.severity is Severity.MAJOR
    # ANVITA on WMT23 #1093: 人民币5000元 as dollars
    source = "陕西省价码高于云南，合格者每次可领取人民币300元现金，完成一定次数的捐精者可获得人民币5000元补贴。"
    target = "a person who has completed a certain number of donations can receive $5,000 in cash."
    [finding] = fails("currency-mismatch", target, source)
    assert flagged(finding, target) == "$5,000" and "yuan" in finding.message


def test_amounts_in_their_currency_pass():
    source = "据台当局财政事务主管部门公布，台湾地区今年1月出口315.1亿美元，年减21.2%，连续第5个月负增长。"
    for target in ("Taiwan's exports in January amounted to $31.51 billion, a year-on-year decrease of 21.2%.",
                   "Taiwan's exports in January were 31.51 billion US dollars, down 21.2% from a year earlier."):
        passes("currency-mismatch", target, source)
    [finding] = fails("currency-mismatch", "Taiwan's exports in January were 31.51 billion yuan.", source)
    assert finding.suggestion == "31.51 billion US dollars"
    # bare 元 is the local currency: NT dollars in Taiwan's news, yuan on the mainland
    passes("currency-mismatch", "The share price closed at NT$19.24.", "股价报19.24元。")
    passes("currency-mismatch", "a subsidy of 4,500 yuan", "可获人民币4500元补贴")
    # a conversion is a translator's choice (WMT23 #1313)
    passes("currency-mismatch", "the shoes cost more than 4,000 yen, which is about 200 RMB",
           "鞋子4000多日元，算作200rmb")


def test_measurement_with_the_number_kept_and_the_unit_changed():
    source = "140公里外的首都北京也有强烈震感。"
    target = "The capital Beijing, 140 miles away, also strongly felt the earthquake."
    [finding] = fails("unit-mismatch", target, source)
    assert flagged(finding, target) == "140 miles" and source_text(finding, source) == "140公里"
    assert finding.suggestion == "140 kilometres" and finding.severity is Severity.MAJOR
    passes("unit-mismatch", "The capital Beijing, 140 kilometers away, also strongly felt the earthquake.", source)
    passes("unit-mismatch", "The capital Beijing, 87 miles (140 km) away, also felt it.", source)


def test_units_swapped_in_a_conversion_and_jin_as_kilograms():
    source = "飞行高度为1.2万米（4万英尺）"
    passes("unit-mismatch", "flying at an altitude of 12,000 meters (40,000 feet)", source)  # GPT4-5shot, #1234
    target = "flying at an altitude of 12,000 feet (40,000 meters)"
    found = fails("unit-mismatch", target, source)
    assert [flagged(f, target) for f in found] == ["12,000 feet", "40,000 meters"]
    source = "胸围99，身高184，体重84斤，购买前咨询了客服。"
    target = "Chest 99, height 184, weight 84 kg; I asked customer service before buying."
    [finding] = fails("unit-mismatch", target, source)
    assert flagged(finding, target) == "84 kg" and "jin" in finding.message
    passes("unit-mismatch", "Chest 99, height 184, weight 84 kg.", "胸围99，身高184，体重84公斤。")  # WMT23 #1883
