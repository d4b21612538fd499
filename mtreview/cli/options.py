"""Options shared by several commands, each declared once: inputs, terms and checks, --history, --format,
and the COMET options (one bundle, prefixed the sacrebleu way)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from mtreview.cli.app import fail, print_notes
from mtreview.engines import DEFAULT_PARTITION_SIZE, EngineKind, EngineOptions

InputsArg = Annotated[list[Path], typer.Argument(
    help="A corpus folder, an aligned TSV/CSV (id, source, target[, reference]), a TMX or XLIFF file, Parquet or "
         "JSONL shards (a file, a folder of them, a glob), or SOURCE TARGET text files.",
    metavar="INPUT...", show_default=False)]
TermsOpt = Annotated[list[Path] | None, typer.Option(
    "--terms", help="Extra term list (TSV: zh, en, forbidden, note, source); repeatable.")]
DntOpt = Annotated[list[Path] | None, typer.Option(
    "--dnt", help="Do-not-translate list (one word or name a line, or a TSV's first column): kept unchanged in "
                  "the English where the source has it; repeatable.")]
NoShippedTermsOpt = Annotated[bool, typer.Option(
    "--no-shipped-terms", help="Do not use the official term list shipped with mtreview.")]
StyleOpt = Annotated[str | None, typer.Option(
    "--style", metavar="NAME|FILE",
    help="House style: a shipped one by name (news, the default; transcript) or a style file (TOML). "
         "Default: the corpus folder's style.toml, else news. `mtreview checks --style` shows it.")]
RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", help="The desk's own rules (TOML [[rules]] tables: name, pattern, source, message, category, "
                    "severity, suggestion); each runs as the check rule:<name>. Repeatable.")]
SelectOpt = Annotated[str | None, typer.Option(
    "--select", metavar="IDS", help="Run only these checks (comma-separated ids; see `mtreview check --list`).")]
ExcludeOpt = Annotated[str | None, typer.Option(
    "--exclude", metavar="IDS", help="Skip these checks (comma-separated ids).")]
ProfileOpt = Annotated[str | None, typer.Option(
    "--profile", metavar="NAME", help="A named set of checks: default, typography, accuracy, terminology, gate (see `mtreview checks`).")]
MetricOpt = Annotated[str | None, typer.Option(
    "--metric", metavar="METRICS", help="Metrics, comma-separated: bleu, chrf, chrf++, ter, comet. Default: bleu,chrf.")]
CorpusNameOpt = Annotated[str, typer.Option(
    "--corpus", metavar="NAME", help="The corpus this belongs to. Default: the corpus folder's name (or its corpus.toml name), "
                     "the folder of a SOURCE TARGET pair, or a table's file name.")]
DocumentOpt = Annotated[str, typer.Option(
    "--document", metavar="NAME", help="Which document of the corpus this is. Default: named by its source text, so that another "
                       "article never shares its decisions and a re-run of the same article finds them.")]
EmbeddingsOpt = Annotated[str | None, typer.Option(
    "--embeddings", metavar="PATH|NAME",
    help="A sentence-embedding model to align with: a sentence-transformers or Hugging Face encoder folder, or a "
         "model name in the local Hugging Face cache (e.g. sentence-transformers/LaBSE). Its cosine is one more "
         "feature of the alignment. Never downloads; needs the embeddings extra.")]


def sentence_encoder(spec: str | None, device: Device):
    """The --embeddings model loaded (offline) on --embeddings-device, or None when not given."""
    if not spec:
        return None
    from mtreview.align.embeddings import load_encoder

    return load_encoder(spec, device=device.value)


class FailOn(str, Enum):
    minor = "minor"
    major = "major"
    critical = "critical"


FailOnOpt = Annotated[FailOn | None, typer.Option(
    "--fail-on", help="Exit 1 when there is a finding of this severity or worse (for CI gates).")]


def fails_on(fail_on: FailOn | None, severities: Iterable[Any]) -> bool:
    """--fail-on's gate: whether any of these severities (mtreview.records.Severity) is at least fail_on's."""
    if fail_on is None:
        return False
    from mtreview.records import Severity

    threshold = Severity(fail_on.value).rank
    return any(severity.rank >= threshold for severity in severities)


DocxOutOpt = Annotated[Path | None, typer.Option(
    "--docx-out", help="For a Word translation (SOURCE TARGET.docx): write a copy of it with each finding as a "
                       "Word comment on the flagged words.")]


# --history: every command declares it with history_option and defaults it with history_path.
REPORTS = Path("reports")


def history_option(help: str = "History: a SQLite file, or postgresql://user@host/db. Default: "
                                "reports/history.sqlite.") -> Any:
    """The --history option (also read from MTREVIEW_HISTORY), declared as
    `Annotated[str | None, history_option(...)]` (a static alias, so type checkers see the type); None
    when not given. Text, not a Path: a Path would fold postgresql://host into postgresql:/host."""
    return typer.Option("--history", envvar="MTREVIEW_HISTORY", metavar="DB|URL", help=help)


