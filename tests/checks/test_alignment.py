"""Length checks on a pair: a translation too short or too long for its source."""

from __future__ import annotations

from tests.support.checkspec import fails, passes


def test_too_short_and_too_long():
    source = "中方坚定支持白方走符合本国国情的发展道路,反对外部势力以任何借口干涉白俄罗斯内政,愿同白方推动落实全球发展倡议。"
    fails("too-short", "China supports Belarus.", source)
    passes("too-short", "China firmly supports Belarus in following a development path that suits its own "
                        "national conditions, opposes external interference in Belarus’ internal affairs under "
                        "any pretext, and will work with Belarus on the Global Development Initiative.", source)
    passes("too-short", "OK.", "好的。")  # too short a source to judge
