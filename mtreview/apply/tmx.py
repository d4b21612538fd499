"""Corrections written into a TMX file: the English <seg> of each corrected unit rewritten word by word,
its inline codes kept in place; units are found by the ids the reader gave them (tuid, or running number)."""

from __future__ import annotations

from pathlib import Path

from mtreview.apply.plan import Change
from mtreview.apply.xml_slots import rewrite_inline
from mtreview.errors import InputError
from mtreview.formats._xml import cdata_sections, inline_text, local, parse_with_prolog
from mtreview.formats.tmx import _lang, _unit_pair
from mtreview.formats.xliff import write_document
from mtreview.records import Corpus


def write_tmx(corpus: Corpus, changes: dict[str, Change], out: Path) -> list[str]:
    path = Path(corpus.origin)
    root, namespaces, prolog = parse_with_prolog(path, "TMX")
    body = next(child for child in root if local(child.tag) == "body")
    seen: set[str] = set()
    number = 0
    for unit in [child for child in body if local(child.tag) == "tu"]:
        number += 1
        pair = _unit_pair(unit, number)
        if pair is None:
            continue
        pair_id, k = pair.id, 1  # repeated ids renamed as the reader renames them: id, id#2, id#3 ...
        while pair_id in seen:
            k += 1
            pair_id = f"{pair.id}#{k}"
        seen.add(pair_id)
        change = changes.get(pair_id)
        if change is None:
            continue
        seg = next(child for variant in unit if local(variant.tag) == "tuv" and _lang(variant).startswith("en")
                   for child in variant if local(child.tag) == "seg")
        full = inline_text(seg)
        if not rewrite_inline(seg, pair.target, change.target, lead=len(full) - len(full.lstrip())):
            raise InputError(path, f"unit {pair_id}: the correction changes text inside an inline code; correct "
                                   "it in the CAT tool")
    write_document(root, namespaces, out, prolog, cdata_sections(path, "TMX"))
    return []
