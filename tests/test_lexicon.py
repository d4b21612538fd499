"""The lexicon (mtreview.lexicon): CC-CEDICT glosses and segments, its cache, pinyin spellings."""

from __future__ import annotations

import os
import pickle
import time

from mtreview import lexicon as lexicon_module
from mtreview.lexicon import Lexicon, english_stems, load_lexicon, pinyin_spellings, stem


def test_cedict_glosses_and_segments():
    lexicon = load_lexicon()
    assert lexicon.segment("以伟大友谊的名义") == ["以", "伟大", "友谊", "的", "名义"]
    assert "friendship" in lexicon.glosses("友谊")
    assert stem("friendships") == stem("friendship") and stem("walked") == stem("walking") == "walk"
    assert english_stems("The Friendships were made") == ["friendship", "mad"]


def test_news_furniture_senses_are_added_to_the_dictionarys():
    lexicon = load_lexicon()
    assert "end" in lexicon.glosses("完") and "finish" in lexicon.glosses("完")
    assert "photo" in lexicon.glosses("摄")
    assert {"china", "new", "servic"} <= set(lexicon.glosses("中新网"))


def test_segmentation_keeps_the_cut_with_fewer_words_from_either_direction():
    lexicon = load_lexicon()
    # Forward longest match alone reads 为上 ("to be best") and loses 上海; backward matching finds it.
    assert lexicon.segment("图为上海街头。赵磊摄") == ["图", "为", "上海", "街头", "赵", "磊", "摄"]
    assert lexicon.segment("结婚的和尚未结婚的") == ["结婚", "的", "和", "尚未", "结婚", "的"]
    # Where both directions agree nothing changes, and the offsets are those of the text.
    assert lexicon.segment("研究生命起源") == ["研究", "生命", "起源"]
    assert lexicon.segment_spans("北京，上海") == [(0, "北京"), (3, "上海")]


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


def test_a_new_cache_removes_the_old_versions_unused_for_a_month(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "mtreview"
    folder.mkdir()
    month_ago = time.time() - lexicon_module.STALE_CACHE_SECONDS - 60
    old, recent, other_kind = folder / "cedict-0000.pickle", folder / "cedict-1111.pickle", folder / "traditional-2222.pickle"
    for path in (old, recent, other_kind):
        path.write_bytes(pickle.dumps({"glosses": {}}))
    for path in (old, other_kind):
        os.utime(path, (month_ago, month_ago))
    assert lexicon_module.read_cache(recent) == {"glosses": {}}
    # Read a month ago but used now: marked as used, so it stays.
    os.utime(recent, (month_ago, month_ago))
    lexicon_module.read_cache(recent)
    lexicon_module.write_cache(folder / "cedict-2222.pickle", {"glosses": {"a": ()}})
    assert sorted(path.name for path in folder.iterdir()) == ["cedict-1111.pickle", "cedict-2222.pickle",
                                                              "traditional-2222.pickle"]
