"""COMET through unbabel-comet (the optional `comet` extra), offline, with a score cache.

Nothing here imports torch or comet at module level: the registry imports this module only when
COMET is asked for, and even then the model is loaded only if some segment is not in the cache, and
only once per CometScorer (CometMetric keeps one for every block and every system it scores).
Where and how the model runs (CPU or GPU, fp32 or bf16, batches by length) is comet_runtime's.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, cast

from mtreview.errors import MetricError, ModelNotFoundError
from mtreview.huggingface import cached_snapshot, hub_cache_dir, hub_offline, looks_like_hub_id
from mtreview.metrics.comet_runtime import (
    PRECISIONS,
    predict,
    resolve_batch_size,
    resolve_device,
    resolve_precision,
)
from mtreview.records import Finding, Pair, Score, Severity, fingerprint
from mtreview.torch_device import DEVICES

if TYPE_CHECKING:  # untyped (no stubs): Any to mypy, named for the reader
    from comet.models.base import CometModel

DEFAULT_MODEL = "Unbabel/wmt22-comet-da"
# bf16 against fp32: the largest per-segment difference accepted (tests/metrics/test_comet.py checks it). Measured:
# 0.0017 on the tiny test model, 0.0012 on a wmt22-comet-da-shaped one, at half the time.
BF16_TOLERANCE = 0.005
# XCOMET predicts a span and a severity, not an MQM category.
XCOMET_CHECK = "xcomet"
XCOMET_CATEGORY = "Other"
INSTALL_HINT = "pip install torch==2.13.0 'mtreview[comet]'"
# Segments per predict call: about a quarter of an hour of wmt22-comet-da on a CPU.
CACHE_CHUNK = 1000


@dataclass(frozen=True)
class CometOptions:
    model: str = DEFAULT_MODEL
    batch_size: int | None = None  # None: 16 on a CPU, 64 on a GPU (comet_runtime.DEFAULT_BATCH_SIZE)
    threads: int | None = None  # torch threads while predicting; None leaves torch's default
    precision: str = "auto"  # bf16 where the CPU or GPU does bf16 natively, else fp32
    device: str = "auto"  # cuda when torch sees a GPU, else cpu; cuda without one is refused
    cache: Path | None = None  # SQLite score cache; None scores everything afresh
    progress: bool = False  # report a "COMET" progress stage (the CLI turns it on; it draws on a terminal only)
    hf_cache: Path | None = None  # Hugging Face hub cache; default from HF_HUB_CACHE / HF_HOME


@dataclass(frozen=True)
class ResolvedModel:
    """A COMET model found on disk, before anything heavy is loaded."""

    name: str
    folder: Path
    checkpoint: Path
    hparams: dict[str, object]  # the model's hparams.yaml
    encoder: Path  # local folder with the encoder's config and tokenizer

    @property
    def kind(self) -> str:
        return str(self.hparams.get("class_identifier", ""))

    @property
    def reference(self) -> str:
        """'required', 'optional' (XCOMET falls back to QE) or 'unused'."""
        if self.kind == "xcomet_metric":
            return "optional"
        if self.kind == "referenceless_regression_metric":
            return "unused"
        if self.kind == "unified_metric":
            segments = self.hparams.get("input_segments", ["mt", "src", "ref"])
            return "required" if isinstance(segments, Container) and "ref" in segments else "unused"
        return "required"

    def model_id(self, precision: str, device: str = "cpu") -> str:
        # Path, size and mtime identify the checkpoint without hashing gigabytes; precision changes scores,
        # and so does a GPU's arithmetic (the CPU's ids stay as they were, so its cached scores stay valid).
        stat = self.checkpoint.stat()
        on = "" if device == "cpu" else f"|{device}"
        return f"{self.name}|{self.checkpoint.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{precision}{on}"


def _require_comet() -> None:
    if importlib.util.find_spec("comet") is None:
        raise MetricError(f"COMET needs the comet extra, which is not installed: {INSTALL_HINT}")


def resolve_model(spec: str, hf_cache: Path | None = None) -> ResolvedModel:
    """Find a COMET model: a checkpoint folder (or its model.ckpt) or a hub name in the local cache."""
    _require_comet()
    import yaml

    cache = hub_cache_dir(hf_cache)
    path = Path(spec).expanduser()
    if path.exists():
        folder = path.parents[1] if path.is_file() else path
        checkpoint = path if path.is_file() else folder / "checkpoints" / "model.ckpt"
        name = str(folder.resolve())
    elif not looks_like_hub_id(spec):
        raise ModelNotFoundError(
            f"COMET model folder {path.resolve()} does not exist. Give a folder holding checkpoints/model.ckpt "
            f"and hparams.yaml, or a model name such as Unbabel/wmt22-comet-da from the Hugging Face cache {cache}.")
    else:
        repo_id = spec if "/" in spec else f"Unbabel/{spec}"
        snapshot = cached_snapshot(repo_id, cache)
        if snapshot is None:
            raise ModelNotFoundError(
                f"COMET model {spec!r} not found: there is no folder {path.resolve()}, and {repo_id} is not in "
                f"the Hugging Face cache {cache}. Pass a local checkpoint folder (checkpoints/model.ckpt and "
                f"hparams.yaml), or on a machine with network run `huggingface-cli download {repo_id}` "
                f"(and its encoder, e.g. xlm-roberta-large) and copy the cache here (HF_HUB_CACHE).")
        folder, checkpoint, name = snapshot, snapshot / "checkpoints" / "model.ckpt", repo_id
    hparams_file = folder / "hparams.yaml"
    if not checkpoint.is_file() or not hparams_file.is_file():
        raise ModelNotFoundError(
            f"{folder} is not a COMET model folder: expected {folder / 'checkpoints' / 'model.ckpt'} "
            f"and {hparams_file}")
    hparams = yaml.safe_load(hparams_file.read_text(encoding="utf-8")) or {}
    return ResolvedModel(name=name, folder=folder, checkpoint=checkpoint, hparams=hparams,
                         encoder=_resolve_encoder(str(hparams.get("pretrained_model", "")), cache, name))


def _resolve_encoder(pretrained: str, cache: Path, model_name: str) -> Path:
    """The encoder's config and tokenizer: COMET's checkpoint holds its weights, not these files."""
    local = Path(pretrained).expanduser()
    folder = local if local.is_dir() else cached_snapshot(pretrained, cache) if pretrained else None
    if folder is None or not (folder / "config.json").is_file():
        raise ModelNotFoundError(
            f"the encoder {pretrained!r} of COMET model {model_name} is not on this machine: not a folder, "
            f"and not in the Hugging Face cache {cache}. On a machine with network run "
            f"`huggingface-cli download {pretrained} config.json tokenizer.json tokenizer_config.json "
            f"sentencepiece.bpe.model special_tokens_map.json` and copy the cache here (HF_HUB_CACHE); "
            f"the weights are not needed.")
    return folder


def comet_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unbabel-comet")
    except PackageNotFoundError:
        return "unknown"


@contextmanager
def _quiet() -> Iterator[None]:
    """Lightning announces every Trainer ("GPU available: False ...") and warns about dataloader
    workers; none of it is news to a reviewer."""
    import logging
    import warnings

    names = ("pytorch_lightning", "lightning", "lightning.pytorch", "lightning_fabric", "comet")
    levels = {name: logging.getLogger(name).level for name in names}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pytorch_lightning  # noqa: F401  (it sets its own logger level on import)

        for name in names:
            logging.getLogger(name).setLevel(logging.ERROR)
        try:
            yield
        finally:
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)


def load_model(resolved: ResolvedModel) -> CometModel:
    """Load with comet's own loader; the encoder comes from a local folder, never from the network."""
    hub_offline()
    with _quiet():
        from comet import load_from_checkpoint
        from comet.models import str2model

        try:
            if Path(str(resolved.hparams.get("pretrained_model", ""))) == resolved.encoder:
                return load_from_checkpoint(str(resolved.checkpoint), local_files_only=True)
            # A hub name in hparams: point the encoder at the cached snapshot instead. This is what
            # comet's loader does, plus the override it has no parameter for.
            if resolved.kind not in str2model:
                raise MetricError(f"{resolved.folder}: unknown COMET model class {resolved.kind!r}")
            overrides = {"pretrained_model": str(resolved.encoder)}
            if resolved.hparams.get("layer_transformation") == "sparsemax_patch":
                overrides["layer_transformation"] = "softmax"  # as comet.load_from_checkpoint does
            return str2model[resolved.kind].load_from_checkpoint(
                str(resolved.checkpoint), load_pretrained_weights=False, map_location="cpu", strict=False,
                local_files_only=True, **overrides)
        except MetricError:
            raise
        except Exception as error:
            raise MetricError(f"cannot load the COMET model {resolved.name} from {resolved.checkpoint}: "
                              f"{type(error).__name__}: {error}") from error


