"""The contract between the review workbook (mtreview.report.xlsx) and `mtreview ingest`: the reviewer's
column names, the Scope labels, and the hidden column that keeps what each row was pre-filled with.

The pre-filled values travel with the row (a reviewer may sort, filter and copy rows), so ingest can tell
a value the reviewer set from one the sheet merely repeated: only a change is a new decision.
"""

from __future__ import annotations

import json

FINDINGS_SHEET, SEGMENTS_SHEET, SUMMARY_SHEET = "Findings", "Segments", "Summary"
PREFILLED_COLUMN = "Pre-filled"
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
