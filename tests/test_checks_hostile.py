"""Check inputs that once crashed or misread: term lists with odd line breaks or no rendering, ordinals and
figures of thousands of digits. Through the command line, with the files built here."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtreview.cli import app


def check(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def table(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tsource\ttarget\n" + "".join(f"{i}\t{s}\t{t}\n" for i, (s, t) in enumerate(rows, 1)),
                    encoding="utf-8")
    return path


def test_a_term_list_with_no_rendering_is_refused_with_its_line(tmp_path: Path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("zh\ten\tforbidden\tnote\tsource\n新冠肺炎\tCOVID-19\t\t\tWHO\n新冠疫苗\t|\t\t\tdesk\n", encoding="utf-8")
    code, _, stderr = check(table(tmp_path, [("新冠疫苗接种稳步推进。", "Vaccination goes on.")]), "--terms", terms)
    assert code == 2 and f"{terms}:3: en '|' names no rendering" in stderr


def test_unicode_line_separators_inside_a_term_field_do_not_split_the_line(tmp_path: Path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("zh\ten\tforbidden\tnote\tsource\n新冠疫苗\tCOVID-19 vaccine\tnew crown vaccine\tnote\u0085with "
                     "a NEL\u2028and an LS\tdesk\n", encoding="utf-8")
    code, stdout, stderr = check(table(tmp_path, [("新冠疫苗接种稳步推进。", "The new crown vaccine rollout goes on.")]),
                                 "--terms", terms, "--no-shipped-terms", "--format", "jsonl")
    assert code == 0, stderr
    assert "term-forbidden" in [json.loads(line)["check"] for line in stdout.splitlines()]


def test_figures_of_hundreds_and_thousands_of_digits(tmp_path: Path):
    long_ordinal, long_figure = "9" * 5000, "7" * 400
    rows = [(f"第{long_ordinal}次会议", f"the {long_ordinal}th meeting"),
            (f"共有{long_figure}人参加。", f"There were {long_figure} participants."),
            (f"共有{long_figure}人参加。", f"There were {long_figure[:-1]}8 participants.")]
    code, stdout, stderr = check(table(tmp_path, rows), "--format", "jsonl")
    assert code == 0 and "Traceback" not in stderr, stderr
    findings = [json.loads(line) for line in stdout.splitlines()]
    # the same long figure on both sides is no mismatch (both once overflowed to infinity and compared unequal)
    assert not [f for f in findings if f["id"] in ("1", "2") and f["check"].startswith("number")]
    assert not [f for f in findings if f["check"] == "ordinal-suffix"]
    # and two long figures that differ in their last digit are told apart
    assert [f["check"] for f in findings if f["id"] == "3"] == ["number-mismatch"]
