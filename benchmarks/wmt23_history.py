"""Fill a run history from WMT23 zh-en: the 15 systems as runs, then a second round after desk edits.

Run by hand: .venv/bin/python benchmarks/wmt23_history.py [--out reports/wmt23] [--edited GPT4-5shot,...]
Reads ../shared/data/wmt23-zh-en (1,976 segments, reference refA), writes one aligned TSV per system
(OUT/inputs/<system>/wmt23-zh-en.tsv, so every run has the corpus name wmt23-zh-en) and records each with
`mtreview review ... --system NAME` into OUT/history.sqlite. Round two stands for a desk that applied
mtreview's own literal suggestions (a term list's official rendering, a dash, a stray space before
punctuation, a doubled word) to some systems and reviewed them again. Then try:

    mtreview history leaderboard --corpus wmt23-zh-en --metric chrF --history OUT/history.sqlite
    mtreview history trend --metric chrF --corpus wmt23-zh-en --history OUT/history.sqlite --plot trend.png
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

WMT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt23-zh-en"
SEGMENTS = 1976
CORPUS = "wmt23-zh-en"
# Checks whose suggestion is the replacement text itself (others describe the fix in words).
LITERAL_FIXES = {"term-forbidden", "dash", "space-before-punctuation", "doubled-word", "apostrophe",
                 "double-space", "fullwidth-form", "ellipsis"}


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:SEGMENTS]


def write_table(path: Path, sources: list[str], targets: list[str], references: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = ["id\tsource\ttarget\treference"]
    rows += [f"{i}\t{s}\t{t}\t{r}" for i, (s, t, r) in enumerate(zip(sources, targets, references), 1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def review(table: Path, system: str, out: Path, history: Path) -> Path:
    """Run `mtreview review` as a user would; returns the run folder."""
    command = [sys.executable, "-m", "mtreview", "review", str(table), "--system", system,
               "--document", "generaltest2023", "--metric", "bleu,chrf", "--out", str(out),
               "--history", str(history)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("Review sheet: "))
    return Path(line.removeprefix("Review sheet: ")).parent


def apply_suggestions(targets: list[str], findings_file: Path) -> tuple[list[str], int]:
    """The targets with every literal suggestion applied, right to left within a segment."""
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for line in findings_file.read_text(encoding="utf-8").splitlines():
        finding = json.loads(line)
        if finding["check"] in LITERAL_FIXES and finding["suggestion"] and finding["target_span"]:
            edits.setdefault(int(finding["id"]) - 1, []).append((*finding["target_span"], finding["suggestion"]))
    edited, applied = list(targets), 0
    for index, spans in edits.items():
        text, last_start = edited[index], len(edited[index]) + 1
        for start, end, replacement in sorted(spans, reverse=True):
            if end <= last_start:  # overlapping suggestions: keep the rightmost
                text = text[:start] + replacement + text[end:]
                last_start, applied = start, applied + 1
        edited[index] = text
    return edited, applied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("reports") / "wmt23")
    parser.add_argument("--edited", default="GPT4-5shot,ONLINE-B,NLLB_Greedy",
                        help="systems reviewed again after applying the suggestions")
    args = parser.parse_args()
    if not WMT.is_dir():
        sys.exit(f"wmt23_history: {WMT} is absent")
    history = args.out / "history.sqlite"
    sources = read_lines(WMT / "sources" / "zh-en.txt")
    references = read_lines(WMT / "references" / "zh-en.refA.txt")
    systems = sorted(p.stem for p in (WMT / "system-outputs").glob("*.txt")
                     if p.stem not in ("refA", "synthetic_ref"))
    run_dirs = {}
    for system in systems:
        table = args.out / "inputs" / system / f"{CORPUS}.tsv"
        targets = read_lines(WMT / "system-outputs" / f"{system}.txt")
        write_table(table, sources, targets, references)
        run_dirs[system] = review(table, system, args.out, history)
        print(f"round 1  {system:<15} {run_dirs[system].name}", flush=True)
    for system in [name.strip() for name in args.edited.split(",") if name.strip()]:
        targets = read_lines(WMT / "system-outputs" / f"{system}.txt")
        edited, applied = apply_suggestions(targets, run_dirs[system] / "findings.jsonl")
        table = args.out / "inputs" / f"{system}-edited" / f"{CORPUS}.tsv"
        write_table(table, sources, edited, references)
        run_dir = review(table, system, args.out, history)
        print(f"round 2  {system:<15} {run_dir.name}  ({applied} suggestions applied)", flush=True)
    print(f"History: {history}")


if __name__ == "__main__":
    main()
