"""The second pass's learned word translations (learned.py), the bead scores computed for a whole
path at once (scores.py), repricing costs on shared arrays, and the 2-2 prior."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mtreview.align import align_presplit
from mtreview.align.costs import BeadCosts, DocumentModel, length_delta
from mtreview.align.features import measure
from mtreview.align.learned import chinese_units, english_units, learn_links, with_links
from mtreview.align.passes import count_priors
from mtreview.align.scores import path_evidence, path_scores
from mtreview.align.search import best_path
from mtreview.align.sentences import BEAD_PRIORS
from mtreview.inputs.lines import read_presplit
from mtreview.lexicon import load_lexicon
from mtreview.segment import segment_document

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "corpora" / "xinhua-belarus"
BIBLE = REPO.parent / "shared" / "data" / "align-gold" / "bible"


def _sentences(name: str, lang: str) -> list[str]:
    text = (CASE / name).read_text(encoding="utf-8")
    return [sentence.text for paragraph in segment_document(text, lang) for sentence in paragraph]


@pytest.fixture(scope="module")
def genesis() -> tuple[list[str], list[str]]:
    if not BIBLE.is_dir():
        pytest.skip(f"real data not available: {BIBLE} is absent")
    # The start of Genesis: 600 Chinese sentences and the English verses up to the same place.
    chinese = read_presplit(BIBLE / "zh" / "001")[:600]
    english = read_presplit(BIBLE / "en" / "001")[:455]
    return chinese, english


def test_chinese_units_are_characters_and_adjacent_pairs_within_han_runs():
    assert chinese_units("方舟，OK挪亚") == {"方", "舟", "方舟", "挪", "亚", "挪亚"}


def test_links_learned_from_genesis_are_its_translations(genesis):
    chinese, english = genesis
    features = measure(chinese, english)
    path = best_path(BeadCosts(features, BEAD_PRIORS), len(chinese), len(english), list(BEAD_PRIORS))
    links = learn_links(chinese, english, path, load_lexicon().glosses)
    learned = {unit: stem for unit, stem, _ in links}
    # A name the dictionary lacks and words its glosses render otherwise (后裔 "descendants").
    assert learned.get("夏甲") == "hagar"
    assert learned.get("后裔") == "seed"
    assert learned.get("割礼") == "circumcis"
    # Nothing the dictionary already gives: 挪亚 is glossed "Noah", 方舟 "ark".
    assert not {("挪亚", "noah"), ("方舟", "ark")} & {(unit, stem) for unit, stem, _ in links}
    # Competitive linking: each unit and each stem at most once.
    assert len({unit for unit, _, _ in links}) == len(links) == len({stem for _, stem, _ in links})


def test_links_do_not_depend_on_the_hash_seed(genesis):
    # Units were numbered in set order, so ties in the competitive linking went one way or the
    # other with the interpreter's hash seed, and the Bible aligned differently from run to run.
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from mtreview.align.costs import BeadCosts\n"
        "from mtreview.align.features import measure\n"
        "from mtreview.align.learned import learn_links\n"
        "from mtreview.align.search import best_path\n"
        "from mtreview.align.sentences import BEAD_PRIORS\n"
        "from mtreview.inputs.lines import read_presplit\n"
        "from mtreview.lexicon import load_lexicon\n"
        "zh, en = read_presplit(sys.argv[1])[:600], read_presplit(sys.argv[2])[:455]\n"
        "path = best_path(BeadCosts(measure(zh, en), BEAD_PRIORS), len(zh), len(en), list(BEAD_PRIORS))\n"
        "print(learn_links(zh, en, path, load_lexicon().glosses))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-c", script, str(BIBLE / "zh" / "001"), str(BIBLE / "en" / "001")],
                             capture_output=True, text=True, cwd=REPO, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)})
        outputs.add(run.stdout)
    assert len(outputs) == 1 and "hagar" in outputs.pop()


def test_a_short_document_learns_nothing_by_chance():
    # Twenty beads: two meetings of two units are what chance gives among thousands of possible pairs.
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    path = [(k, 1, k, 1) for k in range(len(chinese))]
    assert learn_links(chinese, english, path, load_lexicon().glosses) == []


def test_links_are_added_in_place_in_the_spare_columns(genesis):
    chinese, english = genesis
    features = measure(chinese, english)
    used = features.dictionary_columns
    assert features.source.vectors.shape[1] > used  # measure leaves room for them
    before = features.source.vectors[:, :used].copy(), features.target.vectors[:, :used].copy()
    with_links(features, chinese, english, [("夏甲", "hagar", 1.0)], used)
    assert np.array_equal(features.source.vectors[:, :used], before[0])
    assert np.array_equal(features.target.vectors[:, :used], before[1])
    hagar_zh = [k for k, text in enumerate(chinese) if "夏甲" in text]
    hagar_en = [k for k, text in enumerate(english) if "hagar" in english_units(text)]
    assert hagar_zh and hagar_en
    assert np.flatnonzero(features.source.vectors[:, used]).tolist() == hagar_zh
    assert np.flatnonzero(features.target.vectors[:, used]).tolist() == hagar_en


def _evidence_one_bead(costs: BeadCosts, i: int, di: int, j: int, dj: int, document_cosine: float) -> list[float]:
    """The evidence of one bead, from the costs' own one-bead methods (as it was computed before), in
    a document of `document_cosine`."""
    unpaired = costs.bead(i, di, j, 0) + costs.bead(i, 0, j, dj)
    margin = unpaired - costs.bead(i, di, j, dj, lexical=False)
    cosine, weakest_source, weakest_target = costs.similarity(i, di, j, dj)
    source_length = costs.source_lengths[i + di] - costs.source_lengths[i]
    target_length = costs.target_lengths[j + dj] - costs.target_lengths[j]
    delta = abs(float(length_delta(source_length, target_length, costs.document.ratio, costs.document.variance)))
    disjoint = float(cosine == 0.0 and bool(costs.source_norms[i : i + di].any())
                     and bool(costs.target_norms[j : j + dj].any()))
    no_word = (float(costs._no_word_shared_cost(np.array([i + di]), di, np.array([j + dj]), dj, np.array([cosine]))[0])
               if costs.no_word_weight else 0.0)
    return [margin, cosine, min(weakest_source, weakest_target), delta, float(di == dj == 1), float(di + dj >= 4),
            disjoint, document_cosine, no_word]


def test_path_evidence_is_each_beads_evidence(genesis):
    chinese, english = genesis[0][:250], genesis[1][:190]
    costs = BeadCosts(measure(chinese, english), BEAD_PRIORS)
    # A path of every kind, in turn (right or wrong does not matter here), the rest left unpaired.
    path, i, j = [], 0, 0
    kinds = [(1, 1), (2, 1), (1, 2), (2, 2), (1, 0), (0, 1), (3, 1), (1, 3), (4, 1), (2, 3)]
    while i + 4 < len(chinese) and j + 4 < len(english):
        di, dj = kinds[len(path) % len(kinds)]
        path.append((i, di, j, dj))
        i, j = i + di, j + dj
    path += [(k, 1, j, 0) for k in range(i, len(chinese))] + [(len(chinese), 0, k, 1) for k in range(j, len(english))]
    paired = [step for step in path if step[1] and step[3]]
    # No typical cosine measured: the document's cosine is the median of its paired beads'.
    assert costs.document.typical_cosine is None
    median = float(np.median([costs.similarity(*step)[0] for step in paired]))
    expected = [_evidence_one_bead(costs, *step, document_cosine=median) for step in paired]
    assert path_evidence(costs, path) == pytest.approx(np.array(expected), abs=1e-9)
    # A typical cosine measured: it is the document's cosine, and sharing no word has its cost.
    measured = BeadCosts(costs.features, BEAD_PRIORS, document=replace(costs.document, typical_cosine=0.42))
    assert measured.no_word_weight > 0
    expected = [_evidence_one_bead(measured, *step, document_cosine=0.42)[-2:] for step in paired]
    assert path_evidence(measured, path)[:, -2:] == pytest.approx(np.array(expected), abs=1e-9)
    assert any(no_word > 0 for _, no_word in expected)
    scores = path_scores(costs, path)
    assert len(scores) == len(path)
    assert all(score == 0.0 for score, (_, di, _, dj) in zip(scores, path) if not (di and dj))
    assert all(0 < score < 1 for score, (_, di, _, dj) in zip(scores, path) if di and dj)


def test_repriced_costs_share_the_features_arrays_and_price_the_new_model():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    costs = BeadCosts(measure(chinese, english), BEAD_PRIORS)
    unpaired = np.arange(len(english), dtype=np.float64)
    other = costs.repriced(count_priors(BEAD_PRIORS, 100, 150), DocumentModel(target_unpaired=unpaired))
    assert other.source_vectors is costs.source_vectors and other._source_dots is costs._source_dots
    assert other.target_unpaired == pytest.approx(costs.target_unpaired + unpaired)
    assert other.priors[(1, 2)] < costs.priors[(1, 2)]  # more English sentences: splits are likelier
    assert costs.target_unpaired[0] == other.target_unpaired[0]  # the original is left as it was
    fresh = BeadCosts(measure(chinese, english), count_priors(BEAD_PRIORS, 100, 150),
                      document=DocumentModel(target_unpaired=unpaired))
    assert other.bead(0, 1, 0, 2) == pytest.approx(fresh.bead(0, 1, 0, 2))


def test_two_two_beads_are_as_rare_as_the_documents_joins_and_splits():
    one_to_one = count_priors(BEAD_PRIORS, 200, 200)
    splitting = count_priors(BEAD_PRIORS, 200, 270)
    assert one_to_one[(2, 2)] < BEAD_PRIORS[(2, 2)] / 3
    assert splitting[(2, 2)] > 3 * one_to_one[(2, 2)]
    assert sum(one_to_one.values()) == pytest.approx(1.0)


def test_the_bundled_case_still_aligns_one_to_one():
    chinese, english = _sentences("source.zh.txt", "zh"), _sentences("target.en.txt", "en")
    beads = align_presplit(chinese, english)
    assert [(bead.source, bead.target) for bead in beads] == [((k,), (k,)) for k in range(len(chinese))]
