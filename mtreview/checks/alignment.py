"""Omissions and additions: what the aligner could not pair, and lengths no translation has.

The length bounds are calibrated on real zh→en data, not a fixed ratio: on WMT23 zh-en
(sources/zh-en.txt against references/zh-en.refA.txt, the 1,650 segments with 10+ Han characters) the
log of English characters per non-space source character has median 1.369 and robust standard
deviation 0.225 (1.4826 × MAD). Omission is flagged 4 deviations below (9 of the 1,650 human
references fall there), addition 3 above (2 of 1,650): human translators rarely pass these bounds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.inputs.language import HAN
from mtreview.records import Category, Pair, Severity

FAMILY = "alignment"
PROFILES = ("accuracy",)

LOG_RATIO_MEDIAN = 1.369
LOG_RATIO_SPREAD = 0.225
OMISSION_DEVIATIONS = 4.0
ADDITION_DEVIATIONS = 3.0
MIN_HAN_CHARACTERS = 10  # shorter segments vary too much to judge by length
# Code, numbers and Latin names carry over one character for one, not four: a source that is not
# mostly Chinese (a standard's code table, a product listing) says little about the English length.
MIN_HAN_SHARE = 0.5
_SPACE = re.compile(r"\s")


@check("omission", Category.OMISSION, Severity.MAJOR)
def unmatched_source(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Source sentence with no English translation"""
    if pair.source.strip() and not pair.target.strip() and pair.kind.endswith("-0"):
        yield Hit(f"no English for this source sentence ({len(pair.source)} characters)",
                  source_span=(0, len(pair.source)))


@check("addition", Category.ADDITION, Severity.MAJOR)
def unmatched_target(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """English sentence with no source sentence"""
    if pair.target.strip() and not pair.source.strip() and pair.kind.startswith("0-"):
        yield Hit("no source sentence for this English", target_span=(0, len(pair.target)))


def length_deviation(pair: Pair) -> float | None:
    """How many calibrated deviations the English length is from a typical translation's."""
    han = len(HAN.findall(pair.source))
    if han < MIN_HAN_CHARACTERS or not pair.target.strip():
        return None
    if han < MIN_HAN_SHARE * len(_SPACE.sub("", pair.source)):
        return None
    ratio = len(pair.target.strip()) / len(_SPACE.sub("", pair.source))
    return (math.log(ratio) - LOG_RATIO_MEDIAN) / LOG_RATIO_SPREAD


def _expected_length(pair: Pair) -> int:
    return round(len(_SPACE.sub("", pair.source)) * math.exp(LOG_RATIO_MEDIAN))


@check("too-short", Category.OMISSION, Severity.MINOR)
def too_short(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """English far shorter than translations of such a source are: part may be missing"""
    deviation = length_deviation(pair)
    if deviation is not None and deviation < -OMISSION_DEVIATIONS:
        yield Hit(f"{len(pair.target.strip())} characters of English where about {_expected_length(pair)} "
                  "are usual: part of the source may be missing", source_span=(0, len(pair.source)))


@check("too-long", Category.ADDITION, Severity.MINOR)
def too_long(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """English far longer than translations of such a source are: it may add to the source"""
    deviation = length_deviation(pair)
    if deviation is not None and deviation > ADDITION_DEVIATIONS:
        yield Hit(f"{len(pair.target.strip())} characters of English where about {_expected_length(pair)} "
                  "are usual: it may say more than the source", target_span=(0, len(pair.target)))
