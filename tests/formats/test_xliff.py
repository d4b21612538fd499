"""XLIFF input and findings written back into XLIFF (mtreview.formats.xliff), legacy encodings included."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from mtreview.checks import run_checks
from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.formats.xliff import ITS, annotate_xliff
from mtreview.inputs import load_input
from tests.support.cat_files import LEGACY_SOURCE, LEGACY_TARGET, XLIFF_TEMPLATE
from tests.support.check_command import checked_findings
from tests.support.checkspec import SHIPPED

runner = CliRunner()
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="belarus.docx" source-language="zh-CN" target-language="en-US" datatype="plaintext">
    <body>
      <trans-unit id="u1">
        <source>在涉及中方核心利益问题上,白方始终给予中方坚定支持。</source>
        <target>Belarus has always firmly supported China on issues concerning China‘s core interests.</target>
        <note from="pm">Check against the MFA readout.</note>
      </trans-unit>
      <group id="g1">
        <trans-unit id="u2">
          <source>中方愿继续为白方抗击<g id="1">新冠肺炎</g>疫情提供支持和帮助。</source>
          <target>China will help Belarus fight the <g id="1">new crown pneumonia</g> epidemic.</target>
        </trans-unit>
      </group>
      <trans-unit id="u3">
        <source>丁薛祥、杨洁篪等参加会见。</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF_21 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh-CN" trgLang="en">
  <file id="f1">
    <unit id="a">
      <notes><note category="context">From the Xinhua readout.</note></notes>
      <segment id="s1">
        <source>中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。</source>
        <target>China will help Belarus fight the new crown pneumonia epidemic.</target>
      </segment>
    </unit>
    <unit id="b">
      <segment id="s1">
        <source>白方始终给予中方坚定支持。</source>
        <target>Belarus has always<ph id="1"/> firmly supported China‘s position.</target>
      </segment>
      <segment id="s2">
        <source>丁薛祥参加会见。</source>
        <target>Ding Xuexiang attended the meeting.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_12_ids_notes_targets_and_inline_codes(tmp_path: Path):
    path = tmp_path / "job.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    corpus = load_input([path])
    assert [p.id for p in corpus.pairs] == ["u1", "u2", "u3"]
    assert corpus.pairs[0].notes == ("Check against the MFA readout.",)
    assert corpus.pairs[1].source == "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。"
    assert corpus.pairs[1].target == "China will help Belarus fight the new crown pneumonia epidemic."
    assert corpus.pairs[2].target == ""
    assert any("1 segment(s) have no <target>" in note for note in corpus.notes)


def test_xliff_21_units_and_segments(tmp_path: Path):
    path = tmp_path / "job.xliff"
    path.write_text(XLIFF_21, encoding="utf-8")
    corpus = load_input([path])
    assert [p.id for p in corpus.pairs] == ["a", "b/s1", "b/s2"]
    assert corpus.pairs[0].notes == ("From the Xinhua readout.",)
    assert corpus.pairs[1].target == "Belarus has always firmly supported China‘s position."


def test_en_to_zh_xliff_is_refused(tmp_path: Path):
    path = tmp_path / "wrong.xlf"
    path.write_text(XLIFF_12.replace('source-language="zh-CN" target-language="en-US"',
                                     'source-language="en" target-language="zh"'), encoding="utf-8")
    with pytest.raises(InputError, match="Chinese→English"):
        load_input([path])


def _findings(path: Path):
    corpus = load_input([path])
    return corpus, run_checks(corpus.pairs, context=SHIPPED)


def _marks(root, namespace):
    return [(mrk, "".join(mrk.itertext())) for mrk in root.iter(f"{{{namespace}}}mrk")]


def test_write_back_xliff_12_marks_spans_and_adds_notes(tmp_path: Path):
    path, out = tmp_path / "job.xlf", tmp_path / "annotated.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    corpus, findings = _findings(path)
    assert {(f.pair_id, f.check) for f in findings} >= {("u1", "apostrophe"), ("u2", "term-forbidden")}
    counts = annotate_xliff(path, out, findings)
    root = ET.parse(out).getroot()
    marks = dict((text, mrk) for mrk, text in _marks(root, X12))
    # The span inside <g> is marked too: the flagged text is exactly what the check flagged.
    assert set(marks) >= {"China‘s", "new crown pneumonia"}
    lqi = marks["new crown pneumonia"]
    assert lqi.get("mtype") == "x-its"
    assert lqi.get(f"{{{ITS}}}locQualityIssueType") == "terminology"
    assert lqi.get(f"{{{ITS}}}locQualityIssueSeverity") == "70"
    assert "COVID-19" in lqi.get(f"{{{ITS}}}locQualityIssueComment")
    assert marks["China‘s"].get(f"{{{ITS}}}locQualityIssueType") == "typographical"
    notes = [(n.getparent() if hasattr(n, "getparent") else None, n.get("from"), n.text)
             for n in root.iter(f"{{{X12}}}note")]
    assert sum(1 for _, origin, _ in notes if origin == "mtreview") == counts["noted"] == len(findings)
    assert any(origin == "pm" for _, origin, _ in notes)  # the translator's note is kept
    assert counts["marked"] >= 2
    # Reading the annotated file gives the same texts: the marks do not change the target.
    again = load_input([out])
    assert [p.target for p in again.pairs] == [p.target for p in corpus.pairs]
    # The notes sit inside their own trans-unit, after the target.
    unit = next(u for u in root.iter(f"{{{X12}}}trans-unit") if u.get("id") == "u2")
    tags = [child.tag.split("}")[1] for child in unit]
    assert tags[:2] == ["source", "target"] and "note" in tags[2:]


def test_write_back_xliff_21_uses_notes_and_its_mrk(tmp_path: Path):
    path, out = tmp_path / "job.xlf", tmp_path / "annotated.xlf"
    path.write_text(XLIFF_21, encoding="utf-8")
    corpus, findings = _findings(path)
    annotate_xliff(path, out, findings)
    root = ET.parse(out).getroot()
    assert root.tag == f"{{{X2}}}xliff" and root.get(f"{{{ITS}}}version") == "2.0"
    marks = dict((text, mrk) for mrk, text in _marks(root, X2))
    assert set(marks) >= {"new crown pneumonia", "China‘s"}
    for mrk in marks.values():
        assert mrk.get("type") == "its:any" and mrk.get("id", "").startswith("mtr")
    unit_a = next(u for u in root.iter(f"{{{X2}}}unit") if u.get("id") == "a")
    assert [child.tag.split("}")[1] for child in unit_a][0] == "notes"
    categories = [note.get("category") for note in unit_a.iter(f"{{{X2}}}note")]
    assert categories[0] == "context" and "mtreview" in categories[1:]
    # The flagged span after an inline <ph/> is found in the right run of text.
    assert [p.target for p in load_input([out]).pairs] == [p.target for p in corpus.pairs]


def test_check_command_writes_the_annotated_xliff(tmp_path: Path):
    path, out = tmp_path / "job.xlf", tmp_path / "annotated.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--xliff-out", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert f"{{{ITS}}}locQualityIssueType" in out.read_text(encoding="utf-8").replace(
        "its:locQualityIssueType", f"{{{ITS}}}locQualityIssueType")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("id\tsource\ttarget\np\t中\tChina\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tsv), "--xliff-out", str(out)])
    assert result.exit_code == 2 and "needs one XLIFF file" in result.output


def test_a_big5_xliff_is_read(tmp_path: Path):
    path = tmp_path / "job.xlf"
    traditional = "中方願繼續為白方抗擊新冠肺炎疫情提供支持和幫助。"
    path.write_bytes(XLIFF_TEMPLATE.format(encoding="Big5", language="zh-TW", source=traditional, target=LEGACY_TARGET).encode("big5"))
    assert "term-forbidden" in [f["check"] for f in checked_findings(path)]


def test_write_back_keeps_comments_instructions_and_the_declaration(tmp_path: Path):
    original = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                "<!-- exported by DeskCAT 7 -->\n<?deskcat job=\"42\"?>\n"
                "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
                "<file original=\"a.docx\" source-language=\"zh-CN\" target-language=\"en-US\" datatype=\"plaintext\">"
                "<body>\n<!-- unit reviewed by lh -->\n<?deskcat lock?>\n"
                f"<trans-unit id=\"u1\"><source>{LEGACY_SOURCE}</source><target>{LEGACY_TARGET}</target></trans-unit>\n"
                "<trans-unit id=\"u2\"><source><![CDATA[价格<100元 & 运费]]></source>"
                "<target><![CDATA[Price <100 yuan & shipping]]></target></trans-unit>\n"
                "</body></file></xliff>\n")
    path, out = tmp_path / "job.xlf", tmp_path / "job.reviewed.xlf"
    path.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--xliff-out", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert written.startswith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                              "<!-- exported by DeskCAT 7 -->\n<?deskcat job=\"42\"?>\n")
    assert "<!-- unit reviewed by lh -->" in written and "<?deskcat lock?>" in written
    assert "<source><![CDATA[价格<100元 & 运费]]></source>" in written
    assert "<target><![CDATA[Price <100 yuan & shipping]]></target>" in written
    assert "its:locQualityIssue" in written or "mrk" in written  # and the finding is marked


def test_write_back_of_a_gbk_file_is_utf8_and_says_so(tmp_path: Path):
    path, out = tmp_path / "job.xlf", tmp_path / "job.reviewed.xlf"
    path.write_bytes(XLIFF_TEMPLATE.format(encoding="GBK", language="zh-CN", source=LEGACY_SOURCE, target=LEGACY_TARGET).encode("gbk"))
    result = CliRunner().invoke(app, ["check", str(path), "--xliff-out", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_bytes().decode("utf-8")
    assert written.startswith('<?xml version="1.0" encoding="UTF-8"?>') and LEGACY_SOURCE in written
