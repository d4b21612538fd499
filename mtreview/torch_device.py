"""Which torch device a model runs on: COMET's scorer (metrics.comet_runtime) and the aligner's sentence
encoder (align.embeddings) settle it the same way, before any model is loaded, so a refused device costs
no load. torch is imported only when a GPU could be meant."""

from __future__ import annotations

from mtreview.errors import MtreviewError

DEVICES = ("auto", "cpu", "cuda")


def resolve_torch_device(device: str, *, model: str, option: str, error: type[MtreviewError]) -> str:
    """'cpu' or 'cuda': auto is cuda when torch sees a CUDA GPU, else the CPU; cuda without one is refused
    with `error`, naming the `model` ("COMET") and the command-line `option` that chose it."""
    if device not in DEVICES:
        raise error(f"unknown {model} device {device!r}; choose from {', '.join(DEVICES)}")
    if device == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if device == "cuda":
        build = "a CPU-only build" if torch.version.cuda is None else f"built for CUDA {torch.version.cuda}"
        raise error(f"{model} device cuda asked for, but torch {torch.__version__} ({build}) sees no CUDA GPU; "
                    f"use {option} cpu or auto")
    return "cpu"
