"""`mtreview score` and `mtreview compare`: sacrebleu metrics and COMET, and paired significance tests.

Thin commands over mtreview.metrics.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtreview.cli.app import app, fail, library_errors, print_notes
from mtreview.cli.options import (
    REPORTS,
    CometChoice,
    MetricOpt,
    comet_options,
    engine_options,
    format_option,
)
from mtreview.cli.sacrebleu_options import sacrebleu_options
from mtreview.engines import EngineOptions
from mtreview.terminal import shown

if TYPE_CHECKING:  # the command receives it from @sacrebleu_options; importing it costs --help 30 ms
    from mtreview.metrics.sacrebleu_settings import SacrebleuSettings

STDIN = "-"


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"


ScoreFormatOpt = Annotated[ScoreFormat, format_option(ScoreFormat)]
SrcOpt = Annotated[Path | None, typer.Option(
    "--src", help="Source file, one segment per line, for COMET with a hypothesis file.")]
RefOpt = Annotated[list[Path] | None, typer.Option(
    "--ref", help="Reference file, one segment per line, same length as the hypothesis; repeatable.")]


def _load_scoring_input(inputs: list[Path], ref: list[Path] | None, src: Path | None):
    """A table or corpus folder as given, or a hypothesis file with --ref / --src files of the same length."""
    from dataclasses import replace

    from mtreview.errors import InputError
    from mtreview.inputs import load_input, load_line_aligned
    from mtreview.spill import SpillList

    from_stdin = [path for path in inputs if str(path) == STDIN]
    if from_stdin and not (ref or src):
        raise typer.BadParameter("a hypothesis on standard input (-) needs --ref or --src")
    if not (ref or src):
        return load_input(inputs)
    if len(inputs) != 1:
        raise typer.BadParameter("with --ref or --src, give one hypothesis file")
    if from_stdin:
        corpus = _load_stdin_hypothesis(ref or [])
    else:
        corpus = load_line_aligned(inputs[0], ref or [])
    if src:
        # read exactly as the hypothesis file is: one segment per line
        sources = load_line_aligned(src, []).pairs
        if len(sources) != len(corpus.pairs):
            raise InputError(src, f"{len(sources)} lines, but {inputs[0]} has {len(corpus.pairs)}")
        corpus.pairs = SpillList(replace(pair, source=source.target) for pair, source in zip(corpus.pairs, sources))
    return corpus


def _load_stdin_hypothesis(references: list[Path]):
    """The hypothesis piped in, read as a file is (encoding detected, lines counted against the references):
    it is copied to a temporary file first, since the reader scans a file before it reads it."""
    import shutil
    import tempfile

    from mtreview.errors import InputError
    from mtreview.inputs import load_line_aligned

    with tempfile.TemporaryDirectory(prefix="mtreview-stdin-") as folder:
        copy = Path(folder) / "stdin"
        with copy.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        try:
            return load_line_aligned(copy, references, label="standard input")
        except InputError as error:
            if error.path != str(copy):
                raise
            raise InputError("standard input", error.problem, error.line) from None


@app.command()
@comet_options
@engine_options
@sacrebleu_options  # innermost: it stands in for the annotation only type checkers import
def score(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT...",
        help="An aligned TSV/CSV with a reference column, a corpus folder, or a hypothesis file (one segment "
             "per line) with --ref; - reads the hypothesis from standard input.", show_default=False)],
    ref: RefOpt = None,
    src: SrcOpt = None,
    metric: MetricOpt = None,
    output_format: ScoreFormatOpt = ScoreFormat.text,
    sentence_level: Annotated[bool, typer.Option(
        "--sentence-level", "-sl", help="Text output: each segment's scores too, a line per segment (JSON always "
                                        "has them).")] = False,
    engine: EngineOptions = EngineOptions(),
    comet: CometChoice = CometChoice(),
    sacrebleu: SacrebleuSettings | None = None,
) -> None:
    """Score translations with sacrebleu (BLEU, chrF, chrF++, TER) and COMET, corpus and per segment.

    Example: mtreview score system.txt --ref reference.txt --metric bleu,chrf --format json

    Example: my-mt < source.txt | mtreview score - --ref reference.txt -tok intl

    Example: mtreview score shards/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from mtreview.engines import load_source, run

    with library_errors():
        if ref or src or any(str(path) == STDIN for path in inputs):
            source = _load_scoring_input(inputs, ref, src)
        else:
            source = load_source(inputs, engine)
        scores, notes = run.score(source, metric, comet.options(REPORTS), engine, sacrebleu=sacrebleu)
    print_notes(getattr(source, "notes", []) + notes)
    if output_format is ScoreFormat.json:
        typer.echo(json.dumps({s.metric: s.as_dict() for s in scores}, ensure_ascii=False))
        return
    _print_scores(scores, sentence_level)


