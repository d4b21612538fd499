"""The review sheet at the edges: a full disk, cells longer than Excel allows, text that looks like an
OOXML escape. Each through a real file, opened where it matters in LibreOffice."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from mtreview.cli import app


def review(tmp_path: Path, source: str, target: str) -> Path:
    """One pair, as an aligned table, so that a long text stays one cell."""
    table = tmp_path / "pairs.tsv"
    table.write_text(f"id\tsource\ttarget\n1\t{source}\t{target}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(table), "--out", str(tmp_path / "out"), "--no-history"])
    assert result.exit_code == 0, result.output
    return next((tmp_path / "out").rglob("review.xlsx"))


def test_a_cell_over_excels_limit_is_cut_visibly_and_kept_whole_elsewhere(tmp_path: Path):
    long_target = ("The delegation visited the city and signed agreements on trade and culture. " * 600
                   + "This is China‘s core interest.")
    sheet = review(tmp_path, "代表团访问了该市，签署了贸易和文化协议。这是中国的核心利益。", long_target)
    book = load_workbook(sheet, read_only=True)
    segments = list(book["Segments"].iter_rows(values_only=True))
    target_cell = next(value for value in segments[1] if isinstance(value, str) and value.startswith("The delegation"))
    assert len(target_cell) <= 32767 and target_cell.endswith("findings.jsonl has the whole text]")
    assert f"[cut: {len(long_target):,} characters in all" in target_cell
    summary = [row[2] for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Note"]
    assert any("longer than Excel's limit of 32,767 characters are cut" in note for note in summary)
    findings = [json.loads(line) for line in (sheet.parent / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    apostrophe = next(f for f in findings if f["check"] == "apostrophe")
    assert apostrophe["target"] == long_target
    start, end = apostrophe["target_span"]
    assert apostrophe["target"][start:end] == "China‘s" and start > 32767  # past the cut, still found


def test_text_that_looks_like_an_escape_reads_back_as_written(tmp_path: Path, soffice: str):
    sheet = review(tmp_path, "我的文件是中国的。", "My_x0020_Document is China‘s.")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                    "--outdir", str(tmp_path / "csv"), str(sheet)], check=True, capture_output=True, timeout=180)
    with open(tmp_path / "csv" / "review-Segments.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert "My_x0020_Document is China‘s." in rows[1]
    with open(tmp_path / "csv" / "review-Findings.csv", encoding="utf-8", newline="") as handle:
        findings = list(csv.reader(handle))
    assert all("_x005F_" not in cell for row in findings for cell in row)


def _can_mount() -> bool:
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


def test_a_full_disk_leaves_one_line_and_nothing_behind(tmp_path: Path):
    """The reports folder on a 600 KB file system (a namespace of its own, as root): the review fails with
    one line and exit 2, and neither the folder nor $TMPDIR keeps anything."""
    if os.geteuid() != 0 or not _can_mount():
        pytest.skip("needs root and mount namespaces (unshare -m) to make a small full file system")
    lines = ["id\tsource\ttarget"] + [f"{i}\t代表团于9月{i % 28 + 1}日访问北京，签署了{i % 50 + 2}项协议。\t"
                                      f"The delegation visited Beijing on September {i % 28 + 1} and signed "
                                      f"{i % 50 + 2} agreements, China‘s." for i in range(4000)]
    table = tmp_path / "news.tsv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, temporary = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temporary.mkdir()
    script = (f"mount -t tmpfs -o size=600k tmpfs {out} && TMPDIR={temporary} {sys.executable} -m mtreview review "
              f"{table} --out {out}; code=$?; find {out} -mindepth 1; exit $code")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert ".staging." not in result.stderr and f"{out}/news/" in result.stderr
    assert result.stdout == ""  # find printed nothing: no run folder, no staging, no history, no empty folder
    assert list(temporary.iterdir()) == []
