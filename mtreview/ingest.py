"""Read a review sheet back: the reviewer's decisions, corrections, comments and own findings, into the history.

The sheets are read by their header names, so a reviewer may re-sort or filter rows, add columns or leave
cells empty. Every row is checked before anything is stored, and one workbook is stored in one transaction:
a bad workbook changes nothing. Only what the reviewer changed is stored: each row carries, in a hidden
column, what it was pre-filled with (mtreview.review_sheet), so a decision left as it was pre-filled is not
a new decision, and one set back to "open" is (a dismissal can be undone).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from mtreview.errors import HistoryError, InputError
from mtreview.records import DECISIONS, Decision, ReviewerFinding, SegmentEdit, Severity
from mtreview.review_sheet import (
    FINDINGS_SHEET,
    INPUT_ITEM,
    PREFILLED_COLUMN,
    SCOPE_OF_LABEL,
    SEGMENTS_SHEET,
    SUMMARY_SHEET,
    read_prefilled,
)

_FINDING_COLUMNS = {"segment": "Segment", "check": "Check", "category": "Category", "severity": "Severity",
                    "target": "Target", "fingerprint": "Fingerprint", "decision": "Decision", "scope": "Scope",
                    "corrected": "Corrected translation", "comment": "Comment", "reviewer": "Reviewer", "run": "Run",
                    "prefilled": PREFILLED_COLUMN}
_SEGMENT_COLUMNS = {"id": "ID", "corrected": "Corrected translation", "comment": "Comment", "reviewer": "Reviewer",
                    "prefilled": PREFILLED_COLUMN}
_MAX_LISTED = 10
# A workbook is refused before parsing when it would inflate beyond these: a 1 MB file can hold a 1 GiB
# cell (a decompression bomb). The largest sheet mtreview writes (200,000 segments, 100,000 findings)
# stays far below; the ratio limit only applies to large members, as XML compresses 5-20 times.
MAX_MEMBER_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO, RATIO_FROM_BYTES = 200, 64 << 20
EXCEL_CELL_LIMIT = 32767  # characters: Excel writes no longer cell
_SEVERITIES = tuple(s.value for s in Severity if s is not Severity.NEUTRAL)


@dataclass
class IngestResult:
    path: Path
    run_id: str
    corpus: str
    document: str = ""
    history: str | Path | None = None
    decisions: dict[str, int] = field(default_factory=dict)  # decision -> rows that set it
    comments: int = 0  # rows whose comment changed
    post_edits: int = 0  # source sentences corrected (or a correction withdrawn)
    reviewer_findings: int = 0
    unchanged: int = 0  # rows left as they were pre-filled


@dataclass
class _Sheet:
    rows: list[tuple[int, dict[str, str]]]  # (sheet row, our column key -> text)
    columns: set[str]


@dataclass
class _Workbook:
    findings: _Sheet
    segments: _Sheet | None
    summary: dict[str, str]  # Summary sheet item -> value (of the Run section; a repeated item: its last value)
    inputs: list[str] = field(default_factory=list)  # the Summary's Input rows, in order


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _is_ole2(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def _sheet(path: Path, rows: list[tuple], formulas: list[tuple] | None, names: dict[str, str], title: str,
           problems: list[str], unstripped: frozenset[str] = frozenset()) -> _Sheet:
    """The sheet's rows as text by our column keys. A cell a reviewer's program could not turn into text is
    a problem of its row: a formula without a computed value (it would read as empty, and its row as
    "open"), a date or a truth value (a correction is text), a cell longer than Excel allows."""
    if not rows:
        raise InputError(path, f"the {title} sheet is empty")
    header = [_cell_text(cell).lower() for cell in rows[0]]
    positions = {key: header.index(name.lower()) for key, name in names.items() if name.lower() in header}
    data = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell is not None and _cell_text(cell) for cell in row):
            if not (formulas and _has_formula(formulas[number - 1], positions)):
                continue
        values = {}
        for key, at in positions.items():
            value = row[at] if at < len(row) else None
            label = f"{title} row {number}, {names[key]}" if title != FINDINGS_SHEET else f"row {number}, {names[key]}"
            if value is None and formulas and at < len(formulas[number - 1]) and _is_formula(formulas[number - 1][at]):
                problems.append(f"{label}: a formula with no computed value ({formulas[number - 1][at]}); "
                                "type the value, or recalculate and save")
            elif isinstance(value, (datetime, date, time, bool)):
                problems.append(f"{label}: {value!r} is a {type(value).__name__}, not text; format the cell as text")
            elif isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                problems.append(f"{label}: {len(value):,} characters, more than a cell holds ({EXCEL_CELL_LIMIT:,})")
            # a suggestion may be a space (two spaces -> one): only some columns are trimmed
            values[key] = str(value) if key in unstripped and value is not None else _cell_text(value)
        data.append((number, values))
    return _Sheet(data, set(positions))


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _has_formula(row: tuple, positions: dict[str, int]) -> bool:
    return any(at < len(row) and _is_formula(row[at]) for at in positions.values())


def _refuse_bombs(path: Path) -> None:
    """Refuse an archive whose members inflate beyond what any spreadsheet program writes."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: load_workbook says what it is
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or (member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO):
            raise InputError(path, f"refused: {member.filename} would inflate to {member.file_size:,} bytes "
                                   f"({ratio:,.0f} times its packed size); not a review sheet")
    if total > MAX_TOTAL_BYTES:
        raise InputError(path, f"refused: the workbook would inflate to {total:,} bytes; not a review sheet")


