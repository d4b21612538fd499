"""The review workbook, read back as a reviewer's tools would (openpyxl, LibreOffice)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import ReportError
from mtreview.records import Category
from mtreview.report import write_reports, write_review_xlsx
from mtreview.report.xlsx import merge_spans
from tests.support.sample_review import CORE_EN, CORE_REF, CORE_ZH, COVID_EN, FORMULA, MINUS_EN, make_review


@pytest.fixture(scope="module")
def book(written):
    return load_workbook(written["xlsx"], rich_text=True)


def header(sheet) -> list:
    return [cell.value for cell in sheet[1]]


def column_of(sheet, title: str) -> int:
    return header(sheet).index(title) + 1


def width_of(sheet, column: int) -> float:
    # openpyxl keeps neighbouring columns of equal width as one dimension spanning min..max.
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return dimension.width
    raise AssertionError(f"no width set for column {column}")


def runs_of(value) -> list[tuple[str, object]]:
    """(text, font or None) for each run of a rich-text cell."""
    assert isinstance(value, CellRichText), value
    return [(item.text, item.font) if isinstance(item, TextBlock) else (item, None)
            for item in value]


def is_red_bold(font) -> bool:
    return font is not None and bool(font.b) and font.color is not None \
        and font.color.rgb.upper().endswith("FF0000")


def test_sheets_headers_panes_and_filters(book):
    assert book.sheetnames == ["Summary", "Segments", "Findings"]
    segments, findings = book["Segments"], book["Findings"]
    assert header(segments) == [
        "ID", "Paragraph", "Alignment", "Alignment score", "Source", "Target", "Reference",
        "chrF", "BLEU", "Findings", "Worst severity", "Source note", "Corrected translation", "Comment",
        "Reviewer", "Pre-filled", "Fingerprint"]
    assert header(findings) == [
        "Segment", "Check", "Category", "Severity", "Message", "Suggestion", "Source", "Target",
        "Fingerprint", "Decision", "Scope", "Corrected translation", "Comment", "Reviewer", "Run", "Pre-filled",
        "Target span"]
    # what each row was pre-filled with travels with it, out of the reviewer's way
    assert findings.column_dimensions["P"].hidden and segments.column_dimensions["P"].hidden
    assert book["Summary"].freeze_panes == "A2"
    assert segments.freeze_panes == "B2"
    assert findings.freeze_panes == "B2"
    assert segments.auto_filter.ref == "A1:Q7"
    assert findings.auto_filter.ref == "A1:Q7"
    assert all(cell.font.b for cell in findings[1])
    assert width_of(segments, 1) == pytest.approx(14, abs=1)
    assert width_of(segments, 6) == pytest.approx(60, abs=1)
    assert width_of(findings, 8) == pytest.approx(60, abs=1)


def test_summary_figures(book):
    review = make_review()
    rows = {(row[0], row[1]): row[2:] for row in book["Summary"].iter_rows(min_row=2,
                                                                            values_only=True)}
    assert rows[("Run", "Corpus")][0] == "xinhua-belarus"
    assert rows[("Run", "Run id")][0] == review.run_id
    assert rows[("Run", "Pairs")][0] == 6
    totals = review.totals()
    assert rows[("Run", "Target words")][0] == totals.target_words == 24 + 22 + 21 + 1 + 2 + 0
    assert rows[("Run", "MQM penalty per 100 target words")][0] == pytest.approx(
        round(totals.mqm_penalty, 2))
    # weights: 5 + 1 + 1 + 5 + 1 + 25 = 38 over 70 words
    assert totals.mqm_penalty == pytest.approx(38 / 70 * 100)
    assert rows[("Score", "chrF")][:4] == (61.23, 1, review.scores[0].signature, None)
    assert rows[("Score", "BLEU")][3] == "one reference, partial"
    assert rows[("Severity", "critical")][0] == 1
    assert rows[("Severity", "minor")][0] == 3
    assert rows[("Category", Category.TERMINOLOGY)][0] == 1
    assert rows[("Note", None)][0].startswith("Paragraph 6 of the source is reconstructed")


def test_segments_rows(book):
    sheet = book["Segments"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == ["p1s1", "p3s1", "p3s6", "x1", "x2", "p6s1"]
    core = [cell.value for cell in rows[1]]
    assert core[1] == 3  # paragraph 2 (0-based) shown as 3
    assert core[3] == 0.88
    assert core[4] == CORE_ZH  # Chinese round-trips
    assert core[6] == CORE_REF
    assert core[7] == pytest.approx(58.1234) and core[8] == 21.0
    assert core[9:11] == [1, "minor"]
    covid = [cell.value for cell in rows[2]]
    assert covid[7] is None and covid[8] is None  # scored without a value, and not scored
    assert covid[9:12] == [2, "major", "reconstructed"]
    assert [cell.value for cell in rows[0]][9:11] == [0, None]
    # Overlapping spans "new crown pneumonia" + "pneumonia epidemic" merge into one red run.
    marked = [(text, font) for text, font in runs_of(rows[2][5].value) if is_red_bold(font)]
    assert [text for text, _ in marked] == ["new crown pneumonia epidemic"]
    assert str(rows[2][5].value) == COVID_EN


def test_findings_rows_order_and_rich_text(book):
    sheet = book["Findings"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(row[0], row[1]) for row in rows] == [
        ("p3s1", "quote-apostrophe"), ("p3s6", "terminology"), ("p3s6", "awkward"),
        ("x1", "untranslated"), ("x2", "number-format"), ("p6s1", "omission")]
    apostrophe = rows[0]
    target_runs = runs_of(apostrophe[7])
    marked = [(text, font) for text, font in target_runs if is_red_bold(font)]
    assert [text for text, _ in marked] == ["China‘s"]
    assert marked[0][1].u == "single"
    assert "".join(text for text, _ in target_runs) == CORE_EN
    source_marked = [text for text, font in runs_of(apostrophe[6]) if is_red_bold(font)]
    assert source_marked == ["中方"]
    assert apostrophe[5] == "China's"
    assert [row[9] for row in rows] == ["open"] * 6
    assert [row[10] for row in rows] == ["this document"] * 6
    assert all(row[11] is None and row[12] is None and row[13] is None for row in rows)


def test_text_that_looks_like_a_formula_stays_text(book):
    segments = book["Segments"]
    formula_cell = segments.cell(row=5, column=column_of(segments, "Target"))
    assert formula_cell.value == FORMULA and formula_cell.data_type == "s"
    # A span covering the whole text (clipped from 999) is one run: a plain string in red bold.
    minus_cell = segments.cell(row=6, column=column_of(segments, "Target"))
    assert minus_cell.value == MINUS_EN and minus_cell.data_type == "s"
    assert is_red_bold(minus_cell.font)
    findings = book["Findings"]
    for row in findings.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)


def test_decision_drop_down(book):
    sheet = book["Findings"]
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    # the six findings and 200 rows below them, where a reviewer adds what no check caught
    assert set(validations) == {"J2:J207", "K2:K207", "D2:D207"}
    assert all(v.type == "list" for v in validations.values())
    assert validations["K2:K207"].formula1 == '"this document,this corpus"'
    assert validations["D2:D207"].formula1 == '"minor,major,critical"'
    validation = validations["J2:J207"]
    assert validation.formula1 == '"open,confirmed,false positive,fixed,won\'t fix"'


def test_severity_conditional_formats(book):
    rules = {}
    for ranges, rule_list in book["Findings"].conditional_formatting._cf_rules.items():
        for rule in rule_list:
            rules[rule.formula[0]] = str(ranges.sqref)
    assert rules == {'"critical"': "D2:D7", '"major"': "D2:D7", '"minor"': "D2:D7"}


def test_empty_review_still_writes_a_workbook(tmp_path):
    review = make_review()
    review.pairs, review.findings, review.scores, review.notes = [], [], [], []
    paths = write_reports(review, tmp_path)
    book = load_workbook(paths["xlsx"])
    assert book["Findings"].auto_filter.ref == "A1:Q1"
    assert paths["findings"].read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("spans, expected", [
    ([(0, 3), (2, 5)], [(0, 5)]),                  # overlap
    ([(4, 6), (0, 2), (2, 3)], [(0, 3), (4, 6)]),  # touching spans merge, order does not matter
    ([(-5, 2), (8, 99)], [(0, 2), (8, 10)]),       # clipped to the text
    ([(5, 5), (7, 3), None, (20, 30)], []),        # empty, reversed, missing, beyond the end
])
def test_merge_spans(spans, expected):
    assert merge_spans(spans, 10) == expected


def test_failed_write_raises_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "review.xlsx"
    target.mkdir()  # a folder where the workbook should go: the final rename must fail
    with pytest.raises(ReportError, match="review.xlsx"):
        write_review_xlsx(make_review(), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.xlsx"]
    assert target.is_dir() and not any(target.iterdir())


def test_missing_folder_raises_report_error(tmp_path):
    with pytest.raises(ReportError, match="missing"):
        write_review_xlsx(make_review(), tmp_path / "missing" / "review.xlsx")


def test_libreoffice_opens_the_workbook(written, tmp_path, soffice):
    """LibreOffice reads every sheet; its CSV export shows the texts it actually loaded."""
    workbook = tmp_path / "review.xlsx"
    shutil.copy(written["xlsx"], workbook)
    # 44,34,76: comma, double quote, UTF-8; the final -1 exports every sheet to its own file.
    csv_filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
    completed = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", csv_filter, "--outdir", str(tmp_path), str(workbook)],
        capture_output=True, text=True, timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    exported = {p.stem: p for p in tmp_path.glob("*.csv")}
    assert set(exported) == {"review-Summary", "review-Segments", "review-Findings"}, exported

    def read(name: str) -> list[list[str]]:
        with open(exported[name], encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    segments = read("review-Segments")
    assert segments[0][:3] == ["ID", "Paragraph", "Alignment"]
    assert [row[5] for row in segments[1:]][1:5] == [CORE_EN, COVID_EN, FORMULA, MINUS_EN]
    assert segments[2][4] == CORE_ZH
    findings = read("review-Findings")
    assert findings[1][7] == CORE_EN and findings[1][9] == "open"
    assert read("review-Summary")[1] == ["Run", "Corpus", "xinhua-belarus", "", "", ""]


def test_very_large_outputs_are_capped_with_a_note_and_the_full_data_beside(tmp_path):
    review = make_review()
    paths = write_reports(review, tmp_path)
    # the same review with small caps: first rows in document order, the rest in jsonl/csv
    capped = tmp_path / "capped.xlsx"
    write_review_xlsx(review, capped, max_findings=2, max_segments=3)
    book = load_workbook(capped)
    findings_rows = list(book["Findings"].iter_rows(min_row=2, values_only=True))
    segment_rows = list(book["Segments"].iter_rows(min_row=2, values_only=True))
    full = load_workbook(paths["xlsx"])
    assert [r[:9] for r in findings_rows] == \
        [r[:9] for r in full["Findings"].iter_rows(min_row=2, max_row=3, values_only=True)]
    assert [r[0] for r in segment_rows] == ["p1s1", "p3s1", "p3s6"]
    notes = [row[2] for row in book["Summary"].iter_rows(min_row=2, values_only=True) if row[0] == "Note"]
    assert any("first 2 of 6 findings" in note and "findings.jsonl" in note for note in notes)
    assert any("first 3 of 6 segments" in note for note in notes)
    assert len(paths["findings"].read_text(encoding="utf-8").splitlines()) == 6
    # under the caps: no note
    full_notes = [row[2] for row in full["Summary"].iter_rows(min_row=2, values_only=True) if row[0] == "Note"]
    assert not any("shows the first" in (note or "") for note in full_notes)


def test_translators_notes_get_a_column_only_when_there_are_some(tmp_path):
    from dataclasses import replace as replaced

    review = make_review()
    review.pairs = [replaced(review.pairs[0], notes=("client: keep 'China‘s' as in the source?",))] + review.pairs[1:]
    paths = write_reports(review, tmp_path)
    segments = load_workbook(paths["xlsx"])["Segments"]
    header = [cell.value for cell in segments[1]]
    assert header[-6] == "Notes"
    assert segments.cell(row=2, column=len(header) - 5).value == "client: keep 'China‘s' as in the source?"


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
