"""The check engine: the chunked, multi-process pass gives exactly the single-process findings in order,
corpus checks see blocks of a spilled corpus, and real and hostile text keeps spans inside the text."""

from __future__ import annotations

import json
import random
import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtreview.checks as checks
import mtreview.checks.engine as engine
import mtreview.spill as spill
from mtreview.checks import (
    CheckContext,
    CheckOptions,
    UseTable,
    check_chunk,
    check_corpus,
    run_checks,
)
from mtreview.inputs import load_corpus_dir
from mtreview.records import Pair
from mtreview.spill import SpillList
from mtreview.terms import load_terms
from tests.support.checkspec import NEW_CHECKS, SHIPPED
from tests.support.paths import XINHUA

CONTEXT = CheckContext(terms=tuple(load_terms()))


def _xinhua_many() -> list[Pair]:
    base = load_corpus_dir(XINHUA).pairs
    pairs = []
    for copy in range(4):
        for pair in base:
            target = pair.target
            if copy == 1:  # inconsistent renderings of the same source across copies
                target = target.replace("Belarus", "Byelorussia")
            pairs.append(replace(pair, id=f"{copy}:{pair.id}", target=target))
    # gated pairs (empty, untranslated) and a duplicated id, between the others
    pairs.insert(5, Pair("empty", "中方对此高度评价。", "  "))
    pairs.insert(30, Pair("same", "中方对此高度评价。", "中方对此高度评价。"))
    pairs.insert(50, pairs[10])
    return pairs


def test_two_workers_give_the_same_findings_in_the_same_order(monkeypatch):
    pairs = _xinhua_many()
    single = run_checks(pairs, context=CONTEXT, workers=1)
    monkeypatch.setattr(engine, "CHUNK_SIZE", 7)  # many chunks, ending anywhere
    pooled = []
    real = engine._parallel_check_pairs
    monkeypatch.setattr(engine, "_parallel_check_pairs",
                        lambda *args: pooled.append(real(*args)) or pooled[-1])
    parallel = run_checks(pairs, context=CONTEXT, workers=2)
    assert pooled and pooled[0] is not None  # the pool ran, no in-process fallback
    assert parallel == single
    assert {"inconsistent-translation", "empty-target", "identical-to-source"} <= {f.check for f in single}


def test_selection_is_honoured_by_the_workers(monkeypatch):
    pairs = _xinhua_many()
    monkeypatch.setattr(engine, "CHUNK_SIZE", 11)
    for kwargs in ({"select": ["apostrophe", "inconsistent-translation"]}, {"profile": "typography"},
                   {"exclude": ["apostrophe"]}):
        assert run_checks(pairs, context=CONTEXT, workers=2, **kwargs) == \
            run_checks(pairs, context=CONTEXT, workers=1, **kwargs)


def test_check_chunk_is_the_pass_without_corpus_checks():
    pairs = _xinhua_many()
    per_pair_ids = [check_id for check_id, info in checks.available_checks().items() if not info.corpus]
    options = CheckOptions(context=CONTEXT)
    # chunks checked separately and concatenated: what a Dask bag or Spark map_partitions returns
    chunked = [finding for start in range(0, len(pairs), 9)
               for finding in check_chunk(pairs[start:start + 9], options)]
    assert chunked == run_checks(pairs, context=CONTEXT, select=per_pair_ids, workers=1)


def test_large_inputs_use_the_pool_by_default(monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 10)
    assert engine.default_workers(9) == 1
    assert engine.default_workers(10) == min(2, __import__("os").cpu_count() or 1)


def test_wmt23_three_systems_same_findings_on_two_cores(shared_data: Path, monkeypatch):
    wmt = shared_data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")[:1976]
    pairs = []
    for system in ("GPT4-5shot", "NLLB_Greedy", "ONLINE-M"):
        targets = (wmt / "system-outputs" / f"{system}.txt").read_text(encoding="utf-8").split("\n")[:1976]
        pairs += [Pair(f"{system}:{i}", s, t) for i, (s, t) in enumerate(zip(sources, targets))]
    monkeypatch.setattr(engine, "CHUNK_SIZE", 500)
    assert run_checks(pairs, context=CONTEXT, workers=2) == run_checks(pairs, context=CONTEXT, workers=1)


def _wmt_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:1976]


