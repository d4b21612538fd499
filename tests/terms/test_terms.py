import re
from pathlib import Path

import pytest

from mtreview.errors import TermListError
from mtreview.terms import SHIPPED_TERMS, load_term_lists, load_terms
from tests.support.checkspec import fails, flagged, passes


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


def test_shipped_list_is_valid_tsv_with_five_columns():
    lines = [line for line in SHIPPED_TERMS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0].split("\t") == ["zh", "en", "forbidden", "note", "source"]
    assert all(len(line.split("\t")) == 5 for line in lines)


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


TBX_2008 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="c1">
    <descrip type="definition">the disease caused by SARS-CoV-2</descrip>
    <admin type="source">WHO, 11 February 2020</admin>
    <langSet xml:lang="zh-CN"><tig><term>新冠肺炎</term></tig></langSet>
    <langSet xml:lang="en">
      <tig><term>COVID-19</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>new crown pneumonia</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
  <termEntry id="c2"><langSet xml:lang="fr"><tig><term>grippe</term></tig></langSet></termEntry>
</body></text></martif>"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
  <conceptEntry id="bri">
    <langSec xml:lang="zh"><termSec><term>一带一路</term></termSec></langSec>
    <langSec xml:lang="en">
      <termSec><term>Belt and Road Initiative</term></termSec>
      <termSec><term>One Belt, One Road</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
    </langSec>
  </conceptEntry>
</body></text></tbx>"""


def test_tbx_2008_term_base(tmp_path: Path):
    path = tmp_path / "desk.tbx"
    path.write_text(TBX_2008, encoding="utf-8")
    [entry] = load_terms(path)
    assert (entry.zh, entry.renderings, entry.forbidden) == ("新冠肺炎", ("COVID-19",), ("new crown pneumonia",))
    assert entry.source == "WHO, 11 February 2020" and "SARS-CoV-2" in entry.note
    [finding] = fails("term-forbidden", "the new crown pneumonia epidemic", "新冠肺炎疫情", terms=(entry,))
    assert finding.suggestion == "COVID-19"


def test_tbx_v3_term_base_with_namespace(tmp_path: Path):
    path = tmp_path / "desk.tbx"
    path.write_text(TBX_V3, encoding="utf-8")
    [entry] = load_terms(path)
    assert entry.zh == "一带一路" and entry.forbidden == ("One Belt, One Road",)
    fails("term-forbidden", "the One Belt, One Road initiative", "共建一带一路", terms=(entry,))


@pytest.mark.parametrize("content, problem", [
    ("<martif><text><body>", "not well-formed XML"),
    ("<html><body/></html>", "not a TBX file"),
    ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>',
     "refused unsafe XML"),
    ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><martif>&c;</martif>', "refused unsafe XML"),
])
def test_bad_or_hostile_tbx_is_refused_with_the_file_named(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TermListError, match=problem) as error:
        load_terms(path)
    assert str(path) in str(error.value)
