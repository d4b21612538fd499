"""Line-aligned files: a hypothesis and its references, one segment per line (score's input)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from mtreview import spill
from mtreview.errors import InputError
from mtreview.inputs.text import encoding_note, open_text
from mtreview.records import Corpus, Pair
from mtreview.spill import SpillList


def _strip_newline(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def load_line_aligned(hypothesis_path: Path, reference_paths: Sequence[Path]) -> Corpus:
    """A hypothesis file and reference files, one segment per line, line i of each belonging together.

    The files are read in step, a line of each at a time, into a SpillList; their line counts are
    compared first (from the encoding scan), so a mismatch is reported before anything is kept."""
    notes: list[str] = []
    with ExitStack() as files:
        hypotheses, scanned = files.enter_context(open_text(hypothesis_path, "en"))
        notes += encoding_note(hypothesis_path, scanned.encoding)
        count = scanned.lines
        reference_streams = []
        for reference_path in reference_paths:
            stream, reference_scan = files.enter_context(open_text(reference_path, "en"))
            notes += encoding_note(reference_path, reference_scan.encoding)
            if reference_scan.lines != count:
                raise InputError(reference_path, f"{reference_scan.lines} lines, but {hypothesis_path} has {count}")
            reference_streams.append(stream)
        pairs: SpillList[Pair] = SpillList(block_size=spill.BLOCK_SIZE)
        try:
            for number, (hypothesis, *references) in enumerate(zip(hypotheses, *reference_streams), 1):
                pairs.append(Pair(id=str(number), source="", target=_strip_newline(hypothesis),
                                  references=tuple(_strip_newline(line) for line in references)))
            if len(pairs) != count:  # the files changed between the scan and the read
                raise InputError(hypothesis_path, "changed while being read")
        except BaseException:
            pairs.close()
            raise
    return Corpus(name=Path(hypothesis_path).stem, pairs=pairs, origin=Path(hypothesis_path), notes=notes)
