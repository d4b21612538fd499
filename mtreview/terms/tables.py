"""Term lists as tables: mtreview's TSV, the same columns as CSV, and TICO-19's CSV term lists."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from mtreview.errors import TermListError
from mtreview.terms.entry import NAME_SLOT, PREFIX_MARK, TermEntry

COLUMNS = ("zh", "en", "forbidden", "note", "source")
# Other names for the columns, as other tools write them (TICO-19: sourceString, targetString).
_ALIASES = {"sourcestring": "zh", "targetstring": "en", "chinese": "zh", "english": "en", "term": "zh",
            "translation": "en", "description": "note"}
_IGNORED = {"stringid", "sourcelang", "targetlang", "pos", "id"}


def split_alternatives(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _read(path: Path) -> str:
    """The list's text, read as every input is (encoding detection included)."""
    from mtreview.errors import InputError
    from mtreview.inputs.text import read_text

    try:
        return read_text(path)
    except InputError as error:
        raise TermListError(path, error.problem) from None


def _rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of every non-comment line; CSV quoted as usual, TSV not quoted."""
    if path.suffix.lower() == ".csv":
        reader = csv.reader(io.StringIO(text))
        rows = [(reader.line_num, fields) for fields in reader]
    else:
        # split("\n"), not splitlines(): U+0085, U+2028 and the like inside a field are text, not line ends
        rows = [(number, line.split("\t")) for number, line in enumerate(text.split("\n"), 1)]
    return [(number, fields) for number, fields in rows
            if any(field.strip() for field in fields) and not fields[0].lstrip().startswith("#")]


def load_term_table(path: Path, *, require_source: bool = False) -> list[TermEntry]:
    rows = _rows(path, _read(path))
    if not rows:
        raise TermListError(path, "term list is empty")
    header_line, raw_header = rows[0]
    header = [_ALIASES.get(column.strip().lower(), column.strip().lower()) for column in raw_header]
    required = ("zh", "en", "source") if require_source else ("zh", "en")
    missing = [column for column in required if column not in header]
    unknown = [column for column in header if column not in COLUMNS and column not in _IGNORED]
    if missing or unknown:
        problem = (f"missing column(s) {', '.join(missing)}" if missing else
                   f"unknown column(s) {', '.join(unknown)}")
        raise TermListError(path, f"bad header: {problem}; expected {', '.join(COLUMNS)}", header_line)
    entries = []
    for number, fields in rows[1:]:
        if len(fields) > len(header):
            raise TermListError(path, f"{len(fields)} fields, header has {len(header)}", number)
        row = dict(zip(header, (field.strip() for field in fields)))
        empty = [column for column in required if not row.get(column)]
        if empty:
            raise TermListError(path, f"empty required field(s): {', '.join(empty)}", number)
        forbidden = split_alternatives(row.get("forbidden", ""))
        if row["zh"].endswith(PREFIX_MARK) and (len(row["zh"]) < 2 or not forbidden):
            raise TermListError(path, f"prefix entry {row['zh']} needs a prefix and forbidden renderings "
                                      "(a prefix entry only forbids)", number)
        if not split_alternatives(row["en"]) and not row["zh"].endswith(PREFIX_MARK):
            raise TermListError(path, f"en {row['en']!r} names no rendering (alternatives are separated by |)",
                                number)
        if any(NAME_SLOT in rendering for rendering in split_alternatives(row["en"])):
            raise TermListError(path, f"{NAME_SLOT} belongs in forbidden renderings, not in en", number)
        entries.append(TermEntry(
            zh=row["zh"],
            renderings=split_alternatives(row["en"]),
            forbidden=forbidden,
            note=row.get("note", ""),
            source=row.get("source") or path.name,
            origin=f"{path.name}:{number}",
        ))
    return entries
