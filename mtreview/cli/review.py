"""`mtreview review` and `mtreview ingest`: the review loop, a sheet out and a reviewed sheet back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtreview.cli.app import EXIT_FINDINGS, app, ids, library_errors, print_notes
from mtreview.cli.options import (
    CometChoice,
    CorpusNameOpt,
    Device,
    DntOpt,
    DocumentOpt,
    DocxOutOpt,
    EmbeddingsDeviceOpt,
    EmbeddingsOpt,
    ExcludeOpt,
    FailOnOpt,
    InputsArg,
    MetricOpt,
    NoShippedTermsOpt,
    ProfileOpt,
    RulesOpt,
    SelectOpt,
    StyleOpt,
    TermsOpt,
    comet_options,
    engine_options,
    fails_on,
    history_option,
    history_path,
    house_style,
    sentence_encoder,
)
from mtreview.engines import EngineKind, EngineOptions
from mtreview.terminal import shown

ReviewHistoryOpt = Annotated[str | None, history_option(
    "History: a SQLite file or postgresql://user@host/db. Default: OUT/history.sqlite.")]
IngestHistoryOpt = Annotated[str | None, history_option(
    "History (a SQLite file or postgresql:// URL). Default: the one the workbook names, else OUT/history.sqlite "
    "beside its run folder, else reports/history.sqlite.")]


@app.command()
@comet_options
@engine_options
def review(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", help="Reports folder; the run goes to OUT/<corpus>/<run-id>/.")]
    = Path("reports"),
    history: ReviewHistoryOpt = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Do not record the run.")] = False,
    metric: MetricOpt = None,
    terms: TermsOpt = None,
    dnt: DntOpt = None,
    no_shipped_terms: NoShippedTermsOpt = False,
    style: StyleOpt = None,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    profile: ProfileOpt = None,
    show_dismissed: Annotated[bool, typer.Option(
        "--show-dismissed", help="Also show findings a reviewer marked as false positive before.")] = False,
    system: Annotated[str, typer.Option("--system", help="Who produced the translation (MT system or translator).")]
    = "",
    translator: Annotated[str, typer.Option(
        "--translator", metavar="NAME", help="Who translated or post-edited it, recorded with the run (history "
                                             "trend --by translator, history report --by translator).")] = "",
    corpus_name: CorpusNameOpt = "",
    document: DocumentOpt = "",
    fail_on: FailOnOpt = None,
    ref: Annotated[Path | None, typer.Option(
        "--ref", help="English reference text of the whole document, aligned to the source sentence by sentence "
                      "(for SOURCE TARGET or a corpus folder).")] = None,
    docx_out: DocxOutOpt = None,
    embeddings: EmbeddingsOpt = None,
    embeddings_device: EmbeddingsDeviceOpt = Device.auto,
    engine: EngineOptions = EngineOptions(),
    comet: CometChoice = CometChoice(),
) -> None:
    """Align, check and score a translation; write review.xlsx, findings.jsonl, scores.json; record the run.

    Example: mtreview review corpora/xinhua-belarus

    Example: mtreview review source.docx target.docx --docx-out reviewed.docx

    Example: mtreview review shards/ --engine dask --no-history
    """
    from mtreview.checks.consistency import load_do_not_translate
    from mtreview.engines import load_source, run
    from mtreview.inputs import aligns_text
    from mtreview.records import Corpus
    from mtreview.review import ReviewOptions, publish_review

    with library_errors():
        # A model is loaded only where the input is aligned here: a table, TMX, XLIFF or shards hold pairs already.
        if embeddings and not aligns_text(inputs):
            print_notes([f"--embeddings is not used: {' '.join(map(str, inputs))} holds pairs aligned already"])
            embeddings = None
        corpus = load_source(inputs, engine, reference=ref, embeddings=sentence_encoder(embeddings, embeddings_device))
        if docx_out is not None:  # refused before the run, not after it is recorded
            from mtreview.errors import InputError

            target_file = getattr(corpus, "target_file", None)  # shards have none
            if target_file is None or target_file.suffix.lower() != ".docx":
                raise InputError(docx_out, "--docx-out needs a Word document (.docx) as the translation: "
                                           "SOURCE TARGET.docx")
            if docx_out.resolve() == target_file.resolve():
                raise InputError(docx_out, "is the reviewed document itself; write the commented copy elsewhere")
        house = house_style(style, rules, corpus)
        database = None if no_history else history_path(history, out)
        options = ReviewOptions(metrics=metric, term_lists=list(terms or []), style=house,
                                history_path=database, show_dismissed=show_dismissed,
                                shipped_terms=not no_shipped_terms,
                                select=ids(select), exclude=ids(exclude), profile=profile, system=system,
                                translator=translator.strip(),
                                do_not_translate=load_do_not_translate(dnt or ()),
                                corpus=corpus_name, document=document, embeddings=embeddings or "",
                                comet=comet.options(out))
        result = run.review(corpus, options, engine)
        # on a cluster the corpus is large, and usually many documents or systems: a sheet for each
        run_dir = publish_review(result, out, database, sheets_per_group=engine.kind is EngineKind.dask)
        if docx_out is not None:
            from mtreview.report.docx import write_review_docx

            assert isinstance(corpus, Corpus)  # shards were refused with --docx-out above
            written = write_review_docx(corpus, result.findings, docx_out)
    totals = _print_summary(result, run_dir, database)
    if docx_out is not None:
        typer.echo(f"Word copy with {written} comment(s): {docx_out}")
    if fails_on(fail_on, (severity for severity, count in totals.severities.items() if count)):
        raise typer.Exit(EXIT_FINDINGS)


def _print_summary(result, run_dir: Path, history_path: str | Path | None):
    """Print what the run found; returns result.totals(), read in one pass over pairs and one over
    findings (either may be a SpillList of a million on disk)."""
    echo = typer.echo
    totals = result.totals()
    echo(f"Reviewed {shown(result.corpus)}: {totals.pairs} pairs ("
         + ", ".join(f"{count} × {kind}" for kind, count in totals.kinds.items()) + ")")
    echo(f"Document: {shown(result.document)}" + (f"   System: {shown(result.system)}" if result.system else ""))
    echo(f"Findings: {totals.findings}")
    for severity, count in totals.severities.items():  # most severe first, those found only
        if count:
            echo(f"  {severity.value:<10}{count:>5}")
    for category, count in sorted(totals.categories.items(), key=lambda item: (-item[1], item[0])):
        echo(f"  {category:<40}{count:>5}")
    if result.scores:
        from mtreview.metrics.specs import metric_spec

        echo("Scores:")
        for score in result.scores:
            echo(f"  {score.metric:<6}{metric_spec(score.metric).format(score.corpus):>7}  "
                 f"({len(score.segments)} segments)  {score.signature}")
    for note in result.notes:
        echo(f"Note: {shown(note)}")
    echo(f"Review sheet: {run_dir / 'review.xlsx'}")
    if history_path:
        from mtreview.history import shown_location

        echo(f"Recorded run {result.run_id} in {shown_location(history_path)}")
    return totals


@app.command()
def ingest(
    workbook: Annotated[Path, typer.Argument(help="A review.xlsx a reviewer filled in (Excel or LibreOffice).",
                                             show_default=False)],
    history: IngestHistoryOpt = None,
    corpus_name: Annotated[str | None, typer.Option(
        "--corpus", help="File the decisions under this corpus instead of the run's.")] = None,
    document: Annotated[str | None, typer.Option(
        "--document", help="File the decisions under this document instead of the run's.")] = None,
) -> None:
    """Read a reviewed sheet back: decisions, comments, corrections and the reviewer's own findings.

    The next review of the document leaves out what was dismissed, pre-fills every decision and comment,
    shows the reviewer's findings again while their segment is unchanged, and scores HTER against the
    corrected translations. Example: mtreview ingest reports/xinhua-belarus/<run-id>/review.xlsx
    """
    from mtreview.ingest import ingest_workbook

    with library_errors():
        result = ingest_workbook(workbook, history_path(history) if history is not None else None,
                                 corpus=corpus_name, document=document)
    decided = ", ".join(f"{count} {decision}" for decision, count in sorted(result.decisions.items())) or "none"
    from mtreview.history import shown_location

    typer.echo(f"Ingested {shown(workbook)} into {shown(shown_location(result.history or ''))}: run {result.run_id} "
               f"({shown(result.corpus)}/{shown(result.document)})")
    typer.echo(f"  decisions: {decided}; comments: {result.comments}; post-edits: {result.post_edits}; "
               f"reviewer findings: {result.reviewer_findings}; unchanged rows: {result.unchanged}")
