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

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SHIPPED_TERMS = Path(__file__).with_name("official-zh-en.tsv")
PREFIX_MARK = "*"     # 新冠*: a prefix entry
NAME_SLOT = "{name}"  # Chairman {name}: a forbidden title before a name


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

    def consistency_form(self, rendering: str) -> str:
        """The form a consistency check compares: accepted renderings that differ only in length (NPC,
        National People's Congress; the pandemic, COVID-19) are one form; spelling variants (Macao,
        Macau; Councilor, Councillor) are two."""
        return _consistency_forms(self.renderings).get(rendering, rendering)

    @property
    def is_prefix(self) -> bool:
        """A prefix entry (新冠*): its forbidden renderings hold in every compound that starts with it."""
        return self.zh.endswith(PREFIX_MARK)

    @property
    def key(self) -> str:
        """The Chinese the source is searched for: the term, or a prefix entry's prefix."""
        return self.zh[:-1] if self.is_prefix else self.zh


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, for two short words."""
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (char != other))
    return row[-1]


def _spelling_choice(rendering: str, other: str) -> str | None:
    """The words of `rendering` spelt differently in `other` (macao for Macao SAR / Macau SAR), or None
    where the two are not spelling variants of one another (plurals, other words, case only)."""
    words, others = rendering.lower().split(), other.lower().split()
    if len(words) != len(others):
        return None
    differing = [(word, that) for word, that in zip(words, others) if word != that]
    if not differing or len(differing) > 2:
        return None
    for word, that in differing:
        short, long = sorted((word, that), key=len)
        if (min(len(word), len(that)) < 4 or _edits(word, that) > 2 or long in (short + "s", short + "es")
                or (short.endswith("y") and long == short[:-1] + "ies")):
            return None
    # singular and plural make one choice (political advisor, political advisors)
    return " ".join(re.sub(r"(?<=[a-z]{3})(ies|s)$", lambda m: "y" if m[1] == "ies" else "", word)
                    for word, _ in differing)


@lru_cache(maxsize=4096)
def _consistency_forms(renderings: tuple[str, ...]) -> dict[str, str]:
    """Each rendering's form: the first rendering sharing its spelling choices; renderings with no
    spelling variant of their own share the preferred rendering's."""
    choices = {}
    for rendering in renderings:
        choices[rendering] = next((choice for other in renderings if other != rendering
                                   for choice in [_spelling_choice(rendering, other)] if choice), None)
    default = choices[renderings[0]] or ""
    first_of: dict[str, str] = {}
    return {rendering: first_of.setdefault(choices[rendering] or default, rendering) for rendering in renderings}


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


__all__ = ["NAME_SLOT", "PREFIX_MARK", "SHIPPED_TERMS", "TermEntry", "load_term_lists", "load_terms"]
