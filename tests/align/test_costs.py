"""What the dictionary and pinyin evidence adds to the aligner, on small hand-made documents."""

from __future__ import annotations

from mtreview import lexicon as lexicon_module
from mtreview.align import BEAD_PRIORS, align_sentences
from mtreview.align.costs import BeadCosts
from mtreview.align.features import measure
from mtreview.lexicon import Lexicon, english_stems, load_lexicon, pinyin_spellings, stem
from mtreview.segment import segment_document
from tests.support.paths import XINHUA

CASE = XINHUA
ZH = [[s.text for s in p] for p in segment_document((CASE / "source.zh.txt").read_text(encoding="utf-8"), "zh")]
EN = [[s.text for s in p] for p in segment_document((CASE / "target.en.txt").read_text(encoding="utf-8"), "en")]


def beads(source, target, **options):
    return [(bead.source, bead.target) for bead in align_sentences(source, target, **options)]


def test_cedict_glosses_and_segments():
    lexicon = load_lexicon()
    assert lexicon.segment("以伟大友谊的名义") == ["以", "伟大", "友谊", "的", "名义"]
    assert "friendship" in lexicon.glosses("友谊")
    assert stem("friendships") == stem("friendship") and stem("walked") == stem("walking") == "walk"
    assert english_stems("The Friendships were made") == ["friendship", "mad"]


def test_cached_dictionary_reads_as_the_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_lexicon.cache_clear()
    try:
        load_lexicon()  # parses CC-CEDICT and writes the cache
        assert list((tmp_path / "mtreview").glob("cedict-*.pickle"))
        load_lexicon.cache_clear()
        cached, parsed = load_lexicon(), Lexicon.from_cedict()
    finally:
        load_lexicon.cache_clear()
    text = "新华社明斯克4月10日电 国家主席习近平同白俄罗斯总统卢卡申科举行会谈。卡拉OK"
    assert cached.segment_spans(text) == parsed.segment_spans(text)
    for word in ("友谊", "会谈", "卡拉OK", "白俄罗斯", "不在词典里的"):
        assert cached.glosses(word) == parsed.glosses(word)
    assert lexicon_module.readings("翟") == ("di", "zhai")


def test_pinyin_spells_names_with_every_reading():
    assert "zhai" in pinyin_spellings("翟") and "di" in pinyin_spellings("翟")  # 翟 reads di and zhai
    assert pinyin_spellings("健岚") == ["jianlan"]


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


def test_long_document_with_drops_aligns_in_a_band():
    # 2,000 Chinese sentences; every 97th English sentence dropped. Past the full search: banded.
    source = [s for paragraph in ZH for s in paragraph] * 100
    english = [s for paragraph in EN for s in paragraph] * 100
    dropped = set(range(50, len(english), 97))
    target = [s for k, s in enumerate(english) if k not in dropped]
    result = align_sentences(source, target)
    assert [k for bead in result for k in bead.source] == list(range(len(source)))
    assert [k for bead in result for k in bead.target] == list(range(len(target)))
    omissions = {bead.source[0] for bead in result if not bead.target}
    # Most drops come out as the exact 1-0 bead; the others as a 2-1 merge with a neighbour whose
    # words the dropped sentence shares (this text repeats every 20 sentences).
    assert len(omissions & dropped) >= 0.7 * len(dropped)
    assert all(bead.score < 0.5 for bead in result if not bead.target)
