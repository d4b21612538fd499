"""The chunked, multi-process check pass gives exactly the single-process findings, in order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import mtreview.checks as checks
import mtreview.checks.engine as engine
from mtreview.checks import CheckContext, CheckOptions, check_chunk, run_checks
from mtreview.inputs import load_corpus_dir
from mtreview.records import Pair
from mtreview.terms import load_terms
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
