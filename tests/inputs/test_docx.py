"""Word documents as one side of a text pair: paragraphs in reading order, table cells included, what is not
reviewed noted, and anything that is not a readable .docx refused in one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import load_input
from mtreview.inputs.docx import docx_text
from tests.support.docx_article import EN_AFTER_TABLE, EN_TABLE, EN_TITLE, ZH_TABLE, build_article, build_pair

runner = CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> tuple[Path, Path]:
    return build_pair(tmp_path)


def test_paragraphs_and_table_cells_in_reading_order(article):
    _, target = article
    blocks = docx_text(target).text.split("\n\n")
    assert blocks[0] == EN_TITLE
    # the runs of a paragraph are one text: "China" (bold) and "‘s development" (plain) read as written
    assert "that China‘s development has" in blocks[4]
    cells = [cell for row in EN_TABLE for cell in row]
    at = blocks.index(cells[0])
    assert blocks[at:at + len(cells)] == cells  # row by row, left to right, after the text before the table
    assert blocks[at + len(cells):] == EN_AFTER_TABLE  # the footnote's text is not in the body's


def test_a_word_pair_aligns_sentence_by_sentence_and_notes_what_is_not_reviewed(article):
    source, target = article
    corpus = load_input([source, target])
    assert all(pair.kind == "1-1" for pair in corpus.pairs)
    assert len(corpus.pairs) == 25
    table_pair = next(pair for pair in corpus.pairs if pair.source == ZH_TABLE[1][0])
    assert table_pair.target == EN_TABLE[1][0]
    assert corpus.target_file == target and corpus.inputs == (source, target)
    assert "target.en.docx: 1 header, 1 footer, 1 footnote not reviewed (only the body's paragraphs and tables are)" \
        in corpus.notes


def test_a_word_source_with_a_text_translation(article, tmp_path):
    source, target = article
    text = tmp_path / "target.en.txt"
    text.write_text(docx_text(target).text, encoding="utf-8")
    corpus = load_input([source, text])
    assert len(corpus.pairs) == 25 and corpus.target_file == text


def test_check_finds_the_mistakes_in_a_word_translation(article):
    source, target = article
    result = runner.invoke(app, ["check", str(source), str(target), "--format", "jsonl"])
    assert result.exit_code == 0
    checks = {line.split('"check": "')[1].split('"')[0] for line in result.stdout.splitlines()}
    assert {"apostrophe", "term-forbidden", "missing-space", "double-space"} <= checks


def _refused(paths: list[Path]) -> str:
    result = runner.invoke(app, ["check", *map(str, paths)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_password_protected_and_old_doc_files_are_refused(article, tmp_path):
    source, _ = article
    encrypted = tmp_path / "protected.docx"  # Word encrypts a .docx into an OLE2 (CFB) container, as a .doc is
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage")
    line = _refused([source, encrypted])
    assert "protected.docx" in line and "password-protected" in line
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(InputError, match="old .doc"):
        load_input([source, old.rename(tmp_path / "old.docx")])


def test_corrupt_and_foreign_files_are_refused(article, tmp_path):
    source, target = article
    cut = tmp_path / "cut.docx"
    cut.write_bytes(target.read_bytes()[: 3000])
    assert "cut.docx" in _refused([source, cut])
    workbook = tmp_path / "sheet.docx"  # a zip, but a spreadsheet's
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org'
                         '/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
    line = _refused([source, workbook])
    assert "sheet.docx" in line and "not" in line
    text = tmp_path / "notes.docx"
    text.write_text("just text", encoding="utf-8")
    assert "not a Word document" in _refused([source, text])


def test_a_word_document_alone_is_told_to_come_with_its_other_side(article):
    _, target = article
    assert "give SOURCE TARGET" in _refused([target])


def test_an_empty_document_is_refused(tmp_path):
    import docx

    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    source = build_article(tmp_path / "source.docx", "zh")
    assert "has no text" in _refused([source, empty])
