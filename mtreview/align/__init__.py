"""Sentence alignment of a Chinese source with its English translation.

A dynamic programme over beads (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-4, 4-1, 2-3, 3-2, 1-0, 0-1) whose
cost adds a Gale-Church length term, anchors that survive translation (numbers as values, Latin
tokens, ?! brackets and quotes) and lexical similarity: each Chinese sentence glossed into English
stems through CC-CEDICT, with names matched by their pinyin (翟健岚 ~ Zhai Jianlan), against the
English sentence's stems. Paragraphs are aligned first and sentences within aligned paragraphs;
`--presplit` input is aligned as one run of sentences. Long inputs are searched coarse to fine, in
bands (search.py).

Modules: anchors (what survives translation), features (per-sentence arrays), costs (a bead's cost),
search (the banded programme, coarse to fine), sentences (beads, priors, scores), documents (Pairs,
presplit input). Reading files is mtreview.inputs' job: align imports nothing of it.
"""

from mtreview.align.documents import align_presplit, align_texts
from mtreview.align.sentences import BEAD_PRIORS, Bead, align_paragraphs, align_sentences

__all__ = ["BEAD_PRIORS", "Bead", "align_paragraphs", "align_presplit", "align_sentences", "align_texts"]
