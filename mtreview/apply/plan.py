"""What a reviewed workbook asks to change: each segment's new translation, who changed it, and from which rows.

Every row is checked before anything is written. The document must be the one reviewed: each segment of the
Segments sheet must still have the fingerprint of its source and target (mtreview.review_sheet), and each
finding its fingerprint, else the workbook is refused with the rows that no longer match. A segment corrected
twice in different words, a suggestion that is not there to accept, or two accepted suggestions on the same
words are refused too, with their rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtreview.errors import InputError
from mtreview.ingest import read_review_workbook, refuse_rows
from mtreview.records import DISMISSED, Pair, fingerprint
from mtreview.review_sheet import (
    FINDINGS_SHEET,
    PREFILLED_COLUMN,
    SEGMENT_FINGERPRINT_COLUMN,
    SEGMENTS_SHEET,
    TARGET_SPAN_COLUMN,
    read_span,
    segment_fingerprint,
)

FINDING_COLUMNS = {"segment": "Segment", "check": "Check", "suggestion": "Suggestion", "fingerprint": "Fingerprint",
                   "decision": "Decision", "corrected": "Corrected translation", "reviewer": "Reviewer",
                   "run": "Run", "span": TARGET_SPAN_COLUMN, "prefilled": PREFILLED_COLUMN}
SEGMENT_COLUMNS = {"id": "ID", "corrected": "Corrected translation", "reviewer": "Reviewer",
                   "fingerprint": SEGMENT_FINGERPRINT_COLUMN}
# A finding's occurrence (the same words flagged twice by one check in one sentence) is not in the sheet:
# its fingerprint is tried with the first ones.
_OCCURRENCES = 64


@dataclass
class Change:
    """A segment's new translation, by whom (the reviewer's name, for tracked changes), from which rows."""

    pair_id: str
    target: str
    author: str
    rows: list[str] = field(default_factory=list)
    suggestions: int = 0  # accepted suggestions in it (0: a reviewer's corrected translation)


def read_workbook(path: Path) -> Any:
    """The workbook's Findings and Segments rows (the columns apply reads), its Summary and Input rows."""
    return read_review_workbook(path, FINDING_COLUMNS, SEGMENT_COLUMNS, unstripped=frozenset({"suggestion"}))


def plan_changes(path: Path, book: Any, pairs: Mapping[str, Pair], accept: Iterable[str]) -> dict[str, Change]:
    """The changes the workbook's rows ask for, checked against the pairs read from the input now."""
    accept = set(accept)
    problems: list[str] = []
    _check_fingerprints(path, book, pairs)
    corrections: dict[str, Change] = {}

    def correct(label: str, pair_id: str, text: str, reviewer: str) -> None:
        earlier = corrections.get(pair_id)
        if earlier is not None and earlier.target != text:
            problems.append(f"{earlier.rows[0]} and {label}: two different corrected translations of segment "
                            f"{pair_id}; give one")
            return
        if earlier is None:
            corrections[pair_id] = Change(pair_id, text, reviewer or "mtreview", [label])
        else:
            earlier.rows.append(label)
            earlier.author = earlier.author if earlier.author != "mtreview" else (reviewer or "mtreview")

    if book.segments is not None:
        for number, values in book.segments.rows:
            if values.get("corrected") and values.get("id") in pairs:
                correct(f"{SEGMENTS_SHEET} row {number}", values["id"], values["corrected"], values.get("reviewer", ""))
    accepted: dict[str, list[tuple[int, tuple[int, int], str, str]]] = {}
    for number, values in book.findings.rows:
        pair_id = values.get("segment", "")
        if values.get("corrected") and pair_id in pairs:
            correct(f"{FINDINGS_SHEET} row {number}", pair_id, values["corrected"], values.get("reviewer", ""))
        if values.get("check") not in accept or not values.get("fingerprint"):
            continue
        if values.get("decision", "").lower() in DISMISSED:
            continue  # the reviewer said the check was wrong here
        span = read_span(values.get("span", ""))
        suggestion = values.get("suggestion", "")
        if span is None or not suggestion:
            problems.append(f"row {number}: {values['check']} in segment {pair_id} has no "
                            f"{'suggestion' if span else 'flagged words'} to accept")
            continue
        accepted.setdefault(pair_id, []).append((number, span, suggestion, values.get("reviewer", "")))
    changes = dict(corrections)
    for pair_id, suggestions in accepted.items():
        if pair_id in corrections:
            continue  # the reviewer's own correction of the segment wins over the checks' suggestions
        ordered = sorted(suggestions, key=lambda item: item[1])
        for (row_a, span_a, _, _), (row_b, span_b, _, _) in zip(ordered, ordered[1:]):
            if span_b[0] < span_a[1]:
                problems.append(f"rows {row_a} and {row_b}: two suggestions for the same words of segment {pair_id}; "
                                "correct the segment by hand")
        pair = pairs[pair_id]
        text = pair.target
        for _, (start, end), suggestion, _ in reversed(ordered):
            if end == len(pair.target) and pair.target_after and suggestion.endswith(pair.target_after):
                # a run-on's suggestion shows the next sentence's start too ("exhibition. The"); that text
                # is already there, after this segment
                suggestion = suggestion[: -len(pair.target_after)]
            text = text[:start] + suggestion + text[end:]
        author = next((reviewer for *_, reviewer in ordered if reviewer), "mtreview")
        changes[pair_id] = Change(pair_id, text, author, [f"row {number}" for number, *_ in ordered],
                                  suggestions=len(ordered))
    refuse_rows(path, problems, "nothing written")
    return {pair_id: change for pair_id, change in changes.items() if change.target != pairs[pair_id].target}


def _check_fingerprints(path: Path, book: Any, pairs: Mapping[str, Pair]) -> None:
    """Refuse a workbook whose segments or findings no longer match the document as it reads now."""
    if book.segments is None or "fingerprint" not in book.segments.columns:
        raise InputError(path, f"its {SEGMENTS_SHEET} sheet has no {SEGMENT_FINGERPRINT_COLUMN} column (written "
                               "before mtreview apply existed?); review the document again")
    changed = []
    for number, values in book.segments.rows:
        pair = pairs.get(values.get("id", ""))
        if pair is None or segment_fingerprint(pair.source, pair.target) != values.get("fingerprint"):
            changed.append(f"{SEGMENTS_SHEET} row {number} ({values.get('id', '')})")
    for number, values in book.findings.rows:
        wanted = values.get("fingerprint", "")
        span = read_span(values.get("span", ""))
        if not wanted or span is None or not values.get("check"):
            continue  # a reviewer's own row, or a finding on the whole segment: its segment was checked above
        pair = pairs.get(values.get("segment", ""))
        if pair is None or span[1] > len(pair.target) or not any(
                fingerprint(values["check"], pair.source, pair.target[span[0]:span[1]], k) == wanted
                for k in range(_OCCURRENCES)):
            changed.append(f"{FINDINGS_SHEET} row {number} ({values.get('segment', '')})")
    if changed:
        listed = ", ".join(changed[:10]) + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
        raise InputError(path, f"is from a review of another version of the document: the fingerprints of "
                               f"{listed} do not match it as it reads now; nothing written (review it again)")
