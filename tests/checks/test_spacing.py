"""The conventions a house style governs, on news and transcript sentences: dashes, spaced compounds,
hyphens used as dashes, spaces inside quotes and brackets, the degree sign, spaced double punctuation,
a comma typed a word late, "percent" against "%", curly against straight quotes."""

from __future__ import annotations

import pytest

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Pair, Severity
from mtreview.style import HouseStyle, load_style
from tests.support.checkspec import fails, flagged, passes

TRANSCRIPT = CheckContext(style=load_style("transcript"))


def styled(check_id: str, target: str, source: str, style: HouseStyle):
    return run_checks([Pair("t", source, target)], context=CheckContext(style=style), select=[check_id])


# --- the dash follows the house style ----------------------------------------------------------------

DASH_SOURCE = "中国经济稳步恢复——消费、投资和出口同步回升。"


def test_an_em_dash_style_gives_neutral_advice_on_a_double_hyphen_for_the_source_dash():
    target = "China's economy recovered steadily -- consumption, investment and exports all picked up."
    assert styled("dash", target, DASH_SOURCE, load_style("news")) == []  # news accepts any dash
    [finding] = styled("dash", target, DASH_SOURCE, HouseStyle(dash="em"))
    assert flagged(finding, target) == " -- "
    assert finding.suggestion == "—"
    assert finding.severity is Severity.NEUTRAL  # a house convention, not an error a reader sees


def test_transcript_style_is_silent_on_the_double_hyphen():
    target = "So the economy recovered -- consumption, investment and exports all picked up."
    assert styled("dash", target, DASH_SOURCE, load_style("transcript")) == []
    # ... and suggests its own dash where a spaced hyphen stands for the source's
    [finding] = styled("dash", "So the economy recovered - consumption picked up.", DASH_SOURCE,
                       load_style("transcript"))
    assert finding.suggestion == " -- "


def test_spaced_en_dash_style_suggests_the_en_dash():
    style = HouseStyle(name="desk", dash="en")
    [finding] = styled("dash", "The economy recovered -- consumption picked up.", DASH_SOURCE, style)
    assert finding.suggestion == " – "
    assert styled("dash", "The economy recovered – consumption picked up.", DASH_SOURCE, style) == []


def test_dash_style_any_says_nothing():
    style = HouseStyle(name="loose", dash="any")
    assert styled("dash", "The economy recovered -- consumption picked up.", DASH_SOURCE, style) == []


@pytest.mark.parametrize("target", [
    "Xinhua News Agency, Beijing, Feb. 11 - On February 11, the two sides met.",  # a dateline
    "Chinese Modernization Is a Systematic Project - Four Discussions on General Secretary Xi's Thinking",
    "The 2021 - 2022 plan was adopted.",
    "Her self - esteem grew after the programme.",  # a spaced compound: spaced-hyphen's finding, not dash's
])
def test_dash_leaves_datelines_titles_ranges_and_compounds_alone(target):
    passes("dash", target, "中国式现代化是一项系统工程——四论深刻理解习近平总书记重要讲话")


# --- spaced hyphens in compounds -------------------------------------------------------------------

@pytest.mark.parametrize("target, compound", [
    ("Praise from teachers builds a child's self - esteem.", "self-esteem"),
    ("The country needs a long - term plan for its pension system.", "long-term"),
    ("It is the first year of the five - year plan.", "five-year"),
    ("The number of COVID - 19 cases fell.", "COVID-19"),
    ("Cross-border e -commerce grew 10 percent.", "e-commerce"),
    ("The plant is a market - oriented reform pilot.", "market-oriented"),
])
def test_spaced_hyphen_in_a_compound_is_a_spacing_error(target, compound):
    [finding] = fails("spaced-hyphen", target)
    assert finding.suggestion == compound
    passes("dash", target, "——")  # no em-dash advice for a compound


