"""Safe XML parsing shared by the TMX and XLIFF readers, and the inline-text walk both use."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from mtreview.errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def iterparse(path: Path, kind: str, events: Sequence[str]) -> Iterator[tuple[str, object]]:
    """(event, element or namespace) as the file is read, for a reader that handles each element and
    clears it (memory stays flat whatever the file's size); one-line InputError naming the file (and
    the line, where the parser gives it) for anything malformed or unsafe, raised when it is reached."""
    import defusedxml.ElementTree as SafeElementTree
    from defusedxml import DefusedXmlException

    path = Path(path)
    try:
        # defusedxml's parser: entity declarations and external references raise before any expansion
        yield from SafeElementTree.iterparse(str(path), events=events)
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
    (it can be read but not wrapped)."""
    if element.text:
        yield element, "text", element.text
    for child in element:
        name = local(child.tag)
        if name == "cp":
            try:
                yield None, "", chr(int(child.get("hex", ""), 16))
            except ValueError:
                pass
        elif name not in CODE_ELEMENTS and isinstance(child.tag, str):
            yield from slots(child)
        if child.tail:
            yield child, "tail", child.tail


def inline_text(element: Element | None) -> str:
    return "" if element is None else "".join(text for _, _, text in slots(element))
