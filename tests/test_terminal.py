"""Text from inputs never drives the terminal: control characters are shown, not obeyed, in every
command's text output, and a newline in a name cannot break a table row or a one-line error."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtreview.cli import app

TITLE = "\x1b]0;pwned\x07"  # sets the terminal's title
RED = "\x1b[31m"


def run(*args) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout + result.stderr


def test_escape_sequences_in_the_text_are_shown_not_obeyed(tmp_path: Path):
    source = tmp_path / "source.zh.txt"
    target = tmp_path / "target.en.txt"
    source.write_text("这是中国的核心利益。会议还研究了其他事项。\n", encoding="utf-8")
    target.write_text(f"This is China‘s core {RED}interest{TITLE}. The meeting also discussed other matters.\n",
                      encoding="utf-8")
    for output in (run("align", source, target), run("check", source, target),
                   run("review", source, target, "--out", tmp_path / "out", "--system", f"desk{TITLE}\nB")):
        assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b]0;pwned\\x07" in run("align", source, target)
    listed = run("history", "list", "--history", tmp_path / "out" / "history.sqlite")
    assert "\x1b" not in listed and "desk\\x1b]0;pwned\\x07\\nB" in listed
    assert len(listed.strip().splitlines()) == 2  # the header and one run: the newline did not split the row
    # JSON output is for programs: its escapes are JSON's
    [line] = [json.loads(line) for line in run("check", source, target, "--format", "jsonl").splitlines()
              if line.startswith("{")][:1]
    assert line["id"]


def test_a_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path: Path):
    result = CliRunner().invoke(app, ["check", str(tmp_path / "no\nsuch.tsv")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no\\nsuch.tsv" in result.stderr
