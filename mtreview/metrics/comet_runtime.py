"""Where and how a loaded COMET model runs: the device, the arithmetic, and the forward loop.

unbabel-comet's own `predict` builds a Lightning Trainer on every call, and the Trainer's teardown
(Strategy.teardown) moves the model back to the CPU: on a GPU every chunk of segments would copy the
model there and back. Its length batching sorts by the source's characters only. The loop here runs the
same per-batch code as comet's predict (the model's `prepare_for_inference` and `predict_step`), keeps
the model on its device between calls, sorts by the length of every input, and puts the scores back
in input order.

torch is imported inside the functions: this module is imported only when COMET is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from mtreview import progress
from mtreview.errors import MetricError
from mtreview.torch_device import resolve_torch_device

PRECISIONS = ("auto", "fp32", "bf16")
# Segments a batch when none is asked for: on a CPU larger batches gain nothing; a GPU needs larger
# ones to be busy (xlm-roberta-large at 16 segments a batch waits on kernel launches).
DEFAULT_BATCH_SIZE = {"cpu": 16, "cuda": 64}


def resolve_device(device: str) -> str:
    """'cpu' or 'cuda': auto is cuda when torch sees a CUDA GPU; cuda without one is refused."""
    return resolve_torch_device(device, model="COMET", option="--comet-device", error=MetricError)


def _gpu_has_bf16() -> bool:
    import torch

    # Native bf16 only (Ampere and later): on older GPUs torch emulates it, slower than fp32.
    return bool(torch.cuda.is_bf16_supported(including_emulation=False))


def _cpu_has_bf16() -> bool:
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # a private torch helper: if it moves, fall back to the safe choice
        return False


def resolve_precision(precision: str, device: str = "cpu") -> str:
    """'fp32' or 'bf16'. auto is bf16 where the hardware does bf16 natively: on a CPU with AVX512-BF16 or
    AMX it halves the time, on a GPU from Ampere on it is the fast path; elsewhere fp32."""
    if precision not in PRECISIONS:
        raise MetricError(f"unknown precision {precision!r}; choose from {', '.join(PRECISIONS)}")
    if device == "cuda":
        native = _gpu_has_bf16()
        if precision == "bf16" and not native:
            raise MetricError("COMET precision bf16 asked for on a GPU without native bf16; use fp32 or auto")
        return precision if precision != "auto" else "bf16" if native else "fp32"
    if precision != "auto":
        return precision
    return "bf16" if _cpu_has_bf16() else "fp32"


def resolve_batch_size(batch_size: int | None, device: str) -> int:
    if batch_size is None:
        return DEFAULT_BATCH_SIZE[device]
    if batch_size < 1:
        raise MetricError("the COMET batch size must be at least 1")
    return batch_size


@contextmanager
def arithmetic(device: str, precision: str) -> Iterator[None]:
    """Autocast runs matrix products in bfloat16 and keeps softmax and layer norms in float32; the
    weights stay fp32, so one loaded model serves both precisions."""
    import torch

    if precision == "bf16":
        with torch.autocast(device, dtype=torch.bfloat16):
            yield
    else:
        yield


def length_order(samples: Sequence[Mapping[str, str]]) -> list[int]:
    """Sample indices, longest first (all inputs' characters together): a batch of like lengths pads
    little, and a GPU short of memory fails on the first batch rather than after an hour."""
    return sorted(range(len(samples)), key=lambda i: (-sum(len(text) for text in samples[i].values()), i))


def model_device(model: Any) -> str:
    return str(next(model.parameters()).device.type)


def predict(model: Any, samples: Sequence[Mapping[str, str]], *, device: str, precision: str, batch_size: int,
            show_progress: bool = False) -> tuple[list[float], list[list[dict[str, Any]]] | None]:
    """Scores in input order, and each sample's error spans when the model predicts them (XCOMET).
    show_progress: report a "COMET" stage (mtreview.progress; the CLI draws it on a terminal)."""
    import torch
    from pytorch_lightning.utilities import move_data_to_device

    if model_device(model) != device:
        model.to(device)  # in place, once: the model stays there for every later call
    model.eval()  # no dropout, as comet's predict does
    target = torch.device(device)
    order = length_order(samples)
    batch_scores: list[Any] = []
    spans: list[list[dict[str, Any]]] | None = None
    reporting: AbstractContextManager[progress.Stage | None] = (
        progress.stage("COMET", total=len(order)) if show_progress else nullcontext())
    with torch.inference_mode(), arithmetic(device, precision), reporting as stage:
        for start in range(0, len(order), batch_size):
            batch = [samples[i] for i in order[start:start + batch_size]]
            inputs = move_data_to_device(model.prepare_for_inference(batch), target)
            prediction = model.predict_step(inputs)
            # Scores stay on the device until the end: no wait per batch, so the CPU tokenises the next
            # batch while the GPU runs this one.
            batch_scores.append(prediction.scores.detach().float().reshape(-1))
            metadata = prediction.get("metadata") or {}
            if "error_spans" in metadata:
                spans = [] if spans is None else spans
                spans.extend(metadata["error_spans"])
            if stage is not None:
                stage.advance(len(batch))
    if not batch_scores:
        return [], None
    flat = torch.cat(batch_scores).tolist()
    scores = [0.0] * len(order)
    in_order: list[list[dict[str, Any]]] = [[] for _ in order]
    for position, index in enumerate(order):
        scores[index] = flat[position]
        if spans is not None:
            in_order[index] = spans[position]
    return scores, in_order if spans is not None else None
