"""Term lists: required official renderings and forbidden literal ones, keyed by the Chinese term.

The TSV format (also documented in the README):

    # comment lines start with '#'
    zh<TAB>en<TAB>forbidden<TAB>note<TAB>source
    新冠肺炎<TAB>COVID-19<TAB>new crown pneumonia|new coronary pneumonia<TAB>...<TAB>WHO, 11 Feb 2020

`zh` and `en` are required, and `source` is required in the shipped list (a user list may leave it
out: its entries then cite the file); `en` and `forbidden` hold one or more renderings separated by
`|` (the first `en` is the preferred one). The shipped list is `official-zh-en.tsv` beside this file.
CSV files with the same columns, TICO-19's CSV term lists and TBX term bases are read too.

Two forms generalise an entry beyond one fixed string:

- a `zh` ending in `*` is a *prefix entry* (`新冠*`): its forbidden renderings apply wherever the source
  has the prefix, in any compound (新冠疫苗, 新冠病毒, 新冠肺炎 ...); it only forbids, so it neither
  masks nor is masked by the fixed entries and is never reported missing;
- a forbidden rendering containing `{name}` (`Chairman {name}`) is a *title before a name*: it matches
  the words before the slot followed by a romanised name, and only where that name spells the
  characters next to the term in the source (国家主席习近平 → "Chairman Xi Jinping"; "Chairman Zhao"
  for another person's 委员长 elsewhere in the sentence is left alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtreview.terms.entry import NAME_SLOT, PREFIX_MARK, TermEntry

SHIPPED_TERMS = Path(__file__).with_name("official-zh-en.tsv")


def load_terms(path: Path | str = SHIPPED_TERMS) -> list[TermEntry]:
    """A term list: TSV (the format above), CSV with the same columns or TICO-19's, or a TBX term base."""
    path = Path(path)
    if path.suffix.lower() in (".tbx", ".xml"):
        from mtreview.terms.tbx import load_tbx

        return load_tbx(path)
    from mtreview.terms.tables import load_term_table

    # The shipped list must say where each official rendering is published.
    return load_term_table(path, require_source=path == SHIPPED_TERMS)


def load_term_lists(paths: Sequence[Path | str] | None, include_shipped: bool = True) -> list[TermEntry]:
    """The shipped list plus user lists; a user entry for the same Chinese term replaces the shipped one."""
    by_term: dict[str, TermEntry] = {}
    shipped: list[Path | str] = [SHIPPED_TERMS] if include_shipped else []
    for path in shipped + list(paths or []):
        for entry in load_terms(path):
            by_term[entry.zh] = entry
    return list(by_term.values())


__all__ = ["NAME_SLOT", "PREFIX_MARK", "SHIPPED_TERMS", "TermEntry", "load_term_lists", "load_terms"]