class ErrorSpan(TypedDict):
    """One of XCOMET's error spans, as the cache keeps it."""

    start: int
    end: int
    severity: str
    confidence: float
    text: str


@dataclass
class CometResult:
    scores: list[float]
    spans: list[list[ErrorSpan]] | None  # XCOMET's error spans per segment
    cached: int = 0
    computed: int = 0


class CometScorer:
    """Scores (source, translation, reference) triples, from the cache where it can."""

    def __init__(self, options: CometOptions | None = None, model: CometModel | None = None) -> None:
        """`model`: an already loaded COMET model of options.model (to compare settings on one load)."""
        self.options = options or CometOptions()
        if self.options.precision not in PRECISIONS:
            raise MetricError(f"unknown precision {self.options.precision!r}; choose from {', '.join(PRECISIONS)}")
        if self.options.device not in DEVICES:
            raise MetricError(f"unknown COMET device {self.options.device!r}; choose from {', '.join(DEVICES)}")
        if self.options.batch_size is not None and self.options.batch_size < 1:
            raise MetricError("the COMET batch size must be at least 1")
        self.resolved = resolve_model(self.options.model, self.options.hf_cache)
        # What runs, settled before anything is loaded: a refused device costs no model load.
        self.device = resolve_device(self.options.device)
        self.precision = resolve_precision(self.options.precision, self.device)
        self.batch_size = resolve_batch_size(self.options.batch_size, self.device)
        self._model = model

    @property
    def model(self) -> CometModel:
        if self._model is None:
            self._model = load_model(self.resolved)
        return self._model

    @property
    def signature(self) -> str:
        # A GPU run says so; a CPU run's signature is as it always was, so the history's earlier CPU
        # runs stay comparable with new ones.
        on = "" if self.device == "cpu" else f"|device:{self.device}"
        return (f"model:{self.resolved.name}|comet:{comet_version()}{on}|precision:{self.precision}"
                f"|batch:{self.batch_size}")

    def score(self, sources: Sequence[str], translations: Sequence[str],
              references: Sequence[str] | None = None) -> CometResult:
        if len(sources) != len(translations) or (references is not None and len(references) != len(translations)):
            raise MetricError(f"{len(sources)} sources, {len(translations)} translations and "
                              f"{'no' if references is None else len(references)} references: counts must match")
        if references is None and self.resolved.reference == "required":
            raise MetricError(f"the COMET model {self.resolved.name} needs references")
        if self.resolved.reference == "unused":
            references = None  # a reference-free model's scores must not depend on the reference
        from mtreview.metrics.cache import ScoreCache, cache_key

        model_id = self.resolved.model_id(self.precision, self.device)
        keys = [cache_key(model_id, s, t, None if references is None else references[i])
                for i, (s, t) in enumerate(zip(sources, translations))]
        cache = ScoreCache(self.options.cache) if self.options.cache else None
        try:
            found = cache.get_many(keys) if cache else {}
            first: dict[str, int] = {}  # identical triples are scored once
            for i, key in enumerate(keys):
                if key not in found:
                    first.setdefault(key, i)
            todo = list(first.values())
            new: dict[int, tuple[float, object]] = {}
            # Scores reach the cache chunk by chunk, so an interrupted long run resumes where it stopped.
            for start in range(0, len(todo), CACHE_CHUNK):
                chunk = self._predict(todo[start:start + CACHE_CHUNK], sources, translations, references)
                if cache:
                    cache.put_many(model_id, ((keys[i], score, extra) for i, (score, extra) in chunk.items()))
                new.update(chunk)
        finally:
            if cache:
                cache.close()
        by_key = dict(found)
        by_key.update({keys[i]: value for i, value in new.items()})
        results = [by_key[key] for key in keys]
        # the extras are what _plain_spans made, or read back from the cache it was written to
        spans = [cast(list[ErrorSpan], extra or []) for _, extra in results] \
            if self.resolved.kind == "xcomet_metric" else None
        return CometResult(scores=[score for score, _ in results], spans=spans,
                           cached=sum(1 for key in keys if key in found), computed=len(new))

    def _predict(self, indices: list[int], sources: Sequence[str], translations: Sequence[str],
                 references: Sequence[str] | None) -> dict[int, tuple[float, object]]:
        if not indices:
            return {}
        samples: list[dict[str, str]] = []
        for i in indices:
            sample = {"src": sources[i], "mt": translations[i]}
            if references is not None:
                sample["ref"] = references[i]
            samples.append(sample)
        model = self.model
        import torch

        threads = torch.get_num_threads()
        try:
            if self.options.threads:
                torch.set_num_threads(self.options.threads)
            with _quiet():
                # Under ~100 segments a progress bar only flickers.
                scores, spans = predict(model, samples, device=self.device, precision=self.precision,
                                        batch_size=self.batch_size,
                                        show_progress=self.options.progress and len(samples) >= 100)
        except MetricError:
            raise
        except Exception as error:
            raise MetricError(f"COMET prediction failed with {self.resolved.name} on {self.device}: "
                              f"{type(error).__name__}: {error}") from error
        finally:
            torch.set_num_threads(threads)
        if self.resolved.kind != "xcomet_metric":
            spans = None
        return {i: (float(scores[n]), _plain_spans(spans[n]) if spans is not None else None)
                for n, i in enumerate(indices)}


