"""An optional embedding backend: a sentence encoder's cosine as one more feature of the bead cost.

`align --embeddings PATH` (and `review --embeddings PATH`) takes any sentence-transformers or Hugging
Face encoder from a local folder, or a model name found in the local Hugging Face cache. Nothing is
ever downloaded (HF_HUB_OFFLINE, local_files_only). torch and transformers (the `embeddings` extra) are
imported here only, and only when a model is loaded. A sentence-transformers model folder runs through
that library (part of the extra), which alone runs its modules as published (LaBSE's Dense layer after
the CLS token); any other encoder through transformers' AutoModel with mean pooling (or the CLS token
where the model's pooling config asks for it), and so does a sentence-transformers folder where that
library is missing.

How the cosine enters the cost (EmbeddingSimilarity):
- A bead's embedding is the sum (so the direction of the mean) of its sentences' unit vectors, not the
  embedding of the concatenated text as Bertalign does: each sentence is encoded once, not once per
  bead kind it could be part of (4 more passes per sentence for beads of up to 4 sentences), and a
  bead's dot products and norms are sums of the sentences', which the banded search already computes
  in bulk for the lexical vectors, coarse levels included.
- Each side's vectors are first centred on the document's mean (shrunk for short documents) and
  normalised again: encoders put every sentence of a language in one cone (cosines of unrelated
  sentences of 0.2 for LaBSE, 0.7 for e5), and without centring a sum of unrelated sentences grows
  more similar to anything, which would pay big beads for their size.
- The cosine is turned into nats as the log-likelihood ratio of two normal distributions fitted on
  the document itself, after a first pass without the embeddings: translations (the median cosine of
  that pass's 1-1 beads) and unrelated pairs (median and spread of the pairs no bead of it holds).
  So the weight is not a constant tuned for one model: a model whose translations stand far out of
  the noise weighs more than one that barely separates them, and any encoder's cosine scale works.
  EMBEDDING_WEIGHT scales that ratio; 1.0 (the plain likelihood ratio) is the default because no
  real multilingual encoder was available to calibrate on (benchmarks/align_gold.py --embeddings
  measures one).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

# The helpers that sum pairwise dots into bead norms are the lexical cosine's (dots.py).
from mtreview.align.dots import bead_norms, cosines, pair_dots
from mtreview.errors import AlignmentError, ModelNotFoundError
from mtreview.huggingface import cached_snapshot, hub_cache_dir, hub_offline, looks_like_hub_id
from mtreview.torch_device import resolve_torch_device

INSTALL_HINT = "pip install torch==2.13.0 'mtreview[embeddings]'"
# Scales the per-document log-likelihood ratio (see the module docstring).
EMBEDDING_WEIGHT = 1.0
# A side's mean is subtracted shrunk by n / (n + CENTRE_PSEUDO): two sentences' mean is mostly their content.
CENTRE_PSEUDO = 8
# Priors of the per-document fit, each counted as this many observations: what a document too short to
# measure falls back on. Centred unit vectors of unrelated sentences are near orthogonal; translations
# are assumed no closer until the document shows it, so a model earns its weight on each document (a
# prior that assumed a useful model made a useless one cost 0.07 strict F1 on news without the lexicon).
PRIOR_WEIGHT = 4
PRIOR_UNRELATED_MEAN, PRIOR_UNRELATED_SPREAD, PRIOR_TRANSLATION_MEAN = 0.0, 0.2, 0.0
# The spread is never taken below this: a handful of pairs can look deceptively alike.
MIN_SPREAD = 0.05
# The most sentences sampled per side for the unrelated pairs' statistics (a sample x sample product).
SAMPLE = 2000
# Sentences a forward pass: a GPU needs larger batches to be busy; on a CPU they gain nothing.
BATCH_SIZE = {"cpu": 32, "cuda": 128}
Step = tuple[int, int, int, int]  # a bead: (source start, source count, target start, target count)
MAX_TOKENS = 256


class SentenceEncoder(Protocol):
    """Anything that turns sentences into vectors, one row per sentence."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


# --- finding a model on this machine ---------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedEncoder:
    name: str
    folder: Path


