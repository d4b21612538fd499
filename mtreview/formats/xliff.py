"""XLIFF 1.2 (also SDL's .sdlxliff, which is 1.2) and XLIFF 2.0/2.1/2.2: read into pairs, and
findings written back so a CAT tool shows them in place.

Reading: each XLIFF 1.2 <trans-unit> is a pair with the unit's id; each XLIFF 2 <segment> is a pair
with its unit's id (`unit/segment` when a unit holds several segments). Source and target are the
inline text, formatting codes (<x/>, <bpt>, <ph>, <pc> ...) left out; the unit's notes are kept.

Writing back (annotate_xliff): every finding becomes a note on its unit (1.2: <note from="mtreview">,
2.x: <notes><note category="mtreview">), and a finding with a span in the target is marked in place
with an ITS 2.0 Localization Quality Issue annotation: <mrk mtype="x-its" its:locQualityIssueType=...>
in 1.2, <mrk id=... type="its:any" its:locQualityIssueType=...> in 2.x, around the flagged text, where
the span lies in one run of text and does not overlap a span already marked. In 1.2 the most severe
finding that could not be marked so is put as ITS attributes on the <target> itself.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

from mtreview.checks.registry import available_checks, its_type_of
from mtreview.errors import InputError, ReportError
from mtreview.formats._xml import (
    cdata_sections,
    inline_text,
    local,
    namespace,
    parse,
    parse_with_prolog,
    restore_cdata,
    slots,
)
from mtreview.inputs.language import SideSample
from mtreview.records import Finding, Pair, Severity

ITS = "http://www.w3.org/2005/11/its"
XLIFF_1 = "urn:oasis:names:tc:xliff:document:1.2"

# ITS severities run from 0 to 100; XLIFF 1.2 note priorities from 1 (highest) to 10.
_ITS_SEVERITY = {Severity.NEUTRAL: "0", Severity.MINOR: "30", Severity.MAJOR: "70", Severity.CRITICAL: "100"}
_PRIORITY = {Severity.NEUTRAL: "10", Severity.MINOR: "5", Severity.MAJOR: "2", Severity.CRITICAL: "1"}


def its_type(finding: Finding) -> str:
    """The ITS issue type its check declares; a desk rule's or an unknown check's, its category's."""
    info = available_checks().get(finding.check)
    return info.its_issue_type if info is not None else its_type_of(finding.category)


@dataclass
class _Unit:
    pair_id: str
    unit: Element  # the <trans-unit> (1.2) or <unit> (2.x)
    source: Element | None
    target: Element | None
    notes: tuple[str, ...]


def _version(path: Path, root: Element) -> int:
    if local(root.tag) != "xliff":
        raise InputError(path, f"not an XLIFF file (root element <{local(root.tag)}>)")
    version = root.get("version", "")
    if version.startswith("2") or namespace(root.tag).startswith("urn:oasis:names:tc:xliff:document:2"):
        return 2
    if version.startswith("1") or namespace(root.tag) in ("", XLIFF_1) or "xliff" in namespace(root.tag):
        return 1
    raise InputError(path, f"unsupported XLIFF version {version!r}")


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local(child.tag) == name]


def _first(element: Element, name: str) -> Element | None:
    return next((child for child in element if local(child.tag) == name), None)


