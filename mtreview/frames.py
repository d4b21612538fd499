"""A review's findings, pairs and scores as pandas DataFrames, for notebooks and ad-hoc analysis.

pandas is imported inside the functions: `import mtreview` stays light. One row per finding, per pair,
per metric; the columns are listed in each function's docstring and in FINDING_COLUMNS, PAIR_COLUMNS and
SCORE_COLUMNS, and an empty review gives empty frames with the same columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtreview.records import Review

if TYPE_CHECKING:
    import pandas as pd

FINDING_COLUMNS = ("pair_id", "check", "category", "severity", "message", "suggestion", "target_start",
                   "target_end", "source_start", "source_end", "fingerprint", "source", "target")
PAIR_COLUMNS = ("pair_id", "source", "target", "reference", "references", "kind", "align_score",
                "source_indices", "target_indices", "document", "system", "findings")
SCORE_COLUMNS = ("metric", "corpus_score", "signature", "segments", "note")


def findings_frame(review: Review) -> pd.DataFrame:
    """One row per finding, in reading order (by pair, then by span): pair_id, check (its id), category
    (MQM, e.g. 'Fluency/Punctuation'), severity ('minor', 'major', 'critical'), message, suggestion (or
    None), target_start/target_end and source_start/source_end (character offsets [start, end), or None),
    fingerprint (a finding's identity across runs), and the pair's source and target texts."""
    import pandas as pd

    rows = []
    for finding, pair in review.ordered_findings():
        target_start, target_end = finding.target_span or (None, None)
        source_start, source_end = finding.source_span or (None, None)
        rows.append((finding.pair_id, finding.check, finding.category, finding.severity.value, finding.message,
                     finding.suggestion, target_start, target_end, source_start, source_end, finding.fingerprint,
                     pair.source if pair else None, pair.target if pair else None))
    frame = pd.DataFrame.from_records(rows, columns=list(FINDING_COLUMNS))
    for column in ("target_start", "target_end", "source_start", "source_end"):
        frame[column] = frame[column].astype("Int64")  # offsets stay integers beside the missing ones
    return frame


def pairs_frame(review: Review) -> pd.DataFrame:
    """One row per aligned pair, in document order: pair_id, source, target, reference (the first; missing where none),
    references (all, a tuple), kind ('1-1', '1-2', '1-0', ...), align_score, source_indices and
    target_indices (sentence positions, tuples), document, system, findings (how many), and one column per
    metric of review.scores, named by the metric, holding the pair's segment score (NaN where unscored)."""
    import pandas as pd

    metrics = [score.metric for score in review.scores]
    rows = []
    for _, pair, findings, values in review.segments():
        rows.append((pair.id, pair.source, pair.target, pair.reference, pair.references, pair.kind,
                     pair.align_score, pair.source_indices, pair.target_indices, pair.document, pair.system,
                     len(findings), *(float("nan") if value is None else value for value in values)))
    return pd.DataFrame.from_records(rows, columns=[*PAIR_COLUMNS, *metrics])


def scores_frame(review: Review) -> pd.DataFrame:
    """One row per metric: metric, corpus_score, signature (sacrebleu's, or the COMET model's), segments (how
    many pairs it scored), note."""
    import pandas as pd

    rows = [(score.metric, score.corpus, score.signature, sum(value is not None for value in score.segments),
             score.note) for score in review.scores]
    return pd.DataFrame.from_records(rows, columns=list(SCORE_COLUMNS))
