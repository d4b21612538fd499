"""`mtreview history ...`: list, show, trend, compare and rank the recorded runs.

Thin commands over mtreview.history and mtreview.tracking; the heavy imports (pandas, sacrebleu,
matplotlib) happen inside the commands so that `mtreview --help` stays quick.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mtreview.cli.app import EXIT_FINDINGS, App, app, fail, library_errors, print_notes
from mtreview.cli.options import format_option, history_option, history_path
from mtreview.terminal import shown

if TYPE_CHECKING:  # pandas and the tracking module are imported by the commands that use them
    import pandas as pd

    from mtreview.tracking import Trend

history_app = App(
    help="The run history: list and show runs, trends over time, run-to-run comparisons, leaderboards; "
         "migrate a SQLite history to PostgreSQL.")
app.add_typer(history_app, name="history")

HistoryOpt = Annotated[str | None, history_option(
    "History (as given to mtreview review): a SQLite file or postgresql://user@host/db. Default: "
    "reports/history.sqlite.")]
CorpusOpt = Annotated[str | None, typer.Option("--corpus", help="Only runs of this corpus.")]
SystemOpt = Annotated[str | None, typer.Option("--system", help="Only runs of this system or translator.")]
SamplesOpt = Annotated[int, typer.Option("--samples", min=100, help="Bootstrap resamples.")]
AlphaOpt = Annotated[float, typer.Option("--alpha", min=0.0001, max=0.5, help="Significance level.")]


class Format(str, Enum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, format_option(Format)]


def _open(path: str | None):
    from mtreview.history import open_history

    return open_history(history_path(path), create=False)


def _day(value: str | None, option: str) -> str | None:
    """A date (or ISO date-time) from the command line, as the text prefix run times compare with."""
    if value is None:
        return None
    try:
        return (date.fromisoformat(value).isoformat() if len(value) == 10
                else datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def _score_text(value: float | None, metric: str) -> str:
    from mtreview.metrics.specs import metric_spec  # light: no sacrebleu or pandas behind it

    return metric_spec(metric).format(value)


def _change_text(delta: float | None, metric: str, width: int = 0) -> str:
    """A change with the metric's precision and its sign, e.g. '+0.21' or '-0.0042'."""
    from mtreview.metrics.specs import metric_spec

    if delta is None or delta != delta:  # none, or NaN (a series' first run)
        return ""
    return f"{delta:>+{width}.{metric_spec(metric).decimals}f}"


@history_app.command("list")
def list_runs(
    history: HistoryOpt = None,
    corpus: CorpusOpt = None,
    system: SystemOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Runs on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Runs on or before this date (YYYY-MM-DD).")] = None,
) -> None:
    """List recorded runs, newest first, with their findings and scores.

    Example: mtreview history list --corpus xinhua-belarus --since 2024-09-01
    """
    with library_errors():
        start, end = _day(since, "--since"), _day(until, "--until")
    if end and len(end) == 10:  # a day given: include all of it
        end = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    with library_errors(), _open(history) as store:
        runs = store.runs(corpus, system=system, since=start, before=end, with_scores=True)
    if not runs:
        typer.echo("No runs match.", err=True)
        return
    # attributes, not run["..."]: this loop reads 200,000 fields on a history of 10,000 runs
    names = {run.run_id: shown(run.corpus) + (f"/{shown(run.document)}" if run.document else "") for run in runs}
    systems = {run.run_id: shown(run.system) for run in runs}
    corpus_width = max(8, *(len(name) for name in names.values())) + 2
    system_width = max(8, *(len(system) for system in systems.values())) + 2
    lines = [f"{'run':<25}{'created':<22}{'corpus':<{corpus_width}}{'system':<{system_width}}{'pairs':>6}"
             f"{'findings':>9}{'major+':>7}  scores"]
    for run in runs:
        scores_text = "  ".join(f"{s.metric} {_score_text(s.corpus_score, s.metric.lower())}" for s in run.scores)
        lines.append(f"{run.run_id:<25}{run.created:<22}{names[run.run_id]:<{corpus_width}}"
                     f"{systems[run.run_id] or '-':<{system_width}}{run.pairs:>6}{run.findings:>9}"
                     f"{run.findings_major + run.findings_critical:>7}  {scores_text}")
    typer.echo("\n".join(lines))


