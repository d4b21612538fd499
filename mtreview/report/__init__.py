"""Reports of one review run: the reviewer's workbook, a standalone HTML page, and CSV/JSON files."""

from __future__ import annotations

from pathlib import Path

from mtreview.errors import ReportError
from mtreview.records import Review
from mtreview.report.html import write_review_html
from mtreview.report.machine import write_findings_csv, write_findings_jsonl, write_scores_json
from mtreview.report.xlsx import write_review_xlsx

__all__ = ["write_reports", "write_review_xlsx", "write_review_html", "write_findings_csv",
           "write_findings_jsonl", "write_scores_json"]

REPORT_FILES = {
    "xlsx": "review.xlsx",
    "html": "review.html",
    "csv": "findings.csv",
    "findings": "findings.jsonl",
    "scores": "scores.json",
}


def write_reports(review: Review, out_dir: Path, *, sheets_per_group: bool = False) -> dict[str, Path]:
    """Write review.xlsx, review.html, findings.csv, findings.jsonl and scores.json into `out_dir`, and with
    sheets_per_group a workbook per document or system in sheets/ (mtreview.report.groups).

    Each file is written to a temporary name and renamed into place, so an interrupted run leaves
    earlier complete files, never a truncated one. Returns the paths keyed as REPORT_FILES.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"{out_dir}: cannot create the report folder ({error})") from error
    paths = {key: out_dir / name for key, name in REPORT_FILES.items()}
    write_review_xlsx(review, paths["xlsx"])
    write_review_html(review, paths["html"])
    write_findings_csv(review, paths["csv"])
    write_findings_jsonl(review, paths["findings"])
    write_scores_json(review, paths["scores"])
    if sheets_per_group:
        from mtreview.report.groups import write_group_sheets

        write_group_sheets(review, out_dir)
    return paths
