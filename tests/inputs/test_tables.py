"""Inputs read incrementally into a SpillList (mtreview.spill): TSV/CSV tables, line-aligned files and TMX
give the same pairs, notes and errors as reading the whole file first, in memory that does not grow with
the input; and paragraph offsets kept as runs, not one int per character."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

import mtreview.spill
from mtreview.errors import InputError
from mtreview.inputs import IdLedger, load_input, load_line_aligned, load_pairs_table
from mtreview.inputs.encoding import BinaryDataError, UndecodableError, decode, scan
from mtreview.records import Pair
from mtreview.spill import SpillList
from tests.support.paths import REPO, XINHUA

BLOCK = 7


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 7 pairs, so a few dozen rows already spill to disk."""
    monkeypatch.setattr(mtreview.spill, "BLOCK_SIZE", BLOCK)


def _sentences() -> list[tuple[str, str, str]]:
    """Real (source, target, reference) sentences: the Xinhua corpus, aligned, one line each."""
    from mtreview.inputs import load_corpus_dir

    pairs = load_corpus_dir(XINHUA).pairs
    return [(p.source.replace("\n", " "), p.target.replace("\n", " "), p.reference or "") for p in pairs]


# --- tables ---------------------------------------------------------------------------------------


def _expected_tsv(text: str) -> list[Pair]:
    """The pairs of an unquoted TSV, parsed here independently of mtreview: comment lines, header, rows."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines[0].startswith("#"):
        lines.pop(0)
    header = [column.strip().lower() for column in lines.pop(0).split("\t")]
    pairs = []
    for line in lines:
        if not line.strip():
            continue
        row = dict(zip(header, line.split("\t")))
        references = tuple(row[c] for c in header if c.startswith("reference") and row[c].strip())
        pairs.append(Pair(id=row["id"].strip(), source=row["source"], target=row["target"], references=references))
    return pairs


def _table_text(rows: int) -> str:
    sentences = _sentences()
    lines = ["# provenance: Xinhua, 2022", "id\tsource\ttarget\treference"]
    for i in range(rows):
        source, target, reference = sentences[i % len(sentences)]
        lines.append(f"p{i}\t{source}\t{target} \"{i}\"\t{reference if i % 3 else ''}")
        if i % 11 == 5:
            lines.append("")  # a blank row, skipped
    return "\r\n".join(lines) + "\r\n"


def test_a_tsv_longer_than_a_block_streams_into_a_spill_list(tmp_path: Path, small_blocks):
    text = _table_text(60)
    path = tmp_path / "pairs.tsv"
    path.write_text(text, encoding="utf-8", newline="")
    corpus = load_pairs_table(path)
    assert isinstance(corpus.pairs, SpillList) and corpus.pairs.block_size == BLOCK
    assert corpus.pairs.spilled
    expected = _expected_tsv(text)
    assert len(expected) == 60
    assert list(corpus.pairs) == expected
    assert corpus.pairs[59] == expected[59] and corpus.pairs[3] == expected[3]
    assert corpus.notes == []


def test_a_table_in_a_legacy_encoding_streams_the_same_and_says_so(tmp_path: Path, small_blocks):
    text = _table_text(30)
    path = tmp_path / "pairs.tsv"
    path.write_bytes(text.encode("gb18030"))
    corpus = load_pairs_table(path)
    assert corpus.pairs.spilled and list(corpus.pairs) == _expected_tsv(text)
    assert corpus.notes == ["read pairs.tsv as GB18030 (not UTF-8); check the text if it looks garbled"]


def test_a_csv_with_quoted_line_breaks_keeps_its_line_numbers(tmp_path: Path, small_blocks):
    rows = ["id,source,target"] + [f'{i},"中方愿同白方一道,\r\n加大支持{i}","China will work with Belarus, and {i}"'
                                   for i in range(20)]
    rows.append("20,中方,China,extra")  # line 2 + 20 * 2 = 42
    path = tmp_path / "pairs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    with pytest.raises(InputError) as error:
        load_pairs_table(path)
    assert error.value.line == 42 and "4 fields, the header has 3" in str(error.value)
    path.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8-sig")
    pairs = load_pairs_table(path).pairs
    assert pairs.spilled and len(pairs) == 20
    assert pairs[19].source == "中方愿同白方一道,\n加大支持19" and pairs[19].target == "China will work with Belarus, and 19"


def test_errors_are_those_of_reading_the_whole_table_first(tmp_path: Path, small_blocks):
    path = tmp_path / "pairs.tsv"
    base = _table_text(40).replace("\r\n", "\n").rstrip("\n").split("\n")  # header on line 2, p0 on line 3

    def refused(lines: list[str]) -> InputError:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(InputError) as error:
            load_pairs_table(path)
        return error.value

    line_of = {line.split("\t")[0]: number for number, line in enumerate(base, 1) if line}
    # A repeat far past the first block names its line and the first one's.
    repeated = base + ["p3\t中方。\tChina.\t"]
    error = refused(repeated)
    assert (error.line, error.problem) == (len(repeated), f"duplicate id 'p3' (first on line {line_of['p3']})")
    # A malformed row wins over an earlier repeat, as when the rows were all read before the ids.
    error = refused(repeated + ["p99\tonly two"])
    assert error.line == len(repeated) + 1 and error.problem == "2 fields, the header has 4"
    # The first of an empty id and a repeat, in row order.
    error = refused(base[:10] + ["  \t中方。\tChina.\t"] + base[10:] + ["p3\t中方。\tChina.\t"])
    assert (error.line, error.problem) == (11, "empty id")
    error = refused(base[:10] + ["p3\t中方。\tChina.\t"] + base[10:] + ["  \t中方。\tChina.\t"])
    assert error.problem.startswith("duplicate id 'p3'") and error.line == 11
    assert refused(base[:2]).problem == "has a header but no rows"
    assert refused(["# only a comment"]).problem == "has no header line"


def test_a_hash_collision_is_not_taken_for_a_repeated_id(tmp_path: Path, small_blocks, monkeypatch):
    monkeypatch.setattr(IdLedger, "hash_of", staticmethod(len))  # every id of one length collides
    path = tmp_path / "pairs.tsv"
    rows = [f"q{i:02d}\t中方。\tChina.\n" for i in range(30)]
    path.write_text("id\tsource\ttarget\n" + "".join(rows), encoding="utf-8")
    assert [p.id for p in load_pairs_table(path).pairs] == [f"q{i:02d}" for i in range(30)]
    path.write_text("id\tsource\ttarget\n" + "".join(rows) + "q17\t中方。\tChina.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":32: duplicate id 'q17' \(first on line 19\)"):
        load_pairs_table(path)


def test_random_tables_read_as_the_whole_file_reading_did(tmp_path: Path, small_blocks):
    """Against an in-test copy of the reader before streaming (the whole text, csv over a StringIO)."""
    random.seed(20240611)
    cells = ["a", "", " ", "中文", 'say "hi"', '"q, r"', "x\ty", "p,q", '"multi\nline"', "#c", "\u3000"]
    heads = [["id", "source", "target"], ["id", "source", "target", "reference"], ["ID", " Source ", "target", "reference",
             "reference2"], ["id", "source", "target", "reference", "reference"], ["id", "source"]]
    for trial in range(400):
        suffix = random.choice([".tsv", ".csv"])
        separator = "," if suffix == ".csv" else "\t"
        header = random.choice(heads)
        lines = ["# note"] * random.choice([0, 1, 2]) + [separator.join(header)]
        for r in range(random.randint(0, 12)):
            if random.random() < 0.1:
                lines.append(random.choice(["", "  ", separator * (len(header) - 1)]))
                continue
            width = len(header) + (random.choice([-1, 1]) if random.random() < 0.03 else 0)
            pair_id = f"u{r}" if random.random() < 0.9 else random.choice(["u1", " u2", "", "u1 "])
            lines.append(separator.join([pair_id] + [random.choice(cells) for _ in range(width - 1)]))
        text = random.choice(["\n", "\r\n", "\r"]).join(lines) + random.choice(["", "\n", "\r\n"])
        path = tmp_path / f"t{trial}{suffix}"
        path.write_bytes(text.encode(random.choice(["utf-8", "utf-8-sig", "utf-16", "gb18030"])))
        assert _outcome(load_pairs_table, path) == _outcome(_whole_file_table, path), text


def _outcome(load, *args):
    try:
        corpus = load(*args)
    except InputError as error:
        return str(error)
    return list(corpus.pairs), corpus.notes


def _whole_file_table(path: Path):
    """mtreview.inputs.load_pairs_table as it was before streaming (kept here as the reference)."""
    import csv

    from mtreview.inputs import Corpus, encoding_note, read_text_detected

    text, encoding = read_text_detected(path)
    notes = encoding_note(path, encoding)
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    if path.suffix == ".csv":
        reader = csv.reader(io.StringIO("\n".join(lines[skip:])))
    else:
        reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise InputError(path, "has no header line") from None
    missing = [column for column in ("id", "source", "target") if column not in header]
    if missing:
        raise InputError(path, f"header lacks column(s) {', '.join(missing)}; found: {', '.join(header)}", skip + 1)
    rows = []
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InputError(path, f"unreadable row: {error}", skip + reader.line_num) from None
        number = skip + reader.line_num
        if not fields or not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            raise InputError(path, f"{len(fields)} fields, the header has {len(header)}", number)
        rows.append((number, dict(zip(header, fields))))
    if not rows:
        raise InputError(path, "has a header but no rows")
    reference_columns = [c for c in rows[0][1] if c.startswith("reference")]
    pairs, seen = [], {}
    for number, row in rows:
        pair_id = row["id"].strip()
        if not pair_id:
            raise InputError(path, "empty id", number)
        if pair_id in seen:
            raise InputError(path, f"duplicate id {pair_id!r} (first on line {seen[pair_id]})", number)
        seen[pair_id] = number
        references = tuple(row[c] for c in reference_columns if row[c].strip())
        pairs.append(Pair(id=pair_id, source=row["source"], target=row["target"], references=references))
    return Corpus(name=path.stem, pairs=pairs, origin=path, notes=notes)


# --- line-aligned files ---------------------------------------------------------------------------


def test_line_aligned_files_longer_than_a_block_stream_in_step(tmp_path: Path, small_blocks):
    sentences = _sentences()
    hypotheses = [sentences[i % len(sentences)][1] + f" {i}" for i in range(50)]
    references = [sentences[i % len(sentences)][2] or sentences[i % len(sentences)][0] for i in range(50)]
    hypotheses[10] = ""  # an empty line is an empty segment
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\r\n".join(hypotheses) + "\r\n", encoding="utf-8", newline="")
    ref.write_bytes("\n".join(references).encode("utf-16"))  # no final line break: still 50 lines
    corpus = load_line_aligned(hyp, [ref])
    assert corpus.pairs.spilled
    assert list(corpus.pairs) == [Pair(id=str(i + 1), source="", target=h, references=(r,))
                                  for i, (h, r) in enumerate(zip(hypotheses, references))]
    assert [p.target for p in load_line_aligned(hyp, []).pairs] == hypotheses


def test_line_aligned_count_mismatch_names_the_file(tmp_path: Path, small_blocks):
    hyp, good, short = tmp_path / "hyp.txt", tmp_path / "good.txt", tmp_path / "short.txt"
    hyp.write_text("".join(f"line {i}\n" for i in range(30)), encoding="utf-8")
    good.write_text("".join(f"ref {i}\n" for i in range(30)), encoding="utf-8")
    short.write_text("".join(f"ref {i}\n" for i in range(29)) + "\n\n", encoding="utf-8")  # 31 lines
    with pytest.raises(InputError) as error:
        load_line_aligned(hyp, [good, short])
    assert str(error.value) == f"{short}: 31 lines, but {hyp} has 30"
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        load_line_aligned(hyp, [empty])


def test_a_pipe_is_read_too(tmp_path: Path):
    """A named pipe (as `<(...)` gives) cannot be scanned twice: it is read into memory, as before."""
    fifo = tmp_path / "hyp.fifo"
    try:
        import os

        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no named pipes here")
    writer = threading.Thread(target=lambda: fifo.write_text("a b c\nd e f\n", encoding="utf-8"))
    writer.start()
    try:
        pairs = load_line_aligned(fifo, []).pairs
    finally:
        writer.join(10)
    assert [p.target for p in pairs] == ["a b c", "d e f"]


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


# --- TMX ------------------------------------------------------------------------------------------


def _whole_tree_tmx(path: Path) -> tuple[list[Pair], list[str]]:
    """The TMX reader before streaming: the whole tree parsed, then its units (kept here as the reference)."""
    import defusedxml.ElementTree as SafeElementTree

    from mtreview.formats._xml import inline_text, local
    from mtreview.formats.tmx import _lang, _notes

    root = SafeElementTree.parse(str(path)).getroot()
    header = next((child for child in root if local(child.tag) == "header"), None)
    srclang = (header.get("srclang", "") if header is not None else "").lower()
    body = next(child for child in root if local(child.tag) == "body")
    pairs, seen, skipped = [], set(), 0
    for number, unit in enumerate((child for child in body if local(child.tag) == "tu"), 1):
        source = target = None
        for variant in unit:
            if local(variant.tag) != "tuv":
                continue
            lang = _lang(variant)
            seg = next((child for child in variant if local(child.tag) == "seg"), None)
            if seg is None:
                continue
            if source is None and lang.startswith("zh"):
                source = inline_text(seg).strip()
            elif target is None and lang.startswith("en"):
                target = inline_text(seg).strip()
        if source is None or target is None:
            skipped += 1
            continue
        pair_id = (unit.get("tuid") or "").strip() or str(number)
        base, k = pair_id, 1
        while pair_id in seen:
            k += 1
            pair_id = f"{base}#{k}"
        seen.add(pair_id)
        pairs.append(Pair(id=pair_id, source=source, target=target, notes=_notes(unit)))
    return pairs, [srclang, skipped]


def test_tico19_tmx_streams_the_same_pairs_as_the_whole_tree(shared_data: Path, monkeypatch):
    monkeypatch.setattr(mtreview.spill, "BLOCK_SIZE", 500)
    path = shared_data / "glossaries" / "tico19" / "all.en-zh.tmx"
    corpus = load_input([path])
    assert isinstance(corpus.pairs, SpillList) and corpus.pairs.spilled
    assert len(corpus.pairs) == 3071 and len({pair.id for pair in corpus.pairs}) == 3071
    assert corpus.pairs[0].id == "CMU_1:1"
    expected, (srclang, skipped) = _whole_tree_tmx(path)
    assert list(corpus.pairs) == expected
    assert srclang == "en" and any("srclang is en" in note for note in corpus.notes)
    assert any(f"{skipped} translation unit(s)" in note for note in corpus.notes) == bool(skipped)


def _tmx(units: list[tuple[str | None, str, str]]) -> str:
    body = "".join(f'<tu{"" if tuid is None else f" tuid={json.dumps(tuid)}"}><note>n</note>'
                   f'<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n'
                   for tuid, zh, en in units)
    return f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>\n{body}</body></tmx>\n'


def test_repeated_tmx_ids_are_renamed_as_before(tmp_path: Path, small_blocks, monkeypatch):
    random.seed(77)
    atoms = ["a", "b", "a#2", "a#3", "a#2#2", "b#2", "1", "2", "1#2", "a#x", "#2", "a#", None, None]
    path = tmp_path / "tm.tmx"
    for trial in range(60):
        if trial == 30:  # and with every id colliding in the hash, still exact
            monkeypatch.setattr(IdLedger, "hash_of", staticmethod(lambda pair_id: 0))
        units = [(random.choice(atoms), "合作", "cooperation") for _ in range(random.randint(1, 30))]
        path.write_text(_tmx(units), encoding="utf-8")
        assert list(load_input([path]).pairs) == _whole_tree_tmx(path)[0], units


def test_tmx_memory_stays_flat_as_the_file_grows(tmp_path: Path, small_blocks):
    def peak(units: int) -> int:
        path = tmp_path / f"tm{units}.tmx"
        path.write_text(_tmx([(f"u{i}", "中方愿同白方一道加大相互政治支持。" * 3, "China will work with Belarus. " * 3)
                              for i in range(units)]), encoding="utf-8")
        tracemalloc.start()
        try:
            corpus = load_input([path])
            result = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert len(corpus.pairs) == units
        return result

    small, large = peak(2_000), peak(20_000)
    assert large < 1.5 * small + 500_000, (small, large)  # ten times the units; the whole tree grew tenfold


# --- memory: a 200,000-pair table in a subprocess ---------------------------------------------------

_MEASURE = """
import gc, sys
from pathlib import Path
from mtreview.inputs import load_pairs_table
import numpy  # the review imports it anyway; not counted

