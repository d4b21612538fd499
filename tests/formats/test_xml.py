"""TMX and XLIFF as legacy CAT tools write them: declared in GB2312, GBK or Big5, with inline markup nested
thousands deep. Read through the command line, as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app

SOURCE, TARGET = "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。", "China will help Belarus fight the new crown pneumonia epidemic."
TMX = """<?xml version="1.0" encoding="{encoding}"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu tuid="1"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv><tuv xml:lang="en-US"><seg>{target}</seg></tuv></tu>
</body></tmx>
"""
XLIFF = """<?xml version="1.0" encoding="{encoding}"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.docx" source-language="{language}" target-language="en-US" datatype="plaintext"><body>
<trans-unit id="u1"><source>{source}</source><target>{target}</target></trans-unit>
</body></file></xliff>
"""


def check(path: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("encoding, codec", [("GB2312", "gb2312"), ("GBK", "gbk"), ("gb18030", "gb18030")])
def test_a_tmx_in_a_legacy_chinese_encoding_is_read(tmp_path: Path, encoding: str, codec: str):
    path = tmp_path / "memory.tmx"
    path.write_bytes(TMX.format(encoding=encoding, source=SOURCE, target=TARGET).encode(codec))
    assert [f["check"] for f in check(path)] == ["term-forbidden"]


def test_a_big5_xliff_is_read(tmp_path: Path):
    path = tmp_path / "job.xlf"
    traditional = "中方願繼續為白方抗擊新冠肺炎疫情提供支持和幫助。"
    path.write_bytes(XLIFF.format(encoding="Big5", language="zh-TW", source=traditional, target=TARGET).encode("big5"))
    assert "term-forbidden" in [f["check"] for f in check(path)]


def test_a_wrong_declared_encoding_is_one_line(tmp_path: Path):
    path = tmp_path / "memory.tmx"
    path.write_bytes(TMX.format(encoding="Big5", source=SOURCE, target=TARGET).encode("utf-8"))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "declares Big5" in result.stderr


def test_inline_markup_nested_thousands_deep(tmp_path: Path):
    depth = 3000
    nested = "<g id='1'>" * depth + "new crown pneumonia" + "</g>" * depth
    path = tmp_path / "job.xlf"
    path.write_text(XLIFF.format(encoding="UTF-8", language="zh-CN", source=SOURCE,
                                 target=f"China will help Belarus fight the {nested} epidemic."), encoding="utf-8")
    assert [f["check"] for f in check(path)] == ["term-forbidden"]
    out = tmp_path / "job.reviewed.xlf"
    result = CliRunner().invoke(app, ["check", str(path), "--xliff-out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("<g id=") == depth
    tmx = tmp_path / "memory.tmx"
    hi = "<hi>" * depth + "new crown pneumonia" + "</hi>" * depth
    tmx.write_text(TMX.format(encoding="UTF-8", source=SOURCE, target=f"China will help fight the {hi}."),
                   encoding="utf-8")
    assert [f["check"] for f in check(tmx)] == ["term-forbidden"]


def test_write_back_keeps_comments_instructions_and_the_declaration(tmp_path: Path):
    original = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                "<!-- exported by DeskCAT 7 -->\n<?deskcat job=\"42\"?>\n"
                "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
                "<file original=\"a.docx\" source-language=\"zh-CN\" target-language=\"en-US\" datatype=\"plaintext\">"
                "<body>\n<!-- unit reviewed by lh -->\n<?deskcat lock?>\n"
                f"<trans-unit id=\"u1\"><source>{SOURCE}</source><target>{TARGET}</target></trans-unit>\n"
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
    path.write_bytes(XLIFF.format(encoding="GBK", language="zh-CN", source=SOURCE, target=TARGET).encode("gbk"))
    result = CliRunner().invoke(app, ["check", str(path), "--xliff-out", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_bytes().decode("utf-8")
    assert written.startswith('<?xml version="1.0" encoding="UTF-8"?>') and SOURCE in written


def test_a_gb2312_term_base(tmp_path: Path):
    tbx = tmp_path / "desk.tbx"
    tbx.write_bytes(("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<martif type=\"TBX\" xml:lang=\"zh\"><text><body>"
                     "<termEntry><langSet xml:lang=\"zh\"><tig><term>新冠肺炎</term></tig></langSet>"
                     "<langSet xml:lang=\"en\"><tig><term>COVID-19</term></tig><tig><term>new crown pneumonia</term>"
                     "<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet>"
                     "</termEntry></body></text></martif>\n").encode("gb2312"))
    path = tmp_path / "pairs.tsv"
    path.write_text(f"id\tsource\ttarget\n1\t{SOURCE}\t{TARGET}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--terms", str(tbx), "--no-shipped-terms", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "term-forbidden" in [json.loads(line)["check"] for line in result.stdout.splitlines()]
