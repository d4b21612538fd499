"""The round trip: a reviewer edits the sheet, mtreview ingests it, the next review remembers."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.history import open_history
from mtreview.ingest import ingest_workbook
from mtreview.inputs import load_corpus_dir
from mtreview.review import ReviewOptions, publish_review, review_corpus
from tests.support.desk import edit, findings_of, mtreview, review, untranslated
from tests.support.paths import XINHUA
from tests.support.workspace import Workspace, review_sheet_of


def run_review(reports: Path, history: str | Path, show_dismissed: bool = False):
    review = review_corpus(load_corpus_dir(XINHUA), ReviewOptions(history_path=history,
                                                                  show_dismissed=show_dismissed))
    return review, publish_review(review, reports, history) / "review.xlsx"


def edit_as_a_reviewer(workbook: Path, decide) -> None:
    """Open, decide, re-sort the rows (newest first) and add a column, as a reviewer in Excel would."""
    book = load_workbook(workbook)
    sheet = book["Findings"]
    header = [cell.value for cell in sheet[1]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    for row in rows:
        decide(dict(zip(header, row)), row, header)
    rows.reverse()
    del book["Findings"]
    sheet = book.create_sheet("Findings")
    sheet.append(header + ["My notes"])
    for row in rows:
        sheet.append(row + ["checked"])
    book.save(workbook)


def decide_xinhua(finding: dict, row: list, header: list) -> None:
    target = finding["Target"]
    if finding["Check"] == "term-capitalisation" and finding["Message"].startswith("“global development"):
        row[header.index("Decision")] = "False positive"  # reviewers type capitals; accepted
    elif finding["Check"] == "apostrophe" and target.startswith("Xi Jinping emphasized"):
        row[header.index("Decision")] = "fixed"
        row[header.index("Corrected translation")] = target.replace("‘", "’")
        row[header.index("Reviewer")] = "lh"
    elif finding["Check"] == "term-forbidden":
        row[header.index("Decision")] = "confirmed"
        row[header.index("Comment")] = "use COVID-19"


def reviewed_into(reports: Path, history: str | Path):
    first, workbook = run_review(reports, history)
    edit_as_a_reviewer(workbook, decide_xinhua)
    return reports, history, first, workbook


@pytest.fixture
def reviewed(tmp_path: Path, history_location):
    """The bundled case reviewed and its sheet decided, with the history on each backend."""
    return reviewed_into(tmp_path, history_location)


def test_ingest_then_review_again_suppresses_and_scores_hter(reviewed):
    reports, history, first, workbook = reviewed
    result = ingest_workbook(workbook, history)
    assert result.run_id == first.run_id and result.corpus == "xinhua-belarus"
    assert result.decisions == {"false positive": 1, "fixed": 1, "confirmed": 1}
    assert result.post_edits == 1 and result.unchanged == len(first.findings) - 3

    second, second_workbook = run_review(reports, history)
    dismissed = [f for f in first.findings if f.check == "term-capitalisation" and "development" in f.message]
    assert len(dismissed) == 1
    assert dismissed[0].fingerprint not in {f.fingerprint for f in second.findings}
    assert second.suppressed == 1 and len(second.findings) == len(first.findings) - 1
    assert any("false positive" in note for note in second.notes)
    # the confirmed finding comes back with its decision remembered in the sheet
    book = load_workbook(second_workbook)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    decisions = {row[header.index("Check")].value: row[header.index("Decision")].value
                 for row in findings.iter_rows(min_row=2)}
    assert decisions["term-forbidden"] == "confirmed"
    summary = {row[1].value: row[2].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Dismissed findings not shown"] == 1

    [hter] = [s for s in second.scores if s.metric == "hter"]
    [edited] = [p for p in second.pairs if p.target.startswith("Xi Jinping emphasized")]
    assert hter.pair_ids == (edited.id,)
    words = len(edited.target.split())
    assert hter.segments[0] == pytest.approx(100 / words, rel=0.01)  # one word edited

    third, _ = run_review(reports, history, show_dismissed=True)
    assert dismissed[0].fingerprint in {f.fingerprint for f in third.findings}
    assert third.prior_decisions[dismissed[0].fingerprint] == "false positive"


def decisions_stored(history: str | Path) -> int:
    with open_history(history, create=False) as store:
        return len(store.decision_log(corpus="xinhua-belarus"))


def test_unknown_decisions_are_listed_and_nothing_is_imported(reviewed):
    _, history, _, workbook = reviewed

    def bad(finding, row, header):
        if finding["Check"] in ("apostrophe", "missing-space"):
            row[header.index("Decision")] = "maybe"

    edit_as_a_reviewer(workbook, bad)
    with pytest.raises(InputError) as error:
        ingest_workbook(workbook, history)
    message = str(error.value)
    assert str(workbook) in message and "nothing imported" in message and "unknown decision 'maybe'" in message
    assert message.count("row ") >= 8  # 6 apostrophes and 2 spacing findings, each listed
    assert decisions_stored(history) == 0


def test_fingerprints_of_another_corpus_are_refused(reviewed):
    _, history, _, workbook = reviewed

    def forge(finding, row, header):
        if finding["Check"] == "term-forbidden":
            row[header.index("Fingerprint")] = "0123456789abcdef"

    edit_as_a_reviewer(workbook, forge)
    with pytest.raises(InputError, match="0123456789abcdef is not a finding of run"):
        ingest_workbook(workbook, history)
    assert decisions_stored(history) == 0


def test_not_a_workbook_and_no_findings_sheet(tmp_path: Path):
    fake = tmp_path / "review.xlsx"
    fake.write_text("id\tsource\ttarget\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        ingest_workbook(fake, tmp_path / "history.sqlite")
    book = Workbook()
    book.active.title = "Notes"
    book.save(fake)
    with pytest.raises(InputError, match="has no Findings sheet"):
        ingest_workbook(fake, tmp_path / "history.sqlite")


def test_ingest_command(reviewed):
    reports, history, _, workbook = reviewed
    result = CliRunner().invoke(app, ["ingest", str(workbook), "--history", str(history)])
    assert result.exit_code == 0, result.output
    assert "1 confirmed, 1 false positive, 1 fixed" in result.stdout and "post-edits: 1" in result.stdout
    bad = CliRunner().invoke(app, ["ingest", str(reports / "nope.xlsx"), "--history", str(history)])
    assert bad.exit_code == 2 and "nope.xlsx" in bad.stderr


def test_a_sheet_saved_by_libreoffice_ingests(tmp_path: Path, soffice):
    # About the workbook LibreOffice writes, not the store: on SQLite only.
    reports, history, _, workbook = reviewed_into(tmp_path / "reports", tmp_path / "reports" / "history.sqlite")
    out = tmp_path / "libreoffice"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    str(workbook)], check=True, capture_output=True, timeout=180)
    result = ingest_workbook(out / "review.xlsx", history)
    assert result.decisions == {"false positive": 1, "fixed": 1, "confirmed": 1}


def test_ingest_of_a_truncated_workbook_is_refused(ws: Workspace):
    data = review_sheet_of(ws).read_bytes()
    broken = ws.write("truncated.xlsx", data[: len(data) // 2])
    ws.assert_refused(ws.run("ingest", broken, "--history", ws.history), str(broken), "xlsx")


def test_ingest_of_random_bytes_is_refused(ws: Workspace):
    broken = ws.write("random.xlsx", os.urandom(4096))
    ws.assert_refused(ws.run("ingest", broken, "--history", ws.history), str(broken), "xlsx")


def test_ingest_of_a_zip_with_corrupt_workbook_xml_is_refused(ws: Workspace):
    source = review_sheet_of(ws)
    broken = ws.root / "corrupt.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data[: len(data) // 2]
            new.writestr(item, data)
    ws.assert_refused(ws.run("ingest", broken, "--history", ws.history), str(broken))


def _encrypted(ws: Workspace) -> Path:
    path = ws.root / "protected.xlsx"
    try:
        import msoffcrypto.format.ooxml as ooxml  # noqa: F401
        from msoffcrypto.format.ooxml import OOXMLFile

        with open(review_sheet_of(ws), "rb") as plain, open(path, "wb") as out:
            OOXMLFile(plain).encrypt("secret", out)
    except ImportError:
        # What Excel writes for a password-protected workbook: an OLE2 compound file, not a zip.
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + os.urandom(4096))
    return path


def test_ingest_of_a_password_protected_workbook_is_refused(ws: Workspace):
    protected = _encrypted(ws)
    assert protected.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    ws.assert_refused(ws.run("ingest", protected, "--history", ws.history), str(protected), "encrypted")


def test_conflicting_and_incomplete_added_rows_are_refused(desk: Path, desk_history: str):
    _, sheet = review(desk / "article-a")
    edit(sheet, None, add=[{"Category": "Accuracy/Mistranslation", "Severity": "major"},
                           {"Segment": "p0s0_en0", "Category": "Style/Awkward", "Severity": "serious"}])
    result = CliRunner().invoke(app, ["ingest", str(sheet)])
    assert result.exit_code == 2
    assert "needs Segment" in result.stderr and "unknown severity 'serious'" in result.stderr
    with open_history(desk_history, create=False) as store:
        assert store.reviewer_findings("article-a") == []


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


def test_cells_a_program_did_not_turn_into_text_are_refused_by_row(desk: Path, desk_history: str):
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
    with open_history(desk_history, create=False) as store:
        assert store.decision_log(corpus="article-a") == [] and store.segment_edits("article-a") == {}


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
