"""Hostile and broken input (issue 8): every case ends in one clear line on stderr and exit 2 (or a
documented recovery), with no run folder or staging folder left behind and the history unchanged."""

from __future__ import annotations

import csv
import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from tests.support.paths import REPO

runner = CliRunner()

SOURCE = "中国和白俄罗斯是好朋友。双方将继续合作。这是中国的立场。\n"
TARGET = "China and Belarus are good friends. The two sides will continue to cooperate. This is China‘s position.\n"
PAIRS = ("id\tsource\ttarget\n"
         "p1\t中国和白俄罗斯是好朋友。\tChina and Belarus are good friends.\n"
         "p2\t双方将继续合作。\tThe two sides will continue to cooperate.\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" * 4


# --- the harness: a reports folder with one recorded run, and what must not change -----------------


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "reports"
        self.history = self.out / "history.sqlite"
        (root / "base.zh.txt").write_text(SOURCE, encoding="utf-8")
        (root / "base.en.txt").write_text(TARGET, encoding="utf-8")
        result = self.run("review", root / "base.zh.txt", root / "base.en.txt")
        assert result.exit_code == 0, result.output
        self.before = self.snapshot()

    def run(self, *args, history: bool = True):
        extra = ["--out", str(self.out)] if args[0] == "review" else []
        return runner.invoke(app, [str(arg) for arg in args] + extra)

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def snapshot(self):
        files = sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*")
                       if not p.name.startswith("history.sqlite"))
        data = self.history.read_bytes()
        with sqlite3.connect(f"file:{self.history}?mode=ro", uri=True) as conn:
            counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("runs", "pairs", "findings", "scores", "decision_log")}
        return files, data, counts

    def assert_unchanged(self) -> None:
        files, data, counts = self.snapshot()
        assert files == self.before[0], "a run or staging folder was left under --out"
        assert counts == self.before[2]
        assert data == self.before[1], "the history file changed"

    def assert_refused(self, result, *words: str, code: int = 2) -> str:
        assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        line = lines[0]
        assert line.startswith("mtreview: error: "), line
        for word in words:
            assert word.lower() in line.lower(), (word, line)
        assert "Traceback" not in result.output
        self.assert_unchanged()
        return line


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


# --- empty, binary, wrong encoding ----------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
@pytest.mark.parametrize("side", ["source", "target"])
def test_empty_text_file_is_refused(ws: Workspace, side: str, content: str):
    empty = ws.write(f"empty.{side}.txt", content)
    good = ws.write(f"good.{'target' if side == 'source' else 'source'}.txt", SOURCE if side == "target" else TARGET)
    args = (empty, good) if side == "source" else (good, empty)
    ws.assert_refused(ws.run("review", *args), str(empty), "empty")


@pytest.mark.parametrize("content", ["", "id\tsource\ttarget\n", "\n"])
def test_empty_tsv_is_refused(ws: Workspace, content: str):
    table = ws.write("pairs.tsv", content)
    ws.assert_refused(ws.run("review", table), str(table))


def test_binary_file_is_refused(ws: Workspace):
    image = ws.write("photo.en.txt", PNG)
    ws.assert_refused(ws.run("review", ws.root / "base.zh.txt", image), str(image), "binary")


def test_binary_file_as_a_table_is_refused(ws: Workspace):
    image = ws.write("photo.tsv", PNG)
    ws.assert_refused(ws.run("review", image), str(image), "binary")


def test_gbk_source_is_refused_or_read_with_a_note(ws: Workspace):
    """Documented recovery (encoding detection): a GBK file is read, and the run says which encoding it
    assumed. Before detection existed: a clear error. Either is acceptable; a garbled silent read is not."""
    gbk = ws.write("gbk.zh.txt", SOURCE.encode("gbk"))
    result = ws.run("review", gbk, ws.root / "base.en.txt")
    if result.exit_code == 2:
        ws.assert_refused(result, str(gbk), "UTF-8")
        return
    assert result.exit_code == 0, result.output
    assert any(name in result.stdout for name in ("GB18030", "GBK", "GB2312")), result.stdout
    assert "中国和白俄罗斯是好朋友" in _history_sources(ws.history)  # decoded right, not garbled


def _history_sources(history: Path) -> str:
    with sqlite3.connect(history) as conn:
        return " ".join(row[0] for row in conn.execute("SELECT source FROM pairs"))


def test_undecodable_bytes_are_refused(ws: Workspace):
    junk = ws.write("junk.en.txt", b"China \xff\xfe\xfa\xfb and \x80\x81\xc0 Belarus" * 10 + b"\xff")
    result = ws.run("review", ws.root / "base.zh.txt", junk)
    if result.exit_code == 0:  # a legacy decoding was assumed: the run must say so
        assert "Note: read junk.en.txt as" in result.stdout
        return
    ws.assert_refused(result, str(junk))


