"""Text files read as every input is read: the encoding detected (mtreview.inputs.encoding), what can go
wrong turned into one-line InputErrors, and a corpus note when the encoding was a guess."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from mtreview.errors import InputError

if TYPE_CHECKING:
    from mtreview.inputs.encoding import Scanned


def read_text(path: Path, expect: str | None = None) -> str:
    """A text file's content; UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5, or for an English
    file Windows-1252 or Latin-1 (see read_text_detected)."""
    return read_text_detected(path, expect)[0]


@contextmanager
def _reading(path: Path):
    """Turns what can go wrong opening, reading and decoding a text file into one-line InputErrors."""
    from mtreview.inputs.encoding import BinaryDataError, UndecodableError

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
    """A text file's content and the encoding it was read as (mtreview.inputs.encoding names: "UTF-8", "GB18030", ...).
    `expect`: "en" for a file that should hold English (a target, a reference), "zh" for a Chinese source,
    None when unknown or both (see mtreview.inputs.encoding.scan)."""
    from mtreview.inputs.encoding import decode

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
    from mtreview.inputs.encoding import scan

    path = Path(path)
    with _reading(path):
        file: BinaryIO = open(path, "rb")
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


def encoding_note(path: Path | str, encoding: str) -> list[str]:
    """A corpus note when the encoding was a guess (legacy Chinese encodings, UTF-16 without BOM)."""
    from mtreview.inputs.encoding import GUESSED

    return [f"read {Path(path).name} as {encoding} (not UTF-8); check the text if it looks garbled"] \
        if encoding in GUESSED else []
