"""Read review inputs into aligned pairs: a text pair, a corpus folder, or an aligned TSV/CSV table."""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import tomllib
from array import array
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview import spill
from mtreview.errors import InputError
from mtreview.language import SideSample
from mtreview.records import Pair
from mtreview.spill import SpillList

if TYPE_CHECKING:
    from mtreview.encoding import Scanned

MANIFEST = "corpus.toml"
# Folder layout used when a corpus folder has no manifest (the reference is optional).
DEFAULT_SOURCE, DEFAULT_TARGET, DEFAULT_REFERENCE = "source.zh.txt", "target.en.txt", "reference.en.txt"
# Bilingual files read by mtreview.formats: TMX translation memories and XLIFF 1.2/2.x.
BILINGUAL_SUFFIXES = (".tmx", ".xlf", ".xliff", ".sdlxliff")
TABLE_SUFFIXES = (".tsv", ".csv", ".tab")


@dataclass
class Corpus:
    name: str
    pairs: Sequence[Pair]  # a SpillList for tables, line-aligned files and TMX; a list for aligned documents
    origin: Path
    system: str = ""
    notes: list[str] = field(default_factory=list)
    document: str = ""  # the document's name when the input gives one; else mtreview.identity names it
    style: Path | None = None  # a corpus folder's house style file (style.toml; mtreview.style)


def read_text(path: Path, expect: str | None = None) -> str:
    """A text file's content; UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5, or for an English
    file Windows-1252 or Latin-1 (see read_text_detected)."""
    return read_text_detected(path, expect)[0]


@contextmanager
def _reading(path: Path):
    """Turns what can go wrong opening, reading and decoding a text file into one-line InputErrors."""
    from mtreview.encoding import BinaryDataError, UndecodableError

    try:
        yield
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, expected a text file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    except BinaryDataError:
        raise InputError(path, "looks like a binary file (NUL bytes), expected UTF-8 text") from None
    except UndecodableError as error:
        raise InputError(path, f"{error}, nor GB18030 or Big5; save it as UTF-8") from None
    except UnicodeDecodeError as error:
        raise InputError(path, f"bad {error.encoding} byte at offset {error.start}; save it as UTF-8") from None


def read_text_detected(path: Path, expect: str | None = None) -> tuple[str, str]:
    """A text file's content and the encoding it was read as (mtreview.encoding names: "UTF-8", "GB18030", ...).
    `expect`: "en" for a file that should hold English (a target, a reference), "zh" for a Chinese source,
    None when unknown or both (see mtreview.encoding.scan)."""
    from mtreview.encoding import decode

    path = Path(path)
    with _reading(path):
        decoded = decode(path.read_bytes(), expect)
    text = decoded.text
    if not text.strip():
        raise InputError(path, "is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n"), decoded.encoding


@contextmanager
def open_text(path: Path, expect: str | None = None) -> Iterator[tuple[io.TextIOWrapper, Scanned]]:
    """A text file as a stream of lines, decoded as read_text_detected decodes it (same encoding, same
    errors, "is empty" too, all raised before the first line), without holding the file in memory: the
    file is scanned once to choose and check the encoding (once per candidate for a legacy one), then
    read line by line, "\\r\\n" and "\\r" read as "\\n". The Scanned result names the encoding and
    counts the lines. `expect` as for read_text_detected."""
    from mtreview.encoding import scan

    path = Path(path)
    with _reading(path):
        file = open(path, "rb")
    with file:
        with _reading(path):
            if not file.seekable():  # a pipe: read it once, into memory, as read_text_detected does
                file = io.BytesIO(file.read())
            scanned = scan(file, expect=expect)
            file.seek(scanned.start)
        if scanned.empty:
            raise InputError(path, "is empty")
        stream = io.TextIOWrapper(file, encoding=scanned.codec, errors="strict", newline=None)
        try:
            yield stream, scanned
        except UnicodeDecodeError:  # the file changed between the scan and the read
            raise InputError(path, "changed while being read") from None
        finally:
            stream.detach()


def encoding_note(path: Path, encoding: str) -> list[str]:
    """A corpus note when the encoding was a guess (legacy Chinese encodings, UTF-16 without BOM)."""
    from mtreview.encoding import GUESSED

    return [f"read {Path(path).name} as {encoding} (not UTF-8); check the text if it looks garbled"] \
        if encoding in GUESSED else []


