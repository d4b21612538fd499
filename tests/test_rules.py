"""Desk rules (mtreview.rules): selectable and gated on the source, refusals naming the rule and file, and
a runaway pattern that cannot hang a run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.checks import CheckContext, run_checks
from mtreview.cli import app
from mtreview.records import Pair
from mtreview.rules import RuleError, load_rules
from mtreview.style import HouseStyle
from tests.support.styled_pairs import DESK_RULES, jsonl_findings

runner = CliRunner()


def test_rules_file_is_selectable_and_excludable_and_gated_on_the_source(style_pairs_tsv: Path, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text(DESK_RULES, encoding="utf-8")
    found = jsonl_findings(runner.invoke(app, ["check", str(style_pairs_tsv), "--format", "jsonl", "--rules", str(rules),
                                      "--select", "rule:new-crown"]))
    assert [(f["id"], f["check"], f["severity"], f["category"]) for f in found] == [
        ("3", "rule:new-crown", "major", "Terminology/Inappropriate for context")]
    found = jsonl_findings(runner.invoke(app, ["check", str(style_pairs_tsv), "--format", "jsonl", "--rules", str(rules),
                                      "--exclude", "rule:new-crown"]))
    assert "rule:new-crown" not in {f["check"] for f in found} and "rule:per-cent" in {f["check"] for f in found}
    # the source gate: "new crown" with no 新冠 in the source is someone's hat
    [rule] = [rule for rule in load_rules(rules) if rule.name == "new-crown"]
    assert list(rule.matches("他戴着新王冠。", "He wore a new crown.")) == []


def test_a_bad_rule_is_refused_naming_the_rule_and_the_file(style_pairs_tsv: Path, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nname = "ok"\npattern = "x"\n[[rules]]\nname = "bad-group"\npattern = "(a)"\n'
                     'suggestion = "\\\\2"\n[[rules]]\nname = "bad-pattern"\npattern = "[a-"\nseverity = "huge"\n',
                     encoding="utf-8")
    result = runner.invoke(app, ["check", str(style_pairs_tsv), "--rules", str(rules)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert str(rules) in line and "rule 'bad-group'" in line and "rule 'bad-pattern'" in line and "huge" in line
    assert "rule 'ok'" not in line
    result = runner.invoke(app, ["check", str(style_pairs_tsv), "--style", "no-such-style"])
    assert result.exit_code == 2 and "transcript" in result.stderr  # names the shipped styles


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$"])
def test_a_pathological_pattern_cannot_hang_a_run(style_pairs_tsv: Path, tmp_path: Path, pattern: str):
    rules = tmp_path / "rules.toml"
    rules.write_text(f"[[rules]]\nname = \"runaway\"\npattern = '{pattern}'\n", encoding="utf-8")
    table = tmp_path / "long.tsv"
    table.write_text("id\tsource\ttarget\n1\t啊\t" + "a" * 5000 + "b\n", encoding="utf-8")
    started = time.perf_counter()
    result = runner.invoke(app, ["check", str(table), "--rules", str(rules)])
    assert time.perf_counter() - started < 60  # a generous bound: what it guards against never ends
    # either the regex engine sees through the pattern (no match: nothing found), or the rule is stopped
    # with one line naming it
    if result.exit_code == 2:
        [line] = result.stderr.strip().splitlines()
        assert "rule 'runaway'" in line and str(rules) in line and "stopped" in line
    else:
        assert result.exit_code == 0 and "rule:runaway" not in result.stdout


def test_a_runaway_rule_raises_a_rule_error_in_the_library():
    rules = load_rules_text("[[rules]]\nname = \"runaway\"\npattern = '(a|aa)+$'\n")
    style = HouseStyle(rules=tuple(rules))
    with pytest.raises(RuleError, match="runaway"):
        run_checks([Pair("1", "啊", "a" * 5000 + "b")], context=CheckContext(style=style))


def load_rules_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.toml"
        path.write_text(text, encoding="utf-8")
        return load_rules(path)
