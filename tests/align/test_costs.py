"""What the dictionary and pinyin evidence adds to a bead's cost (mtreview.align.costs), on small
hand-made documents."""

from __future__ import annotations

import numpy as np
import pytest

from mtreview.align import BEAD_PRIORS, align_sentences
from mtreview.align.costs import BeadCosts, DocumentModel
from mtreview.align.features import measure
from tests.support.xinhua import EN, ZH


def beads(source, target, **options):
    return [(bead.source, bead.target) for bead in align_sentences(source, target, **options)]


def test_names_are_matched_through_their_pinyin():
    # Two credit lines that differ only in the name, against the English of the first.
    source = ["新华社记者翟健岚摄", "新华社记者李学仁摄"]
    target = ["Photo by Xinhua News Agency reporter Zhai Jianlan", "The meeting was held in Samarkand."]
    costs = BeadCosts(measure(source, target), BEAD_PRIORS)
    right, other = costs.similarity(0, 1, 0, 1)[0], costs.similarity(1, 1, 0, 1)[0]
    assert right > other + 0.1
    assert costs.bead(0, 1, 0, 1) < costs.bead(1, 1, 0, 1)


def test_glosses_find_the_dropped_sentence_where_lengths_cannot():
    # Drop each English sentence of each paragraph of three or more sentences in turn: the Chinese
    # sentence left over must come out as the exact 1-0 bead, everything else 1-1.
    def exact(lexical: bool) -> int:
        found = 0
        for chinese, english in zip(ZH, EN):
            if len(chinese) < 3:
                continue
            for k in range(len(english)):
                expected = [((i,), () if i == k else (i if i < k else i - 1,)) for i in range(len(chinese))]
                found += beads(chinese, english[:k] + english[k + 1 :], lexical=lexical) == expected
        return found

    cases = sum(len(english) for chinese, english in zip(ZH, EN) if len(chinese) >= 3)
    with_lexicon, lengths_only = exact(True), exact(False)
    assert with_lexicon > lengths_only
    assert with_lexicon >= 0.7 * cases


def test_one_to_two_split_on_a_literary_sentence():
    source = ["那天晚上我没走掉。", "陈清扬把我拽住，以伟大友谊的名义叫我留下来。",
              "她承认打我不对，也承认没有好好待我，但是她说我的伟大友谊是假的。"]
    target = ["I did not leave that night.",
              "Chen Qingyang caught me and asked me to stay in the name of our great friendship.",
              "She admitted that she'd been wrong to slap me, and that she hadn't treated me well.",
              "But she said my great friendship was phony."]
    result = align_sentences(source, target)
    assert [(bead.source, bead.target) for bead in result] == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3))]
    assert all(0.5 < bead.score < 1 for bead in result)


def test_low_scores_mark_a_wrong_pairing():
    # Two unrelated sentences of fitting length still pair (nothing else is there), but the score
    # tells the reviewer to look: it is far below that of a real translation.
    right = align_sentences(["中方愿同白方保持密切交往。"], ["China is willing to maintain close exchanges with Belarus."])
    wrong = align_sentences(["中方愿同白方保持密切交往。"], ["The weather in the mountains was cold and wet."])
    assert [(b.source, b.target) for b in wrong] in ([((0,), (0,))], [((0,), ()), ((), (0,))])
    assert max(bead.score for bead in wrong) < 0.5 < right[0].score


