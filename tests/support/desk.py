"""A desk's review loop through the command line: two articles, the sheets a reviewer edits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from mtreview.cli import app

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


def mtreview(*args: str | Path) -> Result:
    """`mtreview ARGS`, which must exit 0 or 1 (a gate)."""
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code in (0, 1), result.output
    return result


def review(folder: Path, *options: str, target: str = "target.en.txt") -> tuple[dict, Path]:
    """Review an article as `mtreview review SOURCE TARGET` from the desk folder; its scores.json and sheet."""
    result = mtreview("review", folder / "source.zh.txt", folder / target, *options)
    sheet = Path.cwd() / next(line for line in result.stdout.splitlines() if line.startswith("Review sheet:")).split(": ", 1)[1]
    return json.loads((sheet.parent / "scores.json").read_text(encoding="utf-8")), sheet


def findings_of(sheet: Path) -> list[dict[str, Any]]:
    """The Findings sheet's rows as {column: value}."""
    rows = list(load_workbook(sheet, read_only=True)["Findings"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def edit(sheet: Path, decide: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None, *, add: list[dict] | None = None, segments: dict[str, dict] | None = None) -> None:
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


def untranslated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The critical findings on the sentence left in Chinese."""
    return [row for row in rows if LEFT_IN_CHINESE in (row["Target"] or "") and row["Check"] != "reviewer"
            and row["Severity"] == "critical"]
