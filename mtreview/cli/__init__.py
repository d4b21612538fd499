"""The `mtreview` command line: a Typer app (cli.app), shared options (cli.options), one module per command
group. Importing this package registers every command on `app`; the command modules import only cli.app and
cli.options, so nothing imports back here."""

from mtreview.cli import align, apply, check, history, metrics, review  # noqa: F401  (register their commands)
from mtreview.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_TERMINATED, app, main

__all__ = ["app", "main", "EXIT_FINDINGS", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_TERMINATED"]
