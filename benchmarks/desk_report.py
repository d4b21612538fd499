"""How long the desk report (`mtreview history report`) takes, and how large its page is, as a history grows.

Run by hand: .venv/bin/python benchmarks/desk_report.py [--runs 100,1000,5000] [--out /tmp/desk-bench]
Reviews the bundled Xinhua case three ways with the real pipeline (its English, a cleaner one, a hurried
one), then records those reviews again and again as runs of four systems and six translators, one every
few hours over a year, into a fresh SQLite history per size; then times the figures (reading the store:
every run's findings, a trend per measure) and the page, and prints a table.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mtreview.history import open_history
from mtreview.inputs import load_input
from mtreview.records import Review
from mtreview.report.desk import render_desk_report
from mtreview.report.desk_figures import desk_figures
from mtreview.review import ReviewOptions, review_corpus

XINHUA = Path(__file__).resolve().parents[1] / "corpora" / "xinhua-belarus"
SYSTEMS = ["news-desk", "mt-engine", "mt-engine-2", "agency"]
TRANSLATORS = ["Wang Fang", "Tom Hale", "Li Na", "Zhao Lei", "Ana Silva", ""]


def reviews(work: Path) -> list[Review]:
    """The Xinhua case reviewed as written, cleaned up and hurried."""
    english = (XINHUA / "target.en.txt").read_text(encoding="utf-8")
    variants = [english,
                english.replace("China‘s", "China's").replace("new crown pneumonia", "COVID-19"),
                english.replace("The two heads of state", "The the two heads of state")
                .replace("decided to upgrade the bilateral relationship", "agreed on lifting the relationship")]
    found = []
    for number, text in enumerate(variants):
        folder = work / f"variant-{number}"
        shutil.copytree(XINHUA, folder)
        (folder / "target.en.txt").write_text(text, encoding="utf-8")
        found.append(review_corpus(load_input([folder]), ReviewOptions(metrics="bleu,chrf")))
    return found


def fill(database: Path, base: list[Review], runs: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    step = timedelta(days=365) / runs
    with open_history(database) as history:
        for index in range(runs):
            when = start + step * index
            review = base[index % len(base)]
            history.record(replace(review, run_id=when.strftime("%Y%m%dT%H%M%SZ") + f"-{index:06d}",
                                   created=when.strftime("%Y-%m-%dT%H:%M:%SZ"), system=SYSTEMS[index % len(SYSTEMS)],
                                   config=dict(review.config) | ({"translator": TRANSLATORS[index % 6]}
                                                                 if TRANSLATORS[index % 6] else {})))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="100,1000,5000", help="history sizes, comma-separated")
    parser.add_argument("--out", type=Path, default=None, help="keep the histories and pages here")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="desk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    base = reviews(work)
    print(f"{'runs':>6} {'by':>10} {'period':>6} {'fill_s':>7} {'figures_s':>9} {'page_s':>7} {'page_kib':>9} "
          f"{'peak_rss_mib':>12}")
    for size in (int(value) for value in args.runs.split(",")):
        database = work / f"history-{size}.sqlite"
        database.unlink(missing_ok=True)
        began = time.perf_counter()
        fill(database, base, size)
        filled = time.perf_counter() - began
        for by, period in (("system", "week"), ("translator", "month")):
            with open_history(database, create=False) as history:
                began = time.perf_counter()
                figures = desk_figures(history, "xinhua-belarus", by, period)
                gathered = time.perf_counter() - began
            began = time.perf_counter()
            page = render_desk_report(figures)
            rendered = time.perf_counter() - began
            (work / f"desk-{size}-{by}-{period}.html").write_text(page, encoding="utf-8")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{size:>6} {by:>10} {period:>6} {filled:>7.2f} {gathered:>9.2f} {rendered:>7.2f} "
                  f"{len(page.encode()) / 1024:>9.0f} {peak:>12.0f}")
    print(f"histories and pages in {work}")


if __name__ == "__main__":
    main()
