"""One side of a text pair from a Word document (.docx): its paragraphs in reading order, table cells
included, as the text the aligner reads (one paragraph per block, blocks apart by a blank line).

Headers, footers, footnotes and endnotes are not part of the text under review: they are counted in a note.
`DocxText` keeps, for each paragraph of the text, the document paragraph it came from and where its text
begins there, so that a finding's offsets lead back to the runs that hold the flagged words
(mtreview.report.docx, mtreview.apply.docx).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtreview.errors import InputError
from mtreview.formats.docx import block_paragraphs, open_document, paragraph_text, w

if TYPE_CHECKING:
    from docx.document import Document


@dataclass
class DocxText:
    """A document's reviewable text, and for each of its paragraphs (blocks of `text`, in order) the <w:p>
    element it came from and the offset in that paragraph's text where the block begins (leading spaces
    are not part of a block)."""

    document: Document
    text: str
    paragraphs: list[tuple[Any, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def docx_text(path: Path, document: Document | None = None) -> DocxText:
    """The reviewable text of a .docx (InputError for anything that is not a readable one)."""
    path = Path(path)
    document = document if document is not None else open_document(path)
    blocks, places = [], []
    for paragraph in block_paragraphs(document.element.body):
        text = paragraph_text(paragraph)
        stripped = text.strip()
        if not stripped:
            continue
        blocks.append(stripped)
        places.append((paragraph, len(text) - len(text.lstrip())))
    if not blocks:
        raise InputError(path, "has no text in its body")
    return DocxText(document=document, text="\n\n".join(blocks), paragraphs=places,
                    notes=_not_reviewed(path, document))


def _not_reviewed(path: Path, document: Document) -> list[str]:
    """A note naming the text outside the body (headers, footers, notes) that the review leaves alone."""
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for section in document.sections:
        for kind, parts in (("header", (section.header, section.first_page_header, section.even_page_header)),
                            ("footer", (section.footer, section.first_page_footer, section.even_page_footer))):
            for part in parts:
                if part.is_linked_to_previous:
                    continue
                name = str(part.part.partname)
                if name in seen:
                    continue
                seen.add(name)
                if any(paragraph_text(p).strip() for p in block_paragraphs(part._element)):
                    counts[kind] = counts.get(kind, 0) + 1
    for relation, kind, tag in (("footnotes", "footnote", "footnote"), ("endnotes", "endnote", "endnote")):
        element = _related_part_element(document, relation)
        if element is None:
            continue
        # separator notes (w:type="separator", "continuationSeparator") are layout, not notes
        notes = [note for note in element.iter(w(tag)) if note.get(w("type")) in (None, "normal")]
        if notes:
            counts[kind] = len(notes)
    if not counts:
        return []
    listed = ", ".join(f"{count} {kind}{'s' if count > 1 else ''}" for kind, count in counts.items())
    return [f"{path.name}: {listed} not reviewed (only the body's paragraphs and tables are)"]


def _related_part_element(document: Document, relation: str) -> Any:
    from docx.oxml.parser import parse_xml  # python-docx's parser: no entities resolved, no network

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + relation) and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                return element
            return parse_xml(part.blob)  # python-docx keeps footnotes as a plain part
    return None


def read_docx_side(path: Path) -> tuple[str, list[str]]:
    """A text pair's side from a .docx: its text and notes (for mtreview.inputs.pairs)."""
    found = docx_text(path)
    return found.text, found.notes
