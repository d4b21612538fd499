"""Where a pair's target text lies in the document it was aligned from: paragraph and offsets.

A pair aligned from whole documents (mtreview.align.align_texts) holds its sentences' text from the first
one's start to the last one's end in each paragraph, the pieces of several paragraphs joined by a newline.
The target is segmented here exactly as the aligner segmented it, so a finding's span, or a correction,
can be put back where the words are: in a Word paragraph's runs, or at a text file's raw offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtreview.errors import InputError
from mtreview.records import Pair
from mtreview.segment import Offsets, paragraphs_with_offsets, split_sentences


@dataclass(frozen=True)
class Place:
    """A stretch of one paragraph: offsets [start, end) into the paragraph's text as the aligner read it."""

    paragraph: int
    start: int
    end: int


class TargetLayout:
    """The target document's paragraphs and sentences, as mtreview.align segmented them."""

    def __init__(self, text: str, origin: object = "") -> None:
        self.origin = origin
        self.paragraphs: list[tuple[str, Offsets]] = paragraphs_with_offsets(text, "en")
        self.sentences: list[Place] = []
        for number, (paragraph, _) in enumerate(self.paragraphs):
            self.sentences += [Place(number, start, end) for start, end in split_sentences(paragraph, "en")]

    def pieces(self, pair: Pair) -> list[Place]:
        """The stretches of the pair's target, one per paragraph, in order (as in pair.target, newline-joined);
        InputError when they do not hold the pair's text (the document is not the one the pair came from)."""
        pieces: list[Place] = []
        for index in pair.target_indices:
            if not 0 <= index < len(self.sentences):
                raise InputError(self.origin, f"has no sentence {index} (segment {pair.id}); it changed since it "
                                              "was reviewed")
            sentence = self.sentences[index]
            if pieces and pieces[-1].paragraph == sentence.paragraph:
                pieces[-1] = Place(sentence.paragraph, pieces[-1].start, sentence.end)
            else:
                pieces.append(sentence)
        if "\n".join(self.text_of(piece) for piece in pieces) != pair.target:
            raise InputError(self.origin, f"segment {pair.id} reads differently now; the document changed since "
                                          "it was reviewed")
        return pieces

    def text_of(self, place: Place) -> str:
        return self.paragraphs[place.paragraph][0][place.start:place.end]

    def locate(self, pair: Pair, start: int, end: int) -> list[Place]:
        """The stretches of paragraphs that [start, end) of pair.target covers (an empty span: one empty
        Place where it begins)."""
        places, at = [], 0
        for piece in self.pieces(pair):
            length = piece.end - piece.start
            lo, hi = max(start, at), min(end, at + length)
            if lo < hi or (start == end and at <= start <= at + length):
                places.append(Place(piece.paragraph, piece.start + lo - at, piece.start + hi - at))
                if start == end:
                    break
            at += length + 1  # the newline joining paragraphs
        return places

    def raw_span(self, place: Place) -> tuple[int, int]:
        """The place as offsets into the text the layout was made of (a line break inside a paragraph, read
        as a space, maps to the break)."""
        paragraph, offsets = self.paragraphs[place.paragraph]
        if place.start < len(paragraph):
            raw_start = offsets[place.start]
        else:
            raw_start = offsets[len(paragraph) - 1] + 1
        raw_end = offsets[place.end - 1] + 1 if place.end > place.start else raw_start
        return raw_start, raw_end
