"""Term lists: required official renderings and forbidden literal ones, keyed by the Chinese term.

The TSV format (also documented in the README):

    # comment lines start with '#'
    zh<TAB>en<TAB>forbidden<TAB>note<TAB>source
    新冠肺炎<TAB>COVID-19<TAB>new crown pneumonia|new coronary pneumonia<TAB>...<TAB>WHO, 11 Feb 2020

`zh`, `en` and `source` are required; `en` and `forbidden` hold one or more renderings separated by
`|` (the first `en` is the preferred one). The shipped list is `official-zh-en.tsv` beside this file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from mtreview.errors import TermListError

SHIPPED_TERMS = Path(__file__).with_name("official-zh-en.tsv")
_COLUMNS = ("zh", "en", "forbidden", "note", "source")
_REQUIRED = ("zh", "en", "source")


@dataclass(frozen=True)
class TermEntry:
    zh: str
    renderings: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    origin: str = ""  # file:line the entry came from, for messages

    @property
    def preferred(self) -> str:
        return self.renderings[0]


def _split_alternatives(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def load_terms(path: Path | str = SHIPPED_TERMS) -> list[TermEntry]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TermListError(path, "term list not found") from None
    except UnicodeDecodeError as error:
        raise TermListError(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise TermListError(path, f"cannot read term list: {error.strerror}") from None
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise TermListError(path, "term list is empty")
    header_line, header = lines[0][0], lines[0][1].split("\t")
    header = [column.strip().lower() for column in header]
    missing = [column for column in _REQUIRED if column not in header]
    unknown = [column for column in header if column not in _COLUMNS]
    if missing or unknown:
        problem = (f"missing column(s) {', '.join(missing)}" if missing else
                   f"unknown column(s) {', '.join(unknown)}")
        raise TermListError(path, f"bad header: {problem}; expected tab-separated {', '.join(_COLUMNS)}",
                            header_line)
    entries = []
    for number, line in lines[1:]:
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(fields) > len(header):
            raise TermListError(path, f"{len(fields)} fields, header has {len(header)}", number)
        row = dict(zip(header, (field.strip() for field in fields)))
        empty = [column for column in _REQUIRED if not row.get(column)]
        if empty:
            raise TermListError(path, f"empty required field(s): {', '.join(empty)}", number)
        entries.append(TermEntry(
            zh=row["zh"],
            renderings=_split_alternatives(row["en"]),
            forbidden=_split_alternatives(row.get("forbidden", "")),
            note=row.get("note", ""),
            source=row["source"],
            origin=f"{path.name}:{number}",
        ))
    return entries


def load_term_lists(paths: list[Path] | None, include_shipped: bool = True) -> list[TermEntry]:
    """The shipped list plus user lists; a user entry for the same Chinese term replaces the shipped one."""
    by_term: dict[str, TermEntry] = {}
    for path in ([SHIPPED_TERMS] if include_shipped else []) + list(paths or []):
        for entry in load_terms(path):
            by_term[entry.zh] = entry
    return list(by_term.values())


__all__ = ["TermEntry", "load_terms", "load_term_lists", "SHIPPED_TERMS"]
