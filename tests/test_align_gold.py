"""One MAC-Dev chapter against its manual gold alignment (the full benchmark: benchmarks/align_gold.py)."""

from __future__ import annotations

from mtreview.align import align_presplit
from mtreview.inputs.lines import read_presplit
from tests.support.align_evaluation import read_gold, score_alignments


def test_mac_dev_chapter_against_gold(shared_data):
    mac = shared_data / "align-gold" / "mac_dev"
    zh, en = read_presplit(mac / "zh" / "004"), read_presplit(mac / "en" / "004")
    gold = [read_gold(mac / "gold" / "004.align")]

    beads = align_presplit(zh, en)
    with_lexicon = score_alignments(gold, [[(bead.source, bead.target) for bead in beads]])
    lengths_only = score_alignments(gold, [[(b.source, b.target) for b in align_presplit(zh, en, lexical=False)]])
    # Red Sorghum, chapter 5 (232 x 245 sentences): 0.84 strict F1 at the time of writing against
    # 0.72 on lengths and anchors alone; Bertalign reports 0.91 and Hunalign 0.61 on all of MAC-Dev.
    assert with_lexicon.f1_strict >= 0.80
    assert with_lexicon.f1_lax >= 0.95
    assert with_lexicon.f1_strict > lengths_only.f1_strict + 0.05

    # The scores mean something: wrong beads score lower than right ones.
    right = [bead.score for bead in beads if bead.source and bead.target and (bead.source, bead.target) in gold[0]]
    wrong = [bead.score for bead in beads if bead.source and bead.target and (bead.source, bead.target) not in gold[0]]
    assert sum(wrong) / len(wrong) < sum(right) / len(right) - 0.05  # 0.75 against 0.83
