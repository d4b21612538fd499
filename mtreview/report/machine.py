"""Machine-readable outputs (findings.jsonl, scores.json) and the figures every output shares.

The figures (target words, MQM penalty, finding order) live here rather than in the workbook
module so the history database and the JSON files compute them exactly as the workbook does.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mtreview.errors import ReportError
from mtreview.records import Finding, Review, Severity


def target_word_count(review: Review) -> int:
    """Words in the target, split on whitespace: the denominator of the MQM penalty."""
    return sum(len(pair.target.split()) for pair in review.pairs)


def mqm_penalty(review: Review) -> float | None:
    """Sum of severity weights per 100 target words; None when there are no target words."""
    words = target_word_count(review)
    if words == 0:
        return None
    return sum(finding.severity.weight for finding in review.findings) / words * 100


def severity_counts(review: Review) -> dict[Severity, int]:
    """Findings per severity, every severity present (zero included), most severe first."""
    counts = {severity: 0 for severity in sorted(Severity, key=lambda s: s.rank, reverse=True)}
    for finding in review.findings:
        counts[finding.severity] += 1
    return counts


def ordered_findings(review: Review) -> list[Finding]:
    """Findings in reading order: by pair order, then target span start.

    Findings without a target span concern the whole segment, so they come first within their pair;
    findings naming a pair the review does not contain go last rather than being dropped.
    """
    position = {pair.id: index for index, pair in enumerate(review.pairs)}
    unknown = len(review.pairs)

    def key(finding: Finding) -> tuple[int, int]:
        start = finding.target_span[0] if finding.target_span else -1
        return position.get(finding.pair_id, unknown), start

    return sorted(review.findings, key=key)


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
    pairs = {pair.id: pair for pair in review.pairs}
    lines = []
    for finding in ordered_findings(review):
        pair = pairs.get(finding.pair_id)
        record = finding.as_dict()
        record["source"] = pair.source if pair else None
        record["target"] = pair.target if pair else None
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    with atomic_output(path) as temporary:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(lines)


def write_scores_json(review: Review, path: Path) -> None:
    """Scores keyed by metric name, plus the run id, corpus and pair count that identify them."""
    document: dict = {"run_id": review.run_id, "corpus": review.corpus, "pairs": len(review.pairs)}
    for score in review.scores:
        document[score.metric] = _json_safe(score.as_dict())
    # allow_nan=False: a NaN would make the file unreadable by strict JSON parsers; _json_safe
    # already turned non-finite numbers into null, so this only guards against a regression.
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    with atomic_output(path) as temporary:
        Path(temporary).write_text(text, encoding="utf-8")


def _json_safe(value):
    """Replace NaN and infinities (a metric on an empty segment) with None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value
