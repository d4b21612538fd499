import pytest

from mtreview.checks import available_checks, run_checks, select_checks
from mtreview.errors import UnknownCheckError
from mtreview.records import Category, Pair, Severity
from tests.support.checkspec import SHIPPED, fails, flagged, passes

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


# --- untranslated -------------------------------------------------------------------------------

def test_untranslated_chinese_run_in_english():
    source = "推动中白工业园区朝着绿色方向发展。"
    target = "promote the development of 中白工业园区 in a green direction"
    [finding] = fails("untranslated", target, source)
    assert flagged(finding, target) == "中白工业园区"
    assert finding.source_span == (2, 8)
    assert finding.severity is Severity.MAJOR


def test_wholly_untranslated_segment_is_one_critical_finding_that_mutes_the_rest():
    source = "丁薛祥、杨洁篪、王毅、何立峰等参加会见。"
    target = "丁薛祥、杨洁篪、王毅、何立峰等参加会见"
    [finding] = run_checks([Pair("t", source, target)], context=SHIPPED)
    assert finding.check == "untranslated-segment" and finding.severity is Severity.CRITICAL
    assert finding.target_span == (0, len(target))


def test_copy_of_the_source_and_empty_target_are_gates():
    source = "丁薛祥、杨洁篪、王毅、何立峰等参加会见。"
    assert [f.check for f in run_checks([Pair("t", source, source)], context=SHIPPED)] == ["identical-to-source"]
    assert [f.check for f in run_checks([Pair("t", source, "  ")], context=SHIPPED)] == ["empty-target"]
    # an omission bead from the aligner is reported as an omission, not as an empty target
    assert [f.check for f in run_checks([Pair("t", source, "", kind="1-0")], context=SHIPPED)] == ["omission"]


def test_english_only_passes():
    passes("untranslated", "Ding Xuexiang, Yang Jiechi, Wang Yi, He Lifeng and others attended the meeting.")


# --- spacing ------------------------------------------------------------------------------------

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


# --- engine -------------------------------------------------------------------------------------

def test_registry_has_titles_categories_and_severities():
    checks = available_checks()
    assert {"apostrophe", "cjk-punctuation", "fullwidth-form", "untranslated", "missing-space",
            "double-space", "term-forbidden", "term-missing", "term-capitalisation"} <= set(checks)
    assert checks["apostrophe"].title == "Wrong character used as an apostrophe (China‘s)"
    assert all(info.category.count("/") == 1 for info in checks.values())


def test_select_and_exclude():
    assert [c.id for c in select_checks(["apostrophe", "double-space"], ["double-space"])] == ["apostrophe"]
    with pytest.raises(UnknownCheckError, match="no-such-check"):
        select_checks(["no-such-check"])


# --- quotes, brackets, ellipsis, dashes, doubled words ----------------------------------------------

def test_unpaired_quotes_and_brackets():
    target = "the two sides issued the “Joint Statement on Establishing (All-weather Partnership"
    [quote] = fails("quote-pairing", target)
    assert flagged(quote, target) == "“"
    [bracket] = fails("bracket-pairing", target)
    assert flagged(bracket, target) == "("
    passes("quote-pairing", "the two sides issued the “Joint Statement” (2022)")
    passes("bracket-pairing", "Reasons: 1) price; 2) quality.")


def test_straight_quotes_beside_curly_ones():
    target = "the “Joint Statement” and the \"Global Development Initiative\""
    found = fails("quote-style", target)
    assert [flagged(f, target) for f in found] == ['"', '"']
    passes("quote-style", "the “Joint Statement” and the “Initiative”")


def test_chinese_ellipsis_and_dash():
    [finding] = fails("ellipsis", "and so on......", "等等……")
    assert finding.suggestion == "…"
    passes("ellipsis", "and so on...")
    # the dash is a house style's choice (the news style accepts any; see test_checks_conventions.py)
    passes("dash", "Xi said -- and Lukashenko agreed", "习近平说——卢卡申科同意")


def test_space_before_punctuation_and_doubled_words():
    target = "China , Belarus and others ."
    found = fails("space-before-punctuation", target)
    assert [flagged(f, target) for f in found] == [" ,", " ."]
    passes("space-before-punctuation", "He paused ... then spoke. It cost .5 yuan.")
    [finding] = fails("doubled-word", "China is willing to to work with Belarus")
    assert flagged(finding, "China is willing to to work with Belarus") == "to to"
    passes("doubled-word", "What he had had was enough; he said that that was all.")


def test_profiles():
    assert {c.id for c in select_checks(profile="typography")} >= {"apostrophe", "missing-space", "quote-pairing"}
    assert "number-mismatch" not in {c.id for c in select_checks(profile="typography")}
    assert all(c.severity.rank >= Severity.MAJOR.rank for c in select_checks(profile="gate"))
    with pytest.raises(UnknownCheckError, match="unknown profile 'strict'"):
        select_checks(profile="strict")


def test_dash_inside_a_command_line_flag_is_not_a_dash():
    passes("dash", "compile with -fexternal--templates to use them", "用 -fexternal--templates 编译——然后使用")


def test_smileys_are_not_brackets():
    passes("bracket-pairing", "The merchant thought of the customer before shipping :)")
    passes("bracket-pairing", "Not delivered again ;-(")