def load_input(paths: Sequence[Path], reference: Path | None = None) -> Corpus:
    """One corpus folder, TSV/CSV table, TMX or XLIFF file, or two plain-text files (source, target).

    `reference`: an English reference text of the whole document, aligned to the source by the aligner
    (for text files and corpus folders; a table, TMX or XLIFF file carries its own references)."""
    paths = [Path(p) for p in paths]
    if len(paths) == 2:
        for path in paths:
            if path.suffix.lower() in TABLE_SUFFIXES + BILINGUAL_SUFFIXES:
                raise InputError(path, "is a table of aligned pairs, not one side of a text pair: give it alone "
                                       "(SOURCE TARGET are plain text files)")
        return load_text_pair(paths[0], paths[1], reference_path=reference)
    if len(paths) != 1:
        raise InputError(" ".join(map(str, paths)) or "(none)",
                         "give a corpus folder, a TSV/CSV of pairs, or SOURCE TARGET text files")
    path = paths[0]
    if path.is_dir():
        return load_corpus_dir(path, reference_path=reference)
    if reference is not None and path.exists():
        raise InputError(reference, "a reference text goes with SOURCE TARGET text files or a corpus folder; "
                                    "a table, TMX or XLIFF file carries its references itself")
    if path.suffix.lower() in TABLE_SUFFIXES:
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
                   source_notes: list[tuple[int, int, str]] | None = None,
                   reference_path: Path | None = None) -> Corpus:
    """A Chinese source text and its English translation, aligned; `reference_path` an English reference
    text of the whole document, aligned to the source (mtreview.reference) when `references` is not given."""
    source = read_text_detected(source_path, "zh")
    return _aligned_corpus(source_path, source, target_path, name=name, references=references,
                           source_notes=source_notes, reference_path=reference_path)


def _aligned_corpus(source_path: Path, source: tuple[str, str], target_path: Path, *, name: str | None,
                    references: dict[str, str] | None, source_notes: list[tuple[int, int, str]] | None,
                    reference_path: Path | None = None) -> Corpus:
    """Align a source already read (text, encoding) with the target file. Refuses (InputError) a source and
    target that look swapped before anything is aligned."""
    from mtreview.align import align_texts  # the aligner is only needed for unaligned input
    from mtreview.language import check_text_pair

    (source_text, source_encoding), (target_text, target_encoding) = source, read_text_detected(target_path, "en")
    check_text_pair(source_path, source_text, target_path, target_text)
    notes = encoding_note(source_path, source_encoding) + encoding_note(target_path, target_encoding)
    if reference_path is not None and references is None:
        from mtreview.reference import aligned_references

        references, reference_notes = aligned_references(source_text, reference_path)
        notes += reference_notes
    pairs = align_texts(source_text, target_text, references=references, source_notes=source_notes)
    from mtreview.identity import text_pair_corpus_name

    return Corpus(name=name or text_pair_corpus_name(source_path, target_path), pairs=pairs, origin=Path(target_path),
                  notes=notes)


def _unused_files(folder: Path, used: Sequence[Path | None]) -> list[str]:
    """A note for each file of the folder the corpus does not read (README*, hidden files and folders aside)."""
    used_names = {Path(path).resolve() for path in used if path is not None}
    return [f"not used: {path.name}" for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.startswith(".") and not path.name.lower().startswith("readme")
            and path.resolve() not in used_names]


