"""Corpus folders: a corpus.toml manifest (schema: mtreview.inputs.manifest), or source.zh.txt,
target.en.txt and an optional reference.en.txt."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview.errors import InputError
from mtreview.inputs.pairs import _aligned_corpus, load_text_pair, read_side
from mtreview.inputs.tables import load_reference_table
from mtreview.inputs.text import read_text
from mtreview.records import Corpus

if TYPE_CHECKING:
    from mtreview.align.embeddings import SentenceEncoder

MANIFEST = "corpus.toml"
# Folder layout used when a corpus folder has no manifest (the reference is optional).
DEFAULT_SOURCE, DEFAULT_TARGET, DEFAULT_REFERENCE = "source.zh.txt", "target.en.txt", "reference.en.txt"


def _unused_files(folder: Path, used: Sequence[Path | None]) -> list[str]:
    """A note for each file of the folder the corpus does not read (README*, hidden files and folders aside)."""
    used_names = {Path(path).resolve() for path in used if path is not None}
    return [f"not used: {path.name}" for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.startswith(".") and not path.name.lower().startswith("readme")
            and path.resolve() not in used_names]


def load_corpus_dir(folder: Path | str, reference_path: Path | None = None,
                    embeddings: SentenceEncoder | None = None) -> Corpus:
    """A corpus folder: its corpus.toml, or source.zh.txt, target.en.txt and an optional reference.en.txt.
    `reference_path` (review --ref) replaces the folder's own reference; `embeddings` goes to the aligner."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        source, target = folder / DEFAULT_SOURCE, folder / DEFAULT_TARGET
        if not (source.is_file() and target.is_file()):
            raise InputError(folder, f"a corpus folder needs {MANIFEST}, or {DEFAULT_SOURCE} and {DEFAULT_TARGET}")
        own_reference = folder / DEFAULT_REFERENCE if (folder / DEFAULT_REFERENCE).is_file() else None
        corpus = load_text_pair(source, target, name=folder.resolve().name,
                                reference_path=reference_path or own_reference, embeddings=embeddings)
        if reference_path is not None and own_reference is not None:
            corpus.notes.append(f"the reference given ({Path(reference_path).name}) is used, not {DEFAULT_REFERENCE}")
        corpus.style = folder / "style.toml" if (folder / "style.toml").is_file() else None
        corpus.notes.extend(_unused_files(folder, [source, target, own_reference, corpus.style]))
        return corpus
    from mtreview.inputs.manifest import validate_manifest

    try:
        manifest = tomllib.loads(read_text(manifest_path))
    except tomllib.TOMLDecodeError as error:
        raise InputError(manifest_path, f"not valid TOML: {error}") from None
    files = validate_manifest(manifest_path, manifest)  # every problem at once, before anything is read
    source_section, _target_section = manifest["source"], manifest["target"]
    source_path, target_path = files[("source", "file")], files[("target", "file")]
    source_text = read_side(source_path, "zh")  # read once: the ranges below are offsets into this text
    source_notes, notes = _reconstructed_ranges(manifest_path, source_path, source_text[0], source_section)
    references = None
    used = [manifest_path, source_path, target_path]
    reference_section = manifest.get("reference")
    if reference_section:
        # the files it names count as used (with a hand alignment, the reference file is its provenance)
        used += [files[("reference", key)] for key in ("file", "alignment") if ("reference", key) in files]
        if reference_path is not None:
            notes.append(f"the reference given ({Path(reference_path).name}) is used, not the one {MANIFEST} names")
        elif reference_section.get("alignment"):
            references = load_reference_table(files[("reference", "alignment")])
        else:
            reference_path = files[("reference", "file")]  # aligned by the aligner
    corpus = _aligned_corpus(source_path, source_text, target_path, name=manifest.get("name") or folder.resolve().name,
                             references=references, source_notes=source_notes, reference_path=reference_path,
                             embeddings=embeddings)
    corpus.system = str(manifest.get("system", ""))
    corpus.document = str(manifest.get("document", ""))
    corpus.origin = folder
    corpus.style = folder / "style.toml" if (folder / "style.toml").is_file() else None
    corpus.notes.extend(notes)
    corpus.notes.extend(_unused_files(folder, used + [corpus.style]))
    return corpus


def _reconstructed_ranges(manifest_path: Path, source_path: Path, text: str, section: dict):
    """Character ranges of passages the manifest declares as not part of the published source."""
    ranges, notes = [], []
    after = 0
    for passage in section.get("reconstructed", []):
        passage_text = passage.get("text", "") if isinstance(passage, dict) else ""
        # Passages are usually listed in document order: look after the previous one first, so that
        # thousands of passages cost one pass over the text, not one each.
        at = text.find(passage_text, after) if passage_text else -1
        if at < 0 and passage_text:
            at = text.find(passage_text)
        if at >= 0:
            after = at + len(passage_text)
        if at < 0:
            raise InputError(manifest_path, f"reconstructed passage not found in {source_path.name}: "
                                            f"{passage_text[:30]!r}")
        ranges.append((at, at + len(passage_text), "reconstructed"))
    if ranges:
        notes.append(f"{len(ranges)} source passage(s) are reconstructed, not published text; "
                     "their pairs are marked 'reconstructed'")
    return ranges, notes
