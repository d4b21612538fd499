"""`mtreview align`: sentence alignment of a Chinese text and its English translation."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtreview.cli.app import app, library_errors, print_notes
from mtreview.cli.options import Device, EmbeddingsDeviceOpt, EmbeddingsOpt, format_option, sentence_encoder
from mtreview.terminal import shown

if TYPE_CHECKING:
    from mtreview.align.embeddings import SentenceEncoder


class AlignFormat(str, Enum):
    tsv = "tsv"
    jsonl = "jsonl"


AlignFormatOpt = Annotated[AlignFormat, format_option(AlignFormat)]


@app.command()
def align(
    source: Annotated[Path, typer.Argument(help="Chinese text, paragraphs separated by blank lines.")],
    target: Annotated[Path, typer.Argument(help="English text, paragraphs separated by blank lines.")],
    output_format: AlignFormatOpt = AlignFormat.tsv,
    presplit: Annotated[bool, typer.Option(
        "--presplit", help="Each input line is one sentence; no paragraphs are inferred.")] = False,
    no_lexical: Annotated[bool, typer.Option(
        "--no-lexical", help="Lengths and anchors only: no dictionary or pinyin evidence.")] = False,
    embeddings: EmbeddingsOpt = None,
    embeddings_device: EmbeddingsDeviceOpt = Device.auto,
) -> None:
    """Align a Chinese text with its English translation, sentence by sentence.

    Example: mtreview align corpora/xinhua-belarus/source.zh.txt corpora/xinhua-belarus/target.en.txt
    """
    with library_errors():
        encoder = sentence_encoder(embeddings, embeddings_device)
    if presplit:
        _align_presplit(source, target, output_format, lexical=not no_lexical, embeddings=encoder)
        return
    from mtreview.inputs import load_text_pair

    with library_errors():
        corpus = load_text_pair(source, target, embeddings=encoder)
    print_notes(corpus.notes)
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


def _align_presplit(source: Path, target: Path, output_format: AlignFormat, *, lexical: bool,
                    embeddings: SentenceEncoder | None) -> None:
    """One bead per line, 0-based sentence (line) indices, in document order."""
    from mtreview.align import align_presplit
    from mtreview.inputs.lines import read_presplit_pair

    with library_errors():
        source_lines, target_lines, notes = read_presplit_pair(source, target)
        beads = align_presplit(source_lines, target_lines, lexical=lexical, embeddings=embeddings)
    print_notes(notes)
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



def _one_line(text: str) -> str:
    """A text as one TSV field on a terminal: its line breaks and tabs as spaces, control characters visible."""
    return shown(text.replace("\t", " ").replace("\n", " "))
