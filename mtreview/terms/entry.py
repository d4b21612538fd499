"""A term list's entry (TermEntry) and the forms a consistency check compares; its own module so that
the loaders (mtreview.terms.tables, mtreview.terms.tbx) import it without importing mtreview.terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
        """The form a consistency check compares: an acronym or a bare noun referring back to the
        preferred rendering is the preferred form (NPC, National People's Congress; the pandemic,
        COVID-19); spelling variants (Macao, Macau) and other names (novel coronavirus, SARS-CoV-2)
        are forms of their own."""
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


def _refers_back(rendering: str, preferred: str) -> bool:
    """A bare common noun (the pandemic, the yuan), or acronyms and words of the preferred form (NPC,
    UN General Assembly, Foreign Ministry): shorter ways of naming what the preferred rendering names,
    not competing names."""
    if " " not in rendering and rendering.islower():
        return True
    # every word an acronym or a word of the preferred form: UN General Assembly, Foreign Ministry
    words = set(preferred.lower().replace("-", " ").split())
    return all(not any(char.islower() for char in word) or word.lower() in words
               for word in rendering.replace("-", " ").split())


def _derived(rendering: str, preferred: str) -> bool:
    """A one-word form derived from the preferred one: the adjective or demonym of a name (Belarus,
    Belarusian; China, Chinese; Japan, Japanese), which grammar chooses, not the translator."""
    if " " in rendering or " " in preferred:
        return False
    short, long = sorted((rendering.lower(), preferred.lower()), key=len)
    stem = short[:-1] if len(short) > 4 else short
    return len(stem) >= 4 and long.startswith(stem) and long[len(stem):].endswith(("an", "ian", "ese", "ish", "i"))


@lru_cache(maxsize=4096)
def _consistency_forms(renderings: tuple[str, ...]) -> dict[str, str]:
    """Each rendering's form: renderings that refer back share the preferred rendering's; spelling
    variants (Macao SAR, Macau SAR) are grouped by their spelling, each by its first rendering; any other
    rendering (novel coronavirus beside SARS-CoV-2) is a form of its own."""
    choices = {}
    for rendering in renderings:
        choices[rendering] = next((choice for other in renderings if other != rendering
                                   for choice in [_spelling_choice(rendering, other)] if choice), None)
    preferred = renderings[0]
    default = choices[preferred] or preferred
    first_of: dict[str, str] = {}
    forms = {}
    for rendering in renderings:
        chosen = choices[rendering]
        if chosen:
            key = chosen
        elif rendering == preferred or _refers_back(rendering, preferred) or _derived(rendering, preferred):
            key = default
        else:
            key = rendering
        forms[rendering] = first_of.setdefault(key, rendering)
    return forms
