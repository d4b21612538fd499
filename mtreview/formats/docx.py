"""Word documents (.docx): opened with python-docx, their paragraphs walked in reading order, runs split at
character offsets, and a changed copy written with every untouched part of the package as it was.

The text of a paragraph is what Word shows of it: the runs' <w:t>, tabs and breaks (as one space each, so
that a paragraph stays one line of text), text inside hyperlinks, fields' results and insertions, not
deletions. Every character of it belongs to one piece of one run, so a character offset from the checks
leads back to the run (and the place in the run) that holds it.

A write-back changes only what it must: python-docx serialises the parts it edits (word/document.xml, and
for comments word/comments.xml, the document's relationships and [Content_Types].xml); every other member
of the zip is copied from the original, byte for byte.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtreview.errors import InputError, ReportError

if TYPE_CHECKING:
    from docx.document import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and the old binary .doc


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# Run children that are text: their characters as Word shows them. A break is a space here, so that a
# paragraph is one line for the segmenter (the same length, so offsets do not move).
_TEXT_CHILDREN = {w("t"): None, w("tab"): " ", w("ptab"): " ", w("br"): " ", w("cr"): " ",
                  w("noBreakHyphen"): "-"}
# Containers a paragraph's runs may sit in; deletions and moved-away text are not part of the text.
_RUN_CONTAINERS = {w("hyperlink"), w("ins"), w("smartTag"), w("fldSimple"), w("sdt"), w("sdtContent"),
                   w("customXml"), w("moveTo"), w("dir"), w("bdo")}
# Block containers walked for paragraphs, in reading order: table rows and cells, content controls.
_BLOCK_CONTAINERS = {w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent"), w("customXml")}


@dataclass
class Piece:
    """One text-bearing child of a run: its characters and where they are in the paragraph's text."""

    run: Any  # the <w:r> lxml element
    child: Any  # the <w:t>, <w:tab>, ... element
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def open_document(path: Path) -> Document:
    """The document, or one InputError naming the file: missing, encrypted (password-protected), an old
    binary .doc, a corrupt zip, or a zip that is not a Word document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, expected a Word document (.docx)")
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    if head == OLE2_MAGIC:  # Word writes a password-protected .docx as an OLE2 (CFB) container, like a .doc
        raise InputError(path, "is password-protected (encrypted) or an old .doc, not a .docx; "
                               "save it in Word as a .docx without a password")
    if not zipfile.is_zipfile(path):
        raise InputError(path, "is not a Word document (.docx): not a zip package; a .doc or .rtf must be "
                               "saved as .docx first")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as error:
        raise InputError(path, f"is not a readable Word document (.docx): {type(error).__name__}") from None
    except ValueError as error:  # python-docx: "file '...' is not a Word file, content type is ..."
        kind = str(error).rsplit("content type is", 1)[-1].strip(" '") if "content type" in str(error) else ""
        raise InputError(path, "is not a Word document (.docx)" + (f": it holds {kind}" if kind else "")) from None
    except Exception as error:  # lxml's XMLSyntaxError and the like: a damaged part
        raise InputError(path, f"is a damaged Word document: {type(error).__name__}") from None


def block_paragraphs(body: Any) -> Iterator[Any]:
    """The <w:p> elements of a body (or a header, a footnote) in reading order: table cells included, nested
    tables too, walked with a stack (tables nest)."""
    stack = [iter(body)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if element.tag == w("p"):
            yield element
        elif element.tag in _BLOCK_CONTAINERS:
            stack.append(iter(element))


def _runs(paragraph: Any) -> Iterator[Any]:
    stack = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if element.tag == w("r"):
            yield element
        elif element.tag in _RUN_CONTAINERS:
            stack.append(iter(element))


def pieces(paragraph: Any) -> list[Piece]:
    """The text-bearing run children of a paragraph, in order, with their offsets in paragraph_text."""
    found, at = [], 0
    for run in _runs(paragraph):
        for child in run:
            if child.tag not in _TEXT_CHILDREN:
                continue
            text = _TEXT_CHILDREN[child.tag]
            if text is None:
                text = child.text or ""
            if text:
                found.append(Piece(run, child, at, text))
                at += len(text)
    return found


def paragraph_text(paragraph: Any) -> str:
    return "".join(piece.text for piece in pieces(paragraph))


def split_run_at(paragraph: Any, offset: int) -> None:
    """Make `offset` of the paragraph's text fall between two runs, splitting the run (and its <w:t>) that
    holds it; the two halves keep the run's formatting (its <w:rPr> is copied)."""
    for piece in pieces(paragraph):
        if not piece.start < offset < piece.end and not (offset == piece.start and piece.start > 0):
            continue
        run, child = piece.run, piece.child
        children = list(run)
        at = children.index(child)
        if offset == piece.start:  # a piece boundary inside a run: split between two children
            if not any(other.tag in _TEXT_CHILDREN for other in children[:at]):
                return  # already the run's first text: the boundary is a run boundary
            split_children_at = at
        else:
            split_children_at = at + 1
        second = copy.deepcopy(run)
        # the second run keeps rPr and the children from the split on; the first keeps the rest
        for kept in list(second)[: split_children_at]:
            if kept.tag != w("rPr"):
                second.remove(kept)
        for moved in children[split_children_at:]:
            run.remove(moved)
        if offset > piece.start:
            cut = offset - piece.start
            head, tail = copy.deepcopy(child), copy.deepcopy(child)
            head.text, tail.text = piece.text[:cut], piece.text[cut:]
            for part in (head, tail):
                part.set(XML_SPACE, "preserve")
            run.replace(child, head)
            rpr = second.find(w("rPr"))
            second.insert(1 if rpr is not None else 0, tail)
        run.addnext(second)
        return


