"""review/check --docx-out: a copy of the Word translation with each finding as a comment on the flagged words,
everything else as it was, and LibreOffice Writer reading the comments where they were put."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.formats.docx import EDITED_MEMBERS
from tests.support.docx_article import build_pair
from tests.support.office import convert, odt_comments, require_writer

runner = CliRunner()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("docx-out")
    source, target = build_pair(folder)
    out = folder / "reviewed.docx"
    result = runner.invoke(app, ["review", str(source), str(target), "--out", str(folder / "reports"),
                                 "--no-history", "--docx-out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Word copy with 6 comment(s): {out}" in result.output
    return target, out, folder


def _anchored(document_xml: str) -> dict[str, str]:
    """Comment id -> the text between its commentRangeStart and commentRangeEnd, from the XML itself."""
    found = {}
    for match in re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>',
                             document_xml, re.S):
        found[match.group(1)] = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", match.group(2)))
    return found


def test_each_finding_is_a_comment_on_exactly_the_flagged_words(reviewed):
    _, out, _ = reviewed
    with zipfile.ZipFile(out) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        comments = archive.read("word/comments.xml").decode("utf-8")
    anchored = set(_anchored(document).values())
    # "China" is bold and "‘s" plain: the comment spans both runs, and only them
    assert {"China‘s", "new crown pneumonia", "  ", "exhibition."} <= anchored
    assert document.count("<w:b/></w:rPr><w:t>China</w:t>") == 1  # the bold run kept its formatting
    authors = set(re.findall(r'w:author="([^"]*)"', comments))
    assert authors == {"mtreview"}
    assert "term-forbidden (major, Terminology/Inappropriate for context)" in comments
    assert "Suggestion: COVID-19" in comments


def test_everything_else_in_the_package_is_byte_for_byte_the_original(reviewed):
    target, out, _ = reviewed
    with zipfile.ZipFile(target) as original, zipfile.ZipFile(out) as copy:
        assert set(copy.namelist()) == set(original.namelist()) | {"word/comments.xml"}
        untouched = [name for name in original.namelist() if name not in EDITED_MEMBERS]
        assert "word/media/image1.png" in untouched and "word/styles.xml" in untouched
        assert "word/footnotes.xml" in untouched and "word/header1.xml" in untouched
        for name in untouched:
            assert copy.read(name) == original.read(name), name
            assert copy.getinfo(name).date_time == original.getinfo(name).date_time


def test_the_commented_copy_reads_as_the_original(reviewed):
    from mtreview.inputs.docx import docx_text

    target, out, _ = reviewed
    assert docx_text(out).text == docx_text(target).text  # split runs, same words


def test_libreoffice_shows_the_comments_on_the_flagged_words(reviewed, soffice):
    require_writer(soffice)
    _, out, folder = reviewed
    odt = convert(soffice, out, "odt", folder / "lo")
    comments = odt_comments(odt)
    assert len(comments) == 6
    by_anchor = {anchor: text for author, text, anchor in comments if author == "mtreview"}
    assert by_anchor["China‘s"].startswith("apostrophe (minor, Fluency/Punctuation)")
    assert "Suggestion: COVID-19" in by_anchor["new crown pneumonia"]
    pdf = convert(soffice, out, "pdf", folder / "lo")
    assert pdf.read_bytes().startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) == 2


def test_check_writes_the_same_comments(reviewed, tmp_path):
    target, out, folder = reviewed
    checked = tmp_path / "checked.docx"
    result = runner.invoke(app, ["check", str(folder / "source.zh.docx"), str(target), "--docx-out", str(checked)])
    assert result.exit_code == 0
    with zipfile.ZipFile(checked) as archive:
        assert len(re.findall(r"<w:comment ", archive.read("word/comments.xml").decode())) == 6


def test_docx_out_needs_a_word_translation(tmp_path):
    source, target = tmp_path / "s.zh.txt", tmp_path / "t.en.txt"
    source.write_text("中国经济增长。\n", encoding="utf-8")
    target.write_text("China's economy grew.\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(source), str(target), "--out", str(tmp_path / "r"), "--no-history",
                                 "--docx-out", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "--docx-out needs a Word document" in result.output
    assert not (tmp_path / "r").exists() and not (tmp_path / "x.docx").exists()


def test_the_copy_never_overwrites_the_translation(reviewed):
    target, _, folder = reviewed
    before = target.read_bytes()
    result = runner.invoke(app, ["check", str(folder / "source.zh.docx"), str(target), "--docx-out", str(target)])
    assert result.exit_code == 2 and "is the reviewed document itself" in result.output
    assert target.read_bytes() == before
