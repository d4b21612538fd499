"""The reviewer's workbook: Summary, Segments and Findings sheets, written with XlsxWriter.

Every text cell goes through write_string / write_rich_string, never the type-guessing `write`,
so a translation that starts with = + - @ stays text and can never run as a formula.
"""

from __future__ import annotations

import contextlib
import math
import re
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from mtreview import progress
from mtreview.records import DECISIONS as RECORD_DECISIONS
from mtreview.records import Review, ReviewTotals, Severity, Span
from mtreview.report.machine import atomic_output
from mtreview.review_sheet import (
    EMBEDDINGS_ITEM,
    INPUT_ITEM,
    PREFILLED_COLUMN,
    SCOPE_LABELS,
    SEGMENT_FINGERPRINT_COLUMN,
    TARGET_SPAN_COLUMN,
    prefilled_cell,
    segment_fingerprint,
    span_cell,
)

# The reviewer's choices, and the column `mtreview ingest` reads back (with Fingerprint and Run).
DECISIONS = list(RECORD_DECISIONS)

SEGMENT_COLUMNS_BEFORE_SCORES = [
    ("ID", 14), ("Paragraph", 11), ("Alignment", 11), ("Alignment score", 11),
    ("Source", 60), ("Target", 60), ("Reference", 60),
]
SEGMENT_COLUMNS_AFTER_SCORES = [("Findings", 10), ("Worst severity", 14), ("Source note", 16)]
# The reviewer's columns of the Segments sheet: a correction of any segment is a post-edit (HTER).
SEGMENT_REVIEW_COLUMNS = [("Corrected translation", 60), ("Comment", 40), ("Reviewer", 14)]
FINDING_COLUMNS = [
    ("Segment", 14), ("Check", 18), ("Category", 24), ("Severity", 11), ("Message", 40),
    ("Suggestion", 24), ("Source", 60), ("Target", 60), ("Fingerprint", 18),
    ("Decision", 15), ("Scope", 14), ("Corrected translation", 60), ("Comment", 40), ("Reviewer", 14), ("Run", 24),
    (PREFILLED_COLUMN, 10), (TARGET_SPAN_COLUMN, 10),
]
FINDING_COLUMN = {title: col for col, (title, _) in enumerate(FINDING_COLUMNS)}
# Rows below the findings keep the drop-downs, so that a reviewer can add the errors no check caught.
ADDED_ROWS = 200
SUMMARY_COLUMNS = [("Section", 12), ("Item", 34), ("Value", 60), ("Segments", 10),
                   ("Signature", 40), ("Note", 40)]

# Background, font colour: dark red needs white text to stay readable.
SEVERITY_COLOURS = {
    Severity.CRITICAL: ("#8B0000", "#FFFFFF"),
    Severity.MAJOR: ("#FFA500", "#000000"),
    Severity.MINOR: ("#FFFF00", "#000000"),
}

# Explicit row heights, because neither Excel reliably nor LibreOffice at all grows a row for
# wrapped text in a file it did not write itself; an estimate that errs tall beats clipped text.
LINE_HEIGHT = 15.0  # points per line of the default 11-point font
MAX_ROW_HEIGHT = 409.0  # Excel's largest row height
# Column widths count digit widths; average Latin text runs a little wider in fallback fonts,
# and CJK ideographs take two.
LATIN_CHARACTER_WIDTH = 1.1
WIDE_CHARACTER_WIDTH = 2.0

# Excel's cell limit, counted in UTF-16 code units; write_rich_string refuses longer text outright
# where write_string truncates, so longer text falls back to a plain (truncated) string.
EXCEL_STRING_LIMIT = 32767

# Above these, the sheets hold the first rows only, and the Summary says so: a workbook of a million
# rows (Excel's limit is 1,048,576) opens slowly or not at all, and no reviewer reads that far. The
# complete data is always in findings.jsonl and findings.csv.
MAX_FINDING_ROWS = 100_000
MAX_SEGMENT_ROWS = 200_000