def resolve_encoder(spec: str, hf_cache: Path | None = None) -> ResolvedEncoder:
    """A model folder (config.json, or a sentence-transformers modules.json) or a hub name in the local
    cache; ModelNotFoundError naming where it looked and how to bring the model here otherwise."""
    cache = hub_cache_dir(hf_cache)
    path = Path(spec).expanduser()
    if path.is_dir():
        folder, name = path, str(path.resolve())
    elif not looks_like_hub_id(spec):
        raise ModelNotFoundError(
            f"embedding model folder {path.resolve()} does not exist. Give a folder holding a Hugging Face or "
            f"sentence-transformers encoder (config.json), or a model name such as sentence-transformers/LaBSE "
            f"from the Hugging Face cache {cache}.")
    else:
        snapshot = cached_snapshot(spec, cache)
        if snapshot is None:
            raise ModelNotFoundError(
                f"embedding model {spec!r} not found: there is no folder {path.resolve()}, and {spec} is not in "
                f"the Hugging Face cache {cache}. Pass a local model folder, or on a machine with network run "
                f"`huggingface-cli download {spec}` and copy the cache here (HF_HUB_CACHE).")
        folder, name = snapshot, spec
    if not (folder / "config.json").is_file() and not (folder / "modules.json").is_file():
        raise ModelNotFoundError(f"{folder} is not an encoder folder: expected {folder / 'config.json'} "
                                 f"(a Hugging Face model) or {folder / 'modules.json'} (sentence-transformers)")
    return ResolvedEncoder(name, folder)


# --- encoding ---------------------------------------------------------------------------------------------


