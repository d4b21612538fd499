"""The banded search (mtreview.align.search): long inputs past the full search still align exactly."""

from __future__ import annotations

from mtreview.align import align_sentences
from tests.support.xinhua import EN, ZH, one_to_one, shared_file

# --- scale ------------------------------------------------------------------------------------


def test_wmt_lines_align_with_their_references():
    source = shared_file("data/wmt23-zh-en/sources/zh-en.txt").split("\n")[:700]
    reference = shared_file("data/wmt23-zh-en/references/zh-en.refA.txt").split("\n")[:700]
    result = align_sentences(source, reference)  # 700 x 700 is past the full search: banded
    assert [k for bead in result for k in bead.source] == list(range(700))
    assert [k for bead in result for k in bead.target] == list(range(700))
    identical = sum(1 for bead in result if bead.source == bead.target and len(bead.source) == 1)
    assert identical >= 0.95 * 700  # 673 at the time of writing: the manuals have broken lines


def test_two_thousand_sentences_each_side_in_a_band():
    source = [s for paragraph in ZH for s in paragraph] * 100
    target = [s for paragraph in EN for s in paragraph] * 100
    # Speed is measured in benchmarks/align_gold.py (--scale); here only that a banded search is right.
    result = align_sentences(source, target)
    assert [(bead.source, bead.target) for bead in result] == one_to_one(2000)


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
