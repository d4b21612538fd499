"""review.html: the findings as one standalone page, viewable with no network, filterable by
category and severity, the flagged text highlighted. Every text is escaped; the only script is the
filter, written here."""

from __future__ import annotations

import html
from itertools import islice
from pathlib import Path

from mtreview.records import Review, Span
from mtreview.report.machine import atomic_output

_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ddd; padding: .35em;
vertical-align: top; text-align: left; } th { background: #eee; position: sticky; top: 0; }
mark { background: #ffd6d6; color: #a00000; font-weight: bold; } .critical { background: #c00000; color: #fff; }
.major { background: #f4b183; } .minor { background: #ffe699; } .filters label { margin-right: 1em; }
.text { max-width: 32em; } .meta { color: #555; }
"""
_SCRIPT = """
function applyFilters() {
  const on = name => new Set([...document.querySelectorAll('input[name=' + name + ']:checked')].map(i => i.value));
  const categories = on('category'), severities = on('severity');
  let shown = 0;
  for (const row of document.querySelectorAll('tbody tr')) {
    const visible = categories.has(row.dataset.category) && severities.has(row.dataset.severity);
    row.hidden = !visible; shown += visible;
  }
  document.getElementById('shown').textContent = shown;
}
document.querySelectorAll('.filters input').forEach(i => i.addEventListener('change', applyFilters));
"""


def marked(text: str, span: Span | None) -> str:
    """Escaped text with the span wrapped in <mark>."""
    if not span or not (0 <= span[0] < span[1] <= len(text)):
        return html.escape(text)
    start, end = span
    return (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
            + html.escape(text[end:]))


def _checkboxes(name: str, values: list[str]) -> str:
    boxes = "".join(f'<label><input type="checkbox" name="{name}" value="{html.escape(v, quote=True)}" checked> '
                    f"{html.escape(v)}</label>" for v in values)
    return f"<p><strong>{name.capitalize()}:</strong> {boxes}</p>"


# Above this many findings the page holds the first ones only, in document order, and says so: a
# table of a hundred thousand rows (each with its source and target) makes a browser crawl, and no
# reviewer scrolls that far. All of them are in findings.csv and findings.jsonl beside the page.
MAX_HTML_FINDINGS = 20_000


def write_review_html(review: Review, path: Path, *, max_findings: int | None = None) -> None:
    """Write review.html atomically: the first max_findings findings (default MAX_HTML_FINDINGS) in
    document order, with a note saying how many of how many when that is not all of them."""
    limit = max(0, MAX_HTML_FINDINGS if max_findings is None else max_findings)
    total = len(review.findings)

    def shown():
        return islice(review.ordered_findings(), limit)

    # A first pass over the rows the page holds, for the filters and the count; the second writes them.
    categories: set[str] = set()
    severities: set[str] = set()
    count = 0
    for finding, _ in shown():
        categories.add(finding.category)
        severities.add(finding.severity.value)
        count += 1

    def rows():
        for finding, pair in shown():
            yield (
                f'<tr data-category="{html.escape(finding.category, quote=True)}" '
                f'data-severity="{finding.severity.value}">'
                f"<td>{html.escape(finding.pair_id)}</td><td>{html.escape(finding.check)}</td>"
                f"<td>{html.escape(finding.category)}</td>"
                f'<td class="{finding.severity.value}">{finding.severity.value}</td>'
                f"<td>{html.escape(finding.message)}</td><td>{html.escape(finding.suggestion or '')}</td>"
                f'<td class="text" lang="zh">{marked(pair.source if pair else "", finding.source_span)}</td>'
                f'<td class="text" lang="en">{marked(pair.target if pair else "", finding.target_span)}</td>'
                "</tr>\n")

    scores = "".join(f"<li>{html.escape(s.metric)} {s.corpus:.2f} <span class=meta>{html.escape(s.signature)}"
                     "</span></li>" for s in review.scores if s.corpus is not None)
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in review.notes)
    capped = ""
    if count < total:
        capped = (f'<p class="capped"><strong>This page shows the first {count:,} of {total:,} findings</strong> '
                  "(in document order); all of them are in findings.csv and findings.jsonl beside this "
                  "page.</p>\n")
    title = f"mtreview: {review.corpus} {review.run_id}"
    head = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>{_STYLE}</style></head><body>
<h1>{html.escape(review.corpus)}</h1>
<p class="meta">Run {html.escape(review.run_id)} · {html.escape(review.created)} · system {html.escape(review.system or "–")}
 · {len(review.pairs)} pairs · {total} findings ({review.suppressed} suppressed as false positives)</p>
{capped}<ul>{scores}</ul><ul class="meta">{notes}</ul>
<div class="filters">{_checkboxes("category", sorted(categories))}
{_checkboxes("severity", [s for s in ("critical", "major", "minor", "neutral") if s in severities])}
<p>Showing <span id="shown">{count}</span> of {count}.</p></div>
<table><thead><tr><th>Segment</th><th>Check</th><th>Category</th><th>Severity</th><th>Message</th>
<th>Suggestion</th><th>Source</th><th>Target</th></tr></thead>
<tbody>
"""
    with atomic_output(Path(path)) as temporary:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(head)
            out.writelines(rows())  # row by row: memory stays flat however many findings
            out.write(f"</tbody></table>\n<script>{_SCRIPT}</script></body></html>\n")
