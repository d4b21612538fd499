"""The one place `check`, `score` and `review` go through to the engine chosen (--engine): the local engine,
or the Dask engine, imported only when chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtreview.engines import CheckRun, EngineKind, EngineOptions, Source
from mtreview.records import Review, Score

if TYPE_CHECKING:
    from mtreview.checks import CheckOptions
    from mtreview.metrics.comet import CometOptions
    from mtreview.metrics.sacrebleu_settings import SacrebleuSettings
    from mtreview.review import ReviewOptions


def check(source: Source, options: CheckOptions, engine: EngineOptions, *, keep_pairs: bool = False) -> CheckRun:
    """Every selected check on every pair. keep_pairs: the Dask engine brings sharded pairs back too (the
    local engine always has them)."""
    if engine.kind is EngineKind.dask:
        from mtreview.engines.dask import check_on_dask

        return check_on_dask(source, options, engine, keep_pairs=keep_pairs)
    from mtreview.engines import local

    return local.check(source, options)


def score(source: Source, metrics: str | None, comet: CometOptions | None, engine: EngineOptions,
          sacrebleu: SacrebleuSettings | None = None) -> tuple[list[Score], list[str]]:
    if engine.kind is EngineKind.dask:
        from mtreview.engines.dask import score_on_dask

        return score_on_dask(source, metrics, comet, engine, sacrebleu=sacrebleu)
    from mtreview.engines import local

    return local.score(source, metrics, comet, sacrebleu=sacrebleu)


def review(source: Source, options: ReviewOptions, engine: EngineOptions) -> Review:
    if engine.kind is EngineKind.dask:
        from mtreview.engines.dask import review_on_dask

        return review_on_dask(source, options, engine)
    from mtreview.engines import local

    return local.review(source, options)
