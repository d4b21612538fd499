"""Corrections written into a Word translation as tracked changes: the words a correction removes become a
deletion (<w:del>) and the words it adds an insertion (<w:ins>), by the reviewer's name and dated, for an
editor to accept or reject in Word. The runs are split where a change begins and ends, so formatting stays
with the words it was on, and an insertion takes the formatting of the words it replaces or follows.
Every part of the document other than word/document.xml is copied as it was."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mtreview.apply.edits import segment_edits
from mtreview.apply.plan import Change
from mtreview.errors import InputError
from mtreview.formats.docx import (
    XML_SPACE,
    next_annotation_id,
    pieces,
    runs_covering,
    split_run_at,
    w,
    write_copy,
)
from mtreview.inputs.docx import docx_text
from mtreview.inputs.places import TargetLayout
from mtreview.records import Corpus


def _tracked(tag: str, change_id: int, author: str, date: str, run: Any) -> Any:
    element = run.makeelement(w(tag), {w("id"): str(change_id), w("author"): author, w("date"): date})
    return element


def _delete(runs: list[Any], ids, author: str, date: str) -> Any:
    """Wrap each run in a <w:del>, its text as <w:delText>; returns the last wrapper."""
    last = None
    for run in runs:
        wrapper = _tracked("del", next(ids), author, date, run)
        run.addprevious(wrapper)
        wrapper.append(run)
        for child in run:
            if child.tag == w("t"):
                child.tag = w("delText")
        last = wrapper
    return last


def _insertion(text: str, like: Any, ids, author: str, date: str) -> Any:
    wrapper = _tracked("ins", next(ids), author, date, like)
    run = like.makeelement(w("r"), {})
    properties = like.find(w("rPr")) if like is not None else None
    if properties is not None:
        run.append(copy.deepcopy(properties))
    element = run.makeelement(w("t"), {XML_SPACE: "preserve"})
    element.text = text
    run.append(element)
    wrapper.append(run)
    return wrapper


def write_docx(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    target = corpus.target_file
    assert target is not None
    found = docx_text(target)
    layout = TargetLayout(found.text, target)
    date = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    # (paragraph number, start, end, text to insert or None, author) per stretch of each edit
    stretches = []
    for pair, change, edit in segment_edits(corpus.pairs, changes, target, "in Word"):
        for k, place in enumerate(layout.locate(pair, edit.start, edit.end)):
            paragraph, lead = found.paragraphs[place.paragraph]
            stretches.append((place.paragraph, lead + place.start, lead + place.end,
                              edit.text if k == 0 else None, change.author))
    for number, start, end, _, _ in stretches:  # split first: offsets are those of the text as read
        paragraph = found.paragraphs[number][0]
        split_run_at(paragraph, start)
        split_run_at(paragraph, end)
    ids = next_annotation_id(found.document)
    # the last stretch first: a change moves no text before it, so the offsets of the rest stay true
    for number, start, end, text, author in sorted(stretches, key=lambda s: (s[0], s[1]), reverse=True):
        paragraph = found.paragraphs[number][0]
        at_start = [piece.run for piece in pieces(paragraph) if piece.start == start]
        before = [piece.run for piece in pieces(paragraph) if piece.end == start]
        deleted = runs_covering(paragraph, start, end) if end > start else []
        anchor = _delete(deleted, ids, author, date) if deleted else None
        if not text:
            continue
        like = deleted[0] if deleted else (before[-1] if before else at_start[0] if at_start else None)
        if like is None:
            raise InputError(target, f"paragraph {number + 1} has no run to put a correction in")
        insertion = _insertion(text, like, ids, author, date)
        if anchor is not None:
            anchor.addnext(insertion)
        elif at_start:
            at_start[0].addprevious(insertion)
        else:
            like.addnext(insertion)
    write_copy(target, found.document, out)
    return []
