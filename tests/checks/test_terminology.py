"""The term checks on news-desk sentences: forbidden and official renderings, prefix entries, titles
before a name, near misses, freer renderings, capitalisation."""

from __future__ import annotations

import time

import pytest

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Pair, Severity
from mtreview.terms import load_terms
from tests.support.checkspec import fails, flagged, passes

# --- forbidden calques that generalise: 新冠* -------------------------------------------------------

@pytest.mark.parametrize("source, target, calque, official", [
    ("截至目前，全国已有超过13亿人接种新冠疫苗。", "So far, more than 1.3 billion people nationwide have received new crown vaccines.",
     "new crown vaccines", "COVID-19 vaccine"),
    ("新冠病毒变异株传播力增强。", "The new crown virus variant is more transmissible.", "new crown virus", "SARS-CoV-2"),
    # the 新冠感染 entry forbids "new crown infection"; the plural is caught by the prefix entry
    ("多地新冠感染人数下降。", "New crown infections are falling in many places.", "New crown", "COVID-19"),
    # a compound no entry lists: the prefix entry still applies
    ("新冠后遗症患者需要长期随访。", "Patients with new crown sequelae need long-term follow-up.", "new crown", "COVID-19"),
    ("新冠肺炎疫情发生以来", "since the outbreak of the new coronary pneumonia epidemic", "new coronary pneumonia",
     "COVID-19"),
])
def test_new_crown_is_forbidden_in_every_xinguan_compound(source, target, calque, official):
    [finding] = fails("term-forbidden", target, source)
    assert flagged(finding, target) == calque
    assert finding.suggestion == official and finding.severity == Severity.MAJOR


def test_xinguan_compounds_rendered_correctly_raise_nothing():
    for source, target in [
        ("全国已有超过13亿人接种新冠疫苗。", "More than 1.3 billion people in China have received COVID-19 vaccines."),
        ("新冠后遗症患者需要长期随访。", "Patients with long COVID need long-term follow-up."),
        ("新冠病毒变异株传播力增强。", "The new coronavirus variant spreads more easily."),
    ]:
        for check_id in ("term-forbidden", "term-variant", "term-missing"):
            passes(check_id, target, source)


def test_new_crown_needs_xinguan_in_the_source():
    passes("term-forbidden", "The new crown jewels went on display.", "新的王冠珠宝展出。")


# --- titles before a name ---------------------------------------------------------------------------

def test_chairman_xi_jinping_is_flagged_with_president():
    source = "国家主席习近平在人民大会堂会见越南国家主席武文赏。"
    target = "Chairman Xi Jinping met Vietnamese President Vo Van Thuong at the Great Hall of the People."
    [finding] = fails("term-forbidden", target, source)
    assert flagged(finding, target) == "Chairman Xi Jinping"
    assert finding.suggestion.startswith("President Xi Jinping")


@pytest.mark.parametrize("source, target, title", [
    ("国家副主席韩正出席开幕式。", "Vice Chairman Han Zheng attended the opening ceremony.", "Vice Chairman Han Zheng"),
    ("国务院总理李强主持召开国务院常务会议。", "Prime Minister Li Qiang chaired an executive meeting of the State Council.",
     "Prime Minister Li Qiang"),
    ("国务院副总理丁薛祥出席论坛。", "Deputy Prime Minister Ding Xuexiang attended the forum.",
     "Deputy Prime Minister Ding Xuexiang"),
])
def test_a_wrong_title_before_the_name_the_source_gives_is_flagged(source, target, title):
    [finding] = fails("term-forbidden", target, source)
    assert flagged(finding, target) == title


def test_the_title_rule_needs_the_name_the_source_gives():
    # 委员长 is a chairman: "Chairman Zhao Leji" is right although 国家主席 is in the same sentence
    source = "国家主席习近平和全国人大常委会委员长赵乐际出席大会。"
    passes("term-forbidden", "President Xi Jinping and Chairman Zhao Leji of the NPC Standing Committee "
                             "attended the meeting.", source)
    passes("term-forbidden", "Premier Li Qiang chaired the meeting.", "国务院总理李强主持会议。")


