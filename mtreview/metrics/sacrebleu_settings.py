"""sacrebleu's metric options as one value (kept apart from the metrics so that the CLI can declare them
without importing anything heavy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtreview.errors import MetricError
from mtreview.metrics.sacrebleu_adapter import tokenizer_names

if TYPE_CHECKING:
    from sacrebleu.metrics import BLEU, CHRF, TER


@dataclass(frozen=True)
class SacrebleuSettings:
    """sacrebleu's own metric options, named and defaulted as its command line has them (`sacrebleu -h`).
    They reach the metric objects, so each score's signature says which were used (tok:intl, lc, …)."""

    tokenize: str | None = None  # None: sacrebleu's choice (13a for English)
    lowercase: bool = False
    force: bool = False
    smooth_method: str = "exp"
    smooth_value: float | None = None
    chrf_char_order: int = 6
    chrf_word_order: int = 0  # for chrf; chrf++ is chrF with word order 2 by definition
    chrf_beta: int = 2
    chrf_whitespace: bool = False
    chrf_lowercase: bool = False
    chrf_eps_smoothing: bool = False
    ter_case_sensitive: bool = False
    ter_asian_support: bool = False
    ter_no_punct: bool = False
    ter_normalized: bool = False

    def __post_init__(self) -> None:
        from sacrebleu.metrics import BLEU

        tokenizers = tokenizer_names()
        if self.tokenize is not None and self.tokenize not in tokenizers:
            raise MetricError(f"unknown tokenizer {self.tokenize!r}; sacrebleu has {', '.join(tokenizers)}")
        if self.smooth_method not in BLEU.SMOOTH_DEFAULTS:
            raise MetricError(f"unknown smoothing method {self.smooth_method!r}; sacrebleu has "
                              f"{', '.join(BLEU.SMOOTH_DEFAULTS)}")

    def bleu(self, effective_order: bool = False) -> BLEU:
        from sacrebleu.metrics import BLEU

        return BLEU(lowercase=self.lowercase, force=self.force, tokenize=self.tokenize,
                    smooth_method=self.smooth_method, smooth_value=self.smooth_value,
                    effective_order=effective_order)

    def chrf(self, word_order: int | None = None) -> CHRF:
        from sacrebleu.metrics import CHRF

        return CHRF(char_order=self.chrf_char_order,
                    word_order=self.chrf_word_order if word_order is None else word_order,
                    beta=self.chrf_beta, lowercase=self.chrf_lowercase, whitespace=self.chrf_whitespace,
                    eps_smoothing=self.chrf_eps_smoothing)

    def ter(self) -> TER:
        from sacrebleu.metrics import TER

        return TER(normalized=self.ter_normalized, no_punct=self.ter_no_punct, asian_support=self.ter_asian_support,
                   case_sensitive=self.ter_case_sensitive)
