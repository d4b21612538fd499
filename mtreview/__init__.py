"""mtreview: translation-quality review for Chinese→English.

Public API (imported lazily so that `import mtreview` and `mtreview --help` stay fast):
`load_input`, `review_corpus` with `ReviewOptions`, `publish_review`, `ingest_workbook`, `align_texts`,
`run_checks`, `score_pairs`, `write_reports`, `History`. `mtreview.review` is always the module (the
function is `review_corpus`): a name that changed meaning once its submodule was imported misled callers.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_input": "mtreview.corpus:load_input",
    "review_corpus": "mtreview.review:review_corpus",
    "ReviewOptions": "mtreview.review:ReviewOptions",
    "publish_review": "mtreview.publish:publish_review",
    "ingest_workbook": "mtreview.ingest:ingest_workbook",
    "align_texts": "mtreview.align:align_texts",
    "run_checks": "mtreview.checks:run_checks",
    "score_pairs": "mtreview.metrics:score_pairs",
    "write_reports": "mtreview.report:write_reports",
    "History": "mtreview.history:History",
    "open_history": "mtreview.history:open_history",
}


_SUBMODULES = frozenset({"review"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"mtreview.{name}")
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'mtreview' has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    return getattr(import_module(module_name), attribute)
