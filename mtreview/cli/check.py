"""`mtreview check` and `mtreview checks`: run the rule-based checks, list them and how reviewers judged them."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from mtreview.cli.app import EXIT_FINDINGS, app, fail, ids, library_errors, print_notes
from mtreview.cli.options import (
    CorpusNameOpt,
    DntOpt,
    DocumentOpt,
    DocxOutOpt,
    ExcludeOpt,
    FailOn,
    FailOnOpt,
    NoShippedTermsOpt,
    ProfileOpt,
    RulesOpt,
    SelectOpt,
    StyleOpt,
    TermsOpt,
    engine_options,
    fails_on,
    format_option,
    history_option,
    history_path,
    house_style,
)
from mtreview.engines import EngineOptions
from mtreview.terminal import shown


class CheckFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


CheckFormatOpt = Annotated[CheckFormat, format_option(CheckFormat)]
CheckHistoryOpt = Annotated[str | None, history_option(
    "A review history (a SQLite file or postgresql:// URL): findings its reviewers dismissed in this document "
    "are left out.")]
StatsHistoryOpt = Annotated[str | None, history_option(
    "History (a SQLite file or postgresql:// URL), for --stats. Default: reports/history.sqlite.")]


@app.command()
@engine_options
def check(
    inputs: Annotated[list[Path] | None, typer.Argument(
        metavar="INPUT...",
        help="An aligned TSV/CSV (id, source, target), a TMX or XLIFF file, a corpus folder, Parquet or JSONL shards "
             "(a file, a folder, a glob), or SOURCE TARGET text files.",
        show_default=False)] = None,
    output_format: CheckFormatOpt = CheckFormat.text,
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
    history: CheckHistoryOpt = None,
    show_dismissed: Annotated[bool, typer.Option(
        "--show-dismissed", help="With --history: keep the findings reviewers dismissed.")] = False,
    xliff_out: Annotated[Path | None, typer.Option(
        "--xliff-out", help="For an XLIFF input: write a copy with the findings as notes and ITS quality-issue "
                            "marks, for a CAT tool to show in place.")] = None,
    docx_out: DocxOutOpt = None,
    fail_on: FailOnOpt = None,
    engine: EngineOptions = EngineOptions(),
) -> None:
    """Run the rule-based checks and print one finding per line (exit 0, or 1 with --fail-on when a finding is
    that severe).

    Example: mtreview check pairs.tsv --format jsonl

    Example: mtreview check job.xlf --xliff-out job.reviewed.xlf

    Example: mtreview check source.docx target.docx --docx-out target.checked.docx

    Example: mtreview check 'shards/*.parquet' --engine dask --format jsonl
    """
    from mtreview.checks import CheckContext, CheckOptions
    from mtreview.checks.consistency import load_do_not_translate
    from mtreview.engines import load_source, run
    from mtreview.terms import load_term_lists

    if list_checks:
        checks(style=style, rules=rules)
        return
    if not inputs:
        fail("give an input (see mtreview check --help)")
    with library_errors():
        source = load_source(inputs, engine)
        house = house_style(style, rules, source)
        context = CheckContext(terms=tuple(load_term_lists([*(terms or []), *house.term_lists],
                                                           include_shipped=not no_shipped_terms)), style=house,
                               do_not_translate=load_do_not_translate(dnt or ()))
        options = CheckOptions(context=context, select=tuple(ids(select) or ()) or None,
                               exclude=tuple(ids(exclude) or ()) or None, profile=profile)
        done = run.check(source, options, engine, keep_pairs=history is not None and not show_dismissed)
        findings, flagged_texts = done.findings, done.flagged
        if history is not None and not show_dismissed:
            findings, flagged_texts = _without_dismissed(findings, flagged_texts, _corpus_of(source, done),
                                                         history_path(history),
                                                         corpus_name, document)
        if xliff_out:
            _write_xliff(inputs, findings, xliff_out)
        if docx_out:
            from mtreview.report.docx import write_review_docx

            written = write_review_docx(_corpus_of(source, done), findings, docx_out)
            typer.echo(f"Wrote {docx_out}: {written} finding(s) as Word comments", err=True)
    print_notes(getattr(source, "notes", []))
    out = sys.stdout
    if output_format is CheckFormat.jsonl:
        for finding in findings:
            out.write(json.dumps(finding.as_dict(), ensure_ascii=False) + "\n")
        out.flush()
        _exit_if_severe(findings, fail_on)
        return
    for finding, text in zip(findings, flagged_texts):
        flagged = f" “{shown(text)}”" if finding.target_span else ""
        out.write(f"{shown(finding.pair_id)}\t{finding.severity.value}\t{finding.check}{flagged}: "
                  f"{shown(finding.message)}\n")
    typer.echo(f"{len(findings)} finding(s) in {done.pair_count} pair(s)", err=True)
    _exit_if_severe(findings, fail_on)


def _exit_if_severe(findings, fail_on: FailOn | None) -> None:
    """--fail-on: exit 1 after the output when any finding is at least that severe (as review does)."""
    if fails_on(fail_on, (finding.severity for finding in findings)):
        raise typer.Exit(EXIT_FINDINGS)


def _corpus_of(source, done):
    """The corpus for its identity (name, document): the pairs the engine read where the input was shards."""
    from mtreview.engines import Shards
    from mtreview.records import Corpus

    if isinstance(source, Shards):
        return Corpus(name=source.name, pairs=done.pairs or [], origin=source.origin)
    return source


def _without_dismissed(findings, flagged, corpus, database: str | Path, corpus_name: str, document: str):
    """The findings (and their flagged texts) less those the history's reviewers dismissed in this document
    (as review leaves them out)."""
    from mtreview.history import open_history
    from mtreview.identity import review_identity

    name, document = review_identity(corpus, corpus_name, document)
    with open_history(database, create=False) as store:
        dismissed = store.dismissed_fingerprints(name, document)
    kept = [(finding, text) for finding, text in zip(findings, flagged) if finding.fingerprint not in dismissed]
    if len(kept) < len(findings):
        typer.echo(f"Note: {len(findings) - len(kept)} finding(s) reviewers dismissed in {name}/{document} are "
                   "not shown (--show-dismissed shows them)", err=True)
    return [finding for finding, _ in kept], [text for _, text in kept]


def _write_xliff(inputs: list[Path], findings, out: Path) -> None:
    from mtreview.errors import InputError
    from mtreview.formats.xliff import annotate_xliff

    if len(inputs) != 1 or inputs[0].suffix.lower() not in (".xlf", ".xliff", ".sdlxliff"):
        raise InputError(" ".join(map(str, inputs)), "--xliff-out needs one XLIFF file (.xlf, .xliff) as input")
    counts = annotate_xliff(inputs[0], out, findings)
    typer.echo(f"Wrote {out}: {counts['noted']} finding(s) as notes, {counts['marked']} marked in the target",
               err=True)


@app.command()
def checks(
    stats: Annotated[bool, typer.Option(
        "--stats", help="How each check fared with your reviewers: findings shown, their decisions, and the "
                        "precision reviewers give it; and the errors reviewers added that no check caught.")]
    = False,
    history: StatsHistoryOpt = None,
    corpus_name: Annotated[str | None, typer.Option("--corpus", help="With --stats: only this corpus.")] = None,
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
        _print_check_stats(history_path(history), corpus_name)
        return
    with library_errors():
        house = house_style(style, rules, None)
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


def _print_check_stats(database: str | Path, corpus_name: str | None) -> None:
    from mtreview.history import open_history, shown_location

    with library_errors(), open_history(database, create=False) as store:
        stats, added = store.check_stats(corpus_name)
    where = f"corpus {corpus_name}" if corpus_name else "all corpora"
    typer.echo(f"Checks as judged by reviewers ({where}, {shown_location(database)}); a finding counts once per "
               "document")
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
