"""TMX 1.4 translation memories (also 1.1-1.3: `lang` instead of `xml:lang`).

mtreview reviews Chinese→English, so in every translation unit the first variant whose language is
Chinese (zh, zh-CN, zh-Hant ...) is the source and the first English one (en, en-US ...) the target,
by xml:lang and whatever the header's srclang says: an en→zh memory such as TICO-19's is read with its
Chinese side as source. Units lacking either language are skipped, and counted in a corpus note.
Pair ids are the units' tuid attributes, or their running numbers (1-based) where there is none; a
repeated id becomes "id#2", "id#3" ... The file is read a unit at a time (memory stays flat), the pairs
kept in a SpillList.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element

from mtreview.errors import InputError
from mtreview.formats._xml import XML_LANG, inline_text, iterparse, local
from mtreview.inputs.language import SideSample
from mtreview.records import Pair
from mtreview.spill import SpillList


def _lang(variant) -> str:
    return (variant.get(XML_LANG) or variant.get("lang") or "").strip().lower()


def _notes(unit) -> tuple[str, ...]:
    notes = []
    for child in unit:
        name = local(child.tag)
        if name == "note" or (name == "prop" and (child.get("type") or "").lower() in ("note", "x-note")):
            text = (child.text or "").strip()
            if text:
                notes.append(text)
    return tuple(notes)


def _unit_pair(unit, number: int) -> Pair | None:
    """The pair of a complete <tu> (its raw id: the tuid, or the running number), or None if it lacks a side."""
    source = target = None
    for variant in unit:
        if local(variant.tag) != "tuv":
            continue
        lang = _lang(variant)
        seg = next((child for child in variant if local(child.tag) == "seg"), None)
        if seg is None:
            continue
        if source is None and lang.startswith("zh"):
            source = inline_text(seg).strip()
        elif target is None and lang.startswith("en"):
            target = inline_text(seg).strip()
    if source is None or target is None:
        return None
    return Pair(id=(unit.get("tuid") or "").strip() or str(number), source=source, target=target,
                notes=_notes(unit))


def _unique_ids(pairs: SpillList, repeated: set[int], hash_of=hash) -> SpillList:
    """The pairs with repeated ids made unique in order, "id", "id#2", "id#3" ..., as a set of every id
    would (a copy; the input is closed). `repeated` holds the hashes of the raw ids that occur more than
    once (by `hash_of`). Every renamed id is such an id with "#k" parts added, so only ids of that shape
    can be asked about, and only they are remembered, exactly: memory grows with the repeats, not the file."""

    def may_be_asked(pair_id: str) -> bool:
        while True:
            if hash_of(pair_id) in repeated:
                return True
            base, sep, k = pair_id.rpartition("#")
            if not (sep and k.isdigit()):
                return False
            pair_id = base

    renamed: SpillList[Pair] = SpillList(block_size=pairs.block_size)
    seen: set[str] = set()  # the ids given so far that may be asked about
    for pair in pairs:
        pair_id = base = pair.id
        k = 1
        while pair_id in seen:
            k += 1
            pair_id = f"{base}#{k}"
        if may_be_asked(pair_id):
            seen.add(pair_id)
        renamed.append(pair if pair_id == pair.id else replace(pair, id=pair_id))
    pairs.close()
    return renamed


def load_tmx(path: Path):
    """Read a unit at a time (iterparse), each <tu> dropped once read: memory stays flat, the pairs go
    to a SpillList. Errors as for reading the whole tree first: malformed XML wherever it is, then the
    root, a missing <body>, no usable unit."""
    from mtreview import spill
    from mtreview.inputs.tables import IdLedger
    from mtreview.records import Corpus

    path = Path(path)
    pairs: SpillList[Pair] = SpillList(block_size=spill.BLOCK_SIZE)
    ledger = IdLedger()  # repeated ids, found at the end: usually there are none and nothing is renamed
    root: Element | None = None
    header: Element | None = None
    body: Element | None = None
    stack: list[Element] = []  # open elements, root first
    number = skipped = 0
    try:
        for event, element in iterparse(path, "TMX", ("start", "end")):
            if event == "start":
                if root is None:
                    root = element
                elif len(stack) == 1:  # a child of the root: the first <header> and the first <body> count
                    name = local(element.tag)
                    if name == "header" and header is None:
                        header = element
                    elif name == "body" and body is None:
                        body = element
                stack.append(element)
                continue
            stack.pop()
            if len(stack) != 2:  # only the children of the root's children are read, then dropped
                continue
            parent = stack[-1]
            if parent is body and root is not None and local(root.tag) == "tmx" and local(element.tag) == "tu":
                number += 1
                pair = _unit_pair(element, number)
                if pair is None:
                    skipped += 1
                else:
                    ledger.add(pair.id)
                    pairs.append(pair)
            parent.remove(element)
        if root is None:
            raise InputError(path, "not a TMX file (no root element)")
        if local(root.tag) != "tmx":
            raise InputError(path, f"not a TMX file (root element <{local(root.tag)}>)")
        srclang = (header.get("srclang", "") if header is not None else "").lower()
        if body is None:
            raise InputError(path, "TMX file without a <body>")
        if not pairs:
            raise InputError(path, "no translation unit has both a Chinese (zh*) and an English (en*) variant")
        SideSample().add_pairs(pairs).check(path)  # xml:lang tags the wrong way round
        repeated = ledger.repeated_hashes()
        if repeated:
            pairs = _unique_ids(pairs, repeated, ledger.hash_of)
    except BaseException:
        pairs.close()
        raise
    notes = []
    if srclang and not srclang.startswith("zh"):
        notes.append(f"{path.name}: TMX srclang is {srclang}; its Chinese variants are read as the source and its "
                     "English variants as the target (mtreview reviews zh→en)")
    if skipped:
        notes.append(f"{path.name}: {skipped} translation unit(s) without both a Chinese and an English variant "
                     "were skipped")
    return Corpus(name=path.stem, pairs=pairs, origin=path, notes=notes)
