"""A desk's rules (mtreview.rules) as checks: each rule runs as the check `rule:<name>`."""

from __future__ import annotations

from collections.abc import Iterator

from mtreview.checks.registry import CheckContext, CheckInfo, Hit
from mtreview.records import Pair, Severity
from mtreview.rules import Rule


class RuleCheck:
    """The check function of one rule (a class, so that its title, the first docstring line, is the rule's)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.__doc__ = f"{rule.message} (desk rule {rule.name}, {rule.origin or 'house style'})"

    def __call__(self, pair: Pair, context: CheckContext) -> Iterator[Hit]:
        for span, suggestion in self.rule.matches(pair.source, pair.target, where=f"pair {pair.id}"):
            yield Hit(self.rule.message, target_span=span, suggestion=suggestion)


def rule_check(rule: Rule) -> CheckInfo:
    return CheckInfo(rule.check_id, rule.category, Severity(rule.severity), RuleCheck(rule))