def _pooling(folder: Path) -> str:
    """'cls' or 'mean': a sentence-transformers folder's pooling config says which; mean otherwise."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        for module in modules:
            if module.get("type", "").endswith("Pooling"):
                config = json.loads((folder / module["path"] / "config.json").read_text(encoding="utf-8"))
                # LaBSE's folder says pooling_mode_cls_token; sentence-transformers 5 writes pooling_mode.
                cls = config.get("pooling_mode_cls_token") or config.get("pooling_mode") == "cls"
                return "cls" if cls else "mean"
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return "mean"


class TransformersEncoder:
    """A Hugging Face encoder (AutoModel), mean-pooled over the tokens (or its CLS token), L2-normalised,
    on `device` ('cpu' or 'cuda', as resolve_torch_device settles it)."""

    def __init__(self, resolved: ResolvedEncoder, device: str = "cpu") -> None:
        hub_offline()
        import torch
        from transformers import AutoModel, AutoTokenizer

        self._torch = torch
        self.device = device
        from transformers.utils import logging as transformers_logging

        verbosity = transformers_logging.get_verbosity()
        # "Some weights ... newly initialized: pooler": a sentence encoder saved without the pooler we never use.
        transformers_logging.set_verbosity_error()
        try:
            self.tokenizer: Any = AutoTokenizer.from_pretrained(str(resolved.folder), local_files_only=True)
            self.model: Any = AutoModel.from_pretrained(str(resolved.folder), local_files_only=True)
        except Exception as error:
            raise AlignmentError(f"cannot load the embedding model {resolved.name} from {resolved.folder}: "
                                 f"{type(error).__name__}: {error}") from error
        finally:
            transformers_logging.set_verbosity(verbosity)
        self.model.to(device).eval()
        self.pooling = _pooling(resolved.folder)
        # Longer sentences are cut: at MAX_TOKENS, or where the model's positions or tokenizer end first.
        self.max_tokens = min(MAX_TOKENS, int(getattr(self.tokenizer, "model_max_length", MAX_TOKENS)),
                              int(getattr(self.model.config, "max_position_embeddings", MAX_TOKENS)))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))  # similar lengths share a batch: less padding
        rows: list[np.ndarray] = []
        with torch.inference_mode():
            size = BATCH_SIZE[self.device]
            for start in range(0, len(order), size):
                batch = [texts[k] for k in order[start : start + size]]
                tokens = self.tokenizer(batch, padding=True, truncation=True, max_length=self.max_tokens,
                                        return_tensors="pt").to(self.device)
                hidden = self.model(**tokens).last_hidden_state
                if self.pooling == "cls":
                    pooled = hidden[:, 0]
                else:
                    mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
                rows.append(torch.nn.functional.normalize(pooled.float(), dim=-1).cpu().numpy())
        vectors = np.concatenate(rows) if rows else np.zeros((0, 1), dtype=np.float32)
        result = np.empty_like(vectors)
        result[order] = vectors
        return result


class SentenceTransformersEncoder:
    """A sentence-transformers model folder, through that library (its own pooling and dense layers), on
    `device`."""

    def __init__(self, resolved: ResolvedEncoder, device: str = "cpu") -> None:
        hub_offline()
        from sentence_transformers import SentenceTransformer

        self.device = device
        try:
            self.model = SentenceTransformer(str(resolved.folder), device=device, local_files_only=True)
        except Exception as error:
            raise AlignmentError(f"cannot load the embedding model {resolved.name} from {resolved.folder}: "
                                 f"{type(error).__name__}: {error}") from error

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.encode(list(texts), batch_size=BATCH_SIZE[self.device], normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False), dtype=np.float32)


def load_encoder(spec: str, hf_cache: Path | None = None, device: str = "auto") -> SentenceEncoder:
    """The encoder named by `spec` (a folder or a cached hub name), loaded offline, on `device`: auto
    is a CUDA GPU when torch sees one (a LaBSE-sized encoder takes some 120 sentences a second on two
    CPU cores: benchmarks/align_embeddings_speed.py), cpu, or cuda (refused before the model loads when
    there is no GPU)."""
    resolved = resolve_encoder(spec, hf_cache)
    try:
        import torch  # noqa: F401  # the extra, checked before the device is asked of torch
        import transformers  # noqa: F401
    except ImportError as error:
        raise AlignmentError(f"--embeddings needs the embeddings extra, which is not installed ({error.name}): "
                             f"{INSTALL_HINT}") from None
    placed = resolve_torch_device(device, model="embedding model", option="--embeddings-device",
                                  error=AlignmentError)
    if (resolved.folder / "modules.json").is_file() and importlib.util.find_spec("sentence_transformers"):
        return SentenceTransformersEncoder(resolved, placed)
    return TransformersEncoder(resolved, placed)


# --- the feature ------------------------------------------------------------------------------------------


def _centred(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float64)
    if not len(vectors):
        return vectors.astype(np.float32)
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    vectors = vectors - vectors.mean(axis=0) * (len(vectors) / (len(vectors) + CENTRE_PSEUDO))
    return (vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _fit(source: np.ndarray, target: np.ndarray, path: Sequence[Step]) -> tuple[float, float]:
    """(weight, expected) of the log-likelihood ratio cost weight * (expected - cosine), fitted on the
    document: N(unrelated mean, spread^2) against N(translation mean, spread^2). Translations are the
    1-1 beads of a first pass made without the embeddings (so their choice owes nothing to the cosines:
    the best match of each sentence would be biased upwards, by chance alone, for a weak model), and the
    unrelated pairs are all the pairs no bead of that pass holds; medians, since the pass errs at times."""
    n, m = len(source), len(target)
    source_bead, target_bead = -1 - np.arange(n), -(n + 1) - np.arange(m)  # unpaired: a bead of their own
    matched_rows, matched_columns = [], []
    for number, (i, di, j, dj) in enumerate(path):
        source_bead[i : i + di], target_bead[j : j + dj] = number, number
        if di == dj == 1:
            matched_rows.append(i)
            matched_columns.append(j)
    matched = np.einsum("ij,ij->i", source[matched_rows], target[matched_columns])
    pick_source = np.unique(np.linspace(0, n - 1, min(n, SAMPLE)).astype(np.int64))
    pick_target = np.unique(np.linspace(0, m - 1, min(m, SAMPLE)).astype(np.int64))
    cosines = source[pick_source] @ target[pick_target].T
    unrelated_cosines = cosines[source_bead[pick_source, None] != target_bead[None, pick_target]]
    count = len(unrelated_cosines)
    median = float(np.median(unrelated_cosines)) if count else PRIOR_UNRELATED_MEAN
    spread = 1.4826 * float(np.median(np.abs(unrelated_cosines - median))) if count else PRIOR_UNRELATED_SPREAD
    unrelated = (PRIOR_WEIGHT * PRIOR_UNRELATED_MEAN + count * median) / (PRIOR_WEIGHT + count)
    spread = max(MIN_SPREAD, (PRIOR_WEIGHT * PRIOR_UNRELATED_SPREAD + count * spread) / (PRIOR_WEIGHT + count))
    translation = ((PRIOR_WEIGHT * PRIOR_TRANSLATION_MEAN + len(matched) * float(np.median(matched)))
                   / (PRIOR_WEIGHT + len(matched))) if len(matched) else PRIOR_TRANSLATION_MEAN
    gap = max(0.0, translation - unrelated)  # a model whose translations are no closer than chance weighs nothing
    return EMBEDDING_WEIGHT * gap / spread**2, (translation + unrelated) / 2


@dataclass(frozen=True)
class DocumentEmbeddings:
    """A document's sentence vectors (centred unit vectors, row k = sentence k) and the cost's
    weight and expected cosine fitted on it."""

    source: np.ndarray
    target: np.ndarray
    weight: float
    expected: float

    @classmethod
    def fit(cls, source: np.ndarray, target: np.ndarray, path: Sequence[Step]) -> DocumentEmbeddings:
        """From the sentences' vectors and the beads (i, di, j, dj) of a pass without the embeddings."""
        source, target = _centred(source), _centred(target)
        weight, expected = _fit(source, target, path) if len(source) and len(target) else (0.0, 0.0)
        return cls(source, target, weight, expected)

    def similarity(self, source: Sequence[int] | None = None, target: Sequence[int] | None = None, *,
                   longest: tuple[int, int] = (4, 4)) -> EmbeddingSimilarity:
        """The feature over some of the document's sentences (all by default), in that order: what
        the sentences of one paragraph bead are aligned with."""
        return EmbeddingSimilarity(self.source if source is None else self.source[list(source)],
                                   self.target if target is None else self.target[list(target)],
                                   self.weight, self.expected, longest=longest)


