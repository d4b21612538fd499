"""An XML element's inline text (TMX <seg>, XLIFF <target>) as slots that mtreview.apply.edits can rewrite:
the text around inline codes changes, the codes (<x/>, <bpt>, <ph>, <g> ...) stay where they were."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from mtreview.apply.edits import Slot, edit_slots, word_edits
from mtreview.formats._xml import slots


def _setter(owner: Element, attribute: str):
    def assign(text: str) -> None:
        setattr(owner, attribute, text or None)

    return assign


def rewrite_inline(element: Element, old: str, new: str, lead: int = 0) -> bool:
    """Turn the element's inline text `old` (which starts `lead` characters in, after leading space the reader
    stripped) into `new`, word by word; False when an edit would touch a code's own text."""
    pieces = [Slot(text, _setter(owner, attribute) if owner is not None else None)
              for owner, attribute, text in slots(element)]
    edits = [edit.__class__(edit.start + lead, edit.end + lead, edit.text) for edit in word_edits(old, new)]
    if not pieces:
        element.text = new
        return True
    return edit_slots(pieces, edits)
