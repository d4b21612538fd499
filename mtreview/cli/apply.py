"""`mtreview apply`: a reviewed sheet's corrections written into the translation, in its own format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtreview.cli.app import app, ids, library_errors, print_notes
from mtreview.cli.options import Device, EmbeddingsDeviceOpt, EmbeddingsOpt
from mtreview.terminal import shown


@app.command(name="apply")
def apply_corrections(
    workbook: Annotated[Path, typer.Argument(help="A review.xlsx a reviewer filled in (Excel or LibreOffice).",
                                             show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the corrected translation. Default: beside it, NAME.corrected.SUFFIX.")] = None,
    accept_suggestions: Annotated[str | None, typer.Option(
        "--accept-suggestions", metavar="CHECKS",
        help="Also apply the suggestions of these checks (comma-separated ids, e.g. apostrophe,term-forbidden), "
             "except on findings a reviewer dismissed and on segments a reviewer corrected.")] = None,
    inputs: Annotated[list[Path] | None, typer.Option(
        "--input", help="The reviewed files, if they moved since the review (as given to review: SOURCE and "
                        "TARGET, or one file or folder; repeat the option).")] = None,
    embeddings: EmbeddingsOpt = None,
    embeddings_device: EmbeddingsDeviceOpt = Device.auto,
) -> None:
    """Write the corrected translation: the sheet's Corrected translation cells (and accepted suggestions),
    in the input's own format: text, TSV/CSV, TMX, XLIFF, or a Word document with tracked changes.

    The workbook must be of the document as it is now (every segment's fingerprint must match), and every row
    must apply, or nothing is written. Example: mtreview apply reports/news/<run-id>/review.xlsx
    """
    from mtreview.apply import apply_workbook

    with library_errors():
        result = apply_workbook(workbook, out, ids(accept_suggestions) or (), inputs, embeddings,
                                embeddings_device.value)
    print_notes(result.notes)
    typer.echo(f"Applied {shown(workbook)} to {shown(result.translation)}: {result.corrected} segment(s) corrected "
               f"by reviewers, {result.suggested} by {result.suggestions} accepted suggestion(s)")
    typer.echo(f"Corrected translation: {shown(result.out)}")
