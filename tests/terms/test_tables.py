"""Term lists as TSV and CSV (mtreview.terms.tables): refusals naming file and line, TICO-19's CSV."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mtreview.errors import TermListError
from mtreview.terms import load_terms
from tests.support.check_command import run_check
from tests.support.checkspec import fails, passes
from tests.support.tables import write_pairs_table


def test_a_term_list_with_no_rendering_is_refused_with_its_line(tmp_path: Path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("zh\ten\tforbidden\tnote\tsource\n新冠肺炎\tCOVID-19\t\t\tWHO\n新冠疫苗\t|\t\t\tdesk\n", encoding="utf-8")
    code, _, stderr = run_check(write_pairs_table(tmp_path, [("新冠疫苗接种稳步推进。", "Vaccination goes on.")]), "--terms", terms)
    assert code == 2 and f"{terms}:3: en '|' names no rendering" in stderr


def test_unicode_line_separators_inside_a_term_field_do_not_split_the_line(tmp_path: Path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("zh\ten\tforbidden\tnote\tsource\n新冠疫苗\tCOVID-19 vaccine\tnew crown vaccine\tnote\u0085with "
                     "a NEL\u2028and an LS\tdesk\n", encoding="utf-8")
    code, stdout, stderr = run_check(write_pairs_table(tmp_path, [("新冠疫苗接种稳步推进。", "The new crown vaccine rollout goes on.")]),
                                 "--terms", terms, "--no-shipped-terms", "--format", "jsonl")
    assert code == 0, stderr
    assert "term-forbidden" in [json.loads(line)["check"] for line in stdout.splitlines()]


@pytest.mark.parametrize("content, problem", [
    ("zh\ten\tforbidden\tsource\n新冠*\tCOVID-19\t\tWHO\n", "prefix entry"),
    ("zh\ten\tforbidden\tsource\n国家主席\tPresident {name}\t\tNPC\n", "{name} belongs in forbidden"),
])
def test_malformed_generalised_entries_are_refused(tmp_path: Path, content, problem):
    path = tmp_path / "desk.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TermListError, match=problem):
        load_terms(path)


@pytest.mark.parametrize("content, problem", [
    ("zh\tsource\n新冠肺炎\tWHO\n", "missing column(s) en"),
    ("zh\ten\tsource\n新冠肺炎\t\tWHO\n", "empty required field(s): en"),
    ("zh\ten\tsource\tcolour\n", "unknown column(s) colour"),
    ("# only a comment\n", "empty"),
])
def test_bad_term_lists_name_file_and_line(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TermListError, match=re.escape(problem)) as error:
        load_terms(path)
    assert str(path) in str(error.value)


def test_a_user_list_may_leave_out_the_source_column(tmp_path: Path):
    path = tmp_path / "desk.tsv"
    path.write_text("zh\ten\n国宾馆\tState Guesthouse\n", encoding="utf-8")
    [entry] = load_terms(path)
    assert entry.source == "desk.tsv" and entry.origin == "desk.tsv:2"


def test_tico19_csv_term_list_reads_as_a_term_list(shared_data: Path):
    entries = load_terms(shared_data / "glossaries" / "tico19" / "g_zh-CN_en.csv")
    assert len(entries) == 50
    by_term = {entry.zh: entry for entry in entries}
    assert by_term["无症状感染者"].renderings == ("Asymptomatic infection",)
    # "asymptomatic cases" is a freer form of the phrase; a target with none of its words is reported
    passes("term-missing", "There were 12 asymptomatic cases.", "无症状感染者12例", terms=tuple(entries))
    [finding] = fails("term-missing", "There were 12 cases without symptoms.", "无症状感染者12例",
                      terms=tuple(entries))
    assert finding.suggestion == "Asymptomatic infection"
