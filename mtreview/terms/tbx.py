"""TBX term bases (ISO 30042), the format translators' term bases export: TBX 2008 (martif,
termEntry/langSet/tig) and TBX v3 (tbx, conceptEntry/langSec/termSec), read with defusedxml so a
hostile file can neither read local files through entities nor expand itself into gigabytes.

A Chinese term of a concept is matched in the source; its English terms become the accepted
renderings, except those whose administrativeStatus is deprecated or superseded, which become
forbidden renderings.
"""

from __future__ import annotations

from pathlib import Path

from mtreview.errors import TermListError
from mtreview.terms.entry import TermEntry

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUSES = ("deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, *names: str):
    return [child for child in element if _local(child.tag) in names]


def _text_of(element, name: str, kind: str | None = None) -> str:
    for child in element.iter():
        if _local(child.tag) == name and (kind is None or child.get("type") == kind):
            return (child.text or "").strip()
    return ""


def load_tbx(path: Path) -> list[TermEntry]:
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeElementTree
    from defusedxml import DefusedXmlException

    from mtreview.errors import InputError
    from mtreview.formats._xml import readable_source

    source = None
    try:
        source = readable_source(Path(path), "TBX")  # a GB2312/GBK/Big5 term base, transcoded for the parser
        root = SafeElementTree.parse(source).getroot()
    except InputError as error:
        raise TermListError(path, error.problem) from None
    except FileNotFoundError:
        raise TermListError(path, "term base not found") from None
    except DefusedXmlException as error:
        raise TermListError(path, f"refused unsafe XML ({type(error).__name__})") from None
    except ParseError as error:
        raise TermListError(path, f"not well-formed XML: {error}") from None
    finally:
        if source is not None and not isinstance(source, str):
            source.close()
    if root is None:  # the parser gives a document a root or fails
        raise TermListError(path, "not a TBX file (no root element)")
    if _local(root.tag) not in ("martif", "tbx"):
        raise TermListError(path, f"not a TBX file (root element <{_local(root.tag)}>)")
    entries = []
    for number, concept in enumerate((e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")), 1):
        chinese: list[str] = []
        english: list[str] = []
        forbidden: list[str] = []
        for language in _children(concept, "langSet", "langSec"):
            lang = (language.get(_XML_LANG) or language.get("lang") or "").lower()
            for term_group in _children(language, "tig", "ntig", "termSec"):
                term = _text_of(term_group, "term")
                status = _text_of(term_group, "termNote", "administrativeStatus").lower()
                if not term:
                    continue
                if lang.startswith("zh"):
                    chinese.append(term)
                elif lang.startswith("en"):
                    (forbidden if status in _FORBIDDEN_STATUSES else english).append(term)
        if not chinese or not english:
            continue  # a concept without both languages says nothing about zh→en
        source = _text_of(concept, "admin", "source") or _text_of(concept, "descrip", "source") or path.name
        note = _text_of(concept, "descrip", "definition") or _text_of(concept, "note")
        for zh in chinese:
            entries.append(TermEntry(zh=zh, renderings=tuple(english), forbidden=tuple(forbidden), note=note,
                                     source=source, origin=f"{path.name}:entry {concept.get('id') or number}"))
    if not entries:
        raise TermListError(path, "no concept has both a Chinese and an English term")
    return entries
