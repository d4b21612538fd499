"""The Dask engine against the one-machine path on large sharded corpora; run by hand.

Synthesises N pairs (default 1,000,000; --pairs 1000000,10000000 for both) from WMT23 zh-en (every
system's output of every source sentence, ids and documents renumbered per copy; the bundled case's 20
pairs when ../shared/data is absent), writes them as Parquet shards (100,000 rows, row groups of the
partition size) into a temporary folder, then runs the same command twice in fresh processes:

  mtreview check SHARDS --format jsonl                                   (local: two worker processes)
  mtreview check SHARDS --format jsonl --engine dask --workers 2         (a local cluster, two workers)

and the same for `score` (bleu, chrf). It prints wall time and the peak memory of every process of each
run (the command, its worker processes; for Dask the client, which hosts the scheduler and the nannies,
and each worker), whether the outputs are identical, one partition's figures measured on its own, and
what they give for 100M pairs on 32 workers.

    .venv/bin/python benchmarks/dask_scale.py                 # 1M pairs, check and score (~25 min on 2 cores)
    .venv/bin/python benchmarks/dask_scale.py --pairs 200000 --commands check
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt23-zh-en"
SHARD_ROWS = 100_000


def source_rows() -> list[dict]:
    """The distinct pairs copies are made of."""
    if WMT.is_dir():
        sources = (WMT / "sources" / "zh-en.txt").read_text(encoding="utf-8").split("\n")
        references = (WMT / "references" / "zh-en.refA.txt").read_text(encoding="utf-8").split("\n")
        documents = [line.split("\t")[1] for line in
                     (WMT / "documents" / "zh-en.docs").read_text(encoding="utf-8").splitlines()]
        rows = []
        for path in sorted((WMT / "system-outputs").glob("*.txt")):
            if path.stem in ("refA", "synthetic_ref"):
                continue
            targets = path.read_text(encoding="utf-8").split("\n")
            rows += [{"id": f"{path.stem}-{i}", "source": source, "target": targets[i], "reference": references[i],
                      "system": path.stem, "document": documents[i]}
                     for i, source in enumerate(sources) if i < len(documents)]
        return rows
    sys.path.insert(0, str(REPO))
    from mtreview.inputs import load_input

    corpus = load_input([REPO / "corpora" / "xinhua-belarus"])
    return [{"id": pair.id, "source": pair.source, "target": pair.target,
             "reference": pair.references[0] if pair.references else None, "system": "news-desk",
             "document": "xinhua-belarus"} for pair in corpus.pairs]


def write_shards(folder: Path, count: int, partition: int) -> float:
    import pyarrow as pa
    import pyarrow.parquet as pq

    base = source_rows()
    started = time.perf_counter()
    rows, shard = [], 0
    for n in range(count):
        copy, row = divmod(n, len(base))
        template = base[row]
        rows.append({**template, "id": f"c{copy}-{template['id']}", "document": f"c{copy}-{template['document']}"})
        if len(rows) == SHARD_ROWS or n == count - 1:
            pq.write_table(pa.Table.from_pylist(rows), folder / f"part-{shard:05d}.parquet", row_group_size=partition)
            rows, shard = [], shard + 1
    return time.perf_counter() - started


class TreeMemory:
    """Peak RSS of each process of a command's tree, sampled every 0.2 s (psutil, which distributed brings)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for process in processes:
                try:
                    rss = process.memory_info().rss
                    role = self.role(process)
                except psutil.Error:
                    continue
                if rss > self.peaks.get(process.pid, ("", 0))[1]:
                    self.peaks[process.pid] = (role, rss)
            self.stop.wait(0.2)

    def role(self, process) -> str:
        if process.pid == self.root.pid:
            return "command"
        line = " ".join(process.cmdline())
        if "multiprocessing.spawn" in line or "spawn_main" in line:
            return "worker"
        if "resource_tracker" in line or "forkserver" in line:
            return "helper"
        return "worker"  # a forked pool worker (the local engine's)

    def finish(self) -> list[tuple[str, int]]:
        self.stop.set()
        self.thread.join()
        return sorted(self.peaks.values(), key=lambda item: (item[0] != "command", item[0], -item[1]))


def run(command: list[str]) -> tuple[float, list[tuple[str, int]], str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mtreview", *command], stdout=out,
                                   stderr=subprocess.PIPE, env=environment, cwd=REPO)
        memory = TreeMemory(process.pid)
        _, errors = process.communicate()
        wall = time.perf_counter() - started
        peaks = memory.finish()
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()[-2000:]}")
        out.seek(0)
        digest = hashlib.sha256()
        while chunk := out.read(1 << 20):
            digest.update(chunk)
    return wall, peaks, digest.hexdigest()[:16]


