"""Inputs checked before anything is written: languages the wrong way round are refused (and real input
never is), a reference text is aligned rather than ignored, and an English file is read as English."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import load_corpus_dir, load_input, load_pairs_table, load_text_pair, read_text_detected
from mtreview.inputs.language import SideSample, check_text_pair, han_share
from tests.support.paths import XINHUA

runner = CliRunner()
SOURCE, TARGET = XINHUA / "source.zh.txt", XINHUA / "target.en.txt"


def _xinhua_rows() -> list[tuple[str, str]]:
    """(source, target) of the bundled case's aligned pairs."""
    return [(pair.source, pair.target) for pair in load_text_pair(SOURCE, TARGET).pairs]


def _table(path: Path, rows, header=("id", "source", "target")) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None, lineterminator="\n")
        writer.writerow(header)
        for number, row in enumerate(rows, 1):
            writer.writerow([f"p{number}", *row])
    return path


# --- swapped languages are refused, before anything is written ------------------------------------

def test_review_of_a_swapped_text_pair_exits_2_naming_the_file_and_writes_nothing(tmp_path: Path):
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(TARGET), str(SOURCE), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"mtreview: error: {TARGET}: the source looks English, not Chinese "
                                     "(are SOURCE and TARGET swapped?)")
    assert not out.exists()  # no run folder, no history


def test_check_and_align_refuse_a_swapped_pair_too(tmp_path: Path):
    for command in (["check"], ["align"], ["align", "--presplit"]):
        result = runner.invoke(app, [*command, str(TARGET), str(SOURCE)])
        assert result.exit_code == 2 and "looks English, not Chinese" in result.stderr, command
        assert result.stdout == ""


def test_a_table_with_its_columns_swapped_is_refused(tmp_path: Path):
    swapped = _table(tmp_path / "pairs.tsv", [(target, source) for source, target in _xinhua_rows()])
    with pytest.raises(InputError, match="pairs.tsv: the source column looks English and the target column "
                                         r"Chinese \(are the source and target columns swapped\?\)"):
        load_pairs_table(swapped)
    result = runner.invoke(app, ["check", str(swapped), "--format", "jsonl"])
    assert result.exit_code == 2 and result.stdout == ""


def test_a_big_swapped_table_is_refused_from_its_first_rows(tmp_path: Path, monkeypatch):
    # The sample is the first rows: a malformed row far below is never reached.
    import mtreview.inputs.language as language

    monkeypatch.setattr(language, "SAMPLE_CHARS", 2000)
    rows = [(target, source) for source, target in _xinhua_rows()] * 50
    path = _table(tmp_path / "big.tsv", rows)
    with open(path, "a", encoding="utf-8") as file:
        file.write("bad\trow\n")
    with pytest.raises(InputError, match="columns swapped"):
        load_pairs_table(path)


def test_a_corpus_folder_with_the_languages_swapped_is_refused(tmp_path: Path):
    folder = tmp_path / "article"
    folder.mkdir()
    (folder / "source.zh.txt").write_bytes(TARGET.read_bytes())
    (folder / "target.en.txt").write_bytes(SOURCE.read_bytes())
    result = runner.invoke(app, ["review", str(folder), "--out", str(tmp_path / "reports")])
    assert result.exit_code == 2
    assert f"{folder / 'source.zh.txt'}: the source looks English, not Chinese" in result.stderr
    assert not (tmp_path / "reports").exists()


def test_a_tmx_whose_language_tags_are_swapped_is_refused(tmp_path: Path):
    units = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{target}</seg></tuv><tuv xml:lang="en"><seg>{source}</seg></tuv></tu>'
                    for source, target in _xinhua_rows())
    path = tmp_path / "memory.tmx"
    path.write_text(f'<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>{units}</body></tmx>',
                    encoding="utf-8")
    with pytest.raises(InputError, match="memory.tmx: the source side looks English"):
        load_input([path])


# --- real input is never refused -----------------------------------------------------------------