def merge_spans(spans: Iterable[Span | None], length: int) -> list[Span]:
    """Clip spans to [0, length], drop empty or reversed ones, merge overlapping/touching ones."""
    clipped = []
    for span in spans:
        if span is None:
            continue
        start, end = (max(0, min(int(offset), length)) for offset in span)
        if end > start:
            clipped.append((start, end))
    merged: list[Span] = []
    for start, end in sorted(clipped):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class _Formats:
    """The workbook's formats, created once: XlsxWriter stores one style record per Format."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        top = {"valign": "top"}
        self.header = book.add_format({"bold": True, "valign": "top", "text_wrap": True,
                                       "bg_color": "#D9D9D9", "bottom": 1})
        self.cell = book.add_format(top)
        self.text = book.add_format({**top, "text_wrap": True})
        self.number = book.add_format({**top, "num_format": "0.00"})
        self.integer = book.add_format({**top, "num_format": "0"})
        # Rich-text runs only carry font properties; wrap and alignment come from the cell format.
        self.mark = book.add_format({"bold": True, "font_color": "red"})
        self.mark_underlined = book.add_format({"bold": True, "font_color": "red", "underline": 1})
        # A span covering the whole text is one fragment, which write_rich_string rejects, so
        # such cells are plain strings in a cell format carrying the same font.
        self.whole_mark = book.add_format({**top, "text_wrap": True, "bold": True,
                                           "font_color": "red"})
        self.whole_mark_underlined = book.add_format({**top, "text_wrap": True, "bold": True,
                                                      "font_color": "red", "underline": 1})
        self.severity = {
            severity: book.add_format({"bg_color": background, "font_color": font})
            for severity, (background, font) in SEVERITY_COLOURS.items()
        }


def write_review_xlsx(review: Review, path: Path, *, max_findings: int | None = None,
                      max_segments: int | None = None) -> None:
    """Write the review workbook to `path` atomically; raises ReportError if it cannot.

    The Findings and Segments sheets hold at most max_findings / max_segments rows (default
    MAX_FINDING_ROWS / MAX_SEGMENT_ROWS), the first in document order, with a note in the Summary.
    """
    limits = _Limits(MAX_FINDING_ROWS if max_findings is None else max_findings,
                     MAX_SEGMENT_ROWS if max_segments is None else max_segments)
    with atomic_output(Path(path)) as temporary:
        book = xlsxwriter.Workbook(
            str(temporary),
            {
                # Belt and braces: we never call `write`, but if someone does, text stays text.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                # Rows go to disk as they are written: memory stays flat however many findings
                # there are (every sheet is written strictly row by row, as this mode requires).
                "constant_memory": True,
                # XlsxWriter's own temporary files go beside the workbook (in the run's staging folder),
                # not into $TMPDIR, so a failed or killed run leaves none of them anywhere.
                "tmpdir": str(Path(path).parent),
            },
        )
        try:
            formats = _Formats(book)
            _CUT_CELLS[0] = 0
            # The Summary is the first tab but is written last: it reports the cells cut on the other sheets.
            summary, segments, findings = (book.add_worksheet(name) for name in ("Summary", "Segments", "Findings"))
            _write_segments(segments, review, formats, limits.segments)
            _write_findings(findings, review, formats, limits.findings)
            _write_summary(summary, review, formats, limits)
        except BaseException:
            # Still close, so XlsxWriter releases its own temporary files; the first error is
            # the one worth reporting, not whatever closing a half-built workbook raises.
            try:
                book.close()
            except Exception as closing:
                _release_zip_files(closing)
            raise
        finally:
            _lines_needed.cache_clear()  # the texts measured are not kept once the workbook is written
        try:
            book.close()  # close() is what writes the file; its errors become ReportError
        except BaseException as error:
            _release_zip_files(error)
            raise


def _release_zip_files(error: BaseException) -> None:
    """Close the ZipFile XlsxWriter left open when writing failed (a full disk): else Python closes it at
    exit, fails the same way, and prints "Exception ignored in ZipFile.__del__" under our one-line error."""
    seen: BaseException | None = error
    while seen is not None:  # XlsxWriter re-raises the OSError as FileCreateError: look in both
        traceback = seen.__traceback__
        while traceback is not None:
            for value in list(traceback.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile):
                    with contextlib.suppress(Exception):
                        value.close()  # fails again, but leaves the ZipFile closed (its fp is dropped)
            traceback = traceback.tb_next
        seen = seen.__context__


class _Limits:
    def __init__(self, findings: int, segments: int) -> None:
        self.findings, self.segments = max(0, findings), max(0, segments)

    def notes(self, review: Review) -> list[str]:
        notes = []
        if len(review.findings) > self.findings:
            notes.append(f"The Findings sheet shows the first {self.findings:,} of {len(review.findings):,} "
                         "findings (in document order); all of them are in findings.jsonl and findings.csv "
                         "beside this workbook.")
        if len(review.pairs) > self.segments:
            notes.append(f"The Segments sheet shows the first {self.segments:,} of {len(review.pairs):,} "
                         "segments; the findings of every segment are in findings.jsonl and findings.csv, "
                         "the scores in scores.json.")
        return notes


def _write_header(sheet: Worksheet, columns: list[tuple[str, int]], formats: _Formats,
                  text_columns: set[int]) -> list[int]:
    """Write the header row and column widths; returns the widths for _fit_row_height."""
    widths = [width for _, width in columns]
    for col, (title, width) in enumerate(columns):
        sheet.write_string(0, col, title, formats.header)
        sheet.set_column(col, col, width, formats.text if col in text_columns else formats.cell)
    _fit_row_height(sheet, 0, {col: title for col, (title, _) in enumerate(columns)}, widths)
    return widths


# East Asian wide and full-width characters (CJK, Hangul, kana, full-width forms) take two columns.
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


# The Findings sheet measures the same source and target once per finding; findings come in pair
# order, so a small cache catches the repeats without pinning a corpus's worth of texts.
@lru_cache(maxsize=4096)
def _lines_needed(text: str, width: int) -> int:
    per_line = max(width - 1, 1)
    lines = 0
    for part in text.split("\n"):
        wide = len(_WIDE.findall(part))
        units = wide * WIDE_CHARACTER_WIDTH + (len(part) - wide) * LATIN_CHARACTER_WIDTH
        lines += max(1, math.ceil(units / per_line))
    return lines


def _fit_row_height(sheet: Worksheet, row: int, texts: dict[int, str | None],
                    widths: list[int]) -> None:
    """Make `row` tall enough for its longest wrapped text (texts keyed by column)."""
    lines = max((_lines_needed(text, widths[col]) for col, text in texts.items() if text),
                default=1)
    if lines > 1:
        sheet.set_row(row, min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT))
    _forget_written_row(sheet, row - 1)


def _forget_written_row(sheet: Worksheet, row: int) -> None:
    """Drop what XlsxWriter keeps of a row it has already written out.

    In constant_memory mode a row goes to disk when the next one starts, but XlsxWriter keeps every
    row's set_row height (for placing images, which these sheets have none of): some 350 bytes a row,
    a hundred megabytes at the row caps. Rows are written in order, so once row + 1 has a cell, row is
    final. These are XlsxWriter's internal tables: if a later version renames them, nothing is dropped.
    """
    if row < 0 or not getattr(sheet, "constant_memory", False) or row >= getattr(sheet, "previous_row", 0):
        return
    for name in ("row_info", "row_sizes"):
        table = getattr(sheet, name, None)
        if isinstance(table, dict):
            table.pop(row, None)


def _finish_sheet(sheet: Worksheet, rows: int, columns: int, freeze_first_column: bool,
                  severity_columns: Iterable[int], formats: _Formats) -> None:
    """Frozen header, autofilter over header + data, severity colours, printable on A4 landscape."""
    last_row = max(rows, 0)
    sheet.freeze_panes(1, 1 if freeze_first_column else 0)
    sheet.autofilter(0, 0, last_row, columns - 1)
    if rows:
        for col in severity_columns:
            for severity, severity_format in formats.severity.items():
                sheet.conditional_format(1, col, rows, col, {
                    "type": "cell", "criteria": "==", "value": f'"{severity.value}"',
                    "format": severity_format,
                })
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


# Cells cut to Excel's limit in the workbook being written (reported in its Summary). One workbook is
# written at a time in a process.
_CUT_CELLS = [0]
# XlsxWriter escapes text that looks like an OOXML escape (_x0020_) once for a plain string but twice for
# a rich string in constant-memory mode, so Excel and LibreOffice would show "_x005F_x0020_" there.
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def _within_cell_limit(text: str) -> str:
    """Text an Excel cell can hold: longer text is cut, and says so, instead of being cut silently."""
    units = len(text.encode("utf-16-le")) // 2
    if units <= EXCEL_STRING_LIMIT:
        return text
    _CUT_CELLS[0] += 1
    marker = f" … [cut: {len(text):,} characters in all; findings.jsonl has the whole text]"
    kept = text.encode("utf-16-le")[: 2 * (EXCEL_STRING_LIMIT - len(marker) - 2)].decode("utf-16-le", "ignore")
    return kept + marker


def _write_text(sheet: Worksheet, row: int, col: int, text: str | None,
                cell_format: Format) -> None:
    # Missing text is a blank cell, not an empty string, so Excel's "blanks" filter finds it.
    if text:
        sheet.write_string(row, col, _within_cell_limit(text), cell_format)
    else:
        sheet.write_blank(row, col, None, cell_format)


def _write_number(sheet: Worksheet, row: int, col: int, value: float | None,
                  cell_format: Format, digits: int | None = None) -> None:
    if value is None or not math.isfinite(value):  # Excel has no NaN/inf: leave it blank
        sheet.write_blank(row, col, None, cell_format)
    else:
        sheet.write_number(row, col, round(value, digits) if digits is not None else value,
                           cell_format)


def _write_marked_text(sheet: Worksheet, row: int, col: int, text: str,
                       spans: Iterable[Span | None], mark: Format, whole_mark: Format,
                       cell_format: Format) -> None:
    """Write `text` with every span in `mark`'s font, coping with the edge cases of rich strings."""
    merged = merge_spans(spans, len(text))
    too_long = len(text.encode("utf-16-le")) // 2 > EXCEL_STRING_LIMIT
    if not merged or too_long or _OOXML_ESCAPE.search(text):
        _write_text(sheet, row, col, text, cell_format)  # plain: cut with a marker, or escaped once
        return
    fragments: list = []
    position = 0
    for start, end in merged:
        if start > position:
            fragments.append(text[position:start])
        fragments += [mark, text[start:end]]
        position = end
    if position < len(text):
        fragments.append(text[position:])
    if len(fragments) == 2:  # [mark, whole text]: the span covers everything
        sheet.write_string(row, col, text, whole_mark)
        return
    if sheet.write_rich_string(row, col, *fragments, cell_format) != 0:
        # Cannot happen with the fragments built above; keep the text rather than lose the cell.
        sheet.write_string(row, col, text, cell_format)