def one_partition(folder: Path, command: str, partition: int) -> tuple[float, float, int]:
    """One partition's task, in a fresh process as a worker runs it: (seconds, peak MiB, uses)."""
    code = f"""
import resource, sys, time
from pathlib import Path
from mtreview.engines import Shards, dask as engine
from mtreview.checks import CheckContext, CheckOptions
from mtreview.terms import load_terms
from mtreview.inputs.shards import parquet_pieces
piece = parquet_pieces(Path({str(sorted(folder.glob('*.parquet'))[0])!r}), {partition})[0]
options = CheckOptions(context=CheckContext(terms=tuple(load_terms()))) if {command!r} == "check" else None
metrics = ["bleu", "chrf"] if {command!r} == "score" else None
engine._run_partition(0, piece, options, metrics, None, 2, False, True)  # warm: the checks' tables
started = time.perf_counter()
result = engine._run_partition(1, piece, options, metrics, None, 2, False, True)
took = time.perf_counter() - started
uses = sum(len(bucket) for bucket in result.get("uses", []))
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, uses)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    took, mib, uses = done.stdout.split()
    return float(took), float(mib), int(uses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", default="1000000", help="comma-separated corpus sizes (default 1000000)")
    parser.add_argument("--commands", default="check,score", help="check, score or both")
    parser.add_argument("--partition-size", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    commands = [name.strip() for name in arguments.commands.split(",") if name.strip()]
    partition = arguments.partition_size
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
          f"partitions of {partition:,} pairs, {arguments.workers} Dask workers (a LocalCluster)")
    for count in (int(value) for value in arguments.pairs.split(",")):
        with tempfile.TemporaryDirectory(prefix="mtreview-dask-") as temporary:
            folder = Path(temporary)
            took = write_shards(folder, count, partition)
            size = sum(path.stat().st_size for path in folder.glob("*.parquet")) / 2**20
            print(f"\n{count:,} pairs as {len(list(folder.glob('*.parquet')))} Parquet shards ({size:.0f} MiB, "
                  f"written in {took:.1f} s)")
            print(f"  {'run':<14}{'wall s':>9}{'pairs/s':>10}  {'peak MiB per process':<44}output")
            for command in commands:
                base = [command, str(folder), "--format", "jsonl" if command == "check" else "json"]
                if command == "score":
                    base += ["--metric", "bleu,chrf"]
                timings = {}
                for label, extra in ((f"{command}-local", []),
                                     (f"{command}-dask", ["--engine", "dask", "--workers", str(arguments.workers),
                                                          "--partition-size", str(partition)])):
                    wall, peaks, digest = run(base + extra)
                    timings[label] = (wall, digest)
                    shown = ", ".join(f"{role} {rss / 2**20:.0f}" for role, rss in peaks if role != "helper")
                    print(f"  {label:<14}{wall:>9.1f}{count / wall:>10,.0f}  {shown:<44}{digest}")
                (local_wall, local_digest), (dask_wall, dask_digest) = timings.values()
                print(f"  -> {command}: dask/local time {dask_wall / local_wall:.2f}x; identical output: "
                      f"{local_digest == dask_digest}")
                seconds, mib, uses = one_partition(folder, command, partition)
                partitions_100m = 100_000_000 // partition
                print(f"  one {command} partition ({partition:,} pairs) in one process: {seconds:.1f} s, peak "
                      f"{mib:.0f} MiB, {uses:,} uses ({uses * 40 / 2**20:.1f} MiB hashed, kept on its worker)")
                overhead = max(0.0, dask_wall - seconds * (count / partition) / arguments.workers)
                hours = (partitions_100m * seconds / 32 + overhead) / 3600
                share = uses * partitions_100m * 40 / 32 / 2**20
                print(f"  -> 100M pairs on 32 workers: {partitions_100m:,} partitions x {seconds:.1f} s / 32 "
                      f"= {hours:.2f} h (+ this run's fixed cost {overhead:.0f} s); per worker {mib:.0f} MiB at "
                      f"work" + (f" + {share:,.0f} MiB of uses held for the consistency pass; the client "
                                 f"holds 8 bytes a pair of id hashes ({100_000_000 * 8 / 2**20:,.0f} MiB)"
                                 if command == "check" else ""))
    print(f"\nload average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