def _read_workbook(path: Path, finding_columns: dict[str, str] = _FINDING_COLUMNS,
                   segment_columns: dict[str, str] = _SEGMENT_COLUMNS,
                   unstripped: frozenset[str] = frozenset()) -> _Workbook:
    """The workbook's sheets by our column keys (mtreview.apply reads other columns than ingest does)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _refuse_bombs(path)

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError) as error:
        if _is_ole2(path):  # what Excel and LibreOffice write for a password-protected workbook (or an old .xls)
            raise InputError(path, "is encrypted (password-protected) or an old .xls, not an .xlsx; "
                                   "save it as an .xlsx without a password") from None
        raise InputError(path, f"not an .xlsx workbook ({type(error).__name__})") from None
    try:
        if FINDINGS_SHEET not in book.sheetnames:
            raise InputError(path, f"has no {FINDINGS_SHEET} sheet (sheets: {', '.join(book.sheetnames)})")
        problems: list[str] = []
        formulas = _formula_cells(path)
        findings = _sheet(path, list(book[FINDINGS_SHEET].iter_rows(values_only=True)), formulas.get(FINDINGS_SHEET),
                          finding_columns, FINDINGS_SHEET, problems, unstripped)
        segments = None
        if SEGMENTS_SHEET in book.sheetnames:
            segment_rows = list(book[SEGMENTS_SHEET].iter_rows(values_only=True))
            segments = (_sheet(path, segment_rows, formulas.get(SEGMENTS_SHEET), segment_columns, SEGMENTS_SHEET,
                               problems) if segment_rows else None)
        _raise_if(path, problems)
        summary, inputs = {}, []
        if SUMMARY_SHEET in book.sheetnames:
            for row in book[SUMMARY_SHEET].iter_rows(values_only=True):
                if len(row) > 2 and row[0] == "Run" and row[1]:
                    summary[str(row[1])] = _cell_text(row[2])
                    if row[1] == INPUT_ITEM and _cell_text(row[2]):
                        inputs.append(_cell_text(row[2]))
    except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError) as error:  # sheets are parsed lazily
        raise InputError(path, f"a corrupt .xlsx workbook ({type(error).__name__})") from None
    finally:
        book.close()
    missing = [finding_columns[key] for key in ("fingerprint", "decision") if key not in findings.columns]
    if missing:
        raise InputError(path, f"the {FINDINGS_SHEET} sheet has no {', '.join(missing)} column")
    return _Workbook(findings, segments, summary, inputs)


def _formula_cells(path: Path) -> dict[str, list[tuple]]:
    """The reviewer sheets' cells as written (formulas as "=..." text), for the sheets that have any formula:
    the values-only reading shows a formula a program never computed as an empty cell."""
    from openpyxl import load_workbook

    if not _has_formulas(path):
        return {}  # the usual sheet: no second parse of the workbook
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        found = {}
        for title in (FINDINGS_SHEET, SEGMENTS_SHEET):
            if title in book.sheetnames:
                rows = list(book[title].iter_rows(values_only=True))
                if any(_is_formula(cell) for row in rows for cell in row):
                    found[title] = rows
        return found
    finally:
        book.close()


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")  # <f> in a worksheet's XML (not <formula1> of a drop-down)


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet holds a formula, from the archive's XML without parsing the workbook."""
    with zipfile.ZipFile(path) as archive:
        return any(_FORMULA_ELEMENT.search(archive.read(member))
                   for member in archive.namelist() if member.startswith("xl/worksheets/") and member.endswith(".xml"))


