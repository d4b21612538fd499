"""The block size of the streaming tests: a few dozen rows already spill to disk."""

from __future__ import annotations

BLOCK = 7