# --- State Council executive meetings ---------------------------------------------------------------

def test_state_council_standing_meeting_is_a_calque():
    source = "国务院总理李强2月10日主持召开国务院常务会议，部署稳就业工作。"
    target = "Premier Li Qiang presided over a State Council standing meeting on February 10 to stabilise employment."
    [finding] = fails("term-forbidden", target, source)
    assert flagged(finding, target) == "State Council standing meeting"
    assert finding.suggestion == "executive meeting of the State Council"
    for free in ("Premier Li Qiang chaired a State Council executive meeting on February 10 on jobs.",
                 "Premier Li Qiang chaired an executive meeting of the State Council on February 10 on jobs."):
        for check_id in ("term-forbidden", "term-missing", "term-variant"):
            passes(check_id, free, source)


# --- near misses ------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, target, variant, official", [
    ("中央坚定不移贯彻一国两制方针。", "The central government is committed to the policy of one country, two system.",
     "one country, two system", "one country, two systems"),
    ("扎实推动共同富裕。", "We will make solid progress towards common prosperities.",
     "common prosperities", "common prosperity"),
    ("中国共产党成立于1921年。", "The Communist Party of Chinese was founded in 1921.",
     "Communist Party of Chinese", "Communist Party of China"),
])
def test_near_miss_of_the_official_rendering(source, target, variant, official):
    [finding] = fails("term-variant", target, source)
    assert flagged(finding, target) == variant and finding.suggestion == official
    passes("term-missing", target, source)  # reported once, as a variant


def test_correct_renderings_are_not_near_misses():
    passes("term-variant", "Hong Kong's prosperity under one country, two systems continues.", "一国两制下香港繁荣稳定")
    passes("term-variant", "China will continue opening up and open wider to the outside world.", "中国坚持对外开放")
    passes("term-variant", "The Communist Party of China's leadership is key.", "中国共产党的领导是关键")


# --- freer and shorter renderings are not "missing" -------------------------------------------------

@pytest.mark.parametrize("source, target", [
    ("推动高质量发展", "China will keep developing with high quality."),
    ("推动高质量发展", "The country pursues quality development."),
    ("推动高质量发展", "The country pursues high quality development."),
    ("扎实推进共同富裕", "China will steadily promote shared prosperity."),
    ("全国人大常委会审议了草案。", "The Standing Committee of the NPC deliberated the draft."),
    ("外交部发言人汪文斌表示", "Foreign Ministry spokesperson Wang Wenbin said"),
    ("商务部新闻发言人表示", "A spokesperson for the Commerce Ministry said"),
    ("台湾经济开年表现欠佳。", "The Taiwanese economy performed poorly at the start of the year."),
    ("文莱教育部部长出席了会议。", "Brunei's Minister of Education attended the meeting."),
    ("新冠疫情期间，旅游业受到重创。", "Tourism was hit hard during the pandemic."),
    ("2023年是全面贯彻党的二十大精神的开局之年。",
     "2023 is the first year of fully implementing the guiding principles of the 20th CPC National Congress."),
    ("今年全国两会将于3月4日开幕。", "This year's two sessions open on March 4."),
    ("十四五规划实施过半。", "The 14th Five-Year Plan is more than halfway through."),
])
def test_free_or_short_rendering_is_not_missing(source, target):
    passes("term-missing", target, source)
    passes("term-forbidden", target, source)


def test_missing_name_is_major_and_missing_phrase_minor():
    [finding] = fails("term-missing", "On February 10, the SEC announced the launch of the app.",
                      "2月10日，证监会公告称，APP开展公开试运行。")
    assert finding.severity == Severity.MAJOR and finding.suggestion == "China Securities Regulatory Commission"
    [finding] = fails("term-missing", "NBS to launch margin trading next week", "北交所融资融券交易业务下周启动")
    assert finding.suggestion == "Beijing Stock Exchange"
    [finding] = fails("term-missing", "We will keep to the path and stay focused on the economy.", "坚持守正创新")
    assert finding.severity == Severity.MINOR


