"""Text pairs: a Chinese source file and its English translation, aligned sentence by sentence.

The reader that needs the aligner (mtreview.align, imported when a text pair is read; mtreview.inputs.reference
is the other): align imports nothing of mtreview.inputs, so the imports go one way."""

from __future__ import annotations

from pathlib import Path

from mtreview import progress
from mtreview.inputs.text import encoding_note, read_text_detected
from mtreview.records import Corpus


def load_text_pair(source_path: Path, target_path: Path, *, name: str | None = None,
                   references: dict[str, str] | None = None,
                   source_notes: list[tuple[int, int, str]] | None = None,
                   reference_path: Path | None = None) -> Corpus:
    """A Chinese source text and its English translation, aligned; `reference_path` an English reference
    text of the whole document, aligned to the source (mtreview.inputs.reference) when `references` is not given."""
    source = read_text_detected(source_path, "zh")
    return _aligned_corpus(source_path, source, target_path, name=name, references=references,
                           source_notes=source_notes, reference_path=reference_path)


def _aligned_corpus(source_path: Path, source: tuple[str, str], target_path: Path, *, name: str | None,
                    references: dict[str, str] | None, source_notes: list[tuple[int, int, str]] | None,
                    reference_path: Path | None = None) -> Corpus:
    """Align a source already read (text, encoding) with the target file. Refuses (InputError) a source and
    target that look swapped before anything is aligned."""
    from mtreview.align import align_texts  # the aligner is only needed for unaligned input
    from mtreview.inputs.language import check_text_pair

    (source_text, source_encoding), (target_text, target_encoding) = source, read_text_detected(target_path, "en")
    check_text_pair(source_path, source_text, target_path, target_text)
    notes = encoding_note(source_path, source_encoding) + encoding_note(target_path, target_encoding)
    if reference_path is not None and references is None:
        from mtreview.inputs.reference import aligned_references

        references, reference_notes = aligned_references(source_text, reference_path)
        notes += reference_notes
    with progress.stage(f"aligning {Path(target_path).name}"):
        pairs = align_texts(source_text, target_text, references=references, source_notes=source_notes)
    from mtreview.identity import text_pair_corpus_name

    return Corpus(name=name or text_pair_corpus_name(source_path, target_path), pairs=pairs, origin=Path(target_path),
                  notes=notes)