@pytest.mark.parametrize("target", [
    "Both long- and short-term loans will be cut.",
    "Prices were high - the highest in a decade.",
    "I know him well - he is a careful man.",
    "In the world - the largest economy, no less - growth slowed.",
    "The long-term plan and the well-known self-esteem study.",
])
def test_spaced_hyphen_passes_suspended_hyphens_and_clause_dashes(target):
    passes("spaced-hyphen", target)


# --- a hyphen used as a dash --------------------------------------------------------------------------

def test_hyphen_between_a_word_and_a_clause_is_a_dash():
    target = "Astronomers found two black holes-each with a mass 30 times that of the sun."
    [finding] = fails("hyphen-as-dash", target, "天文学家发现了两个黑洞——每个黑洞的质量都是太阳的30倍。")
    assert flagged(finding, target) == "holes-each"
    assert finding.suggestion == "holes—each"
    [finding] = run_checks([Pair("t", "", target)], context=TRANSCRIPT, select=["hyphen-as-dash"])
    assert finding.suggestion == "holes -- each"


@pytest.mark.parametrize("target", [
    "The well-known economist said COVID-19 hit state-of-the-art factories.",
    "The Xi-Biden meeting in Bali was a so-so affair for markets.",
    "His mother-in-law runs an up-to-date, face-to-face service.",
    "The Sino-US talks, a thank-you note and the Beijing-Tianjin-Hebei region.",
])
def test_compounds_are_not_dashes(target):
    passes("hyphen-as-dash", target)


# --- spaces inside quotes and brackets ---------------------------------------------------------------

def test_spaces_inside_curly_quotes_and_brackets():
    target = "He quoted John Donne: “ No man is an island. ”"
    [finding] = fails("space-inside-quotes", target, "他引用了约翰·多恩的话：“没有人是一座孤岛。”")
    assert finding.suggestion == "“No man is an island.”"
    target = "The Central Party School ( National Academy of Governance ) held a seminar."
    [finding] = fails("space-inside-quotes", target)
    assert finding.suggestion == "(National Academy of Governance)"
    [finding] = fails("space-inside-quotes", 'The so-called " entity list " was expanded.')
    assert finding.suggestion == '"entity list"'


@pytest.mark.parametrize("target", [
    "He called the talks “candid and constructive” and said (as before) that “the door is open.”",
    'The "entity list" and the "unreliable entity list" are different things.',
    "Reasons: 1) price; 2) quality.",
])
def test_quotes_without_inner_spaces_pass(target):
    passes("space-inside-quotes", target)


# --- degree sign, double punctuation, a comma typed late ------------------------------------------

def test_spaced_degree_sign():
    target = "Temperatures in Chongqing hit 44 ° C on Thursday."
    [finding] = fails("spaced-degree", target, "重庆周四气温高达44摄氏度。")
    assert finding.suggestion == "°C"
    assert "44 ° C" in finding.message
    fails("spaced-degree", "The arm turns through 90 ° before it stops.")
    passes("spaced-degree", "Temperatures hit 44°C, or 44 °C in SI spacing, and the arm turned 90°.")


def test_two_marks_with_a_space_between():
    target = "Bees carry pollen. ."
    [finding] = fails("repeated-punctuation", target, "蜜蜂携带花粉。")
    assert flagged(finding, target) == ". ."
    assert finding.suggestion == "."
    fails("repeated-punctuation", "promote green growth. , and ecological priority")
    passes("repeated-punctuation", "He paused . . . then spoke. Is that a joke? ! Use e.g. , as a list.")


def test_space_before_a_comma_and_none_after_it():
    target = "He emphasized ,local governments must act quickly."
    [finding] = fails("space-before-punctuation", target, "他强调，地方政府必须迅速行动。")
    assert flagged(finding, target) == " ,"
    assert finding.suggestion == ", "
    passes("space-before-punctuation", "He emphasized, local governments must act; 1,000 jobs, 3.5 percent.")


# --- "percent" or "%", curly or straight quotes: only when the style asks ---------------------------

