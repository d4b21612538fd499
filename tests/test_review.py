"""The review loop as a desk runs it: two articles, several rounds, a reviewer who changes their mind.

Everything goes through the command line, from the folder a desk works in; the sheets are edited with
openpyxl as a reviewer edits them in Excel (cells typed, a row added, rows kept as they were).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import TEST_DATA

LEFT_IN_CHINESE = "会议还研究了其他事项。"
ARTICLE_A = (
    "国务院总理李强7月31日主持召开国务院常务会议，研究促进消费的政策措施。会议指出，消费是经济增长的主要动力。\n\n"
    "会议要求各地区各部门抓好政策落实。" + LEFT_IN_CHINESE + "\n",
    "Premier Li Qiang presided over an executive meeting of the State Council on July 31 to study policies to "
    "boost consumption. The meeting noted that consumption is the main driver of economic growth.\n\n"
    "The meeting asked all regions and departments to implement the policies. " + LEFT_IN_CHINESE + "\n",
)
ARTICLE_B = (
    "教育部8月2日召开新闻发布会，介绍今年高校毕业生就业情况。今年高校毕业生预计达到1179万人。" + LEFT_IN_CHINESE + "\n",
    "The Ministry of Education held a press conference on August 2 on the employment of this year's college "
    "graduates. The number of college graduates this year is expected to reach 11.79 million. "
    + LEFT_IN_CHINESE + "\n",
)


def write_article(folder: Path, article: tuple[str, str], target_name: str = "target.en.txt") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.zh.txt").write_text(article[0], encoding="utf-8")
    (folder / target_name).write_text(article[1], encoding="utf-8")


def mtreview(*args: str):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code in (0, 1), result.output
    return result


def review(folder: Path, *options: str, target: str = "target.en.txt") -> tuple[dict, Path]:
    """Review an article as `mtreview review SOURCE TARGET` from the desk folder; its scores.json and sheet."""
    result = mtreview("review", folder / "source.zh.txt", folder / target, *options)
    sheet = Path.cwd() / next(line for line in result.stdout.splitlines() if line.startswith("Review sheet:")).split(": ", 1)[1]
    return json.loads((sheet.parent / "scores.json").read_text(encoding="utf-8")), sheet


def findings_of(sheet: Path) -> list[dict]:
    rows = list(load_workbook(sheet, read_only=True)["Findings"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def edit(sheet: Path, decide=None, *, add: list[dict] | None = None, segments: dict[str, dict] | None = None) -> None:
    """Type into the sheet as a reviewer would: decide(row dict) -> {column: value} per Findings row, rows
    added under the findings, and Segments cells by segment id."""
    book = load_workbook(sheet)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    for row in findings.iter_rows(min_row=2):
        values = dict(zip(header, (cell.value for cell in row)))
        for column, value in ((decide(values) if decide else None) or {}).items():
            row[header.index(column)].value = value
    for added in add or []:
        findings.append([added.get(column) for column in header])
    if segments:
        sheet_segments = book["Segments"]
        segment_header = [cell.value for cell in sheet_segments[1]]
        for row in sheet_segments.iter_rows(min_row=2):
            for column, value in segments.get(row[0].value, {}).items():
                row[segment_header.index(column)].value = value
    book.save(sheet)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch) -> Path:
    write_article(tmp_path / "desk" / "article-a", ARTICLE_A)
    write_article(tmp_path / "desk" / "article-b", ARTICLE_B)
    monkeypatch.chdir(tmp_path / "desk")
    return tmp_path / "desk"


def untranslated(rows: list[dict]) -> list[dict]:
    return [row for row in rows if LEFT_IN_CHINESE in (row["Target"] or "") and row["Check"] != "reviewer"
            and row["Severity"] == "critical"]


def test_a_dismissal_stays_in_its_article_and_can_be_undone(desk: Path, tmp_path: Path, monkeypatch):
    a1, sheet_a1 = review(desk / "article-a")
    b1, _ = review(desk / "article-b")
    # two articles, each "source.zh.txt + target.en.txt": two corpora (their folders), two documents
    assert (a1["corpus"], b1["corpus"]) == ("article-a", "article-b")
    assert a1["document"] != b1["document"] and a1["document"].startswith("zh-")
    assert a1["history"] == str((desk / "reports" / "history.sqlite").resolve())
    [finding] = untranslated(findings_of(sheet_a1))
    edit(sheet_a1, lambda row: {"Decision": "false positive", "Comment": "a quote", "Reviewer": "lh"}
         if row["Fingerprint"] == finding["Fingerprint"] else None)
    # ingest from another folder: the history is the one the workbook came from
    monkeypatch.chdir(tmp_path)
    ingested = mtreview("ingest", sheet_a1)
    assert "1 false positive" in ingested.stdout and str(desk / "reports" / "history.sqlite") in ingested.stdout
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

    shown_log = mtreview("history", "show", a3["run_id"], "--history", "reports/history.sqlite").stdout
    assert "Decisions: 1 recorded" in shown_log and "open" in shown_log
    first_log = mtreview("history", "show", a1["run_id"], "--history", "reports/history.sqlite").stdout
    assert "Decisions: 1 recorded on this run's sheets (false positive 1)" in first_log
    assert "standing now: open 1" in first_log and "review.xlsx row" in first_log


def test_compare_tells_dismissed_from_fixed(desk: Path):
    a1, sheet = review(desk / "article-a")
    [finding] = untranslated(findings_of(sheet))
    edit(sheet, lambda row: {"Decision": "false positive"} if row["Fingerprint"] == finding["Fingerprint"] else None)
    mtreview("ingest", sheet)
    a2, _ = review(desk / "article-a")
    compared = json.loads(mtreview("history", "compare", a1["run_id"], a2["run_id"], "--format", "json",
                                   "--history", "reports/history.sqlite").stdout)
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
    text = mtreview("history", "compare", a1["run_id"], a3["run_id"], "--history", "reports/history.sqlite").stdout
    assert "Dismissed (a reviewer dismissed it" in text


def test_reviewer_findings_corrections_and_prefill(desk: Path):
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
    with sqlite3.connect(desk / "reports" / "history.sqlite") as db:
        penalty = dict(db.execute("SELECT run_id, mqm_penalty * target_words / 100 FROM runs").fetchall())
    assert penalty[a2["run_id"]] == pytest.approx(penalty[a1["run_id"]] + 5)

    stats = mtreview("checks", "--stats", "--history", "reports/history.sqlite").stdout
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


def test_conflicting_and_incomplete_added_rows_are_refused(desk: Path):
    _, sheet = review(desk / "article-a")
    edit(sheet, None, add=[{"Category": "Accuracy/Mistranslation", "Severity": "major"},
                           {"Segment": "p0s0_en0", "Category": "Style/Awkward", "Severity": "serious"}])
    result = CliRunner().invoke(app, ["ingest", str(sheet)])
    assert result.exit_code == 2
    assert "needs Segment" in result.stderr and "unknown severity 'serious'" in result.stderr
    with sqlite3.connect(desk / "reports" / "history.sqlite") as db:
        assert db.execute("SELECT count(*) FROM reviewer_findings").fetchone()[0] == 0


def test_reports_follow_the_umask(desk: Path):
    previous = os.umask(0o022)
    try:
        _, sheet = review(desk / "article-a")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(sheet.parent.stat().st_mode) == 0o755
    assert {stat.S_IMODE(path.stat().st_mode) for path in sheet.parent.iterdir()} == {0o644}


def test_corpus_and_document_options_name_the_review(desk: Path):
    scores, sheet = review(desk / "article-a", "--corpus", "desk-2024", "--document", "consumption")
    assert (scores["corpus"], scores["document"]) == ("desk-2024", "consumption")
    assert sheet.parent.parent.name == "desk-2024"
    summary = {row[1]: row[2] for row in load_workbook(sheet, read_only=True)["Summary"].iter_rows(values_only=True)}
    assert (summary["Corpus"], summary["Document"], summary["Run id"]) == ("desk-2024", "consumption",
                                                                          scores["run_id"])


def test_review_is_one_thing():
    import mtreview

    before = mtreview.review
    import mtreview.review  # noqa: F401

    assert mtreview.review is before and callable(mtreview.review_corpus)


def test_a_history_of_the_previous_schema_keeps_its_decisions(tmp_path: Path):
    """tests/data/history-schema3.sqlite was written by mtreview 0.1.0 before the decision log (schema 3): a
    review of the bundled case, then a sheet with one false positive and one fix with its correction."""
    from tests.support.paths import XINHUA

    history = tmp_path / "history.sqlite"
    history.write_bytes((TEST_DATA / "history-schema3.sqlite").read_bytes())
    result = mtreview("review", XINHUA, "--out", tmp_path, "--history", history)
    assert "1 finding(s) a reviewer dismissed" in result.stdout
    assert "HTER: TER of the translation against 1 reviewer post-edit(s)" in result.stdout
    with sqlite3.connect(history) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        log = db.execute("SELECT decision, document, sheet FROM decision_log ORDER BY entry_id").fetchall()
        documents = {row[0] for row in db.execute("SELECT document FROM runs")}
    assert [row[0] for row in log] == ["false positive", "fixed"]
    assert len(documents) == 1 and log[0][1] in documents and log[0][2] == "(schema 3)"


def test_check_leaves_out_what_the_documents_reviewers_dismissed(desk: Path):
    _, sheet = review(desk / "article-a")
    edit(sheet, lambda row: {"Decision": "false positive"} if row["Check"] == "identical-to-source" else None)
    mtreview("ingest", sheet)

    def checks(folder: str, *options: str) -> list[str]:
        result = CliRunner().invoke(app, ["check", f"{folder}/source.zh.txt", f"{folder}/target.en.txt", "--format",
                                          "jsonl", *options])
        assert result.exit_code == 0, result.output
        return [json.loads(line)["check"] for line in result.stdout.splitlines()]

    assert checks("article-a") == ["identical-to-source"]
    assert checks("article-a", "--history", "reports/history.sqlite") == []
    assert checks("article-a", "--history", "reports/history.sqlite", "--show-dismissed") == ["identical-to-source"]
    assert checks("article-b", "--history", "reports/history.sqlite") == ["identical-to-source"]
    # another document name is another document
    assert checks("article-a", "--history", "reports/history.sqlite", "--document", "v2") == ["identical-to-source"]
    # ingest can file a sheet's decisions under another document, on purpose
    mtreview("ingest", sheet, "--document", "v2")
    assert checks("article-a", "--history", "reports/history.sqlite", "--document", "v2") == []


def test_a_sheet_saved_in_libreoffice_keeps_what_it_was_prefilled_with(desk: Path, tmp_path: Path, soffice: str):
    """The hidden Pre-filled column survives a reviewer's LibreOffice: a decision left as pre-filled is not
    a new decision, a comment added is stored, a decision set back to open undoes the dismissal."""
    import subprocess

    _, sheet = review(desk / "article-a")
    edit(sheet, lambda row: {"Decision": "false positive"} if row["Check"] == "identical-to-source" else None)
    mtreview("ingest", sheet)
    _, sheet2 = review(desk / "article-a", "--show-dismissed")
    edit(sheet2, lambda row: {"Comment": "checked again"} if row["Check"] == "identical-to-source" else None)
    out = tmp_path / "saved-by-libreoffice"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(sheet2)],
                   check=True, capture_output=True, timeout=180)
    saved = out / "review.xlsx"
    book = load_workbook(saved)
    assert book["Findings"].column_dimensions["P"].hidden
    result = mtreview("ingest", saved, "--history", "reports/history.sqlite").stdout
    assert "decisions: none; comments: 1" in result
    _, sheet3 = review(desk / "article-a", "--show-dismissed")
    [row] = untranslated(findings_of(sheet3))
    assert (row["Decision"], row["Comment"]) == ("false positive", "checked again")


def test_cells_a_program_did_not_turn_into_text_are_refused_by_row(desk: Path):
    from datetime import datetime

    _, sheet = review(desk / "article-a")
    first_segment = list(load_workbook(sheet, read_only=True)["Segments"].iter_rows(values_only=True))[1][0]
    edit(sheet, lambda row: {"Decision": '=IF(1,"false positive","open")', "Comment": "=A1"}
         if row["Check"] == "identical-to-source" else None,
         segments={first_segment: {"Corrected translation": datetime(2024, 9, 15)}})
    result = CliRunner().invoke(app, ["ingest", str(sheet)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and str(sheet) in line and "nothing imported" in line
    assert "row 2, Decision: a formula with no computed value" in line and "row 2, Comment" in line
    assert "Segments row 2, Corrected translation: datetime.datetime(2024, 9, 15, 0, 0) is a datetime" in line
    with sqlite3.connect(desk / "reports" / "history.sqlite") as db:
        assert db.execute("SELECT count(*) FROM decision_log").fetchone()[0] == 0


def test_a_decompression_bomb_is_refused_before_it_is_parsed(desk: Path, tmp_path: Path):
    import zipfile

    _, sheet = review(desk / "article-a")
    bomb = tmp_path / "review.xlsx"
    with zipfile.ZipFile(sheet) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as packed:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "xl/sharedStrings.xml" or member.filename.endswith("sheet3.xml"):
                data = data.replace(b"</sheetData>", b"<!--" + b" " * (80 << 20) + b"--></sheetData>")
            packed.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 2 << 20
    result = CliRunner().invoke(app, ["ingest", str(bomb), "--history", "reports/history.sqlite"])
    assert result.exit_code == 2
    assert f"{bomb}: refused: xl/worksheets/sheet3.xml would inflate to" in result.stderr
