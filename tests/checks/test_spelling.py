"""The spelling checks on news-desk text: non-words flagged with the right suggestion, the house style's
variant, and what is not a misspelling in Chinese→English text (pinyin, source words, names, acronyms)."""

from __future__ import annotations

import pytest

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Pair
from mtreview.style import HouseStyle
from mtreview.terms import TermEntry

US = CheckContext()
GB = CheckContext(style=HouseStyle(spelling="en-GB"))


def spelling(source: str, target: str, context: CheckContext = US, check: str = "spelling"):
    findings = run_checks([Pair("1", source, target)], context=context, select=[check])
    return [(target[f.target_span[0]:f.target_span[1]], f.suggestion) for f in findings]


@pytest.mark.parametrize("source, target, word, suggestion", [
    ("政府工作报告提出，今年发展主要预期目标是。", "The goverment work report sets out this year's main targets.",
     "goverment", "government"),
    ("国务院总理李强在北京会见了来访的外国客人。", "Premier Li Qiang met the visiting foreign guests in Bejing.",
     "Bejing", "Beijing"),
    ("企业将在三月份收到补贴。", "Enterprises will recieve the subsidies in March.", "recieve", "receive"),
    ("荷尔蒙水平的变化会影响情绪。", "Changes in Hormon levels affect mood.", "Hormon", "Hormone"),
    ("这些措施将确保经济稳定增长。", "These measures will definately ensure stable economic growth.",
     "definately", "definitely"),
    ("北京冬奥会的场馆设施一流。", "The venues of the Beijing Winter Olympics are first-class and well-equiped.",
     "equiped", "equipped"),
])
def test_non_words_are_flagged_with_the_intended_word(source, target, word, suggestion):
    found = spelling(source, target)
    assert (word, suggestion) in found, found
    assert len(found) == 1


CORRECT = [
    # pinyin names and words, a name with an apostrophe
    ("翟健岚在西安的胡同里长大。", "Zhai Jianlan grew up in a hutong in Xi'an."),
    ("羌族同胞在广州庆祝节日。", "Qiang compatriots celebrated the festival in Guangzhou."),
    ("四川阿坝州汶川县映秀镇", "Yingxiu Town, Wenchuan County, Aba Prefecture, Sichuan"),
    # Latin words of the source: a brand and a product code
    ("Baseus倍思推出XR-7Pro充电器。", "Baseus launched the XR-7Pro charger."),
    # acronyms, digits, mixed case, ordinals, contractions and possessives
    ("上合组织峰会讨论了新冠疫情和5G。", "The SCO summit discussed COVID-19, 5G and the iPhone's market share."),
    ("这是中国第21届进博会。", "This is China's 21st import expo; officials don't expect delays."),
    # URLs, e-mails, file names, hashtags
    ("详见官网。", "See https://www.gov.cn/zhengce/xxgk.htm or write to press@mfa.gov.cn; file report_v2.pdf #Liangxui"),
    # hyphenated compounds, prefixes and derived forms of dictionary words
    ("推进碳中和与高质量发展。", "It pursues decarbonization, high-quality development and carbon-neutral growth."),
    ("网民在直播中讨论智能手机。", "Netizens discussed smartphones on livestreaming platforms and multi-party talks."),
    # foreign names and phrases, a name used twice, a multi-word foreign name
    ("冯德莱恩出席了会议。", "Ursula von der Leyen attended; it is a de facto ban, a force majeure event."),
    ("布林肯访问了北京。", "Blinken visited Beijing."),
    ("法赫德说，法赫德的公司将投资。", "Fahed said Fahed's company would invest."),
    ("樟宜机场恢复运营。", "Changi Airport resumed operations."),
    # a word in quotes that looks foreign
    ("他们称之为“关系”。", "They call it “guanxian” in the north."),
]


@pytest.mark.parametrize("source, target", CORRECT)
def test_correct_news_text_is_not_flagged(source, target):
    assert spelling(source, target) == []


def test_a_non_word_two_edits_from_a_word_is_flagged_with_it_among_the_suggestions():
    findings = run_checks([Pair("1", "荷尔蒙水平的变化会影响情绪。", "Changes in holmon levels affect mood.")],
                          select=["spelling"])
    assert [f.target_span for f in findings] == [(11, 17)]
    assert "hormone" in findings[0].message


def test_term_list_renderings_are_words():
    terms = (TermEntry(zh="一带一路", renderings=("Belt and Road Initiative (Yidaiyilu)",)),)
    context = CheckContext(terms=terms)
    target = "The yidaiyilu projects were reviewed."
    assert spelling("一带一路项目", target, context) == []
    assert spelling("一带一路项目", "The yidaiyilu projekts were reviewed.", context) == [("projekts", "projects")]


def test_hyphenated_compounds_are_checked_part_by_part():
    assert spelling("自主创新", "It is a self-reliant, goverment-led effort.") == [("goverment", "government")]


def test_variants_follow_the_house_style():
    source = "颜色和中心"
    british = "The colour of the centre was analysed by the organisation."
    american = "The color of the center was analyzed by the organization."
    assert spelling(source, british, check="spelling-variant") == [
        ("colour", "color"), ("centre", "center"), ("analysed", "analyzed"), ("organisation", "organization")]
    assert spelling(source, american, check="spelling-variant") == []
    # -yze is US-only: Oxford spelling writes -ize but "analyse"
    assert spelling(source, american, GB, check="spelling-variant") == [
        ("color", "colour"), ("center", "centre"), ("analyzed", "analysed")]
    # en-GB accepts Oxford -ize and British -ise alike
    assert spelling(source, british, GB, check="spelling-variant") == []
    # a variant is not a misspelling, and a capitalised one inside a sentence is a name
    assert spelling(source, british) == []
    assert spelling(source, "He visited the World Trade Center and the Labour Party.", GB,
                    check="spelling-variant") == []


def test_variant_findings_are_neutral_and_misspellings_minor():
    findings = run_checks([Pair("1", "颜色", "The colour of the goverment.")], context=US,
                          select=["spelling", "spelling-variant"])
    assert {(f.check, f.severity.value) for f in findings} == {("spelling-variant", "neutral"),
                                                               ("spelling", "minor")}


def test_references_of_wmt23_raise_few_false_alarms(shared_data):
    """The human references are (nearly) free of non-words: at most 0.5 findings per 100 segments."""
    wmt = shared_data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")[:1976]
    for name in ("refA", "synthetic_ref"):
        targets = (wmt / "system-outputs" / f"{name}.txt").read_text(encoding="utf-8").split("\n")[:1976]
        pairs = [Pair(str(i), s, t) for i, (s, t) in enumerate(zip(sources, targets))]
        findings = run_checks(pairs, select=["spelling"], workers=1)
        assert len(findings) <= 0.005 * len(pairs), (name, [f.message for f in findings])
