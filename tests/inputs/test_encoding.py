"""Encodings of input files (UTF-8 with or without BOM, UTF-16, GB18030/GBK, Big5, Windows-1252): read
back as written, the guess noted, undecodable bytes refused."""

from __future__ import annotations

import io
import json
import random
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import (
    load_input,
    load_pairs_table,
    load_text_pair,
    read_text,
    read_text_detected,
)
from mtreview.inputs.encoding import BinaryDataError, UndecodableError, decode, scan
from tests.support.workspace import BASE_SOURCE, Workspace

SIMPLIFIED = "新华社北京2月10日电 国家主席习近平10日同白俄罗斯总统卢卡申科通电话。中方愿同白方一道，共建一带一路。\n"
TRADITIONAL = "新華社北京2月10日電 國家主席習近平10日同白俄羅斯總統盧卡申科通電話。中方願同白方一道，共建一帶一路。\n"


@pytest.mark.parametrize("codec, text, assumed", [
    ("utf-8", SIMPLIFIED, "UTF-8"),
    ("utf-8-sig", SIMPLIFIED, "UTF-8 with BOM"),
    ("utf-16", SIMPLIFIED, "UTF-16"),
    ("utf-16-le", SIMPLIFIED, "UTF-16LE (no BOM)"),
    ("gb18030", SIMPLIFIED, "GB18030"),
    ("gbk", SIMPLIFIED, "GB18030"),
    ("big5", TRADITIONAL, "Big5"),
    ("utf-8", TRADITIONAL, "UTF-8"),
])
def test_the_same_text_reads_back_identical_with_the_encoding_assumed(tmp_path: Path, codec, text, assumed):
    path = tmp_path / "source.zh.txt"
    path.write_bytes(text.encode(codec))
    assert read_text_detected(path) == (text, assumed)
    assert read_text(path) == text


def test_a_guessed_encoding_is_reported_in_the_corpus_notes(tmp_path: Path):
    source, target = tmp_path / "s.zh.txt", tmp_path / "t.en.txt"
    source.write_bytes(TRADITIONAL.encode("big5"))
    target.write_text("BEIJING, Feb. 10 -- President Xi Jinping spoke with Belarusian President Lukashenko by "
                      "phone on Thursday. China is ready to work with Belarus on the Belt and Road.\n", encoding="utf-8")
    corpus = load_text_pair(source, target)
    assert corpus.notes == ["read s.zh.txt as Big5 (not UTF-8); check the text if it looks garbled"]
    table = tmp_path / "pairs.tsv"
    table.write_bytes("id\tsource\ttarget\n1\t中方愿同白方一道\tChina is ready to work with Belarus\n".encode("gbk"))
    corpus = load_pairs_table(table)
    assert corpus.pairs[0].source == "中方愿同白方一道"
    assert corpus.notes == ["read pairs.tsv as GB18030 (not UTF-8); check the text if it looks garbled"]
    utf8 = tmp_path / "plain.tsv"
    utf8.write_text("id\tsource\ttarget\n1\t中方\tChina\n", encoding="utf-8-sig")
    assert load_input([utf8]).notes == []


