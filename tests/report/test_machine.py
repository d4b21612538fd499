"""The machine-readable reports: findings JSONL and CSV, scores JSON, the umask."""

from __future__ import annotations

import csv
import json
import os
import stat
from dataclasses import replace
from pathlib import Path

from mtreview.records import Score
from mtreview.report import write_reports
from mtreview.report.machine import write_findings_csv, write_findings_jsonl, write_scores_json
from tests.support.desk import review
from tests.support.sample_review import FORMULA, make_review
from tests.support.spilled_review import hand_built, spilled


def test_findings_jsonl(written):
    lines = written["findings"].read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["id"] for record in records] == ["p3s1", "p3s6", "p3s6", "x1", "x2", "p6s1"]
    apostrophe = records[0]
    start, end = apostrophe["target_span"]
    assert apostrophe["target"][start:end] == "China‘s"
    assert apostrophe["source"][slice(*apostrophe["source_span"])] == "中方"
    assert "中方核心利益" in lines[0]  # ensure_ascii=False keeps the Chinese readable
    assert records[3]["target_span"] is None and records[3]["target"] == FORMULA


def test_scores_json(written):
    scores = json.loads(written["scores"].read_text(encoding="utf-8"))
    assert scores["run_id"] == "20240915T101500Z-ab12"
    assert scores["corpus"] == "xinhua-belarus" and scores["pairs"] == 6
    assert scores["scores"]["chrF"]["ids"] == ["p3s1", "p3s6"]
    assert scores["scores"]["chrF"]["segments"] == [58.1234, None]
    assert scores["scores"]["BLEU"]["corpus"] == 23.456


def test_non_finite_score_becomes_null(tmp_path):
    review = make_review()
    review.scores = [Score("COMET", float("nan"), (float("inf"),), "sig", pair_ids=("p3s1",))]
    paths = write_reports(review, tmp_path)
    scores = json.loads(paths["scores"].read_text(encoding="utf-8"))
    assert scores["scores"]["COMET"]["corpus"] is None and scores["scores"]["COMET"]["segments"] == [None]


def test_findings_csv_has_a_bom_and_no_formulas(written):

    raw = written["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["flagged"] == "China‘s" and "中方核心利益" in rows[0]["source"]
    formula_rows = [row for row in rows if "SUM" in row["target"]]
    assert formula_rows and all(row["target"] == "'" + FORMULA for row in formula_rows)
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_reports_follow_the_umask(desk: Path):
    previous = os.umask(0o022)
    try:
        _, sheet = review(desk / "article-a")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(sheet.parent.stat().st_mode) == 0o755
    assert {stat.S_IMODE(path.stat().st_mode) for path in sheet.parent.iterdir()} == {0o644}


def test_findings_of_unknown_pairs_go_last_in_both_forms(tmp_path, no_random_access):
    review = hand_built()
    big = spilled(review, block_size=2)
    ordered = [(finding.fingerprint, pair.id if pair else None) for finding, pair in big.ordered_findings()]
    assert ordered == [("a-y", "a"), ("a-z", "a"), ("a-x", "a"), ("c-x", "c"), ("gone-y", None),
                       ("gone-x", None)]
    assert list(big.ordered_findings()) == list(review.ordered_findings())
    for name, copy in (("memory", review), ("spill", big)):
        write_findings_csv(copy, tmp_path / f"{name}.csv")
        write_findings_jsonl(copy, tmp_path / f"{name}.jsonl")
        write_scores_json(copy, tmp_path / f"{name}.json")
    for suffix in ("csv", "jsonl", "json"):
        assert (tmp_path / f"memory.{suffix}").read_bytes() == (tmp_path / f"spill.{suffix}").read_bytes()


def test_scores_json_is_json_dumps_of_the_whole_document(tmp_path):
    review = replace(hand_built(), scores=[
        Score("chrf", 50.0, (40.0, float("nan")), "sig", pair_ids=("a", "c"), note="ünïcode 中文"),
        Score("empty", float("inf"), (), "", pair_ids=())])
    review.notes = ["a note"]
    write_scores_json(review, tmp_path / "scores.json")
    write_scores_json(spilled(review), tmp_path / "spilled.json")
    from mtreview.report.machine import _json_safe

    document = {"run_id": review.run_id, "corpus": review.corpus, "document": review.document,
                "system": review.system, "history": None,
                "created": review.created, "tool_version": review.tool_version, "pairs": len(review.pairs),
                "scores": {score.metric: _json_safe(score.as_dict()) for score in review.scores},
                "notes": review.notes}
    expected = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    assert (tmp_path / "scores.json").read_text(encoding="utf-8") == expected
    assert (tmp_path / "spilled.json").read_text(encoding="utf-8") == expected
