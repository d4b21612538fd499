"""The Dask engine against the local one, on a real cluster: a scheduler and two worker processes
(LocalCluster, processes=True), shared by the module. The same commands run with --engine local and with
--engine dask --scheduler <that cluster>: the same findings in the same order, the same scores (1e-9)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.inputs import load_input

if os.environ.get("MTREVIEW_REQUIRE_DASK") == "1":
    import distributed  # noqa: F401  (CI installs the dask extra: fail, not skip, without it)
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
pytest.importorskip("pyarrow", reason="the dask extra is not installed")

REPO = Path(__file__).resolve().parents[2]
XINHUA = REPO / "corpora" / "xinhua-belarus"
runner = CliRunner()


@pytest.fixture(scope="module")
def scheduler():
    """A real scheduler and two worker processes, started once for the module (a few seconds)."""
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.ERROR)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _run(*arguments: str) -> str:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.stdout


def _both(command: str, inputs: list[str], scheduler: str, *options: str, partition_size: int = 7):
    local = _run(command, *inputs, *options)
    on_dask = _run(command, *inputs, *options, "--engine", "dask", "--scheduler", scheduler,
                   "--partition-size", str(partition_size))
    return local, on_dask


def _scores(text: str) -> dict:
    return json.loads(text)


def _assert_same_scores(local: dict, on_dask: dict) -> None:
    assert local.keys() == on_dask.keys() and local
    for metric in local:
        one, other = local[metric], on_dask[metric]
        assert one["signature"] == other["signature"]
        assert one["corpus"] == pytest.approx(other["corpus"], abs=1e-9)
        assert one["segments"] == pytest.approx(other["segments"], abs=1e-9)
        assert one["ids"] == other["ids"]


def _write_shards(pairs: list[dict], folder: Path, rows_per_shard: int) -> list[Path]:
    """The rows as alternating Parquet (several row groups) and JSONL shards."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, start in enumerate(range(0, len(pairs), rows_per_shard)):
        rows = pairs[start:start + rows_per_shard]
        if number % 2 == 0:
            path = folder / f"part-{number:03d}.parquet"
            pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=max(1, rows_per_shard // 3))
        else:
            path = folder / f"part-{number:03d}.jsonl"
            path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        paths.append(path)
    return paths


def _generated_rows(copies: int) -> list[dict]:
    """The bundled case's pairs in several documents and two systems, renderings varied at random (fixed
    seed) so that the consistency checks find pairs rendered two ways across shards."""
    corpus = load_input([XINHUA])
    rng = random.Random(16)
    variants = [("Belarus", "Byelorussia"), ("Samarkand", "Samarqand"), ("Lukashenko", "Lukashenka"),
                ("Shanghai Cooperation Organization", "Shanghai Cooperation Organisation")]
    rows = []
    for copy in range(copies):
        for pair in corpus.pairs:
            target = pair.target
            for usual, other in variants:
                if usual in target and rng.random() < 0.3:
                    target = target.replace(usual, other)
            rows.append({"id": f"{copy}-{pair.id}", "source": pair.source, "target": target,
                         "reference": pair.references[0] if pair.references else None,
                         "system": "desk-a" if copy % 3 else "desk-b", "document": f"doc-{copy // 4}"})
    return rows


def test_check_of_the_bundled_case_equals_local(scheduler):
    local, on_dask = _both("check", [str(XINHUA)], scheduler, "--format", "jsonl", partition_size=4)
    assert local == on_dask and len(local.splitlines()) == 12


def test_check_and_score_of_generated_shards_equal_local(scheduler, tmp_path):
    rows = _generated_rows(12)  # 240 pairs, 3 documents, 2 systems
    _write_shards(rows, tmp_path / "shards", rows_per_shard=50)
    shards = str(tmp_path / "shards")
    local, on_dask = _both("check", [shards], scheduler, "--format", "jsonl", partition_size=9)
    findings = [json.loads(line) for line in local.splitlines()]
    assert local == on_dask
    checks = {finding["check"] for finding in findings}
    assert {"inconsistent-translation", "name-inconsistent"} & checks, checks  # consistency across partitions
    local, on_dask = _both("score", [shards], scheduler, "--metric", "bleu,chrf,ter", "--format", "json",
                           partition_size=9)
    _assert_same_scores(_scores(local), _scores(on_dask))


def test_glob_and_folder_read_the_same_pairs(tmp_path, scheduler):
    rows = _generated_rows(3)
    _write_shards(rows, tmp_path / "shards", rows_per_shard=25)
    from_folder = _run("check", str(tmp_path / "shards"), "--format", "jsonl", "--engine", "dask",
                       "--scheduler", scheduler)
    from_glob = _run("check", str(tmp_path / "shards" / "part-*"), "--format", "jsonl", "--engine", "dask",
                     "--scheduler", scheduler)
    from_table = tmp_path / "pairs.tsv"
    header = "id\tsource\ttarget\treference\tsystem\tdocument\n"
    from_table.write_text(header + "".join(
        f"{r['id']}\t{r['source']}\t{r['target']}\t{r['reference'] or ''}\t{r['system']}\t{r['document']}\n"
        for r in rows), encoding="utf-8")
    assert from_folder == from_glob == _run("check", str(from_table), "--format", "jsonl") != ""


def test_review_on_dask_writes_the_local_findings_and_scores_and_a_sheet_per_group(scheduler, tmp_path):
    import openpyxl

    rows = _generated_rows(8)
    _write_shards(rows, tmp_path / "shards", rows_per_shard=40)
    outputs = {}
    for engine in ("local", "dask"):
        out = tmp_path / engine
        extra = ["--engine", "dask", "--scheduler", scheduler, "--partition-size", "11"] if engine == "dask" else []
        _run("review", str(tmp_path / "shards"), "--out", str(out), "--metric", "bleu,chrf", *extra)
        (run_dir,) = (out / "shards").iterdir()
        outputs[engine] = run_dir
    local, on_dask = outputs["local"], outputs["dask"]
    assert (local / "findings.jsonl").read_text(encoding="utf-8") == \
        (on_dask / "findings.jsonl").read_text(encoding="utf-8")
    _assert_same_scores(json.loads((local / "scores.json").read_text())["scores"],
                        json.loads((on_dask / "scores.json").read_text())["scores"])
    sheets = sorted((on_dask / "sheets").iterdir())
    groups = {(row["system"], row["document"]) for row in rows}
    assert len(sheets) >= len(groups)
    segments = 0
    for path in sheets:
        book = openpyxl.load_workbook(path, read_only=True)
        segments += book["Segments"].max_row - 1
        book.close()
    assert segments == len(rows)  # every pair in exactly one group's sheet
    assert not (local / "sheets").exists()


def test_wmt23_systems_as_parquet_shards_equal_local(shared_data, scheduler, tmp_path):
    wmt = shared_data / "wmt23-zh-en"
    sources = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")[:600]
    references = (wmt / "references" / "zh-en.refA.txt").read_text(encoding="utf-8").split("\n")
    documents = [line.split("\t")[1] for line in
                 (wmt / "documents" / "zh-en.docs").read_text(encoding="utf-8").splitlines()]
    rows = []
    for system in ("ONLINE-B", "NLLB_Greedy"):
        targets = (wmt / "system-outputs" / f"{system}.txt").read_text(encoding="utf-8").split("\n")
        rows += [{"id": f"{system}-{i}", "source": source, "target": targets[i], "reference": references[i],
                  "system": system, "document": documents[i]} for i, source in enumerate(sources)]
    _write_shards(rows, tmp_path / "wmt", rows_per_shard=300)
    local, on_dask = _both("check", [str(tmp_path / "wmt")], scheduler, "--format", "jsonl", partition_size=120)
    assert local == on_dask and len(local.splitlines()) >= 50
    local, on_dask = _both("score", [str(tmp_path / "wmt")], scheduler, "--metric", "bleu,chrf",
                           "--format", "json", partition_size=120)
    _assert_same_scores(_scores(local), _scores(on_dask))


def test_a_table_read_here_is_shipped_to_the_cluster_in_partitions(scheduler, tmp_path):
    rows = _generated_rows(4)
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\treference\tdocument\n" + "".join(
        f"{r['id']}\t{r['source']}\t{r['target']}\t{r['reference'] or ''}\t{r['document']}\n" for r in rows),
        encoding="utf-8")
    local, on_dask = _both("check", [str(table)], scheduler, "--format", "jsonl", partition_size=1)
    assert local == on_dask and local
    local, on_dask = _both("score", [str(table)], scheduler, "--metric", "bleu,chrf,ter", "--format", "json",
                           partition_size=6)
    _assert_same_scores(_scores(local), _scores(on_dask))


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_repeated_id_across_shards_is_one_line_and_exit_2(tmp_path, scheduler, engine):
    rows = _generated_rows(2)
    rows[35]["id"] = rows[3]["id"]
    paths = _write_shards(rows, tmp_path / "shards", rows_per_shard=20)
    extra = ["--engine", "dask", "--scheduler", scheduler] if engine == "dask" else []
    result = runner.invoke(app, ["check", str(tmp_path / "shards"), *extra])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"mtreview: error: {paths[1]}:16: duplicate id {rows[3]['id']!r} "
                                     f"(first in {paths[0]}:4)")


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_malformed_jsonl_line_names_file_and_line(tmp_path, scheduler, engine):
    paths = _write_shards(_generated_rows(2), tmp_path / "shards", rows_per_shard=20)
    lines = paths[1].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = '{"id": "x", "source": "句子"\n'
    paths[1].write_text("".join(lines), encoding="utf-8")
    extra = ["--engine", "dask", "--scheduler", scheduler] if engine == "dask" else []
    result = runner.invoke(app, ["check", str(tmp_path / "shards"), *extra])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"mtreview: error: {paths[1]}:7: not a JSON object")


def test_an_unreachable_scheduler_is_one_line_and_exit_2():
    result = runner.invoke(app, ["check", str(XINHUA), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith("mtreview: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.stderr.strip().splitlines()) == 1


def test_dask_options_need_the_dask_engine():
    result = runner.invoke(app, ["check", str(XINHUA), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "--scheduler goes with --engine dask" in result.stderr


def test_comet_is_refused_on_dask_before_the_cluster_starts():
    result = runner.invoke(app, ["score", str(XINHUA), "--metric", "bleu,comet", "--engine", "dask",
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("mtreview: error: comet does not run on --engine dask: score it with "
                                     "--engine local (the sacrebleu metrics run on the cluster)")
