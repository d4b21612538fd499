"""SpillList (mtreview.spill): one block in memory, read back in order."""

from __future__ import annotations

import pickle

import pytest

from mtreview.spill import SpillList


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
