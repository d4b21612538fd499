"""What each metric is: its direction, display precision and what it needs. One place for these facts.

Importing this module imports nothing heavy (no sacrebleu, pandas or torch), so the CLI may read it
while building --help. Every command, the tracking of runs over time and the significance tests read
a metric's direction and precision from here instead of keeping their own lists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricSpec:
    name: str
    higher_is_better: bool
    decimals: int  # digits shown to people; stored and JSON values keep full precision
    needs_reference: bool  # a pair without a reference cannot be scored (it is left out, with a note)
    needs_source: bool  # scores (source, translation[, reference]) pairs, not text against references
    description: str
    # The sacrebleu metric whose summed segment statistics give the corpus score (BLEU, chrF and TER are
    # not means of segment scores); None for a metric whose corpus score is the mean of its segments.
    sacrebleu: str | None = None
    # The "references" are reviewers' post-edits of the translation, not independent references (HTER).
    needs_post_edit: bool = False

    @property
    def lower_is_better(self) -> bool:
        return not self.higher_is_better

    @property
    def direction(self) -> str:
        return "higher is better" if self.higher_is_better else "lower is better"

    def format(self, value: float | None) -> str:
        return "-" if value is None or value != value else f"{value:.{self.decimals}f}"  # None or NaN: none

    def improved(self, delta: float | None) -> bool | None:
        """Whether a change of `delta` (new minus old) is for the better; None when there is none."""
        if delta is None or delta != delta or delta == 0:  # None, NaN or no change
            return None
        return delta > 0 if self.higher_is_better else delta < 0


SPECS: dict[str, MetricSpec] = {spec.name: spec for spec in (
    MetricSpec("bleu", True, 2, True, False, "BLEU (sacrebleu), 0-100", sacrebleu="bleu"),
    MetricSpec("chrf", True, 2, True, False, "chrF (sacrebleu), 0-100", sacrebleu="chrf"),
    MetricSpec("chrf++", True, 2, True, False, "chrF++ (chrF with word bigrams, sacrebleu), 0-100",
               sacrebleu="chrf++"),
    MetricSpec("ter", False, 2, True, False, "TER, edits per 100 reference words (sacrebleu)", sacrebleu="ter"),
    # Whether COMET uses the reference depends on the model (wmt22-comet-da does, CometKiwi does not);
    # mtreview.metrics.comet decides per model and leaves out pairs a model cannot score, with a note.
    MetricSpec("comet", True, 4, False, True, "COMET, a neural estimate of quality, about 0-1"),
    MetricSpec("hter", False, 2, False, False,
               "HTER: TER of the translation against the reviewers' post-edits", sacrebleu="ter",
               needs_post_edit=True),
    # Measures of a review run, read off the run itself rather than scored.
    MetricSpec("mqm", False, 2, False, False, "MQM penalty per 100 target words, from the findings"),
    MetricSpec("findings", False, 0, False, False, "number of findings of the run"),
)}


def metric_spec(name: str) -> MetricSpec:
    """The spec of a metric by name (any case). A metric not listed here (one recorded by a later
    mtreview, say) is taken as higher-is-better with 2 decimals, the most common kind."""
    key = name.strip().lower()
    spec = SPECS.get(key)
    if spec is None:
        return MetricSpec(key, True, 2, False, False, "unknown metric: taken as higher is better")
    return spec
