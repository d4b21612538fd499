"""The one orchestration: load → align → check → score → Review, and publishing a run."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mtreview import __version__
from mtreview.checks import CheckContext, CheckOptions, check_corpus
from mtreview.history import history_exists, history_identity, open_history
from mtreview.identity import review_identity
from mtreview.metrics import CorpusScorer
from mtreview.publish import publish_review  # noqa: F401  (the API's name for it, beside review_corpus)
from mtreview.records import Corpus, Finding, Pair, Review, ReviewerMemory
from mtreview.spill import SpillList
from mtreview.style import DEFAULT_STYLE, HouseStyle
from mtreview.terms import load_term_lists

if TYPE_CHECKING:
    from mtreview.metrics.comet import CometOptions


@dataclass
class ReviewOptions:
    metrics: str | Sequence[str] | None = None
    term_lists: list[Path] = field(default_factory=list)
    shipped_terms: bool = True
    select: Iterable[str] | None = None
    exclude: Iterable[str] | None = None
    profile: str | None = None
    # The history to learn from: reviewers' earlier decisions (false positives are not raised again
    # unless show_dismissed) and post-edits (scored as HTER). None: the review starts from scratch.
    history_path: str | Path | None = None  # a SQLite file or a postgresql:// URL
    show_dismissed: bool = False
    system: str = ""
    # The person who translated (or post-edited) it, when a desk tracks people apart from systems: kept in
    # the run's config, so that `history trend --by translator` and `history report` can group by it.
    translator: str = ""
    # What the review is of (mtreview.identity): the corpus (default: the input's own name) and the
    # document in it (default: named by its source text). Decisions and corrections belong to both.
    corpus: str = ""
    document: str = ""
    comet: CometOptions | None = None  # model, cache, precision...; used only when metrics include comet
    do_not_translate: tuple[str, ...] = ()  # words kept unchanged in the English (CheckContext)
    style: HouseStyle = DEFAULT_STYLE  # the desk's conventions, rules and severities (mtreview.style)
    embeddings: str = ""  # the sentence-embedding model the input was aligned with (--embeddings), if any


def new_run_id(now: datetime) -> str:
    """Sortable by time, unique across machines: 20260915T143000Z-3f9a1c."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


# An engine's check and score pass (mtreview.engines): given the check options and the scorer, it checks
# every pair, feeds the scorer, and returns the corpus's pairs and the findings in corpus order.
CheckAndScore = Callable[[CheckOptions, CorpusScorer], tuple[Sequence[Pair], Sequence[Finding]]]


