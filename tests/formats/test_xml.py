"""The XML reading TMX and XLIFF share (mtreview.formats._xml): malformed files in one line, external
entities and entity bombs refused, a wrong declared encoding, inline markup nested thousands deep."""

from __future__ import annotations

import importlib.util
import sys
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import load_input
from tests.support.cat_files import LEGACY_SOURCE, LEGACY_TARGET, TMX_TEMPLATE, XLIFF_TEMPLATE
from tests.support.check_command import checked_findings
from tests.support.hostile_xml import assert_marker_absent, entity_bomb, xxe_document
from tests.support.workspace import Workspace


def test_a_wrong_declared_encoding_is_one_line(tmp_path: Path):
    path = tmp_path / "memory.tmx"
    path.write_bytes(TMX_TEMPLATE.format(encoding="Big5", source=LEGACY_SOURCE, target=LEGACY_TARGET).encode("utf-8"))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "declares Big5" in result.stderr


def test_inline_markup_nested_thousands_deep(tmp_path: Path):
    depth = 3000
    nested = "<g id='1'>" * depth + "new crown pneumonia" + "</g>" * depth
    path = tmp_path / "job.xlf"
    path.write_text(XLIFF_TEMPLATE.format(encoding="UTF-8", language="zh-CN", source=LEGACY_SOURCE,
                                 target=f"China will help Belarus fight the {nested} epidemic."), encoding="utf-8")
    assert [f["check"] for f in checked_findings(path)] == ["term-forbidden"]
    out = tmp_path / "job.reviewed.xlf"
    result = CliRunner().invoke(app, ["check", str(path), "--xliff-out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("<g id=") == depth
    tmx = tmp_path / "memory.tmx"
    hi = "<hi>" * depth + "new crown pneumonia" + "</hi>" * depth
    tmx.write_text(TMX_TEMPLATE.format(encoding="UTF-8", source=LEGACY_SOURCE, target=f"China will help fight the {hi}."),
                   encoding="utf-8")
    assert [f["check"] for f in checked_findings(tmx)] == ["term-forbidden"]


runner = CliRunner()


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


_TMX_BODY = ('<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" '
             'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
             '<tu><tuv xml:lang="zh-CN"><seg>合作</seg></tuv><tuv xml:lang="en"><seg>@@</seg></tuv></tu>'
             '</body></tmx>')
_XLIFF_BODY = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
               '<file source-language="zh-CN" target-language="en" datatype="plaintext" original="x"><body>'
               '<trans-unit id="1"><source>合作</source><target>@@</target></trans-unit></body></file></xliff>')
BILINGUAL = [("tmx", "tmx", _TMX_BODY), ("xlf", "xliff", _XLIFF_BODY)]


def _needs_formats():
    if importlib.util.find_spec("mtreview.formats") is None:
        pytest.skip("mtreview.formats (TMX/XLIFF readers) does not exist yet")


@pytest.mark.parametrize("suffix,root,body", BILINGUAL)
def test_malformed_bilingual_file_is_refused(ws: Workspace, suffix: str, root: str, body: str):
    _needs_formats()
    broken = ws.write(f"broken.{suffix}", body.replace("@@", "cooperation")[:-20])
    ws.assert_refused(ws.run("review", broken), str(broken))


@pytest.mark.parametrize("suffix,root,body", BILINGUAL)
def test_bilingual_external_entity_reads_no_file(ws: Workspace, secret: Path, suffix: str, root: str, body: str):
    _needs_formats()
    hostile = ws.write(f"xxe.{suffix}", xxe_document(secret, root, body))
    result = ws.run("review", hostile)
    ws.assert_refused(result, str(hostile))
    assert_marker_absent(ws, result)


@pytest.mark.parametrize("suffix,root,body", BILINGUAL)
def test_bilingual_entity_bomb_is_refused_with_flat_memory(ws: Workspace, suffix: str, root: str, body: str):
    _needs_formats()
    bomb = ws.write(f"bomb.{suffix}", entity_bomb(root, body))
    tracemalloc.start()
    try:
        result = ws.run("review", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ws.assert_refused(result, str(bomb))
    assert peak < 200_000_000, peak
