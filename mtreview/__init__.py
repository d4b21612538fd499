"""mtreview: translation-quality review for Chinese→English.

The public API is `__all__`: load inputs (`load_input`), align (`align_texts`), check (`check_corpus`,
`run_checks` with `CheckOptions` and `CheckContext`), score (`score_pairs`), review (`review_corpus` with
`ReviewOptions`), report and publish (`write_reports`, `publish_review`), read reviewed sheets back
(`ingest_workbook`), open a history (`open_history`), and turn a review into pandas DataFrames
(`findings_frame`, `pairs_frame`, `scores_frame`). The records are `Corpus`, `Pair`, `Finding`, `Score`,
`Review`, `Severity`. Names are imported lazily, on first use, so that `import mtreview` and `mtreview
--help` stay fast (no pandas or sacrebleu until they are needed).

`mtreview.review` is always the module (the function is `review_corpus`): a name that changed meaning
once its submodule was imported misled callers.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_input": "mtreview.inputs:load_input",
    "Corpus": "mtreview.records:Corpus",
    "align_texts": "mtreview.align:align_texts",
    "check_corpus": "mtreview.checks:check_corpus",
    "run_checks": "mtreview.checks:run_checks",
    "CheckOptions": "mtreview.checks:CheckOptions",
    "CheckContext": "mtreview.checks:CheckContext",
    "score_pairs": "mtreview.metrics:score_pairs",
    "review_corpus": "mtreview.review:review_corpus",
    "ReviewOptions": "mtreview.review:ReviewOptions",
    "publish_review": "mtreview.publish:publish_review",
    "write_reports": "mtreview.report:write_reports",
    "ingest_workbook": "mtreview.ingest:ingest_workbook",
    "open_history": "mtreview.history:open_history",
    "HistoryStore": "mtreview.history:HistoryStore",
    "RunRecord": "mtreview.history:RunRecord",
    "History": "mtreview.history:History",
    "findings_frame": "mtreview.frames:findings_frame",
    "pairs_frame": "mtreview.frames:pairs_frame",
    "scores_frame": "mtreview.frames:scores_frame",
    "Pair": "mtreview.records:Pair",
    "Finding": "mtreview.records:Finding",
    "Score": "mtreview.records:Score",
    "Review": "mtreview.records:Review",
    "Severity": "mtreview.records:Severity",
    "MtreviewError": "mtreview.errors:MtreviewError",
}

__all__ = ["__version__", *_LAZY]

_SUBMODULES = frozenset({"review"})
# No `if TYPE_CHECKING:` imports of the names here: every module imports this package (for __version__),
# and those imports would close an import cycle through each of them.

def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"mtreview.{name}")
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'mtreview' has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    return getattr(import_module(module_name), attribute)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
