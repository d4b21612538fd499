"""Corpus folders and their corpus.toml: checked against its schema first, every problem in one line, and
no file outside the corpus folder is ever read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.errors import InputError
from mtreview.inputs import load_corpus_dir
from tests.support.paths import XINHUA


def folder_with(tmp_path: Path, manifest: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("source.zh.txt", "target.en.txt"):
        shutil.copy(XINHUA / name, folder / name)
    (folder / "corpus.toml").write_text(manifest, encoding="utf-8")
    return folder


def review(folder: Path, tmp_path: Path):
    return CliRunner().invoke(app, ["review", str(folder), "--out", str(tmp_path / "out")])


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../etc/hostname", "link-out.txt"])
def test_files_outside_the_corpus_folder_are_refused(tmp_path: Path, target: str):
    folder = folder_with(tmp_path, f'[source]\nfile = "source.zh.txt"\n[target]\nfile = "{target}"\n')
    (folder / "link-out.txt").symlink_to("/etc/hostname")
    result = review(folder, tmp_path)
    assert result.exit_code == 2
    assert f"names {target}, which is" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_link_inside_the_folder_is_fine(tmp_path: Path):
    folder = folder_with(tmp_path, '[source]\nfile = "source.zh.txt"\n[target]\nfile = "current.en.txt"\n')
    (folder / "current.en.txt").symlink_to(folder / "target.en.txt")
    assert review(folder, tmp_path).exit_code == 0


def test_every_wrong_value_is_reported_at_once_before_any_work(tmp_path: Path):
    folder = folder_with(tmp_path, 'name = 42\nsystem = "desk\\u0000"\nsource = "x"\n[target]\nfile = 7\n'
                                   '[reference]\nnote = "none"\n')
    result = review(folder, tmp_path)
    assert result.exit_code == 2
    message = result.stderr
    for problem in ("name must be text, not a number", "system holds a control character",
                    "source must be a table, not text", "[target] file must be text, not a number",
                    "[reference] needs 'file'"):
        assert problem in message, message
    assert not (tmp_path / "out").exists()


def test_reconstructed_passages_must_be_text(tmp_path: Path):
    folder = folder_with(tmp_path, '[source]\nfile = "source.zh.txt"\nreconstructed = [{text = 5}, "x"]\n'
                                   '[target]\nfile = "target.en.txt"\n')
    result = review(folder, tmp_path)
    assert result.exit_code == 2
    assert "[[source.reconstructed]] 1: needs text" in result.stderr and "[[source.reconstructed]] 2" in result.stderr


def test_two_tables_are_not_a_text_pair(tmp_path: Path):
    for name in ("a.tsv", "b.tsv"):
        (tmp_path / name).write_text("id\tsource\ttarget\n1\t中国\tChina\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "a.tsv"), str(tmp_path / "b.tsv")])
    assert result.exit_code == 2 and "a.tsv: is a table of aligned pairs" in result.stderr


def test_many_reconstructed_passages_are_each_found_and_marked(tmp_path: Path):
    """Passages listed in document order, several identical: each marks its own sentence (the timing of
    thousands of passages is in benchmarks/degenerate_inputs.py)."""
    sentences = [f"代表团于9月{i % 28 + 1}日访问了第{i}个城市。" for i in range(600)]
    english = [f"The delegation visited city number {i} on September {i % 28 + 1}." for i in range(600)]
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "source.zh.txt").write_text("".join(sentences) + "\n", encoding="utf-8")
    (folder / "target.en.txt").write_text(" ".join(english) + "\n", encoding="utf-8")
    passages = "\n".join(f'[[source.reconstructed]]\ntext = "{sentence}"' for sentence in sentences[::3])
    (folder / "corpus.toml").write_text(f'[source]\nfile = "source.zh.txt"\n{passages}\n[target]\n'
                                        'file = "target.en.txt"\n', encoding="utf-8")
    from mtreview.inputs import load_corpus_dir

    corpus = load_corpus_dir(folder)
    marked = {pair.source for pair in corpus.pairs if pair.source_note == "reconstructed"}
    assert marked == set(sentences[::3])


def test_corpus_folder_reads_its_manifest():
    corpus = load_corpus_dir(XINHUA)
    assert corpus.name == "xinhua-belarus" and corpus.system == "news-desk"
    assert len(corpus.pairs) == 20
    assert sum(1 for p in corpus.pairs if p.references) == 9


def test_manifest_naming_a_missing_file_is_an_error(tmp_path: Path):
    (tmp_path / "corpus.toml").write_text('[source]\nfile = "nope.zh.txt"\n[target]\nfile = "t.txt"\n',
                                          encoding="utf-8")
    with pytest.raises(InputError, match="names nope.zh.txt, which does not exist"):
        load_corpus_dir(tmp_path)


def test_manifest_with_a_reconstructed_passage_not_in_the_source(tmp_path: Path):
    (tmp_path / "s.txt").write_text("中方愿同白方一道。\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("China is willing.\n", encoding="utf-8")
    (tmp_path / "corpus.toml").write_text(
        '[source]\nfile = "s.txt"\n[[source.reconstructed]]\ntext = "丁薛祥"\n[target]\nfile = "t.txt"\n',
        encoding="utf-8")
    with pytest.raises(InputError, match="reconstructed passage not found"):
        load_corpus_dir(tmp_path)
