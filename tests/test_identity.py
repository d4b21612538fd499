"""What a review is of (mtreview.identity): corpus and document options name the review."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.support.desk import review


def test_corpus_and_document_options_name_the_review(desk: Path):
    scores, sheet = review(desk / "article-a", "--corpus", "desk-2024", "--document", "consumption")
    assert (scores["corpus"], scores["document"]) == ("desk-2024", "consumption")
    assert sheet.parent.parent.name == "desk-2024"
    summary = {row[1]: row[2] for row in load_workbook(sheet, read_only=True)["Summary"].iter_rows(values_only=True)}
    assert (summary["Corpus"], summary["Document"], summary["Run id"]) == ("desk-2024", "consumption",
                                                                          scores["run_id"])
