"""Bead scores where a bead is wrong in a way its own evidence hides: a wrong file (one article's Chinese
against another's English), and a line translating something else in a well-translated article."""

from __future__ import annotations

from mtreview.align import align_presplit


def test_an_articles_chinese_against_another_articles_english_scores_low(news_documents):
    # Every bead of such a document is wrong. Its pairs share few words, so its document cosine
    # (scores.document_cosine) is low, and few beads keep a score that would pass review unread.
    held_out = news_documents["held-out"]
    scores = [bead.score for number, document in enumerate(held_out)
              for bead in align_presplit(document.source, held_out[(number + 1) % len(held_out)].target)
              if bead.source and bead.target]
    # 6 of 185 at 0.7 or more when written; 24 before the document cosine was evidence.
    assert len(scores) > 100
    assert sum(score >= 0.7 for score in scores) <= 0.05 * len(scores)
    # The same articles with their own English: their beads score high and are right as often.
    right = [(bead.score, (bead.source, bead.target) in set(document.gold)) for document in held_out
             for bead in align_presplit(document.source, document.target) if bead.source and bead.target]
    high = [is_right for score, is_right in right if score >= 0.9]
    assert len(high) > 0.8 * len(right)
    assert sum(high) >= 0.95 * len(high)


LIBRARY_ZH = ["本报讯 记者王丽报道：位于城东的新区图书馆昨天正式开放。", "图书馆总建筑面积2.4万平方米，藏书约80万册。",
              "馆内设有儿童阅读区、古籍修复室和24小时自助借还区。", "开馆首日，约有3500名读者入馆参观。",
              "市文化局局长刘强表示，图书馆将每周举办两场公益讲座。", "读者可以凭身份证免费办理借书证，每人最多可借十本书。",
              "据介绍，该馆还计划在明年开通移动图书车，服务周边乡镇。"]
LIBRARY_EN = ["Wang Li reports: The new district library in the east of the city officially opened yesterday.",
              "The library has a total floor area of 24,000 square metres and holds about 800,000 books.",
              "It has a children's reading area, a room for restoring ancient books and a 24-hour self-service "
              "lending area.",
              "About 3,500 readers visited on the first day.",
              "Liu Qiang, head of the city's culture bureau, said the library will hold two free public lectures "
              "every week.",
              "Readers can get a library card free of charge with their ID card, and each may borrow up to ten books.",
              "The library also plans to launch a mobile library bus next year to serve nearby towns."]
TEA_EN = ["Around the Qingming Festival, Longjing tea enters its peak picking season.",
          "Warm spring weather this year brought the new tea to market a week earlier than usual.",
          "Tea farmer Zhang Jianguo said his family's garden is expected to produce 300 kg of dried tea this year.",
          "Because of the weather, output at some high-mountain tea gardens has fallen.",
          "The local government has organised more than 20 livestream sales events to help tea farmers find buyers.",
          "Pre-Qingming Longjing currently sells for about 2,000 yuan a kilogram."]


def test_a_sentence_translating_something_else_scores_low_where_it_is_paired():
    # An article written here with one English line at a time replaced by a line of another article
    # written here. Where the aligner still pairs the two, the score must say "look at this"; its
    # translated lines keep high scores.
    swapped_scores, right_scores = [], []
    for line in range(1, len(LIBRARY_ZH) - 1):
        english = [*LIBRARY_EN[:line], TEA_EN[line], *LIBRARY_EN[line + 1:]]
        for bead in align_presplit(LIBRARY_ZH, english):
            if bead.source == bead.target == (line,):
                swapped_scores.append(bead.score)
            elif bead.source == bead.target:
                right_scores.append(bead.score)
    # 1 of the 5 swapped lines paired at the time of writing, scored 0.44 (0.96 with the document's
    # cosine but not the no-word cost as evidence).
    assert swapped_scores and max(swapped_scores) < 0.7
    assert min(right_scores) > 0.9


def test_held_out_articles_with_lines_of_another_article_score_those_pairs_low(shared_data):
    from tests.support.news_documents import substituted_sets

    held_out = substituted_sets(shared_data, variants=1)["held-out"]
    wrong, right = [], []
    for document in held_out:
        gold = set(document.gold)
        for bead in align_presplit(document.source, document.target):
            if bead.source and bead.target:
                (right if (bead.source, bead.target) in gold else wrong).append(bead.score)
    # 4 of the 24 wrong pairs at 0.7 or more when written (16 with the document's cosine but not the
    # no-word cost as evidence); 93% of the right ones at 0.9 or more.
    assert len(wrong) >= 10
    assert sum(score >= 0.7 for score in wrong) <= 0.25 * len(wrong)
    assert sum(score >= 0.9 for score in right) >= 0.9 * len(right)
