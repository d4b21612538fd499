"""TBX term bases (mtreview.terms.tbx): TBX 2008 and v3, legacy encodings, malformed and hostile XML refused."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import TermListError
from mtreview.terms import load_terms
from tests.support.cat_files import LEGACY_SOURCE, LEGACY_TARGET
from tests.support.checkspec import fails
from tests.support.hostile_xml import assert_marker_absent, entity_bomb, xxe_document
from tests.support.workspace import Workspace


def test_a_gb2312_term_base(tmp_path: Path):
    tbx = tmp_path / "desk.tbx"
    tbx.write_bytes(("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<martif type=\"TBX\" xml:lang=\"zh\"><text><body>"
                     "<termEntry><langSet xml:lang=\"zh\"><tig><term>新冠肺炎</term></tig></langSet>"
                     "<langSet xml:lang=\"en\"><tig><term>COVID-19</term></tig><tig><term>new crown pneumonia</term>"
                     "<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet>"
                     "</termEntry></body></text></martif>\n").encode("gb2312"))
    path = tmp_path / "pairs.tsv"
    path.write_text(f"id\tsource\ttarget\n1\t{LEGACY_SOURCE}\t{LEGACY_TARGET}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--terms", str(tbx), "--no-shipped-terms", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "term-forbidden" in [json.loads(line)["check"] for line in result.stdout.splitlines()]


_TBX_OK = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1"><langSet xml:lang="zh"><tig><term>合作</term></tig></langSet>
<langSet xml:lang="en"><tig><term>cooperate</term></tig></langSet></termEntry>
</body></text></martif>
"""


_TBX_BODY = ('<martif type="TBX"><text><body><termEntry id="c1">'
             '<langSet xml:lang="zh"><tig><term>合作</term></tig></langSet>'
             '<langSet xml:lang="en"><tig><term>@@</term></tig></langSet></termEntry></body></text></martif>')


def test_tbx_good_term_base_works(ws: Workspace):
    terms = ws.write("terms.tbx", _TBX_OK)
    result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt", "--terms", terms)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("content,words", [
    ("<martif><text><body><termEntry>", ["not well-formed"]),
    ("", ["not well-formed"]),
    ("<html><body/></html>", ["not a TBX"]),
])
def test_malformed_tbx_is_refused(ws: Workspace, content: str, words: list[str]):
    terms = ws.write("terms.tbx", content)
    ws.assert_refused(ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt", "--terms", terms),
                      str(terms), *words)


def test_tbx_external_entity_reads_no_file(ws: Workspace, secret: Path):
    terms = ws.write("xxe.tbx", xxe_document(secret, "martif", _TBX_BODY))
    result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt", "--terms", terms)
    ws.assert_refused(result, str(terms), "unsafe XML")
    assert_marker_absent(ws, result)


def test_tbx_entity_bomb_is_refused_with_flat_memory(ws: Workspace):
    terms = ws.write("bomb.tbx", entity_bomb("martif", _TBX_BODY))
    tracemalloc.start()
    try:
        result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt", "--terms", terms)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ws.assert_refused(result, str(terms), "unsafe XML")
    assert peak < 200_000_000, peak  # expanded, the bomb is 3 GB of "lol"


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
