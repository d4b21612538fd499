"""Speed and scale on WMT23 zh-en (15 systems × 1,976 segments = 29,640 pairs), and on a corpus of
--big pairs made by repeating it, beside the peers a user would otherwise run, in the same run:

- metrics: sacrebleu as a user calls it (corpus_score, then sentence_score for every segment) against
  mtreview's single pass (score_pairs), metric by metric; TER on --ter-segments segments (one
  system), since sacrebleu's TER costs about 20 ms a segment, twice;
- checks: mtreview's check pass on one process and on two (check_chunk in a process pool), against
  translate-toolkit's pofilter on the same pairs written as a PO file (if pofilter is installed:
  `pip install translate-toolkit` into the venv; it is not a dependency of mtreview);
- align (the sentence aligner on each system's documents), the xlsx writer and a full review
  (check, score, all five reports).
- from files, as a user runs them: the pairs written as a TSV (id, source, target, reference) of
  29,640 rows and of --big rows, then `mtreview check`, `mtreview score`, `mtreview review` (with
  its history) run as commands, the aligner streaming the file's documents, and the xlsx writer on
  the review of the whole file. Memory is bounded when the two sizes peak alike.

Every measurement runs in a fresh process. Two memory columns: "proc", the peak RSS of the largest
single process (the stage, the command it runs, or one of its workers; from getrusage), and "tree",
the peak of their summed RSS sampled every 50 ms (pages shared after a fork counted in each process:
an upper bound). Times are wall seconds, the best of --repeat runs.

Run by hand: .venv/bin/python benchmarks/scale.py [--repeat 3] [--big 1000000] [--skip-big]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from review_speed import WMT, load_pairs  # noqa: E402

SYSTEMS = 15


def pairs_of_size(count: int):
    pairs = load_pairs(SYSTEMS)
    if count <= len(pairs):
        return pairs[:count]
    out = []
    copy = 0
    while len(out) < count:
        out.extend(replace(p, id=f"{copy}:{p.id}") for p in pairs[:count - len(out)])
        copy += 1
    return out


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# --- stages, each run in its own process ----------------------------------------------------------

def stage(name: str, count: int, extra: dict) -> dict:
    from mtreview.checks import CheckContext, run_checks
    from mtreview.terms import load_terms

    if name.startswith("file-"):  # from the file: nothing loaded here
        started = time.perf_counter()
        result = file_stage(name[5:], Path(extra["tsv"]), count)
        result.update(seconds=time.perf_counter() - started, pairs=count, peak_mib=_peak_mib())
        return result
    pairs = pairs_of_size(count)
    context = CheckContext(terms=tuple(load_terms()))
    started = time.perf_counter()
    result: dict = {}
    if name in ("check-1", "check-2"):
        findings = run_checks(pairs, context=context, workers=int(name[-1]))
        result["findings"] = len(findings)
    elif name.startswith("sacrebleu-") or name.startswith("mtreview-"):
        side, metric = name.split("-", 1)
        limit = extra.get("segments") or len(pairs)
        pairs = pairs[:limit]
        count = len(pairs)
        started = time.perf_counter()
        if side == "sacrebleu":
            from sacrebleu.metrics import BLEU, CHRF, TER
            corpus_metric, sentence_metric = {
                "bleu": (BLEU(), BLEU(effective_order=True)), "chrf": (CHRF(), CHRF()),
                "ter": (TER(), TER())}[metric]
            hyps, refs = [p.target for p in pairs], [p.references[0] for p in pairs]
            corpus = corpus_metric.corpus_score(hyps, [refs]).score
            segments = [sentence_metric.sentence_score(h, [r]).score for h, r in zip(hyps, refs)]
        else:
            from mtreview.metrics import score_pairs
            [score], _ = score_pairs(pairs, metric)
            corpus, segments = score.corpus, list(score.segments)
        result["corpus"] = corpus
        result["segments_sum"] = sum(segments)
    elif name == "align":
        from mtreview.align import align_presplit
        docs = [line.split("\t")[1] for line in
                (WMT / "documents" / "zh-en.docs").read_text(encoding="utf-8").splitlines()][:1976]
        by_system: dict[str, list] = {}
        for pair in pairs:
            by_system.setdefault(pair.id.rsplit(":", 1)[0], []).append(pair)
        beads = 0
        for system_pairs in by_system.values():
            for start in range(0, len(system_pairs), 1976):
                block = system_pairs[start:start + 1976]
                groups: dict[str, list] = {}
                for i, pair in enumerate(block):
                    groups.setdefault(docs[i % 1976], []).append(pair)
                for group in groups.values():
                    beads += len(align_presplit([p.source for p in group], [p.target for p in group]))
        result["beads"] = beads
    elif name in ("xlsx", "review"):
        from mtreview.records import Review
        from mtreview.report import write_review_xlsx
        with tempfile.TemporaryDirectory() as folder:
            if name == "xlsx":
                # the findings of a repeated corpus are those of its copies: check one copy only
                base = pairs[:29_640]
                findings = run_checks(base, context=context)
                if count > len(base):
                    ids = {p.id for p in pairs}
                    findings = [replace(f, pair_id=pair_id, fingerprint=f"{f.fingerprint}-{copy}")
                                for copy in range(-(-count // len(base))) for f in findings
                                if (pair_id := f"{copy}:{f.pair_id.split(':', 1)[1]}") in ids]
                review = Review(corpus="wmt23", pairs=pairs, findings=findings, scores=[], run_id="bench",
                                created="2026-01-01T00:00:00Z", tool_version="bench")
                started = time.perf_counter()
                write_review_xlsx(review, Path(folder) / "review.xlsx")
                result["findings"] = len(findings)
            else:
                from mtreview.records import Corpus
                from mtreview.report import write_reports
                from mtreview.review import ReviewOptions, review_corpus
                review = review_corpus(Corpus("wmt23", pairs, WMT), ReviewOptions(metrics="bleu,chrf"))
                write_reports(review, Path(folder))
                result["findings"] = len(review.findings)
            result["xlsx_mib"] = (Path(folder) / "review.xlsx").stat().st_size / 2**20
    elif name == "pofilter":
        with tempfile.TemporaryDirectory() as folder:
            po = Path(folder) / "pairs.po"
            write_po(pairs, po)
            out = Path(folder) / "flagged.po"
            started = time.perf_counter()
            subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--progress=none", str(po), str(out)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            result["findings"] = out.read_text(encoding="utf-8").count("(pofilter) ")
    else:
        raise SystemExit(f"unknown stage {name}")
    result.update(seconds=time.perf_counter() - started, pairs=count, peak_mib=_peak_mib())
    return result


def write_tsv(count: int, path: Path) -> None:
    """WMT23's pairs repeated to count rows, written as they are made (never all in memory)."""
    base = load_pairs(SYSTEMS)
    with path.open("w", encoding="utf-8") as out:
        out.write("id\tsource\ttarget\treference\n")
        for n in range(count):
            pair = base[n % len(base)]
            fields = (f"{n // len(base)}:{pair.id}", pair.source, pair.target, pair.references[0])
            out.write("\t".join(field.replace("\t", " ") for field in fields) + "\n")


