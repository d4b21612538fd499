"""Which encoding a Chinese or English text file is in: BOMs first, then strict UTF-8, then UTF-16
without a BOM, then GB18030 (which covers GBK and GB2312) against Big5.

GB18030 decodes almost any byte string, so a clean decode proves little; both legacy decodings are
tried and the one whose Chinese characters are more often among the common characters of its own
script wins (GB2312 level 1, the 3,755 most used Simplified characters, against Big5's 5,401
frequently used Traditional characters). No dependency beyond Python's codecs.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order under which the text reads as text (ASCII, CJK, punctuation), if any."""
    if len(data) % 2:
        return None
    sample = data[:8192]
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


def _common_share(text: str, codec: str, low: bytes, high: bytes) -> float:
    """Share of the text's CJK characters whose code in `codec` lies in [low, high]: the common ones."""
    total = common = 0
    for char in text:
        if not _is_cjk(char):
            continue
        total += 1
        try:
            code = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(code) == 2 and low <= code <= high:
            common += 1
    return common / total if total else 0.0


def _legacy(data: bytes) -> Decoded | None:
    candidates = []
    for name, codec, low, high in ((GB18030, "gb18030", b"\xb0\xa1", b"\xd7\xf9"),
                                   (BIG5, "cp950", b"\xa4\x40", b"\xc6\x7e")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_common_share(text, codec if codec != "gb18030" else "gb2312", low, high), name, text))
    if not candidates:
        return None
    # Highest share wins; on a tie (no Chinese at all) GB18030, the mainland standard, first.
    share, name, text = max(candidates, key=lambda item: (item[0], item[1] == GB18030))
    return Decoded(text, name)


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes; raises UndecodableError when no supported encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="strict"), UTF8_BOM)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16"), UTF16)
    if b"\x00" in data[:8192]:
        codec = _utf16_without_bom(data)
        if codec:
            try:
                return Decoded(data.decode(codec), f"{codec[:6].upper()}{codec[7:].upper()} (no BOM)")
            except UnicodeDecodeError:
                pass
        raise BinaryDataError("NUL bytes")
    try:
        return Decoded(data.decode("utf-8"), UTF8)
    except UnicodeDecodeError as error:
        bad = error
    legacy = _legacy(data)
    if legacy is None:
        raise UndecodableError(data[bad.start], bad.start)
    return legacy
