"""Corrections written into a plain-text translation (a text pair's target, a corpus folder's target file):
each changed segment's words replaced where they stand, the rest of the file as it was (line breaks, blank
lines, encoding and byte-order mark)."""

from __future__ import annotations

from pathlib import Path

from mtreview.apply.edits import segment_edits
from mtreview.apply.plan import Change
from mtreview.inputs.places import TargetLayout
from mtreview.records import Corpus, Pair


def _raw_offset(layout: TargetLayout, pair: Pair, position: int) -> int:
    (place,) = layout.locate(pair, position, position)
    return layout.raw_span(place)[0]


def write_text(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.inputs.encoding import scan
    from mtreview.report.machine import atomic_output

    target = corpus.target_file
    assert target is not None
    data = target.read_bytes()
    with open(target, "rb") as handle:
        scanned = scan(handle, expect="en")
    raw = data[scanned.start:].decode(scanned.codec)
    newline = "\r\n" if "\r\n" in raw else "\r" if "\r" in raw else "\n"
    text = raw.replace("\r\n", "\n").replace("\r", "\n")  # as mtreview.inputs.text read it for the aligner
    layout = TargetLayout(text, target)
    replacements = []
    for pair, _, edit in segment_edits(corpus.pairs, changes, target, "in the file"):
        replacements.append((_raw_offset(layout, pair, edit.start), _raw_offset(layout, pair, edit.end), edit.text))
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    notes = []
    try:
        encoded = text.replace("\n", newline).encode(scanned.codec)
        head = data[:scanned.start]
    except UnicodeEncodeError:
        encoded, head = text.replace("\n", newline).encode("utf-8"), b""
        notes.append(f"{out.name} is written in UTF-8: the corrections hold characters {scanned.encoding} lacks")
    with atomic_output(out) as temporary:
        temporary.write_bytes(head + encoded)
    return notes
