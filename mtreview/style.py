"""House styles: the conventions a desk writes down once (a TOML file) and every check follows.

A style file (all keys optional; `base` names a shipped style to start from, else `news`):

    name = "our-desk"
    base = "news"                # or "transcript"
    dash = "em"                  # "em" (word—word), "en" (word – word), "double-hyphen" (word -- word), "any"
    spelling = "en-GB"           # "en-US" or "en-GB"
    thousands = ","              # ",", " ", "thin" (U+2009), "none" or "any"
    percent = "percent"          # "percent", "%" or "any"
    quotes = "curly"             # "curly", "straight" or "any"
    date = "day-month"           # "month-day", "day-month" or "any"
    terms = ["desk-terms.tsv"]   # term lists, relative to this file
    [checks]                     # check id (or rule:<name>) = "off", "neutral", "minor", "major", "critical"
    dash = "off"
    [[rules]]                    # see mtreview.rules
    name = "no-new-crown"
    pattern = "\\bnew crown\\b"
    message = "新冠 is COVID-19"

`news` (the default) and `transcript` ship in mtreview/styles/. A file is validated as a whole: every
problem is reported in one InputError naming it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from mtreview.errors import InputError
from mtreview.rules import Rule, load_rules, parse_rules


@dataclass(frozen=True)
class HouseStyle:
    """A desk's conventions. The defaults are the `news` style: any dash, US spelling, thousands
    separators, "percent" or "%" both accepted, straight or curly quotes (not both in a segment), "September 15"
    dates."""

    name: str = "news"
    # "any" (the news default), or one to enforce: "em" (word—word), "en" (word – word), "double-hyphen" (--)
    dash: str = "any"
    spelling: str = "en-US"  # "en-US" or "en-GB": which spelling variant the spelling check accepts
    thousands: str = ","  # thousands separator in figures of five digits or more: "," or " " (thin) or ""
    percent: str = "any"  # "percent", "%" or "any"
    quotes: str = "any"  # "curly" (“ ” ‘ ’), "straight" (" ') or "any" (either; not both in one segment)
    date: str = "month-day"  # "month-day" (September 15, 2024) or "day-month" (15 September 2024)
    # check id -> severity ("minor", "major", "critical") or "off"
    severities: dict[str, str] = field(default_factory=dict)
    origin: str = ""  # the file it was read from, "" for a shipped style
    rules: tuple[Rule, ...] = ()  # the desk's own patterns (mtreview.rules), run as checks rule:<name>
    term_lists: tuple[str, ...] = ()  # term list files the style names (absolute paths)
    description: str = ""


# As mtreview/styles/news.toml has it (a test holds the two together).
DEFAULT_STYLE = HouseStyle(description="news copy: any dash, US spelling, figures with thousands separators")
STYLE_FILE = "style.toml"  # a corpus folder's own house style

# Accepted spellings of each convention -> the value the checks read.
_VALUES: dict[str, dict[str, str]] = {
    "dash": {"em": "em", "—": "em", "en": "en", "–": "en", " – ": "en", "double-hyphen": "double-hyphen",
             "--": "double-hyphen", "any": "any"},
    "spelling": {"en-US": "en-US", "en-GB": "en-GB"},
    "thousands": {",": ",", "comma": ",", " ": " ", "space": " ", "thin": "\u2009", "\u2009": "\u2009",
                  "": "", "none": "", "any": "any"},
    "percent": {"percent": "percent", "%": "%", "any": "any"},
    "quotes": {"curly": "curly", "straight": "straight", "any": "any"},
    "date": {"month-day": "month-day", "day-month": "day-month", "any": "any"},
}
CHECK_SEVERITIES = ("off", "neutral", "minor", "major", "critical")
_KEYS = {"name", "base", "description", "checks", "terms", "rules", *_VALUES}
DASH_NAMES = {"em": "closed em dash (word—word)", "en": "spaced en dash (word – word)",
              "double-hyphen": "double hyphen (word -- word)", "any": "any"}


def shipped_styles() -> list[str]:
    return sorted(entry.name[:-5] for entry in resources.files("mtreview.styles").iterdir()
                  if entry.name.endswith(".toml"))


def _read(path: Path | None, name: str | None) -> tuple[dict, str]:
    """A style document and the label its problems are reported under."""
    try:
        if name is not None:
            text, label = resources.files("mtreview.styles").joinpath(f"{name}.toml").read_text("utf-8"), name
        elif path is not None:
            text, label = path.read_text(encoding="utf-8-sig"), str(path)
        else:
            raise ValueError("a style is read from a name or a path")
    except FileNotFoundError:
        raise InputError(path or name, "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path or name, f"cannot be read: {error}") from None
    try:
        return tomllib.loads(text), label
    except tomllib.TOMLDecodeError as error:
        raise InputError(path or name, f"not valid TOML: {error}") from None


def _is_shipped_name(spec: str | Path) -> bool:
    return isinstance(spec, str) and spec in shipped_styles()


def load_style(spec: str | Path | None = None, *, known_checks: Collection[str] = (),
               rules_files: Sequence[Path | str] = ()) -> HouseStyle:
    """A house style: a shipped one by name ("news", "transcript"), or a style file; None is `news`.
    `rules_files` (--rules) add their rules. Check ids in [checks] are validated against known_checks
    when it is given. Raises InputError naming the file, with every problem found in it."""
    style = DEFAULT_STYLE
    if spec is not None:
        if _is_shipped_name(spec):
            style = _parse(*_read(None, str(spec)), folder=None, known_checks=known_checks)
        else:
            path = Path(spec)
            if not path.exists() and not path.suffix and path.parent == Path("."):
                raise InputError(path, f"no such style file, and not a shipped style ({', '.join(shipped_styles())})")
            style = _parse(*_read(path, None), folder=path.parent, known_checks=known_checks)
            style = replace(style, origin=str(path))
    extra: list[Rule] = [rule for rules_file in rules_files for rule in load_rules(rules_file)]
    if extra:
        names = {rule.name for rule in style.rules}
        clash = sorted(rule.name for rule in extra if rule.name in names)
        if clash:
            raise InputError(rules_files[0], f"rule name(s) {', '.join(clash)} also in the house style {style.name}")
        style = replace(style, rules=style.rules + tuple(extra))
    return style


def _parse(document: dict, label: str, *, folder: Path | None, known_checks: Collection[str]) -> HouseStyle:
    problems = []
    unknown = sorted(set(document) - _KEYS)
    if unknown:
        problems.append(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    base = DEFAULT_STYLE
    base_name = document.get("base")
    if base_name is not None:
        if base_name in shipped_styles() and base_name != label:
            base = _parse(*_read(None, base_name), folder=None, known_checks=known_checks)
        else:
            problems.append(f"base {base_name!r} is not a shipped style ({', '.join(shipped_styles())})")
    values = {}
    for key, accepted in _VALUES.items():
        if key in document:
            value = document[key]
            if not isinstance(value, str) or value not in accepted:
                shown = ", ".join(repr(v) for v in accepted)
                problems.append(f"{key} = {value!r} is not one of {shown}")
            else:
                values[key] = accepted[value]
    for key in ("name", "description"):
        if key in document and not isinstance(document[key], str):
            problems.append(f"{key} must be a string")
    rules, rule_problems = parse_rules(document.get("rules", []), label)
    problems += rule_problems
    severities = dict(base.severities)
    checks = document.get("checks", {})
    if not isinstance(checks, dict):
        problems.append("checks must be a table: [checks] followed by check-id = \"off\" or a severity")
        checks = {}
    rule_ids = {rule.check_id for rule in base.rules + tuple(rules)}
    for check_id, severity in checks.items():
        if severity not in CHECK_SEVERITIES:
            problems.append(f"checks.{check_id} = {severity!r} is not one of {', '.join(CHECK_SEVERITIES)}")
        elif known_checks and check_id not in known_checks and check_id not in rule_ids:
            problems.append(f"checks.{check_id}: no such check (see mtreview checks)")
        else:
            severities[check_id] = severity
    terms = document.get("terms", [])
    term_lists = list(base.term_lists)
    if not isinstance(terms, list) or not all(isinstance(item, str) for item in terms):
        problems.append("terms must be a list of term list files")
    else:
        for item in terms:
            path = (folder or Path(".")) / item
            if not path.is_file():
                problems.append(f"terms: no such file {item!r} (paths are relative to the style file)")
            term_lists.append(str(path.resolve()))
    if problems:
        raise InputError(label, "; ".join(problems))
    return replace(base, **values, name=document.get("name") or (label if folder is None else Path(label).stem),
                   description=document.get("description", base.description), severities=severities,
                   rules=base.rules + tuple(rules), term_lists=tuple(term_lists), origin="")


def corpus_style_file(folder: Path | str) -> Path | None:
    """A corpus folder's own house style, if it has one."""
    path = Path(folder) / STYLE_FILE
    return path if path.is_file() else None


def describe_style(style: HouseStyle) -> list[str]:
    """The effective style, a few lines for `mtreview checks`."""
    thousands = {",": "comma (12,000)", " ": "space (12 000)", "\u2009": "thin space", "": "none (12000)",
                 "any": "any"}[style.thousands]
    overrides = ", ".join(f"{check_id} {severity}" for check_id, severity in sorted(style.severities.items()))
    lines = [
        f"House style: {style.name} ({style.origin or 'shipped with mtreview'})"
        + (f": {style.description}" if style.description else ""),
        f"  dash: {DASH_NAMES[style.dash]}; spelling: {style.spelling}; thousands separator: {thousands}",
        f"  percent: {style.percent}; quotation marks: {style.quotes}; dates: {style.date}",
        f"  severity overrides: {overrides or 'none'}",
        f"  rules: {len(style.rules)}; term lists: {len(style.term_lists)}",
    ]
    return lines
