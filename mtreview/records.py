"""The record types that flow through the pipeline: Pair, Finding, Score, Review."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from itertools import islice

from mtreview.errors import ReportError

Span = tuple[int, int]


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

    def as_dict(self) -> dict:
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
    segments: tuple[float | None, ...]
    signature: str
    # Pair ids the segment scores belong to: pairs without a reference are not scored.
    pair_ids: tuple[str, ...] = ()
    note: str = ""
    # Findings the metric itself produced (XCOMET's error spans); the review adds them to the checks'.
    # Not part of as_dict: scores.json keeps its shape.
    findings: tuple[Finding, ...] = ()

    def segment_score(self, pair_id: str) -> float | None:
        try:
            return self.segments[self.pair_ids.index(pair_id)]
        except ValueError:
            return None

    def as_dict(self) -> dict:
        return {
            "corpus": self.corpus,
            "signature": self.signature,
            "segments": list(self.segments),
            "ids": list(self.pair_ids),
            "note": self.note,
        }


DECISIONS = ("open", "confirmed", "false positive", "fixed", "won't fix")


@dataclass(frozen=True)
class Decision:
    """What a reviewer decided about one finding of one run, read back from the review sheet."""

    run_id: str
    fingerprint: str
    decision: str  # one of DECISIONS
    pair_id: str = ""
    check: str = ""
    source: str = ""
    target: str = ""
    corrected: str = ""  # the reviewer's corrected translation of the pair, if given
    comment: str = ""
    reviewer: str = ""


def _in_memory(items) -> bool:
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
        if _in_memory(score.pair_ids):
            self.values = {}
            for pair_id, value in zip(score.pair_ids, score.segments):
                self.values.setdefault(pair_id, value)
            return
        self.entries = zip(score.pair_ids, score.segments)
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
    pairs: list[Pair]
    findings: list[Finding]
    scores: list[Score]
    run_id: str
    created: str  # ISO 8601, UTC
    tool_version: str
    system: str = ""
    config: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    document: str = ""  # which document of the corpus, when a corpus holds several (history runs.document)
    # What reviewers decided on earlier runs of this corpus, by fingerprint: pre-fills the sheet's
    # Decision column. Findings dismissed as false positives are left out unless asked for.
    prior_decisions: dict[str, str] = field(default_factory=dict)
    suppressed: int = 0

    @property
    def target_words(self) -> int:
        """Words in the target, split on whitespace: the denominator of the MQM penalty."""
        return sum(len(pair.target.split()) for pair in self.pairs)

    @property
    def mqm_penalty(self) -> float | None:
        """Sum of severity weights per 100 target words; None when there are no target words."""
        return self.totals().mqm_penalty

    def severity_counts(self) -> dict[Severity, int]:
        """Findings per severity, every severity present (zero included), most severe first."""
        counts = {severity: 0 for severity in reversed(_SEVERITY_ORDER)}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def findings_by(self, attribute: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            value = getattr(finding, attribute)
            key = value.value if isinstance(value, Severity) else value
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

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
        for position, pair, findings in self._join(orphans=False):
            yield position, pair, findings

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
        findings = iter(self.findings)
        pending = next(findings, None)
        consumed = 0  # findings taken before `pending`
        for position, pair in enumerate(self.pairs):
            group = []
            while pending is not None and pending.pair_id == pair.id:
                group.append(pending)
                consumed += 1
                pending = next(findings, None)
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
