"""A reference translation of a whole document, aligned to the source with mtreview's aligner.

`review SOURCE TARGET --ref REFERENCE.txt`, a `corpus.toml` `[reference] file = ...` without a hand
`alignment`, and a corpus folder's `reference.en.txt` all come here: the reference is segmented and
aligned to the Chinese source sentence by sentence (mtreview.align), and every source sentence in a bead
with reference sentences gets those sentences as its reference. align_texts then gives a pair the
references of its source sentences, joined (mtreview.align.documents), as it does for a hand alignment.
"""

from __future__ import annotations

from pathlib import Path


def reference_map(source_text: str, reference_text: str) -> dict[str, str]:
    """Source sentence (exactly as segmented) -> the reference text the aligner pairs it with.

    The sentences are aligned over the whole document, not paragraph by paragraph: a reference
    re-paragraphs more often than a translation under review does (Xinhua's English of the bundled case
    adds a headline and splits paragraphs). The source sentences of one bead (two Chinese sentences the
    reference renders as one) map to the same text, which a pair holding both gets once; reference
    sentences aligned to no source sentence are left out."""
    from mtreview.align import align_sentences
    from mtreview.align.documents import sentence_texts

    sources, references = sentence_texts(source_text, "zh"), sentence_texts(reference_text, "en")
    mapping: dict[str, str] = {}
    if not sources or not references:
        return mapping
    for bead in align_sentences(sources, references):
        if bead.source and bead.target:
            text = " ".join(references[k] for k in bead.target)
            for k in bead.source:
                mapping[sources[k]] = text
    return mapping


def aligned_references(source_text: str, reference_path: Path) -> tuple[dict[str, str], list[str]]:
    """Read an English reference file (InputError when it is missing, unreadable or looks Chinese) and
    align it to the source: (the mapping of reference_map, corpus notes saying what was done)."""
    from mtreview.align.documents import sentence_texts
    from mtreview.inputs.language import check_reference
    from mtreview.inputs.text import encoding_note, read_text_detected

    reference_path = Path(reference_path)
    text, encoding = read_text_detected(reference_path, "en")
    check_reference(reference_path, text)
    mapping = reference_map(source_text, text)
    total = len(sentence_texts(source_text, "zh"))
    covered = len(mapping)
    notes = encoding_note(reference_path, encoding)
    notes.append(f"reference {reference_path.name} aligned to the source by the aligner (no hand alignment): "
                 f"{covered} of {total} source sentence(s) have a reference; check the Segments sheet")
    return mapping, notes