def _plain_spans(spans: Iterable[Mapping[str, Any]]) -> list[ErrorSpan]:  # comet's output, untyped
    return [{"start": int(s["start"]), "end": int(s["end"]), "severity": str(s["severity"]),
             "confidence": float(s["confidence"]), "text": str(s.get("text", ""))} for s in spans]


def spans_to_findings(pair: Pair, spans: Sequence[ErrorSpan]) -> list[Finding]:
    """XCOMET's predicted error spans as findings on the pair's target.

    Offsets are subword offsets into the translation; a span is trimmed of surrounding whitespace,
    and empty spans (special tokens such as <s>) are dropped.
    """
    target = pair.target
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for span in spans:
        start = max(0, min(int(span["start"]), len(target)))
        end = max(start, min(int(span["end"]), len(target)))
        while start < end and target[start].isspace():
            start += 1
        while end > start and target[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        try:
            severity = Severity(str(span["severity"]).lower())
        except ValueError:
            severity = Severity.MINOR
        flagged = target[start:end]
        occurrence = seen.get(flagged, 0)
        seen[flagged] = occurrence + 1
        confidence = span.get("confidence")
        how_sure = f" (confidence {confidence:.2f})" if isinstance(confidence, (int, float)) else ""
        findings.append(Finding(
            pair_id=pair.id, check=XCOMET_CHECK, category=XCOMET_CATEGORY, severity=severity,
            message=f"XCOMET marks “{flagged}” as a {severity.value} error{how_sure}",
            target_span=(start, end), fingerprint=fingerprint(XCOMET_CHECK, pair.source, flagged, occurrence)))
    return findings


class CometMetric:
    """The registry's `comet` entry: chooses the pairs COMET can score and says why others are left out."""

    name = "comet"
    pair_level = True  # scores Pairs (it needs the source), unlike the sacrebleu metrics

    def __init__(self, options: CometOptions | None = None) -> None:
        self.options = options or CometOptions()
        # One scorer, so one model load, for every block and every system this metric scores; made
        # here so that a missing model or a refused device stops a run before any work.
        self.scorer = CometScorer(self.options)

    def score_pairs(self, pairs: Sequence[Pair]) -> tuple[Score | None, list[str]]:
        scorer = self.scorer
        notes: list[str] = []
        # An empty translation is scored (COMET gives it a low score); leaving it out would raise the mean.
        with_source = [p for p in pairs if p.source.strip()]
        if len(with_source) < len(pairs):
            notes.append(f"comet: {len(pairs) - len(with_source)} pair(s) without source text left out "
                         f"(COMET needs the source; with a hypothesis file give --src)")
        use_reference = scorer.resolved.reference == "required" or (
            scorer.resolved.reference == "optional" and with_source and all(p.references for p in with_source))
        scored = [p for p in with_source if p.references] if use_reference else with_source
        if use_reference and len(scored) < len(with_source):
            notes.append(f"comet: {scorer.resolved.name} needs a reference; "
                         f"{len(with_source) - len(scored)} pair(s) without one left out")
        if not scored:
            notes.append("comet: nothing to score")
            return None, notes
        result = scorer.score([p.source for p in scored], [p.target for p in scored],
                              [p.references[0] for p in scored] if use_reference else None)
        if self.options.cache:
            notes.append(f"comet: {result.cached} of {len(scored)} segment(s) from the cache {self.options.cache}")
        if any(len(p.references) > 1 for p in scored) and use_reference:
            notes.append("comet: COMET uses one reference; the first was used")
        findings: tuple[Finding, ...] = ()
        if result.spans is not None:
            findings = tuple(f for p, spans in zip(scored, result.spans) for f in spans_to_findings(p, spans))
        signature = scorer.signature + f"|ref:{'yes' if use_reference else 'no'}"
        return Score(metric=self.name, corpus=sum(result.scores) / len(result.scores),
                     segments=tuple(result.scores), signature=signature,
                     pair_ids=tuple(p.id for p in scored), findings=findings), notes
