"""The shipped term list and user lists over it (mtreview.terms)."""

from __future__ import annotations

from pathlib import Path

from mtreview.terms import SHIPPED_TERMS, load_term_lists, load_terms


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


def test_shipped_list_is_valid_tsv_with_five_columns():
    lines = [line for line in SHIPPED_TERMS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0].split("\t") == ["zh", "en", "forbidden", "note", "source"]
    assert all(len(line.split("\t")) == 5 for line in lines)


# --- the shipped list ---------------------------------------------------------------------------------

def test_every_shipped_entry_has_a_source_and_renderings():
    entries = load_terms()
    assert len(entries) >= 500
    assert all(entry.source.strip() and entry.renderings for entry in entries)
    assert len({entry.zh for entry in entries}) == len(entries)  # one entry per term
    by_term = {entry.zh: entry for entry in entries}
    assert "State Council standing meeting" in by_term["国务院常务会议"].forbidden
    assert by_term["十四五"].preferred == "14th Five-Year Plan"
    assert by_term["两会"].preferred == "two sessions"
    assert by_term["内蒙古自治区"].preferred == "Inner Mongolia Autonomous Region"
    assert by_term["新冠*"].is_prefix and by_term["新冠*"].key == "新冠"
    assert any("TICO-19" in entry.source for entry in entries)


def test_shipped_list_has_no_comment_or_tab_problems():
    for number, line in enumerate(SHIPPED_TERMS.read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            assert len(line.split("\t")) == 5, number
            assert "\\t" not in line and '\\"' not in line, number
