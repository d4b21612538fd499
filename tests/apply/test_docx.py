"""The Word round trip: review, comments, corrections typed into the sheet, `mtreview apply`, tracked changes
an editor can accept or reject, opened in LibreOffice Writer; and the workbooks apply refuses."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from mtreview.formats.docx import EDITED_MEMBERS
from mtreview.inputs.docx import docx_text
from tests.support.docx_article import build_pair
from tests.support.office import convert, odt_changes, require_writer
from tests.support.review_runs import apply, fill_in, review

CORRECTED = ("The Consul General of Kazakhstan in Xi'an said in his speech that China's development has brought "
             "opportunities to countries along the route.")


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("word-desk")
    source, target = build_pair(folder)
    sheet = review([source, target], folder / "reports")
    filled = fill_in(sheet, folder / "reviewed.xlsx", segments={"zh7_en7": CORRECTED})
    out = folder / "corrected.docx"
    result = apply(str(filled), "--out", str(out), "--accept-suggestions", "term-forbidden,missing-space,double-space")
    assert result.exit_code == 0, result.output
    assert "1 segment(s) corrected by reviewers, 3 by 3 accepted suggestion(s)" in result.output
    return {"folder": folder, "source": source, "target": target, "sheet": sheet, "filled": filled, "out": out}


def test_the_corrected_document_reads_as_corrected(desk):
    blocks = docx_text(desk["out"]).text.split("\n\n")  # insertions read, deletions not: all changes accepted
    assert CORRECTED in blocks
    assert any("During the COVID-19 epidemic, the trains carried" in block for block in blocks)
    assert any("photo exhibition. The exhibition showed" in block for block in blocks)
    assert any("the central container station and the customs area." in block for block in blocks)
    untouched = [b for b in docx_text(desk["target"]).text.split("\n\n") if "Xi'an run on 17 main routes" in b]
    assert untouched and untouched[0] in blocks


def test_changes_are_tracked_word_by_word_by_the_reviewer(desk):
    with zipfile.ZipFile(desk["out"]) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    changes = re.findall(r'<w:(ins|del) w:id="(\d+)" w:author="([^"]*)" w:date="(\d{4}-\d\d-\d\dT[\d:]+Z)">(.*?)</w:\1>',
                         document, re.S)
    by_author = {}
    for kind, _, author, _, body in changes:
        text = "".join(re.findall(r"<w:(?:t|delText)(?: [^>]*)?>([^<]*)</w:(?:t|delText)>", body))
        by_author.setdefault(author, []).append((kind, text))
    # the reviewer's correction: the apostrophe and "the" before "countries", not the whole sentence retyped
    assert sorted(by_author["Li Hua"]) == [("del", "the "), ("del", "‘"), ("ins", "'")]
    # accepted suggestions are the tool's; "new crown" was italic and " pneumonia" plain: two deletions
    assert ("del", "new crown") in by_author["mtreview"] and ("del", " pneumonia") in by_author["mtreview"]
    assert ("ins", "COVID-19") in by_author["mtreview"]
    ids = [int(change_id) for _, change_id, *_ in changes]
    assert len(ids) == len(set(ids))


def test_only_the_document_part_changes(desk):
    with zipfile.ZipFile(desk["target"]) as original, zipfile.ZipFile(desk["out"]) as corrected:
        assert corrected.namelist() == original.namelist()
        for name in original.namelist():
            if name not in EDITED_MEMBERS:
                assert corrected.read(name) == original.read(name), name


def test_libreoffice_shows_the_tracked_changes(desk, soffice):
    require_writer(soffice)
    odt = convert(soffice, desk["out"], "odt", desk["folder"] / "lo")
    changes = odt_changes(odt)
    assert ("deletion", "Li Hua", "‘") in changes
    assert ("deletion", "mtreview", "new crown pneumonia") in changes or \
        ("deletion", "mtreview", "new crown") in changes
    assert any(kind == "insertion" and author == "Li Hua" for kind, author, _ in changes)
    assert convert(soffice, desk["out"], "pdf", desk["folder"] / "lo").read_bytes().startswith(b"%PDF")


def test_a_workbook_of_a_changed_document_is_refused_naming_the_rows(desk, tmp_path):
    import docx

    changed = tmp_path / "target.en.docx"
    document = docx.Document(str(desk["target"]))
    run = next(run for paragraph in document.paragraphs for run in paragraph.runs if "3,200" in run.text)
    run.text = run.text.replace("3,200", "3,300")  # the translator revised a figure after the review
    document.save(str(changed))
    out = tmp_path / "out.docx"
    result = apply(str(desk["filled"]), "--input", str(desk["source"]), "--input", str(changed), "--out", str(out))
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "another version of the document" in line and "Segments row 5 (zh3_en3)" in line
    assert not out.exists()


def test_nothing_is_written_when_a_row_cannot_be_applied(desk, tmp_path):
    both = fill_in(desk["filled"], tmp_path / "two.xlsx",
                   findings={"apostrophe": {"Corrected translation": "Something else entirely."}})
    out = tmp_path / "out.docx"
    result = apply(str(both), "--out", str(out))
    assert result.exit_code == 2
    assert "two different corrected translations of segment zh7_en7" in result.output
    assert "nothing written" in result.output and not out.exists()
    no_suggestion = apply(str(desk["filled"]), "--out", str(out), "--accept-suggestions", "term-missing")
    assert no_suggestion.exit_code == 2 and "no flagged words to accept" in no_suggestion.output
    assert not out.exists() and not list(tmp_path.glob(".out.docx*"))


def test_dismissed_findings_are_not_applied(desk, tmp_path):
    dismissed = fill_in(desk["sheet"], tmp_path / "dismissed.xlsx",
                        findings={"term-forbidden": {"Decision": "false positive"}})
    out = tmp_path / "out.docx"
    result = apply(str(dismissed), "--out", str(out), "--accept-suggestions", "term-forbidden")
    assert result.exit_code == 0, result.output
    assert "0 segment(s) corrected by reviewers, 0 by 0 accepted" in result.output
    assert docx_text(out).text == docx_text(desk["target"]).text


def test_the_default_output_sits_beside_the_translation(desk):
    result = apply(str(desk["filled"]))
    assert result.exit_code == 0, result.output
    assert (desk["folder"] / "target.en.corrected.docx").is_file()