def _write_summary(sheet: Worksheet, review: Review, formats: _Formats, limits: _Limits) -> None:
    widths = _write_header(sheet, SUMMARY_COLUMNS, formats, text_columns={2, 4, 5})
    row = 0

    def add(section: str, item: str, value: str | float | int | None = None,
            number_format: Format | None = None) -> int:
        nonlocal row
        row += 1
        _write_text(sheet, row, 0, section, formats.cell)
        _write_text(sheet, row, 1, item, formats.cell)
        if isinstance(value, (int, float)) or value is None and number_format is not None:
            _write_number(sheet, row, 2, value, number_format or formats.integer)
        else:
            _write_text(sheet, row, 2, value, formats.text)
            _fit_row_height(sheet, row, {2: value}, widths)
        return row

    add("Run", "Corpus", review.corpus)
    add("Run", "Document", review.document)
    add("Run", "System", review.system)
    add("Run", "Run id", review.run_id)
    add("Run", "History", review.history)
    add("Run", "Time (UTC)", review.created)
    add("Run", "Tool version", review.tool_version)
    inputs = review.config.get("inputs", ())  # a list of paths, as review_corpus records them
    for path in inputs if isinstance(inputs, (list, tuple)) else ():
        add("Run", INPUT_ITEM, str(path))
    if review.config.get("embeddings"):
        add("Run", EMBEDDINGS_ITEM, str(review.config["embeddings"]))
    totals: ReviewTotals = review.totals()  # one pass over pairs and one over findings, for all figures
    add("Run", "Pairs", totals.pairs)
    add("Run", "Target words", totals.target_words)
    add("Run", "Findings", totals.findings)
    add("Run", "Dismissed findings not shown", review.suppressed)
    penalty = totals.mqm_penalty
    add("Run", "MQM penalty per 100 target words",
        round(penalty, 2) if penalty is not None else None, formats.number)
    for score in review.scores:
        scored = sum(1 for value in score.segments if value is not None)
        at = add("Score", score.metric, None, formats.number)
        _write_number(sheet, at, 2, score.corpus, formats.number, digits=2)
        _write_number(sheet, at, 3, scored, formats.integer)
        _write_text(sheet, at, 4, score.signature, formats.text)
        _write_text(sheet, at, 5, score.note, formats.text)
        _fit_row_height(sheet, at, {4: score.signature, 5: score.note}, widths)
    for severity, count in totals.severities.items():
        add("Severity", severity.value, count)
    for category, count in totals.categories.items():
        add("Category", category, count)
    for stats in review.check_stats:
        at = add("Check", stats.check, stats.summary())
    for category, count in review.added_by_category.items():
        add("Added by reviewers", category, count)
    cut = [f"{_CUT_CELLS[0]:,} cell(s) longer than Excel's limit of {EXCEL_STRING_LIMIT:,} characters are cut "
           "in this workbook, each marked “[cut: …]”; findings.jsonl and findings.csv hold the whole texts."
           ] if _CUT_CELLS[0] else []
    for note in cut + limits.notes(review) + list(review.notes):
        add("Note", "", note)
    _finish_sheet(sheet, row, len(SUMMARY_COLUMNS), freeze_first_column=False,
                  severity_columns=[1], formats=formats)


