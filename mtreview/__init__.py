"""mtreview: translation-quality review for Chinese→English.

Public API (imported lazily so that `import mtreview` and `mtreview --help` stay fast):
`review`, `align_texts`, `run_checks`, `score_pairs`, `write_reports`, `History`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "review": "mtreview.review:review_corpus",
    "align_texts": "mtreview.align:align_texts",
    "run_checks": "mtreview.checks:run_checks",
    "score_pairs": "mtreview.metrics:score_pairs",
    "write_reports": "mtreview.report:write_reports",
    "History": "mtreview.history:History",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'mtreview' has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    return getattr(import_module(module_name), attribute)
