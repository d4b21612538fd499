"""A list that keeps at most one block of items in memory and spills the rest to a temporary file.

A million pairs and their findings do not fit comfortably in memory (about 700 bytes a pair as
Python objects), but every stage reads them in order: loaders append, the engine walks blocks,
report writers iterate. So they live in a `SpillList`: items are appended to an in-memory block;
a full block is pickled to an anonymous temporary file (deleted by the OS when closed, even on a
crash). Below one block nothing touches the disk and it behaves as a list.
"""

from __future__ import annotations

import bisect
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import IO, Any, Generic, TypeVar, cast, overload

T = TypeVar("T")

BLOCK_SIZE = 50_000  # items in memory at most: about 35 MB of pairs


class SpillList(Sequence[T], Generic[T]):
    """Append-only, re-iterable, with len(); indexing works but reads a whole block from disk."""

    def __init__(self, items: Iterable[T] = (), *, block_size: int | None = None) -> None:
        block_size = block_size or BLOCK_SIZE  # read here, not at import: tests shrink it
        if block_size < 1:
            raise ValueError("block_size must be positive")
        self.block_size = block_size
        self._buffer: list[T] = []
        self._file: IO[bytes] | None = None
        self._offsets: list[int] = []  # file offset of each spilled block
        self._starts: list[int] = []   # index of each spilled block's first item
        self._spilled = 0
        self._cached: tuple[int, list[T]] | None = None  # the last block read back, for indexing
        self.extend(items)

    def append(self, item: T) -> None:
        self._buffer.append(item)
        if len(self._buffer) >= self.block_size:
            self._spill()

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="mtreview-spill-")
        file = self._file
        file.seek(0, 2)
        self._offsets.append(file.tell())
        self._starts.append(self._spilled)
        pickle.dump(self._buffer, file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += len(self._buffer)
        self._buffer = []

    @property
    def spilled(self) -> bool:
        return self._file is not None

    def _read_block(self, number: int) -> list[T]:
        if self._cached is not None and self._cached[0] == number:
            return self._cached[1]
        block = self._load(self._offsets[number])
        self._cached = (number, block)
        return block

    def _load(self, offset: int) -> list[T]:
        # Only called for a spilled block, so the file exists; pickle gives back what _spill wrote.
        assert self._file is not None
        self._file.seek(offset)
        return cast(list[T], pickle.load(self._file))

    def blocks(self) -> Iterator[list[T]]:
        """The items in order, a block (a list of at most block_size items) at a time."""
        for number in range(len(self._offsets)):
            # read fresh, not through the cache: a walk over all blocks must not pin one in memory
            yield self._load(self._offsets[number])
        if self._buffer:
            yield list(self._buffer)

    def __iter__(self) -> Iterator[T]:
        for block in self.blocks():
            yield from block

    def __len__(self) -> int:
        return self._spilled + len(self._buffer)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and start == 0:
                return list(islice(self, stop))
            return [self[i] for i in range(start, stop, step)]
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError("SpillList index out of range")
        if index >= self._spilled:
            return self._buffer[index - self._spilled]
        number = bisect.bisect_right(self._starts, index) - 1
        return self._read_block(number)[index - self._starts[number]]

    def take(self, indexes: Iterable[int]) -> dict[int, T]:
        """The items at these positions, read in one pass over the blocks."""
        wanted = sorted(set(indexes))
        found: dict[int, T] = {}
        if not wanted:
            return found
        position, cursor = 0, 0
        for block in self.blocks():
            end = position + len(block)
            while cursor < len(wanted) and wanted[cursor] < end:
                found[wanted[cursor]] = block[wanted[cursor] - position]
                cursor += 1
            if cursor == len(wanted):
                break
            position = end
        return found

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, SpillList)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like list: unhashable

    def __repr__(self) -> str:
        return f"SpillList({len(self)} items, {len(self._offsets)} block(s) on disk)"

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._buffer, self._offsets, self._starts, self._spilled, self._cached = [], [], [], 0, None

    def __getstate__(self) -> dict[str, Any]:
        # Sent to another process (a worker): as a plain list; a file handle cannot travel.
        return {"items": list(self), "block_size": self.block_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        SpillList.__init__(self, state["items"], block_size=state["block_size"])


def blocks_of(items: Sequence[T] | Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """Any sequence or iterable in blocks: a SpillList's own blocks, or runs of BLOCK_SIZE items."""
    if isinstance(items, SpillList):
        yield from items.blocks()
        return
    size = size or BLOCK_SIZE
    iterator = iter(items)
    while block := list(islice(iterator, size)):
        yield block