def test_capitalisation_flags_missing_capitals_not_title_case():
    source = "习近平新时代中国特色社会主义思想"
    found = fails("term-capitalisation", "the study of xi jinping thought", source)
    assert flagged(found[0], "the study of xi jinping thought") == "xi jinping thought"
    passes("term-capitalisation", "Study Of Xi Jinping Thought", source)  # a headline's Title Case
    passes("term-capitalisation", "socialism with Chinese characteristics for a new era", "新时代中国特色社会主义")


def test_term_lookup_stays_indexed():
    """Some 750 entries: the term checks on 2,000 news sentences take well under a second more than on none."""
    pairs = [Pair(str(i), "国务院总理李强主持召开国务院常务会议，研究推动高质量发展和共同富裕。" * 2,
                  "Premier Li Qiang chaired an executive meeting of the State Council on high-quality development.")
             for i in range(2000)]
    select = ["term-forbidden", "term-missing", "term-variant", "term-capitalisation"]
    started = time.perf_counter()
    run_checks(pairs, context=CheckContext(terms=tuple(load_terms())), select=select)
    assert time.perf_counter() - started < 5.0


def test_another_form_of_a_verb_is_not_a_near_miss():
    passes("term-variant", "China will open wider to the outside world.", "中国将进一步扩大对外开放。")


def test_terms_inside_other_words_are_not_reported():
    # 我国企业 is 我国 + 企业 (Chinese companies), not 国企; 与时俱进 in a company motto is not a slogan
    passes("term-missing", "Demand for overseas talent among Chinese companies is rising.", "我国企业对海外人才的需求上升。")
    passes("term-missing", "Corporate spirit: proactive and adaptable.", "企业精神：积极进取、与时俱进。")


def test_new_crown_pneumonia_is_flagged_when_the_source_has_xinguan_feiyan():
    source = "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。"
    target = "China is willing to continue to provide support to Belarus in its fight against the new crown pneumonia epidemic."
    [finding] = fails("term-forbidden", target, source)
    assert flagged(finding, target) == "new crown pneumonia"
    assert finding.suggestion == "COVID-19"
    assert finding.source_span == (10, 14)
    assert "WHO" in finding.message  # the entry's source is named
    # the missing official rendering is not reported a second time
    passes("term-missing", target, source)


def test_forbidden_rendering_is_gated_on_the_source_term():
    passes("term-forbidden", "the new crown pneumonia epidemic", "中方愿继续为白方提供支持和帮助。")


def test_official_rendering_passes_and_absence_is_reported():
    source = "抗击新冠肺炎疫情"
    passes("term-forbidden", "fight against the COVID-19 epidemic", source)
    passes("term-missing", "fight against the COVID-19 epidemic", source)
    [finding] = fails("term-missing", "fight against the epidemic", source)
    assert finding.target_span is None and finding.suggestion == "COVID-19"


def test_longer_chinese_term_masks_the_shorter_one_inside_it():
    # 新冠肺炎 contains 新冠; only the 新冠肺炎 entry applies, so "COVID-19" suffices.
    passes("term-missing", "the COVID-19 epidemic", "新冠肺炎疫情")


def test_capitalisation_of_official_names():
    source = "愿同白方推动落实全球发展倡议和全球安全倡议"
    target = "promote the implementation of the global development initiative and global security initiative"
    found = fails("term-capitalisation", target, source)
    assert [flagged(f, target) for f in found] == ["global development initiative", "global security initiative"]
    passes("term-capitalisation", "the Global Development Initiative and the Global Security Initiative", source)


def test_apostrophe_and_hyphen_variants_match_the_rendering():
    passes("term-missing", "the whole process people’s democracy", "全过程人民民主")
    passes("term-missing", "an all weather comprehensive strategic partnership", "全天候全面战略伙伴关系")


def test_literal_calque_of_belarus():
    [finding] = fails("term-forbidden", "President of White Russia", "白俄罗斯总统")
    assert finding.suggestion == "Belarus"
