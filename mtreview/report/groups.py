"""Review sheets per document or system: for a large corpus of many documents (or several systems' outputs),
one workbook for each, under sheets/ beside the run's review.xlsx, each with the workbook's caps.

Written in one pass over the review (pairs and findings may be SpillLists on disk): each contiguous run of
pairs of one (system, document) becomes a workbook when the run ends, so one run's rows are held at a
time (on disk past a block). A group whose pairs come back after another group's gets a second workbook,
numbered; shards written by document, as the README advises, give one workbook per document.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import replace
from pathlib import Path

from mtreview.records import Finding, Pair, Review, Score
from mtreview.spill import SpillList

SHEETS_FOLDER = "sheets"


def groups_of(review: Review, at_least: int = 2) -> int:
    """How many (system, document) groups the pairs have, counting up to at_least only."""
    seen: set[tuple[str, str]] = set()
    for pair in review.pairs:
        seen.add((pair.system, pair.document))
        if len(seen) >= at_least:
            break
    return len(seen)


def write_group_sheets(review: Review, out_dir: Path) -> list[Path]:
    """A capped review workbook per (system, document) run of pairs, in out_dir/sheets/; none when the
    review is of one group only (review.xlsx is its sheet). Returns the workbooks written."""
    from mtreview.report.xlsx import write_review_xlsx

    if groups_of(review) < 2:
        return []
    folder = Path(out_dir) / SHEETS_FOLDER
    folder.mkdir(exist_ok=True)
    written: list[Path] = []
    runs: dict[tuple[str, str], int] = {}
    current: _Run | None = None

    def close(run: _Run) -> None:
        number = runs[run.key] = runs.get(run.key, 0) + 1
        system, document = run.key
        name = _file_name(f"{system or 'all'}--{document or 'all'}") + ("" if number == 1 else f"-{number}")
        path = folder / f"{name}.xlsx"
        write_review_xlsx(run.review(review, number), path)
        run.close()
        written.append(path)

    for _, pair, findings, values in review.segments():
        key = (pair.system, pair.document)
        if current is None or current.key != key:
            if current is not None:
                close(current)
            current = _Run(key, len(review.scores))
        current.add(pair, findings, values)
    if current is not None:
        close(current)
    return written


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def _file_name(name: str) -> str:
    """A system's or document's name as one safe file name: no path separators or control characters,
    no leading dot (names come from the data)."""
    safe = _UNSAFE.sub("_", name).strip()[:120]
    return "_" + safe if safe.startswith(".") or not safe else safe


class _Run:
    """One run of pairs of a group, its findings and segment scores (spilled past a block)."""

    def __init__(self, key: tuple[str, str], metrics: int) -> None:
        self.key = key
        self.pairs: SpillList[Pair] = SpillList()
        self.findings: SpillList[Finding] = SpillList()
        self.ids: list[SpillList[str]] = [SpillList() for _ in range(metrics)]
        self.values = [array("d") for _ in range(metrics)]

    def add(self, pair: Pair, findings: list[Finding], values: tuple[float | None, ...]) -> None:
        self.pairs.append(pair)
        self.findings.extend(findings)
        for number, value in enumerate(values):
            if value is not None:
                self.ids[number].append(pair.id)
                self.values[number].append(value)

    def review(self, whole: Review, number: int) -> Review:
        system, document = self.key
        scores: list[Score] = [replace(score, segments=self.values[metric], pair_ids=self.ids[metric])
                               for metric, score in enumerate(whole.scores)]
        part = f" (part {number})" if number > 1 else ""
        note = (f"This workbook holds the pairs of system {system or '–'}, document {document or '–'}{part}; "
                "the corpus scores in this Summary are those of the whole corpus (scores.json), the segment "
                "scores those of these pairs.")
        return replace(whole, pairs=self.pairs, findings=self.findings, scores=scores,
                       notes=[note, *whole.notes], system=system or whole.system)

    def close(self) -> None:
        self.pairs.close()
        self.findings.close()
        for ids in self.ids:
            ids.close()
