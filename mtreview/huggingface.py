"""The rules for Hugging Face models that COMET (metrics.comet) and the aligner's embeddings
(align.embeddings) share: where the hub cache is, what names a hub model rather than a folder, finding
a model's snapshot in the cache, and keeping the Hugging Face libraries offline. Both load models from
local folders only; nothing here imports transformers, and huggingface_hub only to look in the cache."""

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


def looks_like_hub_id(spec: str) -> bool:
    """Whether `spec` names a hub model ("name" or "org/name"): anything with a leading / . ~, a
    backslash or more than one / is meant as a path."""
    return bool(spec) and spec[0] not in "/.~" and spec.count("/") <= 1 and "\\" not in spec


def cached_snapshot(repo_id: str, cache: Path) -> Path | None:
    """The cached snapshot folder of a hub repository, or None; local_files_only: never the network."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=repo_id, cache_dir=str(cache), local_files_only=True))
    except Exception:  # not cached, not a valid repo id, or huggingface_hub missing: not here either way
        return None
