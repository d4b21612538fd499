"""The bundled Xinhua case as the tests read it: its files, its text, its sentences per paragraph
and its pairs."""

from __future__ import annotations

import pytest

from mtreview.inputs import load_corpus_dir, load_text_pair
from mtreview.segment import segment_document
from tests.support.paths import SHARED, XINHUA

SOURCE_TEXT = (XINHUA / "source.zh.txt").read_text(encoding="utf-8")
TARGET_TEXT = (XINHUA / "target.en.txt").read_text(encoding="utf-8")


def sentences(text: str, lang: str) -> list[list[str]]:
    """The text's sentences, paragraph by paragraph."""
    return [[sentence.text for sentence in paragraph] for paragraph in segment_document(text, lang)]


ZH = sentences(SOURCE_TEXT, "zh")
EN = sentences(TARGET_TEXT, "en")


def shared_file(relative: str) -> str:
    """A file of the shared real data, read; the test skips when it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8")


def one_to_one(count: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The (source, target) beads of `count` sentences each paired with the one at its position."""
    return [((k,), (k,)) for k in range(count)]


# --- the Xinhua case, sentence by sentence ----------------------------------------------------

# Read off the two texts: every English sentence translates the Chinese sentence at the same
# position. P1 2<->2; P2 the caption "...Guest House." / "Photo by ... Zhai Jianlan" <-> "...卢卡申科。" /
# "新华社记者翟健岚摄"; P3 3<->3; P4 5<->5; P5 6<->6 (ending "I wish ..." <-> "预祝..."); P6 1<->1; P7 1<->1.
XINHUA_IDS = [f"zh{k}_en{k}" for k in range(20)]


SOURCE_FILE, TARGET_FILE = XINHUA / "source.zh.txt", XINHUA / "target.en.txt"


def xinhua_rows() -> list[tuple[str, str]]:
    """(source, target) of the bundled case's aligned pairs."""
    return [(pair.source, pair.target) for pair in load_text_pair(SOURCE_FILE, TARGET_FILE).pairs]


def aligned_sentences() -> list[tuple[str, str, str]]:
    """Real (source, target, reference) sentences: the Xinhua corpus, aligned, one line each."""
    pairs = load_corpus_dir(XINHUA).pairs
    return [(p.source.replace("\n", " "), p.target.replace("\n", " "), p.reference or "") for p in pairs]