@history_app.command("show")
def show(
    run: Annotated[str, typer.Argument(help="A run id, or a unique start or end of one.")],
    history: HistoryOpt = None,
) -> None:
    """Show one run: what was reviewed, how, its findings by category and check, its scores and signatures.

    Example: mtreview history show 3f9a1c
    """
    from collections import Counter

    with library_errors(), _open(history) as store:
        record = store.run(store.resolve(run))
        findings = store.findings(record["run_id"])
        log = store.decision_log(run_id=record["run_id"])
        standing = store.decisions(record["corpus"], record["document"])
        decided_here = {entry["fingerprint"] for entry in log if entry["decision"] is not None}
    echo = typer.echo
    echo(f"Run {record['run_id']}")
    for label, value in (("corpus", record["corpus"]), ("document", record["document"]),
                         ("system", record["system"]), ("created", record["created"]),
                         ("mtreview", record["tool_version"]),
                         ("config", json.dumps(record["config"], ensure_ascii=False, sort_keys=True))):
        echo(f"  {label:<10}{shown(value) or '-'}")
    mqm = "-" if record["mqm_penalty"] is None else f"{record['mqm_penalty']:.2f}"
    echo(f"  {record['pairs']} pairs, {record['target_words']} target words")
    echo(f"Findings: {record['findings']} (critical {record['findings_critical']}, major {record['findings_major']}, "
         f"minor {record['findings_minor']}); MQM penalty {mqm} per 100 words")
    for title, key in (("by category", "category"), ("by check", "check_id")):
        counts = Counter(f[key] for f in findings)
        if counts:
            echo(f"  {title}:")
            for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                echo(f"    {name:<40}{count:>5}")
    if record["scores"]:
        echo("Scores:")
        for s in record["scores"]:
            echo(f"  {s['metric']:<7}{_score_text(s['corpus_score'], s['metric'].lower()):>8}  "
                 f"({s['segments']} segments)  {s['signature']}")
    if log:
        # Every entry of the log is counted; the standing is each finding's latest decision, which a later
        # sheet (of this run or a later one) may have changed.
        counts = Counter(entry["decision"] for entry in log if entry["decision"] is not None)
        echo(f"Decisions: {sum(counts.values())} recorded on this run's sheets ("
             + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f") for {len(decided_here)} finding(s)")
        now = Counter(standing[fp].decision for fp in decided_here if fp in standing)
        echo("  standing now: " + ", ".join(f"{k} {v}" for k, v in sorted(now.items())))
        for entry in log:
            what = entry["decision"] if entry["decision"] is not None else "(decision unchanged)"
            comment = f"  “{shown(entry['comment'])}”" if entry["comment"] else ""
            sheet = Path(entry["sheet"]).name if entry["sheet"] else "-"
            row = f" row {entry['sheet_row']}" if entry["sheet_row"] else ""
            echo(f"  {entry['ingested']}  {shown(entry['reviewer']) or '-':<10} {what:<15} {entry['check_id']:<22} "
                 f"{shown(entry['pair_id']):<12} {entry['scope']:<8} {shown(sheet)}{row}{comment}")


class Grouping(str, Enum):
    system = "system"
    translator = "translator"


class Period(str, Enum):
    week = "week"
    month = "month"


ByOpt = Annotated[Grouping, typer.Option(
    "--by", help="One series per system (review --system) or per translator (review --translator).")]