def encode_sides(encoder: SentenceEncoder, source: Sequence[str],
                 target: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    vectors = encoder.encode(list(source) + list(target))
    return vectors[: len(source)], vectors[len(source) :]


class EmbeddingSimilarity:
    """The bead cost of the embeddings (costs.BeadSimilarity): weight * (expected - cosine of the beads'
    summed vectors), in nats; see the module docstring."""

    def __init__(self, source: np.ndarray, target: np.ndarray, weight: float, expected: float, *,
                 longest: tuple[int, int] = (4, 4)) -> None:
        """`source`, `target`: centred unit vectors (DocumentEmbeddings); `longest`: the most sentences
        a bead has on each side."""
        self.source, self.target = source, target
        self.n, self.m = len(source), len(target)
        self.weight, self.expected = weight, expected
        self._source_dots = pair_dots(self.source, np.zeros(self.n), longest[0])
        self._target_dots = pair_dots(self.target, np.zeros(self.m), longest[1])

    def band(self, lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For the cells of a band (each row's first and last target position): per source sentence r,
        running sums of its dots with the target sentences of the window its beads can meet, laid end to
        end (as costs.BeadCosts._row_products lays the lexical ones)."""
        n, m = self.n, self.m
        longest_source, longest_target = len(self._source_dots), len(self._target_dots)
        starts = np.maximum(lows[np.minimum(np.arange(n) + 1, n)] - longest_target, 0)
        lengths = np.maximum(np.minimum(highs[np.minimum(np.arange(n) + longest_source, n)], m) - starts, 0)
        offsets = np.concatenate([[0], np.cumsum(lengths + 1)])
        sums = np.zeros(int(offsets[-1]))
        for r in range(n):
            start, length = int(starts[r]), int(lengths[r])
            window = self.target[start : start + length] @ self.source[r]
            sums[offsets[r] + 1 : offsets[r] + length + 1] = np.cumsum(window, dtype=np.float64)
        return starts, lengths, offsets[:-1], sums

    def cosines(self, i: np.ndarray, di: int, j: np.ndarray, dj: int,
                band: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Cosines of the beads source [i-di, i) and target [j-dj, j), for index arrays i and j; from the
        band's running sums when given, else directly (a few beads)."""
        if band is None:
            dots = np.array([float(self.source[a - di : a].sum(axis=0, dtype=np.float64)
                                   @ self.target[b - dj : b].sum(axis=0, dtype=np.float64))
                             for a, b in zip(np.atleast_1d(i), np.atleast_1d(j))])
        else:
            starts, lengths, offsets, sums = band
            dots = np.zeros(np.shape(i))
            for r_offset in range(di):
                r = i - di + r_offset
                start, last, offset = starts[r], lengths[r], offsets[r]
                dots += sums[offset + np.clip(j - start, 0, last)] - sums[offset + np.clip(j - dj - start, 0, last)]
        norms = bead_norms(self._source_dots, np.atleast_1d(i), di) * bead_norms(self._target_dots, np.atleast_1d(j), dj)
        return np.asarray(cosines(dots, norms))

    def costs(self, i: np.ndarray, di: int, j: np.ndarray, dj: int,
              band: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        return self.weight * (self.expected - self.cosines(i, di, j, dj, band))
