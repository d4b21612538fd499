"""sacrebleu's metric options on `score`, named as sacrebleu's own command line names them
(-tok, -lc, --chrf-word-order, --ter-no-punct, …), so that a sacrebleu user's habits carry over. They go
into each score's signature."""

from __future__ import annotations

from typing import Any

from mtreview.cli.app import fail
from mtreview.cli.options import option, option_bundle

_PARAMETERS = [
    option("tokenize", str | None, None, "--tokenize", "-tok", metavar="NAME", rich_help_panel="sacrebleu",
           help="BLEU's tokenizer: none, zh, 13a, intl, char, … (sacrebleu's; default 13a)."),
    option("lowercase", bool, False, "--lowercase", "-lc", rich_help_panel="sacrebleu",
           help="BLEU ignores case."),
    option("force", bool, False, "--force", rich_help_panel="sacrebleu",
           help="BLEU on text that looks tokenised, without the warning."),
    option("smooth_method", str, "exp", "--smooth-method", "-s", metavar="NAME", rich_help_panel="sacrebleu",
           help="BLEU's smoothing: none, floor, add-k, exp."),
    option("smooth_value", float | None, None, "--smooth-value", "-sv", metavar="X", rich_help_panel="sacrebleu",
           help="The value of floor or add-k smoothing (default 0.1 and 1)."),
    option("chrf_char_order", int, 6, "--chrf-char-order", "-cc", min=1, metavar="N", rich_help_panel="sacrebleu",
           help="chrF's character n-gram order."),
    option("chrf_word_order", int, 0, "--chrf-word-order", "-cw", min=0, metavar="N", rich_help_panel="sacrebleu",
           help="chrF's word n-gram order (2 is chrF++; the chrf++ metric always uses 2)."),
    option("chrf_beta", int, 2, "--chrf-beta", min=0, metavar="N", rich_help_panel="sacrebleu",
           help="chrF's recall weight beta."),
    option("chrf_whitespace", bool, False, "--chrf-whitespace", rich_help_panel="sacrebleu",
           help="chrF counts whitespace in character n-grams."),
    option("chrf_lowercase", bool, False, "--chrf-lowercase", rich_help_panel="sacrebleu",
           help="chrF ignores case."),
    option("chrf_eps_smoothing", bool, False, "--chrf-eps-smoothing", rich_help_panel="sacrebleu",
           help="chrF's epsilon smoothing (as chrF++.py, NLTK and Moses compute it)."),
    option("ter_case_sensitive", bool, False, "--ter-case-sensitive", rich_help_panel="sacrebleu",
           help="TER minds case."),
    option("ter_asian_support", bool, False, "--ter-asian-support", rich_help_panel="sacrebleu",
           help="TER's tokenisation of Asian characters."),
    option("ter_no_punct", bool, False, "--ter-no-punct", rich_help_panel="sacrebleu",
           help="TER leaves punctuation out."),
    option("ter_normalized", bool, False, "--ter-normalized", rich_help_panel="sacrebleu",
           help="TER's basic normalisation and tokenisation."),
]


def _settings(given: dict[str, Any]) -> Any:
    from mtreview.errors import MtreviewError
    from mtreview.metrics.sacrebleu_settings import SacrebleuSettings

    try:
        return SacrebleuSettings(**given)
    except MtreviewError as error:
        fail(str(error))


# Give a command sacrebleu's metric options; it receives them as one keyword argument,
# `sacrebleu: mtreview.metrics.sacrebleu_settings.SacrebleuSettings`. The command's annotation of it names a
# class imported only for type checkers (importing it would load the metrics package on every --help).
sacrebleu_options = option_bundle("sacrebleu", _PARAMETERS, _settings, stand_ins={"SacrebleuSettings": object})
