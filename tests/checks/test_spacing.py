"""Spacing checks: missing and doubled spaces, run-on sentences, spaced hyphens, spaces inside quotes
and brackets, the spaced degree sign, doubled words."""

from __future__ import annotations

import pytest

from tests.support.checkspec import fails, flagged, passes

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


# --- the degree sign, a comma typed late ----------------------------------------------------------

def test_spaced_degree_sign():
    target = "Temperatures in Chongqing hit 44 ° C on Thursday."
    [finding] = fails("spaced-degree", target, "重庆周四气温高达44摄氏度。")
    assert finding.suggestion == "°C"
    assert "44 ° C" in finding.message
    fails("spaced-degree", "The arm turns through 90 ° before it stops.")
    passes("spaced-degree", "Temperatures hit 44°C, or 44 °C in SI spacing, and the arm turned 90°.")


def test_space_before_a_comma_and_none_after_it():
    target = "He emphasized ,local governments must act quickly."
    [finding] = fails("space-before-punctuation", target, "他强调，地方政府必须迅速行动。")
    assert flagged(finding, target) == " ,"
    assert finding.suggestion == ", "
    passes("space-before-punctuation", "He emphasized, local governments must act; 1,000 jobs, 3.5 percent.")


def test_no_space_before_the_pronoun_i_after_a_question():
    target = "Why is the body so slim?Do you like it tight?I think the shirt should be looser."
    found = fails("missing-space", target, "为什么身材这么苗条？喜欢紧身的吗？我觉得衬衫应该宽松一点。")
    assert [f.suggestion for f in found] == ["slim? Do", "tight? I"]
    passes("missing-space", "The U.S.I-95 corridor and Node.js; I think so.")


# --- missing, doubled and misplaced spaces ------------------------------------------------------

def test_run_on_sentences_inside_one_pair():
    target = "at the Samarkand State Guest House.Photo by Xinhua News Agency reporter Zhai Jianlan"
    [finding] = fails("missing-space", target)
    assert flagged(finding, target) == "House.Photo"
    assert finding.suggestion == "House. Photo"


def test_run_on_split_across_two_pairs_is_seen_through_target_after():
    target = "President Xi Jinping met with President Alexander Lukashenko at the Samarkand State Guest House."
    [finding] = fails("missing-space", target, target_after="Photo")
    assert flagged(finding, target) == "House."
    passes("missing-space", target, target_after="")


def test_missing_space_after_bracket_and_before_it():
    target = "September 15 (Reporter Liu Hua Cai Guodong)On the afternoon of the 15th"
    [finding] = fails("missing-space", target)
    assert flagged(finding, target) == "Guodong)On"
    target = "Samarkand, Uzbekistan(Reporter Liu Hua)"
    [finding] = fails("missing-space", target)
    assert finding.suggestion == "Uzbekistan (Reporter"


@pytest.mark.parametrize("target", [
    "at 3 p.m. on Monday, U.S. officials said",
    "growth of 3.5 percent, or 1,200 yuan",
    "see www.news.cn/English.Home or xinhua.net for Node.js news",
    "Mr. Wang met the U.S.Army delegation",
    "the function f(x) is",
])
def test_spacing_false_positive_traps(target):
    passes("missing-space", target)


def test_double_space():
    target = "the two  sides"
    [finding] = fails("double-space", target)
    assert finding.target_span == (7, 9)
    passes("double-space", "the two sides. Then")


def test_space_before_punctuation_and_doubled_words():
    target = "China , Belarus and others ."
    found = fails("space-before-punctuation", target)
    assert [flagged(f, target) for f in found] == [" ,", " ."]
    passes("space-before-punctuation", "He paused ... then spoke. It cost .5 yuan.")
    [finding] = fails("doubled-word", "China is willing to to work with Belarus")
    assert flagged(finding, "China is willing to to work with Belarus") == "to to"
    passes("doubled-word", "What he had had was enough; he said that that was all.")