def status(field):  # VmRSS now, VmHWM the peak (ru_maxrss would carry over the parent's peak across exec)
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) * 1024 for line in lines if line.startswith(field + ":"))

gc.collect()
before = status("VmRSS")
corpus = load_pairs_table(Path(sys.argv[1]))
print(len(corpus.pairs), status("VmHWM") - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc for the peak RSS")
def test_loading_200k_pairs_does_not_hold_them_in_memory(tmp_path: Path):
    """Peak RSS growth while loading a 200,000-pair TSV (80 MB, real Xinhua sentences repeated): about
    80 MB streamed into a SpillList (one block of 50,000 pairs in memory), 734 MB when the whole text,
    its rows and every Pair were held at once. The bound is generous; the old way was 2.4 times it."""
    sentences = _sentences()
    path = tmp_path / "big.tsv"
    with open(path, "w", encoding="utf-8") as table:
        table.write("id\tsource\ttarget\treference\n")
        for i in range(200_000):
            source, target, reference = sentences[i % len(sentences)]
            table.write(f"p{i}\t{source}\t{target}\t{reference}\n")
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True,
                            cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    count, growth = map(int, result.stdout.split())
    assert count == 200_000
    print(f"peak RSS growth loading 200,000 pairs: {growth / 1e6:.0f} MB")
    assert growth < 300_000_000, growth


# --- paragraph offsets ----------------------------------------------------------------------------


def _offsets_per_character(text: str, lang: str) -> list[tuple[str, list[int]]]:
    """paragraphs_with_offsets as it was: one int per character (kept here as the reference)."""
    import re

    joiner = "" if lang == "zh" else " "
    blocks, previous_end = [], None
    for match in re.compile(r"[^\r\n]*\S[^\r\n]*").finditer(text, 1 if text.startswith("\ufeff") else 0):
        line = match.group()
        stripped = line.strip()
        gap = text[previous_end:match.start()] if previous_end is not None else ""
        if previous_end is None or len(re.findall(r"\r\n|\r|\n", gap)) >= 2:
            blocks.append([])
        blocks[-1].append((stripped, match.start() + line.index(stripped)))
        previous_end = match.end()
    paragraphs = []
    for lines in blocks:
        chars, offsets = [], []
        for number, (line, start) in enumerate(lines):
            if number and joiner:
                chars.append(joiner)
                offsets.append(offsets[-1] + 1)
            chars.extend(line)
            offsets.extend(range(start, start + len(line)))
        paragraphs.append(("".join(chars), offsets))
    return paragraphs


def test_paragraph_offsets_as_runs_read_as_the_per_character_list():
    from mtreview.segment import paragraphs_with_offsets

    random.seed(31)
    alphabet = ["a", "b", " ", "\n", "\r\n", "\r", "\t", "\ufeff", "中", "。", "\u3000", "x.", "  "]
    for _ in range(3000):
        text = "".join(random.choice(alphabet) for _ in range(random.randint(0, 30)))
        for lang in ("zh", "en"):
            expected = _offsets_per_character(text, lang)
            got = paragraphs_with_offsets(text, lang)
            assert [paragraph for paragraph, _ in got] == [paragraph for paragraph, _ in expected]
            for (_, offsets), (_, reference) in zip(got, expected):
                assert offsets == reference and list(offsets) == reference and len(offsets) == len(reference)
                assert [offsets[k] for k in range(-len(offsets), len(offsets))] == reference * 2
                assert offsets[1:-1] == reference[1:-1]
                with pytest.raises(IndexError):
                    offsets[len(reference)]


def test_paragraph_offsets_of_a_long_line_cost_no_memory_per_character():
    from mtreview.segment import paragraphs_with_offsets

    line = "China and Belarus are good friends, " * 60_000  # 2 MB
    text = f"  {line}\n{line}\n\nNext paragraph.\n"
    tracemalloc.start()
    try:
        [(first, offsets), (second, _)] = paragraphs_with_offsets(text, "en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first == f"{line.strip()} {line.strip()}" and second == "Next paragraph."
    assert offsets[len(line) - 1] == len(line) + 1  # the joining space: the character after the first line
    assert offsets[len(line)] == len(line) + 3 and text[offsets[-1]] == line[-2]
    assert peak < 6 * len(text), peak  # a list of ints: over 40 bytes a character