def _raise_if(path: Path, problems: list[str], nothing: str = "nothing imported") -> None:
    if problems:
        listed = "; ".join(problems[:_MAX_LISTED])
        more = f"; and {len(problems) - _MAX_LISTED} more" if len(problems) > _MAX_LISTED else ""
        raise InputError(path, f"{len(problems)} problem row(s), {nothing}: {listed}{more}")


def _run_of(path: Path, book: _Workbook) -> str:
    runs = {values.get("run", "") for _, values in book.findings.rows if values.get("fingerprint")}
    runs.discard("")
    summary_run = book.summary.get("Run id", "")
    if len(runs) > 1:
        raise InputError(path, f"rows from several runs ({', '.join(sorted(runs))}); ingest one run's sheet at a time")
    run_id = next(iter(runs), "") or summary_run
    if not run_id:
        raise InputError(path, "names no run (no Run column and no Run id in the Summary sheet)")
    return run_id


def locate_history(path: Path, book_history: str, run_id: str, explicit: str | Path | None) -> str | Path:
    """The history the workbook came from: --history if given; else the one the Summary names (a file, or a
    postgresql:// URL without its password: libpq then finds it in PGPASSWORD or ~/.pgpass); else the one
    beside the run folder (OUT/history.sqlite for OUT/<corpus>/<run-id>/review.xlsx); else ./reports."""
    from mtreview.history import open_history
    from mtreview.history.location import sqlite_path

    if explicit is not None:
        explicit_file = sqlite_path(explicit)
        if explicit_file is not None and not explicit_file.exists():
            raise InputError(path, f"no history at {explicit} to ingest into; review the corpus first")
        return explicit
    book_file = sqlite_path(book_history) if book_history else None
    name = book_file.name if book_file is not None else "history.sqlite"
    candidates: list[str | Path] = [book_file if book_file is not None else book_history] if book_history else []
    candidates += [path.resolve().parent.parent.parent / name, Path("reports") / "history.sqlite"]
    tried = []
    server_error = None
    for candidate in dict.fromkeys(candidates):
        tried.append(str(candidate))
        candidate_file = sqlite_path(candidate)
        if candidate_file is not None and not candidate_file.is_file():
            continue
        try:
            with open_history(candidate, create=False) as history:
                if history.runs_exist([run_id]):
                    return candidate
        except HistoryError as error:  # not a history we can read: try the next place
            if candidate_file is None:
                server_error = error
            continue
        except Exception:
            continue
    if server_error is not None:  # the sheet names a server history that could not be read: say why
        raise InputError(path, f"no history holding run {run_id} (tried {', '.join(tried)}; {server_error}); "
                               "give --history")
    raise InputError(path, f"no history holding run {run_id} (tried {', '.join(tried)}); give --history")


def ingest_workbook(path: Path, history_path: str | Path | None = None, *, corpus: str | None = None,
                    document: str | None = None) -> IngestResult:
    """Store a reviewed workbook's decisions, corrections and reviewer findings in the history, all or
    nothing. `corpus`/`document` file them under another identity than the run's (e.g. a renamed article)."""
    from mtreview.history import open_history

    path = Path(path)
    book = _read_workbook(path)
    run_id = _run_of(path, book)
    located = locate_history(path, book.summary.get("History", ""), run_id, history_path)
    with open_history(located) as history:
        run = history.run(run_id)
        known = history.run_findings(run_id)
        pairs = history.run_pairs(run_id)
        result = IngestResult(path=path, run_id=run_id, corpus=corpus or run.corpus,
                              document=document or run.document, history=located)
        decisions, edits, added = _read_rows(path, book, run_id, known, pairs, result)
        decisions, edits = _changes_only(history, result, decisions, edits)
        now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        history.record_decisions(decisions, ingested=now, edits=edits, reviewer_findings=added,
                                 corpus=corpus, document=document)
    return result


