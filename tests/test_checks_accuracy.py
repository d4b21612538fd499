"""Numbers, names, lengths and consistency: passes/fails on real-looking sentences."""

from mtreview.checks import run_checks
from mtreview.records import Category, Pair, Severity
from tests.support.checkspec import SHIPPED, fails, flagged, passes


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


def test_names_run_together():
    source = "(记者刘华 蔡国栋)"
    target = "(Reporter Liu Hua Cai Guodong)"
    [finding] = fails("names-run-together", target, source)
    assert flagged(finding, target) == "Liu Hua Cai Guodong"
    assert finding.suggestion == "Liu Hua and Cai Guodong"
    passes("names-run-together", "(Reporters Liu Hua and Cai Guodong)", source)
    passes("names-run-together", "Ding Xuexiang, Yang Jiechi, Wang Yi, He Lifeng and others attended.",
           "丁薛祥、杨洁篪、王毅、何立峰等参加会见。")


def test_pinyin_name_convention():
    source = "新华社记者翟健岚摄"
    for wrong in ("Photo by Xinhua reporter Jianlan Zhai", "Photo by Xinhua reporter Zhai Jian Lan",
                  "Photo by Xinhua reporter Zhai Jian-lan", "Photo by Xinhua reporter Zhai jianlan"):
        [finding] = fails("name-romanisation", wrong, source)
        assert finding.suggestion == "Zhai Jianlan"
    passes("name-romanisation", "Photo by Xinhua reporter Zhai Jianlan", source)
    passes("name-romanisation", "Photo by Xinhua reporter ZHAI Jianlan", source)


def test_surname_characters_that_are_not_names_cost_nothing():
    passes("name-romanisation", "Belarus has always given China firm support.", "白方始终给予中方坚定支持。")


def test_too_short_and_too_long():
    source = "中方坚定支持白方走符合本国国情的发展道路,反对外部势力以任何借口干涉白俄罗斯内政,愿同白方推动落实全球发展倡议。"
    fails("too-short", "China supports Belarus.", source)
    passes("too-short", "China firmly supports Belarus in following a development path that suits its own "
                        "national conditions, opposes external interference in Belarus’ internal affairs under "
                        "any pretext, and will work with Belarus on the Global Development Initiative.", source)
    passes("too-short", "OK.", "好的。")  # too short a source to judge


def test_gate_mutes_the_other_checks():
    pair = Pair("t", "中方对此高度评价。", "中方对此高度评价。")
    assert [f.check for f in run_checks([pair], context=SHIPPED)] == ["identical-to-source"]


def test_inconsistent_translation_of_the_same_source():
    source = "中方愿同白方保持密切交往。"
    pairs = [Pair("a", source, "China is willing to keep close exchanges with Belarus."),
             Pair("b", source, "China is willing to keep close exchanges with Belarus."),
             Pair("c", source, "China is willing to keep close contacts with Belarus."),
             Pair("d", source, "China will stay in close touch with Belarus.")]  # a free wording: not reported
    [finding] = run_checks(pairs, context=SHIPPED, select=["inconsistent-translation"])
    assert finding.pair_id == "c" and "a" in finding.message
    assert pairs[2].target[slice(*finding.target_span)] == "contacts" and finding.suggestion == "exchanges"


def test_term_rendered_two_ways_across_the_corpus():
    pairs = [Pair("a", "抗击新冠肺炎疫情", "fight the COVID-19 epidemic"),
             Pair("b", "抗击新冠疫情", "fight the COVID-19 pandemic"),
             Pair("c", "新冠病毒", "the novel coronavirus"),
             Pair("d", "新冠病毒检测", "SARS-CoV-2 testing"),
             Pair("e", "新冠病毒变异", "SARS-CoV-2 variants")]
    [finding] = run_checks(pairs, context=SHIPPED, select=["term-inconsistent"])
    assert finding.pair_id == "c" and finding.suggestion == "SARS-CoV-2"


def test_a_name_written_two_ways_across_the_document():
    pairs = [Pair("a", "新华社记者翟健岚摄", "Photo by Xinhua reporter Zhai Jianlan"),
             Pair("b", "翟健岚报道", "Reported by Zhai Jianlan"),
             Pair("c", "记者翟健岚", "Reporter ZHAI Jianlan")]
    [finding] = run_checks(pairs, context=SHIPPED, select=["name-inconsistent"])
    assert finding.pair_id == "c" and finding.suggestion == "Zhai Jianlan"
    assert pairs[2].target[slice(*finding.target_span)] == "ZHAI Jianlan"
    assert run_checks(pairs[:2], context=SHIPPED, select=["name-inconsistent"]) == []
