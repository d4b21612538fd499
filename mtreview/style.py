"""House styles: the conventions a desk writes down once (a TOML file) and every check follows.

This module holds the HouseStyle record the checks read from their CheckContext; loading and validating
style files, the shipped styles (`news`, the default, and `transcript`), rules and per-check severities
are built on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HouseStyle:
    """A desk's conventions. The defaults are the `news` style: closed em dash, US spelling, thousands
    separators, "percent" or "%" both accepted, curly quotes, "September 15" dates."""

    name: str = "news"
    dash: str = "em"  # "em": closed em dash (word—word); "en": spaced en dash (word – word); "double-hyphen": --
    spelling: str = "en-US"  # "en-US" or "en-GB": which spelling variant the spelling check accepts
    thousands: str = ","  # thousands separator in figures of five digits or more: "," or " " (thin) or ""
    percent: str = "any"  # "percent", "%" or "any"
    quotes: str = "curly"  # "curly" (“ ” ‘ ’), "straight" (" ') or "any"
    date: str = "month-day"  # "month-day" (September 15, 2024) or "day-month" (15 September 2024)
    # check id -> severity ("minor", "major", "critical") or "off"
    severities: dict[str, str] = field(default_factory=dict)
    origin: str = ""  # the file it was read from, "" for a shipped style


DEFAULT_STYLE = HouseStyle()