def test_bytes_that_are_no_supported_encoding_are_refused(tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xc3\x28 \xff\xfe\xfd")
    with pytest.raises(InputError, match="not UTF-8 text .* nor GB18030 or Big5"):
        read_text(path)


def test_gbk_source_is_refused_or_read_with_a_note(ws: Workspace):
    """Documented recovery (encoding detection): a GBK file is read, and the run says which encoding it
    assumed. Before detection existed: a clear error. Either is acceptable; a garbled silent read is not."""
    gbk = ws.write("gbk.zh.txt", BASE_SOURCE.encode("gbk"))
    result = ws.run("review", gbk, ws.root / "base.en.txt")
    if result.exit_code == 2:
        ws.assert_refused(result, str(gbk), "UTF-8")
        return
    assert result.exit_code == 0, result.output
    assert any(name in result.stdout for name in ("GB18030", "GBK", "GB2312")), result.stdout
    assert "中国和白俄罗斯是好朋友" in _history_sources(ws.history)  # decoded right, not garbled


def _history_sources(history: Path) -> str:
    with sqlite3.connect(history) as conn:
        return " ".join(row[0] for row in conn.execute("SELECT source FROM pairs"))


def test_undecodable_bytes_are_refused(ws: Workspace):
    junk = ws.write("junk.en.txt", b"China \xff\xfe\xfa\xfb and \x80\x81\xc0 Belarus" * 10 + b"\xff")
    result = ws.run("review", ws.root / "base.zh.txt", junk)
    if result.exit_code == 0:  # a legacy decoding was assumed: the run must say so
        assert "Note: read junk.en.txt as" in result.stdout
        return
    ws.assert_refused(result, str(junk))


runner = CliRunner()


# --- an English file is read as English ----------------------------------------------------------

ENGLISH = ("China’s economy grew 5% in the café district of Beijing, costing €3 billion.\n\n"
           "The “Belt and Road” forum ends on Friday — officials said.\n")
CHINESE = "中国经济在北京的咖啡馆区增长了5%，耗资30亿欧元。\n\n“一带一路”论坛周五闭幕，官员说。\n"


def test_a_windows_1252_target_is_read_as_english_and_noted_by_check(tmp_path: Path):
    source, target = tmp_path / "source.zh.txt", tmp_path / "target.en.txt"
    source.write_text(CHINESE, encoding="utf-8")
    target.write_bytes(ENGLISH.encode("cp1252"))
    assert read_text_detected(target, "en") == (ENGLISH, "Windows-1252")
    corpus = load_text_pair(source, target)
    assert "China’s" in corpus.pairs[0].target and "抯" not in corpus.pairs[0].target
    assert "read target.en.txt as Windows-1252 (not UTF-8); check the text if it looks garbled" in corpus.notes
    result = runner.invoke(app, ["check", str(source), str(target), "--format", "jsonl"])
    assert result.exit_code == 0
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    assert not [f for f in findings if "untranslated" in f["check"] or f["check"] == "identical-to-source"]
    assert "Note: read target.en.txt as Windows-1252" in result.stderr
    result = runner.invoke(app, ["align", str(source), str(target)])
    assert "China’s" in result.stdout and "Note: read target.en.txt as Windows-1252" in result.stderr


def test_score_notes_a_guessed_encoding_on_stderr(tmp_path: Path):
    hypothesis, reference = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hypothesis.write_bytes("China’s café grew.\n".encode("cp1252"))
    reference.write_text("China’s café grew.\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(hypothesis), "--ref", str(reference), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["bleu"]["corpus"] == pytest.approx(100.0)
    assert "Note: read hyp.txt as Windows-1252" in result.stderr


@pytest.mark.parametrize("expect", [None, "zh", "en"])
def test_chinese_legacy_files_still_read_as_gb18030_and_big5(tmp_path: Path, expect):
    path = tmp_path / "text.txt"
    path.write_bytes(CHINESE.encode("gb18030"))
    assert read_text_detected(path, expect) == (CHINESE, "GB18030")
    traditional = "新華社北京2月10日電 國家主席習近平同白俄羅斯總統盧卡申科通電話。\n"
    path.write_bytes(traditional.encode("big5"))
    assert read_text_detected(path, expect) == (traditional, "Big5")


def test_english_with_gbk_quotes_or_a_stray_byte(tmp_path: Path):
    path = tmp_path / "target.en.txt"
    # Saved on a Chinese Windows: ASCII English with GBK curly quotes, two bytes each: not Windows-1252.
    text = "The “Belt and Road” forum ends on Friday, officials said.\n"
    path.write_bytes(text.encode("gbk"))
    assert read_text_detected(path, "en") == (text, "GB18030")
    # An English file with a byte Windows-1252 leaves undefined is read as Latin-1.
    path.write_bytes("Caf\xe9 prices rose.\x81\n".encode("latin-1"))
    assert read_text_detected(path, "en") == ("Caf\xe9 prices rose.\x81\n", "Latin-1")


def test_wmt23_outputs_in_windows_1252_and_gb18030_read_back_as_written(shared_data: Path):
    """Every system's English in Windows-1252 reads as Windows-1252; in GB18030 (some hold Chinese, Korean
    or Japanese) it still reads as GB18030 when English is expected; the source in GB18030 or Big5 as before."""
    from mtreview.inputs.encoding import decode

    wmt = shared_data / "wmt23-zh-en"
    for system in sorted((wmt / "system-outputs").glob("*.txt")):
        text = system.read_text(encoding="utf-8")
        western = text.encode("cp1252", errors="replace")
        decoded = decode(western, "en")
        assert (decoded.text, decoded.encoding) == (western.decode("cp1252"), "Windows-1252"), system.name
        assert decode(text.encode("gb18030"), "en").encoding == "GB18030", system.name
    source = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8")
    for codec, name in (("gb18030", "GB18030"), ("big5", "Big5")):
        for expect in (None, "zh", "en"):
            assert decode(source.encode(codec, errors="replace"), expect).encoding == name


# --- the encoding scan ----------------------------------------------------------------------------


def _decided(data: bytes, chunk_size: int | None = None):
    try:
        if chunk_size is None:
            decoded = decode(data)
            text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
            return decoded.encoding, not text.strip(), text.count("\n"), text.endswith("\n")
        scanned = scan(io.BytesIO(data), chunk_size=chunk_size)
        return scanned.encoding, scanned.empty, scanned.newlines, scanned.final_newline
    except (BinaryDataError, UndecodableError) as error:
        return type(error).__name__, str(error)
    except UnicodeDecodeError as error:
        return "UnicodeDecodeError", error.encoding, error.start


def test_the_chunked_scan_decides_as_decoding_the_whole_file():
    """Same encoding, same verdict on emptiness and lines, same errors at the same offsets, whatever the
    chunk size (a chunk may end inside a character or between \\r and \\n)."""
    random.seed(1105)
    pieces = ["中国和白俄罗斯是好朋友。", "國家主席習近平", "abc", " ", "\n", "\r\n", "\r", "\t", "\u3000"]
    seen = set()
    for _ in range(1500):
        text = "".join(random.choice(pieces) for _ in range(random.randint(0, 12)))
        codec = random.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5"])
        try:
            data = bytearray(text.encode(codec))
        except UnicodeEncodeError:
            continue
        for _ in range(random.choice([0, 0, 1, 2])):  # damage
            if data:
                data[random.randrange(len(data))] = random.randrange(256)
        data = bytes(data)
        whole = _decided(data)
        seen.add(whole[0])
        for chunk_size in (1, 2, 3, 5, 1 << 20):
            assert _decided(data, chunk_size) == whole, (data, chunk_size)
    assert seen >= {"UTF-8", "UTF-8 with BOM", "UTF-16", "UTF-16LE (no BOM)", "GB18030", "Big5",
                    "BinaryDataError", "UndecodableError", "UnicodeDecodeError"}