def _changes_only(history, result: IngestResult, decisions: list[Decision], edits: list[SegmentEdit]):
    """Leave out what would change nothing the history holds (the same sheet ingested twice, or a value
    another sheet already set), so the log records decisions, not repetitions."""
    standing = history.decisions(result.corpus, result.document)
    kept = []
    for entry in decisions:
        state = standing.get(entry.fingerprint)
        same_decision = entry.decision is None or (state is not None and (state.decision, state.scope)
                                                   == (entry.decision, entry.scope))
        same_comment = entry.comment is None or (state is not None and state.comment == entry.comment)
        if state is not None and same_decision and same_comment:
            result.unchanged += 1
            if entry.decision is not None:
                result.decisions[entry.decision] -= 1
            if entry.comment is not None:
                result.comments -= 1
            continue
        kept.append(entry)
    result.decisions = {decision: count for decision, count in result.decisions.items() if count}
    current = history.segment_edits(result.corpus, result.document)
    kept_edits = []
    for segment_edit in edits:
        earlier = current.get(segment_edit.source)
        if earlier is not None and segment_edit.post_edit in (None, earlier.post_edit) \
                and segment_edit.comment in (None, earlier.comment):
            if segment_edit.post_edit is not None:
                result.post_edits -= 1
            continue
        kept_edits.append(segment_edit)
    return kept, kept_edits


def _read_rows(path: Path, book: _Workbook, run_id: str, known: dict[str, dict], pairs: dict[str, tuple[str, str]],
               result: IngestResult):
    """Decision entries, segment edits and reviewer findings of the workbook, every row validated first."""
    problems: list[str] = []
    decisions: dict[str, tuple[int, Decision]] = {}
    edits: dict[str, tuple[int, SegmentEdit]] = {}
    added: list[ReviewerFinding] = []
    sheet = str(path)

    def edit(number: int, pair_id: str, corrected: str | None, comment: str | None, reviewer: str) -> None:
        if corrected is None and comment is None:
            return
        source, target = pairs[pair_id]
        earlier = edits.get(source)
        if earlier and corrected is not None and earlier[1].post_edit is not None and earlier[1].post_edit != corrected:
            problems.append(f"rows {earlier[0]} and {number}: two different corrected translations of segment "
                            f"{pair_id}; give one")
            return
        merged = SegmentEdit(source=source, target=target, pair_id=pair_id, run_id=run_id, sheet=sheet,
                             sheet_row=number, reviewer=reviewer or (earlier[1].reviewer if earlier else ""),
                             post_edit=corrected if corrected is not None else earlier and earlier[1].post_edit,
                             comment=comment if comment is not None else earlier and earlier[1].comment)
        edits[source] = (earlier[0] if earlier else number, merged)

    for number, values in book.findings.rows:
        fingerprint = values.get("fingerprint", "")
        if not fingerprint:
            reviewer_finding = _reviewer_finding(number, values, pairs, run_id, sheet, problems)
            if reviewer_finding is not None:
                added.append(reviewer_finding)
                edit(number, reviewer_finding.pair_id, values.get("corrected") or None, None,
                     values.get("reviewer", ""))
            continue
        decision = values.get("decision", "").lower() or "open"
        scope = SCOPE_OF_LABEL.get(values.get("scope", "").lower() or "document")
        if decision not in DECISIONS:
            problems.append(f"row {number}: unknown decision {values.get('decision')!r}")
            continue
        if scope is None:
            problems.append(f"row {number}: unknown scope {values.get('scope')!r} (this document, this corpus)")
            continue
        if values.get("run") and values["run"] != run_id:
            problems.append(f"row {number}: from run {values['run']}, the sheet is of run {run_id}")
            continue
        finding = known.get(fingerprint)
        if finding is None:
            problems.append(f"row {number}: fingerprint {fingerprint} is not a finding of run {run_id}")
            continue
        prefilled = read_prefilled(values.get("prefilled", ""))
        comment, corrected = values.get("comment", ""), values.get("corrected", "")
        if prefilled is None:  # a sheet written before rows kept their pre-filled values
            changed = decision != "open" or bool(comment)
            entry_decision = decision if changed else None
            entry_comment = comment or None
            entry_corrected = corrected or None
        else:
            entry_decision = decision if (decision != prefilled.get("decision", "open")
                                          or scope != prefilled.get("scope", "document")) else None
            entry_comment = comment if comment != prefilled.get("comment", "") else None
            entry_corrected = corrected if corrected != prefilled.get("corrected", "") else None
        earlier = decisions.get(fingerprint)
        if earlier and earlier[1].decision is not None and (decision, scope) != (earlier[1].decision, earlier[1].scope):
            problems.append(f"rows {earlier[0]} and {number}: the same finding ({fingerprint}, {finding['check_id']} "
                            f"in segment {finding['pair_id']}) is decided two ways ({earlier[1].decision!r}, "
                            f"{decision!r}); give both rows the same decision")
            continue
        if entry_decision is None and entry_comment is None and entry_corrected is None:
            result.unchanged += 1
            continue
        if entry_decision is not None or entry_comment is not None:
            decisions[fingerprint] = (number, Decision(
                run_id=run_id, fingerprint=fingerprint, decision=entry_decision, pair_id=finding["pair_id"],
                check=finding["check_id"], source=finding["source"] or "", target=finding["target"] or "",
                comment=entry_comment, reviewer=values.get("reviewer", ""), scope=scope, sheet=sheet,
                sheet_row=number))
        if entry_corrected is not None and finding["pair_id"] in pairs:
            edit(number, finding["pair_id"], entry_corrected, None, values.get("reviewer", ""))

    if book.segments is not None and {"id", "corrected"} <= book.segments.columns:
        for number, values in book.segments.rows:
            pair_id = values.get("id", "")
            if pair_id not in pairs:
                if values.get("corrected") or values.get("comment"):
                    problems.append(f"{SEGMENTS_SHEET} row {number}: segment {pair_id!r} is not in run {run_id}")
                continue
            prefilled = read_prefilled(values.get("prefilled", "")) or {}
            corrected, comment = values.get("corrected", ""), values.get("comment", "")
            edit(number, pair_id, corrected if corrected != prefilled.get("corrected", "") else None,
                 comment if comment != prefilled.get("comment", "") else None, values.get("reviewer", ""))
    _raise_if(path, problems)
    entries = [decision for _, decision in decisions.values()]
    for entry in entries:
        if entry.decision is not None:
            result.decisions[entry.decision] = result.decisions.get(entry.decision, 0) + 1
        if entry.comment is not None:
            result.comments += 1
    segment_edits = [entry for _, entry in edits.values()]
    result.post_edits = sum(1 for entry in segment_edits if entry.post_edit is not None)
    result.reviewer_findings = len(added)
    return entries, segment_edits, added


