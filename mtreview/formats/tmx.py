"""TMX 1.4 translation memories (also 1.1-1.3: `lang` instead of `xml:lang`).

mtreview reviews Chinese→English, so in every translation unit the first variant whose language is
Chinese (zh, zh-CN, zh-Hant ...) is the source and the first English one (en, en-US ...) the target,
by xml:lang and whatever the header's srclang says: an en→zh memory such as TICO-19's is read with its
Chinese side as source. Units lacking either language are skipped, and counted in a corpus note.
Pair ids are the units' tuid attributes, or their running numbers (1-based) where there is none.
"""

from __future__ import annotations

from pathlib import Path

from mtreview.errors import InputError
from mtreview.formats._xml import XML_LANG, inline_text, local, parse
from mtreview.records import Pair


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


def load_tmx(path: Path):
    from mtreview.corpus import Corpus

    path = Path(path)
    root, _ = parse(path, "TMX")
    if local(root.tag) != "tmx":
        raise InputError(path, f"not a TMX file (root element <{local(root.tag)}>)")
    header = next((child for child in root if local(child.tag) == "header"), None)
    srclang = (header.get("srclang", "") if header is not None else "").lower()
    body = next((child for child in root if local(child.tag) == "body"), None)
    if body is None:
        raise InputError(path, "TMX file without a <body>")
    pairs, seen, skipped = [], set(), 0
    for number, unit in enumerate((child for child in body if local(child.tag) == "tu"), 1):
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
            skipped += 1
            continue
        pair_id = (unit.get("tuid") or "").strip() or str(number)
        base, k = pair_id, 1
        while pair_id in seen:
            k += 1
            pair_id = f"{base}#{k}"
        seen.add(pair_id)
        pairs.append(Pair(id=pair_id, source=source, target=target, notes=_notes(unit)))
    if not pairs:
        raise InputError(path, "no translation unit has both a Chinese (zh*) and an English (en*) variant")
    notes = []
    if srclang and not srclang.startswith("zh"):
        notes.append(f"{path.name}: TMX srclang is {srclang}; its Chinese variants are read as the source and its "
                     "English variants as the target (mtreview reviews zh→en)")
    if skipped:
        notes.append(f"{path.name}: {skipped} translation unit(s) without both a Chinese and an English variant "
                     "were skipped")
    return Corpus(name=path.stem, pairs=pairs, origin=path, notes=notes)