def _write_segments(sheet: Worksheet, review: Review, formats: _Formats, limit: int) -> None:
    metric_columns = [(score.metric, 10) for score in review.scores]
    # Translators' notes come only with TMX and XLIFF input: their column appears only then.
    with_notes = any(pair.notes for pair in review.pairs)
    columns = (SEGMENT_COLUMNS_BEFORE_SCORES + metric_columns + SEGMENT_COLUMNS_AFTER_SCORES
               + ([("Notes", 40)] if with_notes else []) + SEGMENT_REVIEW_COLUMNS + [(PREFILLED_COLUMN, 10)]
               + [(SEGMENT_FINGERPRINT_COLUMN, 18)])
    first_metric = len(SEGMENT_COLUMNS_BEFORE_SCORES)
    after = first_metric + len(metric_columns)
    review_col = len(columns) - len(SEGMENT_REVIEW_COLUMNS) - 2
    widths = _write_header(sheet, columns, formats, text_columns={4, 5, 6, review_col, review_col + 1})
    sheet.set_column(len(columns) - 2, len(columns) - 1, None, None, {"hidden": True})
    edits = review.memory.edits

    # Pairs, their findings and segment scores in one merge pass (review.pairs and review.findings
    # may be SpillLists on disk), stopping at the cap.
    rows = 0
    segment_rows = progress.track(islice(review.segments(), limit), "writing segments")
    for position, pair, findings, segment_scores in segment_rows:
        row = rows = position + 1
        _write_text(sheet, row, 0, pair.id, formats.cell)
        # Pair.paragraph is 0-based like the sentence indices; people count from 1.
        paragraph = pair.paragraph + 1 if pair.paragraph is not None else None
        _write_number(sheet, row, 1, paragraph, formats.integer)
        _write_text(sheet, row, 2, pair.kind, formats.cell)
        _write_number(sheet, row, 3, pair.align_score, formats.number, digits=2)
        _write_text(sheet, row, 4, pair.source, formats.text)
        _write_marked_text(sheet, row, 5, pair.target, [f.target_span for f in findings],
                           formats.mark, formats.whole_mark, formats.text)
        _write_text(sheet, row, 6, pair.reference, formats.text)
        _fit_row_height(sheet, row, {4: pair.source, 5: pair.target, 6: pair.reference}, widths)
        for offset, value in enumerate(segment_scores):
            _write_number(sheet, row, first_metric + offset, value, formats.number)
        _write_number(sheet, row, after, len(findings), formats.integer)
        worst = max((f.severity for f in findings), key=lambda s: s.rank, default=None)
        _write_text(sheet, row, after + 1, worst.value if worst else "", formats.cell)
        _write_text(sheet, row, after + 2, pair.source_note, formats.cell)
        if with_notes:
            _write_text(sheet, row, after + 3, "\n".join(pair.notes), formats.text)
        # What the history holds for this sentence is pre-filled, and what was pre-filled is kept in a
        # hidden column: ingest then stores only what the reviewer changed.
        edit = edits.get(pair.source)
        corrected, comment = (edit.post_edit or "", edit.comment or "") if edit else ("", "")
        _write_text(sheet, row, review_col, corrected, formats.text)
        _write_text(sheet, row, review_col + 1, comment, formats.text)
        _write_text(sheet, row, review_col + 2, edit.reviewer if edit else "", formats.cell)
        _write_text(sheet, row, review_col + 3, prefilled_cell(corrected=corrected, comment=comment), formats.cell)
        _write_text(sheet, row, review_col + 4, segment_fingerprint(pair.source, pair.target), formats.cell)

    _finish_sheet(sheet, rows, len(columns), freeze_first_column=True,
                  severity_columns=[after + 1], formats=formats)


