"""House styles and desk rules: style files, shipped styles, severities and checks turned off, rules
with a source gate and a suggestion, refusals naming the file, and a runaway pattern that cannot hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.checks import CheckContext, available_checks, run_checks
from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.records import Pair, Severity
from mtreview.style import DEFAULT_STYLE, HouseStyle, load_style, shipped_styles
from tests.support.styled_pairs import DESK_RULES, jsonl_findings

runner = CliRunner()


def test_shipped_styles_load_and_news_is_the_default():
    assert {"news", "transcript"} <= set(shipped_styles())
    assert load_style("news", known_checks=available_checks()) == DEFAULT_STYLE
    transcript = load_style("transcript", known_checks=available_checks())
    assert transcript.dash == "double-hyphen" and transcript.severities["start-lowercase"] == "off"


def test_check_with_the_transcript_style(style_pairs_tsv: Path, tmp_path: Path):
    (tmp_path / "em.toml").write_text('name = "em-desk"\ndash = "em"\n', encoding="utf-8")
    em = jsonl_findings(runner.invoke(app, ["check", str(style_pairs_tsv), "--format", "jsonl", "--style", str(tmp_path / "em.toml")]))
    assert ("1", "dash", "neutral") in {(f["id"], f["check"], f["severity"]) for f in em}
    news = jsonl_findings(runner.invoke(app, ["check", str(style_pairs_tsv), "--format", "jsonl"]))
    assert "dash" not in {f["check"] for f in news}  # news accepts any dash
    transcript = jsonl_findings(runner.invoke(app, ["check", str(style_pairs_tsv), "--format", "jsonl", "--style", "transcript"]))
    assert ("5", "start-lowercase") in {(f["id"], f["check"]) for f in news}
    # transcript writes --, and its subtitle lines may start in lower case
    assert not {f["check"] for f in transcript} & {"dash", "start-lowercase"}
    # the conventions hold in both
    for found in (news, transcript):
        assert {("2", "spaced-hyphen"), ("4", "space-before-punctuation")} <= {(f["id"], f["check"]) for f in found}


def test_a_style_file_sets_severities_turns_checks_off_and_brings_rules_and_terms(style_pairs_tsv: Path, tmp_path: Path):
    (tmp_path / "desk-terms.tsv").write_text("zh\ten\tforbidden\tnote\tsource\n自尊心\tdignity\t\t\tdesk\n",
                                             encoding="utf-8")
    style = tmp_path / "desk.toml"
    style.write_text('name = "desk"\nbase = "transcript"\npercent = "%"\nterms = ["desk-terms.tsv"]\n'
                     '[checks]\nspaced-hyphen = "major"\nspace-before-punctuation = "off"\n"rule:new-crown" = "critical"\n'
                     + DESK_RULES, encoding="utf-8")
    found = jsonl_findings(runner.invoke(app, ["check", str(style_pairs_tsv), "--format", "jsonl", "--style", str(style)]))
    by_check = {f["check"]: f for f in found}
    assert by_check["spaced-hyphen"]["severity"] == "major"
    assert "space-before-punctuation" not in by_check
    assert by_check["rule:new-crown"]["severity"] == "critical"
    assert by_check["rule:new-crown"]["suggestion"] == "COVID-19"
    assert by_check["rule:per-cent"]["suggestion"] == "0%"
    assert by_check["percent-style"]["suggestion"] == "%"  # percent = "%": the convention is checked
    assert "dash" not in by_check  # transcript's dash, from base
    assert any(f["check"] == "term-missing" and "dignity" in f["message"] for f in found)


def test_a_bad_style_file_is_refused_naming_it_and_every_problem(style_pairs_tsv: Path, tmp_path: Path):
    style = tmp_path / "bad.toml"
    style.write_text('dash = "emm"\nquotes = 3\ncolour = "red"\nterms = ["missing.tsv"]\n'
                     '[checks]\ndash = "loud"\nno-such-check = "off"\n'
                     '[[rules]]\nname = "broken"\npattern = "(unclosed"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(style_pairs_tsv), "--style", str(style)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert str(style) in line
    for problem in ("colour", "dash = 'emm'", "quotes = 3", "missing.tsv", "checks.dash = 'loud'",
                    "checks.no-such-check", "rule 'broken'"):
        assert problem in line, problem


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
    assert "dash" not in {f["check"] for f in jsonl_findings(runner.invoke(app, ["check", str(folder), "--format", "jsonl"]))}
    (folder / "style.toml").write_text('name = "em-desk"\ndash = "em"\n', encoding="utf-8")
    found = jsonl_findings(runner.invoke(app, ["check", str(folder), "--format", "jsonl"]))
    assert "dash" in {f["check"] for f in found}
    (folder / "style.toml").write_text('base = "transcript"\nname = "talks-desk"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--format", "jsonl"])
    assert "dash" not in {f["check"] for f in jsonl_findings(result)}
    assert "house style talks-desk" in result.stderr and "not used" not in result.stderr
    # --style wins over the folder's file
    (tmp_path / "em.toml").write_text('name = "em-desk"\ndash = "em"\n', encoding="utf-8")
    assert "dash" in {f["check"] for f in jsonl_findings(runner.invoke(app, ["check", str(folder), "--format", "jsonl",
                                                                    "--style", str(tmp_path / "em.toml")]))}


def test_library_style_errors_are_input_errors(tmp_path: Path):
    style = tmp_path / "s.toml"
    style.write_text("dash = [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_style(style)


def test_review_follows_the_style(style_pairs_tsv: Path, tmp_path: Path):
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(style_pairs_tsv), "--out", str(out), "--no-history", "--style", "transcript"])
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


TRANSCRIPT = CheckContext(style=load_style("transcript"))


# --- correct text passes ------------------------------------------------------------------------------

CONVENTIONS = ("dash", "hyphen-as-dash", "spaced-hyphen", "space-inside-quotes", "spaced-degree",
               "repeated-punctuation", "space-before-punctuation", "percent-style", "quote-marks", "quote-style",
               "start-lowercase")

TALK = [  # a talk as subtitles: -- as the dash, straight quotes, a line continuing the sentence before
    ("我小时候，家里很穷——真的很穷。", "When I was a kid, my family was poor -- really poor."),
    ("他说：“没有人是一座孤岛。”", 'He said, "No man is an island."'),
    ("这就是为什么自尊心那么重要。", "and that's why self-esteem matters so much."),
    ("气温达到了44摄氏度——在阴凉处。", "It hit 44°C -- in the shade."),
    ("其中大约30%的人——将近三分之一——放弃了。", "About 30 percent of them -- almost a third -- gave up."),
    ("黑洞——每一个都比太阳重几十倍——相互碰撞。", "Black holes -- each dozens of times heavier than the sun -- collided."),
    ("（笑声）", "(Laughter)"),
    ("她是一位众所周知的科学家，也是一个自力更生的人。", "She is a well-known scientist and a self-reliant woman."),
    ("但是——这很重要——它并不总是成立。", "But -- and this is important -- it doesn't always hold."),
]

NEWS = [  # news copy: closed em dashes, curly quotes
    ("中国经济稳步恢复——消费、投资和出口同步回升。",
     "China’s economy recovered steadily—consumption, investment and exports all picked up."),
    ("国家统计局表示，1-2月社会消费品零售总额增长3.5%。",
     "Retail sales rose 3.5% in January-February, the National Bureau of Statistics said."),
    ("习近平强调，要坚持“两个毫不动摇”。",
     "Xi Jinping stressed the need to uphold the “two unwaverings.”"),
    ("重庆周四最高气温达44摄氏度（创纪录）。", "Chongqing’s high hit 44°C on Thursday (a record)."),
    ("新华社北京2月11日电——", "BEIJING, Feb. 11 (Xinhua) -- "),
]


@pytest.mark.parametrize("source, target", TALK)
def test_a_correct_talk_passes_under_the_transcript_style(source, target):
    found = run_checks([Pair("t", source, target)], context=TRANSCRIPT, select=CONVENTIONS)
    assert not found, [f.message for f in found]


@pytest.mark.parametrize("source, target", NEWS)
def test_correct_news_copy_passes_under_the_news_style(source, target):
    found = [f for f in run_checks([Pair("t", source, target)], select=CONVENTIONS)
             if f.severity is not Severity.NEUTRAL]
    assert not found, [f.message for f in found]
