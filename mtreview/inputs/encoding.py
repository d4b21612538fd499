"""Which encoding a Chinese or English text file is in: BOMs first, then strict UTF-8, then UTF-16
without a BOM, then GB18030 (which covers GBK and GB2312) against Big5. A file expected to hold English
(a target, a reference, a hypothesis: `expect="en"`) that is not UTF-8 is tried as Windows-1252, then
Latin-1, before the Chinese encodings, and read so whenever that reads as English (see _EnglishReading).

GB18030 decodes almost any byte string, so a clean decode proves little; both legacy decodings are
tried and the one whose Chinese characters are more often among the common characters of its own
script wins (GB2312 level 1, the 3,755 most used Simplified characters, against Big5's 5,401
frequently used Traditional characters). No dependency beyond Python's codecs.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import BinaryIO

UTF8, UTF8_BOM, UTF16, GB18030, BIG5 = "UTF-8", "UTF-8 with BOM", "UTF-16", "GB18030", "Big5"
CP1252, LATIN1 = "Windows-1252", "Latin-1"
# Encodings a reader cannot be sure of: a corpus says which one it assumed.
GUESSED = (GB18030, BIG5, CP1252, LATIN1, "UTF-16LE (no BOM)", "UTF-16BE (no BOM)")
# What a file is expected to hold: "en" (English: a target, a reference, a hypothesis), "zh" (a Chinese
# source) or None (both, or unknown: a TSV/CSV table).
ENGLISH, CHINESE = "en", "zh"


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


def decode(data: bytes, expect: str | None = None) -> Decoded:
    """Decode a file's bytes; raises UndecodableError when no supported encoding fits (the decision is
    scan's, made on the bytes in memory; `expect` as for scan)."""
    scanned = scan(io.BytesIO(data), expect=expect)
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


class _CommonShare:
    """Of a legacy decoding's Chinese characters, the share that are common characters of its script."""

    def __init__(self, codec: str, low: bytes, high: bytes) -> None:
        self.spec = (codec, low, high)
        self.known: dict[str, bool] = {}  # character -> whether common, as _common_counts found
        self.common = self.total = 0

    def add(self, text: str) -> None:
        common, total = _common_counts(text, *self.spec, self.known)
        self.common, self.total = self.common + common, self.total + total

    @property
    def share(self) -> float:
        return self.common / self.total if self.total else 0.0


# Non-ASCII characters English text in Windows-1252 or Latin-1 plausibly holds besides accented letters.
_ENGLISH_SYMBOLS = frozenset("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u2122\u2020\u2021"
                             "\u2030\u2039\u203a\u00a0\u00a3\u00a2\u00a5\u00a7\u00a9\u00ae\u00b0\u00b1\u00b7"
                             "\u00bd\u00bc\u00be\u00d7\u00ab\u00bb\u00b4\u00b5\u00b2\u00b3\u00b9\u00bf\u00a1\u00a6"
                             "\u00a8\u00aa\u00ac\u00ad\u00af\u00b6\u00b8\u00ba\u00a4")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