def runs_covering(paragraph: Any, start: int, end: int) -> list[Any]:
    """The runs whose text lies in [start, end) of the paragraph's text, after splitting runs at both ends;
    for an empty range, the run the offset begins (or ends, at the paragraph's end)."""
    split_run_at(paragraph, start)
    split_run_at(paragraph, end)
    covered: list[Any] = []
    all_pieces = pieces(paragraph)
    for piece in all_pieces:
        if start <= piece.start and piece.end <= end and piece.run not in covered:
            covered.append(piece.run)
    if not covered and all_pieces:
        after = [piece.run for piece in all_pieces if piece.start >= start]
        covered = [after[0] if after else all_pieces[-1].run]
    return covered


def changed_parts(document: Document) -> dict[str, bytes]:
    """The package python-docx would save, as {zip member name: bytes}."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as saved:
        return {name: saved.read(name) for name in saved.namelist()}


# The members a write-back may change; everything else is copied from the original.
EDITED_MEMBERS = ("word/document.xml", "word/comments.xml", "[Content_Types].xml",
                  "word/_rels/document.xml.rels")


def write_copy(original: Path, document: Document, out_path: Path) -> None:
    """Write `document` (opened from `original` and edited) to `out_path` atomically: the members python-docx
    edited from its save, every other member copied from the original zip as it was (name, date,
    compression and bytes). Raises ReportError when it cannot be written."""
    from mtreview.report.machine import atomic_output

    saved = changed_parts(document)
    try:
        with atomic_output(Path(out_path)) as temporary, zipfile.ZipFile(original) as source, \
                zipfile.ZipFile(temporary, "w") as target:
            names = set()
            for info in source.infolist():
                names.add(info.filename)
                if info.filename in EDITED_MEMBERS and info.filename in saved:
                    target.writestr(info, saved[info.filename])
                else:
                    target.writestr(info, source.read(info.filename))
            for name in EDITED_MEMBERS:  # parts the edit added (a first comment adds word/comments.xml)
                if name in saved and name not in names:
                    target.writestr(zipfile.ZipInfo(name, date_time=_date_of(source)), saved[name],
                                    compress_type=zipfile.ZIP_DEFLATED)
    except OSError as error:
        raise ReportError(f"cannot write {out_path}: {error.strerror or error}") from None


def _date_of(archive: zipfile.ZipFile) -> tuple[int, int, int, int, int, int]:
    infos = archive.infolist()
    return infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0)


def next_annotation_id(document: Document) -> Iterator[int]:
    """Fresh w:id values for annotations (comments, insertions, deletions): above every id the document uses."""
    used = [int(value) for value in document.element.xpath("//@w:id") if str(value).lstrip("-").isdigit()]
    number = max(used, default=0)
    while True:
        number += 1
        yield number
