"""The two rules for Hugging Face models that COMET (metrics.comet) and the aligner's embeddings
(align.embeddings) share: where the hub cache is, and keeping the Hugging Face libraries offline.
Both load models from local folders only; nothing here imports transformers or huggingface_hub."""

from __future__ import annotations

import os
from pathlib import Path


def hub_cache_dir(explicit: Path | None = None) -> Path:
    """Where Hugging Face keeps downloaded models, read from the environment at call time."""
    if explicit:
        return Path(explicit)
    for variable in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(variable):
            return Path(os.environ[variable])
    home = os.environ.get("HF_HOME") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "huggingface"
    return Path(home) / "hub"


def hub_offline() -> None:
    """Before transformers / huggingface_hub are imported: nothing reaches for the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
