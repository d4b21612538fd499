"""load_input: which reader reads which single file, and what to give when it is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import load_input


def test_single_plain_text_input_says_what_to_give(tmp_path: Path):
    path = tmp_path / "t.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="SOURCE TARGET"):
        load_input([path])
