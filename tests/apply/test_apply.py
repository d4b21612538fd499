"""apply aligns the reviewed files again as the review did: with the sentence-embedding model the review
used (named in the sheet's Summary), so that it finds the segments the reviewer corrected."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if not os.environ.get("MTREVIEW_REQUIRE_EMBEDDINGS"):
    pytest.importorskip("torch", reason="the embeddings extra is not installed")
    pytest.importorskip("transformers", reason="the embeddings extra is not installed")

import mtreview.apply
from mtreview.apply import apply_workbook
from tests.support.paths import XINHUA
from tests.support.review_runs import fill_in, review
from tests.support.tiny_encoder import build_random_encoder


def _summary(sheet: Path) -> dict[str, str]:
    from openpyxl import load_workbook

    book = load_workbook(sheet, read_only=True)
    rows = {str(row[1]): str(row[2]) for row in book["Summary"].iter_rows(values_only=True)
            if len(row) > 2 and row[0] == "Run" and row[1]}
    book.close()
    return rows


def test_apply_aligns_with_the_model_the_review_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    model = build_random_encoder(tmp_path / "encoder")
    sheet = review([XINHUA], tmp_path / "reports", "--embeddings", str(model))
    assert _summary(sheet)["Aligned with embeddings"] == str(model)
    source = (XINHUA / "target.en.txt").read_text(encoding="utf-8")
    filled = fill_in(sheet, tmp_path / "filled.xlsx", {"zh0_en0": "Corrected first sentence."})

    loaded: list[tuple[str, str]] = []
    real = mtreview.apply._encoder

    def counting(spec: str, device: str):
        loaded.append((spec, device))
        return real(spec, device)

    monkeypatch.setattr(mtreview.apply, "_encoder", counting)
    result = apply_workbook(filled, tmp_path / "corrected.en.txt")
    assert loaded == [(str(model), "auto")]
    assert result.corrected == 1
    corrected = result.out.read_text(encoding="utf-8")
    assert "Corrected first sentence." in corrected and corrected != source
    # --embeddings on apply names another place for the same model (one that moved)
    moved = tmp_path / "moved-encoder"
    model.rename(moved)
    loaded.clear()
    apply_workbook(filled, tmp_path / "again.en.txt", embeddings=str(moved), embeddings_device="cpu")
    assert loaded == [(str(moved), "cpu")]


def test_a_review_without_a_model_is_applied_without_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    sheet = review([XINHUA], tmp_path / "reports")
    assert "Aligned with embeddings" not in _summary(sheet)
    monkeypatch.setattr(mtreview.apply, "_encoder", lambda spec, device: pytest.fail("no model was asked for"))
    filled = fill_in(sheet, tmp_path / "filled.xlsx", {"zh0_en0": "Corrected first sentence."})
    assert apply_workbook(filled, tmp_path / "corrected.en.txt").corrected == 1
