"""English grammar checks: article agreement, ordinal suffixes, the pronoun I, sentences starting in lower case."""

from __future__ import annotations

import pytest

from mtreview.records import Category
from tests.support.checkspec import fails, flagged, passes

# --- a / an -------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, wrong, right", [
    ("Taiwan's exports in January this year were 31.51 billion US dollars, an yearly diminish of 21.2%.",
     "an yearly", "a yearly"),  # refA, #598
    ("all are working hard to combat a opioid crisis fueled by the easy availability of the drug.",
     "a opioid", "an opioid"),  # NLLB_MBR_BLEU, #356
    ("such a product, such a seller, such a after-sales service, who would dare to buy on Amazon.",
     "a after-sales", "an after-sales"),  # ANVITA, #1916
    ("An list higher than 50% shows that the economy is expanding.", "An list", "A list"),  # refA, #607
    ("It takes a hour to get there.", "a hour", "an hour"),
    # the English of Debian's catalogues (AppStream, GTK, apt)
    ("An utility to work with AppStream metadata", "An utility", "A utility"),
    ("Name of a icon theme to fall back to", "a icon", "an icon"),
    ("the error message indicates a out of memory error", "a out", "an out"),
])
def test_article_mismatch(target, wrong, right):
    [finding] = fails("article-agreement", target)
    assert flagged(finding, target) == wrong and finding.suggestion == right
    assert finding.category == Category.GRAMMAR


@pytest.mark.parametrize("target, source", [
    ("It can provide investors with a one-stop query of the holdings.", ""),  # GPT4-5shot, #1026
    ("GB/T 13000 provides a unified encoding for Chinese characters.", ""),  # GPT4-5shot, #44
    ("who suspected the object to be a UFO.", ""),
    ("a Spanish expert on China and an honorary advisor to China Policy Watch", ""),  # ANVITA, #621
    ("Shijiazhuang in Hebei, Xiong'an New Area, and Jincheng City in Shanxi", ""),  # GPT4-5shot, #535
    ("The NBA's decision followed a Utah Jazz player testing positive.", ""),  # TICO-19
    ("a European country, a university, an unidentified object, an heir, an SMS, an iPhone", ""),
    ("See Appendix D, Appendix A of the 2005 edition.", ""),  # a letter, not an article
    ("A Archive file (Archive file).", ".a 归档库文件(Archive file)"),  # ZengHuiMT, #182: the .a of the source
    ("An Jing said the plan was sound.", ""),  # the surname An (安)
    ("an http proxy, an SQL database, an xml file and a unary operator", ""),  # spelt out letter by letter
])
def test_article_false_positive_traps(target, source):
    passes("article-agreement", target, source)


# --- ordinals, the pronoun I, the first letter -----------------------------------------------------

def test_ordinal_suffix():
    target = "On the morning of the 22th, the logistics finally arrived in Fuzhou."  # GPT4-5shot #1770, altered
    [finding] = fails("ordinal-suffix", target, "22号早上查物流终于到福州了")
    assert flagged(finding, target) == "22th" and finding.suggestion == "22nd"
    target = "the 11st and the 1th batch"
    assert [(flagged(f, target), f.suggestion) for f in fails("ordinal-suffix", target)] == \
        [("11st", "11th"), ("1th", "1st")]
    passes("ordinal-suffix", "a speech at the 20th Annual Meeting and the 22nd Annual Meeting on February 11th, "
                             "the 101st and 113th sessions, 3rd place")  # ANVITA #994, GPT4-5shot #596


def test_lowercase_pronoun_i():
    target = "So i sent an e-mail to the seller to ask if they could provide the tracking number."  # NLLB_MBR_BLEU #1747
    [finding] = fails("lowercase-i", target, "于是发邮件给卖家问是否能提供快递单号。")
    assert finding.target_span == (3, 4) and finding.suggestion == "I"
    [finding] = fails("lowercase-i", "who I am? where am i Did I really buy this computer", "我是谁？我在哪儿？")
    assert finding.target_span == (19, 20)
    # the source's own i: the 深i网 network (ONLINE-A, #676), a .i file (ZengHuiMT, #176)
    passes("lowercase-i", 'Relying on the "deep i network" to build a unified platform', "依托“深i网”建设统一认证监管平台")
    passes("lowercase-i", "i preprocessed c file; compile, assemble", ".i 预处理后的 c 文件;编译,汇编")
    passes("lowercase-i", "Options (i.e. flags) and item (i) or loop with i = 0", "选项")


def test_sentence_starting_in_lower_case():
    source = "质量超级差，包装松垮，是亚马逊最糟糕的购物体验，已经申请退货！"
    target = "quality super poor, packaging loose, the worst shopping experience on Amazon, has applied for refund!"
    [finding] = fails("start-lowercase", target, source)  # NLLB_MBR_BLEU, #1495
    assert flagged(finding, target) == "quality" and finding.suggestion == "Quality"
    [finding] = fails("start-lowercase", "broken?", "坏了？")  # HW-TSC, #1348
    assert finding.target_span == (0, 6)


@pytest.mark.parametrize("target, source", [
    ("the target file.", "了的目标文件."),  # Yishu #195: the source is the tail of a sentence cut in two
    ("iPhone 14 arrived on time.", "iPhone 14按时到了。"),
    ("vivo phones are cheap.", "vivo手机很便宜。"),
    ("i got a fever yesterday", "我昨天发热。"),  # lowercase-i reports it
    ("www.gov.cn publishes the policies.", "中国政府网发布政策。"),
    ("and tell me what symptoms are you having now?", "描述一下现在有什么症状"),  # no sentence end
])
def test_start_lowercase_false_positive_traps(target, source):
    passes("start-lowercase", target, source)
