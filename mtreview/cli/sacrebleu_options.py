"""sacrebleu's metric options on `score` and `compare`, named as sacrebleu's own command line names them
(-tok, -lc, --chrf-word-order, --ter-no-punct, …), so that a sacrebleu user's habits carry over. They go
into each score's signature."""

from __future__ import annotations

import functools
import inspect
from typing import Annotated, Any

import typer

from mtreview.cli.app import fail


def _option(name: str, kind: Any, default: Any, *decls: str, **info: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[kind, typer.Option(*decls, **info)])


_PARAMETERS = [
    _option("tokenize", str | None, None, "--tokenize", "-tok", metavar="NAME", rich_help_panel="sacrebleu",
            help="BLEU's tokenizer: none, zh, 13a, intl, char, … (sacrebleu's; default 13a)."),
    _option("lowercase", bool, False, "--lowercase", "-lc", rich_help_panel="sacrebleu",
            help="BLEU ignores case."),
    _option("force", bool, False, "--force", rich_help_panel="sacrebleu",
            help="BLEU on text that looks tokenised, without the warning."),
    _option("smooth_method", str, "exp", "--smooth-method", "-s", metavar="NAME", rich_help_panel="sacrebleu",
            help="BLEU's smoothing: none, floor, add-k, exp."),
    _option("smooth_value", float | None, None, "--smooth-value", "-sv", metavar="X", rich_help_panel="sacrebleu",
            help="The value of floor or add-k smoothing (default 0.1 and 1)."),
    _option("chrf_char_order", int, 6, "--chrf-char-order", "-cc", min=1, metavar="N", rich_help_panel="sacrebleu",
            help="chrF's character n-gram order."),
    _option("chrf_word_order", int, 0, "--chrf-word-order", "-cw", min=0, metavar="N", rich_help_panel="sacrebleu",
            help="chrF's word n-gram order (2 is chrF++; the chrf++ metric always uses 2)."),
    _option("chrf_beta", int, 2, "--chrf-beta", min=0, metavar="N", rich_help_panel="sacrebleu",
            help="chrF's recall weight beta."),
    _option("chrf_whitespace", bool, False, "--chrf-whitespace", rich_help_panel="sacrebleu",
            help="chrF counts whitespace in character n-grams."),
    _option("chrf_lowercase", bool, False, "--chrf-lowercase", rich_help_panel="sacrebleu",
            help="chrF ignores case."),
    _option("chrf_eps_smoothing", bool, False, "--chrf-eps-smoothing", rich_help_panel="sacrebleu",
            help="chrF's epsilon smoothing (as chrF++.py, NLTK and Moses compute it)."),
    _option("ter_case_sensitive", bool, False, "--ter-case-sensitive", rich_help_panel="sacrebleu",
            help="TER minds case."),
    _option("ter_asian_support", bool, False, "--ter-asian-support", rich_help_panel="sacrebleu",
            help="TER's tokenisation of Asian characters."),
    _option("ter_no_punct", bool, False, "--ter-no-punct", rich_help_panel="sacrebleu",
            help="TER leaves punctuation out."),
    _option("ter_normalized", bool, False, "--ter-normalized", rich_help_panel="sacrebleu",
            help="TER's basic normalisation and tokenisation."),
]


def sacrebleu_options(command):
    """Give a command sacrebleu's metric options; it receives them as one keyword argument,
    `sacrebleu: mtreview.metrics.sacrebleu_settings.SacrebleuSettings`."""
    # The command's own `sacrebleu` annotation names a class imported only for type checkers (it would
    # load the metrics package on every --help); that parameter is replaced below, so any stand-in does.
    signature = inspect.signature(command, eval_str=True, locals={"SacrebleuSettings": object})
    own = [parameter for parameter in signature.parameters.values() if parameter.name != "sacrebleu"]

    @functools.wraps(command)
    def with_sacrebleu(**kwargs: Any):
        from mtreview.errors import MtreviewError
        from mtreview.metrics.sacrebleu_settings import SacrebleuSettings

        given = {parameter.name: kwargs.pop(parameter.name) for parameter in _PARAMETERS}
        try:
            kwargs["sacrebleu"] = SacrebleuSettings(**given)
        except MtreviewError as error:
            fail(str(error))
        return command(**kwargs)

    del with_sacrebleu.__wrapped__  # typer reads the signature below, not the command's own
    exposed = signature.replace(parameters=[*own, *_PARAMETERS])
    with_sacrebleu.__signature__ = exposed  # type: ignore[attr-defined]  # inspect reads it; no declared attribute
    with_sacrebleu.__annotations__ = {parameter.name: parameter.annotation for parameter in exposed.parameters.values()}
    return with_sacrebleu
