"""Findings written back into the translation's own Word document: a copy of the target .docx in which each
finding is a Word comment, authored "mtreview", anchored on the flagged words.

A flagged span that starts or ends inside a run (or crosses from a bold word to plain text) is anchored
exactly: the runs are split at the span's character offsets, each half keeping its formatting. A finding
on the whole segment covers its sentence(s); an omission (a source sentence with no translation) is put on
the translation before it. Only word/document.xml, word/comments.xml, the document's relationships and
[Content_Types].xml change; every other part is copied byte for byte (mtreview.formats.docx.write_copy).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtreview.errors import InputError
from mtreview.formats.docx import runs_covering, split_run_at, write_copy
from mtreview.inputs.docx import DocxText, docx_text
from mtreview.inputs.places import TargetLayout
from mtreview.records import Corpus, Finding, Pair

AUTHOR, INITIALS = "mtreview", "MT"


@dataclass
class _Anchor:
    finding: Finding
    stretches: list[tuple[Any, int, int]]  # (<w:p>, start, end) in the paragraph's text


def comment_text(finding: Finding) -> str:
    """What the comment says: the check, its severity and category, the message, and the suggestion."""
    lines = [f"{finding.check} ({finding.severity.value}, {finding.category}): {finding.message}"]
    if finding.suggestion is not None:
        lines.append(f"Suggestion: {finding.suggestion}" if finding.suggestion else "Suggestion: delete it")
    return "\n".join(lines)


def _anchor_pairs(pairs: Sequence[Pair]) -> dict[str, Pair]:
    """Each pair id -> the pair whose target a comment goes on: itself, or for an omission (no target) the
    nearest translated pair before it (after it, at the start)."""
    anchors: dict[str, Pair] = {}
    previous: Pair | None = None
    waiting: list[str] = []
    for pair in pairs:
        if pair.target:
            previous = pair
            anchors[pair.id] = pair
            for pair_id in waiting:
                anchors[pair_id] = pair
            waiting = []
        elif previous is not None:
            anchors[pair.id] = previous
        else:
            waiting.append(pair.id)
    return anchors


def _stretches(found: DocxText, layout: TargetLayout, pair: Pair, finding: Finding) -> list[tuple[Any, int, int]]:
    span = finding.target_span if finding.target_span and pair.id == finding.pair_id else (0, len(pair.target))
    start, end = max(0, min(span[0], len(pair.target))), max(0, min(span[1], len(pair.target)))
    stretches = []
    for place in layout.locate(pair, start, max(start, end)):
        paragraph, lead = found.paragraphs[place.paragraph]
        stretches.append((paragraph, lead + place.start, lead + place.end))
    return stretches


def write_review_docx(corpus: Corpus, findings: Iterable[Finding], out_path: Path) -> int:
    """`--docx-out`: the corpus's target Word document with the findings as comments (InputError when the
    target is not a .docx read as a whole document)."""
    target = corpus.target_file
    if target is None or target.suffix.lower() != ".docx":
        raise InputError(out_path, "--docx-out needs a Word document (.docx) as the translation: SOURCE TARGET.docx")
    return write_docx_comments(target, out_path, corpus.pairs, findings)


def write_docx_comments(target: Path, out_path: Path, pairs: Sequence[Pair], findings: Iterable[Finding]) -> int:
    """Write a copy of the target Word document with every finding as a comment; returns how many were
    written. `pairs` are those aligned from this document (its review or check); raises InputError when the
    document no longer reads as it did (it changed), ReportError when the copy cannot be written."""
    target = Path(target)
    if Path(out_path).resolve() == target.resolve():
        raise InputError(out_path, "is the reviewed document itself; write the commented copy elsewhere")
    found = docx_text(target)
    layout = TargetLayout(found.text, target)
    anchors = _anchor_pairs(pairs)
    placed: list[_Anchor] = []
    for finding in findings:
        pair = anchors.get(finding.pair_id)
        if pair is None:
            continue  # a finding of a pair this document does not hold (none is expected)
        placed.append(_Anchor(finding, _stretches(found, layout, pair, finding)))
    # Split every run first, then anchor: a later split never moves an anchor already placed.
    for anchor in placed:
        for paragraph, start, end in anchor.stretches:
            split_run_at(paragraph, start)
            split_run_at(paragraph, end)
    document = found.document
    for anchor in placed:
        first_paragraph, start, _ = anchor.stretches[0]
        last_paragraph, _, end = anchor.stretches[-1]
        first_run = runs_covering(first_paragraph, start, max(start, _end_in(anchor, first_paragraph)))[0]
        last_run = runs_covering(last_paragraph, _start_in(anchor, last_paragraph), end)[-1]
        comment = document.comments.add_comment(text=comment_text(anchor.finding), author=AUTHOR, initials=INITIALS)
        first_run.insert_comment_range_start_above(comment.comment_id)
        last_run.insert_comment_range_end_and_reference_below(comment.comment_id)
    write_copy(target, document, Path(out_path))
    return len(placed)


def _end_in(anchor: _Anchor, paragraph: Any) -> int:
    return next(end for element, _, end in anchor.stretches if element is paragraph)


def _start_in(anchor: _Anchor, paragraph: Any) -> int:
    return next(start for element, start, _ in reversed(anchor.stretches) if element is paragraph)