def _write_findings(sheet: Worksheet, review: Review, formats: _Formats, limit: int) -> None:
    col = FINDING_COLUMN
    widths = _write_header(sheet, FINDING_COLUMNS, formats,
                           text_columns={col[name] for name in ("Category", "Message", "Suggestion", "Source",
                                                                "Target", "Corrected translation", "Comment")})
    sheet.set_column(col[PREFILLED_COLUMN], col[TARGET_SPAN_COLUMN], None, None, {"hidden": True})
    decisions, edits = review.memory.decisions, review.memory.edits
    rows = 0
    finding_rows = progress.track(islice(review.ordered_findings(), limit), "writing findings")
    for row, (finding, pair) in enumerate(finding_rows, start=1):
        rows = row
        _write_text(sheet, row, col["Segment"], finding.pair_id, formats.cell)
        _write_text(sheet, row, col["Check"], finding.check, formats.cell)
        _write_text(sheet, row, col["Category"], finding.category, formats.text)
        _write_text(sheet, row, col["Severity"], finding.severity.value, formats.cell)
        _write_text(sheet, row, col["Message"], finding.message, formats.text)
        _write_text(sheet, row, col["Suggestion"], finding.suggestion, formats.text)
        _write_marked_text(sheet, row, col["Source"], pair.source if pair else "", [finding.source_span],
                           formats.mark_underlined, formats.whole_mark_underlined, formats.text)
        _write_marked_text(sheet, row, col["Target"], pair.target if pair else "", [finding.target_span],
                           formats.mark_underlined, formats.whole_mark_underlined, formats.text)
        _write_text(sheet, row, col["Fingerprint"], finding.fingerprint, formats.cell)
        # Everything decided on earlier rounds of the document is pre-filled, not asked for again; a
        # reviewer's own finding stands confirmed until they say otherwise.
        state = decisions.get(finding.fingerprint)
        decision = review.prefilled_decision(finding)
        scope = state.scope if state else "document"
        comment = state.comment if state else ""
        edit = edits.get(pair.source) if pair else None
        corrected = edit.post_edit or "" if edit else ""
        _write_text(sheet, row, col["Decision"], decision, formats.cell)
        _write_text(sheet, row, col["Scope"], SCOPE_LABELS[scope], formats.cell)
        _write_text(sheet, row, col["Corrected translation"], corrected, formats.text)
        _write_text(sheet, row, col["Comment"], comment, formats.text)
        _write_text(sheet, row, col["Reviewer"], state.reviewer if state else "", formats.cell)
        _write_text(sheet, row, col["Run"], review.run_id, formats.cell)
        _write_text(sheet, row, col[PREFILLED_COLUMN],
                    prefilled_cell(decision=decision, scope=scope, comment=comment, corrected=corrected),
                    formats.cell)
        _write_text(sheet, row, col[TARGET_SPAN_COLUMN], span_cell(finding.target_span), formats.cell)
        _fit_row_height(sheet, row, {col["Category"]: finding.category, col["Message"]: finding.message,
                                     col["Suggestion"]: finding.suggestion,
                                     col["Source"]: pair.source if pair else None,
                                     col["Target"]: pair.target if pair else None}, widths)

    # Drop-downs on the findings and on the empty rows below them, where a reviewer adds what no check caught
    # (Segment, Category, Severity; the flagged text in Target and a Comment optional).
    last = rows + ADDED_ROWS
    for title, choices in (("Decision", DECISIONS), ("Scope", list(SCOPE_LABELS.values())),
                           ("Severity", [s.value for s in Severity if s is not Severity.NEUTRAL])):
        sheet.data_validation(1, col[title], last, col[title], {
            "validate": "list", "source": choices, "error_title": title,
            "error_message": "Choose one of: " + ", ".join(choices)})
    _finish_sheet(sheet, rows, len(FINDING_COLUMNS), freeze_first_column=True,
                  severity_columns=[col["Severity"]], formats=formats)