def test_real_and_edge_case_inputs_are_not_refused(tmp_path: Path):
    corpus = load_corpus_dir(XINHUA)
    assert len(corpus.pairs) == 20
    # A Chinese source that is mostly commands, URLs and model names: its Han share is low, but the target
    # is English, so nothing looks swapped.
    source = "运行 pip install mtreview --upgrade --index-url https://pypi.org/simple 安装 iPhone 14 Pro Max GPU"
    target = "Run pip install mtreview --upgrade --index-url https://pypi.org/simple to install on iPhone 14 Pro Max GPU"
    assert han_share(source) < 0.1
    check_text_pair("s", source, "t", target)
    # An English target with a sentence left in Chinese: a finding, not a swap.
    check_text_pair("s", SOURCE.read_text(encoding="utf-8"),
                    "t", TARGET.read_text(encoding="utf-8") + "\n会议还研究了其他事项。\n")
    # Short texts say too little.
    check_text_pair("s", "是。", "t", "是。")
    check_text_pair("s", "OK.", "t", "好的。")


def test_a_table_where_some_targets_copy_the_source_or_are_empty_is_reviewed(tmp_path: Path):
    rows = _xinhua_rows()
    rows = [(source, source if k % 4 == 0 else "" if k % 4 == 1 else target) for k, (source, target) in enumerate(rows)]
    path = _table(tmp_path / "pairs.tsv", rows)
    result = runner.invoke(app, ["check", str(path), "--format", "jsonl", "--select", "identical-to-source"])
    assert result.exit_code == 0, result.stderr
    flagged = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert flagged == {f"p{k + 1}" for k in range(0, len(rows), 4)}
    # Every target a copy of its source (not translated yet): not swapped either, each row a finding.
    path = _table(tmp_path / "untranslated.tsv", [(source, source) for source, _ in rows])
    assert len(load_pairs_table(path).pairs) == len(rows)


def test_wmt23_sources_and_every_system_are_accepted_and_refused_swapped(shared_data: Path):
    wmt = shared_data / "wmt23-zh-en"
    source_text = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8")
    sources = source_text.split("\n")
    systems = sorted((wmt / "system-outputs").glob("*.txt")) + [wmt / "references" / "zh-en.refA.txt"]
    assert len(systems) >= 16
    for system in systems:
        text = system.read_text(encoding="utf-8")
        check_text_pair("zh-en.txt", source_text, system.name, text)
        with pytest.raises(InputError, match="swapped"):
            check_text_pair(system.name, text, "zh-en.txt", source_text)
        pairs = [type("P", (), {"source": s, "target": t}) for s, t in zip(sources, text.split("\n"))]
        SideSample().add_pairs(pairs).check(system.name, "columns")
        with pytest.raises(InputError, match="columns swapped"):
            SideSample().add_pairs([type("P", (), {"source": p.target, "target": p.source}) for p in pairs]
                                   ).check(system.name, "columns")


def test_the_tico19_memory_read_with_its_chinese_side_as_source_is_accepted(shared_data: Path):
    corpus = load_input([shared_data / "glossaries" / "tico19" / "all.en-zh.tmx"])
    assert len(corpus.pairs) > 3000


# --- a reference is aligned, never ignored -------------------------------------------------------

def _reference_text(tmp_path: Path) -> Path:
    """Xinhua's English, the reference column of the bundled reference.tsv, as one text."""
    lines = [line for line in (XINHUA / "reference.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")][1:]
    path = tmp_path / "reference.en.txt"
    path.write_text("\n\n".join(line.split("\t")[1] for line in lines) + "\n", encoding="utf-8")
    return path


def test_review_with_ref_aligns_a_reference_text_and_scores(tmp_path: Path):
    reference = _reference_text(tmp_path)
    corpus = load_text_pair(SOURCE, TARGET, reference_path=reference)
    with_reference = [pair for pair in corpus.pairs if pair.references]
    assert len(with_reference) >= 8
    first = corpus.pairs[0]
    assert first.references == ("Chinese President Xi Jinping on Thursday afternoon met with Belarusian President "
                                "Alexander Lukashenko at Forumlar Majmuasi Complex in Samarkand.",)
    result = runner.invoke(app, ["review", str(SOURCE), str(TARGET), "--ref", str(reference),
                                 "--out", str(tmp_path / "reports"), "--no-history"])
    assert result.exit_code == 0, result.output
    assert "Scores:" in result.stdout and "bleu" in result.stdout and "chrf" in result.stdout
    assert "no references" not in result.stdout
    assert "reference.en.txt aligned to the source by the aligner" in result.stdout


