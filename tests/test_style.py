"""House styles and desk rules: style files, shipped styles, severities and checks turned off, rules
with a source gate and a suggestion, refusals naming the file, and a runaway pattern that cannot hang."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.checks import CheckContext, available_checks, run_checks
from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.records import Pair
from mtreview.rules import RuleError, load_rules
from mtreview.style import DEFAULT_STYLE, HouseStyle, load_style, shipped_styles

runner = CliRunner()

PAIRS = [
    ("1", "他说——经济稳步恢复。", "He said -- the economy recovered steadily."),
    ("2", "这些措施提升了学生的自尊心。", "The measures raised students' self - esteem."),
    ("3", "新冠疫苗接种率超过90%。", "The new crown vaccine rate passed 90 percent."),
    ("4", "他强调，地方政府要主动作为。", "He emphasized ,local governments must take the initiative."),
    ("5", "我们会继续推进改革。", "we will keep pushing the reform forward."),
]

RULES = '''
[[rules]]
name = "new-crown"
pattern = '\\bnew crown\\b'
source = "新冠"
message = "新冠 is COVID-19, not “new crown”"
category = "Terminology/Inappropriate for context"
severity = "major"
suggestion = "COVID-19"

[[rules]]
name = "per-cent"
pattern = '(\\d) percent'
message = "the desk writes %"
suggestion = '\\1%'
'''


@pytest.fixture
def pairs_tsv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, s, t in PAIRS), encoding="utf-8")
    return path


def jsonl(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_shipped_styles_load_and_news_is_the_default():
    assert {"news", "transcript"} <= set(shipped_styles())
    assert load_style("news", known_checks=available_checks()) == DEFAULT_STYLE
    transcript = load_style("transcript", known_checks=available_checks())
    assert transcript.dash == "double-hyphen" and transcript.severities["start-lowercase"] == "off"


def test_check_with_the_transcript_style(pairs_tsv: Path, tmp_path: Path):
    (tmp_path / "em.toml").write_text('name = "em-desk"\ndash = "em"\n', encoding="utf-8")
    em = jsonl(runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl", "--style", str(tmp_path / "em.toml")]))
    assert ("1", "dash", "neutral") in {(f["id"], f["check"], f["severity"]) for f in em}
    news = jsonl(runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl"]))
    assert "dash" not in {f["check"] for f in news}  # news accepts any dash
    transcript = jsonl(runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl", "--style", "transcript"]))
    assert ("5", "start-lowercase") in {(f["id"], f["check"]) for f in news}
    # transcript writes --, and its subtitle lines may start in lower case
    assert not {f["check"] for f in transcript} & {"dash", "start-lowercase"}
    # the conventions hold in both
    for found in (news, transcript):
        assert {("2", "spaced-hyphen"), ("4", "space-before-punctuation")} <= {(f["id"], f["check"]) for f in found}


def test_a_style_file_sets_severities_turns_checks_off_and_brings_rules_and_terms(pairs_tsv: Path, tmp_path: Path):
    (tmp_path / "desk-terms.tsv").write_text("zh\ten\tforbidden\tnote\tsource\n自尊心\tdignity\t\t\tdesk\n",
                                             encoding="utf-8")
    style = tmp_path / "desk.toml"
    style.write_text('name = "desk"\nbase = "transcript"\npercent = "%"\nterms = ["desk-terms.tsv"]\n'
                     '[checks]\nspaced-hyphen = "major"\nspace-before-punctuation = "off"\n"rule:new-crown" = "critical"\n'
                     + RULES, encoding="utf-8")
    found = jsonl(runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl", "--style", str(style)]))
    by_check = {f["check"]: f for f in found}
    assert by_check["spaced-hyphen"]["severity"] == "major"
    assert "space-before-punctuation" not in by_check
    assert by_check["rule:new-crown"]["severity"] == "critical"
    assert by_check["rule:new-crown"]["suggestion"] == "COVID-19"
    assert by_check["rule:per-cent"]["suggestion"] == "0%"
    assert by_check["percent-style"]["suggestion"] == "%"  # percent = "%": the convention is checked
    assert "dash" not in by_check  # transcript's dash, from base
    assert any(f["check"] == "term-missing" and "dignity" in f["message"] for f in found)


def test_rules_file_is_selectable_and_excludable_and_gated_on_the_source(pairs_tsv: Path, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    found = jsonl(runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl", "--rules", str(rules),
                                      "--select", "rule:new-crown"]))
    assert [(f["id"], f["check"], f["severity"], f["category"]) for f in found] == [
        ("3", "rule:new-crown", "major", "Terminology/Inappropriate for context")]
    found = jsonl(runner.invoke(app, ["check", str(pairs_tsv), "--format", "jsonl", "--rules", str(rules),
                                      "--exclude", "rule:new-crown"]))
    assert "rule:new-crown" not in {f["check"] for f in found} and "rule:per-cent" in {f["check"] for f in found}
    # the source gate: "new crown" with no 新冠 in the source is someone's hat
    [rule] = [rule for rule in load_rules(rules) if rule.name == "new-crown"]
    assert list(rule.matches("他戴着新王冠。", "He wore a new crown.")) == []


def test_a_bad_style_file_is_refused_naming_it_and_every_problem(pairs_tsv: Path, tmp_path: Path):
    style = tmp_path / "bad.toml"
    style.write_text('dash = "emm"\nquotes = 3\ncolour = "red"\nterms = ["missing.tsv"]\n'
                     '[checks]\ndash = "loud"\nno-such-check = "off"\n'
                     '[[rules]]\nname = "broken"\npattern = "(unclosed"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(pairs_tsv), "--style", str(style)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert str(style) in line
    for problem in ("colour", "dash = 'emm'", "quotes = 3", "missing.tsv", "checks.dash = 'loud'",
                    "checks.no-such-check", "rule 'broken'"):
        assert problem in line, problem


def test_a_bad_rule_is_refused_naming_the_rule_and_the_file(pairs_tsv: Path, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nname = "ok"\npattern = "x"\n[[rules]]\nname = "bad-group"\npattern = "(a)"\n'
                     'suggestion = "\\\\2"\n[[rules]]\nname = "bad-pattern"\npattern = "[a-"\nseverity = "huge"\n',
                     encoding="utf-8")
    result = runner.invoke(app, ["check", str(pairs_tsv), "--rules", str(rules)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert str(rules) in line and "rule 'bad-group'" in line and "rule 'bad-pattern'" in line and "huge" in line
    assert "rule 'ok'" not in line
    result = runner.invoke(app, ["check", str(pairs_tsv), "--style", "no-such-style"])
    assert result.exit_code == 2 and "transcript" in result.stderr  # names the shipped styles


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$"])
def test_a_pathological_pattern_cannot_hang_a_run(pairs_tsv: Path, tmp_path: Path, pattern: str):
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


def test_checks_shows_the_effective_style():
    result = runner.invoke(app, ["checks", "--style", "transcript"])
    assert result.exit_code == 0
    block = result.stdout[result.stdout.index("House style:"):]
    assert "transcript" in block and "double hyphen" in block and "en-US" in block
    assert "start-lowercase off" in block and "rules: 0" in block
    row = next(line for line in result.stdout.splitlines() if line.startswith("quote-pairing "))
    assert "neutral" in row
    assert "House style: news" in runner.invoke(app, ["checks"]).stdout


def test_a_corpus_folder_brings_its_own_style(tmp_path: Path):
    folder = tmp_path / "talk"
    folder.mkdir()
    (folder / "source.zh.txt").write_text("我们的经济稳步恢复——消费回升了。\n", encoding="utf-8")
    (folder / "target.en.txt").write_text("our economy recovered steadily -- consumption picked up.\n",
                                          encoding="utf-8")
    assert "dash" not in {f["check"] for f in jsonl(runner.invoke(app, ["check", str(folder), "--format", "jsonl"]))}
    (folder / "style.toml").write_text('name = "em-desk"\ndash = "em"\n', encoding="utf-8")
    found = jsonl(runner.invoke(app, ["check", str(folder), "--format", "jsonl"]))
    assert "dash" in {f["check"] for f in found}
    (folder / "style.toml").write_text('base = "transcript"\nname = "talks-desk"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--format", "jsonl"])
    assert "dash" not in {f["check"] for f in jsonl(result)}
    assert "house style talks-desk" in result.stderr and "not used" not in result.stderr
    # --style wins over the folder's file
    (tmp_path / "em.toml").write_text('name = "em-desk"\ndash = "em"\n', encoding="utf-8")
    assert "dash" in {f["check"] for f in jsonl(runner.invoke(app, ["check", str(folder), "--format", "jsonl",
                                                                    "--style", str(tmp_path / "em.toml")]))}


def test_library_style_errors_are_input_errors(tmp_path: Path):
    style = tmp_path / "s.toml"
    style.write_text("dash = [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_style(style)


def test_review_follows_the_style(pairs_tsv: Path, tmp_path: Path):
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(pairs_tsv), "--out", str(out), "--no-history", "--style", "transcript"])
    assert result.exit_code == 0, result.output
    [findings] = list(out.glob("*/*/findings.jsonl"))
    checks = {json.loads(line)["check"] for line in findings.read_text(encoding="utf-8").splitlines()}
    assert "spaced-hyphen" in checks and "dash" not in checks and "start-lowercase" not in checks


def test_severity_overrides_reach_corpus_checks_and_off_stops_them():
    source = "我们坚决支持两国人民之间的和平与友谊以及共同发展。"
    pairs = [Pair("1", source, "We firmly support peace and friendship between the two peoples."),
             Pair("2", source, "We firmly support peace and amity between the two peoples."),
             Pair("3", source, "We firmly support peace and friendship between the two peoples.")]

    def found(severities):
        return [(f.pair_id, f.check, f.severity.value)
                for f in run_checks(pairs, context=CheckContext(style=HouseStyle(severities=severities)))]

    assert found({}) == [("2", "inconsistent-translation", "minor")]
    assert found({"inconsistent-translation": "critical"}) == [("2", "inconsistent-translation", "critical")]
    assert found({"inconsistent-translation": "off"}) == []
