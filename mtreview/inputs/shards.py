"""Corpora written as shards: Parquet files or JSONL files (one JSON object a line), given as one file, a
folder of them, a glob pattern or several files. Each row is a pair with the columns of an aligned table:
`id`, `source`, `target`, optional `reference` (or several columns named reference…, or a list
`references`), `system` and `document`.

The same reader runs on one machine (load_shards: every shard in order into a SpillList) and on a Dask
worker (read_shard on one shard, or on some of a Parquet file's row groups), so a row means the same pair
to both engines. pyarrow is imported only when a Parquet shard is read.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtreview.errors import InputError
from mtreview.records import Corpus, Pair

SHARD_SUFFIXES = (".parquet", ".jsonl")
_REQUIRED = ("id", "source", "target")
_GLOB_CHARACTERS = set("*?[")
PARQUET_BATCH = 8_192  # rows converted to Python at a time


def is_shard(path: Path) -> bool:
    return path.suffix.lower() in SHARD_SUFFIXES


def shard_paths(paths: Sequence[Path]) -> list[Path] | None:
    """The shard files these inputs name, in order (a folder's and a glob's sorted by name), or None when
    they are not shards (a corpus folder, a table, a text pair...). Raises InputError for a glob that
    matches nothing or matches files that are not shards."""
    paths = [Path(path) for path in paths]
    if len(paths) == 1:
        path = paths[0]
        if path.is_dir():
            if (path / "corpus.toml").exists():
                return None
            found = sorted(entry for entry in path.iterdir()
                           if entry.is_file() and is_shard(entry) and not entry.name.startswith("."))
            return found or None
        if not path.exists() and _GLOB_CHARACTERS & set(str(path)):
            matched = sorted(Path(name) for name in glob.glob(str(path)) if Path(name).is_file())
            if not matched:
                raise InputError(path, "no file matches this pattern")
            others = [name for name in matched if not is_shard(name)]
            if others:
                raise InputError(others[0], "matched by the pattern but not a shard (.parquet or .jsonl)")
            return matched
        return [path] if is_shard(path) and path.is_file() else None
    if paths and all(is_shard(path) for path in paths):
        for path in paths:
            if not path.is_file():
                raise InputError(path, "no such file")
        return paths
    return None


def shards_name(paths: Sequence[Path], given: Sequence[Path]) -> str:
    """The corpus name of sharded input: a folder's name, else one file's stem, else the shards' folder's."""
    if len(given) == 1 and Path(given[0]).is_dir():
        return Path(given[0]).resolve().name or "corpus"
    if len(paths) == 1:
        return paths[0].stem
    return paths[0].resolve().parent.name or "corpus"


@dataclass(frozen=True)
class ShardPiece:
    """What one reader reads: a shard, or some of a Parquet shard's row groups (None: all of it)."""

    path: Path
    row_groups: tuple[int, ...] | None = None
    first_row: int = 0  # the row number in the shard of the piece's first row (0-based)


