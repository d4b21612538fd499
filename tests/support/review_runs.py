"""Running a review from the tests and filling in its sheet as a reviewer would (openpyxl)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from mtreview.cli import app

runner = CliRunner()


def review(inputs: list[Path], out: Path, *extra: str) -> Path:
    """`mtreview review INPUTS --out OUT --no-history`; the review.xlsx it wrote."""
    result = runner.invoke(app, ["review", *map(str, inputs), "--out", str(out), "--no-history", *extra])
    assert result.exit_code == 0, result.output
    (sheet,) = out.glob("*/*/review.xlsx")
    return sheet


def fill_in(sheet: Path, saved: Path, segments: dict[str, str] | None = None, reviewer: str = "Li Hua",
            findings: dict[str, dict[str, str]] | None = None) -> Path:
    """Type corrected translations into the Segments sheet (by segment id) and values into Findings rows
    (by check id: {column: value}), as a reviewer in Excel would; saved as `saved`."""
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    for title, keyed, by in (("Segments", segments or {}, "ID"), ("Findings", findings or {}, "Check")):
        rows = book[title]
        header = [cell.value for cell in rows[1]]
        for row in rows.iter_rows(min_row=2):
            key = row[header.index(by)].value
            if key not in keyed:
                continue
            if title == "Segments":
                row[header.index("Corrected translation")].value = keyed[key]
                row[header.index("Reviewer")].value = reviewer
            else:
                for column, value in keyed[key].items():
                    row[header.index(column)].value = value
    book.save(saved)
    return saved


def apply(*args: str):
    return runner.invoke(app, ["apply", *args])
