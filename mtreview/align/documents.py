"""Documents into Pairs: paragraphs first, then sentences inside aligned paragraphs; and the
one-sentence-per-line input of `mtreview align --presplit`."""

from __future__ import annotations

from collections.abc import Sequence

from mtreview.align.embeddings import DocumentEmbeddings, SentenceEncoder, encode_sides
from mtreview.align.features import measure, restricted
from mtreview.align.passes import pooled_typical_cosine
from mtreview.align.sentences import (
    LONGEST,
    Bead,
    align_paragraphs,
    align_sentences,
    align_sentences_with,
    first_pass,
    second_pass,
)
from mtreview.records import Pair
from mtreview.segment import Sentence, paragraphs_with_offsets, split_sentences

# --- documents into Pairs ---------------------------------------------------------------------


class _Document:
    """One side's paragraphs (text, raw offsets) and sentences; a sentence's document index is its
    position in `sentences`."""

    def __init__(self, text: str, lang: str) -> None:
        self.paragraphs = paragraphs_with_offsets(text, lang)
        self.sentences: list[Sentence] = []
        self.by_paragraph: list[list[int]] = []
        for number, (paragraph, _) in enumerate(self.paragraphs):
            spans = split_sentences(paragraph, lang)
            self.by_paragraph.append(list(range(len(self.sentences), len(self.sentences) + len(spans))))
            self.sentences.extend(Sentence(paragraph[start:end], start, end, number) for start, end in spans)

    def text_of(self, indices: Sequence[int]) -> str:
        """The paragraph text from the first sentence's start to the last one's end, so spacing and
        run-ons stay as written; a bead across paragraphs joins its pieces with a newline."""
        pieces = []
        for number in dict.fromkeys(self.sentences[k].paragraph for k in indices):
            inside = [self.sentences[k] for k in indices if self.sentences[k].paragraph == number]
            pieces.append(self.paragraphs[number][0][inside[0].start : inside[-1].end])
        return "\n".join(pieces)

    def glued_after(self, index: int) -> str:
        """What follows the sentence with no space between, e.g. "Photo" after "Guest House."."""
        sentence = self.sentences[index]
        text = self.paragraphs[sentence.paragraph][0]
        end = sentence.end
        while end < len(text) and end - sentence.end < 30 and not text[end].isspace():
            end += 1
        return text[sentence.end : end]

    def note_for(self, indices: Sequence[int], notes: list[tuple[int, int, str]] | _NoteIndex) -> str:
        """The notes whose raw-text ranges the sentences touch; "partly <note>" if not all covered."""
        raw_offsets = []
        for k in indices:
            sentence = self.sentences[k]
            text, offsets = self.paragraphs[sentence.paragraph]
            raw_offsets += [offsets[p] for p in range(sentence.start, sentence.end) if not text[p].isspace()]
        index = notes if isinstance(notes, _NoteIndex) else _NoteIndex(notes)
        found = []
        for note, covered in index.coverage(raw_offsets):
            found.append(note if covered == len(raw_offsets) else f"partly {note}")
        return "; ".join(found)


class _NoteIndex:
    """Note ranges merged per note and searched by bisection: a pair's coverage costs its characters times
    log(ranges), not pairs times ranges (20,000 reconstructed passages took minutes)."""

    def __init__(self, notes: list[tuple[int, int, str]]) -> None:
        by_note: dict[str, list[tuple[int, int]]] = {}
        for start, end, note in notes:
            by_note.setdefault(note, []).append((start, end))
        self.ranges: dict[str, tuple[list[int], list[int]]] = {}
        for note, ranges in by_note.items():
            merged: list[list[int]] = []
            for start, end in sorted(ranges):
                if merged and start <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            self.ranges[note] = ([start for start, _ in merged], [end for _, end in merged])

    def coverage(self, offsets: list[int]) -> list[tuple[str, int]]:
        """(note, how many of the offsets its ranges cover) for each note covering any, in first-seen order."""
        from bisect import bisect_right

        result = []
        for note, (starts, ends) in self.ranges.items():
            covered = 0
            for offset in offsets:
                at = bisect_right(starts, offset) - 1
                covered += at >= 0 and offset < ends[at]
            if covered:
                result.append((note, covered))
        return result


def sentence_texts(text: str, lang: str) -> list[str]:
    """A document's sentences as align_texts segments them ("zh" or "en"): the keys of its `references`."""
    return [sentence.text for sentence in _Document(text, lang).sentences]


def align_texts(source_text: str, target_text: str, *, references: dict | None = None,
                source_notes: list[tuple[int, int, str]] | None = None,
                embeddings: SentenceEncoder | None = None) -> list[Pair]:
    """Segment and align a Chinese document with its English translation, into Pairs in order.

    `references` maps a source sentence (exactly as segmented) to a reference translation; a pair
    gets one when every source sentence in it has one. `source_notes` are (start, end, note) ranges
    of `source_text` as given (e.g. reconstructed passages); a pair touching one gets the note.
    `embeddings` (a sentence encoder, embeddings.load_encoder) is one more feature of the sentence
    alignment; paragraphs are aligned without it.
    """
    source, target = _Document(source_text, "zh"), _Document(target_text, "en")
    pairs = []
    note_index = _NoteIndex(source_notes) if source_notes else None
    groups = [([k for number in bead.source for k in source.by_paragraph[number]],
               [k for number in bead.target for k in target.by_paragraph[number]])
              for bead in align_paragraphs([text for text, _ in source.paragraphs], [text for text, _ in target.paragraphs])]
    aligned, typical = align_runs([s.text for s in source.sentences], [s.text for s in target.sentences], groups)
    if embeddings is not None:
        aligned = _realigned(source, target, groups, aligned, embeddings, typical)
    for (source_group, target_group), beads in zip(groups, aligned, strict=True):
        for bead in beads:
            source_indices = tuple(source_group[k] for k in bead.source)
            target_indices = tuple(target_group[k] for k in bead.target)
            pairs.append(_make_pair(source, source_indices, target, target_indices, bead.score,
                                    references or {}, note_index))
    return pairs


