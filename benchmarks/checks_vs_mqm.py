"""How far to trust the rule-based checks: their findings against WMT23 zh-en human MQM error spans.

Run by hand: .venv/bin/python benchmarks/checks_vs_mqm.py [--write]
Reads ../shared/data/wmt23-zh-en (15 systems + refA, 8 MQM raters); each system's output is checked as
its own corpus, its pairs carrying their WMT document (documents/zh-en.docs), so corpus-wide checks
compare one system's renderings within one document, as a desk's table with system and document
columns has them. Every registered check runs, those off by default included, and it prints:
- precision per check on the rated segments of the 15 systems: the share of findings whose target span
  overlaps an error span any rater marked on that segment (span-less findings, e.g. a number missing
  from the English, count when the segment has any error: "segment" column), and what that
  measurement does to the check by default ("action", the rule below);
- overall precision of all checks, and of those on by default;
- false alarms per 100 error-free segments (every rater who rated it marked no error) on refA and on
  the three systems with the best human MQM score, and recall per MQM category the rules can reach
  (the share of human error spans a finding overlaps), both for the checks on by default.

Severity follows evidence (mtreview.checks.apply_evidence): with --write the span precision and the
number of findings of every check that had any are written to mtreview/checks/evidence.json, which
the registry reads. A check measured over at least 20 findings (EVIDENCE_MIN_FINDINGS) below 0.5 span
precision (TRUSTED_PRECISION) reports one severity lower than declared (its hits' own severities too;
minor becomes neutral: shown, not scored); below 0.25 (OFF_PRECISION) it is off by default and runs
only when selected by id (--select), gate checks excepted (they decide which pairs the others skip,
so they are lowered, never off). A check with fewer findings, or none measured (a check added since),
runs as declared, and so does a check decided per check in mtreview.checks.EVIDENCE_DECISIONS (with
the reason: e.g. term-forbidden follows its term list's published sources, not raters). Re-run with
--write after adding or changing checks.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from mtreview.checks import (
    EVIDENCE_FILE,
    CheckContext,
    Evidence,
    available_checks,
    evidence_action,
    run_checks,
)
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


def recall(systems, ratings, findings_by_system) -> tuple[Counter, Counter]:
    """Per reachable MQM category: the human error spans on the systems' output, and those a finding overlaps."""
    recall_hit, recall_all = Counter(), Counter()
    for name in systems:
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
    return recall_all, recall_hit


def write_evidence(per_check: dict[str, list[int]]) -> None:
    rows = {check_id: {"findings": n, "span_hits": span_hits, "precision": round(span_hits / n, 3),
                       "segment_precision": round(segment_hits / n, 3)}
            for check_id, (n, span_hits, segment_hits) in sorted(per_check.items()) if n}
    evidence = {
        "measured_on": "WMT23 zh-en general MT: 15 systems' outputs, 1,976 segments each, against the error "
                       "spans of 8 MQM raters (wmt-conference/ErrorSpanAnnotation, mt-metrics-eval v2)",
        "how": "benchmarks/checks_vs_mqm.py --write: precision = findings whose target span (a span-less "
               "finding: the whole segment) overlaps a rater's error span on that segment, over findings on "
               "rated segments; each system its own corpus, pairs carrying their WMT document",
        "date": date.today().isoformat(),
        "checks": rows,
    }
    EVIDENCE_FILE.write_text(json.dumps(evidence, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWrote {EVIDENCE_FILE} ({len(rows)} checks measured)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help="write the per-check precision to mtreview/checks/evidence.json (the registry's evidence)")
    args = parser.parse_args()
    started = time.perf_counter()
    sources = read_lines(WMT / "sources" / "zh-en.txt")
    documents = [line.split("\t")[1] for line in read_lines(WMT / "documents" / "zh-en.docs")]
    ratings = read_ratings()
    mqm = {}
    for line in (WMT / "human-scores" / "zh-en.mqm.sys.score").read_text(encoding="utf-8").splitlines():
        name, _, score = line.partition("\t")
        if score != "None":
            mqm[name] = float(score)
    systems = sorted(p.stem for p in (WMT / "system-outputs").glob("*.txt") if p.stem not in ("refA", "synthetic_ref"))
    context = CheckContext(terms=tuple(load_terms()))
    outputs = {name: read_lines(WMT / "system-outputs" / f"{name}.txt") for name in systems + ["refA"]}
    registry = available_checks()
    findings_by_system = {}
    for name, targets in outputs.items():
        pairs = [Pair(f"{name}:{i}", source, target, system=name, document=document)
                 for i, (source, target, document) in enumerate(zip(sources, targets, documents))]
        findings_by_system[name] = run_checks(pairs, context=context, select=list(registry))

    per_check = defaultdict(lambda: [0, 0, 0])  # findings, span hits, segment hits
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

    print(f"{'check':<26}{'findings':>9}{'span prec.':>12}{'segment prec.':>15}  action")
    totals, default_totals = [0, 0, 0], [0, 0, 0]
    off = set()
    for check_id, info in registry.items():
        n, span_hits, segment_hits = per_check.get(check_id, [0, 0, 0])
        action = evidence_action(check_id, Evidence(span_hits / n, n) if n else None, info.gate)
        if action == "off":
            off.add(check_id)
        else:
            default_totals = [t + v for t, v in zip(default_totals, (n, span_hits, segment_hits))]
        totals = [t + v for t, v in zip(totals, (n, span_hits, segment_hits))]
        if n:
            print(f"{check_id:<26}{n:>9}{span_hits / n:>12.2f}{segment_hits / n:>15.2f}  {action}")
    for label, (n, span_hits, segment_hits) in (("all checks", totals), ("checks on by default", default_totals)):
        print(f"{label:<26}{n:>9}{span_hits / max(n, 1):>12.2f}{segment_hits / max(n, 1):>15.2f}")
    if args.write:
        write_evidence(per_check)
    # what a user gets: the rest of the report counts the checks on by default only
    findings_by_system = {name: [f for f in found if f.check not in off] for name, found in findings_by_system.items()}

    best = sorted((s for s in systems if s in mqm), key=lambda s: mqm[s], reverse=True)[:3]
    print(f"\n{'false alarms on error-free segments':<40}{'segments':>9}{'findings':>9}{'per 100':>9}")
    for name in ["refA"] + best:
        clean = {seg for (system, seg), rated in ratings.items() if system == name and all(not r for r in rated)}
        alarms = [f for f in findings_by_system[name] if int(f.pair_id.rsplit(":", 1)[1]) in clean]
        label = f"{name} (MQM {mqm.get(name, float('nan')):.2f})"
        print(f"{label:<40}{len(clean):>9}{len(alarms):>9}{100 * len(alarms) / max(len(clean), 1):>9.2f}")
        for check_id, count in Counter(f.check for f in alarms).most_common(5):
            print(f"{'':<6}{check_id:<34}{count:>9}")

    recall_all, recall_hit = recall(systems, ratings, findings_by_system)
    print(f"\n{'recall per MQM category':<40}{'errors':>9}{'found':>9}{'recall':>9}")
    for category in REACHABLE:
        if recall_all[category]:
            print(f"{category:<40}{recall_all[category]:>9}{recall_hit[category]:>9}"
                  f"{recall_hit[category] / recall_all[category]:>9.2f}")
    total, hit = sum(recall_all.values()), sum(recall_hit.values())
    print(f"{'all rule-reachable':<40}{total:>9}{hit:>9}{hit / max(total, 1):>9.2f}")
    print(f"\n{len(systems) + 1} outputs × {SEGMENTS} segments checked in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