# --- line counts, TSV columns and tabs -----------------------------------------------------------


def test_presplit_with_different_line_counts_aligns(ws: Workspace):
    zh = ws.write("zh.txt", "中国和白俄罗斯是好朋友。\n双方将继续合作。\n两国关系很好。\n")
    en = ws.write("en.txt", "China and Belarus are good friends.\nThe two sides will continue to cooperate.\n")
    result = ws.run("align", "--presplit", "--format", "jsonl", zh, en)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) >= 2
    ws.assert_unchanged()


def test_score_with_different_line_counts_is_refused(ws: Workspace):
    hypothesis = ws.write("hyp.txt", "a b c\nd e f\n")
    reference = ws.write("ref.txt", "a b c\n")
    line = ws.assert_refused(ws.run("score", hypothesis, "--ref", reference), str(reference), "1 lines")
    assert str(hypothesis) in line


def test_tsv_missing_column_is_refused(ws: Workspace):
    table = ws.write("pairs.tsv", "id\tsource\np1\t你好。\n")
    ws.assert_refused(ws.run("review", table), f"{table}:1", "target")


def test_tsv_row_with_an_unquoted_tab_is_refused_naming_the_line(ws: Workspace):
    table = ws.write("pairs.tsv", PAIRS + "p3\t两国关系很好。\tRelations are\tgood.\n")
    ws.assert_refused(ws.run("review", table), f"{table}:4", "4 fields")


def test_tsv_row_with_a_missing_field_is_refused_naming_the_line(ws: Workspace):
    table = ws.write("pairs.tsv", PAIRS + "p3\t两国关系很好。\n")
    ws.assert_refused(ws.run("review", table), f"{table}:4", "2 fields")


# --- a 10 MB line --------------------------------------------------------------------------------

_WORDS = "China and Belarus are good friends, "