def test_percent_follows_the_house_style_only_when_it_has_one():
    target = "Retail sales rose 7.2% and exports 3 percent."
    passes("percent-style", target)  # news: either
    [finding] = styled("percent-style", target, "", HouseStyle(percent="percent"))
    assert flagged(finding, target) == "%" and finding.suggestion == " percent"
    [finding] = styled("percent-style", target, "", HouseStyle(percent="%"))
    assert flagged(finding, target) == " percent" and finding.suggestion == "%"


def test_quote_marks_follow_the_house_style_only_when_it_has_one():
    target = 'He called it a "historic leap" in relations.'
    passes("quote-marks", target)  # news: either, so long as one segment does not mix them
    found = styled("quote-marks", target, "", HouseStyle(quotes="curly"))
    assert [finding.suggestion for finding in found] == ["“", "”"]
    found = styled("quote-marks", "He called it a “historic leap”.", "", HouseStyle(quotes="straight"))
    assert [finding.suggestion for finding in found] == ['"', '"']


# --- correct text passes ------------------------------------------------------------------------------

CONVENTIONS = ("dash", "hyphen-as-dash", "spaced-hyphen", "space-inside-quotes", "spaced-degree",
               "repeated-punctuation", "space-before-punctuation", "percent-style", "quote-marks", "quote-style",
               "start-lowercase")

TALK = [  # a talk as subtitles: -- as the dash, straight quotes, a line continuing the sentence before
    ("我小时候，家里很穷——真的很穷。", "When I was a kid, my family was poor -- really poor."),
    ("他说：“没有人是一座孤岛。”", 'He said, "No man is an island."'),
    ("这就是为什么自尊心那么重要。", "and that's why self-esteem matters so much."),
    ("气温达到了44摄氏度——在阴凉处。", "It hit 44°C -- in the shade."),
    ("其中大约30%的人——将近三分之一——放弃了。", "About 30 percent of them -- almost a third -- gave up."),
    ("黑洞——每一个都比太阳重几十倍——相互碰撞。", "Black holes -- each dozens of times heavier than the sun -- collided."),
    ("（笑声）", "(Laughter)"),
    ("她是一位众所周知的科学家，也是一个自力更生的人。", "She is a well-known scientist and a self-reliant woman."),
    ("但是——这很重要——它并不总是成立。", "But -- and this is important -- it doesn't always hold."),
]

NEWS = [  # news copy: closed em dashes, curly quotes
    ("中国经济稳步恢复——消费、投资和出口同步回升。",
     "China’s economy recovered steadily—consumption, investment and exports all picked up."),
    ("国家统计局表示，1-2月社会消费品零售总额增长3.5%。",
     "Retail sales rose 3.5% in January-February, the National Bureau of Statistics said."),
    ("习近平强调，要坚持“两个毫不动摇”。",
     "Xi Jinping stressed the need to uphold the “two unwaverings.”"),
    ("重庆周四最高气温达44摄氏度（创纪录）。", "Chongqing’s high hit 44°C on Thursday (a record)."),
    ("新华社北京2月11日电——", "BEIJING, Feb. 11 (Xinhua) -- "),
]


@pytest.mark.parametrize("source, target", TALK)
def test_a_correct_talk_passes_under_the_transcript_style(source, target):
    found = run_checks([Pair("t", source, target)], context=TRANSCRIPT, select=CONVENTIONS)
    assert not found, [f.message for f in found]


@pytest.mark.parametrize("source, target", NEWS)
def test_correct_news_copy_passes_under_the_news_style(source, target):
    found = [f for f in run_checks([Pair("t", source, target)], select=CONVENTIONS)
             if f.severity is not Severity.NEUTRAL]
    assert not found, [f.message for f in found]


def test_no_space_before_the_pronoun_i_after_a_question():
    target = "Why is the body so slim?Do you like it tight?I think the shirt should be looser."
    found = fails("missing-space", target, "为什么身材这么苗条？喜欢紧身的吗？我觉得衬衫应该宽松一点。")
    assert [f.suggestion for f in found] == ["slim? Do", "tight? I"]
    passes("missing-space", "The U.S.I-95 corridor and Node.js; I think so.")
