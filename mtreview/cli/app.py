"""The `mtreview` Typer app: exit codes, the one error path, help that reads like help, signals, main.

The command modules register their commands on `app`; this module imports none of them (mtreview.cli does),
so there is no import cycle, and it stays as light as `mtreview --help` must be.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import PurePath
from typing import Any, NoReturn, get_args, get_origin

import typer
from typer.core import TyperArgument, TyperCommand

from mtreview import __version__
from mtreview.errors import MtreviewError
from mtreview.terminal import shown

EXIT_FINDINGS, EXIT_ERROR = 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM

# -h as well as --help, on the app and (inherited by their contexts) on every command
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


def _metavar(param: Any) -> str:
    """What a value looks like in help: [text|jsonl] for a choice, else PATH, TEXT, INTEGER, FLOAT
    (typer would write <list[Path]> or <int range>). tests/cli/test_app.py fails if typer changes this."""
    described = param.type_descriptor
    if described.choices:
        return "[" + "|".join(str(getattr(choice, "value", choice)) for choice in described.choices) + "]"
    kind = described.annotation
    if get_origin(kind) is list:
        (kind,) = get_args(kind)
    if isinstance(kind, type) and issubclass(kind, PurePath):
        return "PATH"
    return {str: "TEXT", int: "INTEGER", float: "FLOAT"}.get(kind, "VALUE")


class _Argument(TyperArgument):
    """An argument shown as its metavar only (INPUT...), in the usage line too (typer writes {inputs}...)."""

    def display_type_rich(self, ctx):  # the metavar says it all; no <list[Path]> beside it
        return None

    def get_usage_pieces(self, ctx) -> list[str]:
        name = self.metavar or self.name.upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return [name if self.required else f"[{name}]"]


class Command(TyperCommand):
    """Every mtreview command: plain metavars for options and arguments that do not set their own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.__class__ = _Argument
            if param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = _metavar(param)
                if isinstance(param, TyperArgument) and param.nargs != 1:
                    param.metavar += "..."


class App(typer.Typer):
    """A Typer whose commands are `Command`s, with -h, plain help and no pretty tracebacks.

    rich_markup_mode=None: help text is printed as written, so "[plot]" in a help string is not taken
    for Rich markup and swallowed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("no_args_is_help", True)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any):
        if kwargs.get("cls") is None:
            kwargs["cls"] = Command
        return super().command(*args, **kwargs)


app = App(
    name="mtreview",
    help="Review Chinese→English translations: align, check, score, report and track quality.",
    add_completion=False,
)


class Terminated(KeyboardInterrupt):
    """SIGTERM (timeout, a CI cancel, docker stop), raised where the program is: as a KeyboardInterrupt,
    every clean-up that runs on Ctrl-C runs on it too (no staging folder, no half-recorded run)."""


_terminated: list[bool] = []  # set once SIGTERM has arrived, for main() to report it whatever caught it


def _raise_terminated(signum, frame) -> None:
    _terminated.append(True)
    raise Terminated()


def fail(message: str) -> NoReturn:
    """The one way a command stops on an error: one line on stderr, exit code 2."""
    typer.echo(f"mtreview: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


@contextmanager
def library_errors():
    """Library errors and bad option values become one line on stderr and exit code 2; Ctrl-C one line and
    exit code 130 (the library has cleaned up on its way out: no run folder, no history rows); nothing else
    is caught. Long steps inside show progress bars on standard error when it is a terminal (mtreview.progress),
    none when it is piped."""
    from mtreview.progress import terminal_progress

    try:
        with terminal_progress():
            yield
    except MtreviewError as error:
        fail(shown(error))
    except typer.BadParameter as error:  # raised by a command's own checks: one line, not a usage box
        fail(error.format_message())
    except KeyboardInterrupt as interruption:
        if isinstance(interruption, Terminated):
            typer.echo("mtreview: terminated", err=True)
            raise typer.Exit(EXIT_TERMINATED) from None
        typer.echo("mtreview: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def print_notes(notes) -> None:
    """Notes (e.g. a guessed encoding) go to stderr: stdout stays the command's output format."""
    for note in notes:
        typer.echo(f"Note: {shown(note)}", err=True)


def ids(value: str | None) -> list[str] | None:
    """A comma-separated list of ids (--select, --exclude), or None."""
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtreview {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Review Chinese→English translations: align, check, score, report and track quality."""


def main() -> None:
    """The `mtreview` command; called through mtreview.cli, whose import has registered the commands."""
    import signal

    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        app()
    except SystemExit as exit_:
        # SIGTERM outside a command's library_errors (while parsing options, or printing a summary after the
        # run was published) reaches typer as a KeyboardInterrupt, which it turns into a silent 130.
        if _terminated and exit_.code != EXIT_TERMINATED:
            typer.echo("mtreview: terminated", err=True)
            raise SystemExit(EXIT_TERMINATED) from None
        raise
