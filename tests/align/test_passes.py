"""The second pass (document length model, bead-kind priors, evidence for unpaired sentences), quote
anchors, calibrated scores, and the generated news documents."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from mtreview.align import align_presplit, align_sentences
from mtreview.align.anchors import source_anchor_keys, target_anchor_keys
from mtreview.align.calibration import EVIDENCE, probability
from mtreview.align.costs import (
    MARGIN_SLACK,
    MARGIN_WEIGHT,
    MEMBER_SCALE_CAP,
    MEMBER_WEIGHT,
    NO_WORD_CAP,
    NO_WORD_SHARE,
    NO_WORD_TYPICAL_FROM,
    NO_WORD_TYPICAL_FULL,
    NO_WORD_WEIGHT,
    PAIR_SHARE,
    PAIR_WEIGHT,
    QUOTE_SPLIT_COST,
    BeadCosts,
    DocumentModel,
)
from mtreview.align.features import measure
from mtreview.align.passes import (
    DESK_UNPAIRED_FACTOR,
    PRIOR_KIND_BEADS,
    TYPICAL_PRIOR,
    TYPICAL_PRIOR_BEADS,
    _length_model,
    _sentence_cosines,
    count_priors,
    desk_priors,
    document_model,
    document_priors,
    one_to_one_cosines,
    pooled_typical_cosine,
)
from mtreview.align.sentences import BEAD_PRIORS, first_pass
from mtreview.segment import segment_document
from tests.support import probe_report

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "corpora" / "xinhua-belarus"


def _sentences(name: str, lang: str) -> list[str]:
    text = (CASE / name).read_text(encoding="utf-8")
    return [sentence.text for paragraph in segment_document(text, lang) for sentence in paragraph]


def test_every_quote_style_is_an_anchor():
    for chinese in ("他说：“走吧。”", "他说：「走吧。」", "他说：『走吧。』", "他说：‘走吧。’"):
        assert source_anchor_keys(chinese) == ["“"]
    for english in ("He said, “Let's go.”", "He said, 'Let's go.'", 'He said, "Let\'s go."', "He said, ‘Let's go.’"):
        assert target_anchor_keys(english) == ["“"]
    # An apostrophe is not a quotation.
    assert target_anchor_keys("Don't go to the teachers' room.") == []


def test_a_datelines_month_is_an_anchor_like_its_day():
    # The numbers parser marks a dateline's date as such; its month (below 10) is as much an anchor.
    assert source_anchor_keys("新华社北京7月25日电") == ["#7", "#25"]
    assert target_anchor_keys("Beijing, July 25 (Xinhua)") == ["#7", "#25", "("]


def _bead_cost(costs: BeadCosts, kind: tuple[int, int], end: tuple[int, int]) -> float:
    """The cost of the bead of `kind` ending at cell `end` as the search prices it: BeadCosts.cells
    over every cell of the table, row after row (it wants whole rows)."""
    width = costs.m + 1
    rows, columns = np.repeat(np.arange(costs.n + 1), width), np.tile(np.arange(width), costs.n + 1)
    return float(costs.cells(rows, columns, [kind])[0, end[0] * width + end[1]])


def test_a_beads_cost_is_the_one_the_search_pays():
    # The bundled case's first eight sentences with an unrelated English sentence written here added
    # after the third, priced as the second pass prices them (typical cosine, neighbours' cosines):
    # bead() must give each bead what cells(), which the search reads, gives it, quotation splits
    # (the case quotes Xi) included.
    chinese, english = _sentences("source.zh.txt", "zh")[:8], _sentences("target.en.txt", "en")[:8]
    english.insert(3, "The weather in the south will be sunny and warm on Sunday.")
    first = first_pass(chinese, english)
    priors = document_priors(first.priors, first.path)
    costs = first.costs.repriced(priors, document_model(first.costs, first.path))
    assert costs.document.typical_cosine and costs.best_nearby is not None and costs.no_word_weight > 0
    kinds = [kind for kind in priors if kind[0]]  # 0-1 beads the search prices as runs
    charged = []
    for di, dj in kinds:
        for i in range(len(chinese) - di + 1):
            for j in range(len(english) - dj + 1):
                cell = _bead_cost(costs, (di, dj), (i + di, j + dj))
                assert costs.bead(i, di, j, dj) == pytest.approx(cell, rel=1e-5, abs=1e-4)
                if dj:
                    charged.append(costs.bead(i, di, j, dj) - costs.bead(i, di, j, dj, lexical=False))
    # What the words say is in it, and differs from bead to bead.
    assert len(set(np.round(charged, 3))) > 20


def test_quotations_open_over_sentences_are_followed_on_both_sides():
    from mtreview.align.anchors import quotation_open_after

    english = ["'I can see you've never done any wrestling,' laughed Misty.",
               "'But you're a quick mover all the same!",
               "You managed to get away that time.",
               "A few more goes and I'd have had you, though—'",
               "The boys' room was cold, and he didn't mind.",
               "He said, “Go on.", "Then stop.”"]
    assert quotation_open_after(english, "en") == [False, True, True, False, False, True, False]
    chinese = ["小玄子笑了笑，道：“你没学过摔交，可是手脚挺灵活。", "再打几个回合，你便输了。”", "韦小宝道：「那也不见得。」"]
    assert quotation_open_after(chinese, "zh") == [True, False, False]
    # Straight quotes in Chinese open and close by turns.
    assert quotation_open_after(['他说："走吧。', '天黑了。"', "我们回家。"], "zh") == [True, False, False]
    # Unbalanced marks do not keep a quotation open for the rest of the document.
    assert quotation_open_after(["他说：“走吧。", "天黑了。", "路很远。", "我们回家。", "明天再来。"], "zh") == [
        True, True, True, False, False]


def test_a_bead_boundary_inside_a_quotation_on_one_side_only_costs_more():
    # One Chinese sentence of dialogue and its English over three sentences, then narration: ending
    # the first bead after the second English sentence would cut the quotation.
    chinese = ["小玄子笑道：“你没学过摔交，可是手脚挺灵活，再打几个回合，你便输了。”", "韦小宝扑上去又欲再打。"]
    english = ["'You have never done any wrestling,' laughed Misty.", "'But you are quick all the same!",
               "A few more rounds and you would lose.'", "Trinket went for him again."]
    costs = BeadCosts(measure(chinese, english), BEAD_PRIORS)
    assert costs.quote_split is not None
    inside, closed = _bead_cost(costs, (1, 2), (1, 2)), _bead_cost(costs, (1, 3), (1, 3))  # source [0, 1) with target [0, 2) or [0, 3)
    unquoted = copy.copy(costs)
    unquoted.quote_split = None
    plain = unquoted.bead(0, 1, 0, 2) - unquoted.bead(0, 1, 0, 3)
    assert inside - closed == pytest.approx(plain + QUOTE_SPLIT_COST, abs=1e-4)
    assert costs.bead(0, 1, 0, 2) - costs.bead(0, 1, 0, 3) == pytest.approx(inside - closed, abs=1e-4)
    beads = align_presplit(chinese, english)
    assert [(bead.source, bead.target) for bead in beads] == [((0,), (0, 1, 2)), ((1,), (3,))]


def test_published_chinese_leaves_the_caption_and_attendance_line_unpaired():
    # The bundled case one sentence per line, the Chinese without the caption (sentences 2, 3) and
    # the attendance line (19): their English must come out as 0-1 beads, not merged into a neighbour.
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    kept = [k for k in range(len(chinese)) if k not in (2, 3, 19)]
    beads = align_presplit([chinese[k] for k in kept], english)
    expected = [((kept.index(k),), (k,)) if k in kept else ((), (k,)) for k in range(len(english))]
    assert [(bead.source, bead.target) for bead in beads] == expected


def test_a_news_desks_translation_starts_from_higher_unpaired_priors():
    # Literary (typical cosine 0.25) and unmeasured documents keep the priors; a news desk's (0.6)
    # starts from DESK_UNPAIRED_FACTOR times the 1-0 and 0-1 priors, taken from 1-1; halfway, halfway.
    assert desk_priors(BEAD_PRIORS, None) == BEAD_PRIORS == desk_priors(BEAD_PRIORS, 0.25)
    news, halfway = desk_priors(BEAD_PRIORS, 0.6), desk_priors(BEAD_PRIORS, 0.425)
    for kind in ((1, 0), (0, 1)):
        assert news[kind] == pytest.approx(DESK_UNPAIRED_FACTOR * BEAD_PRIORS[kind])
        assert halfway[kind] == pytest.approx((1 + DESK_UNPAIRED_FACTOR) / 2 * BEAD_PRIORS[kind])
    assert sum(news.values()) == pytest.approx(sum(BEAD_PRIORS.values()))
    assert news[(1, 2)] == BEAD_PRIORS[(1, 2)] and news[(1, 1)] < BEAD_PRIORS[(1, 1)]


def test_an_untranslated_sentence_beside_an_added_one_is_left_unpaired_in_a_desk_translation(monkeypatch):
    # The probe report (written here) with Chinese line k untranslated and English line k+1 added
    # (its Chinese left out): the two stand side by side and share few words. Left unpaired, not
    # paired with each other; every other line one to one.
    def aligned(k: int) -> bool:
        chinese, english = probe_report.ZH[: k + 1] + probe_report.ZH[k + 2 :], probe_report.EN[:k] + probe_report.EN[k + 1 :]
        expected = [((i,), (i,)) for i in range(k)] + [((k,), ()), ((), (k,))]
        expected += [((i,), (i,)) for i in range(k + 1, len(chinese))]
        return sorted((bead.source, bead.target) for bead in align_presplit(chinese, english)) == sorted(expected)

    assert all(aligned(k) for k in (1, 4, 7))
    # With a literary translator's priors each of them is paired.
    monkeypatch.setattr("mtreview.align.passes.DESK_UNPAIRED_FACTOR", 1.0)
    assert not any(aligned(k) for k in (1, 4, 7))


def test_split_and_join_priors_follow_the_sentence_counts():
    even = count_priors(BEAD_PRIORS, 200, 200)
    split = count_priors(BEAD_PRIORS, 200, 270)  # a third more English sentences, as MAC-Dev
    joined = count_priors(BEAD_PRIORS, 270, 200)  # more Chinese sentences, as the Bible
    assert split[(1, 2)] > 2 * even[(1, 2)] and split[(2, 1)] == pytest.approx(even[(2, 1)])
    assert joined[(2, 1)] > 2 * even[(2, 1)] and joined[(1, 2)] == pytest.approx(even[(1, 2)])
    for priors in (even, split, joined):
        assert sum(priors.values()) == pytest.approx(1.0)


def test_a_single_join_of_the_first_pass_does_not_make_its_kind_likelier():
    even = count_priors(BEAD_PRIORS, 20, 20)
    ones = [(k, 1, k, 1) for k in range(18)]
    once = document_priors(even, [*ones, (18, 2, 18, 1)])
    twice = document_priors(even, [*ones[:16], (16, 2, 16, 1), (18, 2, 17, 1)])
    # Counted one short: one 2-1 bead of the first pass leaves the 2-1 prior where the document's
    # sentence counts put it (scaled by the beads seen), two raise it as one would.
    assert once[(2, 1)] == pytest.approx(even[(2, 1)] * PRIOR_KIND_BEADS / (19 + PRIOR_KIND_BEADS))
    assert twice[(2, 1)] == pytest.approx((1 + PRIOR_KIND_BEADS * even[(2, 1)]) / (18 + PRIOR_KIND_BEADS))
    # Pairs and unpaired sentences count in full.
    unpaired = document_priors(even, [*ones, (18, 1, 18, 0)])
    assert unpaired[(1, 0)] == pytest.approx((1 + PRIOR_KIND_BEADS * even[(1, 0)]) / (19 + PRIOR_KIND_BEADS))


def test_the_length_ratio_is_the_documents_own():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    padded = [sentence + " " + sentence[: len(sentence) // 2] for sentence in english]  # 1.5 times as long
    for target, longer in ((english, False), (padded, True)):
        costs = BeadCosts(measure(chinese, target), BEAD_PRIORS)
        ratio, _ = _length_model(costs, [(k, 1, k, 1) for k in range(len(chinese))])
        assert (ratio > costs.document.ratio * 1.2) is longer


def test_a_sentence_sharing_nothing_is_judged_against_the_documents_typical_cosine():
    # Two sentences of the case and their English, with an unrelated English sentence written here
    # between them: merged into the first bead it hides an added sentence.
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    unrelated = "The weather in the south will be sunny and warm on Sunday."
    costs = BeadCosts(measure(chinese[4:6], [english[4], unrelated, english[5]]), BEAD_PRIORS)
    assert costs.similarity(0, 1, 1, 1)[0] == 0.0 < costs.similarity(0, 1, 0, 1)[0]

    def priced(typical: float | None) -> BeadCosts:
        return costs.repriced(BEAD_PRIORS, DocumentModel(typical_cosine=typical))

    first_pass, literary, news = priced(None), priced(0.2), priced(0.45)
    merged = [c.bead(0, 1, 0, 2) for c in (first_pass, literary, news)]
    # Where true pairs share little (0.2) the merge costs about what it did; where they share much,
    # the member's floor and weight both rise.
    assert merged[1] - merged[0] < 1.0
    assert merged[2] - merged[0] > MEMBER_WEIGHT * 0.2
    # A 1-1 of unrelated sentences pays for falling below the typical cosine, and for sharing no word
    # (per word of the side with fewer); a translation does not.
    words = min(costs.features.source.words[0], costs.features.target.words[1], NO_WORD_CAP)
    assert words >= 3
    assert news.bead(0, 1, 1, 1) - first_pass.bead(0, 1, 1, 1) == pytest.approx(
        PAIR_WEIGHT * PAIR_SHARE * 0.45 + NO_WORD_WEIGHT * words)
    assert news.bead(0, 1, 0, 1) == first_pass.bead(0, 1, 0, 1)


def test_a_short_merged_sentence_is_read_against_its_share_only_where_words_are_unreliable():
    # Written here: a long Chinese sentence and a short one that its English ends with ("and he was
    # content"), and an unrelated one. The short sentence's cosine with the whole English is small
    # because of its size, not because the English leaves it out.
    chinese = ["老人每天清晨都到河边散步，看渔船出港，听码头上的人讲天气和鱼价。", "他很满足。", "会议明天在北京开幕。"]
    english = ["Every morning the old man walked along the river, watched the fishing boats leave the harbour and "
               "listened to the people on the quay talk about the weather and the price of fish, and he was content."]
    costs = BeadCosts(measure(chinese, english), BEAD_PRIORS)

    def priced(typical: float | None) -> BeadCosts:
        return costs.repriced(BEAD_PRIORS, DocumentModel(typical_cosine=typical))

    first_pass, literary, news = priced(None), priced(NO_WORD_TYPICAL_FROM), priced(NO_WORD_TYPICAL_FULL)
    own = costs.similarity(1, 1, 0, 1)[0]
    assert 0.0 < own < 0.15
    assert first_pass.similarity(0, 2, 0, 1)[1] == pytest.approx(own)
    assert news.similarity(0, 2, 0, 1)[1] == pytest.approx(own)
    assert literary.similarity(0, 2, 0, 1)[1] == pytest.approx(MEMBER_SCALE_CAP * own)
    halfway = priced((NO_WORD_TYPICAL_FROM + NO_WORD_TYPICAL_FULL) / 2).similarity(0, 2, 0, 1)[1]
    assert own < halfway < MEMBER_SCALE_CAP * own
    # A sentence sharing no word gains nothing from its size.
    assert literary.similarity(1, 2, 0, 1)[1] == 0.0
    # The bead's other figures are the same: only the member's reading changes.
    assert literary.similarity(0, 2, 0, 1)[0] == first_pass.similarity(0, 2, 0, 1)[0]


def test_a_sentence_with_a_better_partner_next_door_pays_the_margin():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    unrelated = "The weather in the south will be sunny and warm on Sunday."
    costs = BeadCosts(measure(chinese[4:6], [english[4], unrelated, english[5]]), BEAD_PRIORS)
    best = np.array([costs.similarity(0, 1, 0, 1)[0], costs.similarity(1, 1, 2, 1)[0]])
    assert best.min() > 0.3
    model = DocumentModel(source_best=best, target_best=np.array([best[0], 0.0, best[1]]))

    def one_to_one(costs: BeadCosts, i: int, j: int) -> float:
        return _bead_cost(costs, (1, 1), (i + 1, j + 1))

    margined = costs.repriced(BEAD_PRIORS, model)
    # The first Chinese sentence with the unrelated English: its own translation is next door.
    assert one_to_one(margined, 0, 1) - one_to_one(costs, 0, 1) == pytest.approx(
        MARGIN_WEIGHT * (best[0] - MARGIN_SLACK), abs=1e-4)
    # With its translation: nothing.
    assert one_to_one(margined, 0, 0) == pytest.approx(one_to_one(costs, 0, 0), abs=1e-6)


def test_sides_sharing_no_word_pay_per_word_where_the_documents_words_are_reliable():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    unrelated = "The weather in the south will be sunny and warm on Sunday, and the rain will stop."
    costs = BeadCosts(measure(chinese[4:6], [english[4], unrelated, english[5]]), BEAD_PRIORS)

    def one_to_one(typical: float, i: int, j: int) -> float:
        return _bead_cost(costs.repriced(BEAD_PRIORS, DocumentModel(typical_cosine=typical)), (1, 1), (i + 1, j + 1))

    # Every content word counts, not only those the Chinese document's glosses share: the weather
    # sentence has ten, few of which any Chinese word glosses.
    source_words, target_words = costs.features.source.words, costs.features.target.words
    assert source_words is not None and target_words is not None
    assert target_words[1] >= 8 > int((costs.target_vectors[1] != 0).sum())
    words = min(source_words[0], target_words[1])
    assert words >= NO_WORD_CAP
    literary, news = one_to_one(NO_WORD_TYPICAL_FROM, 0, 1), one_to_one(NO_WORD_TYPICAL_FULL, 0, 1)
    pair_part = PAIR_WEIGHT * PAIR_SHARE * (NO_WORD_TYPICAL_FULL - NO_WORD_TYPICAL_FROM)  # the typical's other use
    assert news - literary == pytest.approx(NO_WORD_WEIGHT * min(words, NO_WORD_CAP) + pair_part, abs=1e-4)
    # A translation shares words: no such cost.
    assert one_to_one(NO_WORD_TYPICAL_FULL, 0, 0) == pytest.approx(one_to_one(NO_WORD_TYPICAL_FROM, 0, 0), abs=1e-4)
    # Sides sharing a word or two pay less as their cosine nears NO_WORD_SHARE of the typical one.
    news_costs = costs.repriced(BEAD_PRIORS, DocumentModel(typical_cosine=NO_WORD_TYPICAL_FULL))
    threshold = NO_WORD_SHARE * NO_WORD_TYPICAL_FULL

    def no_word(cosine: float) -> float:
        return float(news_costs._no_word_shared_cost(np.array([1]), 1, np.array([2]), 1, np.array([cosine]))[0])

    assert no_word(0.0) == pytest.approx(NO_WORD_WEIGHT * min(words, NO_WORD_CAP))
    assert no_word(threshold / 2) == pytest.approx(no_word(0.0) / 2)
    assert no_word(threshold) == 0.0


def test_the_typical_cosine_is_measured_on_the_first_pass_one_to_one_beads():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    costs = BeadCosts(measure(chinese, english), BEAD_PRIORS)
    typical = document_model(costs, [(k, 1, k, 1) for k in range(len(chinese))]).typical_cosine
    assert typical is not None and 0.25 < typical < 0.6
    # The case's Chinese against its English one sentence out: pairs that share little.
    shifted = document_model(costs, [(k, 1, (k + 7) % len(english), 1) for k in range(len(chinese))]).typical_cosine
    assert shifted is not None and shifted < typical / 2
    # A brief with fewer 1-1 beads than that: its paired beads of every kind are measured, from three,
    # and the median is pulled towards the prior as if two more beads had it.
    brief = [(0, 1, 0, 1), (1, 2, 1, 1), (3, 1, 2, 2), (4, 1, 4, 0)]
    median = np.median([costs.similarity(i, di, j, dj)[0] for i, di, j, dj in brief[:3]])
    assert 0.3 < median < 0.6
    expected = (3 * median + TYPICAL_PRIOR_BEADS * TYPICAL_PRIOR) / (3 + TYPICAL_PRIOR_BEADS)
    assert document_model(costs, brief).typical_cosine == pytest.approx(expected)
    # Two paired beads are too few to measure on: not used.
    assert document_model(costs, brief[1:]).typical_cosine is None


def _strict_f1_and_orphans_found(documents) -> tuple[float, float]:
    """Strict F1 of mtreview's alignment of the generated documents, and the share of their gold 1-0
    and 0-1 beads it has exactly."""
    from tests.support.align_evaluation import document_counts, strict_statistics

    totals = sum(document_counts(d.gold, [(b.source, b.target) for b in align_presplit(d.source, d.target)])
                 for d in documents)
    return float(strict_statistics(totals)[0]), (totals[4] + totals[6]) / (totals[5] + totals[7])


def test_news_briefs_align_with_their_orphans_found(shared_data):
    from tests.support.news_documents import brief_sets

    f1, found = _strict_f1_and_orphans_found(brief_sets(shared_data, lines=4, variants=1)["held-out"])
    # 0.905 strict F1 and 0.59 of the 122 unpaired sentences found at the time of writing; 0.882 and
    # 0.52 when a brief's typical cosine was measured on its 1-1 beads only, which a brief of four
    # lines seldom has five of.
    assert f1 >= 0.895
    assert found >= 0.56


def test_a_document_in_paragraphs_pools_its_one_to_one_beads():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    runs = [(BeadCosts(measure(chinese[a:b], english[a:b]), BEAD_PRIORS), [(k, 1, k, 1) for k in range(b - a)])
            for a, b in ((0, 3), (3, 6), (6, 8))]
    cosines = np.concatenate([one_to_one_cosines(costs, path) for costs, path in runs])
    assert len(cosines) == 8
    assert pooled_typical_cosine(runs) == pytest.approx(float(np.median(cosines)))
    # Fewer than five 1-1 beads in all: each paragraph measures its own.
    assert pooled_typical_cosine(runs[:1]) is None
    # Without the lexicon there is nothing to pool.
    assert pooled_typical_cosine([(BeadCosts(measure(chinese[:6], english[:6], lexical=False), BEAD_PRIORS, lexical=False),
                                   [(k, 1, k, 1) for k in range(6)])]) is None


def test_scores_are_probabilities_that_rise_with_the_evidence():
    assert len(EVIDENCE) == 9
    weak = probability([5.0, 0.05, 0.05, 1.0, 1.0, 0.0, 0.0, 0.4, 0.0])
    strong = probability([5.0, 0.4, 0.4, 1.0, 1.0, 0.0, 0.0, 0.4, 0.0])
    assert 0 < weak < strong < 1
    # The same bead in a document whose pairs share few words is less likely right.
    assert probability([5.0, 0.4, 0.4, 1.0, 1.0, 0.0, 0.0, 0.1, 0.0]) < strong
    # And a bead whose sides share no word, though each has several, in a document whose words are
    # reliable is less likely right than one whose sides share some.
    assert probability([5.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.4, 4.0]) < weak
    beads = align_sentences(_sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en"))
    assert all(0.5 < bead.score < 1 for bead in beads)


def test_news_documents_are_seeded_and_their_gold_covers_every_sentence(news_documents, shared_data):
    from tests.support.news_documents import news_sets

    again = news_sets(shared_data, variants=1)
    assert [d.target for d in again["held-out"]] == [d.target for d in news_documents["held-out"]]
    for document in news_documents["dev"] + news_documents["held-out"]:
        assert [k for bead in document.gold for k in bead[0]] == list(range(len(document.source)))
        assert [k for bead in document.gold for k in bead[1]] == list(range(len(document.target)))
    kinds = {(len(s), len(t)) for d in news_documents["dev"] for s, t in d.gold}
    assert {(1, 1), (2, 1), (1, 0), (0, 1)} <= kinds


def test_held_out_news_aligns_with_its_orphans_found(news_documents):
    f1, found = _strict_f1_and_orphans_found(news_documents["held-out"])
    # 0.955 strict F1 and 0.81 of the unpaired sentences found at the time of writing; 0.92 and 0.59
    # before cosines were judged against the document's typical one, 0.90 and 0.48 before the second
    # pass (benchmarks/align_gold.py has the full table).
    assert f1 >= 0.945
    assert found >= 0.78


def test_telling_numbers_keep_added_english_sentences_apart(news_documents, monkeypatch):
    import mtreview.align.costs

    def added_found() -> int:
        return sum(((), g[1]) in {(b.source, b.target) for b in align_presplit(d.source, d.target)}
                   for d in news_documents["dev"] for g in d.gold if not g[0])

    with_numbers = added_found()
    monkeypatch.setattr(mtreview.align.costs, "TELLING_PENALTY", 0.0)
    # 23 and 21 of the 28 added English sentences at the time of writing: a sentence of figures the
    # Chinese does not have was joined to its neighbour's bead.
    assert with_numbers > added_found()


def test_figures_keep_an_untranslated_sentence_out_of_its_neighbours_bead(shared_data, monkeypatch):
    import mtreview.align.costs
    from tests.support.news_documents import news_sets

    documents = news_sets(shared_data, variants=3)["dev"]

    def dropped_found() -> int:
        return sum((g[0], ()) in {(b.source, b.target) for b in align_presplit(d.source, d.target)}
                   for d in documents for g in d.gold if not g[1])

    with_figures = dropped_found()
    monkeypatch.setattr(mtreview.align.costs, "MEMBER_TELLING_PENALTY", 0.0)
    # 67 and 63 of the 71 untranslated Chinese sentences at the time of writing (14 and 13 of the 18
    # of the first variant before passes.py measured a sentence on its unclaimed words; 16 either way
    # since): a sentence of figures the English does not have was joined to its neighbour's bead.
    assert with_figures > dropped_found()


def test_plain_news_documents_have_merges_drops_and_additions_only(shared_data):
    from tests.support.news_documents import plain_sets

    documents = plain_sets(shared_data, variants=1)["dev"]
    for document in documents:
        assert [k for bead in document.gold for k in bead[0]] == list(range(len(document.source)))
        assert [k for bead in document.gold for k in bead[1]] == list(range(len(document.target)))
    kinds = {(len(s), len(t)) for d in documents for s, t in d.gold}
    assert kinds == {(1, 1), (2, 1), (1, 0), (0, 1)}


def test_plain_news_documents_can_be_drawn_at_other_rates(shared_data):
    from tests.support.news_documents import RATES, plain_sets

    def orphans(documents) -> tuple[int, int]:
        return (sum(1 for d in documents for s, t in d.gold if s and not t),
                sum(1 for d in documents for s, t in d.gold if t and not s))

    usual = plain_sets(shared_data, variants=1)["dev"]
    assert [d.gold for d in plain_sets(shared_data, variants=1, rates=RATES)["dev"]] == [d.gold for d in usual]
    doubled = plain_sets(shared_data, variants=1, rates=(0.08, 0.1, 0.1))["dev"]
    # The same draws read against wider bounds: twice the drops and additions, near enough.
    assert orphans(doubled)[0] > 1.5 * orphans(usual)[0] and orphans(doubled)[1] > 1.5 * orphans(usual)[1]
    none = plain_sets(shared_data, variants=1, rates=(0.0, 0.0, 0.0))["dev"]
    assert all(len(s) == len(t) == 1 for d in none for s, t in d.gold)


def test_plain_news_documents_drawn_with_a_systems_english_align_with_their_orphans_found(shared_data):
    from tests.support.news_documents import english_versions, plain_sets, wmt_news_documents

    assert english_versions(shared_data)[0] == "refA" and "ONLINE-B" in english_versions(shared_data)
    reference = plain_sets(shared_data, variants=1)["held-out"]
    system = plain_sets(shared_data, variants=1, english="ONLINE-B")["held-out"]
    # The same Chinese, drops and merges as the reference's draws, with the engine's English lines.
    online_lines = {line for _, _, lines in wmt_news_documents(shared_data, "ONLINE-B") for line in lines}
    assert [d.source for d in system] == [d.source for d in reference]
    assert [d.gold for d in system] == [d.gold for d in reference]
    one_to_one = [(d.target[t[0]], r.target[t[0]]) for d, r in zip(system, reference, strict=True)
                  for s, t in d.gold if len(s) == len(t) == 1]
    assert all(line in online_lines for line, _ in one_to_one)
    assert sum(line != theirs for line, theirs in one_to_one) > 0.9 * len(one_to_one)
    f1, found = _strict_f1_and_orphans_found(system)
    # 0.984 strict F1 and 26 of the 30 unpaired sentences found at the time of writing (the reference's
    # English: 0.975 and 25): English that follows its Chinese more closely than refA does.
    assert f1 >= 0.975
    assert found >= 0.8


GRAIN_ZH = ["国家统计局11日发布数据，一季度全国粮食产量同比增长3.2%。", "其中，小麦产量达到1.35亿吨，创历史新高。",
            "专家表示，良好的天气条件是今年丰收的主要原因。", "农业农村部将继续加大对种粮农民的补贴力度。",
            "各地还将加强农田水利设施建设，提高粮食综合生产能力。", "同时，有关部门将严厉打击破坏耕地的违法行为。",
            "国家粮食和物资储备局表示，目前粮食库存充足，市场供应稳定。", "下一步，各地将做好夏粮收购工作，保护农民利益。"]
GRAIN_EN = ["The National Bureau of Statistics said on the 11th that grain output rose 3.2% year on year in the "
            "first quarter.", "Wheat output reached 135 million tonnes, a record high.",
            "Experts said good weather was the main reason for this year's harvest.",
            "The Ministry of Agriculture and Rural Affairs will further increase subsidies to grain farmers.",
            "Local governments will also improve irrigation works and raise overall grain production capacity.",
            "The authorities will also crack down on illegal acts that damage farmland.",
            "The National Food and Strategic Reserves Administration said grain stocks were ample and market "
            "supply stable.", "Next, local governments will purchase the summer grain and protect the interests of farmers."]


def test_an_added_sentence_in_place_of_a_dropped_one_is_not_paired_with_it():
    # The sixth Chinese sentence is left untranslated and an English sentence of the translator's own
    # stands where its translation would: words no Chinese word glosses, numbers the Chinese lacks.
    english = GRAIN_EN[:5] + ["Some 4,800 technicians visited 260 villages last month to repair irrigation pumps."]
    english += GRAIN_EN[6:]
    beads = [(bead.source, bead.target) for bead in align_presplit(GRAIN_ZH, english)]
    assert ((5,), ()) in beads and ((), (5,)) in beads
    assert [bead for bead in beads if bead[0] and bead[1]] == [((k,), (k,)) for k in (0, 1, 2, 3, 4, 6, 7)]


# The third sentence again in other words: an untranslated sentence sharing all its words with its neighbour.
GRAIN_REPEATED = "专家认为，今年粮食丰收的主要原因是天气条件良好。"


def test_a_sentence_is_measured_on_the_words_its_neighbours_partner_does_not_claim():
    chinese = GRAIN_ZH[:3] + [GRAIN_REPEATED] + GRAIN_ZH[3:]
    costs = BeadCosts(measure(chinese, GRAIN_EN), BEAD_PRIORS)
    side = (costs.source_vectors, costs.source_norms, costs.source_entries)
    other = (costs.target_vectors, costs.target_norms)
    # Each English sentence's Chinese partners as a first pass would have them: English 2 with
    # Chinese 2 alone, the repeated sentence (Chinese 3) unpaired.
    apart = np.array([(k, k + 1) if k < 3 else (k + 1, k + 2) for k in range(len(GRAIN_EN))])
    whole, unclaimed = _sentence_cosines(side, other, np.array([3, 2]), np.array([2, 2]), apart)
    # The repeated sentence shares as much with English 2 as its translation does, all of it words
    # that translation claims; the translation's own bead claims nothing from it.
    assert whole[0] == pytest.approx(whole[1]) and whole[0] > 0.3
    assert unclaimed[0] == 0.0
    assert unclaimed[1] == pytest.approx(whole[1])
    # With both Chinese sentences in English 2's bead (a 2-1), neither claims from the other.
    merged = apart.copy()
    merged[2] = (2, 4)
    whole, unclaimed = _sentence_cosines(side, other, np.array([3]), np.array([2]), merged)
    assert unclaimed[0] == pytest.approx(whole[0]) and whole[0] > 0.3


def test_an_untranslated_sentence_sharing_its_neighbours_words_is_left_unpaired():
    chinese = GRAIN_ZH[:3] + [GRAIN_REPEATED] + GRAIN_ZH[3:]
    beads = [(bead.source, bead.target) for bead in align_presplit(chinese, GRAIN_EN)]
    # Measured on all its words, it had a partner next door and joined Chinese 2's bead (a 2-1).
    assert ((3,), ()) in beads
    assert [bead for bead in beads if bead[0] and bead[1]] == [((k + (k > 2),), (k,)) for k in range(8)]
    # A headline of two sentences' figures, its English dropped, as an untranslated line.
    beads = [(bead.source, bead.target) for bead in align_presplit(["一季度粮食产量增长3.2% 小麦产量创新高"] + GRAIN_ZH, GRAIN_EN)]
    assert ((0,), ()) in beads
