"""Read a review sheet back: the reviewer's decisions and corrected translations, into the history.

The Findings sheet is read by its header names, so a reviewer may re-sort or filter rows, add
columns or leave cells empty. Every row is checked before anything is stored, and the decisions of
one workbook are stored in one transaction: a bad workbook changes nothing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from mtreview.errors import InputError
from mtreview.records import DECISIONS, Decision

FINDINGS_SHEET = "Findings"
_COLUMNS = {"fingerprint": "Fingerprint", "decision": "Decision", "corrected": "Corrected translation",
            "comment": "Comment", "reviewer": "Reviewer", "run": "Run"}
_MAX_LISTED = 10


@dataclass
class IngestResult:
    path: Path
    run_id: str
    corpus: str
    decisions: dict[str, int] = field(default_factory=dict)  # decision -> rows
    post_edits: int = 0
    unchanged: int = 0  # rows still "open" with nothing written in them


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _is_ole2(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def _rows(path: Path) -> tuple[dict[str, int], list[tuple[int, tuple]], str]:
    """Column positions by our names, the data rows with their sheet row numbers, and the run id of
    the Summary sheet (for sheets written before the Findings sheet had a Run column)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

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
        rows = list(book[FINDINGS_SHEET].iter_rows(values_only=True))
        summary_run = ""
        if "Summary" in book.sheetnames:
            for row in book["Summary"].iter_rows(values_only=True):
                if len(row) > 2 and row[1] == "Run id":
                    summary_run = _cell_text(row[2])
    except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError) as error:  # sheets are parsed lazily
        raise InputError(path, f"a corrupt .xlsx workbook ({type(error).__name__})") from None
    finally:
        book.close()
    if not rows:
        raise InputError(path, f"the {FINDINGS_SHEET} sheet is empty")
    header = [_cell_text(cell).lower() for cell in rows[0]]
    columns = {}
    for key, title in _COLUMNS.items():
        if title.lower() in header:
            columns[key] = header.index(title.lower())
    missing = [_COLUMNS[key] for key in ("fingerprint", "decision") if key not in columns]
    if missing:
        raise InputError(path, f"the {FINDINGS_SHEET} sheet has no {', '.join(missing)} column")
    data = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c is not None for c in row)]
    return columns, data, summary_run


def read_decisions(path: Path) -> list[tuple[int, Decision]]:
    """(sheet row, decision) of a reviewed workbook, validated row by row; InputError lists the bad rows."""
    path = Path(path)
    columns, data, summary_run = _rows(path)

    def get(row: tuple, key: str) -> str:
        position = columns.get(key)
        return _cell_text(row[position]) if position is not None and position < len(row) else ""

    problems, decisions = [], []
    for number, row in data:
        fingerprint = get(row, "fingerprint")
        decision = get(row, "decision").lower() or "open"
        run_id = get(row, "run") or summary_run
        if not fingerprint:
            problems.append(f"row {number}: no fingerprint")
            continue
        if decision not in DECISIONS:
            problems.append(f"row {number}: unknown decision {get(row, 'decision')!r}")
            continue
        if not run_id:
            problems.append(f"row {number}: no run id")
            continue
        decisions.append((number, Decision(run_id=run_id, fingerprint=fingerprint, decision=decision,
                                           corrected=get(row, "corrected"), comment=get(row, "comment"),
                                           reviewer=get(row, "reviewer"))))
    _raise_if(path, problems)
    return decisions


def _raise_if(path: Path, problems: list[str]) -> None:
    if problems:
        listed = "; ".join(problems[:_MAX_LISTED])
        more = f"; and {len(problems) - _MAX_LISTED} more" if len(problems) > _MAX_LISTED else ""
        raise InputError(path, f"{len(problems)} problem row(s), nothing imported: {listed}{more}")


def ingest_workbook(path: Path, history_path: Path) -> IngestResult:
    """Store a reviewed workbook's decisions and post-edits in the history, all or nothing."""
    from mtreview.history import History

    path = Path(path)
    rows = read_decisions(path)
    run_ids = sorted({decision.run_id for _, decision in rows})
    if len(run_ids) > 1:
        raise InputError(path, f"rows from several runs ({', '.join(run_ids)}); ingest one run's sheet at a time")
    if not Path(history_path).exists():
        raise InputError(path, f"no history at {history_path} to ingest into; review the corpus first")
    with History(Path(history_path)) as history:
        if not run_ids:
            raise InputError(path, "has no findings to ingest")
        run = history.run(run_ids[0])
        known = history.run_findings(run_ids[0])
        problems = [f"row {number}: fingerprint {d.fingerprint} is not a finding of run {d.run_id} "
                    f"(corpus {run['corpus']})" for number, d in rows if d.fingerprint not in known]
        _raise_if(path, problems)
        result = IngestResult(path=path, run_id=run["run_id"], corpus=run["corpus"])
        stored = []
        for _, decision in rows:
            if decision.decision == "open" and not (decision.corrected or decision.comment):
                result.unchanged += 1
                continue
            finding = known[decision.fingerprint]
            stored.append(Decision(
                run_id=decision.run_id, fingerprint=decision.fingerprint, decision=decision.decision,
                pair_id=finding["pair_id"], check=finding["check_id"], source=finding["source"] or "",
                target=finding["target"] or "", corrected=decision.corrected, comment=decision.comment,
                reviewer=decision.reviewer))
            result.decisions[decision.decision] = result.decisions.get(decision.decision, 0) + 1
        result.post_edits = len({d.source for d in stored if d.corrected})
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        history.record_decisions(stored, ingested=now)
    return result