def _print_scores(scores, sentence_level: bool) -> None:
    """The corpus scores with their signatures; with sentence_level first a line per segment (its id, then
    each metric's score), as sacrebleu -sl prints them."""
    from mtreview.metrics.specs import metric_spec

    if sentence_level and scores:
        by_id = [dict(zip(s.pair_ids, s.segments)) for s in scores]
        order = dict.fromkeys(pair_id for s in scores for pair_id in s.pair_ids)
        for pair_id in order:
            cells = [f"{s.metric}={metric_spec(s.metric).format(values.get(pair_id))}"
                     for s, values in zip(scores, by_id)]
            typer.echo(f"{shown(pair_id)}\t" + "\t".join(cells))
    for s in scores:
        typer.echo(f"{s.metric:<7}{metric_spec(s.metric).format(s.corpus):>8}  {s.signature}")


@app.command()
@comet_options
def compare(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT...",
        help="Two or more systems on the same segments, baseline first: aligned TSV/CSV files (or corpus "
             "folders) with the same ids, or hypothesis files with --ref.", show_default=False)],
    ref: RefOpt = None,
    src: SrcOpt = None,
    name: Annotated[list[str] | None, typer.Option(
        "--name", help="A name per input, in order (default: the file names); repeatable.")] = None,
    metric: MetricOpt = None,
    samples: Annotated[int, typer.Option("--samples", min=100, help="Bootstrap resamples.")] = 1000,
    output_format: ScoreFormatOpt = ScoreFormat.text,
    comet: CometChoice = CometChoice(),
) -> None:
    """Compare systems (or two runs) on the same segments: paired bootstrap, 95% CI and p-values.

    Example: mtreview compare baseline.txt candidate.txt --ref reference.txt --metric bleu,chrf
    """
    from mtreview.metrics.significance import compare_systems
    from mtreview.metrics.specs import metric_spec

    if len(inputs) < 2:
        fail("give a baseline and at least one other system")
    labels = list(name or [])
    if labels and len(labels) != len(inputs):
        fail(f"{len(labels)} --name for {len(inputs)} inputs")
    with library_errors():
        systems = [(labels[i] if labels else path.stem, _load_scoring_input([path], ref, src).pairs)
                   for i, path in enumerate(inputs)]
        comparisons, notes = compare_systems(systems, metric, comet=comet.options(REPORTS), n_samples=samples)
    print_notes(notes)
    if output_format is ScoreFormat.json:
        typer.echo(json.dumps({c.metric: c.as_dict() for c in comparisons}, ensure_ascii=False))
        return
    width = max(12, *(len(system) for system, _ in systems))
    for comparison in comparisons:
        spec = metric_spec(comparison.metric)
        digits = spec.decimals
        typer.echo(f"{comparison.metric} ({spec.direction})  {comparison.signature}")
        typer.echo(f"  {'system':<{width}}  {'score':>9}  {'95% CI':^21}  p-value")
        for r in comparison.results:
            low, high = r.interval
            p = "(baseline)" if r.p_value is None else f"{r.p_value:.4f}" + (" *" if r.p_value < 0.05 else "")
            typer.echo(f"  {r.system:<{width}}  {r.score:>9.{digits}f}  [{low:>8.{digits}f}, {high:>8.{digits}f}]  {p}")
    typer.echo("* p < 0.05: the difference from the baseline is unlikely to be chance "
               f"(paired bootstrap, {samples} resamples)", err=True)