def test_wmt23_error_free_reference_segments_raise_nothing_new(shared_data: Path):
    """refA's segments every MQM rater passed as error-free: the new checks find nothing in them."""
    wmt = shared_data / "wmt23-zh-en"
    clean: dict[int, bool] = {}
    for path in sorted((wmt / "human-scores").glob("zh-en.mqm.rater*.seg.rating")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            system, _, rating = line.partition("\t")
            if system == "refA" and rating != "None":
                errors = [e for e in json.loads(rating)["errors"] if not e.get("is_source_error")]
                clean[number % 1976] = clean.get(number % 1976, True) and not errors
    sources, targets = _wmt_lines(wmt / "sources" / "zh-en.txt"), _wmt_lines(wmt / "references" / "zh-en.refA.txt")
    pairs = [Pair(f"refA:{i}", sources[i], targets[i]) for i, ok in sorted(clean.items()) if ok]
    assert len(pairs) > 150
    assert run_checks(pairs, context=SHIPPED, select=sorted(NEW_CHECKS)) == []


def test_wmt23_real_errors_are_found(shared_data: Path):
    wmt = shared_data / "wmt23-zh-en"
    sources = _wmt_lines(wmt / "sources" / "zh-en.txt")
    found = {}
    for system in ("ONLINE-G", "ANVITA", "refA"):
        targets = _wmt_lines(wmt / "system-outputs" / f"{system}.txt")
        pairs = [Pair(f"{system}:{i}", s, t) for i, (s, t) in enumerate(zip(sources, targets))]
        for finding in run_checks(pairs, context=SHIPPED, select=sorted(NEW_CHECKS)):
            found.setdefault((finding.check, finding.pair_id.split(":")[0]), []).append(finding)
    # ONLINE-G writes "<url>" for the name of the news site 22 times; ANVITA leaves "& apos;" entities
    assert len(found[("markup-mismatch", "ONLINE-G")]) == 22
    assert len(found[("markup-mismatch", "ANVITA")]) >= 40
    assert "refA:598" in {f.pair_id for f in found[("article-agreement", "refA")]}


# --- a long line and random Unicode through segmentation, alignment and checks -------------------

_WORDS = "China and Belarus are good friends, "


def test_a_long_line_is_aligned_and_checked_in_linear_time_and_memory():
    """A text whose paragraph is one enormous line: segmentation, alignment and checks grow with the
    length (a per-word prefix scan made a 10 MB line take minutes), and memory stays proportional."""
    from mtreview.align import align_texts
    from mtreview.checks import CheckContext, run_checks
    from mtreview.terms import load_term_lists

    terms = tuple(load_term_lists([]))

    def work(size: int) -> float:
        line = _WORDS * (size // len(_WORDS))
        started = time.perf_counter()
        pairs = align_texts("中国和白俄罗斯是好朋友。\n", line + "\n")
        run_checks(pairs, context=CheckContext(terms=terms))
        return time.perf_counter() - started

    work(10_000)  # warm: the lexicon loads once
    small, large = work(125_000), work(1_000_000)
    assert large < 12 * small + 1, (small, large)  # linear: 8x; quadratic would be 64x
    tracemalloc.start()
    try:
        work(250_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 250 * 250_000, peak  # bytes per character of input


_ANY = st.characters(blacklist_categories=())  # every category: Mn, So (emoji), RTL letters, Cs (surrogates)
_SPICE = st.sampled_from(list("。！？!?.…“”‘’\"'()（）《》\n\n \u3000\u200f\u202e\u0301\u0644\u05d0🇨🇳👍🏽\ud800\udfff")
                         + ["Mr.", "U.S.", "1.5亿", "新冠肺炎", "new crown pneumonia", "China‘s", "翟健岚",
                            "Zhai Jianlan", "3.5", "9月15日", "——", "--", "......"])
_TEXT = st.lists(st.one_of(st.text(_ANY, max_size=8), _SPICE), max_size=30).map("".join)


@pytest.fixture(scope="module")
def shipped_terms():
    from mtreview.terms import load_term_lists

    return tuple(load_term_lists([]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(zh=_TEXT, en=_TEXT)
def test_random_unicode_never_crashes_and_spans_stay_inside(zh: str, en: str, shipped_terms):
    from mtreview.align import align_texts
    from mtreview.checks import CheckContext, run_checks
    from mtreview.segment import segment_document, split_en, split_paragraphs, split_zh

    for split, text in ((split_zh, zh), (split_en, en), (split_zh, en), (split_en, zh)):
        previous = 0
        for start, end in split(text):
            assert previous <= start < end <= len(text)
            previous = end
    for text, lang in ((zh, "zh"), (en, "en")):
        paragraphs = split_paragraphs(text, lang)
        for number, sentences in enumerate(segment_document(text, lang)):
            previous = 0
            for sentence in sentences:
                assert sentence.paragraph == number
                assert previous <= sentence.start < sentence.end <= len(paragraphs[number])
                assert paragraphs[number][sentence.start:sentence.end] == sentence.text
                previous = sentence.end
    pairs = align_texts(zh, en)
    findings = run_checks(pairs, context=CheckContext(terms=shipped_terms))
    by_id = {pair.id: pair for pair in pairs}
    for finding in findings:
        pair = by_id[finding.pair_id]
        for span, text in ((finding.target_span, pair.target), (finding.source_span, pair.source)):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text), (finding, text)


def _naive_judge(uses: list[tuple[int, int, int, int, int]]) -> list[tuple[int, int, int, int, int]]:
    """What the consistency checks did before uses were hashed: Counter per group, first usual use."""
    groups: dict[tuple[int, int], list] = {}
    for use in uses:
        groups.setdefault((use[0], use[1]), []).append(use)
    flagged = []
    for members in groups.values():
        usual = Counter(form for _, _, form, _, _ in members).most_common(1)[0][0]
        first = next(use for use in members if use[2] == usual)
        flagged += [(position, number, ordinal, first[3], first[4])
                    for number, _, form, position, ordinal in members if form != usual]
    return sorted(flagged)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(-3, 3), st.integers(-2, 2), st.integers(0, 2)),
                max_size=60))
def test_hashed_uses_are_judged_as_counting_them_would(raw):
    # (check number, group, form, ordinal) per use, positions in corpus order
    uses = [(number, group, form, position, ordinal) for position, (number, group, form, ordinal) in enumerate(raw)]
    table = UseTable()
    for number, group, form, position, ordinal in uses:
        table.add(position, [(number, group * 10 + number, form, ordinal)])
    expected = _naive_judge([(n, g * 10 + n, f, p, o) for n, g, f, p, o in uses])
    assert table.judge().tolist() == [list(row) for row in expected]


def _xinhua_copies(copies: int = 5) -> list[Pair]:
    base = load_corpus_dir(XINHUA).pairs
    pairs = []
    for copy in range(copies):
        for pair in base:
            target = pair.target.replace("Belarus", "Byelorussia") if copy == 3 else pair.target
            pairs.append(replace(pair, id=f"{copy}:{pair.id}", target=target))
    pairs.insert(17, Pair("empty", "中方对此高度评价。", " "))
    return pairs


def test_findings_are_the_same_when_the_corpus_is_read_in_blocks(monkeypatch):
    pairs = _xinhua_copies()
    whole = run_checks(pairs, context=CONTEXT, workers=1)
    monkeypatch.setattr(spill, "BLOCK_SIZE", 7)  # blocks end anywhere; copies fall in different blocks
    stored = SpillList(pairs)
    assert stored.spilled
    blocked = check_corpus(stored, CheckOptions(context=CONTEXT), workers=1)
    assert blocked.spilled  # findings go to disk as they come
    assert list(blocked) == whole
    # the consistency findings compare copies that were never in memory together
    inconsistent = [f for f in whole if f.check == "inconsistent-translation"]
    assert {f.pair_id.split(":")[0] for f in inconsistent} == {"3"}
    assert all("in 0:" in f.message for f in inconsistent)


def test_blocks_see_each_pair_once_in_order(monkeypatch):
    monkeypatch.setattr(spill, "BLOCK_SIZE", 9)
    pairs = _xinhua_copies(2)
    seen = []
    check_corpus(pairs, CheckOptions(context=CONTEXT, select=("apostrophe",)), workers=1, on_block=seen.append)
    assert [len(block) for block in seen] == [9, 9, 9, 9, 5]
    assert [pair.id for block in seen for pair in block] == [pair.id for pair in pairs]


def test_shuffled_uses_keep_the_first_seen_form_on_a_tie():
    # two forms, used twice each: the one seen first is the usual one, wherever the uses fall
    rng = random.Random(7)
    for _ in range(20):
        forms = [1, 2, 1, 2]
        rng.shuffle(forms)
        table = UseTable()
        for position, form in enumerate(forms):
            table.add(position, [(0, 99, form, 0)])
        first = forms[0]
        assert {row[0] for row in table.judge().tolist()} == \
            {position for position, form in enumerate(forms) if form != first}
