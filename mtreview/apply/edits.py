"""A correction as the smallest edits that turn the old translation into the new one, and those edits made
on text split into pieces around inline codes (XLIFF, TMX), so that the codes stay where they were."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview.errors import InputError
from mtreview.records import Pair

if TYPE_CHECKING:
    from mtreview.apply.plan import Change

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Edit:
    """Replace old[start:end] with `text` (an insertion when start == end, a deletion when text is "")."""

    start: int
    end: int
    text: str


def word_edits(old: str, new: str) -> list[Edit]:
    """The edits, word by word, that make `old` into `new`, in order and not overlapping: an editor accepting
    or rejecting a tracked change sees the words that changed, not the whole sentence retyped."""
    if old == new:
        return []
    old_tokens = [match for match in _TOKEN.finditer(old)]
    new_tokens = [match for match in _TOKEN.finditer(new)]
    matcher = difflib.SequenceMatcher(None, [t.group() for t in old_tokens], [t.group() for t in new_tokens],
                                      autojunk=False)
    edits = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start = old_tokens[a0].start() if a0 < len(old_tokens) else len(old)
        end = old_tokens[a1 - 1].end() if a1 > a0 else start
        text = new[new_tokens[b0].start():new_tokens[b1 - 1].end()] if b1 > b0 else ""
        edits.append(Edit(start, end, text))
    return edits


def segment_edits(pairs: Sequence[Pair], changes: Mapping[str, Change], target: Path,
                  by_hand: str) -> Iterator[tuple[Pair, Change, Edit]]:
    """Each changed segment's word edits, in corpus order, for a writer that edits the translation where
    its words stand. A segment with no translation (an omission) cannot be corrected in place: InputError,
    `by_hand` saying where to add it ("in Word")."""
    for pair in pairs:
        change = changes.get(pair.id)
        if change is None:
            continue
        if not pair.target_indices:
            raise InputError(target, f"segment {pair.id} has no translation to correct (an omission): add the "
                                     f"sentence {by_hand} by hand")
        for edit in word_edits(pair.target, change.target):
            yield pair, change, edit


@dataclass
class Slot:
    """A piece of text that can be rewritten in place: its text and how to set it."""

    text: str
    assign: Callable[[str], None] | None  # None: the piece cannot be changed (e.g. XLIFF 2 <cp/>)


def edit_slots(slots: Sequence[Slot], edits: Sequence[Edit]) -> bool:
    """Make the edits (offsets into the slots' joined text) in the slots: the text around them changes, the
    codes between slots stay. An edit across several slots keeps the codes between them, its new text going
    where it begins; an insertion at a boundary goes after the text before it. Returns False, changing
    nothing, when an edit touches a slot that cannot change, or there is no slot to put text in."""
    if not slots:
        return False
    texts = [slot.text for slot in slots]
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text)
    ends = [start + len(text) for start, text in zip(starts, texts)]
    # later edits first: an edit changes only text at and after its start, so earlier offsets stay true
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        touched = [k for k in range(len(slots)) if starts[k] < edit.end and edit.start < ends[k]]
        if touched:
            host = touched[0]
        else:
            host = next((k for k in range(len(slots)) if starts[k] < edit.start <= ends[k]), 0)
        if any(slots[k].assign is None for k in [host, *touched]):
            return False
        for k in reversed(touched):
            a, b = max(edit.start, starts[k]) - starts[k], min(edit.end, ends[k]) - starts[k]
            texts[k] = texts[k][:a] + texts[k][b:]
        at = min(max(edit.start - starts[host], 0), len(texts[host]))
        texts[host] = texts[host][:at] + edit.text + texts[host][at:]
    for slot, text in zip(slots, texts):
        if text != slot.text and slot.assign is not None:
            slot.assign(text)
    return True
