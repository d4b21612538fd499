"""Corrections written into an XLIFF file (1.2, 2.x): each corrected segment's <target> rewritten word by
word, its inline codes kept in place; a segment with no <target> gets one. The rest of the file is written
back as the XLIFF write-back of findings writes it (prolog, namespaces, CDATA kept)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from mtreview.apply.plan import Change
from mtreview.apply.xml_slots import rewrite_inline
from mtreview.errors import InputError
from mtreview.formats._xml import cdata_sections, inline_text, local, namespace, parse_with_prolog
from mtreview.formats.xliff import _units, _version, write_document
from mtreview.records import Corpus


def write_xliff(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    path = Path(corpus.origin)
    root, namespaces, prolog = parse_with_prolog(path, "XLIFF")
    version = _version(path, root)
    parents = {child: parent for parent in root.iter() for child in parent}
    for unit in _units(path, root, version):
        change = changes.get(unit.pair_id)
        if change is None:
            continue
        if unit.target is None:
            if unit.source is None:
                raise InputError(path, f"unit {unit.pair_id} has no <source> to put a <target> after")
            ns = namespace(unit.source.tag)
            target = Element(f"{{{ns}}}target" if ns else "target")
            target.text = change.target
            holder = parents[unit.source]
            children = list(holder)
            after = max(i for i, child in enumerate(children) if local(child.tag) in ("source", "seg-source"))
            holder.insert(after + 1, target)
            continue
        if not rewrite_inline(unit.target, inline_text(unit.target), change.target):
            raise InputError(path, f"unit {unit.pair_id}: the correction changes text inside an inline code; "
                                   "correct it in the CAT tool")
    write_document(root, namespaces, out, prolog, cdata_sections(path, "XLIFF"))
    return []