def review_corpus(corpus: Corpus, options: ReviewOptions | None = None, *,
                  check_and_score: CheckAndScore | None = None) -> Review:
    """Check and score the corpus in one pass over its blocks of pairs (see mtreview.spill): each
    block is scored while the checks have it in memory, so a corpus of any size is read once.

    check_and_score: another engine's pass (a Dask cluster's); the pairs it returns become the corpus's.
    The corpus's own pairs may then be empty (shards its workers read), so the history is read after."""
    options = options or ReviewOptions()
    if check_and_score is None:
        corpus_name, document = review_identity(corpus, options.corpus, options.document)
        # The history is read first: an unusable one is reported before any work is done.
        memory, check_stats, added_by_category = _reviewer_memory(options.history_path, corpus_name, document)
    terms = tuple(load_term_lists([*options.term_lists, *options.style.term_lists],
                                  include_shipped=options.shipped_terms))
    check_options = CheckOptions(context=CheckContext(terms=terms, style=options.style,
                                                      do_not_translate=options.do_not_translate),
                                 select=tuple(options.select) if options.select else None,
                                 exclude=tuple(options.exclude) if options.exclude else None,
                                 profile=options.profile)
    scorer = CorpusScorer(options.metrics, comet=options.comet)  # unknown metrics refused before any work
    findings: Sequence[Finding]
    if check_and_score is None:
        findings = check_corpus(corpus.pairs, check_options, on_block=scorer.add)
    else:
        corpus.pairs, findings = check_and_score(check_options, scorer)
        corpus_name, document = review_identity(corpus, options.corpus, options.document)
        memory, check_stats, added_by_category = _reviewer_memory(options.history_path, corpus_name, document)
    scores, metric_notes = scorer.finish()
    # XCOMET's error spans are findings too, beside the rule-based ones
    metric_findings = [finding for score in scores for finding in score.findings]
    if metric_findings:
        findings = _in_pair_order(corpus.pairs, list(findings) + metric_findings)
    memory_notes = []
    added = _reviewer_findings(corpus.pairs, memory)
    if added:
        findings = _in_pair_order(corpus.pairs, list(findings) + added)
        memory_notes.append(f"{len(added)} finding(s) a reviewer added on an earlier round are shown again "
                            "(check 'reviewer')")
    dismissed = {fp for fp, state in memory.decisions.items() if state.dismissed}
    if dismissed and not options.show_dismissed:
        kept = _compact(f for f in findings if f.fingerprint not in dismissed)
    else:
        kept = _compact(findings)  # nothing to leave out: no second copy on disk
    suppressed = len(findings) - len(kept)
    findings = kept
    if suppressed:
        memory_notes.append(f"{suppressed} finding(s) a reviewer dismissed (false positive, won't fix) are not "
                            "shown (--show-dismissed shows them, with their decision, to reopen them)")
    hter = hter_score(corpus.pairs, memory.post_edits)
    if hter:
        scores.append(hter)
        memory_notes.append(f"HTER: TER of the translation against {len(hter.segments)} reviewer post-edit(s)")
    now = datetime.now(UTC).replace(microsecond=0)
    return Review(
        corpus=corpus_name,
        pairs=corpus.pairs,
        findings=findings,
        scores=scores,
        run_id=new_run_id(now),
        created=now.isoformat().replace("+00:00", "Z"),
        tool_version=__version__,
        system=options.system or corpus.system,
        document=document,
        config={
            "input": str(corpus.origin),
            # the files as given, absolute: `mtreview apply` reads them again from wherever it runs
            "inputs": [str(Path(path).resolve()) for path in corpus.inputs],
            "metrics": [score.metric for score in scores],
            "term_lists": [str(path) for path in options.term_lists],
            "shipped_terms": options.shipped_terms,
            "select": sorted(options.select or []),
            "exclude": sorted(options.exclude or []),
            "profile": options.profile or "default",
            "style": options.style.origin or options.style.name,
        } | ({"translator": options.translator} if options.translator else {})
          | ({"embeddings": options.embeddings} if options.embeddings else {}),
        notes=corpus.notes + metric_notes + memory_notes,
        memory=memory,
        check_stats=check_stats,
        added_by_category=added_by_category,
        suppressed=suppressed,
        history=history_identity(options.history_path) if options.history_path is not None else "",
    )


T = TypeVar("T")


def _compact(items: Iterable[T]) -> list[T] | SpillList[T]:
    """The items in a SpillList while there are many, as a plain list when they fit in one block."""
    spilled = items if isinstance(items, SpillList) else SpillList(items)
    return spilled if spilled.spilled else list(spilled)


def _in_pair_order(pairs: Sequence[Pair], findings: list[Finding]) -> list[Finding]:
    """Findings sorted by their pair's position (stable within a pair); unknown pairs last."""
    position = {pair.id: index for index, pair in enumerate(pairs)}
    return sorted(findings, key=lambda finding: position.get(finding.pair_id, len(position)))


def _reviewer_memory(history_path: str | Path | None, corpus: str, document: str):
    """What reviewers decided, corrected and added on earlier rounds of this document, from an existing
    history (a review never creates one just to read it), and how the corpus's checks fared with them."""
    if history_path is None or not history_exists(history_path):
        return ReviewerMemory(), [], {}
    with open_history(history_path) as history:
        memory = history.memory(corpus, document)
        if not history.decision_log(corpus=corpus, limit=1):
            return memory, [], {}
        stats, added = history.check_stats(corpus)
        return memory, stats, dict(sorted(added.items()))


def _reviewer_findings(pairs: Sequence, memory: ReviewerMemory) -> list:
    """Reviewers' own findings of earlier rounds, on the pairs whose source and target are unchanged."""
    if not memory.findings:
        return []
    wanted: dict[tuple[str, str], list] = {}
    for added in memory.findings:
        wanted.setdefault((added.source, added.target), []).append(added)
    return [added.as_finding(pair.id) for pair in pairs for added in wanted.get((pair.source, pair.target), ())]


def hter_score(pairs, post_edits: dict[str, str]):
    """TER of each translation against the reviewer's post-edit of its source sentence, if any."""
    edited = [pair for pair in pairs if pair.source in post_edits]  # an empty translation too: HTER 100
    if not edited:
        return None
    from mtreview.metrics.sacrebleu_metrics import TerMetric

    score = TerMetric().score([pair.target for pair in edited], [[post_edits[pair.source] for pair in edited]],
                              [pair.id for pair in edited])
    return replace(score, metric="hter", note=f"TER against {len(edited)} reviewer post-edit(s)")
