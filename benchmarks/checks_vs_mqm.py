"""How far to trust the rule-based checks: their findings against WMT23 zh-en human MQM error spans.

Run by hand: .venv/bin/python benchmarks/checks_vs_mqm.py
Reads ../shared/data/wmt23-zh-en (15 systems + refA, 8 MQM raters) and prints:
- precision per check on the rated segments of the 15 systems: the share of findings whose target span
  overlaps an error span any rater marked on that segment (span-less findings, e.g. a number missing
  from the English, count when the segment has any error: "segment" column);
- false alarms per 100 error-free segments (every rater who rated it marked no error) on refA and on
  the three systems with the best human MQM score;
- recall per MQM category the rules can reach: the share of human error spans a finding overlaps.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from mtreview.checks import CheckContext, available_checks, run_checks
from mtreview.records import Pair
from mtreview.terms import load_terms

WMT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt23-zh-en"
SEGMENTS = 1976
REACHABLE = ("fluency/punctuation", "fluency/character encoding", "accuracy/source language fragment",
             "non-translation!", "locale convention/date format", "locale convention/time format",
             "locale convention/name format", "terminology/inappropriate for context", "terminology/inconsistent",
             "fluency/inconsistency")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:SEGMENTS]


def read_ratings() -> dict[tuple[str, int], list[list[dict]]]:
    """(system, segment) -> one error list per rater who rated it."""
    ratings: dict[tuple[str, int], list[list[dict]]] = defaultdict(list)
    for path in sorted((WMT / "human-scores").glob("zh-en.mqm.rater*.seg.rating")):
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            system, _, rating = line.partition("\t")
            if rating != "None":
                errors = [e for e in json.loads(rating)["errors"] if not e.get("is_source_error")]
                ratings[(system, line_number % SEGMENTS)].append(errors)
    return ratings


def overlaps(span, errors) -> bool:
    return any(span[0] < e["end"] and e["start"] < span[1] for e in errors if e["end"] > e["start"])


def main() -> None:
    started = time.perf_counter()
    sources = read_lines(WMT / "sources" / "zh-en.txt")
    ratings = read_ratings()
    mqm = {}
    for line in (WMT / "human-scores" / "zh-en.mqm.sys.score").read_text(encoding="utf-8").splitlines():
        name, _, score = line.partition("\t")
        if score != "None":
            mqm[name] = float(score)
    systems = sorted(p.stem for p in (WMT / "system-outputs").glob("*.txt") if p.stem not in ("refA", "synthetic_ref"))
    context = CheckContext(terms=tuple(load_terms()))
    outputs = {name: read_lines(WMT / "system-outputs" / f"{name}.txt") for name in systems + ["refA"]}
    findings_by_system = {}
    for name, targets in outputs.items():
        pairs = [Pair(f"{name}:{i}", source, target) for i, (source, target) in enumerate(zip(sources, targets))]
        findings_by_system[name] = run_checks(pairs, context=context)

    per_check = defaultdict(lambda: [0, 0, 0])  # findings, span hits, segment hits
    recall_hit, recall_all = Counter(), Counter()
    for name in systems:
        for finding in findings_by_system[name]:
            segment = int(finding.pair_id.rsplit(":", 1)[1])
            rated = ratings.get((name, segment))
            if not rated:
                continue
            errors = [e for rater in rated for e in rater]
            row = per_check[finding.check]
            row[0] += 1
            span = finding.target_span or (0, len(outputs[name][segment]) or 1)
            row[1] += overlaps(span, errors)
            row[2] += bool(errors)
        spans_by_segment = defaultdict(list)
        for finding in findings_by_system[name]:
            if finding.target_span:
                spans_by_segment[int(finding.pair_id.rsplit(":", 1)[1])].append(finding.target_span)
        for segment in range(SEGMENTS):
            for rater in ratings.get((name, segment), []):
                for error in rater:
                    if error["category"] in REACHABLE:
                        recall_all[error["category"]] += 1
                        recall_hit[error["category"]] += any(overlaps(s, [error]) for s in spans_by_segment[segment])

    print(f"{'check':<26}{'findings':>9}{'span prec.':>12}{'segment prec.':>15}")
    totals = [0, 0, 0]
    for check_id in available_checks():
        n, span_hits, segment_hits = per_check.get(check_id, [0, 0, 0])
        totals = [t + v for t, v in zip(totals, (n, span_hits, segment_hits))]
        if n:
            print(f"{check_id:<26}{n:>9}{span_hits / n:>12.2f}{segment_hits / n:>15.2f}")
    print(f"{'all checks':<26}{totals[0]:>9}{totals[1] / max(totals[0], 1):>12.2f}{totals[2] / max(totals[0], 1):>15.2f}")

    best = sorted((s for s in systems if s in mqm), key=lambda s: mqm[s], reverse=True)[:3]
    print(f"\n{'false alarms on error-free segments':<40}{'segments':>9}{'findings':>9}{'per 100':>9}")
    for name in ["refA"] + best:
        clean = {seg for (system, seg), rated in ratings.items() if system == name and all(not r for r in rated)}
        alarms = [f for f in findings_by_system[name] if int(f.pair_id.rsplit(":", 1)[1]) in clean]
        label = f"{name} (MQM {mqm.get(name, float('nan')):.2f})"
        print(f"{label:<40}{len(clean):>9}{len(alarms):>9}{100 * len(alarms) / max(len(clean), 1):>9.2f}")
        for check_id, count in Counter(f.check for f in alarms).most_common(5):
            print(f"{'':<6}{check_id:<34}{count:>9}")

    print(f"\n{'recall per MQM category':<40}{'errors':>9}{'found':>9}{'recall':>9}")
    for category in REACHABLE:
        if recall_all[category]:
            print(f"{category:<40}{recall_all[category]:>9}{recall_hit[category]:>9}"
                  f"{recall_hit[category] / recall_all[category]:>9.2f}")
    print(f"\n{len(systems) + 1} outputs × {SEGMENTS} segments checked in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
