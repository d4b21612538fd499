"""Line-aligned and one-sentence-per-line files (mtreview.inputs.lines): counts that must match, pipes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mtreview.errors import InputError
from mtreview.inputs import (
    load_line_aligned,
)
from mtreview.records import Pair
from tests.support.workspace import Workspace
from tests.support.xinhua import aligned_sentences


def test_line_aligned_hypothesis_and_references(tmp_path: Path):
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("a b c\nd e f\n", encoding="utf-8")
    ref.write_text("a b c\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 lines, but .* has 2"):
        load_line_aligned(hyp, [ref])
    ref.write_text("a b c\nd e g\n", encoding="utf-8")
    pairs = load_line_aligned(hyp, [ref]).pairs
    assert [p.references for p in pairs] == [("a b c",), ("d e g",)]


def test_score_with_different_line_counts_is_refused(ws: Workspace):
    hypothesis = ws.write("hyp.txt", "a b c\nd e f\n")
    reference = ws.write("ref.txt", "a b c\n")
    line = ws.assert_refused(ws.run("score", hypothesis, "--ref", reference), str(reference), "1 lines")
    assert str(hypothesis) in line


# --- line-aligned files ---------------------------------------------------------------------------


def test_line_aligned_files_longer_than_a_block_stream_in_step(tmp_path: Path, small_blocks):
    sentences = aligned_sentences()
    hypotheses = [sentences[i % len(sentences)][1] + f" {i}" for i in range(50)]
    references = [sentences[i % len(sentences)][2] or sentences[i % len(sentences)][0] for i in range(50)]
    hypotheses[10] = ""  # an empty line is an empty segment
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\r\n".join(hypotheses) + "\r\n", encoding="utf-8", newline="")
    ref.write_bytes("\n".join(references).encode("utf-16"))  # no final line break: still 50 lines
    corpus = load_line_aligned(hyp, [ref])
    assert corpus.pairs.spilled
    assert list(corpus.pairs) == [Pair(id=str(i + 1), source="", target=h, references=(r,))
                                  for i, (h, r) in enumerate(zip(hypotheses, references))]
    assert [p.target for p in load_line_aligned(hyp, []).pairs] == hypotheses


def test_line_aligned_count_mismatch_names_the_file(tmp_path: Path, small_blocks):
    hyp, good, short = tmp_path / "hyp.txt", tmp_path / "good.txt", tmp_path / "short.txt"
    hyp.write_text("".join(f"line {i}\n" for i in range(30)), encoding="utf-8")
    good.write_text("".join(f"ref {i}\n" for i in range(30)), encoding="utf-8")
    short.write_text("".join(f"ref {i}\n" for i in range(29)) + "\n\n", encoding="utf-8")  # 31 lines
    with pytest.raises(InputError) as error:
        load_line_aligned(hyp, [good, short])
    assert str(error.value) == f"{short}: 31 lines, but {hyp} has 30"
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        load_line_aligned(hyp, [empty])


def test_a_pipe_is_read_too(tmp_path: Path):
    """A named pipe (as `<(...)` gives) cannot be scanned twice: it is read into memory, as before."""
    fifo = tmp_path / "hyp.fifo"
    try:
        import os

        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no named pipes here")
    writer = threading.Thread(target=lambda: fifo.write_text("a b c\nd e f\n", encoding="utf-8"))
    writer.start()
    try:
        pairs = load_line_aligned(fifo, []).pairs
    finally:
        writer.join(10)
    assert [p.target for p in pairs] == ["a b c", "d e f"]
