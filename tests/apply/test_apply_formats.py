"""`mtreview apply` writes the corrected translation in every input format: text pairs and corpus folders,
TSV and CSV tables, TMX, XLIFF 1.2 and 2.x (inline codes kept); corrections and accepted suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.inputs import load_input
from tests.support.review_runs import apply, fill_in, review

ZH = ["中国经济今年增长5%。", "新冠肺炎疫情期间，工厂停工。", "专家表示，前景乐观。"]
EN = ["China‘s economy grew 5 percent this year.", "During the new crown pneumonia epidemic, factories closed.",
      "Experts said the outlook is bright."]
FIXED = "China's economy grew by 5 percent this year."


def _round_trip(inputs: list[Path], tmp_path: Path, first_id: str, *accept: str) -> tuple[Path, str]:
    sheet = review(inputs, tmp_path / "reports")
    filled = fill_in(sheet, tmp_path / "reviewed.xlsx", segments={first_id: FIXED})
    out = tmp_path / f"corrected{(inputs[-1].suffix if inputs[-1].is_file() else '.txt')}"
    result = apply(str(filled), "--out", str(out), *(("--accept-suggestions", ",".join(accept)) if accept else ()))
    assert result.exit_code == 0, result.output
    return out, result.output


def test_text_pair(tmp_path):
    source, target = tmp_path / "source.zh.txt", tmp_path / "target.en.txt"
    source.write_text("\n\n".join(ZH) + "\n", encoding="utf-8")
    # a paragraph on two lines, CRLF line ends: both kept where nothing changed
    target.write_bytes(("\r\n\r\n".join([EN[0], EN[1].replace(" factories", "\r\nfactories"), EN[2]]) + "\r\n")
                       .encode("utf-8"))
    out, _ = _round_trip([source, target], tmp_path, "zh0_en0", "term-forbidden")
    assert out.read_bytes().decode("utf-8") == "\r\n\r\n".join(
        [FIXED, "During the COVID-19 epidemic,\r\nfactories closed.", EN[2]]) + "\r\n"


def test_corpus_folder(tmp_path):
    folder = tmp_path / "article"
    folder.mkdir()
    (folder / "source.zh.txt").write_text("\n\n".join(ZH) + "\n", encoding="utf-8")
    (folder / "target.en.txt").write_text("\n\n".join(EN) + "\n", encoding="utf-8")
    sheet = review([folder], tmp_path / "reports")
    filled = fill_in(sheet, tmp_path / "reviewed.xlsx", segments={"zh0_en0": FIXED})
    result = apply(str(filled))
    assert result.exit_code == 0, result.output
    assert (folder / "target.en.corrected.txt").read_text(encoding="utf-8") == "\n\n".join([FIXED, *EN[1:]]) + "\n"


@pytest.mark.parametrize("suffix, delimiter", [(".tsv", "\t"), (".csv", ",")])
def test_tables(tmp_path, suffix, delimiter):
    table = tmp_path / f"pairs{suffix}"
    quoted = (lambda text: f'"{text}"') if delimiter == "," else (lambda text: text)
    lines = ["# desk A, round 1", delimiter.join(["id", "source", "target"])]
    lines += [delimiter.join([f"s{k}", ZH[k], quoted(EN[k])]) for k in range(3)]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, _ = _round_trip([table], tmp_path, "s0", "term-forbidden")
    written = out.read_text(encoding="utf-8").splitlines()
    assert written[:2] == lines[:2] and written[4] == lines[4]  # the comment line, header, untouched row
    corrected = {pair.id: pair.target for pair in load_input([out]).pairs}
    assert corrected == {"s0": FIXED, "s1": EN[1].replace("new crown pneumonia", "COVID-19"), "s2": EN[2]}


def test_tmx(tmp_path):
    tmx = tmp_path / "memory.tmx"
    bold = '<bpt i="1">&lt;b&gt;</bpt>China<ept i="1">&lt;/b&gt;</ept>‘s economy grew 5 percent this year.'
    english = [bold, *EN[1:]]
    units = "".join(f'<tu tuid="u{k}"><tuv xml:lang="zh-CN"><seg>{ZH[k]}</seg></tuv>'
                    f'<tuv xml:lang="en-US"><seg> {english[k]}</seg></tuv></tu>' for k in range(3))
    tmx.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- kept -->\n<tmx version="1.4"><header srclang="zh-CN" '
                   f'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
                   f'creationtoolversion="1"/><body>{units}</body></tmx>', encoding="utf-8")
    out, _ = _round_trip([tmx], tmp_path, "u0")
    text = out.read_text(encoding="utf-8")
    assert "<!-- kept -->" in text
    # the bold codes stay around "China"; the words around them changed
    assert '<bpt i="1">&lt;b&gt;</bpt>China<ept i="1">&lt;/b&gt;</ept>\'s economy grew by 5 percent' in text
    assert {pair.id: pair.target for pair in load_input([out]).pairs}["u0"] == FIXED


def test_xliff_1_2_keeps_inline_codes(tmp_path):
    xlf = tmp_path / "job.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="zh-CN" target-language="en-US" datatype="plaintext" original="a.txt"><body>'
        f'<trans-unit id="1"><source>{ZH[0]}</source><target><g id="b">China</g>‘s economy grew <x id="n"/>5 '
        'percent this year.</target></trans-unit>'
        f'<trans-unit id="2"><source>{ZH[1]}</source><target>{EN[1]}</target></trans-unit>'
        f'<trans-unit id="3"><source>{ZH[2]}</source></trans-unit>'
        '</body></file></xliff>', encoding="utf-8")
    sheet = review([xlf], tmp_path / "reports")
    filled = fill_in(sheet, tmp_path / "reviewed.xlsx", segments={"1": FIXED, "3": "Experts were upbeat."})
    out = tmp_path / "job.corrected.xlf"
    result = apply(str(filled), "--out", str(out), "--accept-suggestions", "term-forbidden")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '<g id="b">China</g>\'s economy grew by <x id="n" />5 percent this year.' in text
    assert "During the COVID-19 epidemic" in text
    targets = {pair.id: pair.target for pair in load_input([out]).pairs}
    assert targets == {"1": FIXED, "2": "During the COVID-19 epidemic, factories closed.", "3": "Experts were upbeat."}


def test_xliff_2(tmp_path):
    xlf = tmp_path / "job2.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'srcLang="zh-CN" trgLang="en-US"><file id="f1">'
        + "".join(f'<unit id="u{k}"><segment><source>{ZH[k]}</source><target>{EN[k]}</target></segment></unit>'
                  for k in range(3)) + '</file></xliff>', encoding="utf-8")
    out, _ = _round_trip([xlf], tmp_path, "u0")
    assert {pair.id: pair.target for pair in load_input([out]).pairs}["u0"] == FIXED


def test_a_sheet_without_inputs_needs_them_given(tmp_path):
    from openpyxl import load_workbook

    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\n" + "".join(f"s{k}\t{ZH[k]}\t{EN[k]}\n" for k in range(3)), encoding="utf-8")
    sheet = review([table], tmp_path / "reports")
    book = load_workbook(sheet)
    summary = book["Summary"]
    for row in summary.iter_rows(min_row=2):
        if row[1].value == "Input":
            row[2].value = None
    book.save(tmp_path / "old.xlsx")
    result = apply(str(tmp_path / "old.xlsx"))
    assert result.exit_code == 2 and "names no input files" in result.output
    moved = tmp_path / "moved.tsv"
    table.rename(moved)
    result = apply(str(sheet))
    assert result.exit_code == 2 and "which is not there now" in result.output
    result = apply(str(sheet), "--input", str(moved), "--out", str(tmp_path / "out.tsv"))
    assert result.exit_code == 0, result.output


def test_unknown_checks_are_refused(tmp_path):
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\n" + "".join(f"s{k}\t{ZH[k]}\t{EN[k]}\n" for k in range(3)), encoding="utf-8")
    sheet = review([table], tmp_path / "reports")
    result = apply(str(sheet), "--accept-suggestions", "apostrophes")
    assert result.exit_code == 2 and "unknown check(s) apostrophes" in result.output
