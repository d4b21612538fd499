"""The review loop as a desk runs it: two articles, several rounds, a reviewer who changes their mind.

Everything goes through the command line, from the folder a desk works in; the sheets are edited with
openpyxl as a reviewer edits them in Excel (cells typed, a row added, rows kept as they were).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import mtreview.spill as spill
from mtreview.cli import app
from mtreview.history import history_identity, open_history, shown_location
from mtreview.inputs import load_corpus_dir
from mtreview.review import review_corpus
from mtreview.spill import SpillList
from tests.support.desk import LEFT_IN_CHINESE, edit, findings_of, mtreview, review, untranslated
from tests.support.paths import XINHUA


def test_a_dismissal_stays_in_its_article_and_can_be_undone(desk: Path, desk_history: str, tmp_path: Path,
                                                            monkeypatch):
    a1, sheet_a1 = review(desk / "article-a")
    b1, _ = review(desk / "article-b")
    # two articles, each "source.zh.txt + target.en.txt": two corpora (their folders), two documents
    assert (a1["corpus"], b1["corpus"]) == ("article-a", "article-b")
    assert a1["document"] != b1["document"] and a1["document"].startswith("zh-")
    assert a1["history"] == history_identity(desk_history)
    [finding] = untranslated(findings_of(sheet_a1))
    edit(sheet_a1, lambda row: {"Decision": "false positive", "Comment": "a quote", "Reviewer": "lh"}
         if row["Fingerprint"] == finding["Fingerprint"] else None)
    # ingest from another folder: the history is the one the workbook came from
    monkeypatch.chdir(tmp_path)
    ingested = mtreview("ingest", sheet_a1)
    assert "1 false positive" in ingested.stdout and shown_location(desk_history) in ingested.stdout
    monkeypatch.chdir(desk)

    b2, sheet_b2 = review(desk / "article-b")  # the same sentence in another article is still reported
    assert len(untranslated(findings_of(sheet_b2))) == 1
    a2, sheet_a2 = review(desk / "article-a")
    assert untranslated(findings_of(sheet_a2)) == []

    # a renamed target is the same article: its decisions follow it
    (desk / "article-a" / "target.en.txt").rename(desk / "article-a" / "target-v2.en.txt")
    a3, sheet_a3 = review(desk / "article-a", "--show-dismissed", target="target-v2.en.txt")
    assert (a3["corpus"], a3["document"]) == (a1["corpus"], a1["document"])
    [shown] = untranslated(findings_of(sheet_a3))
    assert (shown["Decision"], shown["Comment"], shown["Reviewer"]) == ("false positive", "a quote", "lh")

    # the reviewer thinks again: back to "open" is a decision too
    edit(sheet_a3, lambda row: {"Decision": "open"} if row["Fingerprint"] == finding["Fingerprint"] else None)
    assert "1 open" in mtreview("ingest", sheet_a3).stdout
    a4, sheet_a4 = review(desk / "article-a", target="target-v2.en.txt")
    [back] = untranslated(findings_of(sheet_a4))
    assert back["Decision"] == "open" and back["Comment"] == "a quote"

    shown_log = mtreview("history", "show", a3["run_id"], "--history", desk_history).stdout
    assert "Decisions: 1 recorded" in shown_log and "open" in shown_log
    first_log = mtreview("history", "show", a1["run_id"], "--history", desk_history).stdout
    assert "Decisions: 1 recorded on this run's sheets (false positive 1)" in first_log
    assert "standing now: open 1" in first_log and "review.xlsx row" in first_log


def test_compare_tells_dismissed_from_fixed(desk: Path, desk_history: str):
    a1, sheet = review(desk / "article-a")
    [finding] = untranslated(findings_of(sheet))
    edit(sheet, lambda row: {"Decision": "false positive"} if row["Fingerprint"] == finding["Fingerprint"] else None)
    mtreview("ingest", sheet)
    a2, _ = review(desk / "article-a")
    compared = json.loads(mtreview("history", "compare", a1["run_id"], a2["run_id"], "--format", "json",
                                   "--history", desk_history).stdout)
    assert [f["fingerprint"] for f in compared["dismissed"]] == [finding["Fingerprint"]]
    assert compared["fixed"] == [] and compared["new"] == []
    # now the translator really fixes it: the sentence changes and the finding is gone
    target = desk / "article-a" / "target.en.txt"
    target.write_text(target.read_text(encoding="utf-8").replace(
        LEFT_IN_CHINESE, "The meeting also discussed other matters."), encoding="utf-8")
    again = mtreview("ingest", sheet).stdout  # the same sheet again changes nothing
    assert "decisions: none" in again and "unchanged rows: 1" in again
    sheet_b = review(desk / "article-b")[1]
    edit(sheet_b, None)
    a3, _ = review(desk / "article-a")
    text = mtreview("history", "compare", a1["run_id"], a3["run_id"], "--history", desk_history).stdout
    assert "Dismissed (a reviewer dismissed it" in text


def test_reviewer_findings_corrections_and_prefill(desk: Path, desk_history: str):
    a1, sheet = review(desk / "article-a")
    rows = findings_of(sheet)
    segments = list(load_workbook(sheet, read_only=True)["Segments"].iter_rows(values_only=True))
    ids = {row[4]: row[0] for row in segments[1:]}  # source -> segment id
    premier = ids[next(source for source in ids if source.startswith("国务院总理李强"))]
    noted = ids[next(source for source in ids if source.startswith("会议指出"))]
    edit(sheet, lambda row: {"Decision": "confirmed", "Corrected translation": "The meeting also studied other matters.",
                             "Comment": "left in Chinese", "Reviewer": "lh"}
         if row["Fingerprint"] == untranslated(rows)[0]["Fingerprint"] else None,
         add=[{"Segment": premier, "Category": "Accuracy/Mistranslation", "Severity": "major",
               "Target": "an executive meeting", "Comment": "a standing meeting (常务会议)", "Reviewer": "lh"}],
         segments={noted: {"Corrected translation": "The meeting pointed out that consumption is the main engine "
                                                    "of economic growth.", "Comment": "closer to 指出"}})
    result = mtreview("ingest", sheet).stdout
    assert "reviewer findings: 1" in result and "post-edits: 2" in result and "1 confirmed" in result

    a2, sheet2 = review(desk / "article-a")
    rows2 = findings_of(sheet2)
    [added] = [row for row in rows2 if row["Check"] == "reviewer"]
    assert (added["Segment"], added["Severity"], added["Category"], added["Decision"]) == (
        premier, "major", "Accuracy/Mistranslation", "confirmed")
    assert "a standing meeting" in added["Message"]
    [kept] = untranslated(rows2)
    assert (kept["Decision"], kept["Comment"], kept["Reviewer"]) == ("confirmed", "left in Chinese", "lh")
    assert kept["Corrected translation"] == "The meeting also studied other matters."
    # the correction of a segment no check flagged counts in HTER, beside the one made on a finding
    assert a2["scores"]["hter"]["ids"] == sorted([noted, kept["Segment"]], key=list(ids.values()).index)
    book = load_workbook(sheet2, read_only=True)
    segment_rows = list(book["Segments"].iter_rows(values_only=True))
    by_id = {row[0]: dict(zip(segment_rows[0], row)) for row in segment_rows[1:]}
    assert by_id[noted]["Comment"] == "closer to 指出"
    summary = {(row[0], row[1]): row[2] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary[("Check", "identical-to-source")] == "1 shown; 1 confirmed; reviewers' precision 1.00"
    assert summary[("Added by reviewers", "Accuracy/Mistranslation")] == 1
    # the reviewer's finding counts in the MQM penalty: one major (5) more than the first round
    with open_history(desk_history, create=False) as store:
        penalty = {run.run_id: run.mqm_penalty * run.target_words / 100 for run in store.runs()}
    assert penalty[a2["run_id"]] == pytest.approx(penalty[a1["run_id"]] + 5)

    stats = mtreview("checks", "--stats", "--history", desk_history).stdout
    line = next(line for line in stats.splitlines() if line.startswith("identical-to-source"))
    assert line.split()[1:3] == ["1", "1"] and line.split()[-1] == "1.00"
    assert "Accuracy/Mistranslation" in stats.split("no check caught")[1]

    # a pre-filled value left as it was is not a new decision: an older sheet ingested later wins only
    # where its reviewer changed something
    edit(sheet2, lambda row: {"Comment": "still there"} if row["Check"] == "identical-to-source" else None)
    edit(sheet, lambda row: {"Decision": "false positive"} if row["Check"] == "identical-to-source" else None)
    mtreview("ingest", sheet)
    mtreview("ingest", sheet2)  # pre-filled "confirmed", comment changed: the dismissal stands
    a3, sheet3 = review(desk / "article-a", "--show-dismissed")
    [last] = untranslated(findings_of(sheet3))
    assert (last["Decision"], last["Comment"]) == ("false positive", "still there")


def test_check_leaves_out_what_the_documents_reviewers_dismissed(desk: Path, desk_history: str):
    _, sheet = review(desk / "article-a")
    edit(sheet, lambda row: {"Decision": "false positive"} if row["Check"] == "identical-to-source" else None)
    mtreview("ingest", sheet)

    def checks(folder: str, *options: str) -> list[str]:
        # check reads a history only when given one (MTREVIEW_HISTORY unset: the first call has none)
        result = CliRunner().invoke(app, ["check", f"{folder}/source.zh.txt", f"{folder}/target.en.txt", "--format",
                                          "jsonl", *options], env={"MTREVIEW_HISTORY": None})
        assert result.exit_code == 0, result.output
        return [json.loads(line)["check"] for line in result.stdout.splitlines()]

    assert checks("article-a") == ["identical-to-source"]
    assert checks("article-a", "--history", desk_history) == []
    assert checks("article-a", "--history", desk_history, "--show-dismissed") == ["identical-to-source"]
    assert checks("article-b", "--history", desk_history) == ["identical-to-source"]
    # another document name is another document
    assert checks("article-a", "--history", desk_history, "--document", "v2") == ["identical-to-source"]
    # ingest can file a sheet's decisions under another document, on purpose
    mtreview("ingest", sheet, "--document", "v2")
    assert checks("article-a", "--history", desk_history, "--document", "v2") == []


def test_review_in_blocks_equals_review_in_one(monkeypatch):
    corpus = load_corpus_dir(XINHUA)
    whole = review_corpus(corpus)
    monkeypatch.setattr(spill, "BLOCK_SIZE", 4)
    corpus.pairs = SpillList(corpus.pairs)
    blocked = review_corpus(corpus)
    assert blocked.findings.spilled
    assert list(blocked.findings) == list(whole.findings)
    assert [(s.metric, round(s.corpus, 9)) for s in blocked.scores] == \
        [(s.metric, round(s.corpus, 9)) for s in whole.scores]
    assert blocked.notes == whole.notes