def _reviewer_finding(number: int, values: dict[str, str], pairs: dict[str, tuple[str, str]], run_id: str,
                      sheet: str, problems: list[str]) -> ReviewerFinding | None:
    """A row a reviewer added (no fingerprint): an error no check caught, on a segment of the run."""
    segment, category = values.get("segment", ""), values.get("category", "")
    severity = values.get("severity", "").lower()
    if not (segment or category or severity):
        problems.append(f"row {number}: no fingerprint; a row you add needs Segment, Category and Severity")
        return None
    missing = [name for name, value in (("Segment", segment), ("Category", category), ("Severity", severity))
               if not value]
    if missing:
        problems.append(f"row {number}: a finding you add needs {', '.join(missing)}")
        return None
    if severity not in _SEVERITIES:
        problems.append(f"row {number}: unknown severity {values.get('severity')!r} ({', '.join(_SEVERITIES)})")
        return None
    if segment not in pairs:
        problems.append(f"row {number}: segment {segment!r} is not in run {run_id}")
        return None
    source, target = pairs[segment]
    flagged = values.get("target", "")
    span = None
    if flagged and flagged != target.strip():
        at = target.find(flagged)
        if at < 0:
            problems.append(f"row {number}: the flagged text {flagged[:40]!r} is not in segment {segment}'s target "
                            "(put the erroneous words in Target, or leave it empty for the whole segment)")
            return None
        span = (at, at + len(flagged))
    else:
        flagged = ""
    return ReviewerFinding(source=source, target=target, category=category, severity=Severity(severity),
                           comment=values.get("comment", ""), flagged=flagged, target_span=span,
                           reviewer=values.get("reviewer", ""), run_id=run_id, pair_id=segment, sheet=sheet,
                           sheet_row=number)


def read_review_workbook(path: Path, finding_columns: dict[str, str], segment_columns: dict[str, str],
                         unstripped: frozenset[str] = frozenset()) -> _Workbook:
    """A review workbook's Findings and Segments rows by the given columns (our key -> header; the Findings
    columns of `unstripped` keys as written, the others trimmed), its Summary and Input rows; refused in one
    line as ingest refuses it (not an xlsx, encrypted, a bomb, bad cells)."""
    return _read_workbook(Path(path), finding_columns, segment_columns, unstripped)


def refuse_rows(path: Path, problems: list[str], nothing: str) -> None:
    """One InputError listing the problem rows (the first ten, and how many more), if there are any."""
    _raise_if(path, problems, nothing)
