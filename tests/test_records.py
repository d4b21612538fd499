"""Reports and history of a review whose pairs, findings and score ids are SpillLists on disk (a corpus of
a million pairs): the same files, byte for byte and cell for cell, as from the same review in memory, and
no SpillList read by index."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from array import array
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mtreview.errors import ReportError
from mtreview.history import History
from mtreview.inputs import Corpus, load_corpus_dir
from mtreview.records import Finding, Pair, Review, Score, Severity
from mtreview.report import write_reports
from mtreview.report.html import write_review_html
from mtreview.report.machine import write_findings_csv, write_findings_jsonl, write_scores_json
from mtreview.review import review_corpus
from mtreview.spill import SpillList
from tests.support.paths import SHARED, XINHUA

HISTORY_TABLES = {  # table -> its order; every column compared (both runs keep the same run id)
    "runs": "run_id", "scores": "metric", "segment_scores": "rowid", "pairs": "ord", "findings": "finding_id",
}
FINDING_ROW = '<tr data-category="'


def in_pair_order(review: Review) -> Review:
    """The review with its findings in the order review_corpus guarantees: all findings of a pair
    together, pairs in review order (XCOMET's spans, appended at the end today, moved to their pair)."""
    position = {pair.id: index for index, pair in enumerate(review.pairs)}
    findings = sorted(review.findings, key=lambda finding: position.get(finding.pair_id, len(position)))
    return replace(review, findings=findings)


def spilled(review: Review, block_size: int = 3) -> Review:
    """The same review as a large run holds it: SpillLists of `block_size`, segment scores an array."""
    scores = []
    for score in review.scores:
        assert None not in score.segments  # array('d') has no None
        scores.append(replace(score, segments=array("d", score.segments),
                              pair_ids=SpillList(score.pair_ids, block_size=block_size)))
    copy = replace(review, pairs=SpillList(review.pairs, block_size=block_size),
                   findings=SpillList(review.findings, block_size=block_size), scores=scores)
    assert copy.pairs.spilled or len(review.pairs) < block_size
    return copy


@pytest.fixture
def no_random_access(monkeypatch):
    """Reading a SpillList by index or slice costs a block read each: the writers must only iterate."""
    def refuse(self, index):
        raise AssertionError(f"a SpillList read by index ({index!r}) instead of in order")

    monkeypatch.setattr(SpillList, "__getitem__", refuse)


def wmt23_review() -> Review:
    wmt = SHARED / "data" / "wmt23-zh-en"
    if not wmt.is_dir():
        pytest.skip(f"real data not available: {wmt} is absent")

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").split("\n")[:240]

    sources = lines(wmt / "sources" / "zh-en.txt")
    targets = lines(wmt / "system-outputs" / "NLLB_Greedy.txt")
    references = lines(wmt / "references" / "zh-en.refA.txt")
    # Every fifth pair without its reference: the scores then cover a subsequence of the pairs.
    pairs = [Pair(f"wmt23:{i}", source, target, references=(reference,) if i % 5 else ())
             for i, (source, target, reference) in enumerate(zip(sources, targets, references))]
    corpus = Corpus(name="wmt23-nllb", pairs=pairs, origin=wmt / "system-outputs" / "NLLB_Greedy.txt",
                    system="NLLB_Greedy")
    return in_pair_order(review_corpus(corpus))


def xinhua_review() -> Review:
    return in_pair_order(review_corpus(load_corpus_dir(XINHUA)))


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


def test_wmt23_scores_cover_a_subsequence_of_the_pairs(tmp_path):
    review = wmt23_review()
    score = review.scores[0]
    assert 0 < len(score.pair_ids) < len(review.pairs)
    segments = [values[0] for values in spilled(review).segment_scores()]
    assert segments == [score.segment_score(pair.id) for pair in review.pairs]
    assert segments.count(None) == len(review.pairs) - len(score.pair_ids)


def test_capped_html_says_so_and_holds_that_many_rows(tmp_path, no_random_access):
    review = xinhua_review()
    total = len(review.findings)
    assert total > 5
    capped = {}
    for name, copy in (("memory", review), ("spill", spilled(review))):
        capped[name] = tmp_path / f"{name}.html"
        write_review_html(copy, capped[name], max_findings=5)
    assert capped["memory"].read_bytes() == capped["spill"].read_bytes()
    page = capped["memory"].read_text(encoding="utf-8")
    assert page.count(FINDING_ROW) == 5
    assert f"This page shows the first 5 of {total} findings" in page
    assert "findings.csv and findings.jsonl" in page
    assert '<span id="shown">5</span> of 5' in page
    assert f"{total} findings (" in page  # the run line still counts all of them
    # the rows are the first five of the full page, in the same order
    full = tmp_path / "full.html"
    write_review_html(review, full)
    full_page = full.read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith(FINDING_ROW)]
    assert rows == [line for line in full_page.splitlines() if line.startswith(FINDING_ROW)][:5]
    assert "This page shows the first" not in full_page and full_page.count(FINDING_ROW) == total
    # only the categories and severities of the rows shown are offered as filters
    shown_categories = {line.split('"')[1] for line in rows}
    offered = {part.split('"')[0] for part in page.split('name="category" value="')[1:]}
    assert offered == shown_categories


