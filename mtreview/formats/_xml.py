"""Safe XML parsing shared by the TMX and XLIFF readers, and the inline-text walk both use."""

from __future__ import annotations

import codecs
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from mtreview.errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


# The encodings expat reads itself; any other declared encoding is transcoded to UTF-8 first.
_EXPAT_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def readable_source(path: Path, kind: str) -> str | IO[bytes]:
    """The file as expat can read it: the path itself, or, for a legacy multi-byte encoding that expat
    refuses ("multi-byte encodings are not supported": GB2312, GBK, GB18030, Big5 from older CAT tools),
    a temporary UTF-8 copy with its declaration rewritten, made a block at a time."""
    with open(path, "rb") as handle:
        head = handle.read(512)
    match = _DECLARED.match(head)
    if not match or match.group(1).decode("ascii").lower() in _EXPAT_ENCODINGS:
        return str(path)
    declared = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise InputError(path, f"declares the encoding {declared!r}, which is unknown") from None
    if codec in _EXPAT_ENCODINGS or codec.replace("_", "-") in _EXPAT_ENCODINGS:
        return str(path)
    copy = tempfile.TemporaryFile()  # the OS removes it, even if the run is killed
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        with open(path, "rb") as handle:
            first = True
            while block := handle.read(1 << 20):
                text = decoder.decode(block)
                if first:
                    text = re.sub(r"""(encoding\s*=\s*["'])[A-Za-z0-9._-]+(["'])""", r"\1UTF-8\2", text, count=1)
                    first = False
                copy.write(text.encode("utf-8"))
            copy.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError as error:
        copy.close()
        raise InputError(path, f"declares {declared} but has a byte {declared} cannot read at offset "
                               f"{error.start}") from None
    copy.seek(0)
    return copy


# The item is an Element, or a (prefix, uri) pair for "start-ns": typed as ElementTree.iterparse types it.
def iterparse(path: Path, kind: str, events: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """(event, element or namespace) as the file is read, for a reader that handles each element and
    clears it (memory stays flat whatever the file's size); one-line InputError naming the file (and
    the line, where the parser gives it) for anything malformed or unsafe, raised when it is reached."""
    import defusedxml.ElementTree as SafeElementTree
    from defusedxml import DefusedXmlException

    path = Path(path)
    source = None
    try:
        source = readable_source(path, kind)
        # defusedxml's parser: entity declarations and external references raise before any expansion
        yield from SafeElementTree.iterparse(source, events=events)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, f"is a folder, expected a {kind} file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    except DefusedXmlException as error:
        raise InputError(path, f"refused unsafe XML: {type(error).__name__} (entity declarations and external "
                               "references are not read)") from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        message = str(error).split(":", 1)[0] if line is not None else str(error)
        raise InputError(path, f"not well-formed {kind} XML: {message}", line) from None
    finally:
        if source is not None and not isinstance(source, str):
            source.close()


def parse(path: Path, kind: str) -> tuple[Element, list[tuple[str, str]]]:
    """The root element and the namespace declarations (prefix, uri) of a file; one-line InputError
    naming the file (and the line, where the parser gives it) for anything malformed or unsafe."""
    namespaces: list[tuple[str, str]] = []
    root = None
    for event, item in iterparse(path, kind, ("start", "start-ns")):
        if event == "start-ns":
            namespaces.append(item)
        elif root is None:
            root = item
    if root is None:
        raise InputError(path, f"not a {kind} file (no root element)")
    return root, namespaces


# Inline elements whose content is native code (formatting tags), not text: skipped when reading.
CODE_ELEMENTS = {"bpt", "ept", "it", "ph", "ut", "x", "bx", "ex", "sc", "ec", "sm", "em", "sub"}


def slots(element: Element) -> Iterator[tuple[Element | None, str, str]]:
    """The text pieces of an element's inline content, in order: (owner, "text" | "tail", text).

    Text inside code elements is left out; XLIFF 2 <cp hex="..."/> gives its character with owner None
    (it can be read but not wrapped). Walked with a stack, not recursion: inline markup nested thousands
    deep (<g> in <g> …) is legal XML."""
    if element.text:
        yield element, "text", element.text
    stack_owner: list[Element] = []
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if stack:
                parent_done = stack_owner.pop()
                if parent_done.tail:
                    yield parent_done, "tail", parent_done.tail
            continue
        name = local(child.tag)
        if name not in CODE_ELEMENTS and name != "cp" and isinstance(child.tag, str):
            if child.text:
                yield child, "text", child.text
            stack.append(iter(child))
            stack_owner.append(child)
            continue
        if name == "cp":
            try:
                yield None, "", chr(int(child.get("hex", ""), 16))
            except ValueError:
                pass
        if child.tail:
            yield child, "tail", child.tail


def inline_text(element: Element | None) -> str:
    return "" if element is None else "".join(text for _, _, text in slots(element))


# What may come before the root element: the XML declaration, comments, processing instructions, a
# DOCTYPE, whitespace. Kept byte for byte by a write-back.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)


_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def cdata_sections(path: Path, kind: str) -> list[str]:
    """The contents of the file's CDATA sections, in order (ElementTree keeps their text, not the sections)."""
    source = readable_source(Path(path), kind)
    try:
        if isinstance(source, str):
            with open(source, "rb") as handle:
                data = handle.read()
        else:
            data = source.read()
    finally:
        if not isinstance(source, str):
            source.close()
    if b"<![CDATA[" not in data:
        return []
    return _CDATA.findall(data.decode("utf-8", "replace"))


def restore_cdata(text: str, sections: list[str]) -> str:
    """Put each CDATA section back where its escaped text was written, in document order; a section whose
    element the write-back changed (its text now split by markup) stays escaped text, the same to XML."""
    from xml.sax.saxutils import escape

    pieces, position = [], 0
    for content in sections:
        escaped = escape(content)
        at = text.find(f">{escaped}<", position)
        if at < 0:
            continue
        pieces.append(text[position:at + 1])
        pieces.append(f"<![CDATA[{content}]]>")
        position = at + 1 + len(escaped)
    pieces.append(text[position:])
    return "".join(pieces)


def parse_with_prolog(path: Path, kind: str) -> tuple[Element, list[tuple[str, str]], bytes]:
    """The root element with its comments and processing instructions kept in the tree, the namespace
    declarations, and the file's prolog (declaration, comments and PIs before the root) as its bytes, for
    a write-back that changes only what it adds."""
    from xml.etree.ElementTree import TreeBuilder

    import defusedxml.ElementTree as SafeElementTree

    _, namespaces = parse(path, kind)  # validates, and reads the namespace declarations
    source = readable_source(Path(path), kind)
    try:
        parser = SafeElementTree.DefusedXMLParser(target=TreeBuilder(insert_comments=True, insert_pis=True))
        tree = SafeElementTree.parse(source, parser=parser)
        if not isinstance(source, str):
            source.seek(0)
            head = source.read(1 << 16)
        else:
            with open(source, "rb") as handle:
                head = handle.read(1 << 16)
    finally:
        if not isinstance(source, str):
            source.close()
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    root = tree.getroot()
    if root is None:  # parse() found one
        raise InputError(path, f"not a {kind} file (no root element)")
    return root, namespaces, head[:position]
