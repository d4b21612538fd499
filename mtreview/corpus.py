"""Read review inputs into aligned pairs: a text pair, a corpus folder, or an aligned TSV/CSV table."""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mtreview.errors import InputError
from mtreview.records import Pair

MANIFEST = "corpus.toml"
# Folder layout used when a corpus folder has no manifest.
DEFAULT_SOURCE, DEFAULT_TARGET = "source.zh.txt", "target.en.txt"
# Bilingual files read by mtreview.formats: TMX translation memories and XLIFF 1.2/2.x.
BILINGUAL_SUFFIXES = (".tmx", ".xlf", ".xliff", ".sdlxliff")


@dataclass
class Corpus:
    name: str
    pairs: list[Pair]
    origin: Path
    system: str = ""
    notes: list[str] = field(default_factory=list)


def read_text(path: Path) -> str:
    """A text file's content; UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5 (see read_text_detected)."""
    return read_text_detected(path)[0]


def read_text_detected(path: Path) -> tuple[str, str]:
    """A text file's content and the encoding it was read as (mtreview.encoding names: "UTF-8", "GB18030", ...)."""
    from mtreview.encoding import BinaryDataError, UndecodableError, decode

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, expected a text file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    try:
        decoded = decode(data)
    except BinaryDataError:
        raise InputError(path, "looks like a binary file (NUL bytes), expected UTF-8 text") from None
    except UndecodableError as error:
        raise InputError(path, f"{error}, nor GB18030 or Big5; save it as UTF-8") from None
    except UnicodeDecodeError as error:
        raise InputError(path, f"bad {error.encoding} byte at offset {error.start}; save it as UTF-8") from None
    text = decoded.text
    if not text.strip():
        raise InputError(path, "is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n"), decoded.encoding


def encoding_note(path: Path, encoding: str) -> list[str]:
    """A corpus note when the encoding was a guess (legacy Chinese encodings, UTF-16 without BOM)."""
    from mtreview.encoding import GUESSED

    return [f"read {Path(path).name} as {encoding} (not UTF-8); check the text if it looks garbled"] \
        if encoding in GUESSED else []


def load_input(paths: Sequence[Path]) -> Corpus:
    """One corpus folder, TSV/CSV table, TMX or XLIFF file, or two plain-text files (source, target)."""
    paths = [Path(p) for p in paths]
    if len(paths) == 2:
        return load_text_pair(paths[0], paths[1])
    if len(paths) != 1:
        raise InputError(" ".join(map(str, paths)) or "(none)",
                         "give a corpus folder, a TSV/CSV of pairs, or SOURCE TARGET text files")
    path = paths[0]
    if path.is_dir():
        return load_corpus_dir(path)
    if path.suffix.lower() in (".tsv", ".csv", ".tab"):
        return load_pairs_table(path)
    if path.suffix.lower() in BILINGUAL_SUFFIXES and path.is_file():
        from mtreview.formats import load_bilingual

        return load_bilingual(path)
    if not path.exists():
        raise InputError(path, "no such file or folder")
    raise InputError(path, "a single input must be a corpus folder, a .tsv/.csv table, or a .tmx/.xlf/.xliff file; "
                           "for plain text give SOURCE TARGET")


def load_text_pair(source_path: Path, target_path: Path, *, name: str | None = None,
                   references: dict[str, str] | None = None,
                   source_notes: list[tuple[int, int, str]] | None = None) -> Corpus:
    source = read_text_detected(source_path)
    return _aligned_corpus(source_path, source, target_path, name=name, references=references,
                           source_notes=source_notes)


def _aligned_corpus(source_path: Path, source: tuple[str, str], target_path: Path, *, name: str | None,
                    references: dict[str, str] | None, source_notes: list[tuple[int, int, str]] | None) -> Corpus:
    """Align a source already read (text, encoding) with the target file."""
    from mtreview.align import align_texts  # the aligner is only needed for unaligned input

    (source_text, source_encoding), (target_text, target_encoding) = source, read_text_detected(target_path)
    pairs = align_texts(source_text, target_text, references=references, source_notes=source_notes)
    return Corpus(name=name or Path(target_path).stem.split(".")[0], pairs=pairs, origin=Path(target_path),
                  notes=encoding_note(source_path, source_encoding) + encoding_note(target_path, target_encoding))


def _manifest_file(manifest_path: Path, section: dict, key: str = "file") -> Path:
    value = section.get(key)
    if not isinstance(value, str) or not value:
        raise InputError(manifest_path, f"missing '{key}' in a section")
    file_path = manifest_path.parent / value
    if not file_path.is_file():
        raise InputError(manifest_path, f"names {value}, which does not exist")
    return file_path