def _descendants(element: Element, name: str, stop: str) -> Iterator[Element]:
    """Elements named `name` under `element` (through groups), not looking inside `stop` elements; with a
    stack, not recursion (groups may nest deeply)."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = local(child.tag)
        if tag == name:
            yield child
        elif tag != stop:
            stack.append(iter(child))


def _languages(path: Path, file_element: Element, root: Element, version: int) -> None:
    if version == 1:
        source, target = file_element.get("source-language", ""), file_element.get("target-language", "")
    else:
        source, target = root.get("srcLang", ""), root.get("trgLang", "")
    if source.lower().startswith("en") and target.lower().startswith("zh"):
        raise InputError(path, f"is {source}→{target}; mtreview reviews Chinese→English translations")


def _units(path: Path, root: Element, version: int) -> list[_Unit]:
    units: list[_Unit] = []
    seen: set[str] = set()

    def unique(pair_id: str) -> str:
        base, k = pair_id, 1
        while pair_id in seen:
            k += 1
            pair_id = f"{base}#{k}"
        seen.add(pair_id)
        return pair_id

    for file_element in _children(root, "file"):
        _languages(path, file_element, root, version)
        if version == 1:
            for _number, unit in enumerate(_descendants(file_element, "trans-unit", "trans-unit"), 1):
                notes = tuple((note.text or "").strip() for note in _children(unit, "note") if (note.text or "").strip())
                units.append(_Unit(unique(unit.get("id") or str(len(units) + 1)), unit, _first(unit, "source"),
                                   _first(unit, "target"), notes))
        else:
            for unit in _descendants(file_element, "unit", "unit"):
                notes_element = _first(unit, "notes")
                notes = tuple((note.text or "").strip() for note in
                              (_children(notes_element, "note") if notes_element is not None else [])
                              if (note.text or "").strip())
                segments = _children(unit, "segment")
                unit_id = unit.get("id") or str(len(units) + 1)
                for k, segment in enumerate(segments, 1):
                    pair_id = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id') or k}"
                    units.append(_Unit(unique(pair_id), unit, _first(segment, "source"), _first(segment, "target"),
                                       notes))
    return units


def load_xliff(path: Path):
    from mtreview.records import Corpus

    path = Path(path)
    root, _ = parse(path, "XLIFF")
    version = _version(path, root)
    units = _units(path, root, version)
    if not units:
        raise InputError(path, "has no translation units" if version == 1 else "has no segments")
    pairs = [Pair(id=unit.pair_id, source=inline_text(unit.source), target=inline_text(unit.target),
                  notes=unit.notes) for unit in units]
    SideSample().add_pairs(pairs).check(path)  # source and target (or their languages) the wrong way round
    untranslated = sum(1 for unit in units if unit.target is None)
    notes = [f"{path.name}: XLIFF {root.get('version') or version}, {len(pairs)} segment(s)"]
    if untranslated:
        notes.append(f"{path.name}: {untranslated} segment(s) have no <target> yet")
    return Corpus(name=path.stem, pairs=pairs, origin=path, notes=notes)


# --- writing findings back ----------------------------------------------------------------------

def _its_attributes(element: Element, finding: Finding) -> None:
    element.set(f"{{{ITS}}}locQualityIssueType", its_type(finding))
    comment = finding.message + (f" Suggestion: {finding.suggestion}" if finding.suggestion else "")
    element.set(f"{{{ITS}}}locQualityIssueComment", comment)
    element.set(f"{{{ITS}}}locQualityIssueSeverity", _ITS_SEVERITY[finding.severity])


def _parents(root: Element) -> dict[Element, Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _wrap(target: Element, span: tuple[int, int], make_mrk) -> bool:
    """Put target text [start, end) inside a new <mrk>, when it lies in one run of text."""
    start, end = span
    offset = 0
    for owner, attribute, text in list(slots(target)):
        if offset <= start and end <= offset + len(text) and owner is not None:
            a, b = start - offset, end - offset
            mrk = make_mrk()
            mrk.text, mrk.tail = text[a:b], text[b:] or None
            if attribute == "text":
                owner.text = text[:a] or None
                owner.insert(0, mrk)
            else:
                parent = _parents(target)[owner]
                owner.tail = text[:a] or None
                parent.insert(list(parent).index(owner) + 1, mrk)
            return True
        offset += len(text)
    return False


def _note_text(finding: Finding, pair_id: str, several: bool) -> str:
    where = f"[{pair_id}] " if several else ""
    suggestion = f" Suggestion: {finding.suggestion}" if finding.suggestion else ""
    return f"{where}mtreview {finding.severity.value} {finding.check}: {finding.message}{suggestion}"


def _add_notes(unit: _Unit, findings: Sequence[Finding], version: int, several: bool) -> None:
    ns = namespace(unit.unit.tag)
    qualified = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    if version == 1:
        children = list(unit.unit)
        anchors = [i for i, child in enumerate(children) if local(child.tag) in ("source", "seg-source", "target", "note")]
        at = (anchors[-1] + 1) if anchors else len(children)
        for finding in findings:
            note = Element(qualified("note"), {"from": "mtreview", "priority": _PRIORITY[finding.severity]})
            note.text = _note_text(finding, unit.pair_id, several)
            unit.unit.insert(at, note)
            at += 1
        return
    notes = _first(unit.unit, "notes")
    if notes is None:
        notes = Element(qualified("notes"))
        children = list(unit.unit)
        at = next((i for i, child in enumerate(children) if local(child.tag) in ("originalData", "segment", "ignorable")),
                  len(children))
        unit.unit.insert(at, notes)
    for finding in findings:
        note = SubElement(notes, qualified("note"), {"category": "mtreview", "appliesTo": "target",
                                                     "priority": _PRIORITY[finding.severity]})
        note.text = _note_text(finding, unit.pair_id, several)


def annotate_xliff(source_path: Path, out_path: Path, findings: Sequence[Finding]) -> dict[str, int]:
    """Write a copy of an XLIFF file with the findings as notes and ITS quality-issue marks.

    Returns counts: findings noted, marked in place (<mrk>), and put on a whole <target>."""
    source_path, out_path = Path(source_path), Path(out_path)
    root, namespaces, prolog = parse_with_prolog(source_path, "XLIFF")
    version = _version(source_path, root)
    units = _units(source_path, root, version)
    by_pair: dict[str, list[Finding]] = {}
    for finding in findings:
        by_pair.setdefault(finding.pair_id, []).append(finding)
    segments_per_unit: dict[int, int] = {}
    for unit in units:
        segments_per_unit[id(unit.unit)] = segments_per_unit.get(id(unit.unit), 0) + 1
    counts = {"noted": 0, "marked": 0, "on_target": 0}
    ns = namespace(root.tag)
    mrk_tag = f"{{{ns}}}mrk" if ns else "mrk"
    used_ids = {element.get("id") for element in root.iter() if element.get("id")}
    serial = 0
    for unit in units:
        unit_findings = by_pair.get(unit.pair_id, [])
        if not unit_findings:
            continue
        _add_notes(unit, unit_findings, version, segments_per_unit[id(unit.unit)] > 1)
        counts["noted"] += len(unit_findings)
        if unit.target is None:
            continue
        length = len(inline_text(unit.target))
        taken: list[tuple[int, int]] = []
        unplaced = []
        for finding in sorted(unit_findings, key=lambda f: (-f.severity.rank, f.target_span or (0, 0))):
            span = finding.target_span
            if (not span or not 0 <= span[0] < span[1] <= length
                    or any(span[0] < end and start < span[1] for start, end in taken)):
                unplaced.append(finding)
                continue

            def make_mrk(finding=finding):
                nonlocal serial
                if version == 1:
                    element = Element(mrk_tag, {"mtype": "x-its"})
                else:
                    serial += 1
                    while f"mtr{serial}" in used_ids:
                        serial += 1
                    element = Element(mrk_tag, {"id": f"mtr{serial}", "type": "its:any"})
                _its_attributes(element, finding)
                return element

            if _wrap(unit.target, span, make_mrk):
                taken.append(span)
                counts["marked"] += 1
            else:
                unplaced.append(finding)
        if version == 1 and unplaced and f"{{{ITS}}}locQualityIssueType" not in unit.target.attrib:
            _its_attributes(unit.target, unplaced[0])  # the most severe: sorted above
            counts["on_target"] += 1
    root.set(f"{{{ITS}}}version", "2.0")
    write_document(root, namespaces, out_path, prolog, cdata_sections(source_path, "XLIFF"))
    return counts


def _utf8_prolog(prolog: bytes) -> bytes:
    """The prolog as UTF-8, its encoding declaration saying so (a GBK file's copy is written in UTF-8)."""
    if not prolog:
        return b""


    declared = re.match(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", prolog)
    if not declared or declared.group(1).lower() in (b"utf-8", b"utf8"):
        return prolog.removeprefix(b"\xef\xbb\xbf")
    text = prolog.decode(declared.group(1).decode("ascii"))
    return re.sub(r"""(encoding\s*=\s*["'])[A-Za-z0-9._-]+(["'])""", r"\1UTF-8\2", text, count=1).encode("utf-8")


@contextmanager
def _room_for_depth(root: Element):
    """ElementTree writes recursively, one Python frame per level: markup nested thousands deep (legal,
    and seen in CAT files) gets a recursion limit to match while it is written. Python 3.11 calls between
    Python functions do not use the C stack, so a higher limit is safe."""
    depth, stack = 0, [(root, 1)]
    while stack:
        element, level = stack.pop()
        depth = max(depth, level)
        stack.extend((child, level + 1) for child in element)
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(max(saved, 2 * depth + 200))
    try:
        yield
    finally:
        sys.setrecursionlimit(saved)


def write_document(root: Element, namespaces: list[tuple[str, str]], out_path: Path, prolog: bytes = b"",
           cdata: Sequence[str] = ()) -> None:
    """Write with the file's own namespace prefixes (the root's namespace as the default one), its: for ITS;
    atomically (a .partial file renamed into place). Used for XLIFF and TMX write-backs.

    ElementTree keeps prefixes in a module-wide map: it is restored afterwards, so nothing leaks."""
    from xml.etree import ElementTree as ET

    # private, untyped: register_namespace would refuse the ns0-style prefixes a file may declare
    namespace_map: dict[str, str] = getattr(ET, "_namespace_map")  # noqa: B009
    saved = dict(namespace_map)
    try:
        for prefix, uri in namespaces:
            if uri != ITS and not (prefix.startswith("ns") and prefix[2:].isdigit()):
                namespace_map[uri] = prefix
        namespace_map[ITS] = "its"
        if namespace(root.tag):
            namespace_map[namespace(root.tag)] = ""
        partial = out_path.with_name(out_path.name + ".partial")
        try:
            with _room_for_depth(root):
                with open(partial, "wb") as handle:
                    # The file's own prolog (its declaration with standalone, comments, PIs), in UTF-8, as
                    # the body is written; its CDATA sections put back.
                    handle.write(_utf8_prolog(prolog) or b"<?xml version='1.0' encoding='UTF-8'?>\n")
                    written = ET.tostring(root, encoding="unicode")
                    handle.write(restore_cdata(written, list(cdata)).encode("utf-8"))
            partial.replace(out_path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise ReportError(f"cannot write {out_path}: {error.strerror}") from None
    finally:
        namespace_map.clear()
        namespace_map.update(saved)
