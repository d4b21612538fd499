"""What the --embeddings feature does with encoders of known quality, where no real model is at hand.

    .venv/bin/python benchmarks/align_embeddings_sim.py              # news dev and held-out, all noise levels
    .venv/bin/python benchmarks/align_embeddings_sim.py --no-lexical

A simulated encoder gives the sentences of one gold bead a shared random direction plus noise of the
given size (in a 64-dimensional space; the cosine of a translated pair is about 1 / (1 + noise^2)): noise
10 is a model that knows nothing (cosine 0.01), 0.3 one better than LaBSE. It shows how the weight fitted
per document (mtreview.align.embeddings) behaves from a useless model to a very good one: a useless one
should cost nothing, a good one should gain. It measures the feature's use, not any real model:
benchmarks/align_gold.py --embeddings MODEL does that.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mtreview.align import align_presplit  # noqa: E402
from tests.support.align_evaluation import score_alignments  # noqa: E402
from tests.support.news_documents import NewsDocument, news_sets  # noqa: E402

DATA = REPO.parent / "shared" / "data"
NOISE = (10.0, 3.0, 1.5, 0.7, 0.3)
DIMENSIONS = 64


class SimulatedEncoder:
    """Sentences of one gold bead share a random direction; each adds its own noise."""

    def __init__(self, document: NewsDocument, noise: float, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.vectors: dict[tuple[str, str], np.ndarray] = {}
        for source, target in document.gold:
            meaning = rng.normal(size=DIMENSIONS)
            for k in source:
                self.vectors["zh", document.source[k]] = meaning + noise * rng.normal(size=DIMENSIONS)
            for k in target:
                self.vectors["en", document.target[k]] = meaning + noise * rng.normal(size=DIMENSIONS)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [self.vectors.get(("zh", text), self.vectors.get(("en", text))) for text in texts]
        return np.array([row / np.linalg.norm(row) for row in rows if row is not None], dtype=np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-lexical", action="store_true", help="lengths and anchors only, plus the embeddings")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"data not found: {args.data}")
    lexical = not args.no_lexical
    print(f"| {'set':<14} | {'encoder':<22} | {'strict F1':>9} | {'lax F1':>6} | {'CPU s':>6} |")
    print(f"|{'-' * 16}|{'-' * 24}|{'-' * 11}|{'-' * 8}|{'-' * 8}|")
    for name, documents in news_sets(args.data).items():
        for noise in (None, *NOISE):
            started = time.process_time()
            tests = []
            for document in documents:
                encoder = SimulatedEncoder(document, noise) if noise is not None else None
                beads = align_presplit(document.source, document.target, lexical=lexical, embeddings=encoder)
                tests.append([(bead.source, bead.target) for bead in beads])
            quality = score_alignments([document.gold for document in documents], tests)
            label = "none" if noise is None else f"noise {noise:g} (cos ~{1 / (1 + noise**2):.2f})"
            print(f"| {name:<14} | {label:<22} | {quality.f1_strict:>9.3f} | {quality.f1_lax:>6.3f} "
                  f"| {time.process_time() - started:>6.2f} |", flush=True)


if __name__ == "__main__":
    main()
