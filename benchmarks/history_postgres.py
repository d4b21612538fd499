"""The history on SQLite and on PostgreSQL: concurrent reviewers, and `history list` on a big history.

Run by hand: .venv/bin/python benchmarks/history_postgres.py [--url postgresql://user@host/db] [--runs 10000]
Without --url it starts a throwaway PostgreSQL 15 cluster (tests/support/postgres_server.py; Debian's
`postgresql` package, run as the postgres user when this runs as root) and removes it afterwards. --url
must name an empty database the role may create tables in.

Prints one table:
- 10 concurrent reviews: ten `mtreview review corpora/xinhua-belarus` processes started at once into one
  history (and one --out folder), how many runs landed, and the wall time;
- `history list` on --runs runs (each the bundled case's run: 20 pairs, 12 findings, 2 scores, copied
  in under new run ids), the command end to end (a new process, imports included) and the store's query
  alone. Target: under a second.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mtreview.history import open_history  # noqa: E402
from mtreview.history.schema import FINDING_COLUMNS, PAIR_COLUMNS, RUN_COLUMNS, SCORE_COLUMNS  # noqa: E402
from mtreview.history.sql import _finding_row, _pair_row  # noqa: E402

XINHUA = REPO / "corpora" / "xinhua-belarus"
REVIEWERS = 10


def mtreview(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mtreview", *map(str, args)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def concurrent_reviews(location: str, out: Path) -> tuple[int, float, float]:
    """Ten reviews at once into one history: (runs recorded, wall seconds, CPU seconds of the ten)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    processes = [mtreview("review", XINHUA, "--out", out, "--history", location, "--system", f"desk-{n}")
                 for n in range(REVIEWERS)]
    for process in processes:
        _, errors = process.communicate(timeout=600)
        if process.returncode != 0:
            raise SystemExit(f"a review failed: {errors.strip()}")
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    with open_history(location, create=False) as store:
        return len(store.runs()), elapsed, cpu


def fill(location: str, runs: int) -> None:
    """`runs` copies of the bundled case's run, in one transaction (recording each through review would
    take hours; the rows are what a recorded run writes, built by the store's own row functions)."""
    from mtreview.inputs import load_input
    from mtreview.review import ReviewOptions, review_corpus

    review = review_corpus(load_input([XINHUA]), ReviewOptions())
    totals = review.totals()
    with open_history(location) as store:
        base = review.run_id
        with store._transaction():  # the store's primitives: the benchmark fills, it does not review
            store._insert("runs", RUN_COLUMNS,
                          ((f"{base}-{n:05d}", review.corpus, review.document, f"desk-{n % 7}",
                            f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}T{n % 24:02d}:00:00Z", review.tool_version, "{}",
                            totals.pairs, totals.target_words, totals.findings, 11, 1, 0, totals.mqm_penalty)
                           for n in range(runs)))
            store._insert("scores", SCORE_COLUMNS,
                          ((f"{base}-{n:05d}", score.metric, score.corpus, score.signature, len(score.segments), "")
                           for n in range(runs) for score in review.scores))
            store._insert("pairs", PAIR_COLUMNS,
                          (_pair_row(f"{base}-{n:05d}", order, pair)
                           for n in range(runs) for order, pair in enumerate(review.pairs)))
            store._insert("findings", FINDING_COLUMNS,
                          (_finding_row(f"{base}-{n:05d}", finding) for n in range(runs) for finding in review.findings))


def list_times(location: str, runs: int) -> tuple[float, float, float]:
    """(the `history list` command end to end: wall and CPU seconds, the store's query alone), best of three.
    CPU time is the child's own: on a shared machine the wall time also counts waiting for a core."""
    wall, cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.run([sys.executable, "-m", "mtreview", "history", "list", "--history", location],
                                 cwd=REPO, capture_output=True, text=True, timeout=600)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if process.returncode != 0 or process.stdout.count("\n") != runs + 1:
            raise SystemExit(f"history list failed or listed {process.stdout.count(chr(10)) - 1} runs: "
                             f"{process.stderr.strip()}")
    query = []
    with open_history(location, create=False) as store:
        for _ in range(3):
            started = time.perf_counter()
            listed = store.runs(with_scores=True)
            query.append(time.perf_counter() - started)
            assert len(listed) == runs
    return min(wall), min(cpu), min(query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--runs", type=int, default=10_000, help="runs for the history list timing")
    args = parser.parse_args()
    server = None
    if args.url is None:
        from tests.support.postgres_server import start_server

        server = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="mtreview-bench-") as folder:
            rows = []
            for backend in ("SQLite", "PostgreSQL"):
                urls = []
                for purpose in ("reviews", "list"):
                    if backend == "SQLite":
                        urls.append(str(Path(folder) / f"{purpose}.sqlite"))
                    elif server is not None:
                        urls.append(server.url(server.new_database()))
                    else:
                        urls.append(args.url)
                landed, elapsed, review_cpu = concurrent_reviews(urls[0], Path(folder) / f"out-{backend}")
                fill(urls[1], args.runs - (landed if urls[1] == urls[0] else 0))  # one --url: both in it
                wall, cpu, query = list_times(urls[1], args.runs)
                rows.append((backend, landed, elapsed, review_cpu, wall, cpu, query))
    finally:
        if server is not None:
            from tests.support.postgres_server import stop_server

            stop_server(server)
    print(f"{'history':<12}{'reviews landed':>15}{'wall s':>8}{'CPU s':>7}{'list runs':>11}{'list wall s':>13}"
          f"{'list CPU s':>12}{'query s':>9}")
    for backend, landed, elapsed, review_cpu, wall, cpu, query in rows:
        print(f"{backend:<12}{f'{landed}/{REVIEWERS}':>15}{elapsed:>8.1f}{review_cpu:>7.1f}{args.runs:>11,}"
              f"{wall:>13.2f}{cpu:>12.2f}{query:>9.3f}")
    print(f"reviews: ten `mtreview review corpora/xinhua-belarus` processes at once, one history, one --out (wall "
          "time, and the CPU time of the ten together). "
          f"list: `mtreview history list` end to end (a new process, best of 3; its CPU time, and the store's query "
          f"alone, wall). Target: list under 1 s. Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall "
          "times include waiting for a core.")

if __name__ == "__main__":
    main()
