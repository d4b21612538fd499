"""Machine-readable outputs (findings.jsonl, scores.json), the finding order every output shares,
and the write-to-temporary-then-rename discipline of all report files."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mtreview.errors import ReportError
from mtreview.records import Finding, Review, Score


def ordered_findings(review: Review) -> Iterator[Finding]:
    """Findings in reading order: by pair order, then target span start.

    Findings without a target span concern the whole segment, so they come first within their pair;
    findings naming a pair the review does not contain go last rather than being dropped. A generator:
    a review's findings may be a SpillList on disk (see Review.ordered_findings).
    """
    for finding, _ in review.ordered_findings():
        yield finding


def current_umask() -> int:
    """The process's umask (there is no way to read it without setting it; set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def follow_umask(path: Path, directory: bool = False) -> None:
    """Give a file or folder made by tempfile (always 0600 / 0700, for its own safety) the permissions an
    ordinary open() or mkdir() would have: a colleague reading the shared reports folder can open it."""
    os.chmod(path, (0o777 if directory else 0o666) & ~current_umask())


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it onto `path`, on failure remove it.

    The temporary file sits in the same folder so `os.replace` is a rename, never a copy: a reader
    sees either the old report or the complete new one, never half a file.
    """
    path = Path(path)
    try:
        handle, temporary_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        os.close(handle)
        follow_umask(Path(temporary_name))
    except OSError as error:
        raise ReportError(f"{path}: cannot write a report there ({error})") from error
    temporary = Path(temporary_name)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, ReportError) or not isinstance(error, Exception):
            raise
        raise ReportError(f"{path}: cannot write the report ({error})") from error


def write_findings_jsonl(review: Review, path: Path) -> None:
    """One JSON object per finding, with its pair's source and target so each line stands alone."""
    with atomic_output(path) as temporary:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            for finding, pair in review.ordered_findings():  # line by line: memory stays flat
                record = finding.as_dict()
                record["source"] = pair.source if pair else None
                record["target"] = pair.target if pair else None
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection); a leading
# apostrophe makes it text, the defence OWASP recommends for CSV opened in Excel.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["segment", "check", "category", "severity", "message", "suggestion", "source", "target",
               "flagged", "target_start", "target_end", "fingerprint", "decision", "run"]


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_findings_csv(review: Review, path: Path) -> None:
    """findings.csv: UTF-8 with a BOM so Excel shows the Chinese, no cell ever a formula."""
    import csv

    with atomic_output(path) as temporary:
        with open(temporary, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for finding, pair in review.ordered_findings():
                target = pair.target if pair else ""
                start, end = finding.target_span or (None, None)
                writer.writerow([csv_safe(value) for value in (
                    finding.pair_id, finding.check, finding.category, finding.severity.value, finding.message,
                    finding.suggestion, pair.source if pair else "", target,
                    target[start:end] if start is not None else "", start, end, finding.fingerprint,
                    review.prefilled_decision(finding), review.run_id)])


def write_scores_json(review: Review, path: Path) -> None:
    """The run's identity, then `scores` keyed by metric name (the shape of `mtreview score --format json`).

    Written piece by piece: a score's segments and ids may be a million long (an array and a SpillList
    on disk); the text is the same as json.dumps(document, indent=2) of the whole.
    """
    document: dict = {
        "run_id": review.run_id, "corpus": review.corpus, "document": review.document, "system": review.system,
        "history": review.history or None,
        "created": review.created, "tool_version": review.tool_version, "pairs": len(review.pairs),
        "scores": {score.metric: _score_dict(score) for score in review.scores},
        "notes": review.notes,
    }
    with atomic_output(path) as temporary:
        with open(temporary, "w", encoding="utf-8") as out:  # newline as Path.write_text did
            out.writelines(_json_chunks(document, 0))
            out.write("\n")


def _score_dict(score: Score) -> dict:
    """Score.as_dict() without copying the segments and ids into lists: they are streamed."""
    return {"corpus": score.corpus, "signature": score.signature, "segments": score.segments,
            "ids": score.pair_ids, "note": score.note}


_INDENT = "  "


def _json_chunks(value, level: int) -> Iterator[str]:
    """json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) in pieces, non-finite numbers
    written as null (_json_safe); any non-string sequence (tuple, array, SpillList) is a JSON array."""
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        inner = "\n" + _INDENT * (level + 1)
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + inner + json.dumps(key, ensure_ascii=False) + ": "
            yield from _json_chunks(item, level + 1)
        yield "\n" + _INDENT * level + "}"
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        inner = "\n" + _INDENT * (level + 1)
        empty = True
        for index, item in enumerate(value):
            yield ("[" if index == 0 else ",") + inner
            yield from _json_chunks(item, level + 1)
            empty = False
        yield "[]" if empty else "\n" + _INDENT * level + "]"
    else:
        # allow_nan=False: a NaN would make the file unreadable by strict JSON parsers; _json_safe
        # already turned non-finite numbers into null, so this only guards against a regression.
        yield json.dumps(_json_safe(value), ensure_ascii=False, allow_nan=False)


def _json_safe(value):
    """Replace NaN and infinities (a metric on an empty segment) with None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value