def align_runs(source: Sequence[str], target: Sequence[str], runs: Sequence[tuple[Sequence[int], Sequence[int]]],
               *, lines: bool = False) -> tuple[list[list[Bead]], float | None]:
    """The sentences of each run (its source and target sentence numbers: a paragraph bead) aligned on
    their own, the beads in the run's own numbering; and the document's typical cosine they used.
    `lines`: the texts are a user's lines, which may hold several sentences (features.measure), not
    the sentences of segment_document.

    The words are measured on the whole document, so that a word weighs by its rarity in all the
    English and a name anywhere in it is known; each run takes its sentences' rows. How much the
    document's true pairs share is measured on all the runs' first passes too: one paragraph alone has
    too few sentences to tell. `benchmarks/align_gold.py --paragraphs 3` (the gold cut into paragraphs
    of three beads), strict F1 with each paragraph measuring both itself -> the typical pooled -> the
    words too: news dev 0.960 -> 0.968 -> 0.973, held out 0.948 -> 0.957 -> 0.963 (1-0 recall 0.70 ->
    0.78), MAC-Dev 0.849 -> 0.856 -> 0.862; paragraphs of six beads: news 0.962 -> 0.969 and 0.954 ->
    0.962, MAC-Dev 0.831 -> 0.843."""
    document = measure(list(source), list(target), lines=lines)
    firsts = [first_pass([source[k] for k in source_rows], [target[k] for k in target_rows],
                         features=restricted(document, source_rows, target_rows) if source_rows and target_rows else None)
              for source_rows, target_rows in runs]
    del document
    typical = pooled_typical_cosine([(first.costs, first.path) for first in firsts if first.costs is not None])
    return [second_pass(first, typical=typical) for first in firsts], typical


def _realigned(source: _Document, target: _Document, groups: list[tuple[list[int], list[int]]],
               aligned: list[list[Bead]], encoder: SentenceEncoder, typical: float | None) -> list[list[Bead]]:
    """The paragraph beads' sentences aligned again with the embeddings, their weight fitted on the
    whole document's first alignment (`aligned`; a paragraph alone has too few sentences to fit on)."""
    # The paired beads in document indices (a bead's sentences are consecutive there too).
    path = [(source_group[bead.source[0]], len(bead.source), target_group[bead.target[0]], len(bead.target))
            for (source_group, target_group), beads in zip(groups, aligned, strict=True)
            for bead in beads if bead.source and bead.target]
    document = DocumentEmbeddings.fit(*encode_sides(encoder, [s.text for s in source.sentences],
                                                    [s.text for s in target.sentences]), path)
    return [align_sentences_with([source.sentences[k].text for k in source_group],
                                 [target.sentences[k].text for k in target_group],
                                 document.similarity(source_group, target_group, longest=LONGEST), typical=typical)
            for source_group, target_group in groups]


def _make_pair(source: _Document, source_indices: tuple[int, ...], target: _Document,
               target_indices: tuple[int, ...], score: float, references: dict[str, str],
               source_notes: _NoteIndex | None) -> Pair:
    looked_up = [references.get(source.sentences[k].text) for k in source_indices]
    found_references = [reference for reference in looked_up if reference is not None]
    has_references = bool(looked_up) and len(found_references) == len(looked_up)
    side = target if target_indices else source
    return Pair(
        id=f"zh{'+'.join(map(str, source_indices)) or '-'}_en{'+'.join(map(str, target_indices)) or '-'}",
        source=source.text_of(source_indices) if source_indices else "",
        target=target.text_of(target_indices) if target_indices else "",
        # sentences of one bead of an aligned reference share its text: joined once
        references=(" ".join(dict.fromkeys(found_references)),) if has_references else (),
        source_indices=source_indices,
        target_indices=target_indices,
        paragraph=side.sentences[(target_indices or source_indices)[0]].paragraph,
        kind=f"{len(source_indices)}-{len(target_indices)}",
        align_score=score,
        source_note=source.note_for(source_indices, source_notes) if source_notes else "",
        target_after=target.glued_after(target_indices[-1]) if target_indices else "",
    )


# --- one sentence per line (read by mtreview.inputs.lines.read_presplit) ---------------------------


def align_presplit(source: Sequence[str], target: Sequence[str], *, lexical: bool = True,
                   embeddings: SentenceEncoder | None = None) -> list[Bead]:
    """Align sentences given one per line, with no paragraphs: the whole document as one run."""
    return align_sentences(list(source), list(target), lexical=lexical, embeddings=embeddings)
