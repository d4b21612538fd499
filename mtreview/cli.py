"""The `mtreview` command: thin commands that parse options, call the library and print."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from mtreview import __version__
from mtreview.errors import MtreviewError
from mtreview.terminal import shown

app = typer.Typer(
    name="mtreview",
    help="Review Chinese→English translations: align, check, score, report and track quality.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_FINDINGS, EXIT_ERROR = 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM (timeout, a CI cancel, docker stop), raised where the program is: as a KeyboardInterrupt,
    every clean-up that runs on Ctrl-C runs on it too (no staging folder, no half-recorded run)."""


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


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
    help="A corpus folder, an aligned TSV/CSV (id, source, target[, reference]), a TMX or XLIFF file, or SOURCE "
         "TARGET text files.",
    show_default=False)]
TermsOpt = Annotated[Optional[list[Path]], typer.Option(
    "--terms", help="Extra term list (TSV: zh, en, forbidden, note, source); repeatable.")]
DntOpt = Annotated[Optional[list[Path]], typer.Option(
    "--dnt", help="Do-not-translate list (one word or name a line, or a TSV's first column): kept unchanged in "
                  "the English where the source has it; repeatable.")]
NoShippedTermsOpt = Annotated[bool, typer.Option(
    "--no-shipped-terms", help="Do not use the official term list shipped with mtreview.")]
StyleOpt = Annotated[Optional[str], typer.Option(
    "--style", help="House style: a shipped one by name (news, the default; transcript) or a style file (TOML). "
                    "Default: the corpus folder's style.toml, else news. `mtreview checks --style` shows it.")]
RulesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--rules", help="The desk's own rules (TOML [[rules]] tables: name, pattern, source, message, category, "
                    "severity, suggestion); each runs as the check rule:<name>. Repeatable.")]
SelectOpt = Annotated[Optional[str], typer.Option(
    "--select", help="Run only these checks (comma-separated ids; see `mtreview check --list`).")]
ExcludeOpt = Annotated[Optional[str], typer.Option("--exclude", help="Skip these checks (comma-separated ids).")]
ProfileOpt = Annotated[Optional[str], typer.Option(
    "--profile", help="A named set of checks: default, typography, accuracy, terminology, gate (see `mtreview checks`).")]
MetricOpt = Annotated[Optional[str], typer.Option(
    "--metric", help="Metrics, comma-separated: bleu, chrf, chrf++, ter, comet. Default: bleu,chrf.")]
CorpusNameOpt = Annotated[str, typer.Option(
    "--corpus", help="The corpus this belongs to. Default: the corpus folder's name (or its corpus.toml name), "
                     "the folder of a SOURCE TARGET pair, or a table's file name.")]
DocumentOpt = Annotated[str, typer.Option(
    "--document", help="Which document of the corpus this is. Default: named by its source text, so that another "
                       "article never shares its decisions and a re-run of the same article finds them.")]


class Precision(str, Enum):
    auto = "auto"
    fp32 = "fp32"
    bf16 = "bf16"


# COMET options, shared by review, score and compare.
CometModelOpt = Annotated[str, typer.Option(
    "--comet-model", help="COMET checkpoint folder (checkpoints/model.ckpt + hparams.yaml) or a model name in "
                          "the local Hugging Face cache. Never downloads.")]
BatchSizeOpt = Annotated[int, typer.Option("--batch-size", min=1, help="COMET batch size.")]
ThreadsOpt = Annotated[Optional[int], typer.Option(
    "--threads", min=1, help="CPU threads for COMET. Default: torch's choice.")]
PrecisionOpt = Annotated[Precision, typer.Option(
    "--precision", help="COMET arithmetic on the CPU; auto is bf16 where the CPU has native bf16 (about twice as "
                        "fast, segment scores within 0.005 of fp32), else fp32.")]