def test_a_folder_with_reference_en_txt_uses_it_and_notes_unused_files(tmp_path: Path):
    folder = tmp_path / "article"
    folder.mkdir()
    for name in ("source.zh.txt", "target.en.txt", "README.md"):
        (folder / name).write_bytes((XINHUA / name).read_bytes())
    _reference_text(folder)
    (folder / "notes.txt").write_text("call the desk\n", encoding="utf-8")
    corpus = load_corpus_dir(folder)
    assert sum(1 for pair in corpus.pairs if pair.references) >= 8
    assert "not used: notes.txt" in corpus.notes
    assert not any("README" in note or "reference.en.txt" in note and "not used" in note for note in corpus.notes)
    result = runner.invoke(app, ["review", str(folder), "--out", str(tmp_path / "reports"), "--no-history"])
    assert result.exit_code == 0, result.output
    assert "bleu" in result.stdout and "Note: not used: notes.txt" in result.stdout


def test_a_manifest_reference_without_alignment_is_aligned(tmp_path: Path):
    folder = tmp_path / "article"
    folder.mkdir()
    for name in ("source.zh.txt", "target.en.txt"):
        (folder / name).write_bytes((XINHUA / name).read_bytes())
    _reference_text(folder)
    (folder / "corpus.toml").write_text('[source]\nfile = "source.zh.txt"\n[target]\nfile = "target.en.txt"\n'
                                        '[reference]\nfile = "reference.en.txt"\n', encoding="utf-8")
    (folder / "draft.txt").write_text("old draft\n", encoding="utf-8")
    corpus = load_corpus_dir(folder)
    assert sum(1 for pair in corpus.pairs if pair.references) >= 8
    assert [note for note in corpus.notes if note.startswith("not used")] == ["not used: draft.txt"]
    # the bundled case (hand alignment) uses every file it has; --ref replaces its reference, and says so
    assert not [note for note in load_corpus_dir(XINHUA).notes if note.startswith("not used")]
    corpus = load_corpus_dir(XINHUA, reference_path=folder / "reference.en.txt")
    assert "the reference given (reference.en.txt) is used, not the one corpus.toml names" in corpus.notes
    assert any("aligned to the source by the aligner" in note for note in corpus.notes)
    assert not [note for note in corpus.notes if note.startswith("not used")]
    # a stale reference file name beside a hand alignment is no error (it was never read)
    (folder / "corpus.toml").write_text('[source]\nfile = "source.zh.txt"\n[target]\nfile = "target.en.txt"\n'
                                        '[reference]\nfile = "gone.txt"\nalignment = "ref.tsv"\n', encoding="utf-8")
    (folder / "ref.tsv").write_bytes((XINHUA / "reference.tsv").read_bytes())
    corpus = load_corpus_dir(folder)
    assert sum(1 for pair in corpus.pairs if pair.references) == 9
    assert sorted(note for note in corpus.notes if note.startswith("not used")) == [
        "not used: draft.txt", "not used: reference.en.txt"]


def test_a_chinese_reference_and_a_reference_for_a_table_are_refused(tmp_path: Path):
    with pytest.raises(InputError, match="the reference looks Chinese"):
        load_text_pair(SOURCE, TARGET, reference_path=SOURCE)
    table = _table(tmp_path / "pairs.tsv", _xinhua_rows())
    result = runner.invoke(app, ["review", str(table), "--ref", str(_reference_text(tmp_path)),
                                 "--out", str(tmp_path / "reports")])
    assert result.exit_code == 2 and "carries its references itself" in result.stderr


# --- an English file is read as English ----------------------------------------------------------

ENGLISH = ("China’s economy grew 5% in the café district of Beijing, costing €3 billion.\n\n"
           "The “Belt and Road” forum ends on Friday — officials said.\n")