def test_a_10_mb_line_in_a_table_is_refused_clearly(ws: Workspace):
    table = ws.write("huge.tsv", PAIRS + "p3\t两国关系很好。\t" + _WORDS * (10_000_000 // len(_WORDS)) + "\n")
    started = time.monotonic()
    ws.assert_refused(ws.run("review", table), f"{table}:4", "field")
    assert time.monotonic() - started < 10


def test_a_long_line_is_aligned_and_checked_in_linear_time_and_memory():
    """A text whose paragraph is one enormous line: segmentation, alignment and checks grow with the
    length (a per-word prefix scan made a 10 MB line take minutes), and memory stays proportional."""
    from mtreview.align import align_texts
    from mtreview.checks import CheckContext, run_checks
    from mtreview.terms import load_term_lists

    terms = tuple(load_term_lists([]))

    def work(size: int) -> float:
        line = _WORDS * (size // len(_WORDS))
        started = time.perf_counter()
        pairs = align_texts("中国和白俄罗斯是好朋友。\n", line + "\n")
        run_checks(pairs, context=CheckContext(terms=terms))
        return time.perf_counter() - started

    work(10_000)  # warm: the lexicon loads once
    small, large = work(125_000), work(1_000_000)
    assert large < 12 * small + 1, (small, large)  # linear: 8x; quadratic would be 64x
    tracemalloc.start()
    try:
        work(250_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 250 * 250_000, peak  # bytes per character of input


# --- malformed and hostile XML: TBX term bases (and TMX/XLIFF where mtreview.formats exists) ------

MARKER = "SECRET-MARKER-7c1f0e"

_TBX_OK = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1"><langSet xml:lang="zh"><tig><term>合作</term></tig></langSet>
<langSet xml:lang="en"><tig><term>cooperate</term></tig></langSet></termEntry>
</body></text></martif>
"""


def _xxe(secret: Path, root: str, body: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            + body.replace("@@", "&xxe;"))


def _bomb(root: str, body: str) -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{entities}]>\n' + body.replace("@@", "&lol9;")


_TBX_BODY = ('<martif type="TBX"><text><body><termEntry id="c1">'
             '<langSet xml:lang="zh"><tig><term>合作</term></tig></langSet>'
             '<langSet xml:lang="en"><tig><term>@@</term></tig></langSet></termEntry></body></text></martif>')


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(MARKER, encoding="utf-8")
    return path


def _assert_marker_absent(ws: Workspace, result) -> None:
    assert MARKER not in result.output
    assert MARKER.encode() not in ws.history.read_bytes()
    for path in ws.out.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


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
    terms = ws.write("xxe.tbx", _xxe(secret, "martif", _TBX_BODY))
    result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt", "--terms", terms)
    ws.assert_refused(result, str(terms), "unsafe XML")
    _assert_marker_absent(ws, result)


def test_tbx_entity_bomb_is_refused_with_flat_memory(ws: Workspace):
    terms = ws.write("bomb.tbx", _bomb("martif", _TBX_BODY))
    tracemalloc.start()
    try:
        result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt", "--terms", terms)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ws.assert_refused(result, str(terms), "unsafe XML")
    assert peak < 200_000_000, peak  # expanded, the bomb is 3 GB of "lol"


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
    hostile = ws.write(f"xxe.{suffix}", _xxe(secret, root, body))
    result = ws.run("review", hostile)
    ws.assert_refused(result, str(hostile))
    _assert_marker_absent(ws, result)


@pytest.mark.parametrize("suffix,root,body", BILINGUAL)
def test_bilingual_entity_bomb_is_refused_with_flat_memory(ws: Workspace, suffix: str, root: str, body: str):
    _needs_formats()
    bomb = ws.write(f"bomb.{suffix}", _bomb(root, body))
    tracemalloc.start()
    try:
        result = ws.run("review", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ws.assert_refused(result, str(bomb))
    assert peak < 200_000_000, peak


# --- corrupt and password-protected workbooks for ingest ------------------------------------------


def _review_sheet(ws: Workspace) -> Path:
    return next(ws.out.rglob("review.xlsx"))


def test_ingest_of_a_truncated_workbook_is_refused(ws: Workspace):
    data = _review_sheet(ws).read_bytes()
    broken = ws.write("truncated.xlsx", data[: len(data) // 2])
    ws.assert_refused(ws.run("ingest", broken, "--history", ws.history), str(broken), "xlsx")


def test_ingest_of_random_bytes_is_refused(ws: Workspace):
    broken = ws.write("random.xlsx", os.urandom(4096))
    ws.assert_refused(ws.run("ingest", broken, "--history", ws.history), str(broken), "xlsx")


def test_ingest_of_a_zip_with_corrupt_workbook_xml_is_refused(ws: Workspace):
    source = _review_sheet(ws)
    broken = ws.root / "corrupt.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data[: len(data) // 2]
            new.writestr(item, data)
    ws.assert_refused(ws.run("ingest", broken, "--history", ws.history), str(broken))


def _encrypted(ws: Workspace) -> Path:
    path = ws.root / "protected.xlsx"
    try:
        import msoffcrypto.format.ooxml as ooxml  # noqa: F401
        from msoffcrypto.format.ooxml import OOXMLFile

        with open(_review_sheet(ws), "rb") as plain, open(path, "wb") as out:
            OOXMLFile(plain).encrypt("secret", out)
    except ImportError:
        # What Excel writes for a password-protected workbook: an OLE2 compound file, not a zip.
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + os.urandom(4096))
    return path


def test_ingest_of_a_password_protected_workbook_is_refused(ws: Workspace):
    protected = _encrypted(ws)
    assert protected.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    ws.assert_refused(ws.run("ingest", protected, "--history", ws.history), str(protected), "encrypted")


# --- history that cannot be written ---------------------------------------------------------------


def test_history_path_that_is_a_folder_is_refused(ws: Workspace):
    folder = ws.root / "history-folder"
    folder.mkdir()
    result = runner.invoke(app, ["review", str(ws.root / "base.zh.txt"), str(ws.root / "base.en.txt"),
                                 "--out", str(ws.out), "--history", str(folder)])
    ws.assert_refused(result, str(folder))
    assert list(folder.iterdir()) == []


def test_history_that_is_not_a_database_is_refused(ws: Workspace):
    bogus = ws.write("bogus.sqlite", b"this is not a database" * 100)
    before = bogus.read_bytes()
    result = runner.invoke(app, ["review", str(ws.root / "base.zh.txt"), str(ws.root / "base.en.txt"),
                                 "--out", str(ws.out), "--history", str(bogus)])
    ws.assert_refused(result, str(bogus))
    assert bogus.read_bytes() == before


def test_locked_history_is_refused_after_the_busy_timeout(ws: Workspace, monkeypatch):
    import mtreview.history.sqlite

    monkeypatch.setattr(mtreview.history.sqlite, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws.history, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        result = ws.run("review", ws.root / "base.zh.txt", ws.root / "base.en.txt")
        assert time.monotonic() - started < 15
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ws.assert_refused(result, str(ws.history), "locked")


def test_ingest_into_a_locked_history_is_refused(ws: Workspace, monkeypatch):
    import openpyxl

    import mtreview.history.sqlite

    sheet = _review_sheet(ws)
    book = openpyxl.load_workbook(sheet)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    if findings.max_row < 2:
        pytest.skip("the base run has no findings to decide")
    findings.cell(row=2, column=header.index("Decision") + 1, value="confirmed")
    edited = ws.root / "edited.xlsx"
    book.save(edited)
    monkeypatch.setattr(mtreview.history.sqlite, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws.history, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = ws.run("ingest", edited, "--history", ws.history)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ws.assert_refused(result, str(ws.history), "locked")


# --- Ctrl-C in the middle of a run ----------------------------------------------------------------


@pytest.mark.parametrize("delay", [2.0, 3.5])
def test_ctrl_c_mid_run_leaves_nothing_behind(ws: Workspace, delay: float):
    """SIGINT exits 130 (128 + SIGINT, as shells report it) with one line "mtreview: interrupted",
    and the run leaves no folder, no staging folder and no history rows."""
    rows = ["id\tsource\ttarget"] + [
        f"p{i}\t中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助{i}。\tChina will help Belarus fight the "
        f"new crown pneumonia epidemic {i}, China‘s friend." for i in range(30000)]  # minutes of work: the signal always lands mid-run
    table = ws.write("big.tsv", "\n".join(rows) + "\n")
    process = subprocess.Popen([sys.executable, "-m", "mtreview", "review", str(table), "--out", str(ws.out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.fail(f"the run finished before the interrupt: {process.stderr.read()}")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, (process.returncode, stderr)
    assert stderr.splitlines() == ["mtreview: interrupted"], stderr
    assert "Recorded run" not in stdout
    ws.assert_unchanged()


# --- formulas and scripts in the reports -----------------------------------------------------------


def test_formula_and_script_text_stays_text_in_every_report(ws: Workspace):
    formula = '=HYPERLINK("http://x","China‘s")'
    script = "<script>alert(1)</script> China‘s friend."
    table = ws.write("hostile.tsv", "id\tsource\ttarget\n"
                                    f"p1\t中国的朋友。\t{formula}\n"
                                    f"p2\t中国的朋友。\t{script}\n"
                                    f"p3\t中国的朋友。\t@SUM(1+1) China‘s friend\n")
    result = ws.run("review", table)
    assert result.exit_code == 0, result.output
    run_dir = next(path for path in (ws.out / "hostile").iterdir() if path.is_dir())

    import openpyxl

    book = openpyxl.load_workbook(run_dir / "review.xlsx")
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in (formula, script):
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen == {formula, script}

    with open(run_dir / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    targets = {row["target"] for row in rows}
    assert "'" + formula in targets and formula not in targets
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values() if value)

    html = (run_dir / "review.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- random Unicode through segmentation, alignment and checks ------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ANY = st.characters(blacklist_categories=())  # every category: Mn, So (emoji), RTL letters, Cs (surrogates)
_SPICE = st.sampled_from(list("。！？!?.…“”‘’\"'()（）《》\n\n \u3000\u200f\u202e\u0301\u0644\u05d0🇨🇳👍🏽\ud800\udfff")
                         + ["Mr.", "U.S.", "1.5亿", "新冠肺炎", "new crown pneumonia", "China‘s", "翟健岚",
                            "Zhai Jianlan", "3.5", "9月15日", "——", "--", "......"])
_TEXT = st.lists(st.one_of(st.text(_ANY, max_size=8), _SPICE), max_size=30).map("".join)


@pytest.fixture(scope="module")
def shipped_terms():
    from mtreview.terms import load_term_lists

    return tuple(load_term_lists([]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(zh=_TEXT, en=_TEXT)
def test_random_unicode_never_crashes_and_spans_stay_inside(zh: str, en: str, shipped_terms):
    from mtreview.align import align_texts
    from mtreview.checks import CheckContext, run_checks
    from mtreview.segment import segment_document, split_en, split_paragraphs, split_zh

    for split, text in ((split_zh, zh), (split_en, en), (split_zh, en), (split_en, zh)):
        previous = 0
        for start, end in split(text):
            assert previous <= start < end <= len(text)
            previous = end
    for text, lang in ((zh, "zh"), (en, "en")):
        paragraphs = split_paragraphs(text, lang)
        for number, sentences in enumerate(segment_document(text, lang)):
            previous = 0
            for sentence in sentences:
                assert sentence.paragraph == number
                assert previous <= sentence.start < sentence.end <= len(paragraphs[number])
                assert paragraphs[number][sentence.start:sentence.end] == sentence.text
                previous = sentence.end
    pairs = align_texts(zh, en)
    findings = run_checks(pairs, context=CheckContext(terms=shipped_terms))
    by_id = {pair.id: pair for pair in pairs}
    for finding in findings:
        pair = by_id[finding.pair_id]
        for span, text in ((finding.target_span, pair.target), (finding.source_span, pair.source)):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text), (finding, text)