def history_path(given: str | Path | None, reports: Path = REPORTS) -> str | Path:
    """The history a command uses: --history (a file path, or a postgresql:// URL kept as text), else
    history.sqlite in the reports folder."""
    if given is None:
        return reports / "history.sqlite"
    from mtreview.history.location import scheme

    return str(given) if scheme(given) is not None else Path(given)


# --format: one family; a command declares the formats it writes as a str Enum, the first one (for people)
# the default, and the option as `Annotated[ThatEnum, format_option(ThatEnum)]`.
def format_option(choices: type[Enum]) -> Any:
    """The --format option for these formats."""
    names = [str(member.value) for member in choices]
    readers = " or ".join(names[1:])
    return typer.Option("--format", help=f"{names[0]} for people, {readers} for programs.")


def house_style(style: str | None, rules: list[Path] | None, corpus):
    """The house style a command runs with: --style, else the corpus folder's style.toml, else news;
    plus the --rules files' rules."""
    from mtreview.checks import available_checks
    from mtreview.style import load_style

    spec = style if style is not None else getattr(corpus, "style", None)
    house = load_style(spec, known_checks=available_checks().keys(), rules_files=rules or ())
    if style is None and spec is not None:
        print_notes([f"house style {house.name} from {spec}"])
    return house


# COMET: one bundle of options, added to a command by @comet_options.
class Precision(str, Enum):
    auto = "auto"
    fp32 = "fp32"
    bf16 = "bf16"


class Device(str, Enum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


EmbeddingsDeviceOpt = Annotated[Device, typer.Option(
    "--embeddings-device",
    help="Where the --embeddings model runs; auto is a CUDA GPU when torch sees one, else the CPU. cuda without "
         "a GPU is an error.")]


DEFAULT_COMET_MODEL = "Unbabel/wmt22-comet-da"


@dataclass(frozen=True)
class CometChoice:
    """The COMET options as given on the command line."""

    model: str = DEFAULT_COMET_MODEL
    batch_size: int | None = None  # None: the device's default
    threads: int | None = None
    precision: Precision = Precision.auto
    device: Device = Device.auto
    cache: Path | None = None
    no_cache: bool = False

    def options(self, reports: Path):
        """mtreview.metrics.comet.CometOptions, the cache under `reports` unless --comet-cache says where."""
        from mtreview.metrics.comet import CometOptions

        cache = None if self.no_cache else (self.cache or reports / "cache" / "comet.sqlite")
        return CometOptions(model=self.model, batch_size=self.batch_size, threads=self.threads,
                            precision=Precision(self.precision).value, device=Device(self.device).value,
                            cache=cache, progress=True)


def option(name: str, kind: Any, default: Any, *decls: str, **info: Any) -> inspect.Parameter:
    """One option of a bundle, as a keyword-only parameter typer reads."""
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[kind, typer.Option(*decls, **info)])


_COMET_PARAMETERS = [
    option("comet_model", str, DEFAULT_COMET_MODEL, "--comet-model", metavar="MODEL",
           help="COMET checkpoint folder (checkpoints/model.ckpt + hparams.yaml) or a model name in the local "
                "Hugging Face cache. Never downloads."),
    option("comet_batch_size", int | None, None, "--comet-batch-size", min=1, metavar="N",
           help="COMET batch size (segments a forward pass). Default: 16 on the CPU, 64 on a GPU."),
    option("comet_threads", int | None, None, "--comet-threads", min=1, metavar="N",
           help="CPU threads for COMET. Default: torch's choice."),
    option("comet_precision", Precision, Precision.auto, "--comet-precision",
           help="COMET arithmetic; auto is bf16 where the CPU or GPU has native bf16 (on a CPU about twice as "
                "fast; segment scores within 0.005 of fp32), else fp32."),
    option("comet_device", Device, Device.auto, "--comet-device",
           help="Where COMET runs; auto is a CUDA GPU when torch sees one, else the CPU. cuda without a GPU "
                "is an error."),
    option("comet_cache", Path | None, None, "--comet-cache", envvar="MTREVIEW_COMET_CACHE", metavar="FILE",
           help="COMET score cache (SQLite). Default: reports/cache/comet.sqlite (for review: "
                "OUT/cache/comet.sqlite)."),
    option("no_comet_cache", bool, False, "--no-comet-cache", help="Score every segment with COMET afresh."),
    # the names before the comet- prefix, kept working but not shown
    option("old_batch_size", int | None, None, "--batch-size", min=1, hidden=True, help="--comet-batch-size"),
    option("old_threads", int | None, None, "--threads", min=1, hidden=True, help="--comet-threads"),
    option("old_precision", Precision | None, None, "--precision", hidden=True, help="--comet-precision"),
    option("old_cache", Path | None, None, "--cache", hidden=True, help="--comet-cache"),
    option("old_no_cache", bool, False, "--no-cache", hidden=True, help="--no-comet-cache"),
]


