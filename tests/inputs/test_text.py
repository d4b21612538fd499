"""Text files (mtreview.inputs.text): empty, binary and undecodable files refused, UTF-16 and CRLF read."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import read_text
from tests.support.workspace import BASE_SOURCE, BASE_TARGET, PNG, Workspace


def test_undecodable_and_binary_files_are_refused(tmp_path: Path):
    # GBK is read now (as GB18030, see tests/inputs/test_encoding.py); bytes no encoding explains are not.
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xc3\x28 \xff\xfe\xfd")
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_text(bad)
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(InputError, match="binary"):
        read_text(binary)


def test_utf16_with_bom_and_crlf_are_read(tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes("第一段。\r\n\r\n第二段。\r\n".encode("utf-16"))
    assert read_text(path) == "第一段。\n\n第二段。\n"


# --- empty, binary, wrong encoding ----------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
@pytest.mark.parametrize("side", ["source", "target"])
def test_empty_text_file_is_refused(ws: Workspace, side: str, content: str):
    empty = ws.write(f"empty.{side}.txt", content)
    good = ws.write(f"good.{'target' if side == 'source' else 'source'}.txt", BASE_SOURCE if side == "target" else BASE_TARGET)
    args = (empty, good) if side == "source" else (good, empty)
    ws.assert_refused(ws.run("review", *args), str(empty), "empty")


def test_binary_file_is_refused(ws: Workspace):
    image = ws.write("photo.en.txt", PNG)
    ws.assert_refused(ws.run("review", ws.root / "base.zh.txt", image), str(image), "binary")
