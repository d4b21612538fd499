"""Review inputs read into a Corpus of Pairs (mtreview.records): a text pair (text files or Word documents),
a corpus folder, an aligned TSV/CSV table, a TMX or XLIFF file, or line-aligned files (score).

SUFFIX_READERS is the one table of which single file is read by which reader; load_input chooses from it.
A Word document holds one side of a text pair, like a text file: its reader is in SUFFIX_READERS too, as
a side reader (SIDE_READERS, mtreview.inputs.pairs.DOCUMENT_READERS), and a .docx given alone is told
to come with its other side.
Modules: text (text files, encodings, notes), encoding (detection), language (which side is Chinese),
tables, folders (with manifest, the corpus.toml schema), pairs (text pairs, aligned by mtreview.align),
reference (a whole-document reference aligned to the source), lines (line-aligned files and
one-sentence-per-line files), shards (Parquet and JSONL shards: a file, a folder of them or a glob). Only pairs and reference use the aligner; mtreview.align imports nothing
of this package.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview.errors import InputError
from mtreview.inputs.folders import load_corpus_dir
from mtreview.inputs.lines import load_line_aligned
from mtreview.inputs.pairs import DOCUMENT_READERS, load_text_pair
from mtreview.inputs.tables import IdLedger, load_pairs_table, load_reference_table
from mtreview.inputs.text import encoding_note, open_text, read_text, read_text_detected
from mtreview.records import Corpus

if TYPE_CHECKING:
    from mtreview.align.embeddings import SentenceEncoder


def _read_shard(path: Path) -> Corpus:
    from mtreview.inputs.shards import load_shards  # pyarrow only when a Parquet shard is read

    return load_shards([path], path.stem)


def _read_tmx(path: Path) -> Corpus:
    from mtreview.formats.tmx import load_tmx  # XML readers imported only when such a file is read

    return load_tmx(path)


def _read_xliff(path: Path) -> Corpus:
    from mtreview.formats.xliff import load_xliff

    return load_xliff(path)


def _read_one_side(path: Path) -> Corpus:
    raise InputError(path, "is one side of a translation: give SOURCE TARGET (two Word documents, or one with "
                           "a text file), e.g. source.docx target.docx")


# A single file's suffix (lower case) -> its reader. Two plain-text files (SOURCE TARGET) and folders are
# not in it: they are told apart by count and by being a folder. A suffix of SIDE_READERS is one side of
# a text pair (read by mtreview.inputs.pairs.read_side); alone, its reader says so.
SIDE_READERS = DOCUMENT_READERS
SUFFIX_READERS: dict[str, Callable[[Path], Corpus]] = {
    ".tsv": load_pairs_table, ".csv": load_pairs_table, ".tab": load_pairs_table,
    ".tmx": _read_tmx,
    ".xlf": _read_xliff, ".xliff": _read_xliff, ".sdlxliff": _read_xliff,
    **{suffix: _read_one_side for suffix in SIDE_READERS},
    ".parquet": _read_shard, ".jsonl": _read_shard,
}


def aligns_text(paths: Sequence[Path]) -> bool:
    """Whether load_input runs the aligner on these inputs (SOURCE TARGET text files, a corpus folder), as
    opposed to reading pairs aligned already (a table, TMX, XLIFF, shards): what --embeddings is for."""
    from mtreview.inputs.shards import shard_paths

    paths = [Path(p) for p in paths]
    if shard_paths(paths) is not None:
        return False
    return len(paths) == 2 or (len(paths) == 1 and paths[0].is_dir())


def load_input(paths: Sequence[Path], reference: Path | None = None,
               embeddings: SentenceEncoder | None = None) -> Corpus:
    """One corpus folder, TSV/CSV table, TMX or XLIFF file, Parquet or JSONL shards (a file, a folder of them,
    a glob or several files), or two plain-text files (source, target).

    `reference`: an English reference text of the whole document, aligned to the source by the aligner
    (for text files and corpus folders; a table, TMX or XLIFF file carries its own references).
    `embeddings`: a sentence encoder (mtreview.align.embeddings.load_encoder) the aligner uses as one more
    feature, for the inputs it aligns (text files and corpus folders)."""
    from mtreview.inputs.shards import load_shards, shard_paths, shards_name

    paths = [Path(p) for p in paths]
    shards = shard_paths(paths)
    if shards is not None:
        if reference is not None:
            raise InputError(reference, "a reference text goes with SOURCE TARGET text files or a corpus folder; "
                                        "shards carry their references themselves")
        corpus = load_shards(shards, shards_name(shards, paths))
        corpus.inputs = tuple(shards)
        return corpus
    if len(paths) == 2:
        for path in paths:
            if path.suffix.lower() in SUFFIX_READERS and path.suffix.lower() not in SIDE_READERS:
                raise InputError(path, "is a table of aligned pairs, not one side of a text pair: give it alone "
                                       "(SOURCE TARGET are plain text files)")
        corpus = load_text_pair(paths[0], paths[1], reference_path=reference, embeddings=embeddings)
        corpus.inputs = tuple(paths)
        return corpus
    if len(paths) != 1:
        raise InputError(" ".join(map(str, paths)) or "(none)",
                         "give a corpus folder, a TSV/CSV of pairs, or SOURCE TARGET text files")
    path = paths[0]
    if path.is_dir():
        corpus = load_corpus_dir(path, reference_path=reference, embeddings=embeddings)
        corpus.inputs = (path,)
        return corpus
    if reference is not None and path.exists():
        raise InputError(reference, "a reference text goes with SOURCE TARGET text files or a corpus folder; "
                                    "a table, TMX or XLIFF file carries its references itself")
    if not path.exists():
        raise InputError(path, "no such file or folder")
    reader = SUFFIX_READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(path, "a single input must be a corpus folder, a .tsv/.csv table, a .tmx/.xlf/.xliff "
                               "file or .parquet/.jsonl shards; for plain text or Word documents give SOURCE TARGET")
    corpus = reader(path)
    corpus.inputs = (path,)
    return corpus


__all__ = ["SIDE_READERS", "SUFFIX_READERS", "Corpus", "IdLedger", "aligns_text", "encoding_note", "load_corpus_dir",
           "load_input",
           "load_line_aligned", "load_pairs_table", "load_reference_table", "load_text_pair", "open_text",
           "read_text", "read_text_detected"]