class _EnglishReading:
    """Whether a single-byte decoding (Windows-1252, Latin-1) of a file reads as English text.

    Chinese in GB18030 or Big5 is two bytes a character, each byte >= 0x80 in the common ranges: read as
    Windows-1252 it becomes runs of two or more accented letters and symbols ("ÖÐ¹ú", "¡°"). English with
    a curly apostrophe, an accent or a euro sign has its non-ASCII characters one at a time, inside or
    beside ASCII words ("China’s", "café", "€5"). So the text reads as English when most letters are
    ASCII, most non-ASCII runs are a single character, and there are no C1 control characters (Latin-1,
    read where Windows-1252 leaves a byte undefined: one stray byte, or one in 20 non-ASCII characters;
    GB18030's four-byte sequences, e.g. Korean, read as Latin-1 are single characters between digits,
    but a quarter of them C1 controls)."""

    def __init__(self, c1_allowed: float = 0.0) -> None:
        self.c1_allowed = c1_allowed  # C1 controls allowed per non-ASCII character (one always, if any)
        self.ascii_letters = self.other_letters = 0
        self.runs = self.single_runs = self.non_ascii = self.c1 = self.implausible = 0
        self.run = 0  # length of the non-ASCII run the last chunk ended in

    def add(self, text: str) -> None:
        """Count a chunk of text; the regular expressions do the per-character work in C."""
        self.ascii_letters += len(text) - len(_ASCII_LETTERS.sub("", text))
        position = 0  # where the text after the last run begins
        for match in _NON_ASCII_RUN.finditer(text):
            if match.start() > position:  # ASCII between: the run before (maybe from the last chunk) ended
                self._end_run()
            run = match.group()
            self.run += len(run)
            self.non_ascii += len(run)
            position = match.end()
            for char in run:
                if "\x80" <= char <= "\x9f":
                    self.c1 += 1
                elif char.isalpha():
                    self.other_letters += 1
                    if not "\u00c0" <= char <= "\u017f":
                        self.implausible += 1
                elif char not in _ENGLISH_SYMBOLS:
                    self.implausible += 1
        if position < len(text):
            self._end_run()

    def _end_run(self) -> None:
        if self.run:
            self.runs += 1
            self.single_runs += self.run == 1
            self.run = 0

    @property
    def english(self) -> bool:
        self._end_run()
        letters = self.ascii_letters + self.other_letters
        return (letters > 0 and self.ascii_letters >= 0.9 * letters
                and self.single_runs >= 0.7 * self.runs
                and self.implausible <= 0.05 * self.non_ascii
                and (self.c1 == 0 or (self.c1_allowed > 0 and self.c1 <= max(1.0, self.c1_allowed * self.non_ascii))))


def _read_through(file: BinaryIO, codec: str, start: int, chunk_size: int,
                  measure=None) -> tuple[bool, int, bool]:
    """Decode the file from `start` in chunks: (empty, newlines, final newline); each chunk of text is
    given to `measure.add` when there is a measure.

    Raises UnicodeDecodeError as bytes[start:].decode(codec) would, its start the offset in those bytes."""
    inner = codecs.getincrementaldecoder(codec)("strict")
    decoder = io.IncrementalNewlineDecoder(inner, translate=True)
    file.seek(start)
    fed = 0  # bytes given to the decoder so far
    empty, newlines, last = True, 0, ""
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
            if measure is not None:
                measure.add(text)
        if not chunk:
            return empty, newlines, last == "\n"


def scan(file: BinaryIO, *, chunk_size: int = CHUNK, expect: str | None = None) -> Scanned:
    """The encoding of a seekable binary file, in memory bounded by a chunk; raises BinaryDataError,
    UndecodableError, or UnicodeDecodeError with the offset of the bad byte. The file is read through
    once, or, for a legacy encoding, once per candidate. `expect`: ENGLISH for a file that should hold
    English (Windows-1252 and Latin-1 are tried before the Chinese encodings), else CHINESE or None."""
    file.seek(0)
    head = file.read(8192)
    size = file.seek(0, io.SEEK_END)

    def through(codec: str, name: str, start: int = 0) -> Scanned:
        empty, newlines, final = _read_through(file, codec, start, chunk_size)
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
    if expect == ENGLISH:
        western = _western(file, chunk_size)
        if western is not None:
            return western
    candidates = []
    for name, codec, share_codec, low, high in _LEGACY:
        share = _CommonShare(share_codec, low, high)
        try:
            empty, newlines, final = _read_through(file, codec, 0, chunk_size, share)
        except UnicodeDecodeError:
            continue
        candidates.append((share.share, name, Scanned(codec, name, 0, empty, newlines, final)))
    if not candidates:
        file.seek(bad.start)
        raise UndecodableError(file.read(1)[0], bad.start)
    # Highest share wins; on a tie (no Chinese at all) GB18030, the mainland standard, first.
    return max(candidates, key=lambda item: (item[0], item[1] == GB18030))[2]


def _western(file: BinaryIO, chunk_size: int) -> Scanned | None:
    """Windows-1252, else (bytes it leaves undefined) Latin-1, when that reads the file as English."""
    for name, codec, c1_allowed in ((CP1252, "cp1252", 0.0), (LATIN1, "latin-1", 0.05)):
        reading = _EnglishReading(c1_allowed)
        try:
            empty, newlines, final = _read_through(file, codec, 0, chunk_size, reading)
        except UnicodeDecodeError:
            continue
        return Scanned(codec, name, 0, empty, newlines, final) if reading.english else None
    return None
