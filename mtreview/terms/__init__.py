"""Term lists: required official renderings and forbidden literal ones, keyed by the Chinese term.

The TSV format (also documented in the README):

    # comment lines start with '#'
    zh<TAB>en<TAB>forbidden<TAB>note<TAB>source
    新冠肺炎<TAB>COVID-19<TAB>new crown pneumonia|new coronary pneumonia<TAB>...<TAB>WHO, 11 Feb 2020

`zh` and `en` are required, and `source` is required in the shipped list (a user list may leave it
out: its entries then cite the file); `en` and `forbidden` hold one or more renderings separated by
`|` (the first `en` is the preferred one). The shipped list is `official-zh-en.tsv` beside this file.
CSV files with the same columns, TICO-19's CSV term lists and TBX term bases are read too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SHIPPED_TERMS = Path(__file__).with_name("official-zh-en.tsv")


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


def load_terms(path: Path | str = SHIPPED_TERMS) -> list[TermEntry]:
    """A term list: TSV (the format above), CSV with the same columns or TICO-19's, or a TBX term base."""
    path = Path(path)
    if path.suffix.lower() in (".tbx", ".xml"):
        from mtreview.terms.tbx import load_tbx

        return load_tbx(path)
    from mtreview.terms.tables import load_term_table

    # The shipped list must say where each official rendering is published.
    return load_term_table(path, require_source=path == SHIPPED_TERMS)


def load_term_lists(paths: list[Path] | None, include_shipped: bool = True) -> list[TermEntry]:
    """The shipped list plus user lists; a user entry for the same Chinese term replaces the shipped one."""
    by_term: dict[str, TermEntry] = {}
    for path in ([SHIPPED_TERMS] if include_shipped else []) + list(paths or []):
        for entry in load_terms(path):
            by_term[entry.zh] = entry
    return list(by_term.values())


__all__ = ["SHIPPED_TERMS", "TermEntry", "load_term_lists", "load_terms"]
