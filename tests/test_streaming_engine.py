"""Block-by-block processing (mtreview.spill): the same findings and scores as one pass over a list."""

from __future__ import annotations

import pickle
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mtreview.spill as spill
from mtreview.checks import CheckContext, CheckOptions, UseTable, check_corpus, run_checks
from mtreview.inputs import load_corpus_dir
from mtreview.metrics import score_pairs
from mtreview.records import Pair
from mtreview.review import review_corpus
from mtreview.spill import SpillList
from mtreview.terms import load_terms
from tests.support.paths import XINHUA

CONTEXT = CheckContext(terms=tuple(load_terms()))


def test_spill_list_keeps_one_block_in_memory_and_reads_back_in_order():
    items = SpillList(block_size=3)
    items.extend(f"pair {n}" for n in range(10))
    assert items.spilled and len(items) == 10 and len(items._buffer) == 1
    assert list(items) == [f"pair {n}" for n in range(10)]
    assert [len(block) for block in items.blocks()] == [3, 3, 3, 1]
    assert items[4] == "pair 4" and items[-1] == "pair 9" and items[:2] == ["pair 0", "pair 1"]
    assert items.take([8, 1, 8]) == {1: "pair 1", 8: "pair 8"}
    assert items == [f"pair {n}" for n in range(10)]
    with pytest.raises(IndexError):
        items[10]
    # sent to a worker process as its items
    assert list(pickle.loads(pickle.dumps(items))) == list(items)
    small = SpillList(["a", "b"], block_size=3)
    assert not small.spilled and small == ["a", "b"]


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


def _wmt_pairs(shared_data: Path, count: int) -> list[Pair]:
    wmt = shared_data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")[:count]
    targets = (wmt / "system-outputs" / "ONLINE-B.txt").read_text(encoding="utf-8").split("\n")[:count]
    references = (wmt / "references" / "zh-en.refA.txt").read_text(encoding="utf-8").split("\n")[:count]
    return [Pair(str(i), s, t, references=(r,) if i % 5 else ()) for i, (s, t, r)
            in enumerate(zip(sources, targets, references))]


def test_scores_are_exact_when_summed_over_blocks(shared_data: Path, monkeypatch):
    pairs = _wmt_pairs(shared_data, 300)
    whole, notes = score_pairs(pairs, "bleu,chrf,ter")
    monkeypatch.setattr(spill, "BLOCK_SIZE", 37)
    blocked, blocked_notes = score_pairs(SpillList(pairs), "bleu,chrf,ter")
    assert notes == blocked_notes == ["metrics computed on the 240 of 300 pairs that have a reference"]
    for one, other in zip(whole, blocked):
        assert one.metric == other.metric and one.signature == other.signature
        assert one.corpus == pytest.approx(other.corpus, abs=1e-9)
        assert list(one.segments) == pytest.approx(list(other.segments), abs=1e-9)
        assert list(one.pair_ids) == list(other.pair_ids)
    assert isinstance(blocked[0].pair_ids, SpillList) and len(blocked[0].segments) == 240


def test_review_in_blocks_equals_review_in_one(monkeypatch):
    corpus = load_corpus_dir(XINHUA)
    whole = review_corpus(corpus)
    monkeypatch.setattr(spill, "BLOCK_SIZE", 4)
    corpus.pairs = SpillList(corpus.pairs)
    blocked = review_corpus(corpus)
    assert blocked.findings.spilled
    assert list(blocked.findings) == list(whole.findings)
    assert [(s.metric, round(s.corpus, 9)) for s in blocked.scores] == \
        [(s.metric, round(s.corpus, 9)) for s in whole.scores]
    assert blocked.notes == whole.notes


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
