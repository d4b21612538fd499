"""corpus.toml, checked against its schema before anything is read: every problem at once, in one line.

A manifest may come from a third party with the folder it describes, so the files it names must lie
inside that folder (symbolic links resolved): a manifest naming /etc/passwd or ../../secret would copy
that file into reports that are sent back.
"""

from __future__ import annotations

import re
from pathlib import Path

from mtreview.errors import InputError

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# key -> expected type for the top level and each section; "file" values are paths inside the folder
_TOP: dict[str, type] = {"name": str, "system": str, "document": str, "description": str, "style": str,
        "source": dict, "target": dict, "reference": dict}
_SECTIONS: dict[str, dict[str, type]] = {
    "source": {"file": str, "reconstructed": list, "language": str, "note": str},
    "target": {"file": str, "language": str, "note": str},
    "reference": {"file": str, "alignment": str, "note": str},
}
_REQUIRED = {("source", "file"), ("target", "file")}
_PATHS = {"file", "alignment"}
_TYPE_NAMES: dict[type, str] = {str: "text", dict: "a table", list: "a list"}


def _kind(value: object) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", dict: "a table",
            list: "a list"}.get(type(value), type(value).__name__)


def validate_manifest(path: Path, manifest: dict) -> dict[tuple[str, str], Path]:
    """Check a parsed corpus.toml; return the files it names, resolved, by (section, key). Raises one
    InputError naming the manifest and every problem."""
    folder = path.parent.resolve()
    problems: list[str] = []
    files: dict[tuple[str, str], Path] = {}
    for key, value in manifest.items():
        expected = _TOP.get(key)
        if expected is None:
            continue  # keys of its own (a title, provenance) are the manifest writer's business
        if not isinstance(value, expected):
            problems.append(f"{key} must be {_TYPE_NAMES[expected]}, not {_kind(value)}")
        elif isinstance(value, str) and _CONTROL.search(value):
            problems.append(f"{key} holds a control character")
    for section, schema in _SECTIONS.items():
        table = manifest.get(section)
        if not isinstance(table, dict):
            if section != "reference" and section not in manifest:
                problems.append(f"[{section}] is missing (with its file = \"…\")")
            continue
        for key, value in table.items():
            expected = schema.get(key)
            if expected is None:
                continue
            if not isinstance(value, expected):
                problems.append(f"[{section}] {key} must be {_TYPE_NAMES[expected]}, not {_kind(value)}")
            elif key in _PATHS and isinstance(value, str):  # path keys are text (the schema)
                located = _inside(folder, value)
                if located == "does not exist" and section == "reference" and key == "file" and "alignment" in table:
                    continue  # beside a hand alignment the reference text is provenance only: never read
                if isinstance(located, str):
                    problems.append(f"[{section}] {key} names {value}, which {located}")
                else:
                    files[(section, key)] = located
        for required_section, key in _REQUIRED:
            if required_section == section and key not in table:
                problems.append(f"[{section}] needs '{key}'")
        if section == "source" and isinstance(table.get("reconstructed"), list):
            for number, passage in enumerate(table["reconstructed"], 1):
                if not isinstance(passage, dict) or not isinstance(passage.get("text"), str) or not passage["text"]:
                    problems.append(f"[[source.reconstructed]] {number}: needs text = \"…\" (the passage), "
                                    f"not {_kind(passage.get('text') if isinstance(passage, dict) else passage)}")
        if section == "reference" and not ({"file", "alignment"} & set(table)):
            problems.append("[reference] needs 'file' (a reference text) or 'alignment' (a hand alignment table)")
    if problems:
        raise InputError(path, f"{len(problems)} problem(s): " + "; ".join(problems))
    return files


def _inside(folder: Path, value: str) -> Path | str:
    """The file, resolved, if it is a file inside the folder; else what is wrong with it."""
    if not value or "\x00" in value:
        return "is not a file name"
    candidate = Path(value)
    if candidate.is_absolute():
        return "is an absolute path; name a file inside the corpus folder"
    resolved = (folder / candidate).resolve()
    if resolved != folder and folder not in resolved.parents:
        return "is outside the corpus folder (files a manifest names must be inside it, links resolved)"
    if not resolved.is_file():
        return "does not exist" if not resolved.exists() else "is not a file"
    return resolved
