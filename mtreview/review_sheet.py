"""The contract between the review workbook (mtreview.report.xlsx) and `mtreview ingest`: the reviewer's
column names, the Scope labels, and the hidden column that keeps what each row was pre-filled with.

The pre-filled values travel with the row (a reviewer may sort, filter and copy rows), so ingest can tell
a value the reviewer set from one the sheet merely repeated: only a change is a new decision.
"""

from __future__ import annotations

import hashlib
import json

FINDINGS_SHEET, SEGMENTS_SHEET, SUMMARY_SHEET = "Findings", "Segments", "Summary"
PREFILLED_COLUMN = "Pre-filled"
# Hidden columns `mtreview apply` reads: a segment's fingerprint (its source and target as reviewed), so a
# workbook is never applied to a changed document, and a finding's target span, where its suggestion goes.
SEGMENT_FINGERPRINT_COLUMN, TARGET_SPAN_COLUMN = "Fingerprint", "Target span"
# The Summary's rows naming the files the run read (absolute paths), in the order they were given.
INPUT_ITEM = "Input"
# The Summary's row naming the sentence-embedding model the input was aligned with (review --embeddings):
# apply aligns the files again with it, so that it finds the same segments.
EMBEDDINGS_ITEM = "Aligned with embeddings"
# Scope values as a reviewer reads them in the drop-down, and as the history stores them.
SCOPE_LABELS = {"document": "this document", "corpus": "this corpus"}
SCOPE_OF_LABEL = {label: scope for scope, label in SCOPE_LABELS.items()} | {scope: scope for scope in SCOPE_LABELS}


def prefilled_cell(**values: str) -> str:
    """The hidden cell: the reviewer's columns as the sheet wrote them (empty ones left out)."""
    return json.dumps({key: value for key, value in values.items() if value}, ensure_ascii=False,
                      separators=(",", ":"))


def read_prefilled(text: str) -> dict[str, str] | None:
    """The values a row was pre-filled with; None for a row without them (a reviewer's added row, or a
    sheet written before this column existed)."""
    if not text:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    if not isinstance(values, dict):
        return None
    return {str(key): str(value) for key, value in values.items()}


def segment_fingerprint(source: str, target: str) -> str:
    """A segment's identity as reviewed: its source and target exactly (a changed character changes it)."""
    return hashlib.sha1(f"{source}\x1f{target}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def span_cell(span: tuple[int, int] | None) -> str:
    return f"{span[0]}-{span[1]}" if span else ""


def read_span(text: str) -> tuple[int, int] | None:
    """A Target span cell back as offsets; None for an empty or malformed one."""
    start, dash, end = text.partition("-")
    if not (dash and start.isdigit() and end.isdigit()) or int(start) > int(end):
        return None
    return int(start), int(end)