def option_bundle(argument: str, parameters: list[inspect.Parameter],
                  build: Callable[[dict[str, Any]], Any], stand_ins: dict[str, Any] | None = None):
    """A decorator giving a command a bundle of options declared once (COMET's, sacrebleu's): typer sees
    `parameters` in place of the command's own `argument`, and the command receives `build(given values)`
    as that one keyword argument. stand_ins: names in the command's annotations that only type checkers
    import (a heavy class), evaluated as anything, since that parameter is replaced."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(command, eval_str=True, locals=stand_ins)
        own = [parameter for parameter in signature.parameters.values() if parameter.name != argument]

        @functools.wraps(command)
        def with_bundle(**kwargs: Any) -> Any:
            kwargs[argument] = build({parameter.name: kwargs.pop(parameter.name) for parameter in parameters})
            return command(**kwargs)

        del with_bundle.__wrapped__  # typer reads the signature below, not the command's
        exposed = signature.replace(parameters=[*own, *parameters])
        with_bundle.__signature__ = exposed  # type: ignore[attr-defined]  # inspect reads it; no declared attribute
        with_bundle.__annotations__ = {parameter.name: parameter.annotation
                                       for parameter in exposed.parameters.values()}
        return with_bundle

    return decorate


def _comet_choice(given: dict[str, Any]) -> CometChoice:
    def either(new: str, old: str) -> Any:
        return given[old] if given[old] is not None else given[new]

    return CometChoice(
        model=given["comet_model"], batch_size=either("comet_batch_size", "old_batch_size"),
        threads=either("comet_threads", "old_threads"), precision=either("comet_precision", "old_precision"),
        device=given["comet_device"], cache=either("comet_cache", "old_cache"),
        no_cache=given["no_comet_cache"] or given["old_no_cache"])


# Give a command the COMET options; it receives them as one keyword argument, `comet: CometChoice`.
comet_options = option_bundle("comet", _COMET_PARAMETERS, _comet_choice)


_ENGINE_PARAMETERS = [
    option("engine_kind", EngineKind, EngineKind.local, "--engine",
           help="Where the work runs: local (this machine, two worker processes on large inputs) or dask "
                "(a Dask cluster: --scheduler's, else a local one; needs the dask extra)."),
    option("scheduler", str | None, None, "--scheduler", metavar="ADDRESS",
           help="With --engine dask: the scheduler of a running cluster, e.g. tcp://10.0.0.5:8786. Default: "
                "start a local cluster."),
    option("workers", int | None, None, "--workers", min=1, metavar="N",
           help="With --engine dask and no --scheduler: worker processes of the local cluster. Default: one per "
                "CPU."),
    option("partition_size", int, DEFAULT_PARTITION_SIZE, "--partition-size", min=1, metavar="PAIRS",
           help="With --engine dask: pairs per task (a Parquet shard is cut at row groups, a JSONL shard is one "
                "task)."),
]


def _engine_choice(given: dict[str, Any]) -> EngineOptions:
    """The engine options as given; --scheduler, --workers and --partition-size belong to --engine dask."""
    kind, scheduler, workers = given["engine_kind"], given["scheduler"], given["workers"]
    if kind is not EngineKind.dask:
        for value, name in ((scheduler, "--scheduler"), (workers, "--workers"),
                            (given["partition_size"] != DEFAULT_PARTITION_SIZE or None, "--partition-size")):
            if value is not None:
                fail(f"{name} goes with --engine dask")
    if scheduler is not None and workers is not None:
        fail("--workers sizes a local cluster; a cluster at --scheduler has its own workers")
    return EngineOptions(kind=kind, scheduler=scheduler, workers=workers, partition_size=given["partition_size"])


# Give a command --engine and the Dask options; it receives them as one keyword argument,
# `engine: EngineOptions`.
engine_options = option_bundle("engine", _ENGINE_PARAMETERS, _engine_choice)
