"""What a document's lines hold where they were joined (mtreview.align.joins): counted per line,
learned from a first pass, priced per bead; on text written here and on the generated news documents."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mtreview.align import BEAD_PRIORS, align_presplit
from mtreview.align.costs import BeadCosts, DocumentModel
from mtreview.align.features import measure
from mtreview.align.joins import (
    JOINED_PRIOR,
    TARGET_PLAIN_PRIOR,
    JoinRates,
    SideRates,
    document_rates,
    extra_sentences,
)
from mtreview.align.passes import document_model
from mtreview.align.sentences import first_pass

# A railway report: the English joins Chinese lines 1-2 and 7-8 into lines of two sentences, and
# leaves line 5 untranslated.
ZH = ["铁路部门今天公布了春运期间的客流数据。", "春运40天里，全国铁路累计发送旅客3.5亿人次。", "其中，高铁发送旅客2.4亿人次，占比近七成。",
      "客流高峰出现在节后返程阶段。", "单日最高发送旅客1290万人次，创历史新高。", "铁路部门为此增开了大量临时列车。",
      "夜间高铁和跨线列车受到旅客欢迎。", "铁路部门表示，将继续优化列车开行方案。", "旅客可以通过铁路12306网站和手机客户端购票。",
      "今年春运期间，电子客票使用率超过95%。"]
EN = ["Railway authorities released passenger figures for the Spring Festival travel rush today.",
      "Over the 40 days of the travel rush, the national railways carried 350 million passengers. High-speed "
      "trains carried 240 million of them, nearly 70 percent.",
      "Passenger flows peaked during the return trips after the holiday.",
      "A record 12.9 million passengers were sent on the busiest day.",
      "Overnight high-speed trains and cross-line trains proved popular with passengers.",
      "The railway authorities said they would keep improving train schedules. Passengers can buy tickets on "
      "the 12306 website and mobile app.",
      "Electronic tickets were used for more than 95 percent of journeys during this year's travel rush."]


def test_a_line_counts_its_sentences_beyond_the_first():
    english = ["Mr. Li arrived at 3 p.m. on Monday.", "Prices rose. Sales fell. Exports held.",
               "The U.S. economy grew 2.5 percent."]
    assert extra_sentences(english, "en").tolist() == [0, 2, 0]
    assert extra_sentences(["物价上涨。销量下降。", "他说：“走吧。”", "真的吗？是的。"], "zh").tolist() == [1, 0, 1]


def test_the_rates_are_the_documents_own():
    no_extra = np.zeros(4)
    # Chinese 0-1 joined into English 0, which keeps both sentences; 2 and 3 paired one to one.
    kept = document_rates([(0, 2, 0, 1), (2, 1, 1, 1), (3, 1, 2, 1)], no_extra, np.array([1.0, 0.0, 0.0]))
    assert kept is not None and kept.source is None  # no Chinese line holds two sentences: nothing to learn
    assert kept.target is not None and kept.target.joined > JOINED_PRIOR
    # The same join where the English line holds one sentence, and a 1-1 whose English holds two.
    lost = document_rates([(0, 2, 0, 1), (2, 1, 1, 1), (3, 1, 2, 1)], no_extra, np.array([0.0, 1.0, 0.0]))
    assert lost is not None and lost.target is not None
    assert lost.target.joined < JOINED_PRIOR
    assert lost.target.plain > TARGET_PLAIN_PRIOR > kept.target.plain
    # Text mtreview split itself: no line holds two sentences on either side.
    assert document_rates([(0, 2, 0, 1), (2, 1, 1, 1)], np.zeros(3), np.zeros(2)) is None


def test_a_join_that_lost_its_sentence_costs_more_where_the_documents_keep_them():
    rates = JoinRates(None, SideRates(plain=0.02, joined=0.8))
    two, one = np.array([1.0]), np.array([0.0])
    # A 2-1 bead: its English holding one sentence against two is log(0.8 / 0.2) nats dearer.
    difference = rates.bead_costs(2, 1, np.zeros(1), one) - rates.bead_costs(2, 1, np.zeros(1), two)
    assert difference[0] == pytest.approx(math.log(0.8 / 0.2))
    # A 3-1 bead whose English kept one of its two joins pays for the one it lost.
    three_one = rates.bead_costs(3, 1, np.zeros(1), two)[0]
    assert three_one == pytest.approx(-math.log(0.8) - math.log(0.2) - math.log(0.98))
    # A Chinese line of three sentences: as a 1-3 its two joins kept, as a 1-2 one more sentence
    # than its joins, as unlikely as the plain rate says.
    chinese = JoinRates(SideRates(plain=0.01, joined=0.8), None)
    assert chinese.bead_costs(1, 3, np.array([2.0]), np.zeros(1))[0] == pytest.approx(
        -2 * math.log(0.8) - math.log(0.99))
    assert chinese.bead_costs(1, 2, np.array([2.0]), np.zeros(1))[0] == pytest.approx(-math.log(0.8) - math.log(0.01))
    # A 1-1 bead whose English holds two sentences is as unlikely as the document's plain rate says,
    # and an unpaired English line of two sentences pays the same.
    assert rates.bead_costs(1, 1, np.zeros(1), two)[0] == pytest.approx(-math.log(0.02))
    assert rates.unpaired_costs(np.zeros(1), two)[1][0] == pytest.approx(-math.log(0.02))

    costs = BeadCosts(measure(ZH, EN), BEAD_PRIORS)
    priced = costs.repriced(BEAD_PRIORS, DocumentModel(joins=rates))
    # English line 4 holds one sentence, line 5 two: joining Chinese 5-6 into line 4 pays for it.
    assert priced.bead(5, 2, 4, 1) - costs.bead(5, 2, 4, 1) == pytest.approx(-math.log(0.2) - math.log(0.98))
    assert priced.bead(7, 2, 5, 1) - costs.bead(7, 2, 5, 1) == pytest.approx(-math.log(0.8) - math.log(0.98))


def test_the_second_pass_learns_from_lines_joined_in_the_document():
    first = first_pass(ZH, EN)
    assert first.costs is not None
    joins = document_model(first.costs, first.path).joins
    assert joins is not None and joins.source is None and joins.target is not None
    # Two of the first pass's three joins kept their sentences.
    assert joins.target.joined > JOINED_PRIOR
    beads = [(bead.source, bead.target) for bead in align_presplit(ZH, EN)]
    assert ((1, 2), (1,)) in beads and ((7, 8), (5,)) in beads
    # Sentences split by mtreview have one sentence a line: the second pass learns nothing of joins.
    single = first_pass(ZH[:5], [EN[0], *EN[1].split(". ", 1), EN[2], EN[3]])
    assert single.costs is not None and document_model(single.costs, single.path).joins is None


def test_joins_find_merged_and_dropped_sentences_in_news(shared_data, monkeypatch):
    from mtreview.align import passes
    from tests.support.news_documents import plain_sets

    documents = plain_sets(shared_data, variants=1)["dev"]

    def found() -> int:
        right = 0
        for document in documents:
            beads = {(bead.source, bead.target) for bead in align_presplit(document.source, document.target)}
            right += sum(bead in beads for bead in document.gold if len(bead[0]) == 2 or not bead[1])
        return right

    with_joins = found()
    monkeypatch.setattr(passes, "document_rates", lambda *rates: None)
    # 41 and 39 of the 52 merged and untranslated sentences' beads at the time of writing.
    assert with_joins > found()
