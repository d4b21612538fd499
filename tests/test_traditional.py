"""Traditional Chinese sources matched against Simplified terms and numerals (mtreview.traditional)."""

from __future__ import annotations

from mtreview.numbers import source_numbers
from mtreview.traditional import simplified
from tests.support.checkspec import fails, flagged, passes

SIMPLIFIED = "新华社北京2月10日电 国家主席习近平10日同白俄罗斯总统卢卡申科通电话。中方愿同白方一道，共建一带一路。\n"
TRADITIONAL = "新華社北京2月10日電 國家主席習近平10日同白俄羅斯總統盧卡申科通電話。中方願同白方一道，共建一帶一路。\n"


def test_traditional_is_simplified_one_character_for_one():
    for text in (TRADITIONAL, "十二億", "兩百萬", "新冠肺炎疫情"):
        assert len(simplified(text)) == len(text)
    assert simplified(TRADITIONAL) == SIMPLIFIED
    # Simplified text never changes, not even characters that are also Traditional forms elsewhere.
    assert simplified("乾隆著名于是") == "乾隆著名于是"


def test_traditional_terms_trigger_the_term_checks_on_the_original_spans():
    source = "中方願同白方共建一帶一路，抗擊新冠肺炎疫情。"
    target = "China will build the One Belt One Road with Belarus and fight the new crown pneumonia epidemic."
    found = fails("term-forbidden", target, source)
    assert sorted(flagged(f, target) for f in found) == ["One Belt One Road", "new crown pneumonia"]
    assert sorted(source[slice(*f.source_span)] for f in found) == ["一帶一路", "新冠肺炎"]
    passes("term-forbidden", "China will build the Belt and Road with Belarus and fight COVID-19.", source)


def test_traditional_numerals_match_english_numbers():
    [mention] = source_numbers("人口十二億")
    assert mention.values == (1.2e9,) and mention.text == "十二億"
    passes("number-mismatch", "a population of 1.2 billion", "人口十二億")
    passes("number-missing", "a population of 1.2 billion", "人口十二億")
    fails("number-missing", "a large population", "人口12億")


def test_a_term_list_written_in_traditional_matches_a_simplified_source(tmp_path):
    from mtreview.terms import load_terms
    from tests.support.checkspec import fails

    path = tmp_path / "desk.tsv"
    path.write_text("zh\ten\tforbidden\n一帶一路\tBelt and Road\tOne Belt, One Road\n", encoding="utf-8")
    [finding] = fails("term-forbidden", "the One Belt, One Road initiative", "共建一带一路倡议",
                      terms=tuple(load_terms(path)))
    assert finding.suggestion == "Belt and Road" and finding.source_span == (2, 6)


def test_the_table_is_cached_and_a_damaged_or_unwritable_cache_is_read_past(tmp_path, monkeypatch):
    from mtreview import traditional

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    read = traditional._read_table()
    traditional._table.cache_clear()
    try:
        assert traditional._table() == read  # read from the dictionary, and the cache written
        (cache,) = (tmp_path / "mtreview").glob("traditional-*.pickle")
        traditional._table.cache_clear()
        assert traditional._table() == read  # from the cache
        cache.write_bytes(b"not a pickle")
        traditional._table.cache_clear()
        assert traditional._table() == read  # a damaged cache: the dictionary again, the cache rewritten
        assert traditional._table.__wrapped__() == read
        for stale in (tmp_path / "mtreview").iterdir():
            stale.unlink()
        (tmp_path / "mtreview").rmdir()
        (tmp_path / "mtreview").write_text("a file where the cache folder should be")  # unwritable, even as root
        traditional._table.cache_clear()
        assert traditional._table() == read
    finally:
        traditional._table.cache_clear()
    assert traditional.simplified.__wrapped__(TRADITIONAL) == SIMPLIFIED