CacheOpt = Annotated[Optional[Path], typer.Option(
    "--cache", envvar="MTREVIEW_COMET_CACHE", help="COMET score cache (SQLite). Default: reports/cache/comet.sqlite "
                                                    "(for review: OUT/cache/comet.sqlite).")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Score every segment with COMET afresh.")]
DEFAULT_COMET_MODEL = "Unbabel/wmt22-comet-da"
DEFAULT_PRECISION = Precision.auto


def comet_options(model: str, batch_size: int, threads: int | None, precision: Precision,
                   cache: Path | None, no_cache: bool, reports: Path):
    from mtreview.metrics.comet import CometOptions

    return CometOptions(model=model, batch_size=batch_size, threads=threads, precision=precision.value,
                        cache=None if no_cache else (cache or reports / "cache" / "comet.sqlite"), progress=True)


def _ids(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


@contextmanager
def library_errors():
    """Library errors become one line on stderr and exit code 2; Ctrl-C one line and exit code 130 (the
    library has cleaned up on its way out: no run folder, no history rows); nothing else is caught."""
    try:
        yield
    except MtreviewError as error:
        typer.echo(f"mtreview: error: {shown(error)}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt as interruption:
        if isinstance(interruption, Terminated):
            typer.echo("mtreview: terminated", err=True)
            raise typer.Exit(EXIT_TERMINATED) from None
        typer.echo("mtreview: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


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
    corpus_name: CorpusNameOpt = "",
    document: DocumentOpt = "",
    fail_on: Annotated[Optional[FailOn], typer.Option(
        "--fail-on", help="Exit 1 when there is a finding of this severity or worse (for CI gates).")] = None,
    ref: Annotated[Optional[Path], typer.Option(
        "--ref", help="English reference text of the whole document, aligned to the source sentence by sentence "
                      "(for SOURCE TARGET or a corpus folder).")] = None,
    comet_model: CometModelOpt = DEFAULT_COMET_MODEL,
    batch_size: BatchSizeOpt = 16,
    threads: ThreadsOpt = None,
    precision: PrecisionOpt = DEFAULT_PRECISION,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Align, check and score a translation; write review.xlsx, findings.jsonl, scores.json; record the run.

    Example: mtreview review corpora/xinhua-belarus
    """
    from mtreview.checks.consistency import load_do_not_translate
    from mtreview.corpus import load_input
    from mtreview.records import Severity
    from mtreview.review import ReviewOptions, publish_review, review_corpus

    with library_errors():
        corpus = load_input(inputs, reference=ref)
        house = _house_style(style, rules, corpus)
        history_path = None if no_history else (history or out / "history.sqlite")
        options = ReviewOptions(metrics=metric, term_lists=list(terms or []), style=house,
                                history_path=history_path, show_dismissed=show_dismissed,
                                shipped_terms=not no_shipped_terms,
                                select=_ids(select), exclude=_ids(exclude), profile=profile, system=system,
                                do_not_translate=load_do_not_translate(dnt or ()),
                                corpus=corpus_name, document=document,
                                comet=comet_options(comet_model, batch_size, threads, precision, cache, no_cache, out))
        result = review_corpus(corpus, options)
        run_dir = publish_review(result, out, history_path)
    totals = _print_summary(result, run_dir, history_path)
    if fail_on and any(count and severity.rank >= Severity(fail_on.value).rank
                       for severity, count in totals.severities.items()):
        raise typer.Exit(EXIT_FINDINGS)


def _print_summary(result, run_dir: Path, history_path: Path | None):
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
        echo(f"Recorded run {result.run_id} in {history_path}")
    return totals


@app.command()
def align(
    source: Annotated[Path, typer.Argument(help="Chinese text, paragraphs separated by blank lines.")],
    target: Annotated[Path, typer.Argument(help="English text, paragraphs separated by blank lines.")],
    output_format: Annotated[AlignFormat, typer.Option("--format", help="tsv for people, jsonl for programs.")]
    = AlignFormat.tsv,
    presplit: Annotated[bool, typer.Option(
        "--presplit", help="Each input line is one sentence; no paragraphs are inferred.")] = False,
    no_lexical: Annotated[bool, typer.Option(
        "--no-lexical", help="Lengths and anchors only: no dictionary or pinyin evidence.")] = False,
) -> None:
    """Align a Chinese text with its English translation, sentence by sentence.

    Example: mtreview align corpora/xinhua-belarus/source.zh.txt corpora/xinhua-belarus/target.en.txt
    """
    if presplit:
        _align_presplit(source, target, output_format, lexical=not no_lexical)
        return
    from mtreview.corpus import load_text_pair

    with library_errors():
        corpus = load_text_pair(source, target)
    _print_notes(corpus.notes)
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
        typer.echo(f"{shown(pair.id)}\t{pair.kind}\t{score}\t{_one_line(pair.source)}\t{_one_line(pair.target)}")


def _align_presplit(source: Path, target: Path, output_format: AlignFormat, *, lexical: bool) -> None:
    """One bead per line, 0-based sentence (line) indices, in document order."""
    from mtreview.align import align_presplit, read_presplit_pair

    with library_errors():
        source_lines, target_lines, notes = read_presplit_pair(source, target)
        beads = align_presplit(source_lines, target_lines, lexical=lexical)
    _print_notes(notes)
    if output_format is AlignFormat.jsonl:
        for bead in beads:
            typer.echo(json.dumps({"source": list(bead.source), "target": list(bead.target), "score": bead.score}))
        return
    typer.echo("source\ttarget\tkind\tscore\tsource_text\ttarget_text")
    for bead in beads:
        typer.echo("\t".join([",".join(map(str, bead.source)), ",".join(map(str, bead.target)),
                              f"{len(bead.source)}-{len(bead.target)}", f"{bead.score:.2f}",
                              _one_line(" ".join(source_lines[k] for k in bead.source)),
                              _one_line(" ".join(target_lines[k] for k in bead.target))]))


def _print_notes(notes) -> None:
    """Notes (e.g. a guessed encoding) go to stderr: stdout stays the command's output format."""
    for note in notes:
        typer.echo(f"Note: {shown(note)}", err=True)


def _one_line(text: str) -> str:
    """A text as one TSV field on a terminal: its line breaks and tabs as spaces, control characters visible."""
    return shown(text.replace("\t", " ").replace("\n", " "))


@app.command()
def check(
    inputs: Annotated[Optional[list[Path]], typer.Argument(
        help="An aligned TSV/CSV (id, source, target), a TMX or XLIFF file, a corpus folder, or SOURCE TARGET text "
             "files.",
        show_default=False)] = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", help="text for people, jsonl for programs.")]
    = CheckFormat.text,
    terms: TermsOpt = None,
    dnt: DntOpt = None,
    no_shipped_terms: NoShippedTermsOpt = False,
    style: StyleOpt = None,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    profile: ProfileOpt = None,
    list_checks: Annotated[bool, typer.Option("--list", help="List the checks and exit (as `mtreview checks`).")]
    = False,
    corpus_name: CorpusNameOpt = "",
    document: DocumentOpt = "",
    history: Annotated[Optional[Path], typer.Option(
        "--history", envvar="MTREVIEW_HISTORY",
        help="A review history: findings its reviewers dismissed in this document are left out.")] = None,
    show_dismissed: Annotated[bool, typer.Option(
        "--show-dismissed", help="With --history: keep the findings reviewers dismissed.")] = False,
    xliff_out: Annotated[Optional[Path], typer.Option(
        "--xliff-out", help="For an XLIFF input: write a copy with the findings as notes and ITS quality-issue "
                            "marks, for a CAT tool to show in place.")] = None,
) -> None:
    """Run the rule-based checks and print one finding per line (exit 0 whatever is found).

    Example: mtreview check pairs.tsv --format jsonl

    Example: mtreview check job.xlf --xliff-out job.reviewed.xlf
    """
    from mtreview.checks import CheckContext, CheckOptions, check_corpus
    from mtreview.checks.consistency import load_do_not_translate
    from mtreview.corpus import load_input
    from mtreview.terms import load_term_lists

    if list_checks:
        checks(style=style, rules=rules)
        return
    if not inputs:
        typer.echo("mtreview: error: give an input (see mtreview check --help)", err=True)
        raise typer.Exit(EXIT_ERROR)
    with library_errors():
        corpus = load_input(inputs)
        house = _house_style(style, rules, corpus)
        context = CheckContext(terms=tuple(load_term_lists([*(terms or []), *house.term_lists],
                                                           include_shipped=not no_shipped_terms)), style=house,
                               do_not_translate=load_do_not_translate(dnt or ()))
        options = CheckOptions(context=context, select=tuple(_ids(select) or ()) or None,
                               exclude=tuple(_ids(exclude) or ()) or None, profile=profile)
        findings = check_corpus(corpus.pairs, options)
        if history is not None and not show_dismissed:
            findings = _without_dismissed(findings, corpus, history, corpus_name, document)
        if xliff_out:
            _write_xliff(inputs, findings, xliff_out)
    _print_notes(corpus.notes)
    out = sys.stdout
    if output_format is CheckFormat.jsonl:
        for finding in findings:
            out.write(json.dumps(finding.as_dict(), ensure_ascii=False) + "\n")
        return
    pairs = iter(corpus.pairs)
    pair = None
    for finding in findings:  # both in corpus order: walk them together, nothing held but one pair
        while pair is None or pair.id != finding.pair_id:
            pair = next(pairs)
        flagged = ""
        if finding.target_span:
            flagged = f" “{shown(pair.target[finding.target_span[0]:finding.target_span[1]])}”"
        out.write(f"{shown(finding.pair_id)}\t{finding.severity.value}\t{finding.check}{flagged}: "
                  f"{shown(finding.message)}\n")
    typer.echo(f"{len(findings)} finding(s) in {len(corpus.pairs)} pair(s)", err=True)


def _without_dismissed(findings, corpus, history_path: Path, corpus_name: str, document: str):
    """The findings less those the history's reviewers dismissed in this document (as review leaves them out)."""
    from mtreview.history import History
    from mtreview.identity import document_key

    name = corpus_name or corpus.name
    document = document or corpus.document or document_key(pair.source for pair in corpus.pairs)
    with History(history_path, create=False) as store:
        dismissed = store.dismissed_fingerprints(name, document)
    kept = [finding for finding in findings if finding.fingerprint not in dismissed]
    if len(kept) < len(findings):
        typer.echo(f"Note: {len(findings) - len(kept)} finding(s) reviewers dismissed in {name}/{document} are "
                   "not shown (--show-dismissed shows them)", err=True)
    return kept


def _write_xliff(inputs: list[Path], findings, out: Path) -> None:
    from mtreview.errors import InputError
    from mtreview.formats.xliff import annotate_xliff

    if len(inputs) != 1 or inputs[0].suffix.lower() not in (".xlf", ".xliff", ".sdlxliff"):
        raise InputError(" ".join(map(str, inputs)), "--xliff-out needs one XLIFF file (.xlf, .xliff) as input")
    counts = annotate_xliff(inputs[0], out, findings)
    typer.echo(f"Wrote {out}: {counts['noted']} finding(s) as notes, {counts['marked']} marked in the target",
               err=True)


@app.command()
def ingest(
    workbook: Annotated[Path, typer.Argument(help="A review.xlsx a reviewer filled in (Excel or LibreOffice).",
                                             show_default=False)],
    history: Annotated[Optional[Path], typer.Option(
        "--history", envvar="MTREVIEW_HISTORY",
        help="History database. Default: the one the workbook names, else OUT/history.sqlite beside its run "
             "folder, else reports/history.sqlite.")] = None,
    corpus_name: Annotated[Optional[str], typer.Option(
        "--corpus", help="File the decisions under this corpus instead of the run's.")] = None,
    document: Annotated[Optional[str], typer.Option(
        "--document", help="File the decisions under this document instead of the run's.")] = None,
) -> None:
    """Read a reviewed sheet back: decisions, comments, corrections and the reviewer's own findings.

    The next review of the document leaves out what was dismissed, pre-fills every decision and comment,
    shows the reviewer's findings again while their segment is unchanged, and scores HTER against the
    corrected translations. Example: mtreview ingest reports/xinhua-belarus/<run-id>/review.xlsx
    """
    from mtreview.ingest import ingest_workbook

    with library_errors():
        result = ingest_workbook(workbook, history, corpus=corpus_name, document=document)
    decided = ", ".join(f"{count} {decision}" for decision, count in sorted(result.decisions.items())) or "none"
    typer.echo(f"Ingested {shown(workbook)} into {shown(result.history)}: run {result.run_id} "
               f"({shown(result.corpus)}/{shown(result.document)})")
    typer.echo(f"  decisions: {decided}; comments: {result.comments}; post-edits: {result.post_edits}; "
               f"reviewer findings: {result.reviewer_findings}; unchanged rows: {result.unchanged}")


@app.command()
def checks(
    stats: Annotated[bool, typer.Option(
        "--stats", help="How each check fared with your reviewers: findings shown, their decisions, and the "
                        "precision reviewers give it; and the errors reviewers added that no check caught.")]
    = False,
    history: Annotated[Path, typer.Option(
        "--history", envvar="MTREVIEW_HISTORY", help="History database, for --stats.")]
    = Path("reports/history.sqlite"),
    corpus_name: Annotated[Optional[str], typer.Option("--corpus", help="With --stats: only this corpus.")] = None,
    style: StyleOpt = None,
    rules: RulesOpt = None,
) -> None:
    """List the checks: id, severity (as the house style sets it), MQM category, title, and the profiles that
    include it; then the effective house style.

    Example: mtreview checks --style transcript
    """
    from mtreview.checks import EVIDENCE_DECISIONS, PROFILES, available_checks
    from mtreview.checks.rules import rule_check
    from mtreview.style import describe_style

    if stats:
        _print_check_stats(history, corpus_name)
        return
    with library_errors():
        house = _house_style(style, rules, None)
    typer.echo(f"{'check':<26}{'severity':<10}{'precision':>12}  {'category':<40}{'profiles':<34}title")
    for info in [*available_checks().values(), *map(rule_check, house.rules)]:
        profiles = ",".join(name for name, includes in PROFILES.items() if name != "default" and includes(info))
        scope = " [gate]" if info.gate else " [corpus]" if info.corpus else ""
        # the house style's setting, else the check's own, off when its measured precision says so
        severity = house.severities.get(info.id, info.severity.value if info.default_on else "off")
        measured = f"{info.evidence.precision:.2f} ({info.evidence.findings})" if info.evidence else "-"
        typer.echo(f"{info.id:<26}{severity:<10}{measured:>12}  {info.category:<40}{profiles or '-':<34}"
                   f"{info.title}{scope}")
    typer.echo("precision (findings): span precision against human MQM error spans on WMT23 zh-en "
               "(benchmarks/checks_vs_mqm.py); from 20 findings on, below 0.50 a check reports one severity lower "
               "and below 0.25 it is off unless selected with --select (README: Severity follows evidence)")
    for check_id, (action, why) in EVIDENCE_DECISIONS.items():
        typer.echo(f"{check_id}: {action} by decision: {why}")
    typer.echo("")
    for line in describe_style(house):
        typer.echo(line)


def _house_style(style: str | None, rules: list[Path] | None, corpus):
    """The house style a command runs with: --style, else the corpus folder's style.toml, else news;
    plus the --rules files' rules."""
    from mtreview.checks import available_checks
    from mtreview.style import load_style

    spec = style if style is not None else getattr(corpus, "style", None)
    house = load_style(spec, known_checks=available_checks().keys(), rules_files=rules or ())
    if style is None and spec is not None:
        _print_notes([f"house style {house.name} from {spec}"])
    return house


def _print_check_stats(history_path: Path, corpus_name: str | None) -> None:
    from mtreview.history import History

    with library_errors(), History(history_path, create=False) as store:
        stats, added = store.check_stats(corpus_name)
    where = f"corpus {corpus_name}" if corpus_name else "all corpora"
    typer.echo(f"Checks as judged by reviewers ({where}, {history_path}); a finding counts once per document")
    typer.echo(f"{'check':<26}{'shown':>7}{'confirmed':>10}{'fixed':>7}{'wontfix':>8}{'false+':>8}{'open':>7}"
               f"{'precision':>11}")
    for row in sorted(stats, key=lambda row: (-row.shown, row.check)):
        counts = row.decisions
        precision = "-" if row.precision is None else f"{row.precision:.2f}"
        wont_fix = counts["won't fix"]
        typer.echo(f"{row.check:<26}{row.shown:>7}{counts['confirmed']:>10}{counts['fixed']:>7}"
                   f"{wont_fix:>8}{counts['false positive']:>8}{counts['open']:>7}{precision:>11}")
    typer.echo("precision: confirmed, fixed and won't fix over all judged (false positives included)")
    if added:
        typer.echo("Errors reviewers added that no check caught:")
        for category, count in sorted(added.items(), key=lambda item: (-item[1], item[0])):
            typer.echo(f"  {shown(category):<40}{count:>5}")
    else:
        typer.echo("Errors reviewers added that no check caught: none")


# The scoring commands (score, compare) and the history commands (list, show, trend, compare,
# leaderboard) live in their own modules; imported here, after the options, library_errors and the
# exit codes they use, and as light as this module.
from mtreview import cli_metrics  # noqa: E402, F401  (registers score and compare on app)
from mtreview.cli_history import history_app  # noqa: E402

app.add_typer(history_app, name="history")


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _raise_terminated)
    app()


if __name__ == "__main__":
    main()