def file_stage(name: str, tsv: Path, count: int) -> dict:
    """A stage on the TSV file: the CLI as a subprocess, or the API reading the file block by block."""
    command = [sys.executable, "-m", "mtreview"]
    with tempfile.TemporaryDirectory() as folder:
        if name == "check":
            with open(Path(folder) / "findings.jsonl", "w") as out:
                subprocess.run(command + ["check", str(tsv), "--format", "jsonl"], check=True, stdout=out)
            with open(Path(folder) / "findings.jsonl", "rb") as written:
                return {"findings": sum(1 for _ in written)}
        if name == "score":
            output = subprocess.run(command + ["score", str(tsv), "--metric", "bleu,chrf"], check=True,
                                    capture_output=True, text=True).stdout
            return {"scores": " ".join(output.split())[:60]}
        if name == "review":
            subprocess.run(command + ["review", str(tsv), "--out", folder, "--metric", "bleu,chrf"], check=True,
                           stdout=subprocess.DEVNULL)
            run_folder = next(Path(folder).glob("*/*/review.xlsx")).parent
            return {"xlsx_mib": (run_folder / "review.xlsx").stat().st_size / 2**20,
                    "history_mib": (Path(folder) / "history.sqlite").stat().st_size / 2**20}
        if name == "align":
            return {"beads": align_file(tsv)}
        if name == "xlsx":
            from mtreview.checks import CheckContext, CheckOptions, check_corpus
            from mtreview.inputs import load_input
            from mtreview.records import Review
            from mtreview.report import write_review_xlsx
            from mtreview.terms import load_terms

            corpus = load_input([tsv])
            findings = check_corpus(corpus.pairs, CheckOptions(context=CheckContext(terms=tuple(load_terms()))))
            review = Review(corpus="wmt23", pairs=corpus.pairs, findings=findings, scores=[], run_id="bench",
                            created="2026-01-01T00:00:00Z", tool_version="bench")
            started = time.perf_counter()
            write_review_xlsx(review, Path(folder) / "review.xlsx")
            return {"writer_s": time.perf_counter() - started, "findings": len(findings),
                    "xlsx_mib": (Path(folder) / "review.xlsx").stat().st_size / 2**20}
    raise SystemExit(f"unknown file stage {name}")


def align_file(tsv: Path) -> int:
    """The aligner on every document of the file (WMT23's document ids, per system and copy), reading
    one document at a time."""
    from mtreview.align import align_presplit

    docs = [line.split("\t")[1] for line in
            (WMT / "documents" / "zh-en.docs").read_text(encoding="utf-8").splitlines()][:1976]
    beads = 0
    current, sources, targets = None, [], []
    with tsv.open(encoding="utf-8") as rows:
        next(rows)
        for row in rows:
            pair_id, source, target, _ = row.rstrip("\n").split("\t")
            system_copy, segment = pair_id.rsplit(":", 1)
            key = (system_copy, docs[int(segment)])
            if key != current and sources:
                beads += len(align_presplit(sources, targets))
                sources, targets = [], []
            current = key
            sources.append(source)
            targets.append(target)
    if sources:
        beads += len(align_presplit(sources, targets))
    return beads


