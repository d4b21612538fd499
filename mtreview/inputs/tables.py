"""Aligned TSV/CSV tables of pairs (id, source, target, optional references, system, document), and a
reference's hand alignment (source, reference), read a row at a time."""

from __future__ import annotations

import bisect
import csv
import itertools
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

from mtreview import progress, spill
from mtreview.errors import InputError
from mtreview.inputs.language import SideSample
from mtreview.inputs.text import encoding_note, open_text
from mtreview.records import Corpus, Pair
from mtreview.spill import SpillList


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
        self._next_line: int | None = None

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
        for number, fields in progress.track(rows, f"reading {path.name}"):
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
