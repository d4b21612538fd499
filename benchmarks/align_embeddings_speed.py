"""How long `--embeddings` takes to encode a document, by device: sentences per second of the encoder
(mtreview.align.embeddings.load_encoder, tokenising included), and what that means for the Bible.

Run by hand (needs the embeddings extra), from the repository root; the same command runs on a GPU machine:
    .venv/bin/python benchmarks/align_embeddings_speed.py                    # every device torch sees
    .venv/bin/python benchmarks/align_embeddings_speed.py --device cpu --sentences 500
    .venv/bin/python benchmarks/align_embeddings_speed.py --model ~/models/LaBSE   # a real encoder

With no --model it builds an encoder offline in a temporary folder (or --models-dir, to reuse it): a BERT
with random weights shaped like LaBSE's encoder (12 layers, hidden 768, 12 heads; LaBSE's 501,153-piece
vocabulary is left out, since a lookup table costs no time), with a WordPiece tokenizer trained on WMT23
zh-en text. BERT splits Chinese one character a token, as LaBSE's tokenizer mostly does; English may
split into somewhat more pieces than with LaBSE's far larger vocabulary. Its vectors mean nothing; its
speed should be close to a LaBSE's (--model times the real one).

Sentences: the Bible's Chinese and English verses (../shared/data/align-gold/bible), every k-th for a spread
of lengths; the model is loaded beforehand and warmed up on one batch. The Bible row extrapolates to all
of its verses, both sides, which is what `align --embeddings` encodes for it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mtreview.errors import MtreviewError  # noqa: E402

DATA = REPO.parent / "shared" / "data"
BIBLE = DATA / "align-gold" / "bible"
WMT = DATA / "wmt23-zh-en"
VOCABULARY = 16_000


def build_labse_shaped_encoder(folder: Path) -> Path:
    """A random BERT-base (LaBSE's encoder shape) and a WordPiece tokenizer trained on WMT23 zh-en."""
    from tests.support.tiny_encoder import build_random_encoder

    if (folder / "config.json").is_file():
        return folder
    text = [line for name in ("sources/zh-en.txt", "references/zh-en.refA.txt")
            for line in (WMT / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return build_random_encoder(folder, texts=text, vocabulary=VOCABULARY, layers=12, hidden=768, heads=12,
                                intermediate=3072, max_tokens=512)


def bible_verses() -> list[str]:
    sides = [[line.strip() for line in (BIBLE / name).read_text(encoding="utf-8").splitlines() if line.strip()]
             for name in ("zh.verse", "en.verse")]
    return sides[0] + sides[1]


def devices(asked: str) -> list[str]:
    if asked != "all":
        return [asked]
    import torch

    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="a real encoder folder or cached name (default: a LaBSE-shaped random one)")
    parser.add_argument("--models-dir", type=Path, help="where to build (and find again) the LaBSE-shaped encoder")
    parser.add_argument("--device", choices=("all", "cpu", "cuda", "auto"), default="all")
    parser.add_argument("--sentences", type=int, default=2000, help="verses timed (both sides together)")
    args = parser.parse_args()
    if not BIBLE.is_dir():
        print(f"align_embeddings_speed: {BIBLE} is not there (../shared/data)", file=sys.stderr)
        return 2
    from mtreview.align.embeddings import load_encoder

    verses = bible_verses()
    step = max(1, len(verses) // args.sentences)
    sample = verses[::step][: args.sentences]
    with tempfile.TemporaryDirectory() as scratch:
        model = args.model or str(build_labse_shaped_encoder((args.models_dir or Path(scratch)) / "labse-shaped"))
        print(f"model: {args.model or 'LaBSE-shaped random BERT (12 layers, hidden 768)'}; "
              f"{len(sample)} of the Bible's {len(verses):,} verses (both sides)")
        print(f"{'device':8s} {'load s':>7s} {'encode s':>9s} {'sent/s':>8s} {'Bible, all verses':>18s}")
        for device in devices(args.device):
            try:
                started = time.perf_counter()
                encoder = load_encoder(model, device=device)
                loaded = time.perf_counter() - started
            except MtreviewError as error:
                print(f"{device:8s} {error}")
                continue
            encoder.encode(sample[:32])  # warm-up: first-call allocations and kernels
            started = time.perf_counter()
            encoder.encode(sample)
            seconds = time.perf_counter() - started
            rate = len(sample) / seconds
            print(f"{device:8s} {loaded:7.1f} {seconds:9.1f} {rate:8.1f} {len(verses) / rate / 60:14.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
