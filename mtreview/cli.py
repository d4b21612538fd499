"""The `mtreview` command: thin commands that parse options, call the library and print."""

from __future__ import annotations

import json
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from mtreview import __version__
from mtreview.errors import MtreviewError

app = typer.Typer(
    name="mtreview",
    help="Review Chinese→English translations: align, check, score, report and track quality.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_FINDINGS, EXIT_ERROR = 1, 2


class CheckFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


class AlignFormat(str, Enum):
    tsv = "tsv"
    jsonl = "jsonl"


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    minor = "minor"
    major = "major"
    critical = "critical"


# Options shared by several commands, defined once.
InputsArg = Annotated[list[Path], typer.Argument(
    help="A corpus folder, an aligned TSV/CSV (id, source, target[, reference]), or SOURCE TARGET text files.",
    show_default=False)]
TermsOpt = Annotated[Optional[list[Path]], typer.Option(
    "--terms", help="Extra term list (TSV: zh, en, forbidden, note, source); repeatable.")]
NoShippedTermsOpt = Annotated[bool, typer.Option(
    "--no-shipped-terms", help="Do not use the official term list shipped with mtreview.")]
SelectOpt = Annotated[Optional[str], typer.Option(
    "--select", help="Run only these checks (comma-separated ids; see `mtreview check --list`).")]
ExcludeOpt = Annotated[Optional[str], typer.Option("--exclude", help="Skip these checks (comma-separated ids).")]
MetricOpt = Annotated[Optional[str], typer.Option(
    "--metric", help="Metrics, comma-separated: bleu, chrf, ter. Default: bleu,chrf.")]


def _ids(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


@contextmanager
def library_errors():
    """Library errors become one line on stderr and exit code 2; nothing else is caught."""
    try:
        yield
    except MtreviewError as error:
        typer.echo(f"mtreview: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtreview {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Review Chinese→English translations: align, check, score, report and track quality."""


@app.command()
def review(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", help="Reports folder; the run goes to OUT/<corpus>/<run-id>/.")]
    = Path("reports"),
    history: Annotated[Optional[Path], typer.Option(
        "--history", envvar="MTREVIEW_HISTORY", help="History database. Default: OUT/history.sqlite.")] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Do not record the run.")] = False,
    metric: MetricOpt = None,
    terms: TermsOpt = None,
    no_shipped_terms: NoShippedTermsOpt = False,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    system: Annotated[str, typer.Option("--system", help="Who produced the translation (MT system or translator).")]
    = "",
    fail_on: Annotated[Optional[FailOn], typer.Option(
        "--fail-on", help="Exit 1 when there is a finding of this severity or worse (for CI gates).")] = None,
) -> None:
    """Align, check and score a translation; write review.xlsx, findings.jsonl, scores.json; record the run.

    Example: mtreview review corpora/xinhua-belarus
    """
    from mtreview.corpus import load_input
    from mtreview.records import Severity
    from mtreview.review import ReviewOptions, publish_review, review_corpus

    with library_errors():
        corpus = load_input(inputs)
        options = ReviewOptions(metrics=metric, term_lists=list(terms or []),
                                shipped_terms=not no_shipped_terms,
                                select=_ids(select), exclude=_ids(exclude), system=system)
        result = review_corpus(corpus, options)
        history_path = None if no_history else (history or out / "history.sqlite")
        run_dir = publish_review(result, out, history_path)
    _print_summary(result, run_dir, history_path)
    if fail_on and any(f.severity.rank >= Severity(fail_on.value).rank for f in result.findings):
        raise typer.Exit(EXIT_FINDINGS)


def _print_summary(result, run_dir: Path, history_path: Path | None) -> None:
    echo = typer.echo
    kinds = {}
    for pair in result.pairs:
        kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
    echo(f"Reviewed {result.corpus}: {len(result.pairs)} pairs ("
         + ", ".join(f"{count} × {kind}" for kind, count in sorted(kinds.items())) + ")")
    echo(f"Findings: {len(result.findings)}")
    for severity, count in sorted(result.findings_by("severity").items(),
                                  key=lambda item: -["neutral", "minor", "major", "critical"].index(item[0])):
        echo(f"  {severity:<10}{count:>5}")
    for category, count in sorted(result.findings_by("category").items(), key=lambda item: (-item[1], item[0])):
        echo(f"  {category:<40}{count:>5}")
    if result.scores:
        echo("Scores:")
        for score in result.scores:
            echo(f"  {score.metric:<6}{score.corpus:>7.2f}  ({len(score.segments)} segments)  {score.signature}")
    for note in result.notes:
        echo(f"Note: {note}")
    echo(f"Review sheet: {run_dir / 'review.xlsx'}")
    if history_path:
        echo(f"Recorded run {result.run_id} in {history_path}")


@app.command()
def align(
    source: Annotated[Path, typer.Argument(help="Chinese text, paragraphs separated by blank lines.")],
    target: Annotated[Path, typer.Argument(help="English text, paragraphs separated by blank lines.")],
    output_format: Annotated[AlignFormat, typer.Option("--format", help="tsv for people, jsonl for programs.")]
    = AlignFormat.tsv,
) -> None:
    """Align a Chinese text with its English translation, sentence by sentence.

    Example: mtreview align corpora/xinhua-belarus/source.zh.txt corpora/xinhua-belarus/target.en.txt
    """
    from mtreview.corpus import load_text_pair

    with library_errors():
        corpus = load_text_pair(source, target)
    if output_format is AlignFormat.jsonl:
        for pair in corpus.pairs:
            typer.echo(json.dumps({"id": pair.id, "source": list(pair.source_indices),
                                   "target": list(pair.target_indices), "kind": pair.kind,
                                   "score": pair.align_score, "source_text": pair.source,
                                   "target_text": pair.target}, ensure_ascii=False))
        return
    typer.echo("id\tkind\tscore\tsource\ttarget")
    for pair in corpus.pairs:
        score = "" if pair.align_score is None else f"{pair.align_score:.2f}"
        typer.echo(f"{pair.id}\t{pair.kind}\t{score}\t{_one_line(pair.source)}\t{_one_line(pair.target)}")


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


@app.command()
def check(
    inputs: Annotated[Optional[list[Path]], typer.Argument(
        help="An aligned TSV/CSV (id, source, target), a corpus folder, or SOURCE TARGET text files.",
        show_default=False)] = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", help="text for people, jsonl for programs.")]
    = CheckFormat.text,
    terms: TermsOpt = None,
    no_shipped_terms: NoShippedTermsOpt = False,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    list_checks: Annotated[bool, typer.Option("--list", help="List the checks and exit.")] = False,
) -> None:
    """Run the rule-based checks and print one finding per line (exit 0 whatever is found).

    Example: mtreview check pairs.tsv --format jsonl
    """
    from mtreview.checks import CheckContext, available_checks, run_checks
    from mtreview.corpus import load_input
    from mtreview.terms import load_term_lists

    if list_checks:
        for info in available_checks().values():
            typer.echo(f"{info.id:<22}{info.severity.value:<9}{info.category:<40}{info.title}")
        return
    if not inputs:
        typer.echo("mtreview: error: give an input (see mtreview check --help)", err=True)
        raise typer.Exit(EXIT_ERROR)
    with library_errors():
        corpus = load_input(inputs)
        context = CheckContext(terms=tuple(load_term_lists(terms, include_shipped=not no_shipped_terms)))
        findings = run_checks(corpus.pairs, context=context, select=_ids(select), exclude=_ids(exclude))
    if output_format is CheckFormat.jsonl:
        for finding in findings:
            typer.echo(json.dumps(finding.as_dict(), ensure_ascii=False))
        return
    targets = {pair.id: pair.target for pair in corpus.pairs}
    for finding in findings:
        flagged = ""
        if finding.target_span:
            flagged = f" “{targets[finding.pair_id][finding.target_span[0]:finding.target_span[1]]}”"
        typer.echo(f"{finding.pair_id}\t{finding.severity.value}\t{finding.check}{flagged}: {finding.message}")
    typer.echo(f"{len(findings)} finding(s) in {len(corpus.pairs)} pair(s)", err=True)


@app.command()
def score(
    inputs: Annotated[list[Path], typer.Argument(
        help="An aligned TSV/CSV with a reference column, a corpus folder, or a hypothesis file (one segment "
             "per line) with --ref.", show_default=False)],
    ref: Annotated[Optional[list[Path]], typer.Option(
        "--ref", help="Reference file, one segment per line, same length as the hypothesis; repeatable.")] = None,
    metric: MetricOpt = None,
    output_format: Annotated[ScoreFormat, typer.Option("--format", help="text for people, json for programs.")]
    = ScoreFormat.text,
) -> None:
    """Score translations against references with sacrebleu (BLEU, chrF, TER), corpus and per segment.

    Example: mtreview score system.txt --ref reference.txt --metric bleu,chrf --format json
    """
    from mtreview.corpus import load_input, load_line_aligned
    from mtreview.metrics import score_pairs

    with library_errors():
        if ref:
            if len(inputs) != 1:
                raise typer.BadParameter("with --ref, give one hypothesis file")
            corpus = load_line_aligned(inputs[0], ref)
        else:
            corpus = load_input(inputs)
        scores, notes = score_pairs(corpus.pairs, metric)
    for note in notes:
        typer.echo(f"Note: {note}", err=True)
    if output_format is ScoreFormat.json:
        typer.echo(json.dumps({s.metric: s.as_dict() for s in scores}, ensure_ascii=False))
        return
    for s in scores:
        typer.echo(f"{s.metric:<6}{s.corpus:>7.2f}  {s.signature}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