def write_po(pairs, path: Path) -> None:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'

    with path.open("w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n')
        for pair in pairs:
            out.write(f"msgctxt {quote(pair.id)}\nmsgid {quote(pair.source)}\nmsgstr {quote(pair.target)}\n\n")


def _tree_rss_mib(root: int) -> float:
    """Summed RSS of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def _measured(command: list[str]) -> tuple[str, float]:
    """Run the command; its stdout and the peak of its process tree's summed RSS."""
    with tempfile.TemporaryFile(mode="w+") as out:
        process = subprocess.Popen(command, stdout=out)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, _tree_rss_mib(process.pid))
            time.sleep(0.05)
        if process.returncode:
            raise SystemExit(f"stage failed: {' '.join(command)}")
        out.seek(0)
        return out.read(), peak


def run(name: str, count: int, repeat: int, **extra) -> dict:
    best = None
    for _ in range(repeat):
        output, tree_peak = _measured([sys.executable, __file__, "--stage", name, "--count", str(count),
                                       "--extra", json.dumps(extra)])
        result = json.loads(output.strip().splitlines()[-1])
        result["tree_mib"] = max(result["peak_mib"], tree_peak)
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    print(f"  {name:<18}{best['pairs']:>10,}{best['seconds']:>10.2f}{best['pairs'] / best['seconds']:>12,.0f}"
          f"{best['peak_mib']:>10.0f}{best['tree_mib']:>10.0f}   "
          + ", ".join(f"{k} {v:.6g}" if isinstance(v, float) else f"{k} {v}" for k, v in best.items()
                      if k not in ("seconds", "pairs", "peak_mib", "tree_mib")), flush=True)
    return best


def header(title: str) -> None:
    print(f"\n{title}\n  {'stage':<18}{'pairs':>10}{'wall s':>10}{'pairs/s':>12}{'proc MiB':>10}{'tree MiB':>10}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage")
    parser.add_argument("--count", type=int, default=29_640)
    parser.add_argument("--extra", default="{}")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ter-segments", type=int, default=1976)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--file-stages", default="check,score,align,xlsx,review",
                        help="the stages run on the TSV files, comma-separated")
    parser.add_argument("--only", default="", help="comma-separated table names: metrics,checks,stages,files")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage, args.count, json.loads(args.extra))))
        return
    if not WMT.is_dir():
        raise SystemExit(f"WMT23 data not found at {WMT}")
    only = set(filter(None, args.only.split(","))) or {"metrics", "checks", "stages", "files"}
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores; load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"best of {args.repeat} (TER and the {args.big:,}-pair corpus: one run)")
    n = 29_640
    if "metrics" in only:
        header("Metrics, corpus + per-segment scores (sacrebleu: corpus_score + sentence_score each)")
        for metric in ("bleu", "chrf"):
            theirs = run(f"sacrebleu-{metric}", n, args.repeat)
            ours = run(f"mtreview-{metric}", n, args.repeat)
            print(f"  -> {metric}: mtreview takes {ours['seconds'] / theirs['seconds']:.0%} of sacrebleu's time; "
                  f"same corpus score: {abs(ours['corpus'] - theirs['corpus']) < 1e-9}")
        theirs = run("sacrebleu-ter", n, 1, segments=args.ter_segments)
        ours = run("mtreview-ter", n, 1, segments=args.ter_segments)
        print(f"  -> ter: mtreview takes {ours['seconds'] / theirs['seconds']:.0%} of sacrebleu's time; "
              f"same corpus score: {abs(ours['corpus'] - theirs['corpus']) < 1e-9}")
    if "checks" in only:
        from mtreview.checks import available_checks
        header(f"Check pass ({len(available_checks())} checks, shipped terms) vs translate-toolkit pofilter "
               "(default filters)")
        run("check-1", n, args.repeat)
        run("check-2", n, args.repeat)
        if (Path(sys.executable).parent / "pofilter").exists():
            run("pofilter", n, args.repeat)
        else:
            print("  pofilter: not installed (pip install translate-toolkit into the venv to compare)")
    if "stages" in only:
        header("Other stages on 29,640 pairs")
        run("align", n, args.repeat)
        run("xlsx", n, args.repeat)
        run("review", n, args.repeat)
    if "files" in only:
        sizes = [n] + ([] if args.skip_big else [args.big])
        with tempfile.TemporaryDirectory() as folder:
            for size in sizes:
                tsv = Path(folder) / f"wmt23-{size}.tsv"
                started = time.perf_counter()
                write_tsv(size, tsv)
                header(f"From a {size:,}-row TSV ({tsv.stat().st_size / 2**20:,.0f} MiB, written in "
                       f"{time.perf_counter() - started:.1f} s): commands and block-by-block stages")
                repeat = args.repeat if size <= n else 1
                for stage_name in args.file_stages.split(","):
                    run(f"file-{stage_name}", size, repeat, tsv=str(tsv))
                tsv.unlink()
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
