"""TMX input (mtreview.formats.tmx): ids, one-sided units, legacy encodings, streaming in flat memory."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import pytest

import mtreview.spill
from mtreview.checks import run_checks
from mtreview.inputs import IdLedger, load_input
from mtreview.records import Pair
from mtreview.spill import SpillList
from tests.support.cat_files import LEGACY_SOURCE, LEGACY_TARGET, TMX_TEMPLATE
from tests.support.check_command import checked_findings
from tests.support.checkspec import SHIPPED


def test_tico19_tmx_reads_its_chinese_side_as_source(shared_data: Path):
    corpus = load_input([shared_data / "glossaries" / "tico19" / "all.en-zh.tmx"])
    assert len(corpus.pairs) == 3071
    first = corpus.pairs[0]
    assert first.id == "CMU_1:1"
    assert first.source == "这些症状已持续多长时间？"
    assert first.target == "about how long have these symptoms been going on?"
    assert first.notes == ("http://www.speech.cs.cmu.edu/haitian/text/1600_medical_domain_sentences.en",)
    assert len({pair.id for pair in corpus.pairs}) == 3071
    assert any("srclang is en" in note for note in corpus.notes)


def test_tmx_without_ids_gets_running_numbers_and_skips_one_sided_units(tmp_path: Path):
    path = tmp_path / "tm.tmx"
    path.write_text("""<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="zh-CN"><seg>共建<bpt i="1">&lt;b&gt;</bpt>一带一路<ept i="1">&lt;/b&gt;</ept></seg></tuv>
<tuv xml:lang="en-US"><seg>jointly build the One Belt One Road</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>bonjour</seg></tuv><tuv xml:lang="en"><seg>hello</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    corpus = load_input([path])
    assert [(p.id, p.source, p.target) for p in corpus.pairs] == [("1", "共建一带一路", "jointly build the One Belt One Road")]
    assert any("1 translation unit(s)" in note for note in corpus.notes)
    assert [f.check for f in run_checks(corpus.pairs, context=SHIPPED, select=["term-forbidden"])] == ["term-forbidden"]


@pytest.mark.parametrize("encoding, codec", [("GB2312", "gb2312"), ("GBK", "gbk"), ("gb18030", "gb18030")])
def test_a_tmx_in_a_legacy_chinese_encoding_is_read(tmp_path: Path, encoding: str, codec: str):
    path = tmp_path / "memory.tmx"
    path.write_bytes(TMX_TEMPLATE.format(encoding=encoding, source=LEGACY_SOURCE, target=LEGACY_TARGET).encode(codec))
    assert [f["check"] for f in checked_findings(path)] == ["term-forbidden"]


# --- TMX ------------------------------------------------------------------------------------------


def _whole_tree_tmx(path: Path) -> tuple[list[Pair], list[str]]:
    """The TMX reader before streaming: the whole tree parsed, then its units (kept here as the reference)."""
    from dataclasses import replace

    import defusedxml.ElementTree as SafeElementTree

    from mtreview.formats._xml import local
    from mtreview.formats.tmx import _unit_pair

    root = SafeElementTree.parse(str(path)).getroot()
    header = next((child for child in root if local(child.tag) == "header"), None)
    srclang = (header.get("srclang", "") if header is not None else "").lower()
    body = next(child for child in root if local(child.tag) == "body")
    pairs, seen, skipped = [], set(), 0
    # The streamed reader's own reading of one unit; what is compared is streaming and the renaming
    # of repeated ids.
    for number, unit in enumerate((child for child in body if local(child.tag) == "tu"), 1):
        pair = _unit_pair(unit, number)
        if pair is None:
            skipped += 1
            continue
        pair_id = base = pair.id
        k = 1
        while pair_id in seen:
            k += 1
            pair_id = f"{base}#{k}"
        seen.add(pair_id)
        pairs.append(replace(pair, id=pair_id))
    return pairs, [srclang, skipped]


def test_tico19_tmx_streams_the_same_pairs_as_the_whole_tree(shared_data: Path, monkeypatch):
    monkeypatch.setattr(mtreview.spill, "BLOCK_SIZE", 500)
    path = shared_data / "glossaries" / "tico19" / "all.en-zh.tmx"
    corpus = load_input([path])
    assert isinstance(corpus.pairs, SpillList) and corpus.pairs.spilled
    assert len(corpus.pairs) == 3071 and len({pair.id for pair in corpus.pairs}) == 3071
    assert corpus.pairs[0].id == "CMU_1:1"
    expected, (srclang, skipped) = _whole_tree_tmx(path)
    assert list(corpus.pairs) == expected
    assert srclang == "en" and any("srclang is en" in note for note in corpus.notes)
    assert any(f"{skipped} translation unit(s)" in note for note in corpus.notes) == bool(skipped)


def _tmx(units: list[tuple[str | None, str, str]]) -> str:
    body = "".join(f'<tu{"" if tuid is None else f" tuid={json.dumps(tuid)}"}><note>n</note>'
                   f'<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n'
                   for tuid, zh, en in units)
    return f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>\n{body}</body></tmx>\n'


def test_repeated_tmx_ids_are_renamed_as_before(tmp_path: Path, small_blocks, monkeypatch):
    random.seed(77)
    atoms = ["a", "b", "a#2", "a#3", "a#2#2", "b#2", "1", "2", "1#2", "a#x", "#2", "a#", None, None]
    path = tmp_path / "tm.tmx"
    for trial in range(60):
        if trial == 30:  # and with every id colliding in the hash, still exact
            monkeypatch.setattr(IdLedger, "hash_of", staticmethod(lambda pair_id: 0))
        units = [(random.choice(atoms), "合作", "cooperation") for _ in range(random.randint(1, 30))]
        path.write_text(_tmx(units), encoding="utf-8")
        assert list(load_input([path]).pairs) == _whole_tree_tmx(path)[0], units


def test_tmx_memory_stays_flat_as_the_file_grows(tmp_path: Path, small_blocks):
    def peak(units: int) -> int:
        path = tmp_path / f"tm{units}.tmx"
        path.write_text(_tmx([(f"u{i}", "中方愿同白方一道加大相互政治支持。" * 3, "China will work with Belarus. " * 3)
                              for i in range(units)]), encoding="utf-8")
        tracemalloc.start()
        try:
            corpus = load_input([path])
            result = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert len(corpus.pairs) == units
        return result

    small, large = peak(2_000), peak(20_000)
    assert large < 1.5 * small + 500_000, (small, large)  # ten times the units; the whole tree grew tenfold