@history_app.command("trend")
def trend(
    metric: Annotated[str, typer.Option("--metric", help="A score (bleu, chrF, ter, comet...; any case), or mqm "
                                                         "(penalty per 100 words) or findings.")] = "chrf",
    corpus: CorpusOpt = None,
    system: SystemOpt = None,
    by: ByOpt = Grouping.system,
    period: Annotated[Period | None, typer.Option(
        "--period", help="Gather the runs by ISO week or calendar month (UTC): each period's mean, each run "
                         "counting once, and its change from the series' previous period.")] = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Also draw it: a .png (needs mtreview[plot]) or a self-contained .html.")] = None,
    output_format: FormatOpt = Format.text,
    history: HistoryOpt = None,
) -> None:
    """A metric over time, per system: one row per run with the change from that system's previous run.

    Example: mtreview history trend --metric chrF --corpus xinhua-belarus --plot trend.png
    """
    from mtreview.tracking import periodic
    from mtreview.tracking import trend as compute_trend

    with library_errors(), _open(history) as store:
        result = compute_trend(store, metric, corpus=corpus, system=system, by=by.value)
    periods = periodic(result, period.value) if period is not None else None
    if output_format is Format.json:
        typer.echo(json.dumps(_trend_json(result, by.value, period and period.value, periods), ensure_ascii=False))
    else:
        _print_trend(result, periods)
    if output_format is Format.json:
        print_notes(result.notes)
    if plot is not None:
        from mtreview.report.plot import write_trend_plot

        with library_errors():
            drawn = write_trend_plot(result, plot, title=f"{result.metric} over time ({_direction(result.metric)})")
        typer.echo(f"Plot: {plot} ({len(drawn)} line{'s' if len(drawn) != 1 else ''})",
                   err=output_format is Format.json)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows for JSON: NaN (no figure, no change) as null."""
    return [{str(key): None if isinstance(value, float) and value != value else value for key, value in row.items()}
            for row in frame.to_dict(orient="records")]


def _trend_json(result: Trend, by: str, period: str | None, periods: pd.DataFrame | None) -> dict[str, Any]:
    from mtreview.metrics.specs import metric_spec

    spec = metric_spec(result.metric)
    document = {"metric": result.metric, "direction": spec.direction, "decimals": spec.decimals, "by": by,
                "runs": _records(result.frame)}
    if periods is not None:
        document |= {"period": period, "periods": _records(periods)}
    return document | {"notes": result.notes}


def _print_trend(result: Trend, periods: pd.DataFrame | None) -> None:
    frame = result.frame.copy()
    frame["series"] = frame["series"].map(shown)
    frame["document"] = frame["document"].map(shown)
    width = max(12, *(len(name) for name in frame["series"]))
    signatures = frame["signature"].unique()
    direction = _direction(result.metric)
    typer.echo(f"{result.metric} ({direction})" + (f"  {signatures[0]}" if len(signatures) == 1 else ""))
    if periods is not None:
        typer.echo(f"{'period':<10}{'series':<{width + 2}}{'runs':>5}{'mean ' + result.metric:>14}{'change':>9}")
        for row in periods.to_dict(orient="records"):
            typer.echo(f"{row['period']:<10}{shown(row['series']):<{width + 2}}{row['runs']:>5}"
                       f"{_score_text(row['score'], result.metric):>14}{_change_text(row['delta'], result.metric):>9}")
    else:
        document_width = max(8, *(len(name) for name in frame["document"])) + 2
        typer.echo(f"{'created':<22}{'run':<25}{'series':<{width + 2}}{'document':<{document_width}}"
                   f"{result.metric:>9}{'change':>9}")
        for row in frame.to_dict(orient="records"):
            change = _change_text(row["delta"], result.metric)
            typer.echo(f"{row['created']:<22}{row['run_id']:<25}{row['series']:<{width + 2}}"
                       f"{row['document'] or '-':<{document_width}}{_score_text(row['score'], result.metric):>9}"
                       f"{change:>9}")
    print_notes(result.notes)


@history_app.command("compare")
def compare(
    run_a: Annotated[str, typer.Argument(help="The earlier run (baseline): an id or a unique start or end of one.")],
    run_b: Annotated[str, typer.Argument(help="The later run.")],
    fail_if_worse: Annotated[str | None, typer.Option(
        "--fail-if-worse", help="Exit 1 if B is significantly worse than A on these metrics (comma-separated).")]
    = None,
    alpha: AlphaOpt = 0.05,
    samples: SamplesOpt = 1000,
    output_format: FormatOpt = Format.text,
    history: HistoryOpt = None,
) -> None:
    """Compare two runs: score changes with paired-bootstrap p-values, findings new, fixed and still open.

    Scores are tested on the segments both runs scored with the same source and references; findings are
    matched by fingerprint and counted per category.

    Example: mtreview history compare 3f9a1c 8be20d --fail-if-worse chrF
    """
    from mtreview.tracking import compare_runs

    gates = [m.strip().lower() for m in (fail_if_worse or "").split(",") if m.strip()]
    with library_errors(), _open(history) as store:
        result = compare_runs(store, run_a, run_b, n_samples=samples)
        gated = [result.score(metric) for metric in gates]  # an unknown metric is an error, not a pass
    if output_format is Format.json:
        typer.echo(json.dumps(_comparison_json(result), ensure_ascii=False))
    else:
        _print_comparison(result, alpha, samples)
    for delta in gated:
        if delta.p_value is None:
            fail(f"cannot gate on {delta.metric}: {delta.note or 'no significance test'}")
    worse = [d for d in gated if d.worse(alpha)]
    for delta in worse:
        typer.echo(f"Gate: {delta.metric} is significantly worse in {result.run_b['run_id']} "
                   f"({_change_text(delta.delta, delta.metric)}, {_direction(delta.metric)}, "
                   f"p = {delta.p_value:.4f} < {alpha})", err=True)
    if worse:
        raise typer.Exit(EXIT_FINDINGS)


def _direction(metric: str) -> str:
    from mtreview.metrics.specs import metric_spec

    return metric_spec(metric).direction


def _comparison_json(result) -> dict:
    from mtreview.tracking import FINDING_FATES

    return {
        "a": result.run_a["run_id"], "b": result.run_b["run_id"],
        "scores": {d.metric: {"a": d.a, "b": d.b, "delta": d.delta, "p_value": d.p_value, "shared_segments": d.shared,
                              "signature": d.signature_a, "comparable": d.comparable, "note": d.note,
                              "higher_is_better": not d.lower_is_better, "improved": d.improved}
                   for d in result.scores},
        "findings": result.findings.to_dict(orient="records"),
        **{fate: result.fates[fate] for fate in FINDING_FATES},
        "notes": result.notes,
    }


def _print_comparison(result, alpha: float, samples: int) -> None:
    from mtreview.tracking import FATE_MEANING, FINDING_FATES

    echo = typer.echo
    for label, run in (("A", result.run_a), ("B", result.run_b)):
        echo(f"{label}: {run['run_id']}  {run['created']}  {shown(run['corpus'])}"
             + (f"/{shown(run['document'])}" if run["document"] else "") + f"  {shown(run['system']) or '-'}")
    if result.scores:
        echo(f"Scores (paired bootstrap on the shared segments, {samples} resamples; * p < {alpha}):")
        echo(f"  {'metric':<8}{'A':>9}{'B':>9}{'change':>9}{'segments':>10}  p-value")
        for d in result.scores:
            if not d.comparable or d.p_value is None:
                echo(f"  {d.metric:<8}{_score_text(d.a, d.metric):>9}{_score_text(d.b, d.metric):>9}  {d.note}")
                continue
            mark = " *" if d.p_value < alpha else ""
            verdict = {True: "better", False: "worse", None: "same"}[d.improved]
            echo(f"  {d.metric:<8}{_score_text(d.a, d.metric):>9}{_score_text(d.b, d.metric):>9}"
                 f"{_change_text(d.delta, d.metric, 9)}{d.shared:>10}  {d.p_value:.4f}{mark}  {verdict} "
                 f"({_direction(d.metric)})" + (f"  ({d.note})" if d.note else ""))
    frame = result.findings
    columns = ["A", "B", *FINDING_FATES]
    echo("Findings by category (matched by fingerprint):")
    echo(f"  {'category':<40}" + "".join(f"{c:>10}" for c in columns))
    for row in frame.to_dict(orient="records"):
        echo(f"  {row['category']:<40}" + "".join(f"{row[c]:>10}" for c in columns))
    totals = frame[columns].sum()
    echo(f"  {'total':<40}" + "".join(f"{totals[c]:>10}" for c in columns))
    for fate in FINDING_FATES:
        findings = result.fates[fate]
        if not findings or fate == "open":
            continue
        echo(f"{fate.capitalize()} ({FATE_MEANING[fate]}):")
        for f in findings[:20]:
            echo(f"  {shown(f['pair_id'])}\t{f['severity']}\t{f['check_id']}: {shown(f['message'])}")
        if len(findings) > 20:
            echo(f"  ... and {len(findings) - 20} more")
    for note in result.notes:
        echo(f"Note: {note}", err=True)


@history_app.command("leaderboard")
def leaderboard(
    corpus: Annotated[str, typer.Option("--corpus", help="The corpus the systems translated.")],
    metric: Annotated[str, typer.Option("--metric", help="The score to rank by (any case).")] = "chrf",
    alpha: AlphaOpt = 0.05,
    samples: SamplesOpt = 1000,
    history: HistoryOpt = None,
) -> None:
    """Rank the systems of a corpus on their latest runs, in clusters the paired bootstrap cannot tell apart.

    Example: mtreview history leaderboard --corpus wmt23-zh-en --metric chrF
    """
    from mtreview.tracking import leaderboard as compute_leaderboard

    with library_errors(), _open(history) as store:
        board = compute_leaderboard(store, corpus, metric, n_samples=samples, alpha=alpha)
    frame = board.frame.copy()
    frame["system"] = frame["system"].map(shown)
    width = max(12, *(len(name) for name in frame["system"]))
    typer.echo(f"{shown(board.corpus)}: {board.metric} ({_direction(board.metric)}) on {board.shared} segments  "
               f"{board.signature}")
    typer.echo(f"{'rank':>4} {'cluster':>7}  {'system':<{width}}{board.metric:>9}{'p-value':>9}{'findings':>10}"
               f"{'major+':>8}{'MQM':>7}  run")
    for row in frame.to_dict("records"):
        p_value = "" if row['p_value'] is None or row['p_value'] != row['p_value'] else f"{row['p_value']:.3f}"
        mqm = "" if row['mqm'] is None or row['mqm'] != row['mqm'] else f"{row['mqm']:.2f}"
        typer.echo(f"{row['rank']:>4} {row['cluster']:>7}  {row['system']:<{width}}{_score_text(row['score'], board.metric):>9}"
                   f"{p_value:>9}{row['findings']:>10}{row['major']:>8}{mqm:>7}  {row['run_id']}")
    typer.echo(f"Clusters: paired bootstrap ({samples} resamples), a system opens a new cluster when it is "
               f"significantly worse (p < {alpha}) than the best of the current one; p-value against that system.",
               err=True)
    print_notes(board.notes)


@history_app.command("report")
def report(
    out: Annotated[Path, typer.Option("--out", help="The page to write (.html).")] = Path("reports/desk.html"),
    corpus: Annotated[str | None, typer.Option("--corpus", help="Only this corpus (default: the whole history).")]
    = None,
    by: ByOpt = Grouping.system,
    period: Annotated[Period, typer.Option("--period", help="Gather the runs by ISO week or calendar month (UTC).")]
    = Period.week,
    history: HistoryOpt = None,
) -> None:
    """A desk dashboard: one standalone HTML page of a corpus or the whole history over time.

    Per system or translator and per week or month: findings per 1,000 words by category, MQM penalty,
    HTER and scores with trend lines, the runs that regressed and the checks reviewers dismiss most; the
    numbers are history trend's. Example: mtreview history report --corpus xinhua-belarus --out desk.html
    """
    from mtreview.report.desk import write_desk_report

    with library_errors(), _open(history) as store:
        figures = write_desk_report(store, out, corpus=corpus, by=by.value, period=period.value)
    counts = ", ".join(f"{number} {noun}{'' if number == 1 else 's'}" for number, noun in (
        (len(figures.runs), "run"), (len(figures.periods), period.value), (len(figures.measures), "measure"),
        (len(figures.regressions), "regression")))
    typer.echo(f"Desk report: {out} ({counts})")
    print_notes(figures.notes)


@history_app.command("migrate")
def migrate(
    to: Annotated[str, typer.Option(
        "--to", metavar="URL",
        help="Where to copy the history: postgresql://user@host/db (or another SQLite file). It must be empty, or "
             "hold this same history already (then nothing is copied).")],
    history: Annotated[str | None, typer.Option(
        "--history", envvar="MTREVIEW_HISTORY", metavar="DB",
        help="The SQLite history to copy (read only, never changed). Default: reports/history.sqlite.")] = None,
) -> None:
    """Copy a SQLite history into PostgreSQL: runs, scores, pairs, findings, decisions, corrections and
    reviewers' own findings, in one transaction.

    Example: mtreview history migrate --history reports/history.sqlite --to postgresql://desk@db.example.org/mtreview
    """
    from mtreview.history.location import shown_location, sqlite_path
    from mtreview.history.transfer import migrate_history

    source = history_path(history)
    source_file = sqlite_path(source)
    if source_file is None:
        fail(f"history migrate copies a SQLite history; --history names {shown_location(source)}")
    with library_errors():
        result = migrate_history(source_file, to)
    counts = ", ".join(f"{result.rows[table]} {name}" for table, name in (
        ("runs", "run(s)"), ("pairs", "pair(s)"), ("findings", "finding(s)"), ("scores", "score(s)"),
        ("decision_log", "decision(s)"), ("segment_edits", "correction(s)"), ("reviewer_findings", "reviewer finding(s)")))
    if result.already:
        typer.echo(f"{shown(result.target)} holds this history already ({counts}); nothing copied")
        return
    from mtreview.history import SCHEMA_VERSION

    upgraded = (f" (schema {result.source_version}, upgraded to {SCHEMA_VERSION} in the copy)"
                if 0 < result.source_version < SCHEMA_VERSION else "")
    typer.echo(f"Copied {shown(str(result.source))}{upgraded} into {shown(result.target)}: {counts}")
