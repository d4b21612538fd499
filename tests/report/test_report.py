"""write_reports: every file of a run, the same from a spilled review as from one in memory, formulas
and scripts kept as text, memory flat as the corpus grows."""

from __future__ import annotations

import csv
import json
import sqlite3
import tracemalloc
import zipfile
from array import array
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mtreview.history import History
from mtreview.records import Review
from mtreview.report import write_reports
from mtreview.spill import SpillList
from tests.support.spilled_review import spilled, wmt23_review, xinhua_review
from tests.support.workspace import Workspace

# --- formulas and scripts in the reports -----------------------------------------------------------


def test_formula_and_script_text_stays_text_in_every_report(ws: Workspace):
    formula = '=HYPERLINK("http://x","China‘s")'
    script = "<script>alert(1)</script> China‘s friend."
    table = ws.write("hostile.tsv", "id\tsource\ttarget\n"
                                    f"p1\t中国的朋友。\t{formula}\n"
                                    f"p2\t中国的朋友。\t{script}\n"
                                    f"p3\t中国的朋友。\t@SUM(1+1) China‘s friend\n")
    result = ws.run("review", table)
    assert result.exit_code == 0, result.output
    run_dir = next(path for path in (ws.out / "hostile").iterdir() if path.is_dir())

    import openpyxl

    book = openpyxl.load_workbook(run_dir / "review.xlsx")
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in (formula, script):
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen == {formula, script}

    with open(run_dir / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    targets = {row["target"] for row in rows}
    assert "'" + formula in targets and formula not in targets
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values() if value)

    html = (run_dir / "review.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_write_reports_returns_every_file(written):
    assert {key: path.name for key, path in written.items()} == {
        "xlsx": "review.xlsx", "html": "review.html", "csv": "findings.csv", "findings": "findings.jsonl",
        "scores": "scores.json"}
    assert all(path.is_file() for path in written.values())
    assert not [p for p in written["xlsx"].parent.iterdir() if p.name.endswith(".tmp")]


HISTORY_TABLES = {  # table -> its order; every column compared (both runs keep the same run id)
    "runs": "run_id", "scores": "metric", "segment_scores": "rowid", "pairs": "ord", "findings": "finding_id",
}


def sheets(path: Path) -> dict[str, list[list]]:
    book = load_workbook(path)
    return {name: [[cell.value for cell in row] for row in book[name].iter_rows()] for name in book.sheetnames}


def workbook_parts(path: Path) -> dict[str, bytes]:
    """The workbook's XML parts but its creation time: rich text, heights, filters, validation."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def history_rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
                for table, order in HISTORY_TABLES.items()}


def assert_same_outputs(review: Review, tmp_path: Path) -> dict[str, Path]:
    big = spilled(review)
    memory_paths = write_reports(review, tmp_path / "memory")
    spill_paths = write_reports(big, tmp_path / "spill")
    for key in ("csv", "findings", "scores", "html"):
        assert memory_paths[key].read_bytes() == spill_paths[key].read_bytes(), key
    assert sheets(memory_paths["xlsx"]) == sheets(spill_paths["xlsx"])
    assert workbook_parts(memory_paths["xlsx"]) == workbook_parts(spill_paths["xlsx"])
    for name, copy in (("memory", review), ("spill", big)):
        with History(tmp_path / f"{name}.sqlite") as history:
            history.record(copy)
    assert history_rows(tmp_path / "memory.sqlite") == history_rows(tmp_path / "spill.sqlite")
    return memory_paths


@pytest.mark.parametrize("make", [xinhua_review, wmt23_review], ids=["xinhua", "wmt23"])
def test_spilled_review_writes_the_same_reports_and_history(make, tmp_path, no_random_access):
    review = make()
    assert review.findings and review.scores
    paths = assert_same_outputs(review, tmp_path)
    lines = paths["findings"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(review.findings)
    assert json.loads(paths["scores"].read_text(encoding="utf-8"))["pairs"] == len(review.pairs)
    with History(tmp_path / "memory.sqlite") as history:
        run = history.run(review.run_id)
    assert (run["pairs"], run["findings"]) == (len(review.pairs), len(review.findings))


def repeated(review: Review, times: int, block_size: int) -> Review:
    """A long review made of the real one repeated, built straight into SpillLists (never a list)."""
    def pairs():
        for copy in range(times):
            for pair in review.pairs:
                yield replace(pair, id=f"{copy}:{pair.id}", target=f"{pair.target} ({copy})")

    def findings():
        for copy in range(times):
            for finding in review.findings:
                yield replace(finding, pair_id=f"{copy}:{finding.pair_id}", fingerprint=f"{copy}{finding.fingerprint}")

    scores = [replace(score, segments=array("d", (value for _ in range(times) for value in score.segments)),
                      pair_ids=SpillList((f"{copy}:{pair_id}" for copy in range(times) for pair_id in score.pair_ids),
                                         block_size=block_size))
              for score in review.scores]
    return replace(review, pairs=SpillList(pairs(), block_size=block_size),
                   findings=SpillList(findings(), block_size=block_size), scores=scores)


def test_memory_stays_flat_as_the_corpus_grows(tmp_path):

    review = xinhua_review()
    peaks = {}
    for times in (30, 90):
        big = repeated(review, times, block_size=20)
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            write_reports(big, tmp_path / str(times))
            with History(tmp_path / f"{times}.sqlite") as history:
                history.record(big)
            peaks[times] = tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()
        assert len((tmp_path / str(times) / "findings.jsonl").read_text(encoding="utf-8").splitlines()) == \
            times * len(review.findings)
    # three times the pairs and findings, about the same peak: nothing grows with the corpus
    # (the small growth left is a bounded cache filling up: the Excel row-height measurements)
    assert peaks[90] < peaks[30] * 1.4, peaks
