"""Which encoding a Chinese or English text file is in: BOMs first, then strict UTF-8, then UTF-16
without a BOM, then GB18030 (which covers GBK and GB2312) against Big5.

GB18030 decodes almost any byte string, so a clean decode proves little; both legacy decodings are
tried and the one whose Chinese characters are more often among the common characters of its own
script wins (GB2312 level 1, the 3,755 most used Simplified characters, against Big5's 5,401
frequently used Traditional characters). No dependency beyond Python's codecs.
"""

from __future__ import annotations

import codecs
import io
from collections import Counter
from dataclasses import dataclass
from typing import BinaryIO

UTF8, UTF8_BOM, UTF16, GB18030, BIG5 = "UTF-8", "UTF-8 with BOM", "UTF-16", "GB18030", "Big5"
# Encodings a reader cannot be sure of: a corpus says which one it assumed.
GUESSED = (GB18030, BIG5, "UTF-16LE (no BOM)", "UTF-16BE (no BOM)")


class BinaryDataError(ValueError):
    """NUL bytes that are not UTF-16: not a text file."""


class UndecodableError(ValueError):
    """Neither UTF-8 nor UTF-16 nor a Chinese legacy encoding; carries the first bad UTF-8 byte."""

    def __init__(self, byte: int, offset: int) -> None:
        self.byte, self.offset = byte, offset
        super().__init__(f"not UTF-8 text (byte 0x{byte:02x} at offset {offset})")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # one of the names above

    @property
    def guessed(self) -> bool:
        return self.encoding in GUESSED


def _utf16_order(sample: bytes, size: int) -> str | None:
    """The UTF-16 byte order under which the text reads as text (ASCII, CJK, punctuation), if any,
    from the file's first 8192 bytes and its size."""
    if size % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        plain = sum(1 for char in text if char.isprintable() or char in "\t\r\n")
        textual = sum(1 for char in text if char.isascii() or _is_cjk(char) or "\u3000" <= char <= "\u303f"
                      or "\uff00" <= char <= "\uffef")
        if text and plain == len(text) and textual >= 0.9 * len(text):
            return codec
    return None


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _common_counts(text: str, codec: str, low: bytes, high: bytes, known: dict[str, bool]) -> tuple[int, int]:
    """(common, total): the text's CJK characters, and those whose code in `codec` lies in [low, high].
    `known` remembers the answer per character across calls (a few thousand distinct characters)."""
    common = total = 0
    for char, count in Counter(text).items():  # counted in C, no list of characters
        if not _is_cjk(char):
            continue
        total += count
        is_common = known.get(char)
        if is_common is None:
            try:
                code = char.encode(codec)
            except UnicodeEncodeError:
                is_common = False
            else:
                is_common = len(code) == 2 and low <= code <= high
            known[char] = is_common
        if is_common:
            common += count
    return common, total


# The legacy candidates: name, decoding codec, the codec and range whose codes are the common characters.
_LEGACY = ((GB18030, "gb18030", "gb2312", b"\xb0\xa1", b"\xd7\xf9"),
           (BIG5, "cp950", "cp950", b"\xa4\x40", b"\xc6\x7e"))


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes; raises UndecodableError when no supported encoding fits (the decision is
    scan's, made on the bytes in memory)."""
    scanned = scan(io.BytesIO(data))
    return Decoded(data[scanned.start:].decode(scanned.codec), scanned.encoding)


# --- the decision, streamed: a file of any size read a chunk at a time -------------------------------

CHUNK = 1 << 20  # bytes read at a time when scanning


@dataclass(frozen=True)
class Scanned:
    """The encoding of a file's bytes, found by reading it a chunk at a time, and what a reader needs
    to know before reading the text line by line."""

    codec: str  # the Python codec that reads the text (from `start`)
    encoding: str  # one of the names above, as Decoded.encoding
    start: int  # byte offset where the text begins: 3 after a UTF-8 BOM, else 0 (the UTF-16 codec reads its BOM)
    empty: bool  # nothing but whitespace
    newlines: int  # line breaks, \r\n, \r and \n counting one each
    final_newline: bool  # the text ends with a line break

    @property
    def guessed(self) -> bool:
        return self.encoding in GUESSED

    @property
    def lines(self) -> int:
        """Lines as text.split("\n") gives them without the empty piece after a final line break."""
        return self.newlines + (0 if self.final_newline else 1)


def _read_through(file: BinaryIO, codec: str, start: int, chunk_size: int,
                  share: tuple[str, bytes, bytes] | None = None) -> tuple[bool, int, bool, float]:
    """Decode the file from `start` in chunks: (empty, newlines, final newline, common share).

    Raises UnicodeDecodeError as bytes[start:].decode(codec) would, its start the offset in those bytes."""
    inner = codecs.getincrementaldecoder(codec)("strict")
    decoder = io.IncrementalNewlineDecoder(inner, translate=True)
    file.seek(start)
    fed = 0  # bytes given to the decoder so far
    empty, newlines, last = True, 0, ""
    common = total = 0
    known: dict[str, bool] = {}
    while True:
        chunk = file.read(chunk_size)
        pending = len(inner.getstate()[0])  # bytes of an incomplete sequence held from the last chunk
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            at = fed - pending + error.start
            raise UnicodeDecodeError(error.encoding, error.object, at, at + error.end - error.start,
                                     error.reason) from None
        fed += len(chunk)
        if text:
            if empty and not text.isspace():
                empty = False
            newlines += text.count("\n")
            last = text[-1]
            if share is not None:
                counts = _common_counts(text, *share, known)
                common, total = common + counts[0], total + counts[1]
        if not chunk:
            return empty, newlines, last == "\n", (common / total if total else 0.0)


def scan(file: BinaryIO, *, chunk_size: int = CHUNK) -> Scanned:
    """The encoding of a seekable binary file, in memory bounded by a chunk; raises BinaryDataError,
    UndecodableError, or UnicodeDecodeError with the offset of the bad byte. The file is read through
    once, or, for a legacy encoding, once per candidate."""
    file.seek(0)
    head = file.read(8192)
    size = file.seek(0, io.SEEK_END)

    def through(codec: str, name: str, start: int = 0) -> Scanned:
        empty, newlines, final, _ = _read_through(file, codec, start, chunk_size)
        return Scanned(codec, name, start, empty, newlines, final)

    if head.startswith(b"\xef\xbb\xbf"):
        return through("utf-8", UTF8_BOM, 3)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return through("utf-16", UTF16)
    if b"\x00" in head:
        codec = _utf16_order(head, size)
        if codec:
            try:
                return through(codec, f"{codec[:6].upper()}{codec[7:].upper()} (no BOM)")
            except UnicodeDecodeError:
                pass
        raise BinaryDataError("NUL bytes")
    try:
        return through("utf-8", UTF8)
    except UnicodeDecodeError as error:
        bad = error
    candidates = []
    for name, codec, share_codec, low, high in _LEGACY:
        try:
            empty, newlines, final, share = _read_through(file, codec, 0, chunk_size, (share_codec, low, high))
        except UnicodeDecodeError:
            continue
        candidates.append((share, name, Scanned(codec, name, 0, empty, newlines, final)))
    if not candidates:
        file.seek(bad.start)
        raise UndecodableError(file.read(1)[0], bad.start)
    # Highest share wins; on a tie (no Chinese at all) GB18030, the mainland standard, first.
    return max(candidates, key=lambda item: (item[0], item[1] == GB18030))[2]
