"""Fit the bead-score calibration (mtreview/align/calibration.py) on the development data.

    .venv/bin/python benchmarks/align_calibrate.py     # prints the weights to paste, and reliability

Development data only: MAC-Dev chapters 001-003, the development half of the generated WMT23 news
documents, some of those paired with another article's English (every bead wrong), single sentence pairs
(translations and unrelated sentences), and dev articles with a line in six replaced by another article's
(tests/support/news_documents.substituted_sets). Each paired bead the aligner emits is an example,
labelled right when the gold has exactly that bead. A logistic regression (IRLS, a little L2) is fitted
with and without the lexical evidence.
Reliability on the held-out data is in benchmarks/align_gold.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from align_gold import SCORE_BANDS, mac  # noqa: E402  # the report these weights are judged by

from mtreview.align import calibration, scores  # noqa: E402
from mtreview.align import sentences as aligner  # noqa: E402
from tests.support.news_documents import news_sets, substituted_sets  # noqa: E402

DATA = REPO.parent / "shared" / "data"


def dev_documents(data: Path) -> list[tuple[list[str], list[str], list]]:
    # MAC-Dev's calibration chapters (align_gold.CALIBRATION_CHAPTERS): the report counts the rest as held out.
    documents = [(document.source, document.target, document.gold) for document in mac(data)[0].documents
                 if not document.scores_held_out]
    news = news_sets(data)["dev"]
    documents += [(doc.source, doc.target, doc.gold) for doc in news]
    # Mismatched documents (one article's Chinese with another's English), where every bead is wrong:
    # otherwise the fit never sees an unrelated pairing and trusts any 1-1 bead of fitting length.
    originals = [doc for doc in news if doc.name.endswith("#0")]
    for number, doc in enumerate(originals[::2]):
        other = originals[(2 * number + 1) % len(originals)]
        documents.append((doc.source, other.target, []))
    # Single sentence pairs, half translations and half another article's sentence of any length: what
    # a reviewer aligning one pair meets, where lengths alone always fit.
    for number, doc in enumerate(originals):
        other = originals[(number + 1) % len(originals)]
        for source, target in [bead for bead in doc.gold if len(bead[0]) == len(bead[1]) == 1][:6]:
            documents.append(([doc.source[source[0]]], [doc.target[target[0]]], [((0,), (0,))]))
            documents.append(([doc.source[source[0]]], [other.target[target[0] % len(other.target)]], []))
    # Articles with a line in six translating another article's instead: a wrong pair can sit in a
    # well-translated document, and without these the fit took a good document's weak beads as right.
    documents += [(doc.source, doc.target, doc.gold) for doc in substituted_sets(data)["dev"]]
    return documents


def examples(documents, *, lexical: bool) -> tuple[np.ndarray, np.ndarray]:
    """Evidence rows and right/wrong labels of every paired bead the aligner emits."""
    rows, labels = [], []
    captured: list[np.ndarray] = []
    original = scores.path_evidence

    def recording(costs, path):
        evidence = original(costs, path)
        captured.append(evidence)
        return evidence

    scores.path_evidence = recording  # path_scores looks it up in its module at each call
    try:
        for source, target, gold in documents:
            captured.clear()
            beads = aligner.align_sentences(source, target, lexical=lexical)
            paired = [bead for bead in beads if bead.source and bead.target]
            gold_set = set(gold)
            rows += captured[-1].tolist()
            labels += [float((bead.source, bead.target) in gold_set) for bead in paired]
    finally:
        scores.path_evidence = original
    return np.array(rows), np.array(labels)


def fit(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0) -> np.ndarray:
    x = np.hstack([np.ones((len(rows), 1)), rows])
    weights = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ weights, -30, 30)))
        gradient = x.T @ (p - labels) + l2 * np.r_[0, weights[1:]]
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.diag(np.r_[0, np.ones(len(weights) - 1)])
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"data not found: {DATA}")
    documents = dev_documents(DATA)
    for lexical, name in ((True, "LEXICAL_WEIGHTS"), (False, "LENGTH_ONLY_WEIGHTS")):
        rows, labels = examples(documents, lexical=lexical)
        if not lexical:
            rows[:, [1, 2, 6, 7, 8]] = 0.0  # no cosines without the lexicon
        weights = fit(rows, labels)
        print(f"{name} = ({', '.join(f'{w:.3f}' for w in weights)})  # {len(labels)} beads, "
              f"{labels.mean():.3f} right")
        predicted = 1 / (1 + np.exp(-(weights[0] + rows @ weights[1:])))
        for low, high in SCORE_BANDS:
            band = (predicted >= low) & (predicted < high)
            if band.any():
                print(f"  {low:.1f}-{min(high, 1):.1f}: {band.sum():5d} beads, mean score {predicted[band].mean():.3f}, "
                      f"right {labels[band].mean():.3f}")
    print("evidence:", ", ".join(calibration.EVIDENCE))


if __name__ == "__main__":
    main()
