"""Bilingual files: TMX 1.4 translation memories and XLIFF 1.2 / 2.x, read into a Corpus of Pairs,
and findings written back into XLIFF (mtreview.formats.xliff.annotate_xliff).

Every file is parsed with defusedxml: a DTD may be present, but entity declarations (the XXE and
"billion laughs" attacks) and external references are refused before anything is expanded or read.
"""

from __future__ import annotations

from pathlib import Path

from mtreview.errors import InputError


def load_bilingual(path: Path):
    """A .tmx or .xlf/.xliff/.sdlxliff file as a Corpus; the reader is chosen by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        from mtreview.formats.tmx import load_tmx

        return load_tmx(path)
    if suffix in (".xlf", ".xliff", ".sdlxliff"):
        from mtreview.formats.xliff import load_xliff

        return load_xliff(path)
    raise InputError(path, f"not a bilingual file mtreview reads ({suffix or 'no suffix'})")