def test_html_cap_of_zero_and_above_the_total(tmp_path):
    review = xinhua_review()
    total = len(review.findings)
    write_review_html(review, tmp_path / "none.html", max_findings=0)
    page = (tmp_path / "none.html").read_text(encoding="utf-8")
    assert page.count(FINDING_ROW) == 0 and f"the first 0 of {total} findings" in page
    write_review_html(review, tmp_path / "all.html", max_findings=total)
    page = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert page.count(FINDING_ROW) == total and "This page shows the first" not in page


def test_grouped_and_segments_merge_join(no_random_access):
    review = xinhua_review()
    big = spilled(review)
    assert list(big.grouped()) == list(review.grouped())
    assert list(big.segments()) == list(review.segments())
    assert list(big.segment_scores()) == list(review.segment_scores())
    assert list(big.ordered_findings()) == list(review.ordered_findings())
    for position, pair, findings, values in review.segments():
        assert pair is review.pairs[position]
        assert all(finding.pair_id == pair.id for finding in findings)
        assert values == tuple(score.segment_score(pair.id) for score in review.scores)
    assert sum(len(findings) for _, _, findings in review.grouped()) == len(review.findings)
    assert big.totals() == review.totals()


def test_totals_match_the_figures_counted_directly():
    review = xinhua_review()
    totals = spilled(review).totals()
    assert (totals.pairs, totals.findings) == (len(review.pairs), len(review.findings))
    words = sum(len(pair.target.split()) for pair in review.pairs)
    assert totals.target_words == words
    severities = Counter(finding.severity for finding in review.findings)
    assert totals.severities == {severity: severities[severity] for severity in
                                 (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR, Severity.NEUTRAL)}
    assert totals.categories == dict(sorted(Counter(finding.category for finding in review.findings).items()))
    weight = sum(finding.severity.weight for finding in review.findings)
    assert totals.mqm_penalty == pytest.approx(weight / words * 100)


def hand_built() -> Review:
    pairs = [Pair("a", "甲。", "Alpha beta."), Pair("b", "乙。", "Gamma delta."), Pair("c", "丙。", "Epsilon.")]

    def finding(pair_id: str, check: str, span=None) -> Finding:
        return Finding(pair_id, check, "Fluency/Spelling", Severity.MINOR, f"{check} on {pair_id}",
                       target_span=span, fingerprint=f"{pair_id}-{check}")

    # in pair order, spans unsorted within a pair; one finding names a pair the review lacks (last)
    findings = [finding("a", "x", (6, 10)), finding("a", "y"), finding("a", "z", (0, 5)),
                finding("c", "x", (0, 7)), finding("gone", "x", (3, 4)), finding("gone", "y")]
    scores = [Score("chrf", 50.0, (40.0, 60.0), "sig", pair_ids=("a", "c"))]
    return Review("hand", pairs, findings, scores, "run-1", "2024-09-15T10:00:00Z", "0.1.0")


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


def test_spilled_findings_out_of_pair_order_are_refused(tmp_path):
    review = hand_built()
    findings = list(review.findings)
    big = replace(spilled(review, block_size=2),
                  findings=SpillList(findings[3:4] + findings[:3], block_size=2))  # c's before a's
    with pytest.raises(ReportError, match="not in pair order.*'a'"):
        list(big.ordered_findings())
    with pytest.raises(ReportError, match="not in pair order"):
        write_findings_jsonl(big, tmp_path / "findings.jsonl")
    assert not (tmp_path / "findings.jsonl").exists()


def test_spilled_score_ids_out_of_pair_order_are_refused():
    review = hand_built()
    score = replace(review.scores[0], pair_ids=SpillList(("c", "a"), block_size=1))
    big = replace(spilled(review, block_size=2), scores=[score])
    with pytest.raises(ReportError, match="chrf: segment scores are not in pair order"):
        list(big.segment_scores())
    # in memory, any order works (a hand-built review)
    unordered = replace(review, scores=[replace(review.scores[0], pair_ids=("c", "a"))])
    assert list(unordered.segment_scores()) == [(60.0,), (None,), (40.0,)]


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


def test_cli_summary_of_a_spilled_review(tmp_path, capsys, no_random_access):
    from mtreview.cli.review import _print_summary

    review = xinhua_review()
    outputs = []
    for copy in (review, spilled(review)):
        totals = _print_summary(copy, tmp_path, None)
        outputs.append(capsys.readouterr().out)
        assert totals == review.totals()
    assert outputs[0] == outputs[1]
    lines = outputs[0].splitlines()
    assert lines[0].startswith(f"Reviewed xinhua-belarus: {len(review.pairs)} pairs (")
    assert lines[1].startswith("Document: ")
    assert lines[2] == f"Findings: {len(review.findings)}"
    severities = [line.split()[0] for line in lines[2:] if line.split()[0] in {"critical", "major", "minor", "neutral"}]
    present = {finding.severity.value for finding in review.findings}
    assert severities == [s for s in ("critical", "major", "minor", "neutral") if s in present]


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
    import tracemalloc

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
