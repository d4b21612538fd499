"""Time the report writers on a large run: WMT23 zh-en, all checks, 15 systems (about 30,000 findings
when --findings pads with copies), printing wall time and peak memory per output.

Run by hand: .venv/bin/python benchmarks/report_speed.py [--findings 30000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from review_speed import load_pairs  # noqa: E402

from mtreview.checks import CheckContext, run_checks  # noqa: E402
from mtreview.records import Review  # noqa: E402
from mtreview.report import write_reports  # noqa: E402
from mtreview.terms import load_terms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--findings", type=int, default=30_000)
    args = parser.parse_args()
    pairs = load_pairs(15)
    findings = run_checks(pairs, context=CheckContext(terms=tuple(load_terms())))
    # Pad with copies under fresh fingerprints to reach the size asked for: what costs is the row count.
    padded = list(findings)
    while len(padded) < args.findings:
        padded.extend(replace(f, fingerprint=f"{f.fingerprint}-{len(padded)}") for f in findings)
    review = Review(corpus="wmt23", pairs=pairs, findings=padded[:args.findings], scores=[], run_id="bench",
                    created="2026-01-01T00:00:00Z", tool_version="bench")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder:
        started, cpu = time.perf_counter(), time.process_time()
        paths = write_reports(review, Path(folder))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        sizes = {name: path.stat().st_size / 2**20 for name, path in paths.items()}
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # A second pass under tracemalloc gives the Python-level peak (and is slower, so not timed).
        tracemalloc.start()
        write_reports(review, Path(folder))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(f"{'pairs':>8}{'findings':>10}{'wall s':>9}{'CPU s':>8}{'peak MiB (Python)':>19}{'RSS growth MiB':>16}")
    print(f"{len(pairs):>8}{len(review.findings):>10}{elapsed:>9.2f}{cpu:>8.2f}{peak:>19.1f}"
          f"{rss_after - rss_before:>16.0f}")
    print("sizes (MiB): " + ", ".join(f"{name} {size:.1f}" for name, size in sizes.items()))


if __name__ == "__main__":
    main()
