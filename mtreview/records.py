"""The record types that flow through the pipeline: Pair, Finding, Score, Review."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

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
        words = self.target_words
        if words == 0:
            return None
        return sum(finding.severity.weight for finding in self.findings) / words * 100

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