CHINESE = "中国经济在北京的咖啡馆区增长了5%，耗资30亿欧元。\n\n“一带一路”论坛周五闭幕，官员说。\n"


def test_a_windows_1252_target_is_read_as_english_and_noted_by_check(tmp_path: Path):
    source, target = tmp_path / "source.zh.txt", tmp_path / "target.en.txt"
    source.write_text(CHINESE, encoding="utf-8")
    target.write_bytes(ENGLISH.encode("cp1252"))
    assert read_text_detected(target, "en") == (ENGLISH, "Windows-1252")
    corpus = load_text_pair(source, target)
    assert "China’s" in corpus.pairs[0].target and "抯" not in corpus.pairs[0].target
    assert "read target.en.txt as Windows-1252 (not UTF-8); check the text if it looks garbled" in corpus.notes
    result = runner.invoke(app, ["check", str(source), str(target), "--format", "jsonl"])
    assert result.exit_code == 0
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    assert not [f for f in findings if "untranslated" in f["check"] or f["check"] == "identical-to-source"]
    assert "Note: read target.en.txt as Windows-1252" in result.stderr
    result = runner.invoke(app, ["align", str(source), str(target)])
    assert "China’s" in result.stdout and "Note: read target.en.txt as Windows-1252" in result.stderr


def test_score_notes_a_guessed_encoding_on_stderr(tmp_path: Path):
    hypothesis, reference = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hypothesis.write_bytes("China’s café grew.\n".encode("cp1252"))
    reference.write_text("China’s café grew.\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(hypothesis), "--ref", str(reference), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["bleu"]["corpus"] == pytest.approx(100.0)
    assert "Note: read hyp.txt as Windows-1252" in result.stderr


@pytest.mark.parametrize("expect", [None, "zh", "en"])
def test_chinese_legacy_files_still_read_as_gb18030_and_big5(tmp_path: Path, expect):
    path = tmp_path / "text.txt"
    path.write_bytes(CHINESE.encode("gb18030"))
    assert read_text_detected(path, expect) == (CHINESE, "GB18030")
    traditional = "新華社北京2月10日電 國家主席習近平同白俄羅斯總統盧卡申科通電話。\n"
    path.write_bytes(traditional.encode("big5"))
    assert read_text_detected(path, expect) == (traditional, "Big5")


def test_english_with_gbk_quotes_or_a_stray_byte(tmp_path: Path):
    path = tmp_path / "target.en.txt"
    # Saved on a Chinese Windows: ASCII English with GBK curly quotes, two bytes each: not Windows-1252.
    text = "The “Belt and Road” forum ends on Friday, officials said.\n"
    path.write_bytes(text.encode("gbk"))
    assert read_text_detected(path, "en") == (text, "GB18030")
    # An English file with a byte Windows-1252 leaves undefined is read as Latin-1.
    path.write_bytes("Caf\xe9 prices rose.\x81\n".encode("latin-1"))
    assert read_text_detected(path, "en") == ("Caf\xe9 prices rose.\x81\n", "Latin-1")


def test_wmt23_outputs_in_windows_1252_and_gb18030_read_back_as_written(shared_data: Path):
    """Every system's English in Windows-1252 reads as Windows-1252; in GB18030 (some hold Chinese, Korean
    or Japanese) it still reads as GB18030 when English is expected; the source in GB18030 or Big5 as before."""
    from mtreview.inputs.encoding import decode

    wmt = shared_data / "wmt23-zh-en"
    for system in sorted((wmt / "system-outputs").glob("*.txt")):
        text = system.read_text(encoding="utf-8")
        western = text.encode("cp1252", errors="replace")
        decoded = decode(western, "en")
        assert (decoded.text, decoded.encoding) == (western.decode("cp1252"), "Windows-1252"), system.name
        assert decode(text.encode("gb18030"), "en").encoding == "GB18030", system.name
    source = (wmt / "sources" / "zh-en.txt").read_text(encoding="utf-8")
    for codec, name in (("gb18030", "GB18030"), ("big5", "Big5")):
        for expect in (None, "zh", "en"):
            assert decode(source.encode(codec, errors="replace"), expect).encoding == name
