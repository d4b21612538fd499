"""A whole-document reference is aligned to the source rather than ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import load_corpus_dir, load_text_pair
from tests.support.paths import XINHUA
from tests.support.tables import write_table
from tests.support.xinhua import SOURCE_FILE, TARGET_FILE, xinhua_rows

runner = CliRunner()


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
    corpus = load_text_pair(SOURCE_FILE, TARGET_FILE, reference_path=reference)
    with_reference = [pair for pair in corpus.pairs if pair.references]
    assert len(with_reference) >= 8
    first = corpus.pairs[0]
    assert first.references == ("Chinese President Xi Jinping on Thursday afternoon met with Belarusian President "
                                "Alexander Lukashenko at Forumlar Majmuasi Complex in Samarkand.",)
    result = runner.invoke(app, ["review", str(SOURCE_FILE), str(TARGET_FILE), "--ref", str(reference),
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
        load_text_pair(SOURCE_FILE, TARGET_FILE, reference_path=SOURCE_FILE)
    table = write_table(tmp_path / "pairs.tsv", xinhua_rows())
    result = runner.invoke(app, ["review", str(table), "--ref", str(_reference_text(tmp_path)),
                                 "--out", str(tmp_path / "reports")])
    assert result.exit_code == 2 and "carries its references itself" in result.stderr
