"""What a review is of: a *document* in a *corpus*, by a *system*.

Reviewers' decisions, post-edits and their own findings belong to a document, so the identity must
never join two articles by accident (two folders that both hold `target.en.txt` used to be one corpus
"target") and must find the earlier rounds when the same files are reviewed again, even under a new file
name. The default document is therefore named by its source text: the Chinese article is what stays the
same across rounds and translators, and it tells two articles apart. Whitespace is left out and the
text is NFKC-normalised, so re-segmenting, re-aligning or re-wrapping a document keeps its identity.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

DOCUMENT_KEY_LENGTH = 12
_SPACE = re.compile(r"\s+")


def document_key(sources: Iterable[str]) -> str:
    """The default document name: a short hash of the source texts in order, whitespace removed."""
    digest = hashlib.sha1()
    for source in sources:
        if source:
            text = _SPACE.sub("", unicodedata.normalize("NFKC", source))
            digest.update(text.encode("utf-8", "surrogatepass"))
    return "zh-" + digest.hexdigest()[:DOCUMENT_KEY_LENGTH]


def review_identity(corpus, corpus_name: str = "", document: str = "") -> tuple[str, str]:
    """(corpus, document) of a review of `corpus` (mtreview.records.Corpus): the names given, else the
    input's own (a manifest's), else the corpus's name and the document named by its source text."""
    return (corpus_name or corpus.name,
            document or corpus.document or document_key(pair.source for pair in corpus.pairs))


def text_pair_corpus_name(source_path: Path, target_path: Path) -> str:
    """A text pair's corpus: the folder that holds the source (an article's folder, or the desk's folder
    of articles), not the target's file stem, which is the same ("target") for every article."""
    folder = Path(source_path).resolve().parent
    return folder.name or "corpus"