def load_corpus_dir(folder: Path | str) -> Corpus:
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        source, target = folder / DEFAULT_SOURCE, folder / DEFAULT_TARGET
        if not (source.is_file() and target.is_file()):
            raise InputError(folder, f"a corpus folder needs {MANIFEST}, or {DEFAULT_SOURCE} and {DEFAULT_TARGET}")
        return load_text_pair(source, target, name=folder.resolve().name)
    try:
        manifest = tomllib.loads(read_text(manifest_path))
    except tomllib.TOMLDecodeError as error:
        raise InputError(manifest_path, f"not valid TOML: {error}") from None
    source_section, target_section = manifest.get("source", {}), manifest.get("target", {})
    source_path = _manifest_file(manifest_path, source_section)
    target_path = _manifest_file(manifest_path, target_section)
    source = read_text_detected(source_path)  # read once: the ranges below are offsets into this text
    source_notes, notes = _reconstructed_ranges(manifest_path, source_path, source[0], source_section)
    references = None
    reference_section = manifest.get("reference")
    if reference_section and reference_section.get("alignment"):
        references = load_reference_table(_manifest_file(manifest_path, reference_section, "alignment"))
    corpus = _aligned_corpus(source_path, source, target_path, name=manifest.get("name") or folder.resolve().name,
                             references=references, source_notes=source_notes)
    corpus.system = str(manifest.get("system", ""))
    corpus.origin = folder
    corpus.notes.extend(notes)
    return corpus


def _reconstructed_ranges(manifest_path: Path, source_path: Path, text: str, section: dict):
    """Character ranges of passages the manifest declares as not part of the published source."""
    ranges, notes = [], []
    for passage in section.get("reconstructed", []):
        passage_text = passage.get("text", "") if isinstance(passage, dict) else ""
        at = text.find(passage_text) if passage_text else -1
        if at < 0:
            raise InputError(manifest_path, f"reconstructed passage not found in {source_path.name}: "
                                            f"{passage_text[:30]!r}")
        ranges.append((at, at + len(passage_text), "reconstructed"))
    if ranges:
        notes.append(f"{len(ranges)} source passage(s) are reconstructed, not published text; "
                     "their pairs are marked 'reconstructed'")
    return ranges, notes


def load_reference_table(path: Path) -> dict[str, str]:
    """A hand alignment of a reference translation: TSV with header `source<TAB>reference`."""
    rows = _read_table(path, required=("source", "reference"))
    return {row["source"]: row["reference"] for _, row in rows}


def _read_table(path: Path, required: Sequence[str],
                notes: list[str] | None = None) -> list[tuple[int, dict[str, str]]]:
    text, encoding = read_text_detected(path)
    if notes is not None:
        notes.extend(encoding_note(path, encoding))
    lines = [line for line in text.split("\n")]
    # Comment lines before the header are allowed (provenance notes); keep line numbers true.
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    if path.suffix.lower() == ".csv":
        reader = csv.reader(io.StringIO("\n".join(lines[skip:])))
    else:
        # Translators' TSV files are not quoted: a " inside a segment is just a character.
        reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise InputError(path, "has no header line") from None
    missing = [column for column in required if column not in header]
    if missing:
        raise InputError(path, f"header lacks column(s) {', '.join(missing)}; found: {', '.join(header)}",
                         skip + 1)
    rows = []
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a field over csv's limit (128 KiB): not a segment, a pasted file
            raise InputError(path, f"unreadable row: {error}", skip + reader.line_num) from None
        number = skip + reader.line_num
        if not fields or not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            raise InputError(path, f"{len(fields)} fields, the header has {len(header)}", number)
        rows.append((number, dict(zip(header, fields))))
    if not rows:
        raise InputError(path, "has a header but no rows")
    return rows


def load_pairs_table(path: Path) -> Corpus:
    """An aligned table with header `id, source, target` and optional `reference` columns."""
    path = Path(path)
    notes: list[str] = []
    rows = _read_table(path, required=("id", "source", "target"), notes=notes)
    reference_columns = [c for c in rows[0][1] if c == "reference" or c.startswith("reference")]
    pairs, seen = [], {}
    for number, row in rows:
        pair_id = row["id"].strip()
        if not pair_id:
            raise InputError(path, "empty id", number)
        if pair_id in seen:
            raise InputError(path, f"duplicate id {pair_id!r} (first on line {seen[pair_id]})", number)
        seen[pair_id] = number
        references = tuple(row[c] for c in reference_columns if row[c].strip())
        pairs.append(Pair(id=pair_id, source=row["source"], target=row["target"], references=references))
    return Corpus(name=path.stem, pairs=pairs, origin=path, notes=notes)


def _lines(path: Path) -> list[str]:
    text = read_text(path)
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def load_line_aligned(hypothesis_path: Path, reference_paths: Sequence[Path]) -> Corpus:
    """A hypothesis file and reference files, one segment per line, line i of each belonging together."""
    hypotheses = _lines(hypothesis_path)
    reference_streams = []
    for reference_path in reference_paths:
        stream = _lines(reference_path)
        if len(stream) != len(hypotheses):
            raise InputError(reference_path, f"{len(stream)} lines, but {hypothesis_path} has {len(hypotheses)}")
        reference_streams.append(stream)
    pairs = [Pair(id=str(i + 1), source="", target=hypothesis,
                  references=tuple(stream[i] for stream in reference_streams))
             for i, hypothesis in enumerate(hypotheses)]
    return Corpus(name=Path(hypothesis_path).stem, pairs=pairs, origin=Path(hypothesis_path))
