"""Aligned TSV/CSV tables (mtreview.inputs.tables): quoting, refusals naming file and line, and tables read
incrementally into a SpillList with the same pairs, notes and errors as reading the whole file first."""

from __future__ import annotations

import csv
import io
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import IdLedger, load_input, load_pairs_table
from mtreview.records import Pair
from mtreview.spill import SpillList
from tests.support.blocks import BLOCK
from tests.support.paths import REPO
from tests.support.workspace import BASE_PAIRS, PNG, Workspace
from tests.support.xinhua import aligned_sentences

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
    sentences = aligned_sentences()
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
    sentences = aligned_sentences()
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


def test_table_system_and_document_columns_keep_the_readers_errors(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("id\tsystem\tdocument\tsource\ttarget\n1\tmt\tdoc\t中方。\n", encoding="utf-8")
    with pytest.raises(InputError, match="4 fields, the header has 5"):
        load_pairs_table(path)


TSV_HEADER = "id\tsource\ttarget\treference\n"


def test_tsv_pairs_with_reference_and_quote_characters(tmp_path: Path):
    path = tmp_path / "pairs.tsv"
    path.write_text(TSV_HEADER + 'a1\t会见后,双方发表《联合声明》。\tthe two sides issued the "Joint Statement"\t'
                    "the two sides issued a joint statement\n"
                    "a2\t丁薛祥等参加会见。\tDing Xuexiang attended.\t\n", encoding="utf-8")
    corpus = load_pairs_table(path)
    assert [p.id for p in corpus.pairs] == ["a1", "a2"]
    assert corpus.pairs[0].target == 'the two sides issued the "Joint Statement"'
    assert corpus.pairs[0].references == ("the two sides issued a joint statement",)
    assert corpus.pairs[1].references == ()


def test_csv_with_quoted_commas(tmp_path: Path):
    path = tmp_path / "pairs.csv"
    path.write_text('id,source,target\n7,"中方愿同白方一道,加大相互政治支持","China will work with Belarus, and"\n',
                    encoding="utf-8-sig")
    [pair] = load_input([path]).pairs
    assert pair.source == "中方愿同白方一道,加大相互政治支持" and pair.target == "China will work with Belarus, and"


@pytest.mark.parametrize("content, problem", [
    ("id\tsource\n1\t中\n", "header lacks column(s) target"),
    (TSV_HEADER + "1\t中\tx\n", ":2: 3 fields, the header has 4"),
    ("id\tsource\ttarget\n1\t中\tx\n1\t文\ty\n", ":3: duplicate id '1' (first on line 2)"),
    ("id\tsource\ttarget\n", "has a header but no rows"),
    ("", "is empty"),
])
def test_bad_tables_name_the_file_line_and_problem(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "pairs.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_pairs_table(path)
    assert str(path) in str(error.value) and problem in str(error.value)


@pytest.mark.parametrize("content", ["", "id\tsource\ttarget\n", "\n"])
def test_empty_tsv_is_refused(ws: Workspace, content: str):
    table = ws.write("pairs.tsv", content)
    ws.assert_refused(ws.run("review", table), str(table))


def test_binary_file_as_a_table_is_refused(ws: Workspace):
    image = ws.write("photo.tsv", PNG)
    ws.assert_refused(ws.run("review", image), str(image), "binary")


def test_tsv_missing_column_is_refused(ws: Workspace):
    table = ws.write("pairs.tsv", "id\tsource\np1\t你好。\n")
    ws.assert_refused(ws.run("review", table), f"{table}:1", "target")


def test_tsv_row_with_an_unquoted_tab_is_refused_naming_the_line(ws: Workspace):
    table = ws.write("pairs.tsv", BASE_PAIRS + "p3\t两国关系很好。\tRelations are\tgood.\n")
    ws.assert_refused(ws.run("review", table), f"{table}:4", "4 fields")


def test_tsv_row_with_a_missing_field_is_refused_naming_the_line(ws: Workspace):
    table = ws.write("pairs.tsv", BASE_PAIRS + "p3\t两国关系很好。\n")
    ws.assert_refused(ws.run("review", table), f"{table}:4", "2 fields")


# --- a 10 MB line --------------------------------------------------------------------------------

_WORDS = "China and Belarus are good friends, "


def test_a_10_mb_line_in_a_table_is_refused_clearly(ws: Workspace):
    table = ws.write("huge.tsv", BASE_PAIRS + "p3\t两国关系很好。\t" + _WORDS * (10_000_000 // len(_WORDS)) + "\n")
    started = time.monotonic()
    ws.assert_refused(ws.run("review", table), f"{table}:4", "field")
    assert time.monotonic() - started < 10
