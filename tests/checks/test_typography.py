"""Typography checks: apostrophes, CJK punctuation and full-width forms in English, ellipses, dashes
and hyphens used as dashes, "percent" against "%"."""

from __future__ import annotations

import pytest

from mtreview.checks import CheckContext, run_checks
from mtreview.records import Category, Pair, Severity
from mtreview.style import HouseStyle, load_style
from tests.support.checkspec import fails, flagged, passes, styled

# --- apostrophes -------------------------------------------------------------------------------

def test_left_quote_as_apostrophe_is_flagged_with_the_word():
    target = "Belarus has always given China firm support on issues concerning China‘s core interests."
    [finding] = fails("apostrophe", target)
    assert flagged(finding, target) == "China‘s"
    assert finding.suggestion == "China’s"
    assert finding.category == Category.PUNCTUATION
    assert "U+2018" in finding.message


@pytest.mark.parametrize("wrong", ["`", "\u00b4", "\uff07", "\u2032"])
def test_other_false_apostrophes(wrong):
    target = f"the country{wrong}s development"
    [finding] = fails("apostrophe", target)
    assert flagged(finding, target) == f"country{wrong}s"


def test_possessive_after_s_with_left_quote():
    target = "opposes interference in Belarus‘ internal affairs"
    [finding] = fails("apostrophe", target)
    assert flagged(finding, target) == "Belarus‘"


def test_suggestion_follows_the_text_s_straight_apostrophes():
    [finding] = fails("apostrophe", "It's China‘s view and Belarus's too.")
    assert finding.suggestion == "China's"


@pytest.mark.parametrize("target", [
    "opposes external forces interfering in Belarus’ internal affairs under any pretext",
    "the “Joint Statement of the People’s Republic of China and the Republic of Belarus”",
    "He called it ‘a historic leap’ in relations.",
    "China's core interests",
])
def test_correct_apostrophes_and_quotes_pass(target):
    passes("apostrophe", target)


def test_every_left_quote_in_a_sentence_is_its_own_finding_with_its_own_fingerprint():
    target = "support China‘s development, support China‘s reunification"
    found = fails("apostrophe", target)
    assert [flagged(f, target) for f in found] == ["China‘s", "China‘s"]
    assert len({f.fingerprint for f in found}) == 2


# --- CJK punctuation and full-width forms --------------------------------------------------------

def test_chinese_comma_and_full_stop_in_english():
    target = "The two sides signed documents，and issued a statement。"
    found = fails("cjk-punctuation", target)
    assert [flagged(f, target) for f in found] == ["，", "。"]
    assert found[0].suggestion == ","


def test_book_title_marks_and_doubled_ellipsis():
    target = "issued the 《Joint Statement》 and so on……"
    found = fails("cjk-punctuation", target)
    assert [flagged(f, target) for f in found] == ["《", "》", "……"]


def test_english_punctuation_passes():
    passes("cjk-punctuation", "Xi said: “We will work together… — and deliver.”")


def test_cjk_punctuation_inside_untranslated_chinese_is_left_to_the_untranslated_check():
    passes("cjk-punctuation", "He visited 北京，上海 last year.")


def test_fullwidth_letters_digits_and_ideographic_space():
    target = "the ＳＣＯ summit in 2022　was held"
    found = fails("fullwidth-form", target)
    assert [flagged(f, target) for f in found] == ["ＳＣＯ", "　"]
    assert found[0].suggestion == "SCO"
    assert found[0].category == Category.CHARACTER_ENCODING


def test_chinese_ellipsis_and_dash():
    [finding] = fails("ellipsis", "and so on......", "等等……")
    assert finding.suggestion == "…"
    passes("ellipsis", "and so on...")
    # the dash is a house style's choice (the news style accepts any; see the dash tests below)
    passes("dash", "Xi said -- and Lukashenko agreed", "习近平说——卢卡申科同意")


def test_dash_inside_a_command_line_flag_is_not_a_dash():
    passes("dash", "compile with -fexternal--templates to use them", "用 -fexternal--templates 编译——然后使用")


TRANSCRIPT = CheckContext(style=load_style("transcript"))


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


# --- "percent" or "%", curly or straight quotes: only when the style asks ---------------------------

def test_percent_follows_the_house_style_only_when_it_has_one():
    target = "Retail sales rose 7.2% and exports 3 percent."
    passes("percent-style", target)  # news: either
    [finding] = styled("percent-style", target, "", HouseStyle(percent="percent"))
    assert flagged(finding, target) == "%" and finding.suggestion == " percent"
    [finding] = styled("percent-style", target, "", HouseStyle(percent="%"))
    assert flagged(finding, target) == " percent" and finding.suggestion == "%"
