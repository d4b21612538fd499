"""Text from inputs, shown on a terminal: control characters made visible.

A translation, a file name or a system name can hold ESC sequences (ESC ] 0 ; … sets the terminal's
title; others move the cursor or hide text), newlines that break a one-line error or a table row, or
bidirectional overrides that reorder what is shown. Every command's text output passes such values
through `shown`; JSON output escapes them anyway.
"""

from __future__ import annotations

import re

# C0 controls (tab and newline included: inside a value they would break a row), DEL, C1 controls,
# and the bidirectional embedding, override and isolate characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def shown(value: object) -> str:
    """The value as text with every control character written as an escape (ESC as \\x1b)."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text