def parquet_pieces(path: Path, rows_per_piece: int) -> list[ShardPiece]:
    """A Parquet shard as pieces of whole row groups of about rows_per_piece rows (from its footer only)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        metadata = pq.ParquetFile(path).metadata
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(path, f"not a readable Parquet file ({_first_line(error)})") from None
    pieces, groups, rows, first = [], [], 0, 0
    for number in range(metadata.num_row_groups):
        groups.append(number)
        rows += metadata.row_group(number).num_rows
        if rows >= rows_per_piece:
            pieces.append(ShardPiece(path, tuple(groups), first))
            first += rows
            groups, rows = [], 0
    if groups or not pieces:
        pieces.append(ShardPiece(path, tuple(groups), first))
    return pieces


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def read_shard(piece: ShardPiece) -> Iterator[tuple[int, Pair]]:
    """(1-based line of a JSONL file or row of a Parquet file, pair) for every row of the piece, in order.
    InputError (naming the file and line or row) for a missing column, a field that is not text, an empty
    id, malformed JSON, or a source and target that look swapped (from the piece's first rows)."""
    from mtreview.inputs.language import SideSample

    # the first rows of the shard, as a table's: a piece further in is not sampled (both engines agree)
    sample: SideSample | None = SideSample() if piece.first_row == 0 else None
    rows = _parquet_rows(piece) if piece.path.suffix.lower() == ".parquet" else _jsonl_rows(piece.path)
    for number, row in rows:
        pair = _pair(piece.path, number, row)
        if sample is not None:
            sample.add(pair.source, pair.target)
            if sample.full:
                sample.check(piece.path, "columns")
                sample = None
        yield number, pair
    if sample is not None:
        sample.check(piece.path, "columns")


def _text(path: Path, number: int, row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(path, f"column {column!r} holds {type(value).__name__}, not text", number)
    return value


def _pair(path: Path, number: int, row: dict[str, Any]) -> Pair:
    pair_id = _text(path, number, row, "id").strip()
    if not pair_id:
        raise InputError(path, "empty id", number)
    references: list[str] = []
    for column, value in row.items():
        if column == "references":
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise InputError(path, "column 'references' must be a list of texts", number)
            references.extend(value)
        elif column.startswith("reference"):
            references.append(_text(path, number, row, column))
    return Pair(id=pair_id, source=_text(path, number, row, "source"), target=_text(path, number, row, "target"),
                references=tuple(reference for reference in references if reference.strip()),
                system=_text(path, number, row, "system").strip(),
                document=_text(path, number, row, "document").strip())


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        stream = open(path, encoding="utf-8-sig", newline="\n")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    with stream:
        number = 0
        try:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(path, f"not a JSON object ({error.msg})", number) from None
                if not isinstance(row, dict):
                    raise InputError(path, "not a JSON object", number)
                missing = [column for column in _REQUIRED if column not in row]
                if missing:
                    raise InputError(path, f"lacks {', '.join(missing)}", number)
                yield number, row
        except UnicodeDecodeError:
            raise InputError(path, "is not UTF-8 text (JSONL is UTF-8)", number + 1) from None


def _parquet_rows(piece: ShardPiece) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    path = piece.path
    try:
        shard = pq.ParquetFile(path)
        columns = shard.schema_arrow.names
        missing = [column for column in _REQUIRED if column not in columns]
        if missing:
            raise InputError(path, f"lacks column(s) {', '.join(missing)}; found: {', '.join(columns)}")
        wanted = [column for column in columns
                  if column in _REQUIRED or column in ("system", "document") or column.startswith("reference")]
        batches = shard.iter_batches(batch_size=PARQUET_BATCH, row_groups=piece.row_groups, columns=wanted)
        number = piece.first_row
        for batch in batches:
            values = {column: batch.column(column).to_pylist() for column in wanted}
            for offset in range(batch.num_rows):
                yield number + offset + 1, {column: values[column][offset] for column in wanted}
            number += batch.num_rows
    except (OSError, ValueError) as error:  # a truncated or foreign file (pyarrow's ArrowInvalid)
        raise InputError(path, f"not a readable Parquet file ({_first_line(error)})") from None


def load_shards(paths: Sequence[Path], name: str) -> Corpus:
    """Every shard, in order, into a SpillList (one block in memory). A repeated id is refused naming
    both places; ids are compared through 64-bit hashes (mtreview.inputs.tables.IdLedger)."""
    from mtreview import spill
    from mtreview.inputs.tables import IdLedger
    from mtreview.spill import SpillList

    pairs: SpillList[Pair] = SpillList(block_size=spill.BLOCK_SIZE)
    ledger = IdLedger()
    places: list[tuple[Path, int]] = []  # each shard and its first row's position in the corpus
    try:
        for path in paths:
            places.append((path, len(pairs)))
            for number, pair in read_shard(ShardPiece(path)):
                ledger.add(pair.id, number)
                pairs.append(pair)
        if not len(pairs):
            raise InputError(paths[0] if len(paths) == 1 else paths[0].parent, "the shards hold no rows")
        for row, first in ledger.repeats(lambda rows: {k: p.id for k, p in pairs.take(rows).items()}):
            raise duplicate_id_error(pairs[row].id, _place(places, ledger, row), _place(places, ledger, first))
    except BaseException:
        pairs.close()
        raise
    return Corpus(name=name, pairs=pairs, origin=paths[0] if len(paths) == 1 else paths[0].parent)


def _place(places: list[tuple[Path, int]], ledger: Any, row: int) -> tuple[Path, int]:
    import bisect

    shard = bisect.bisect_right([start for _, start in places], row) - 1
    # the ledger knows each row's line: the JSONL line or Parquet row in its shard
    return places[shard][0], ledger.line(row)


def duplicate_id_error(pair_id: str, at: tuple[Path, int], first: tuple[Path, int]) -> InputError:
    """The one error both engines give for an id that repeats across or within shards."""
    return InputError(at[0], f"duplicate id {pair_id!r} (first in {first[0]}:{first[1]})", at[1])
