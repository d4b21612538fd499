"""`mtreview apply`: a reviewed workbook's corrections written into the translation, in the input's own format.

It reads the files the review read (named in the workbook's Summary), aligns them again, and refuses the
workbook unless every segment and finding still has the fingerprint it had (mtreview.apply.plan). It applies
the reviewers' *Corrected translation* cells and, for the checks named, the literal suggestions of their
findings (not those a reviewer dismissed). It writes one file, atomically, or nothing: every row is checked
first. WRITERS is the one table of which format is written by which module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview.apply.plan import Change, plan_changes, read_workbook
from mtreview.errors import InputError
from mtreview.records import Corpus
from mtreview.review_sheet import EMBEDDINGS_ITEM

if TYPE_CHECKING:
    from mtreview.align.embeddings import SentenceEncoder

Writer = Callable[[Corpus, dict[str, Change], Path], list[str]]


def _text(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.apply.text import write_text

    return write_text(corpus, changes, out)


def _table(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.apply.table import write_table

    return write_table(corpus, changes, out)


def _tmx(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.apply.tmx import write_tmx

    return write_tmx(corpus, changes, out)


def _xliff(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.apply.xliff import write_xliff

    return write_xliff(corpus, changes, out)


def _docx(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    from mtreview.apply.docx import write_docx

    return write_docx(corpus, changes, out)


# The translation's file suffix (lower case) -> its writer; any other file a document was aligned from
# (a text pair's target, a corpus folder's) is plain text.
WRITERS: dict[str, Writer] = {
    ".tsv": _table, ".csv": _table, ".tab": _table,
    ".tmx": _tmx,
    ".xlf": _xliff, ".xliff": _xliff, ".sdlxliff": _xliff,
    ".docx": _docx,
}


@dataclass
class ApplyResult:
    out: Path
    translation: Path  # the file the corrections were made to (a copy of it is `out`)
    corrected: int = 0  # segments changed by a reviewer's corrected translation
    suggested: int = 0  # segments changed by accepted suggestions only
    suggestions: int = 0  # suggestions accepted
    notes: list[str] = field(default_factory=list)


def _encoder(model: str, device: str) -> SentenceEncoder:
    from mtreview.align.embeddings import load_encoder  # torch only when the review used a model

    return load_encoder(model, device=device)


def corrected_name(path: Path) -> Path:
    """target.en.docx -> target.en.corrected.docx, beside it."""
    return path.with_name(f"{path.stem}.corrected{path.suffix}")


def apply_workbook(workbook: Path, out: Path | None = None, accept_suggestions: Iterable[str] = (),
                   inputs: Sequence[Path] | None = None, embeddings: str | None = None,
                   embeddings_device: str = "auto") -> ApplyResult:
    """Write the corrected translation (InputError, nothing written, for any row that cannot be applied).
    The inputs are aligned again as the review aligned them: with the sentence-embedding model its Summary
    names (`embeddings` overrides it, e.g. a model that moved), on `embeddings_device`."""
    from mtreview.checks import available_checks
    from mtreview.inputs import aligns_text, load_input

    workbook = Path(workbook)
    accept = [check.strip() for check in accept_suggestions if check.strip()]
    unknown = [check for check in accept if check not in available_checks()]
    if unknown:
        raise InputError(workbook, f"--accept-suggestions: unknown check(s) {', '.join(unknown)} (mtreview checks "
                                   "lists them)")
    book = read_workbook(workbook)
    named = [Path(path) for path in inputs] if inputs else [Path(path) for path in book.inputs]
    if not named:
        raise InputError(workbook, "names no input files in its Summary (written before mtreview apply existed?); "
                                   "give them with --input")
    missing = [str(path) for path in named if not path.exists()]
    if missing:
        raise InputError(workbook, f"was reviewed from {', '.join(missing)}, which is not there now; give the "
                                   "files with --input")
    model = embeddings or book.summary.get(EMBEDDINGS_ITEM) or None
    corpus = load_input(named, embeddings=_encoder(model, embeddings_device) if model and aligns_text(named) else None)
    translation = corpus.target_file or Path(corpus.origin)
    writer = WRITERS.get(translation.suffix.lower(), _text if corpus.target_file is not None else None)
    if writer is None:
        raise InputError(translation, "mtreview apply cannot write this format")
    pairs = {pair.id: pair for pair in corpus.pairs}
    changes = plan_changes(workbook, book, pairs, accept)
    out = Path(out) if out is not None else corrected_name(translation)
    if out.resolve() == translation.resolve() or any(out.resolve() == Path(p).resolve() for p in named):
        raise InputError(out, "is the reviewed translation itself; write the corrected copy elsewhere (--out)")
    if out.resolve() == workbook.resolve():
        raise InputError(out, "is the workbook; write the corrected translation elsewhere (--out)")
    notes = writer(corpus, changes, out)
    result = ApplyResult(out=out, translation=translation, notes=list(corpus.notes) + notes)
    for change in changes.values():
        if change.suggestions:
            result.suggested += 1
            result.suggestions += change.suggestions
        else:
            result.corrected += 1
    return result


__all__ = ["WRITERS", "ApplyResult", "Change", "apply_workbook", "corrected_name"]
