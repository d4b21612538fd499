"""The one orchestration: load → align → check → score → Review, and publishing a run."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from mtreview import __version__
from mtreview.checks import CheckContext, run_checks
from mtreview.corpus import Corpus
from mtreview.errors import ReportError
from mtreview.metrics import score_pairs
from mtreview.records import Review
from mtreview.terms import load_term_lists


@dataclass
class ReviewOptions:
    metrics: str | Sequence[str] | None = None
    term_lists: list[Path] = field(default_factory=list)
    shipped_terms: bool = True
    select: Iterable[str] | None = None
    exclude: Iterable[str] | None = None
    system: str = ""


def new_run_id(now: datetime) -> str:
    """Sortable by time, unique across machines: 20260915T143000Z-3f9a1c."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def review_corpus(corpus: Corpus, options: ReviewOptions | None = None) -> Review:
    options = options or ReviewOptions()
    terms = tuple(load_term_lists(options.term_lists, include_shipped=options.shipped_terms))
    findings = run_checks(corpus.pairs, context=CheckContext(terms=terms),
                          select=options.select, exclude=options.exclude)
    scores, metric_notes = score_pairs(corpus.pairs, options.metrics)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    return Review(
        corpus=corpus.name,
        pairs=corpus.pairs,
        findings=findings,
        scores=scores,
        run_id=new_run_id(now),
        created=now.isoformat().replace("+00:00", "Z"),
        tool_version=__version__,
        system=options.system or corpus.system,
        config={
            "input": str(corpus.origin),
            "metrics": [score.metric for score in scores],
            "term_lists": [str(path) for path in options.term_lists],
            "shipped_terms": options.shipped_terms,
            "select": sorted(options.select or []),
            "exclude": sorted(options.exclude or []),
        },
        notes=corpus.notes + metric_notes,
    )


def publish_review(review: Review, reports_dir: Path, history_path: Path | None) -> Path:
    """Write the run's reports to reports_dir/<corpus>/<run-id>/ and record it in the history.

    The reports are written into a hidden temporary folder, renamed into place once complete, and
    removed again if the history transaction fails: a failed run leaves neither a half-written run
    folder nor a history row whose reports are missing.
    """
    from mtreview.history import History
    from mtreview.report import write_reports

    corpus_dir = Path(reports_dir) / review.corpus
    final_dir = corpus_dir / review.run_id
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{review.run_id}-", dir=corpus_dir))
    except OSError as error:
        raise ReportError(f"cannot create a run folder under {corpus_dir}: {error.strerror}") from None
    try:
        write_reports(review, staging)
        os.replace(staging, final_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if history_path is not None:
        try:
            with History(Path(history_path)) as history:
                history.record(review)
        except BaseException:
            shutil.rmtree(final_dir, ignore_errors=True)
            raise
    return final_dir
