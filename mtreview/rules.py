"""A desk's own rules (as Okapi CheckMate patterns and Xbench checklists have them): a regular expression
on the target, optionally gated on one on the source, with a message, an MQM category, a severity and a
suggestion (a replacement template: \\1, \\g<name>). Written as `[[rules]]` tables in a house style file
or a rules file (`--rules FILE`); each rule runs as the check `rule:<name>`.

Patterns are compiled with the `regex` package, whose matching takes a timeout: a pattern that
backtracks without end ((a|aa)+$ on a long line) stops the run with a one-line error naming the rule,
instead of hanging it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mtreview.errors import InputError, MtreviewError

# Seconds one rule may spend on one segment (target or source); a sane pattern needs microseconds.
RULE_TIMEOUT = 0.25
SEVERITIES = ("neutral", "minor", "major", "critical")
DEFAULT_CATEGORY = "Style/Company style"  # the MQM typology's category for a desk's own conventions
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*$")
_FIELDS = {"name", "pattern", "source", "not_source", "message", "category", "severity", "suggestion",
           "ignore_case"}


class RuleError(MtreviewError):
    """A rule could not be applied (its pattern ran past the time limit)."""


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    message: str
    category: str = DEFAULT_CATEGORY
    severity: str = "minor"
    source: str | None = None  # the rule applies only where the source matches this
    not_source: str | None = None  # ... and does not match this
    suggestion: str | None = None  # a replacement template for the matched text
    ignore_case: bool = False
    origin: str = ""  # the file it was read from

    @property
    def check_id(self) -> str:
        return f"rule:{self.name}"

    # Compiled on first use in each process (a Rule travels to worker processes as its fields).
    @cached_property
    def _compiled(self):
        import regex

        flags = regex.IGNORECASE if self.ignore_case else 0
        return tuple(None if text is None else regex.compile(text, flags | regex.V0)
                     for text in (self.pattern, self.source, self.not_source))

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        return state

    def matches(self, source: str, target: str, where: str = "") -> Iterator[tuple[tuple[int, int], str | None]]:
        """(target span, suggestion) for each match of the rule in the target."""
        pattern, source_pattern, not_source = self._compiled
        try:
            if source_pattern is not None and not source_pattern.search(source, timeout=RULE_TIMEOUT):
                return
            if not_source is not None and not_source.search(source, timeout=RULE_TIMEOUT):
                return
            for match in pattern.finditer(target, timeout=RULE_TIMEOUT):
                if match.end() == match.start():
                    continue  # an empty match flags nothing
                suggestion = match.expand(self.suggestion) if self.suggestion is not None else None
                yield match.span(), suggestion
        except TimeoutError:
            raise RuleError(f"rule {self.name!r} ({self.origin or 'rules'}): its pattern ran over {RULE_TIMEOUT} s "
                            f"on one segment{' (' + where + ')' if where else ''} and was stopped; rewrite it "
                            "without nested repetition such as (a+)+ or (a|aa)+") from None


def parse_rules(tables: object, origin: str) -> tuple[list[Rule], list[str]]:
    """Rules from the `rules` array of a TOML document, and every problem found in it (not just the first)."""
    import regex

    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        return [], ["rules: expected [[rules]] tables"]
    rules, problems, seen = [], [], set()
    for number, table in enumerate(tables, 1):
        name = table.get("name")
        label = f"rule {name!r}" if isinstance(name, str) and name else f"rule #{number}"
        here = []
        if not isinstance(name, str) or not _NAME.match(name):
            here.append(f"{label}: name must be letters, digits, '-', '_' or '.'")
        elif name in seen:
            here.append(f"{label}: the name is used twice")
        seen.add(name)
        unknown = sorted(set(table) - _FIELDS)
        if unknown:
            here.append(f"{label}: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(_FIELDS))})")
        for field in ("pattern", "source", "not_source"):
            text = table.get(field)
            if text is None and field != "pattern":
                continue
            if not isinstance(text, str) or not text:
                here.append(f"{label}: {field} must be a non-empty string")
                continue
            try:
                regex.compile(text, regex.V0)
            except regex.error as error:
                here.append(f"{label}: bad regular expression in {field} {text!r}: {error}")
        for field in ("message", "category", "suggestion"):
            if field in table and not isinstance(table[field], str):
                here.append(f"{label}: {field} must be a string")
        severity = table.get("severity", "minor")
        if severity not in SEVERITIES:
            here.append(f"{label}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
        if not isinstance(table.get("ignore_case", False), bool):
            here.append(f"{label}: ignore_case must be true or false")
        if not here and "suggestion" in table:
            try:
                _check_template(table["pattern"], table["suggestion"])
            except (regex.error, IndexError) as error:
                here.append(f"{label}: bad suggestion template {table['suggestion']!r}: {error}")
        problems += here
        if not here:
            rules.append(Rule(name=name, pattern=table["pattern"],
                              message=table.get("message") or f"matches the desk's rule {name}",
                              category=table.get("category") or DEFAULT_CATEGORY, severity=severity,
                              source=table.get("source"), not_source=table.get("not_source"),
                              suggestion=table.get("suggestion"), ignore_case=table.get("ignore_case", False),
                              origin=origin))
    return rules, problems


def _check_template(pattern: str, template: str) -> None:
    """Expands the template against an empty match of a stand-in with the pattern's groups (same numbers,
    same names): a template naming a group the pattern lacks fails here, not on the first match."""
    import regex

    compiled = regex.compile(pattern, regex.V0)
    names = {index: name for name, index in compiled.groupindex.items()}
    stand_in = "".join(f"(?P<{names[index]}>)" if index in names else "()" for index in range(1, compiled.groups + 1))
    empty = regex.compile(stand_in).match("")
    if empty is not None:  # always: every group of the stand-in matches the empty string
        empty.expand(template)


def load_rules(path: Path | str) -> list[Rule]:
    """The rules of a rules file (TOML, `[[rules]]` tables); every problem reported at once."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"not valid TOML: {error}") from None
    problems = [f"unknown key(s) {', '.join(sorted(set(document) - {'rules'}))} (a rules file holds [[rules]])"] \
        if set(document) - {"rules"} else []
    rules, rule_problems = parse_rules(document.get("rules", []), str(path))
    problems += rule_problems
    if problems:
        raise InputError(path, "; ".join(problems))
    return rules