def load_corpus_dir(folder: Path | str, reference_path: Path | None = None) -> Corpus:
    """A corpus folder: its corpus.toml, or source.zh.txt, target.en.txt and an optional reference.en.txt.
    `reference_path` (review --ref) replaces the folder's own reference."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        source, target = folder / DEFAULT_SOURCE, folder / DEFAULT_TARGET
        if not (source.is_file() and target.is_file()):
            raise InputError(folder, f"a corpus folder needs {MANIFEST}, or {DEFAULT_SOURCE} and {DEFAULT_TARGET}")
        own_reference = folder / DEFAULT_REFERENCE if (folder / DEFAULT_REFERENCE).is_file() else None
        corpus = load_text_pair(source, target, name=folder.resolve().name,
                                reference_path=reference_path or own_reference)
        if reference_path is not None and own_reference is not None:
            corpus.notes.append(f"the reference given ({Path(reference_path).name}) is used, not {DEFAULT_REFERENCE}")
        corpus.style = folder / "style.toml" if (folder / "style.toml").is_file() else None
        corpus.notes.extend(_unused_files(folder, [source, target, own_reference, corpus.style]))
        return corpus
    from mtreview.manifest import validate_manifest

    try:
        manifest = tomllib.loads(read_text(manifest_path))
    except tomllib.TOMLDecodeError as error:
        raise InputError(manifest_path, f"not valid TOML: {error}") from None
    files = validate_manifest(manifest_path, manifest)  # every problem at once, before anything is read
    source_section, target_section = manifest["source"], manifest["target"]
    source_path, target_path = files[("source", "file")], files[("target", "file")]
    source = read_text_detected(source_path, "zh")  # read once: the ranges below are offsets into this text
    source_notes, notes = _reconstructed_ranges(manifest_path, source_path, source[0], source_section)
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
    corpus = _aligned_corpus(source_path, source, target_path, name=manifest.get("name") or folder.resolve().name,
                             references=references, source_notes=source_notes, reference_path=reference_path)
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


def load_reference_table(path: Path) -> dict[str, str]:
    """A hand alignment of a reference translation: TSV with header `source<TAB>reference`."""
    rows = _table_rows(path, required=("source", "reference"))
    columns = next(rows)
    source, reference = columns["source"], columns["reference"]
    return {fields[source]: fields[reference] for _, fields in rows}


def _table_rows(path: Path, required: Sequence[str],
                notes: list[str] | None = None) -> Iterator:
    """A TSV/CSV table read a line at a time: yields first the header's columns (name -> field index; a
    repeated name is its last field, as a dict of the row would have it), then (line number, fields) for
    each row that is not blank. Raises InputError naming the file and line for a missing column, a row
    with the wrong number of fields, a field csv cannot read (over its 128 KiB limit), no header or no row."""
    with open_text(path) as (stream, scanned):
        if notes is not None:
            notes.extend(encoding_note(path, scanned.encoding))
        # Comment lines before the header are allowed (provenance notes); keep line numbers true.
        skip = 0
        line = stream.readline()
        while line.startswith("#"):
            skip += 1
            line = stream.readline()
        lines = itertools.chain([line] if line else [], stream)
        if path.suffix.lower() == ".csv":
            reader = csv.reader(lines)
        else:
            # Translators' TSV files are not quoted: a " inside a segment is just a character.
            reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        try:
            header = [column.strip().lower() for column in next(reader)]
        except StopIteration:
            raise InputError(path, "has no header line") from None
        missing = [column for column in required if column not in header]
        if missing:
            raise InputError(path, f"header lacks column(s) {', '.join(missing)}; found: {', '.join(header)}",
                             skip + 1)
        yield {column: index for index, column in enumerate(header)}  # first name's place, last one's field
        rows = 0
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
            rows += 1
            yield number, fields
        if not rows:
            raise InputError(path, "has a header but no rows")


class IdLedger:
    """Which ids repeat, in about 8 bytes a row: each id's 64-bit hash in an array, and the rows' line
    numbers only where a row is not on the line after the previous row's. A set of a million short ids
    costs ~90 MB; this, 8 MB and a sort at the end. A repeated hash is confirmed against the ids
    themselves (read back from the pairs) before it counts."""

    hash_of = staticmethod(hash)  # 64-bit on 64-bit CPython; tests put a colliding one here

    def __init__(self) -> None:
        self.hashes = array("q")
        self._jump_rows = array("q")  # rows whose line is not the previous row's + 1 ...
        self._jump_lines = array("q")  # ... and their lines
        self._next_line = None

    def add(self, pair_id: str, line: int | None = None) -> None:
        if line is not None:
            if line != self._next_line:
                self._jump_rows.append(len(self.hashes))
                self._jump_lines.append(line)
            self._next_line = line + 1
        self.hashes.append(self.hash_of(pair_id))

    def line(self, row: int) -> int:
        jump = bisect.bisect_right(self._jump_rows, row) - 1
        return self._jump_lines[jump] + row - self._jump_rows[jump]

    def repeated_hashes(self) -> set[int]:
        """The hashes that occur more than once (a repeated id, or, once in billions, two ids colliding)."""
        if len(self.hashes) < 2:
            return set()
        import numpy as np

        ordered = np.sort(np.frombuffer(self.hashes, dtype=np.int64))
        return set(ordered[1:][ordered[1:] == ordered[:-1]].tolist())

    def repeats(self, ids_at) -> Iterator[tuple[int, int]]:
        """(row, row of the first occurrence) of each row whose id occurred before, in row order.

        `ids_at(rows)` gives {row: id} (read back from the pairs)."""
        if not self.repeated_hashes():  # the usual case: one sort and done
            return
        import numpy as np

        hashes = np.frombuffer(self.hashes, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")  # equal hashes stay in row order
        ordered = hashes[order]
        later = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1  # positions in `order` of a later row
        group_start = np.searchsorted(ordered, ordered[later], side="left")
        for position in np.argsort(order[later], kind="stable"):  # in row order
            at, first = int(later[position]), int(group_start[position])
            row, earlier = int(order[at]), [int(k) for k in order[first:at]]
            ids = ids_at([row] + earlier)
            match = next((k for k in earlier if ids[k] == ids[row]), None)  # a hash collision is no repeat
            if match is not None:
                yield row, match


def load_pairs_table(path: Path) -> Corpus:
    """An aligned table with header `id, source, target` and optional `reference`, `system` and `document`
    columns (several systems' translations, or several documents, in one table: corpus-wide checks
    compare pairs of the same system and document only; ids are never parsed for them).

    Read a row at a time into a SpillList (a block in memory, the rest on disk): memory does not grow with
    the table beyond ~8 bytes a row for finding repeated ids. Errors are those, and in the order, of
    reading the whole table first: any malformed row, then the first empty or repeated id."""
    path = Path(path)
    notes: list[str] = []
    rows = _table_rows(path, required=("id", "source", "target"), notes=notes)
    columns = next(rows)
    id_field, source_field, target_field = columns["id"], columns["source"], columns["target"]
    reference_fields = [index for column, index in columns.items() if column.startswith("reference")]
    system_field, document_field = columns.get("system"), columns.get("document")
    pairs: SpillList[Pair] = SpillList(block_size=spill.BLOCK_SIZE)
    ledger = IdLedger()
    empty_id = None  # the line of the first row without an id: rows after it are only checked
    sample: SideSample | None = SideSample()  # the first rows' languages: columns swapped are refused early, and cheaply
    try:
        for number, fields in rows:
            if sample is not None:
                sample.add(fields[source_field], fields[target_field])
                if sample.full:
                    sample.check(path, "columns")
                    sample = None
            if empty_id is not None:
                continue
            pair_id = fields[id_field].strip()
            if not pair_id:
                empty_id = number
                continue
            ledger.add(pair_id, number)
            references = tuple(fields[k] for k in reference_fields if fields[k].strip())
            pairs.append(Pair(id=pair_id, source=fields[source_field], target=fields[target_field],
                              references=references,
                              system="" if system_field is None else fields[system_field].strip(),
                              document="" if document_field is None else fields[document_field].strip()))
        if sample is not None:
            sample.check(path, "columns")
        for index, first in ledger.repeats(lambda indexes: {k: p.id for k, p in pairs.take(indexes).items()}):
            raise InputError(path, f"duplicate id {pairs[index].id!r} (first on line {ledger.line(first)})",
                             ledger.line(index))
        if empty_id is not None:
            raise InputError(path, "empty id", empty_id)
    except BaseException:
        pairs.close()
        raise
    return Corpus(name=path.stem, pairs=pairs, origin=path, notes=notes)


def _strip_newline(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def load_line_aligned(hypothesis_path: Path, reference_paths: Sequence[Path]) -> Corpus:
    """A hypothesis file and reference files, one segment per line, line i of each belonging together.

    The files are read in step, a line of each at a time, into a SpillList; their line counts are
    compared first (from the encoding scan), so a mismatch is reported before anything is kept."""
    notes: list[str] = []
    with ExitStack() as files:
        hypotheses, scanned = files.enter_context(open_text(hypothesis_path, "en"))
        notes += encoding_note(hypothesis_path, scanned.encoding)
        count = scanned.lines
        reference_streams = []
        for reference_path in reference_paths:
            stream, reference_scan = files.enter_context(open_text(reference_path, "en"))
            notes += encoding_note(reference_path, reference_scan.encoding)
            if reference_scan.lines != count:
                raise InputError(reference_path, f"{reference_scan.lines} lines, but {hypothesis_path} has {count}")
            reference_streams.append(stream)
        pairs: SpillList[Pair] = SpillList(block_size=spill.BLOCK_SIZE)
        try:
            for number, (hypothesis, *references) in enumerate(zip(hypotheses, *reference_streams), 1):
                pairs.append(Pair(id=str(number), source="", target=_strip_newline(hypothesis),
                                  references=tuple(_strip_newline(line) for line in references)))
            if len(pairs) != count:  # the files changed between the scan and the read
                raise InputError(hypothesis_path, "changed while being read")
        except BaseException:
            pairs.close()
            raise
    return Corpus(name=Path(hypothesis_path).stem, pairs=pairs, origin=Path(hypothesis_path), notes=notes)
