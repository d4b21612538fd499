import re
from pathlib import Path

import pytest
from checkspec import fails, flagged, passes

from mtreview.errors import TermListError
from mtreview.terms import SHIPPED_TERMS, load_term_lists, load_terms


def test_new_crown_pneumonia_is_flagged_when_the_source_has_xinguan_feiyan():
    source = "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。"
    target = "China is willing to continue to provide support to Belarus in its fight against the new crown pneumonia epidemic."
    [finding] = fails("term-forbidden", target, source)
    assert flagged(finding, target) == "new crown pneumonia"
    assert finding.suggestion == "COVID-19"
    assert finding.source_span == (10, 14)
    assert "WHO" in finding.message  # the entry's source is named
    # the missing official rendering is not reported a second time
    passes("term-missing", target, source)


def test_forbidden_rendering_is_gated_on_the_source_term():
    passes("term-forbidden", "the new crown pneumonia epidemic", "中方愿继续为白方提供支持和帮助。")


def test_official_rendering_passes_and_absence_is_reported():
    source = "抗击新冠肺炎疫情"
    passes("term-forbidden", "fight against the COVID-19 epidemic", source)
    passes("term-missing", "fight against the COVID-19 epidemic", source)
    [finding] = fails("term-missing", "fight against the epidemic", source)
    assert finding.target_span is None and finding.suggestion == "COVID-19"


def test_longer_chinese_term_masks_the_shorter_one_inside_it():
    # 新冠肺炎 contains 新冠; only the 新冠肺炎 entry applies, so "COVID-19" suffices.
    passes("term-missing", "the COVID-19 epidemic", "新冠肺炎疫情")


def test_capitalisation_of_official_names():
    source = "愿同白方推动落实全球发展倡议和全球安全倡议"
    target = "promote the implementation of the global development initiative and global security initiative"
    found = fails("term-capitalisation", target, source)
    assert [flagged(f, target) for f in found] == ["global development initiative", "global security initiative"]
    passes("term-capitalisation", "the Global Development Initiative and the Global Security Initiative", source)


def test_apostrophe_and_hyphen_variants_match_the_rendering():
    passes("term-missing", "the whole process people’s democracy", "全过程人民民主")
    passes("term-missing", "an all weather comprehensive strategic partnership", "全天候全面战略伙伴关系")


def test_literal_calque_of_belarus():
    [finding] = fails("term-forbidden", "President of White Russia", "白俄罗斯总统")
    assert finding.suggestion == "Belarus"


def test_shipped_list_has_a_source_for_every_entry():
    entries = load_terms()
    assert len(entries) >= 20
    assert all(entry.source for entry in entries)
    assert {"新冠肺炎", "一带一路", "人类命运共同体", "全过程人民民主"} <= {entry.zh for entry in entries}


def test_user_list_overrides_the_shipped_entry(tmp_path: Path):
    user = tmp_path / "desk.tsv"
    user.write_text("zh\ten\tforbidden\tnote\tsource\n新冠肺炎\tCOVID-19 pneumonia\t\t\tdesk style guide\n",
                    encoding="utf-8")
    entries = {entry.zh: entry for entry in load_term_lists([user])}
    assert entries["新冠肺炎"].renderings == ("COVID-19 pneumonia",)
    assert "一带一路" in entries


@pytest.mark.parametrize("content, problem", [
    ("zh\ten\n新冠肺炎\tCOVID-19\n", "missing column(s) source"),
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


def test_shipped_list_is_valid_tsv_with_five_columns():
    lines = [l for l in SHIPPED_TERMS.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    assert lines[0].split("\t") == ["zh", "en", "forbidden", "note", "source"]
    assert all(len(line.split("\t")) == 5 for line in lines)
