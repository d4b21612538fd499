"""Parquet and JSONL shards read on one machine (mtreview.inputs.shards through load_input): a file, a
folder, a glob or several files; the same pairs as the aligned table they were written from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import SUFFIX_READERS, load_input

REPO = Path(__file__).resolve().parents[2]
XINHUA = REPO / "corpora" / "xinhua-belarus"


def _rows() -> list[dict]:
    corpus = load_input([XINHUA])
    return [{"id": pair.id, "source": pair.source, "target": pair.target,
             "references": list(pair.references), "document": "belarus"} for pair in corpus.pairs]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_the_suffix_table_reads_shards():
    assert {".parquet", ".jsonl"} <= SUFFIX_READERS.keys()


def test_jsonl_shards_in_a_folder_a_glob_or_as_files_are_the_bundled_pairs(tmp_path):
    rows = _rows()
    folder = tmp_path / "shards"
    folder.mkdir()
    paths = [_jsonl(folder / "b.jsonl", rows[:7]), _jsonl(folder / "c.jsonl", rows[7:])]
    expected = [(pair.id, pair.source, pair.target, pair.references) for pair in load_input([XINHUA]).pairs]
    for given in ([folder], [folder / "*.jsonl"], paths):
        corpus = load_input(given)
        assert [(p.id, p.source, p.target, p.references) for p in corpus.pairs] == expected
        assert {p.document for p in corpus.pairs} == {"belarus"} and corpus.name == "shards"
    assert load_input([paths[0]]).name == "b"


def test_parquet_shards_read_as_jsonl_ones(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{**row, "reference": (row.pop("references") or [None])[0]} for row in _rows()]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet", row_group_size=6)
    from_parquet = load_input([tmp_path / "a.parquet"]).pairs
    from_jsonl = load_input([_jsonl(tmp_path / "a.jsonl", rows)]).pairs
    assert list(from_parquet) == list(from_jsonl) and len(from_parquet) == 20


@pytest.mark.parametrize(("line", "problem"), [
    ('{"id": "x", "source": "句子"}', "lacks target"),
    ('{"id": "x", "source": "句子", "target": 3}', "column 'target' holds int, not text"),
    ('{"id": " ", "source": "句子", "target": "A sentence."}', "empty id"),
    ('["x", "句子", "A sentence."]', "not a JSON object"),
    ('{"id": "x", "source": "句子", "target": "A sentence.", "references": "one"}',
     "column 'references' must be a list of texts"),
])
def test_a_bad_jsonl_line_is_named(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "source": "句子", "target": "A sentence."}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_input([path])
    assert str(raised.value).startswith(f"{path}:3: {problem}")


def test_a_repeated_id_names_both_shards(tmp_path):
    rows = _rows()
    first = _jsonl(tmp_path / "a.jsonl", rows[:10])
    second = _jsonl(tmp_path / "b.jsonl", [*rows[10:15], {**rows[15], "id": rows[2]["id"]}])
    with pytest.raises(InputError) as raised:
        load_input([tmp_path])
    assert str(raised.value) == f"{second}:6: duplicate id {rows[2]['id']!r} (first in {first}:3)"


def test_swapped_columns_and_empty_globs_are_refused(tmp_path):
    swapped = [{**row, "source": row["target"], "target": row["source"]} for row in _rows()]
    with pytest.raises(InputError, match="columns swapped"):
        load_input([_jsonl(tmp_path / "swapped.jsonl", swapped)])
    with pytest.raises(InputError, match="no file matches this pattern"):
        load_input([tmp_path / "none-*.parquet"])
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a shard"):
        load_input([tmp_path / "*"])