def test_the_length_cost_has_a_linear_tail_beyond_its_knee():
    from mtreview.align.costs import LENGTH_TAIL_FROM, length_cost, robust_length_cost

    deltas = np.linspace(0, 12, 241)
    normal, robust = length_cost(deltas), robust_length_cost(deltas)
    below = normal <= LENGTH_TAIL_FROM
    assert np.allclose(robust[below], normal[below])  # the usual lengths cost what they did
    assert (np.diff(robust) > 0).all()  # still the further off, the dearer
    tail = robust[~below]
    assert (tail < normal[~below]).all() and (tail > LENGTH_TAIL_FROM).all()
    steps = np.diff(tail[len(tail) // 2 :])  # far out, as a straight line: equal steps
    assert np.allclose(steps, steps[0], rtol=0.02)


def test_a_paragraph_takes_its_rows_of_the_whole_documents_features():
    from mtreview.align.features import LEARNED_COLUMNS, restricted

    chinese = [sentence for paragraph in ZH for sentence in paragraph]
    english = [sentence for paragraph in EN for sentence in paragraph]
    whole = measure(chinese, english)
    rows = [4, 5, 6]
    part = restricted(whole, rows, rows)
    # Only the columns these sentences use are kept, so products and norms are the whole's.
    np.testing.assert_allclose(part.source.vectors[:, : part.dictionary_columns] @ part.target.vectors[:, : part.dictionary_columns].T,
                               whole.source.vectors[rows] @ whole.target.vectors[rows].T, rtol=1e-6)
    np.testing.assert_array_equal(part.target.extra_norm, whole.target.extra_norm[rows])
    np.testing.assert_array_equal(part.source.lengths, whole.source.lengths[rows])
    assert 0 < part.dictionary_columns < whole.source.vectors.shape[1]
    # A word weighs by its rarity in the whole English (a word of one sentence in 20: 1 + log(21 / 1.5)
    # = 3.6), not in three sentences, where the rarest weighs 1 + log(4 / 1.5) = 2.0.
    alone = measure([chinese[k] for k in rows], [english[k] for k in rows])
    assert part.target.vectors.max() > alone.target.vectors.max() + 1.0
    # Columns after the dictionary's are free for the links learned.py adds, as for a document of three.
    spare = part.source.vectors.shape[1] - part.dictionary_columns
    assert spare == min(LEARNED_COLUMNS, 3 // 8) and not part.source.vectors[:, part.dictionary_columns :].any()
    # Copies: the paragraph's links never reach the whole document's arrays.
    part.source.vectors[:] = 0
    assert whole.source.vectors[rows].any()


def test_an_english_number_the_chinese_lacks_tells_against_the_pairing():
    from mtreview.align.anchors import is_telling_number
    from mtreview.align.costs import TELLING_PENALTY

    assert is_telling_number("#1280") and is_telling_number("#24150") and is_telling_number("#62.3")
    # A year the translator adds for 今年, small numbers ("first", "two sides") and other keys do not.
    assert not any(is_telling_number(key) for key in ("#1980", "#2023", "#7", "latin:wto", "“"))
    source = ["技术人员下乡维修水泵。", "今年1280名技术人员下乡维修水泵。"]
    # The same length and words; 1980 reads as a year, 1280 as a count.
    target = ["In 1980 technicians went to the villages to repair pumps.",
              "In 1280 technicians went to the villages to repair pumps."]
    costs = BeadCosts(measure(source, target), BEAD_PRIORS)
    assert costs.bead(0, 1, 1, 1) - costs.bead(0, 1, 0, 1) == pytest.approx(TELLING_PENALTY)
    assert TELLING_PENALTY > 2.0
    # Left unpaired, the English sentence pays nothing for its number.
    assert costs.unmatched_target(1) == costs.unmatched_target(0)
    # Where the Chinese has it, it is an anchor matched, as before.
    assert costs.bead(1, 1, 1, 1) < costs.bead(1, 1, 0, 1)


def test_a_merged_sentence_whose_figures_the_english_lacks_pays_for_them(monkeypatch):
    import mtreview.align.costs

    source = ["今年前两个月，出口总额有所下降。", "其中，集成电路出口减少18.3%，创14年来最大跌幅。"]
    translated = ["Total exports fell in the first two months, and exports of integrated circuits fell 18.3 "
                  "percent, the biggest drop in 14 years."]
    dropped = ["Total exports fell in the first two months of the year."]

    def member_cost(target, i, di):
        costs = BeadCosts(measure(source, target), BEAD_PRIORS)
        charged = costs.bead(i, di, 0, 1)
        monkeypatch.setattr(mtreview.align.costs, "MEMBER_TELLING_PENALTY", 0.0)
        free = costs.bead(i, di, 0, 1)
        monkeypatch.undo()
        return charged - free

    penalty = mtreview.align.costs.MEMBER_TELLING_PENALTY
    # Joined to the first sentence's translation, the second sentence's 18.3% and 14 years are not there.
    assert member_cost(dropped, 0, 2) == pytest.approx(penalty)
    assert penalty > 2.0
    # Where one of its figures is there, or the sentence is paired alone, nothing is charged.
    assert member_cost(translated, 0, 2) == 0.0
    assert member_cost(dropped, 1, 1) == 0.0


def test_a_character_is_taken_for_a_name_alone_only_where_it_stands_as_one():
    source = ["这一政策为企业带来了机遇。", "新华社记者张伟摄", "王说，安全很重要。", "她在网络上发表了文章。", "随后，王离开了会场。"]
    named = ["The policy has brought opportunities to businesses.",
             "Photo by Xinhua News Agency reporter Zhang Wei", "Security is important, Wang said.",
             "She published an article on the internet.", "Then, Wang left the meeting."]
    costs = BeadCosts(measure(source, named), BEAD_PRIORS)
    # 为 reads "wei" but is no Wei: the credit line shares nothing with the policy sentence.
    assert costs.similarity(0, 1, 1, 1)[0] == 0.0
    assert costs.similarity(1, 1, 1, 1)[0] > 0.5  # 张 伟 side by side are Zhang Wei
    # 王 alone, a word of its own, is Wang; 网 of 网络 is not.
    assert costs.similarity(3, 1, 2, 1)[0] == 0.0
    unnamed = named[:2] + ["Security is important, he said."] + named[3:]
    assert costs.similarity(2, 1, 2, 1)[0] > BeadCosts(measure(source, unnamed), BEAD_PRIORS).similarity(2, 1, 2, 1)[0] + 0.1


def test_a_latin_word_in_the_chinese_is_a_word_both_sides_share():
    # Written here: a Chinese sentence that keeps a foreign name in Latin letters and glosses the rest
    # with words its English does not use (否认 "deny" for "rejected"), and a photo credit.
    source = ["Kowalski随后否认了这一说法。", "新华社记者李学仁摄"]
    target = ["Kowalski later rejected the claim.", "Photo by Xinhua News Agency reporter Li Xueren"]
    features = measure(source, target)
    costs = BeadCosts(features, BEAD_PRIORS)
    assert costs.similarity(0, 1, 0, 1)[0] > 0.1 and costs.similarity(0, 1, 1, 1)[0] == 0.0
    assert features.source.words[0] == measure(["随后否认了这一说法。"], target[:1]).source.words[0] + 1
    # Where true pairs share many words (a news desk's), the pair is not priced as one sharing none:
    # its words make it cheaper than leaving both sentences unpaired.
    news = costs.repriced(BEAD_PRIORS, DocumentModel(typical_cosine=0.45))
    assert news.bead(0, 1, 0, 1, lexical=False) > news.bead(0, 1, 0, 1)
    assert news.bead(0, 1, 0, 1) < news.unmatched_source(0) + news.unmatched_target(0)
