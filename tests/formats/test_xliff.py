"""TMX and XLIFF inputs, findings written back into XLIFF, and malformed or hostile XML refused."""

from __future__ import annotations

import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from mtreview.checks import run_checks
from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.formats.xliff import ITS, annotate_xliff
from mtreview.inputs import load_input
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


def test_tico19_tmx_reads_its_chinese_side_as_source(shared_data: Path):
    corpus = load_input([shared_data / "glossaries" / "tico19" / "all.en-zh.tmx"])
    assert len(corpus.pairs) == 3071
    first = corpus.pairs[0]
    assert first.id == "CMU_1:1"
    assert first.source == "这些症状已持续多长时间？"
    assert first.target == "about how long have these symptoms been going on?"
    assert first.notes == ("http://www.speech.cs.cmu.edu/haitian/text/1600_medical_domain_sentences.en",)
    assert len({pair.id for pair in corpus.pairs}) == 3071
    assert any("srclang is en" in note for note in corpus.notes)


def test_tmx_without_ids_gets_running_numbers_and_skips_one_sided_units(tmp_path: Path):
    path = tmp_path / "tm.tmx"
    path.write_text("""<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="zh-CN"><seg>共建<bpt i="1">&lt;b&gt;</bpt>一带一路<ept i="1">&lt;/b&gt;</ept></seg></tuv>
<tuv xml:lang="en-US"><seg>jointly build the One Belt One Road</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>bonjour</seg></tuv><tuv xml:lang="en"><seg>hello</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    corpus = load_input([path])
    assert [(p.id, p.source, p.target) for p in corpus.pairs] == [("1", "共建一带一路", "jointly build the One Belt One Road")]
    assert any("1 translation unit(s)" in note for note in corpus.notes)
    assert [f.check for f in run_checks(corpus.pairs, context=SHIPPED, select=["term-forbidden"])] == ["term-forbidden"]


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


@pytest.mark.parametrize("suffix, content, problem", [
    (".tmx", "<tmx version='1.4'><body><tu><tuv xml:lang='zh'><seg>中</seg></tuv>\n</tu></bodyy></tmx>",
     "not well-formed TMX XML"),
    (".xlf", "<xliff version='1.2'><file>\n<body><trans-unit id='1'><source>中</source>\n</file></xliff>",
     "not well-formed XLIFF XML"),
    (".tmx", "<xliff version='1.2'/>", "not a TMX file"),
    (".xlf", "<tmx version='1.4'/>", "not an XLIFF file"),
    (".xliff", "", "not well-formed XLIFF XML"),
])
def test_malformed_files_give_one_line_naming_file_and_line(tmp_path: Path, suffix, content, problem):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_input([path])
    message = str(error.value)
    assert str(path) in message and problem in message and "\n" not in message
    if "well-formed" in problem and content:
        assert error.value.line is not None and f"{path}:{error.value.line}:" in message
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 2 and result.output.count("\n") == 1


@pytest.mark.parametrize("suffix", [".tmx", ".xlf"])
def test_external_entities_are_refused_and_no_file_is_read(tmp_path: Path, suffix):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    opened: list[str] = []
    watching = [True]

    def audit(event, args):
        if watching[0] and event == "open" and args and str(args[0]).endswith("secret.txt"):
            opened.append(str(args[0]))

    sys.addaudithook(audit)  # hooks cannot be removed: this one goes quiet at the end of the test
    try:
        for target in (secret.as_uri(), "file:///etc/passwd"):
            path = tmp_path / f"xxe{suffix}"
            root = "tmx" if suffix == ".tmx" else "xliff"
            path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{target}">]>\n'
                            f'<{root} version="1.2"><body>&xxe;</body></{root}>', encoding="utf-8")
            with pytest.raises(InputError, match="refused unsafe XML") as error:
                load_input([path])
            assert "TOP-SECRET" not in str(error.value) and "root:" not in str(error.value)
    finally:
        watching[0] = False
    assert opened == []


def test_billion_laughs_is_refused(tmp_path: Path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    path = tmp_path / "bomb.xlf"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE xliff [{entities}]>\n'
                    '<xliff version="1.2"><file><body><trans-unit id="1"><source>&lol9;</source></trans-unit>'
                    '</body></file></xliff>', encoding="utf-8")
    with pytest.raises(InputError, match="refused unsafe XML"):
        load_input([path])
