"""Pinyin written with tone marks, not other languages' accents."""

from __future__ import annotations

import pytest

from mtreview.records import Category
from tests.support.checkspec import fails, flagged, passes

# --- pinyin tone marks ----------------------------------------------------------------------------

def test_pinyin_with_tone_marks():
    source = "国家主席习近平在北京会见白俄罗斯总统卢卡申科。"
    target = "President Xí Jìnpíng met with Belarusian President Lukashenko in Běijīng."
    found = fails("tone-marks", target, source)
    assert [(flagged(f, target), f.suggestion) for f in found] == \
        [("Xí", "Xi"), ("Jìnpíng", "Jinping"), ("Běijīng", "Beijing")]
    assert found[0].category == Category.SPELLING and "tone marks" in found[0].message
    assert [f.suggestion for f in fails("tone-marks", "the Xī'ān office", "西安的办事处")] == ["Xi'an"]
    passes("tone-marks", "President Xi Jinping met with Belarusian President Lukashenko in Beijing.", source)


@pytest.mark.parametrize("target, source", [
    ("The Great Tōhoku Earthquake (2011)", "日本东北大地震（2011年）"),  # IOL_Research #858: Japanese
    # the ISO 3166-2 catalogue: it reads as pinyin, but not as the source's (班加西) or not in its tones
    ("Banghāzī", "班加西"),
    ("Manabí", "马纳比省"),
    ("Kāpīsā", "卡比萨省"),
    ("María visited the Māori museum and a café in Bogotá.", "玛丽亚参观了博物馆。"),
])
def test_accents_of_other_languages_are_not_pinyin(target, source):
    passes("tone-marks", target, source)
