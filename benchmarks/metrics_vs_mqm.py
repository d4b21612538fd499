"""How far to trust each score column: mtreview's metrics against WMT23 zh-en human MQM scores.

Run by hand (needs scipy, which the comet extra brings):
    .venv/bin/python benchmarks/metrics_vs_mqm.py [--comet-model MODEL --comet-segments N]

For the 15 MT systems of ../shared/data/wmt23-zh-en (refA is the reference, so it is left out) prints,
for each metric mtreview computes (BLEU, chrF, chrF++, TER, the rule-based MQM-style penalty of the
checks: minor 1, major 5, critical 25 per 100 words) and, beside them, the official WMT23 scores of
BLEU, chrF, COMET (wmt22-comet-da), CometKiwi, XCOMET-XL and MetricX-23 on the same segments:
- segment level: Kendall's tau-b against the MQM score over all rated (system, segment) items
  ("flat"), and the mean of per-segment taus across systems ("by item", WMT23's grouping);
- system level: Pearson's r and pairwise accuracy (share of system pairs ordered as MQM orders them).
Error metrics (TER, the penalty) are negated so that higher is better everywhere. With --comet-model,
COMET is run on the first N rated segments of each system (CPU: about 1 segment/s for wmt22-comet-da)
and its row uses only those segments.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

from mtreview.checks import CheckContext, run_checks
from mtreview.metrics import score_pairs
from mtreview.metrics.specs import metric_spec
from mtreview.records import Pair
from mtreview.terms import load_terms

WMT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt23-zh-en"
SEGMENTS = 1976
OFFICIAL = {"BLEU (official)": "BLEU-refA", "chrF (official)": "chrF-refA", "COMET-22 (official)": "COMET-refA",
            "CometKiwi (official)": "CometKiwi-src", "XCOMET-XL (official)": "XCOMET-XL-refA",
            "MetricX-23 (official)": "MetricX-23-refA"}


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:SEGMENTS]


def read_seg_scores(path: Path) -> dict[str, list[float | None]]:
    """system -> per-segment scores, None where unrated (mt-metrics-eval layout: system-major)."""
    scores: dict[str, list[float | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        system, _, value = line.partition("\t")
        scores.setdefault(system, []).append(None if value == "None" else float(value))
    return scores


def read_sys_scores(path: Path) -> dict[str, float]:
    return {line.split("\t")[0]: float(line.split("\t")[1]) for line in path.read_text().splitlines()}


def penalty(findings, words: int) -> float:
    return -sum(f.severity.weight for f in findings) / max(words, 1) * 100


def pairwise_accuracy(metric: dict[str, float], human: dict[str, float]) -> float:
    pairs = list(itertools.combinations(sorted(human), 2))
    agree = sum(1 for a, b in pairs if (metric[a] - metric[b]) * (human[a] - human[b]) > 0)
    return agree / len(pairs)


def main(argv: list[str]) -> int:
    from scipy.stats import kendalltau, pearsonr

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comet-model", help="also run COMET with this model (folder or cached name)")
    parser.add_argument("--comet-segments", type=int, default=100)
    args = parser.parse_args(argv)
    if not WMT.is_dir():
        print(f"WMT23 data not found at {WMT}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sources, refs = read_lines(WMT / "sources" / "zh-en.txt"), read_lines(WMT / "references" / "zh-en.refA.txt")
    mqm = read_seg_scores(WMT / "human-scores" / "zh-en.mqm.seg.score")
    mqm_sys = read_sys_scores(WMT / "human-scores" / "zh-en.mqm.sys.score")
    systems = sorted(s for s in mqm if s not in ("refA", "synthetic_ref"))
    context = CheckContext(terms=tuple(load_terms()))

    seg: dict[str, dict[str, list[float | None]]] = {}  # metric -> system -> segment scores
    sys_scores: dict[str, dict[str, float]] = {}
    for system in systems:
        outputs = read_lines(WMT / "system-outputs" / f"{system}.txt")
        pairs = [Pair(str(i), s, t, references=(r,)) for i, (s, t, r) in enumerate(zip(sources, outputs, refs))]
        scores, _ = score_pairs(pairs, "bleu,chrf,chrf++,ter")
        for score in scores:
            # every pair with a reference is scored, an empty translation included
            by_id = dict(zip(score.pair_ids, score.segments))
            sign = -1 if metric_spec(score.metric).lower_is_better else 1  # correlations: higher is better
            name = score.metric.upper() if score.metric in ("bleu", "ter") else score.metric.replace("chrf", "chrF")
            seg.setdefault(name, {})[system] = [None if by_id.get(p.id) is None else sign * by_id[p.id]
                                                for p in pairs]
            sys_scores.setdefault(name, {})[system] = sign * score.corpus
        findings = run_checks(pairs, context=context)
        by_pair: dict[str, list] = {}
        for finding in findings:
            by_pair.setdefault(finding.pair_id, []).append(finding)
        seg.setdefault("checks penalty", {})[system] = [penalty(by_pair.get(p.id, []), len(p.target.split()))
                                                        for p in pairs]
        sys_scores.setdefault("checks penalty", {})[system] = penalty(
            findings, sum(len(p.target.split()) for p in pairs))
    computed = list(seg)
    if args.comet_model:
        from mtreview.metrics.comet import CometOptions

        options = CometOptions(model=args.comet_model, progress=True)
        name = f"COMET ({Path(args.comet_model).name}, {args.comet_segments} seg/sys)"
        seg[name], sys_scores[name] = {}, {}
        for system in systems:
            outputs = read_lines(WMT / "system-outputs" / f"{system}.txt")
            rated = [i for i, v in enumerate(mqm[system]) if v is not None][:args.comet_segments]
            pairs = [Pair(str(i), sources[i], outputs[i], references=(refs[i],)) for i in rated]
            [score], _ = score_pairs(pairs, "comet", comet=options)
            by_id = dict(zip(score.pair_ids, score.segments))
            seg[name][system] = [by_id.get(str(i)) for i in range(SEGMENTS)]
            sys_scores[name][system] = score.corpus
        computed.append(name)
    for label, file_name in OFFICIAL.items():
        seg[label] = read_seg_scores(WMT / "metric-scores" / "seg" / f"{file_name}.seg.score")
        sys_scores[label] = read_sys_scores(WMT / "metric-scores" / "sys" / f"{file_name}.sys.score")

    print(f"WMT23 zh-en, {len(systems)} MT systems, reference refA; human scores: MQM "
          f"({sum(v is not None for s in systems for v in mqm[s])} rated segments)\n")
    print(f"{'metric':<34}{'seg tau flat':>13}{'seg tau item':>13}{'items':>7}{'sys r':>8}{'sys acc':>9}")
    for name in computed + list(OFFICIAL):
        xs, ys = [], []
        item_taus = []
        for i in range(SEGMENTS):
            mx, hy = [], []
            for system in systems:
                m, h = seg[name][system][i], mqm[system][i]
                if m is not None and h is not None:
                    xs.append(m), ys.append(h), mx.append(m), hy.append(h)
            if len(mx) > 1 and len(set(hy)) > 1 and len(set(mx)) > 1:
                item_taus.append(kendalltau(mx, hy).statistic)
        flat = kendalltau(xs, ys).statistic
        by_item = sum(item_taus) / len(item_taus) if item_taus else float("nan")
        metric_sys = sys_scores[name]
        r = pearsonr([metric_sys[s] for s in systems], [mqm_sys[s] for s in systems]).statistic
        accuracy = pairwise_accuracy({s: metric_sys[s] for s in systems}, {s: mqm_sys[s] for s in systems})
        print(f"{name:<34}{flat:>13.3f}{by_item:>13.3f}{len(xs):>7}{r:>8.3f}{accuracy:>9.3f}")
    print(f"\n(mtreview rows computed in {time.perf_counter() - started:.0f} s; official rows from metric-scores/)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
