"""Text pairs: a Chinese source file and its English translation, aligned sentence by sentence.

The reader that needs the aligner (mtreview.align, imported when a text pair is read; mtreview.inputs.reference
is the other): align imports nothing of mtreview.inputs, so the imports go one way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview import progress
from mtreview.inputs.text import encoding_note, read_text_detected
from mtreview.records import Corpus

if TYPE_CHECKING:
    from mtreview.align.embeddings import SentenceEncoder


def _read_docx(path: Path) -> tuple[str, list[str]]:
    from mtreview.inputs.docx import read_docx_side  # python-docx imported only when a .docx is read

    return read_docx_side(path)


# One side of a text pair by its suffix (lower case) -> (text, notes); any other file is a text file
# (mtreview.inputs.text, its encoding detected). mtreview.inputs.SUFFIX_READERS is the table of whole inputs.
DOCUMENT_READERS: dict[str, Callable[[Path], tuple[str, list[str]]]] = {".docx": _read_docx}


def read_side(path: Path, expect: str) -> tuple[str, list[str]]:
    """One side of a text pair: a Word document's text, or a text file's (with a note on a guessed encoding)."""
    reader = DOCUMENT_READERS.get(Path(path).suffix.lower())
    if reader is not None:
        return reader(Path(path))
    text, encoding = read_text_detected(path, expect)
    return text, encoding_note(path, encoding)


def load_text_pair(source_path: Path, target_path: Path, *, name: str | None = None,
                   references: dict[str, str] | None = None,
                   source_notes: list[tuple[int, int, str]] | None = None,
                   reference_path: Path | None = None, embeddings: SentenceEncoder | None = None) -> Corpus:
    """A Chinese source text and its English translation, aligned; `reference_path` an English reference
    text of the whole document, aligned to the source (mtreview.inputs.reference) when `references` is not given;
    `embeddings` a sentence encoder the aligner uses as one more feature (mtreview.align.embeddings)."""
    source = read_side(source_path, "zh")
    return _aligned_corpus(source_path, source, target_path, name=name, references=references,
                           source_notes=source_notes, reference_path=reference_path, embeddings=embeddings)


def _aligned_corpus(source_path: Path, source: tuple[str, list[str]], target_path: Path, *, name: str | None,
                    references: dict[str, str] | None, source_notes: list[tuple[int, int, str]] | None,
                    reference_path: Path | None = None, embeddings: SentenceEncoder | None = None) -> Corpus:
    """Align a source already read (text, encoding) with the target file. Refuses (InputError) a source and
    target that look swapped before anything is aligned."""
    from mtreview.align import align_texts  # the aligner is only needed for unaligned input
    from mtreview.inputs.language import check_text_pair

    (source_text, source_notes_read), (target_text, target_notes) = source, read_side(target_path, "en")
    check_text_pair(source_path, source_text, target_path, target_text)
    notes = source_notes_read + target_notes
    if reference_path is not None and references is None:
        from mtreview.inputs.reference import aligned_references

        references, reference_notes = aligned_references(source_text, reference_path)
        notes += reference_notes
    with progress.stage(f"aligning {Path(target_path).name}"):
        pairs = align_texts(source_text, target_text, references=references, source_notes=source_notes,
                            embeddings=embeddings)
    from mtreview.identity import text_pair_corpus_name

    return Corpus(name=name or text_pair_corpus_name(source_path, target_path), pairs=pairs, origin=Path(target_path),
                  notes=notes, target_file=Path(target_path))
