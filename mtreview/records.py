"""The record types that flow through the pipeline: Pair, Corpus, Finding, Score, Review."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Literal, TypeGuard, TypeVar, overload

from mtreview.errors import ReportError

Span = tuple[int, int]
T = TypeVar("T")


class Severity(str, Enum):
    """MQM severities; the weights are those of the WMT MQM scoring."""

    NEUTRAL = "neutral"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def weight(self) -> int:
        return _SEVERITY_WEIGHTS[self]

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = [Severity.NEUTRAL, Severity.MINOR, Severity.MAJOR, Severity.CRITICAL]
_SEVERITY_WEIGHTS = {Severity.NEUTRAL: 0, Severity.MINOR: 1, Severity.MAJOR: 5, Severity.CRITICAL: 25}


class Category:
    """MQM categories from the WMT typology (the subset mtreview's checks emit)."""

    MISTRANSLATION = "Accuracy/Mistranslation"
    OMISSION = "Accuracy/Omission"
    ADDITION = "Accuracy/Addition"
    UNTRANSLATED = "Accuracy/Untranslated"
    PUNCTUATION = "Fluency/Punctuation"
    SPELLING = "Fluency/Spelling"
    GRAMMAR = "Fluency/Grammar"
    CHARACTER_ENCODING = "Fluency/Character encoding"
    TERMINOLOGY = "Terminology/Inappropriate for context"
    TERMINOLOGY_INCONSISTENT = "Terminology/Inconsistent"
    INCONSISTENCY = "Fluency/Inconsistency"
    AWKWARD = "Style/Awkward"
    DATE_FORMAT = "Locale convention/Date format"
    NUMBER_FORMAT = "Locale convention/Number format"


@dataclass(frozen=True)
class Pair:
    """One aligned unit: source sentence(s) and the target sentence(s) that translate them.

    `source_indices` / `target_indices` are 0-based sentence indices in the document; an empty
    side means an omission (1-0) or an addition (0-1).
    """

    id: str
    source: str
    target: str
    references: tuple[str, ...] = ()
    source_indices: tuple[int, ...] = ()
    target_indices: tuple[int, ...] = ()
    paragraph: int | None = None
    kind: str = "1-1"
    align_score: float | None = None
    # Provenance of the source text where it is not the published original, e.g. "reconstructed".
    source_note: str = ""
    # Text glued to the end of the target with no space, e.g. "Photo" after "...Guest House.":
    # the run-on is split into two sentences, so the spacing check needs to see across the split.
    target_after: str = ""
    # Translators' notes that came with the unit in a TMX or XLIFF file.
    notes: tuple[str, ...] = ()
    # Who translated it and which document it belongs to, where a table says so (its `system` and
    # `document` columns): corpus-wide checks compare a pair only with pairs of the same both.
    system: str = ""
    document: str = ""

    @property
    def reference(self) -> str | None:
        return self.references[0] if self.references else None


def _normalise_for_fingerprint(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def fingerprint(check: str, source: str, flagged_target: str, occurrence: int = 0) -> str:
    """A finding's identity across runs: check id, normalised source, and the flagged target text.

    It ignores pair ids and offsets, so re-segmenting or re-ordering a document keeps a reviewer's
    decision attached to the same finding. `occurrence` tells apart the same flagged text found
    twice by one check in one source sentence.
    """
    key = "\x1f".join([check, _normalise_for_fingerprint(source), flagged_target, str(occurrence)])
    # surrogatepass: a lone surrogate (text from a library caller, never from a file) still hashes
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Corpus:
    """What an input reader gives (mtreview.inputs): the pairs of one input and what was noticed reading it."""

    name: str
    pairs: Sequence[Pair]  # a SpillList for tables, line-aligned files and TMX; a list for aligned documents
    origin: Path
    system: str = ""
    notes: list[str] = field(default_factory=list)
    document: str = ""  # the document's name when the input gives one; else mtreview.identity names it
    style: Path | None = None  # a corpus folder's house style file (style.toml; mtreview.style)
    # The file the target text was read from, where pairs were aligned from whole documents (a text or Word
    # file): a write-back (review --docx-out, mtreview apply) finds each pair's sentences in it again.
    target_file: Path | None = None
    inputs: tuple[Path, ...] = ()  # the paths load_input was given, for `mtreview apply` to read them again


@dataclass(frozen=True)
class Finding:
    pair_id: str
    check: str
    category: str
    severity: Severity
    message: str
    suggestion: str | None = None
    target_span: Span | None = None
    source_span: Span | None = None
    fingerprint: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.pair_id,
            "check": self.check,
            "category": self.category,
            "severity": self.severity.value,
            "target_span": list(self.target_span) if self.target_span else None,
            "source_span": list(self.source_span) if self.source_span else None,
            "message": self.message,
            "suggestion": self.suggestion,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Score:
    """A metric's corpus score, its per-segment scores (aligned with the scored pairs) and signature."""

    metric: str
    corpus: float
    # A tuple, or for a large corpus an array("d") of the segment scores and a SpillList of the ids.
    segments: Sequence[float | None]
    signature: str
    # Pair ids the segment scores belong to: pairs without a reference are not scored.
    pair_ids: Sequence[str] = ()
    note: str = ""
    # Findings the metric itself produced (XCOMET's error spans); the review adds them to the checks'.
    # Not part of as_dict: scores.json keeps its shape.
    findings: tuple[Finding, ...] = ()

    def segment_score(self, pair_id: str) -> float | None:
        try:
            return self.segments[self.pair_ids.index(pair_id)]
        except ValueError:
            return None

    def as_dict(self) -> dict[str, object]:
        return {
            "corpus": self.corpus,
            "signature": self.signature,
            "segments": list(self.segments),
            "ids": list(self.pair_ids),
            "note": self.note,
        }


DECISIONS = ("open", "confirmed", "false positive", "fixed", "won't fix")
# Decisions that take a finding out of the next rounds (and out of "still open" in comparisons).
DISMISSED = ("false positive", "won't fix")
# Where a decision applies: the finding in its own document (the default), or the same finding in every
# document of the corpus, which a reviewer chooses on purpose in the sheet's Scope column.
SCOPES = ("document", "corpus")
# The check id of findings a reviewer added to the sheet: told apart from the tool's by it.
REVIEWER_CHECK = "reviewer"


@dataclass(frozen=True)
class Decision:
    """One entry of the decision log: what a reviewer decided about one finding, read back from a sheet.

    `decision` or `comment` None means the sheet left it as it was pre-filled: the entry changes the
    other fields only. The latest entry wins, "open" included (a dismissal can be undone)."""

    run_id: str
    fingerprint: str
    decision: str | None  # one of DECISIONS, or None: unchanged
    pair_id: str = ""
    check: str = ""
    source: str = ""
    target: str = ""
    comment: str | None = None
    reviewer: str = ""
    scope: str = "document"
    corpus: str = ""  # "" : the run's
    document: str = ""  # "" : the run's
    sheet: str = ""  # the workbook it came from
    sheet_row: int | None = None


@dataclass(frozen=True)
class FindingState:
    """A finding's standing after every decision logged on it: what the next sheet pre-fills."""

    decision: str = "open"
    comment: str = ""
    reviewer: str = ""
    scope: str = "document"
    run_id: str = ""
    ingested: str = ""

    @property
    def dismissed(self) -> bool:
        return self.decision in DISMISSED


@dataclass(frozen=True)
class SegmentEdit:
    """A reviewer's correction of a segment (a post-edit of its source sentence, scored as HTER) and
    comment on it; as a log entry, None means unchanged."""

    source: str
    post_edit: str | None = None
    comment: str | None = None
    reviewer: str = ""
    target: str = ""  # the translation that was corrected
    run_id: str = ""
    pair_id: str = ""
    sheet: str = ""
    sheet_row: int | None = None


@dataclass(frozen=True)
class ReviewerFinding:
    """An error a reviewer added to the sheet that no check raised. It is shown again, and counts, in the
    next rounds while its segment (source and target) is unchanged."""

    source: str
    target: str
    category: str
    severity: Severity
    comment: str = ""
    flagged: str = ""  # the flagged text, "" for the whole segment
    target_span: Span | None = None
    reviewer: str = ""
    run_id: str = ""
    pair_id: str = ""
    sheet: str = ""
    sheet_row: int | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(REVIEWER_CHECK, self.source, self.flagged or self.target, 0)

    def as_finding(self, pair_id: str) -> Finding:
        message = self.comment or f"Reviewer: {self.category}"
        return Finding(pair_id=pair_id, check=REVIEWER_CHECK, category=self.category, severity=self.severity,
                       message=message + (f" ({self.reviewer})" if self.reviewer else ""),
                       target_span=self.target_span, fingerprint=self.fingerprint)


# Decisions that say the finding was a real error (fixed or not); "false positive" says it was not.
TRUE_DECISIONS = ("confirmed", "fixed", "won't fix")


@dataclass(frozen=True)
class CheckStats:
    """How a check fared with a desk's reviewers: distinct findings shown and their latest decisions."""

    check: str
    shown: int
    decisions: Counter[str]

    @property
    def judged(self) -> int:
        return sum(self.decisions[d] for d in (*TRUE_DECISIONS, "false positive"))

    @property
    def precision(self) -> float | None:
        """The share of judged findings that reviewers found to be real errors."""
        if not self.judged:
            return None
        return sum(self.decisions[d] for d in TRUE_DECISIONS) / self.judged

    def summary(self) -> str:
        decided = ", ".join(f"{self.decisions[d]} {d}" for d in DECISIONS[1:] if self.decisions[d])
        precision = "-" if self.precision is None else f"{self.precision:.2f}"
        return f"{self.shown} shown; {decided or 'none decided'}; reviewers' precision {precision}"


@dataclass
class ReviewerMemory:
    """What the history knows of a document's earlier rounds."""

    decisions: dict[str, FindingState] = field(default_factory=dict)  # by finding fingerprint
    edits: dict[str, SegmentEdit] = field(default_factory=dict)  # by source sentence, latest state
    findings: list[ReviewerFinding] = field(default_factory=list)

    @property
    def post_edits(self) -> dict[str, str]:
        return {source: edit.post_edit for source, edit in self.edits.items() if edit.post_edit}


def _in_memory(items: Sequence[T]) -> TypeGuard[list[T] | tuple[T, ...]]:
    """A plain list or tuple (a small or hand-built review), as opposed to a SpillList read from disk."""
    return isinstance(items, (list, tuple))


def _reading_key(finding: Finding) -> int:
    # Findings without a target span concern the whole segment: they come first within their pair.
    return finding.target_span[0] if finding.target_span else -1


class _ScoreLookup:
    """A score's segment scores looked up by pair id, asked in pair order. In-memory pair ids (possibly
    in any order, from a hand-built review) go through a dict, the first score of an id winning as with
    Score.segment_score; a SpillList of ids is merge-joined with the pairs, a block at a time."""

    def __init__(self, score: Score) -> None:
        self.metric = score.metric
        self.values: dict[str, float | None] | None = None
        self.entries: Iterator[tuple[str, float | None]] = zip(score.pair_ids, score.segments)
        self.pending: tuple[str, float | None] | None = None
        if _in_memory(score.pair_ids):
            self.values = {}
            for pair_id, value in self.entries:
                self.values.setdefault(pair_id, value)
            return
        self.pending = next(self.entries, None)

    def __call__(self, pair_id: str) -> float | None:
        if self.values is not None:
            return self.values.get(pair_id)
        if self.pending is not None and self.pending[0] == pair_id:
            value = self.pending[1]
            self.pending = next(self.entries, None)
            return value
        return None

    def finish(self) -> None:
        """After the last pair: a segment score left over means the ids were not in pair order."""
        if self.values is None and self.pending is not None:
            raise ReportError(f"{self.metric}: segment scores are not in pair order, or name a pair the "
                             f"review does not have ({self.pending[0]!r})")


@dataclass(frozen=True)
class ReviewTotals:
    """A review's aggregates (Review.totals()), read in one pass over pairs and one over findings."""

    pairs: int
    target_words: int
    findings: int
    severities: dict[Severity, int]  # every severity (zero included), most severe first
    categories: dict[str, int]  # findings per category, sorted by category
    kinds: dict[str, int]  # pairs per alignment kind (1-1, 1-0...), sorted by kind
    weight: int  # the findings' severity weights, summed

    @property
    def mqm_penalty(self) -> float | None:
        """Sum of severity weights per 100 target words; None when there are no target words."""
        if self.target_words == 0:
            return None
        return self.weight / self.target_words * 100


@dataclass
class Review:
    """Everything one review run produced, with the metadata the history keeps."""

    corpus: str
    # Lists for a small review, SpillLists (mtreview.spill) for a large one.
    pairs: Sequence[Pair]
    findings: Sequence[Finding]
    scores: list[Score]
    run_id: str
    created: str  # ISO 8601, UTC
    tool_version: str
    system: str = ""
    config: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    document: str = ""  # which document of the corpus, when a corpus holds several (history runs.document)
    # What reviewers decided and corrected on earlier rounds of this document: pre-fills the sheets.
    # Findings dismissed (false positive, won't fix) are left out unless asked for.
    memory: ReviewerMemory = field(default_factory=ReviewerMemory)
    suppressed: int = 0
    history: str = ""  # where the run is recorded, so that `ingest` finds it from the workbook
    # How the corpus's checks fared with its reviewers so far, and the errors they added (Summary sheet).
    check_stats: list[CheckStats] = field(default_factory=list)
    added_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def prior_decisions(self) -> dict[str, str]:
        return {fp: state.decision for fp, state in self.memory.decisions.items()}

    def prefilled_decision(self, finding: Finding) -> str:
        """The decision a report shows for a finding: the one taken on an earlier round, else "open" (a
        reviewer's own finding stands confirmed until they say otherwise). A lookup, not a dict built per
        row: reports ask it once per finding."""
        state = self.memory.decisions.get(finding.fingerprint)
        if state is not None:
            return state.decision
        return "confirmed" if finding.check == REVIEWER_CHECK else "open"

    def totals(self) -> ReviewTotals:
        """Every aggregate the reports and the history need, in one pass over the pairs and one over
        the findings (each may be a SpillList on disk: nothing is materialised)."""
        kinds: dict[str, int] = {}
        words = pairs = 0
        for pair in self.pairs:
            pairs += 1
            words += len(pair.target.split())
            kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
        severities = {severity: 0 for severity in reversed(_SEVERITY_ORDER)}
        categories: dict[str, int] = {}
        weight = findings = 0
        for finding in self.findings:
            findings += 1
            severities[finding.severity] += 1
            categories[finding.category] = categories.get(finding.category, 0) + 1
            weight += finding.severity.weight
        return ReviewTotals(pairs=pairs, target_words=words, findings=findings, severities=severities,
                            categories=dict(sorted(categories.items())), kinds=dict(sorted(kinds.items())),
                            weight=weight)

    # Reading the pairs with their findings and segment scores. `pairs` and `findings` are lists for a
    # small review and SpillLists (mtreview.spill) for a large one; a SpillList is read in order, a
    # block at a time, so pairs and findings are merge-joined rather than looked up in a dict. The join
    # relies on the order review_corpus guarantees: all findings of a pair are consecutive and pairs
    # come in review.pairs order; every score's pair_ids is a subsequence of the pairs' ids, in order.
    # In-memory findings or pair ids (a hand-built review, in any order) are grouped with a dict.

    def grouped(self) -> Iterator[tuple[int, Pair, list[Finding]]]:
        """(position, pair, its findings in reading order) for every pair, in pair order.

        Reading order within a pair: findings without a target span (about the whole segment) first,
        then by target span start, ties in the order given. Findings of pairs absent from the review
        are not yielded here (ordered_findings() yields them last)."""
        yield from self._join(orphans=False)

    def segment_scores(self) -> Iterator[tuple[float | None, ...]]:
        """For every pair in order, its segment score under each of review.scores (aligned with that
        list; None where the metric did not score the pair)."""
        for _, _, _, values in self.segments():
            yield values

    def segments(self) -> Iterator[tuple[int, Pair, list[Finding], tuple[float | None, ...]]]:
        """grouped() and segment_scores() together, in one pass over the pairs."""
        lookups = [_ScoreLookup(score) for score in self.scores]
        for position, pair, findings in self._join(orphans=False):
            yield position, pair, findings, tuple(lookup(pair.id) for lookup in lookups)
        for lookup in lookups:
            lookup.finish()

    def ordered_findings(self) -> Iterator[tuple[Finding, Pair | None]]:
        """Every finding once, with its pair (None if the review has no such pair), in reading order:
        by pair order, then as in grouped(); findings naming an unknown pair come last, by span start."""
        if _in_memory(self.pairs) and _in_memory(self.findings):
            # A hand-built review may list findings in any order: sort, as the reports always did.
            position = {pair.id: index for index, pair in enumerate(self.pairs)}
            by_id = {pair.id: pair for pair in self.pairs}
            unknown = len(self.pairs)
            for finding in sorted(self.findings, key=lambda finding: (
                    position.get(finding.pair_id, unknown), _reading_key(finding))):
                yield finding, by_id.get(finding.pair_id)
            return
        for _, pair, findings in self._join(orphans=True):
            for finding in findings:
                yield finding, pair

    # Without orphans every group has its pair: the overload says so to grouped() and segments().
    @overload
    def _join(self, orphans: Literal[False]) -> Iterator[tuple[int, Pair, list[Finding]]]: ...

    @overload
    def _join(self, orphans: bool) -> Iterator[tuple[int | None, Pair | None, list[Finding]]]: ...

    def _join(self, orphans: bool) -> Iterator[tuple[int | None, Pair | None, list[Finding]]]:
        if _in_memory(self.findings):
            by_id: dict[str, list[Finding]] = {}
            for finding in self.findings:
                by_id.setdefault(finding.pair_id, []).append(finding)
            claimed: set[str] = set()
            for position, pair in enumerate(self.pairs):
                findings = by_id.get(pair.id)
                if findings:
                    claimed.add(pair.id)
                yield position, pair, sorted(findings or (), key=_reading_key)
            if orphans:
                rest = [finding for finding in self.findings if finding.pair_id not in claimed]
                if rest:
                    yield None, None, sorted(rest, key=_reading_key)
            return
        remaining = iter(self.findings)
        pending = next(remaining, None)
        consumed = 0  # findings taken before `pending`
        for position, pair in enumerate(self.pairs):
            group = []
            while pending is not None and pending.pair_id == pair.id:
                group.append(pending)
                consumed += 1
                pending = next(remaining, None)
            yield position, pair, sorted(group, key=_reading_key)
        if pending is None:
            return
        # Findings left over after the last pair either name no pair of the review (a hand-built
        # review: they go last, as they always did) or were not in pair order: that is refused rather
        # than misattributed. Checking costs a pass over the pairs, and only when some are left over.
        leftover_ids = {finding.pair_id for finding in islice(self.findings, consumed, None)}
        misplaced = next((pair.id for pair in self.pairs if pair.id in leftover_ids), None)
        if misplaced is not None:
            raise ReportError(f"findings are not in pair order: a finding of pair {misplaced!r} comes after "
                             "findings of later pairs, or after findings naming no pair of the review")
        if orphans:
            yield None, None, sorted(islice(self.findings, consumed, None), key=_reading_key)
