"""Reviews held as a large run holds them (SpillLists on disk, segment scores in arrays), and the
reviews the streaming tests compare: the Xinhua case, 240 WMT23 pairs, and one built by hand."""

from __future__ import annotations

from array import array
from dataclasses import replace
from pathlib import Path

import pytest

from mtreview.inputs import Corpus, load_corpus_dir
from mtreview.records import Finding, Pair, Review, Score, Severity
from mtreview.review import review_corpus
from mtreview.spill import SpillList
from tests.support.paths import SHARED, XINHUA


def in_pair_order(review: Review) -> Review:
    """The review with its findings in the order review_corpus guarantees: all findings of a pair
    together, pairs in review order (XCOMET's spans, appended at the end today, moved to their pair)."""
    position = {pair.id: index for index, pair in enumerate(review.pairs)}
    findings = sorted(review.findings, key=lambda finding: position.get(finding.pair_id, len(position)))
    return replace(review, findings=findings)


def spilled(review: Review, block_size: int = 3) -> Review:
    """The same review as a large run holds it: SpillLists of `block_size`, segment scores an array."""
    scores = []
    for score in review.scores:
        assert None not in score.segments  # array('d') has no None
        scores.append(replace(score, segments=array("d", score.segments),
                              pair_ids=SpillList(score.pair_ids, block_size=block_size)))
    copy = replace(review, pairs=SpillList(review.pairs, block_size=block_size),
                   findings=SpillList(review.findings, block_size=block_size), scores=scores)
    assert copy.pairs.spilled or len(review.pairs) < block_size
    return copy


def wmt23_review() -> Review:
    wmt = SHARED / "data" / "wmt23-zh-en"
    if not wmt.is_dir():
        pytest.skip(f"real data not available: {wmt} is absent")

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").split("\n")[:240]

    sources = lines(wmt / "sources" / "zh-en.txt")
    targets = lines(wmt / "system-outputs" / "NLLB_Greedy.txt")
    references = lines(wmt / "references" / "zh-en.refA.txt")
    # Every fifth pair without its reference: the scores then cover a subsequence of the pairs.
    pairs = [Pair(f"wmt23:{i}", source, target, references=(reference,) if i % 5 else ())
             for i, (source, target, reference) in enumerate(zip(sources, targets, references))]
    corpus = Corpus(name="wmt23-nllb", pairs=pairs, origin=wmt / "system-outputs" / "NLLB_Greedy.txt",
                    system="NLLB_Greedy")
    return in_pair_order(review_corpus(corpus))


def xinhua_review() -> Review:
    return in_pair_order(review_corpus(load_corpus_dir(XINHUA)))


def hand_built() -> Review:
    pairs = [Pair("a", "甲。", "Alpha beta."), Pair("b", "乙。", "Gamma delta."), Pair("c", "丙。", "Epsilon.")]

    def finding(pair_id: str, check: str, span: tuple[int, int] | None = None) -> Finding:
        return Finding(pair_id, check, "Fluency/Spelling", Severity.MINOR, f"{check} on {pair_id}",
                       target_span=span, fingerprint=f"{pair_id}-{check}")

    # in pair order, spans unsorted within a pair; one finding names a pair the review lacks (last)
    findings = [finding("a", "x", (6, 10)), finding("a", "y"), finding("a", "z", (0, 5)),
                finding("c", "x", (0, 7)), finding("gone", "x", (3, 4)), finding("gone", "y")]
    scores = [Score("chrf", 50.0, (40.0, 60.0), "sig", pair_ids=("a", "c"))]
    return Review("hand", pairs, findings, scores, "run-1", "2024-09-15T10:00:00Z", "0.1.0")
